//! The "add the missing field" fix: the `key: value` a finding's fix names
//! (`add \`mode: THREAD_COUNT\``), inserted as the last entry of the block
//! mapping that lacks it, at that mapping's indentation.

use super::locate::line_end;
use crate::finding::Finding;
use crate::migrate::TextEdit;
use crate::source::yaml::{child_pointer, Document, Node, Value};

/// The edit adding the field a "missing field" finding names, when its fix
/// gives a concrete value (not a `<placeholder>`) and the mapping is in
/// block style.
///
/// ```
/// use config_core::editor::insert::add_missing_field;
/// use config_core::finding::Finding;
/// use config_core::source::yaml::{parse, Limits};
/// let text = "bee:\n  role: x\n  image: y\n";
/// let doc = parse(text, &Limits::default()).unwrap();
/// let f = Finding::error("PH102", "missing").with_path("bee.work").with_fix("add `work: {}`");
/// let edit = add_missing_field(text, &doc, &f).unwrap();
/// assert_eq!((edit.range.start, edit.replacement.as_str()), (25, "\n  work: {}"));
/// ```
pub fn add_missing_field(text: &str, document: &Document, finding: &Finding) -> Option<TextEdit> {
    let snippet = finding.fix.strip_prefix("add `")?.split('`').next()?;
    let (key, value) = snippet.split_once(": ")?;
    if value.contains('<') || key.is_empty() {
        return None;
    }
    let mut segments = display_segments(&finding.path)?;
    if segments.pop()? != key {
        return None;
    }
    let pointer = segments
        .iter()
        .fold(String::new(), |p, s| child_pointer(&p, s));
    let mapping: &Node = document.root.pointer(&pointer)?;
    let Value::Map(entries) = &mapping.value else {
        return None;
    };
    let first = entries.first()?;
    let last = entries.last()?;
    if text.as_bytes().get(mapping.span.start) == Some(&b'{') {
        return None;
    }
    let key_start = first.key.span.start;
    let line_start = text.get(..key_start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = text.get(line_start..key_start)?;
    // `- key:` opens a sequence item: the item's keys sit under the key.
    let indent: String = indent
        .chars()
        .map(|c| if c == '-' { ' ' } else { c })
        .collect();
    // A block collection's span runs to the next token (over blank lines
    // and comments): the entry ends with its last scalar.
    let end = last_scalar_end(&last.value).max(last.key.span.end);
    let content_end = text.get(..end)?.trim_end().len();
    let at = line_end(text, content_end.max(last.key.span.start));
    Some(TextEdit {
        range: at..at,
        replacement: format!("\n{indent}{snippet}"),
    })
}

/// The end of the last scalar (key or value) under `node`.
fn last_scalar_end(node: &Node) -> usize {
    match &node.value {
        Value::Map(entries) => entries.last().map_or(node.span.start, |e| {
            last_scalar_end(&e.value).max(e.key.span.end)
        }),
        Value::Seq(items) => items.last().map_or(node.span.start, last_scalar_end),
        _ => node.span.end,
    }
}

/// The segments of a display path (`a[0].b["x.y"]`).
fn display_segments(path: &str) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            if after.starts_with('"') {
                let mut de = serde_json::Deserializer::from_str(after).into_iter::<String>();
                let segment = de.next()?.ok()?;
                let used = de.byte_offset();
                segments.push(segment);
                rest = after.get(used..)?.strip_prefix(']')?;
            } else {
                let close = after.find(']')?;
                segments.push(after.get(..close)?.to_string());
                rest = after.get(close + 1..)?;
            }
        } else {
            let rest_trimmed = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_trimmed.find(['.', '[']).unwrap_or(rest_trimmed.len());
            segments.push(rest_trimmed.get(..end)?.to_string());
            rest = rest_trimmed.get(end..)?;
        }
    }
    Some(segments)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::migrate::apply_edits;
    use crate::source::yaml::{parse, Limits};

    #[test]
    fn display_paths_split() {
        assert_eq!(
            display_segments("template.bees[1].config[\"x.y\"].mode").unwrap(),
            ["template", "bees", "1", "config", "x.y", "mode"]
        );
    }

    #[test]
    fn inserts_after_a_nested_last_entry_at_the_item_indentation() {
        let text = "bees:\n  - role: a\n    config:\n      x: 1\n\n# end\n";
        let doc = parse(text, &Limits::default()).unwrap();
        let f = Finding::error("PH102", "m")
            .with_path("bees[0].work")
            .with_fix("add `work: {}`");
        let edit = add_missing_field(text, &doc, &f).unwrap();
        assert_eq!(
            apply_edits(text, &[edit]).unwrap(),
            "bees:\n  - role: a\n    config:\n      x: 1\n    work: {}\n\n# end\n"
        );
    }

    #[test]
    fn placeholders_and_flow_mappings_get_no_edit() {
        let text = "a: {b: 1}\n";
        let doc = parse(text, &Limits::default()).unwrap();
        let f = Finding::error("X", "m")
            .with_path("a.c")
            .with_fix("add `c: 2`");
        assert!(add_missing_field(text, &doc, &f).is_none());
        let f = Finding::error("X", "m")
            .with_path("a.c")
            .with_fix("add `c: <integer>`");
        assert!(add_missing_field(text, &doc, &f).is_none());
    }
}
