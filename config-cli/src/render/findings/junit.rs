//! `--format junit`: JUnit XML, one test suite and test case per file; a file
//! with errors fails with every finding listed, warnings go to `system-out`.

use super::{plural, Renderer};
use config_core::finding::Severity;
use config_core::scenario::check::{FileReport, Summary};
use config_core::terminal::one_line;
use std::io::{self, Write};

/// The JUnit renderer.
pub struct Junit;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl Renderer for Junit {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"cfgate check\">")
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let errors = report.errors();
        // Attribute values and finding lines stay on one line each: a file
        // name or key holding a line break is shown escaped (`\n`).
        let path = xml(&one_line(&report.path));
        writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            usize::from(errors > 0)
        )?;
        writeln!(
            out,
            "    <testcase name=\"{path}\" classname=\"cfgate.check\">"
        )?;
        let lines = |severity: Severity| -> String {
            report
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .map(|f| {
                    let at = if f.path.is_empty() {
                        String::new()
                    } else {
                        format!("at {}; ", one_line(&f.path))
                    };
                    let see = f.place.related.as_ref().map_or(String::new(), |r| {
                        format!(
                            "; see {}:{}:{}: {}",
                            one_line(&r.file),
                            r.line,
                            r.column,
                            one_line(&r.note)
                        )
                    });
                    xml(&format!(
                        "{}:{}:{}: {} [{}] {} ({at}fix: {}{see})\n",
                        one_line(f.file_or(&report.path)),
                        f.line,
                        f.column,
                        f.severity,
                        f.code,
                        one_line(&f.message),
                        one_line(&f.fix)
                    ))
                })
                .collect()
        };
        if errors > 0 {
            writeln!(
                out,
                "      <failure message=\"{}\" type=\"cfgate\">{}</failure>",
                plural(errors, "error"),
                lines(Severity::Error)
            )?;
        }
        if report.warnings() > 0 {
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                lines(Severity::Warning)
            )?;
        }
        writeln!(out, "    </testcase>")?;
        writeln!(out, "  </testsuite>")
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            xml("a<b & 'c' \"d\"\u{1}"),
            "a&lt;b &amp; &apos;c&apos; &quot;d&quot;\u{FFFD}"
        );
    }

    #[test]
    fn no_attribute_holds_a_line_break() {
        use super::*;
        use config_core::finding::Finding;
        let report = FileReport {
            path: "a\n<b>.yaml".into(),
            source: None,
            findings: vec![Finding::error("PH001", "x\ny")],
            unreadable: false,
            catalog: None,
        };
        let mut out = Vec::new();
        Junit.file(&mut out, &report).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("name=\"a\\n&lt;b&gt;.yaml\""), "{text}");
        assert!(text.contains("x\\ny"), "{text}");
        // One line per element: the failure body is one finding line.
        assert_eq!(text.lines().count(), 6, "{text}");
    }
}
