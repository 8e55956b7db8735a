//! Completion: keys the schema allows in the mapping at the cursor (those
//! not yet present), option values of a choice, bee roles in topology
//! endpoints, and in a bundle the `callId`s of its templates.

use super::engine::{self, BundleInput, CompletionSite};
use super::hover::describe;
use super::position::LineIndex;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Position, TextEdit,
};

/// The completions at `position` of a scenario text (in `bundle`, if it is
/// a bundle's descriptor).
pub fn complete(
    text: &str,
    position: Position,
    bundle: Option<&BundleInput>,
) -> Vec<CompletionItem> {
    let index = LineIndex::new(text);
    let Some(at) = engine::completion_at(text, index.offset(position)) else {
        return Vec::new();
    };
    let word = index.range(at.word.clone());
    let item =
        |label: String, insert: String, kind, detail: Option<String>, doc: Option<String>| {
            CompletionItem {
                label,
                kind: Some(kind),
                detail,
                documentation: doc.map(|value| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    })
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(word, insert))),
                ..CompletionItem::default()
            }
        };
    match &at.site {
        CompletionSite::Key { mapping } => {
            let present = engine::present_keys(&at.document, mapping);
            engine::keys_at(&at.document, mapping)
                .into_iter()
                .filter(|k| !present.contains(&k.name))
                .map(|k| {
                    item(
                        k.name.clone(),
                        format!("{}: ", k.name),
                        CompletionItemKind::PROPERTY,
                        k.type_name.clone(),
                        Some(describe(&k)),
                    )
                })
                .collect()
        }
        CompletionSite::Value { pointer } if engine::is_endpoint_role(pointer) => {
            engine::bee_roles(&at.document)
                .into_iter()
                .map(|r| {
                    item(
                        r.name.clone(),
                        r.name,
                        CompletionItemKind::REFERENCE,
                        Some("bee role".into()),
                        None,
                    )
                })
                .collect()
        }
        CompletionSite::Value { pointer } if engine::is_call_id(pointer) => bundle
            .map(|input| engine::call_ids(input, &at.document, pointer))
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                item(
                    c.call_id.clone(),
                    c.call_id,
                    CompletionItemKind::REFERENCE,
                    Some(format!("serviceId {} ({})", c.service_id, c.rel)),
                    None,
                )
            })
            .collect(),
        CompletionSite::Value { pointer } => engine::field_info(&at.document, pointer)
            .map(|info| info.options)
            .unwrap_or_default()
            .into_iter()
            .map(|o| item(o.clone(), o, CompletionItemKind::ENUM_MEMBER, None, None))
            .collect(),
    }
}
