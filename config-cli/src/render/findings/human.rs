//! `--format human`: each finding with its source line and a caret.
//!
//! ```text
//! error[PH102]: missing required field 'id'
//!   --> scenarios/a.yaml:1:1
//!    |
//!  1 | protocolVersion: "2.0.0"
//!    | ^
//!    = path: id
//!    = fix: add `id: my-scenario`
//! ```

use super::{plural, Renderer};
use crate::render::{paint, style};
use anstyle::Style;
use config_core::finding::{Finding, Severity};
use config_core::scenario::check::{FileReport, Summary};
use config_core::terminal::{one_line, printable};
use std::io::{self, Write};

/// The human renderer.
pub struct Human {
    color: bool,
}

impl Human {
    /// A renderer; `color` adds ANSI colours.
    pub fn new(color: bool) -> Self {
        Self { color }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        paint(self.color, style, text)
    }

    fn finding(&self, out: &mut dyn Write, report: &FileReport, f: &Finding) -> io::Result<()> {
        let (label, colour) = match f.severity {
            Severity::Error => ("error", style::ERROR),
            Severity::Warning => ("warning", style::WARNING),
        };
        // Messages, paths and fixes name keys from the file, which may hold
        // control characters (`"k\e[2J": 1`) or line breaks (a file name):
        // each stays on its one line, every character visible.
        writeln!(
            out,
            "{}: {}",
            self.paint(colour, &format!("{label}[{}]", f.code)),
            self.paint(style::EMPHASIS, &one_line(&f.message))
        )?;
        let line_no = f.line.to_string();
        let pad = " ".repeat(line_no.len());
        let gutter = |s: &str| self.paint(style::GUTTER, s);
        writeln!(
            out,
            "{pad}{} {}:{}:{}",
            gutter("-->"),
            one_line(f.file_or(&report.path)),
            f.line,
            f.column
        )?;
        // The source held is the checked file's: a finding in another
        // bundle file is not quoted.
        let source_line = report
            .source
            .as_deref()
            .filter(|_| f.place.file.is_none())
            .and_then(|s| s.lines().nth(f.line.saturating_sub(1)))
            // A byte-order mark opening the file is not part of the YAML
            // (the parser skips it, and columns do not count it).
            .map(|line| match f.line {
                1 => line.strip_prefix('\u{feff}').unwrap_or(line),
                _ => line,
            });
        if let Some(text) = source_line.and_then(|line| quotable(line, f.column)) {
            let text = text.as_str();
            writeln!(out, "{pad} {}", gutter("|"))?;
            writeln!(out, "{} {} {text}", gutter(&line_no), gutter("|"))?;
            // Keep tabs so the caret lines up under the column.
            let lead: String = text
                .chars()
                .take(f.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(
                out,
                "{pad} {} {lead}{}",
                gutter("|"),
                self.paint(colour, "^")
            )?;
        }
        if !f.path.is_empty() {
            writeln!(out, "{pad} {} path: {}", gutter("="), one_line(&f.path))?;
        }
        if !f.fix.is_empty() {
            writeln!(out, "{pad} {} fix: {}", gutter("="), one_line(&f.fix))?;
        }
        if let Some(r) = &f.place.related {
            writeln!(
                out,
                "{pad} {} see: {}:{}:{}: {}",
                gutter("="),
                one_line(&r.file),
                r.line,
                r.column,
                one_line(&r.note)
            )?;
        }
        writeln!(out)
    }
}

impl Renderer for Human {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            self.finding(out, report, f)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let text = format!(
            "checked {}: {}, {}",
            plural(summary.files, "file"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning")
        );
        let colour = if summary.errors > 0 {
            style::ERROR
        } else {
            style::OK
        };
        writeln!(out, "{}", self.paint(colour, &text))
    }
}

/// Longest quoted source line, in characters (past the finding's column).
const QUOTE_MAX_CHARS: usize = 160;

/// A source line safe to print: control characters (other than tab) become
/// `\u{FFFD}` ([`printable`]; one character, so the caret stays aligned) and
/// a long line is cut after [`QUOTE_MAX_CHARS`]; a finding further right than
/// that is not quoted at all (its `file:line:column` still says where it is).
fn quotable(line: &str, column: usize) -> Option<String> {
    if column > QUOTE_MAX_CHARS {
        return None;
    }
    let keep = QUOTE_MAX_CHARS;
    let head: String = line.chars().take(keep).collect();
    // `line` comes from `str::lines`: no line break is left to keep.
    let mut text = printable(&head).into_owned();
    if line.chars().nth(keep).is_some() {
        text.push_str(" ...");
    }
    Some(text)
}

#[cfg(test)]
mod quote_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn quoted_lines_never_carry_control_characters_or_megabytes() {
        let line = "name: \"a\u{1b}[31m\u{7}b\"\tx";
        let shown = quotable(line, 7).unwrap();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\t'),
            "{shown:?}"
        );
        assert_eq!(shown.chars().count(), line.chars().count());
        let long = "x".repeat(1 << 20);
        assert!(quotable(&long, 1).unwrap().len() < 200);
        assert!(quotable(&long, 5000).is_none());
    }
}
