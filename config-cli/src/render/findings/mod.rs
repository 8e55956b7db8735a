//! Renderers of check findings, one per output format. Each streams: the
//! header first, then one file at a time as reports arrive, then the summary,
//! so a large corpus is never held in memory.

use config_core::scenario::check::{FileReport, Summary};
use std::io::{self, Write};

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
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
