//! Text helpers for editing YAML by spans: line bounds, where an entry's text
//! really ends, re-indentation. Only scalar spans are trusted for ends (a
//! collection's end mark may sit on the next token, past comments).

use crate::source::yaml::{Node, Value};

/// Byte offset of the start of the line holding `pos`.
pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Byte offset just past the line terminator of the line holding the last
/// byte before `pos` (so a `pos` already at a line start stays there).
pub(crate) fn line_end_after(text: &str, pos: usize) -> usize {
    if pos > 0 && text.get(pos - 1..pos) == Some("\n") {
        return pos;
    }
    text.get(pos..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| pos + i + 1)
}

/// Whether only spaces precede `pos` on its line.
pub(crate) fn blank_before(text: &str, pos: usize) -> bool {
    text.get(line_start(text, pos)..pos)
        .is_some_and(|prefix| prefix.chars().all(|c| c == ' '))
}

/// Where a node's own text ends: the end of its last scalar (or its span
/// end for scalars and empty or flow collections).
pub(crate) fn content_end(text: &str, node: &Node) -> usize {
    let children_end = match &node.value {
        Value::Seq(items) => items.iter().map(|n| content_end(text, n)).max(),
        Value::Map(entries) => entries
            .iter()
            .map(|e| content_end(text, &e.value).max(content_end(text, &e.key)))
            .max(),
        _ => None,
    };
    let flow = text
        .get(node.span.start..)
        .is_some_and(|t| t.starts_with('{') || t.starts_with('['));
    match children_end {
        Some(end) if !flow => end,
        // A block scalar's span runs past its last line (up to the next
        // token): its text ends at its last non-blank character.
        _ => {
            let end = node.span.end.min(text.len());
            let own = text.get(node.span.start..end).unwrap_or("");
            node.span.start + own.trim_end().len()
        }
    }
}

/// The file's line ending: `\r\n` when the file uses it, else `\n`.
pub(crate) fn eol(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Removes up to `by` leading spaces from every line of `chunk`.
pub(crate) fn dedent(chunk: &str, by: usize) -> String {
    chunk
        .split_inclusive('\n')
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            line.get(spaces.min(by)..).unwrap_or(line)
        })
        .collect()
}

/// Whether a block-style entry owns whole lines: its key starts its line
/// (after indentation) and its content ends where only a comment follows.
pub(crate) fn owns_lines(text: &str, key: &Node, value: &Node) -> bool {
    blank_before(text, key.span.start) && only_comment_after(text, content_end(text, value))
}

/// Whether nothing but a comment follows `end` on its line. An empty value
/// (`KEY:`) ends before its colon, so one leading `:` is skipped.
pub(crate) fn only_comment_after(text: &str, end: usize) -> bool {
    let rest = text
        .get(end..line_end_after(text, end))
        .unwrap_or("")
        .trim();
    let rest = rest.strip_prefix(':').map_or(rest, str::trim);
    rest.is_empty() || rest.starts_with('#')
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn line_bounds() {
        let t = "ab\ncd\r\nef";
        assert_eq!(line_start(t, 4), 3);
        assert_eq!(line_end_after(t, 4), 7);
        assert_eq!(line_end_after(t, 7), 7);
        assert_eq!(line_end_after(t, 8), t.len());
        assert!(blank_before("  x", 2));
        assert!(!blank_before("- x", 2));
    }

    #[test]
    fn block_scalars_end_at_their_last_line() {
        let text = "a:\n  s: |\n    one\n      two\n\n  t: 1\n";
        let doc =
            crate::source::yaml::parse(text, &crate::source::yaml::Limits::default()).unwrap();
        let s = doc.root.pointer("/a/s").unwrap();
        assert_eq!(
            line_end_after(text, content_end(text, s)),
            text.find("\n\n").unwrap() + 1
        );
    }

    #[test]
    fn empty_values_own_their_line() {
        let text = "e:\n  A:   # c\n  B: x, y\n";
        let doc =
            crate::source::yaml::parse(text, &crate::source::yaml::Limits::default()).unwrap();
        let e = doc.root.pointer("/e").unwrap().as_map().unwrap();
        assert!(owns_lines(text, &e[0].key, &e[0].value));
        assert!(owns_lines(text, &e[1].key, &e[1].value));
        assert!(!only_comment_after(text, e[1].key.span.end + 2));
    }

    #[test]
    fn dedent_keeps_relative_indentation() {
        assert_eq!(
            dedent("    a:\n      b: 1\n\n  # c\n", 4),
            "a:\n  b: 1\n\n# c\n"
        );
        assert_eq!(eol("a\r\nb"), "\r\n");
    }
}
