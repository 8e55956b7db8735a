//! Hover: a field's facts from the generated schema; for a topology
//! endpoint's role, the bee it names; for a `callId`, `vars.x` or
//! `authRef.profileId`, where the bundle defines it.

use super::engine::{self, BundleInput, FieldInfo, Reference, ReferenceKind};
use super::position::LineIndex;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use std::path::Path;

/// The hover at `position` of a document's text: a bundle reference (when
/// the document is a file of `bundle`), else (a scenario) schema facts.
pub fn hover(
    text: &str,
    position: Position,
    scenario: bool,
    bundle: Option<(&BundleInput, &Path)>,
) -> Option<Hover> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    if let Some(reference) =
        bundle.and_then(|(input, path)| engine::reference_at(input, path, offset))
    {
        return Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: describe_reference(&reference),
            }),
            range: Some(index.range(reference.range)),
        });
    }
    if !scenario {
        return None;
    }
    let document = engine::parse(text)?;
    let at = engine::node_at(&document, offset)?;
    let mut value = String::new();
    if !at.on_key && engine::is_endpoint_role(&at.pointer) {
        match engine::role_definition(&document, &at.pointer) {
            Some(range) => {
                let line = index.position(range.start).line + 1;
                value.push_str(&format!("Bee role, declared on line {line}."));
            }
            None => value.push_str("No bee has this role."),
        }
    } else {
        value = describe(&engine::field_info(&document, &at.pointer)?);
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(index.range(at.span.start..at.span.end)),
    })
}

/// Where a reference's name is defined, as Markdown.
fn describe_reference(reference: &Reference) -> String {
    let (what, file) = match reference.kind {
        ReferenceKind::CallId => ("Template key", "a template under the worker's templateRoot"),
        ReferenceKind::Variable => ("Variable", "variables.yaml"),
        ReferenceKind::AuthProfile => ("Auth profile", "authProfiles.yaml"),
    };
    let head = format!("{what} `{}`", reference.name);
    match reference.definitions.as_slice() {
        [] => format!("{head}: not defined in {file}."),
        [one] => format!("{head}: defined in `{}`, line {}.", one.rel, one.line),
        many => {
            let places: Vec<String> = many
                .iter()
                .map(|t| format!("- `{}`, line {}", t.rel, t.line))
                .collect();
            format!(
                "{head}: defined {} times:\n\n{}",
                many.len(),
                places.join("\n")
            )
        }
    }
}

/// A field's facts as Markdown.
pub fn describe(info: &FieldInfo) -> String {
    let mut lines = vec![format!(
        "**{}**{} ({} schema)",
        info.name,
        info.type_name
            .as_deref()
            .map(|t| format!(": `{t}`"))
            .unwrap_or_default(),
        info.schema
    )];
    if let Some(description) = &info.description {
        lines.push(description.clone());
    }
    let mut facts = Vec::new();
    if info.required {
        facts.push("required".to_string());
    }
    if !info.options.is_empty() {
        let options: Vec<String> = info.options.iter().map(|o| format!("`{o}`")).collect();
        facts.push(format!("options: {}", options.join(", ")));
    }
    match (&info.minimum, &info.maximum) {
        (Some(min), Some(max)) => facts.push(format!("range: {min} to {max}")),
        (Some(min), None) => facts.push(format!("minimum: {min}")),
        (None, Some(max)) => facts.push(format!("maximum: {max}")),
        (None, None) => {}
    }
    if let Some(default) = &info.default {
        facts.push(format!("default: `{default}`"));
    }
    if let Some(live) = info.live_mutable {
        facts.push(format!("liveMutable: {live}"));
    }
    if !info.when.is_empty() {
        facts.push(format!("when {}", info.when.join(", or when ")));
    }
    lines.extend(facts.into_iter().map(|f| format!("- {f}")));
    lines.join("\n\n")
}
