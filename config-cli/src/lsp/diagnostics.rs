//! Findings -> LSP diagnostics: same code, severity and message as `cfgate
//! check`, the range of the offending key or value in UTF-16 columns.

use super::engine::{self, DocKind, Severity};
use super::position::LineIndex;
use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use std::path::Path;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "cfgate";

/// The diagnostics of a document's text.
pub fn of_text(kind: DocKind, path: &Path, text: &str) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    engine::check(kind, path, text)
        .into_iter()
        .map(|d| {
            let f = d.finding;
            let mut message = f.message;
            if !f.path.is_empty() {
                message = format!("{message} (at {})", f.path);
            }
            if !f.fix.is_empty() {
                message = format!("{message}\nfix: {}", f.fix);
            }
            Diagnostic {
                range: index.range(d.range),
                severity: Some(match f.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(f.code.to_string())),
                source: Some(SOURCE.to_string()),
                message,
                ..Diagnostic::default()
            }
        })
        .collect()
}
