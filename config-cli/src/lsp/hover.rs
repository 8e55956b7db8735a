//! Hover: a field's facts from the generated schema, and for a topology
//! endpoint's role, the bee it names.

use super::engine::{self, FieldInfo};
use super::position::LineIndex;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The hover at `position` of a scenario text.
pub fn hover(text: &str, position: Position) -> Option<Hover> {
    let index = LineIndex::new(text);
    let document = engine::parse(text)?;
    let at = engine::node_at(&document, index.offset(position))?;
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
