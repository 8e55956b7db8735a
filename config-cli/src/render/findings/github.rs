//! `--format github`: GitHub Actions workflow commands
//! (`::error file=F,line=L,col=C,title=CODE::message`), which the runner
//! turns into annotations on the pull request.

use super::{plural, Renderer};
use config_core::finding::Severity;
use config_core::scenario::check::{FileReport, Summary};
use config_core::terminal::printable;
use std::io::{self, Write};

/// The GitHub annotations renderer.
pub struct Github;

/// Escapes a command's message (`%`, CR, LF); other control characters
/// (from keys in the file) become U+FFFD so a CI log cannot be driven by them.
fn escape_data(s: &str) -> String {
    printable(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Renderer for Github {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = f.message.clone();
            if !f.path.is_empty() {
                message.push_str(&format!(" (at {})", f.path));
            }
            if !f.fix.is_empty() {
                message.push_str(&format!("\nfix: {}", f.fix));
            }
            if let Some(r) = &f.place.related {
                message.push_str(&format!(
                    "\nsee: {}:{}:{}: {}",
                    r.file, r.line, r.column, r.note
                ));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                escape_property(f.file_or(&report.path)),
                f.line,
                f.column,
                escape_property(&format!("cfgate {}", f.code)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(
            out,
            "cfgate: checked {}: {}, {}",
            plural(summary.files, "file"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(
            escape_data("a\u{1b}[2J\r\nb\rc"),
            "a\u{fffd}[2J%0D%0Ab\u{fffd}c"
        );
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
