//! Renderers of check findings, one per output format. Each streams: the
//! header first, then one file at a time as reports arrive, then the summary,
//! so a large corpus is never held in memory.

use config_core::scenario::check::{FileReport, Summary};
use std::io::{self, Write};

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;

/// Output formats of `cfgate check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source line with a caret under the problem (colour on terminals).
    Human,
    /// One JSON document: files, findings and a summary.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// JUnit XML (one test case per file).
    Junit,
}

/// A streaming renderer.
pub trait Renderer {
    /// Writes whatever comes before the first file.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Writes one file's findings.
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    /// Writes whatever comes after the last file.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// The renderer of `format`; `color` only affects `human`.
pub fn renderer(format: Format, color: bool) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::Json::default()),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif::default()),
        Format::Junit => Box::new(junit::Junit),
    }
}

/// "1 error" / "2 errors".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use config_core::finding::{Finding, Position};

    /// One file with an error and a warning (warnings only come from the
    /// config checks, so they are built here), one clean file.
    fn render(format: Format, color: bool) -> String {
        let source = "config:\n  inputs:\n    tpye: SCHEDULER\n\tmsg: <x & 'y'>\n";
        let reports = [
            FileReport {
                path: "dir/a b.yaml".into(),
                source: Some(source.into()),
                findings: vec![
                    Finding::warning("PH390", "unknown key 'tpye'")
                        .at(Position { line: 3, column: 5 })
                        .with_path("template.bees[0].config.inputs.tpye")
                        .with_fix("did you mean 'type'?"),
                    Finding::error("PH399", "bad value <x & 'y'>, with: colon\nand newline")
                        .at(Position { line: 4, column: 7 })
                        .with_path("template.bees[0].config.msg")
                        .with_fix("write 100%"),
                ],
                unreadable: false,
                catalog: None,
            },
            FileReport {
                path: "ok.yaml".into(),
                source: None,
                findings: vec![],
                unreadable: false,
                catalog: None,
            },
        ];
        let mut out = Vec::new();
        let mut r = renderer(format, color);
        let mut summary = Summary::default();
        r.begin(&mut out).unwrap();
        for report in &reports {
            summary.add(report);
            r.file(&mut out, report).unwrap();
        }
        r.finish(&mut out, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn human_with_warning_and_tab() {
        insta::assert_snapshot!(render(Format::Human, false));
    }

    #[test]
    fn human_colour_only_when_asked() {
        let warning = crate::render::style::WARNING;
        assert!(render(Format::Human, true).contains(&format!("{warning}warning[PH390]")));
        assert!(!render(Format::Human, false).contains('\u{1b}'));
    }

    #[test]
    fn github_with_warning() {
        insta::assert_snapshot!(render(Format::Github, false));
    }

    #[test]
    fn junit_with_warning() {
        insta::assert_snapshot!(render(Format::Junit, false));
    }

    #[test]
    fn json_with_warning() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Json, false)).unwrap();
        insta::assert_json_snapshot!(value);
    }

    #[test]
    fn sarif_with_warning_is_valid_json() {
        let value: serde_json::Value = serde_json::from_str(&render(Format::Sarif, false)).unwrap();
        assert_eq!(value["runs"][0]["results"][0]["level"], "warning");
        assert_eq!(
            value["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"],
            "dir/a%20b.yaml"
        );
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/sarif/sarif-schema-2.1.0.json"
        );
        // See tests/e2e/check.rs: one ECMAScript-only regex escaped in memory.
        let text = std::fs::read_to_string(path)
            .unwrap()
            .replace(r#"{2}-[a-zA-Z]{2}]?$"#, r#"{2}-[a-zA-Z]{2}\\]?$"#);
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&value));
    }
}
