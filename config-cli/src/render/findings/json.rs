//! `--format json`:
//! `{"files": [{"path", "findings": [{"code", "severity", "line", "column",
//! "path", "message", "fix"}]}], "summary": {"files", "errors", "warnings"}}`,
//! written one file per line as reports arrive. A bundle finding in another
//! file than the checked one adds `"file"`, and one joining two places adds
//! `"related": {"file", "line", "column", "note"}`; rules across bundles come
//! last, in a file entry named `<catalog>`.

use super::Renderer;
use config_core::scenario::check::{FileReport, Summary};
use serde_json::json;
use std::io::{self, Write};

/// The JSON renderer.
#[derive(Default)]
pub struct Json {
    first: bool,
}

impl Renderer for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.first = true;
        writeln!(out, "{{\"files\": [")
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let value = json!({"path": report.path, "findings": report.findings});
        if !self.first {
            writeln!(out, ",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *out, &value).map_err(io::Error::other)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if !self.first {
            writeln!(out)?;
        }
        let value = json!({
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
        });
        writeln!(out, "], \"summary\": {value}}}")
    }
}
