//! Code actions: "did you mean" renames, adding a missing field with the
//! value its finding names, and the migration `cfgate migrate`
//! would make (the same edits, byte for byte) as a quick fix on the lines it
//! changes and as a source action for the whole file.

use super::engine::{self, DocKind, TextEdit};
use super::position::LineIndex;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, Range, Url,
    WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::Path;

/// The code actions for `range` of a document.
pub fn actions(
    uri: &Url,
    kind: DocKind,
    path: &Path,
    text: &str,
    range: Range,
    context: &[Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    let document = (kind == DocKind::Scenario)
        .then(|| engine::parse(text))
        .flatten();
    for diagnosed in engine::check(kind, path, text) {
        let at = index.range(diagnosed.range.clone());
        if !overlaps(at, range) {
            continue;
        }
        let added = document
            .as_ref()
            .and_then(|d| engine::add_missing_field(text, d, &diagnosed.finding));
        if let Some(edit) = added {
            let field = edit.replacement.trim().to_string();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Add `{field}` ({})", diagnosed.finding.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(matching(context, at, diagnosed.finding.code)),
                edit: Some(workspace_edit(uri, to_lsp(&index, &[edit]))),
                ..CodeAction::default()
            }));
        }
        if let Some(name) = engine::suggestion(&diagnosed.finding) {
            let edit = lsp_types::TextEdit::new(at, name.clone());
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Rename to `{name}` ({})", diagnosed.finding.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(matching(context, at, diagnosed.finding.code)),
                edit: Some(workspace_edit(uri, vec![edit])),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    if let Some(plan) = engine::migration(kind, text) {
        if !plan.has_errors() && plan.would_change() {
            let edits = to_lsp(&index, &plan.edits);
            let lines = plan.changes.iter().map(|c| c.line.saturating_sub(1));
            let touched = lines
                .clone()
                .any(|l| (range.start.line as usize..=range.end.line as usize).contains(&l));
            let count = plan.changes.len();
            let title = format!(
                "Migrate legacy shapes ({count} change{}, as `cfgate migrate`)",
                if count == 1 { "" } else { "s" }
            );
            if touched {
                let lines: Vec<usize> = lines.collect();
                let diagnostics = context
                    .iter()
                    .filter(|d| lines.contains(&(d.range.start.line as usize)))
                    .cloned()
                    .collect();
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(diagnostics),
                    edit: Some(workspace_edit(uri, edits.clone())),
                    ..CodeAction::default()
                }));
            }
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(workspace_edit(uri, edits)),
                ..CodeAction::default()
            }));
        }
    }
    out
}

fn to_lsp(index: &LineIndex<'_>, edits: &[TextEdit]) -> Vec<lsp_types::TextEdit> {
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    // The planner may list an alias's edit twice; one is applied.
    edits.dedup();
    edits
        .into_iter()
        .map(|e| lsp_types::TextEdit::new(index.range(e.range.clone()), e.replacement.clone()))
        .collect()
}

fn workspace_edit(uri: &Url, edits: Vec<lsp_types::TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn matching(context: &[Diagnostic], range: Range, code: &str) -> Vec<Diagnostic> {
    context
        .iter()
        .filter(|d| d.range == range && d.code == Some(NumberOrString::String(code.to_string())))
        .cloned()
        .collect()
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}
