//! Findings -> LSP diagnostics: same code, severity and message as `cfgate
//! check`, the range of the offending key or value in UTF-16 columns, and a
//! two-file finding's second place as related information.

use super::engine::{self, BundleInput, DocKind, Severity};
use super::position::LineIndex;
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "cfgate";

/// The diagnostics of a document's text (outside any bundle).
pub fn of_text(kind: DocKind, path: &Path, text: &str) -> Vec<Diagnostic> {
    let index = LineIndex::new(text);
    engine::check(kind, path, text)
        .into_iter()
        .map(|d| to_lsp(d, &index))
        .collect()
}

/// The diagnostics of every file of a bundle a finding lands in. With
/// `related_information` (the client shows it), a two-file finding's second
/// place is related information; else the message names it.
pub fn of_bundle(
    input: &BundleInput,
    related_information: bool,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let checked = engine::check_bundle(input);
    let mut indexes: BTreeMap<&Path, LineIndex<'_>> = BTreeMap::new();
    for (path, diagnosed) in &checked {
        let related = diagnosed.related.as_ref().map(|r| r.path.as_path());
        for p in std::iter::once(path.as_path()).chain(related) {
            indexes
                .entry(p)
                .or_insert_with(|| LineIndex::new(input.text_of(p).unwrap_or_default()));
        }
    }
    let mut out: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for (path, diagnosed) in &checked {
        let (Some(index), related) = (
            indexes.get(path.as_path()),
            diagnosed.related.as_ref().and_then(|r| {
                let uri = Url::from_file_path(&r.path).ok()?;
                let range = indexes.get(r.path.as_path())?.range(r.range.clone());
                Some((uri, range, r.note.clone()))
            }),
        ) else {
            continue;
        };
        let mut diagnostic = to_lsp(diagnosed.clone(), index);
        if let Some((uri, range, note)) = related {
            if related_information {
                diagnostic.related_information = Some(vec![DiagnosticRelatedInformation {
                    location: Location::new(uri, range),
                    message: note,
                }]);
            } else {
                let file = uri.to_file_path().unwrap_or_default();
                diagnostic.message = with_fix_last(
                    &diagnostic.message,
                    &format!(
                        " (see {}:{}:{}: {note})",
                        file.display(),
                        range.start.line + 1,
                        range.start.character + 1
                    ),
                );
            }
        }
        out.entry(path.clone()).or_default().push(diagnostic);
    }
    out
}

/// Inserts `note` before the message's `fix:` line (the fix stays last).
fn with_fix_last(message: &str, note: &str) -> String {
    match message.split_once("\nfix: ") {
        Some((head, fix)) => format!("{head}{note}\nfix: {fix}"),
        None => format!("{message}{note}"),
    }
}

fn to_lsp(d: engine::Diagnosed, index: &LineIndex<'_>) -> Diagnostic {
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
}
