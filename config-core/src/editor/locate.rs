//! Positions: where a finding's key or value starts *and* ends, and what
//! sits under a cursor.
//!
//! Findings carry a 1-based line and a character column; an editor needs a
//! range. The range is the span of the key or value node that starts at the
//! finding's position in the same spanned tree the checker used (its first
//! line for a collection), or the token there when the text does not parse.

use crate::finding::Finding;
use crate::source::yaml::{child_pointer, parse, Document, Limits, Node, Span, Value};
use std::ops::Range;

/// Byte offset of a 1-based line and 1-based character column; clamped to
/// the end of the line (or of the text).
///
/// ```
/// use config_core::editor::locate::offset_of;
/// assert_eq!(offset_of("a: 1\nbé: x\n", 2, 4), 9);
/// assert_eq!(offset_of("a\n", 9, 1), 2);
/// ```
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    column_offset(text, line_start(text, line), column)
}

/// Byte offset of a 1-based character column on the line starting at `start`.
fn column_offset(text: &str, start: usize, column: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let mut offset = start;
    for (index, c) in rest.chars().enumerate() {
        if index + 1 >= column || c == '\n' || c == '\r' {
            return offset;
        }
        offset += c.len_utf8();
    }
    offset
}

/// Byte offset of the start of a 1-based line (`text.len()` past the end).
pub fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Byte offset of the end of the line holding `offset` (before `\r\n` or `\n`).
pub fn line_end(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or_default();
    let end = rest.find('\n').map_or(text.len(), |i| offset + i);
    if end > offset && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The byte range a finding covers: its key or value in `document`, or the
/// token at its position when the text has no tree (a syntax error).
///
/// ```
/// use config_core::editor::locate::finding_range;
/// use config_core::finding::{Finding, Position};
/// use config_core::source::yaml::{parse, Limits};
/// let text = "template:\n  bees:\n    - rolle: x\n";
/// let doc = parse(text, &Limits::default()).unwrap();
/// let f = Finding::error("PH112", "unknown").at(Position { line: 3, column: 7 });
/// assert_eq!(&text[finding_range(text, Some(&doc), &f)], "rolle");
/// ```
pub fn finding_range(text: &str, document: Option<&Document>, finding: &Finding) -> Range<usize> {
    let start = offset_of(text, finding.line, finding.column);
    range_from(text, document, start)
}

fn range_from(text: &str, document: Option<&Document>, start: usize) -> Range<usize> {
    if let Some(span) = document.and_then(|d| node_starting_at(&d.root, start)) {
        return start..span_end(text, &span.0, span.1);
    }
    start..token_end(text, start)
}

/// The range of every finding of `findings` in `text` (parsed once).
pub fn finding_ranges(text: &str, findings: &[Finding]) -> Vec<Range<usize>> {
    let document = parse(text, &Limits::default()).ok();
    finding_ranges_in(text, document.as_ref(), findings)
}

/// [`finding_ranges`] with the tree the checker already parsed (`None`:
/// the text has none), the text's lines indexed once for all findings.
pub fn finding_ranges_in(
    text: &str,
    document: Option<&Document>,
    findings: &[Finding],
) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    findings
        .iter()
        .map(|f| {
            let line_start = f
                .line
                .checked_sub(1)
                .map_or(Some(0), |i| starts.get(i).copied())
                .unwrap_or(text.len());
            let start = column_offset(text, line_start, f.column);
            range_from(text, document, start)
        })
        .collect()
}

/// End of a node's range: a scalar's end; a collection's first line.
fn span_end(text: &str, span: &Span, scalar: bool) -> usize {
    let end = if scalar {
        span.end
    } else {
        span.end.min(line_end(text, span.start))
    };
    let trimmed = text.get(span.start..end).map_or(0, |s| s.trim_end().len());
    if trimmed == 0 {
        token_end(text, span.start)
    } else {
        span.start + trimmed
    }
}

/// End of the run of non-blank characters at `start` (one character at
/// least, unless the line ends there).
fn token_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let run: usize = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    if run > 0 {
        return start + run;
    }
    match rest.chars().next() {
        Some(c) if c != '\n' && c != '\r' => start + c.len_utf8(),
        _ => start,
    }
}

/// The key or value node starting at byte `offset` (a scalar preferred over
/// a collection starting at the same byte), and whether it is a scalar.
fn node_starting_at(node: &Node, offset: usize) -> Option<(Span, bool)> {
    let mut collection = None;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if node.span.start > offset || node.span.end < offset {
            continue;
        }
        match &node.value {
            Value::Map(entries) => {
                for entry in entries {
                    if entry.key.span.start == offset && is_scalar(&entry.key) {
                        return Some((entry.key.span, true));
                    }
                    stack.push(&entry.value);
                }
            }
            Value::Seq(items) => stack.extend(items),
            _ if node.span.start == offset => return Some((node.span, true)),
            _ => {}
        }
        if node.span.start == offset && !is_scalar(node) {
            collection = Some((node.span, false));
        }
    }
    collection
}

fn is_scalar(node: &Node) -> bool {
    !matches!(node.value, Value::Map(_) | Value::Seq(_))
}

/// What sits under a cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// RFC 6901 pointer of the entry (for a key: the entry it names).
    pub pointer: String,
    /// The cursor is on the key, not the value.
    pub on_key: bool,
    /// The key's or value's span.
    pub span: Span,
}

/// The deepest key or scalar value whose span holds `offset` (its end
/// included, so a cursor just after a word is on it).
///
/// ```
/// use config_core::editor::locate::node_at;
/// use config_core::source::yaml::{parse, Limits};
/// let doc = parse("a:\n  b: [x, y]\n", &Limits::default()).unwrap();
/// let at = node_at(&doc.root, 12).unwrap();
/// assert_eq!((at.pointer.as_str(), at.on_key), ("/a/b/1", false));
/// ```
pub fn node_at(root: &Node, offset: usize) -> Option<Located> {
    let mut node = root;
    let mut pointer = String::new();
    loop {
        let mut next = None;
        match &node.value {
            Value::Map(entries) => {
                for entry in entries {
                    let child = child_pointer(&pointer, &entry.key.key_text());
                    if holds(entry.key.span, offset) {
                        return Some(Located {
                            pointer: child,
                            on_key: true,
                            span: entry.key.span,
                        });
                    }
                    if holds(entry.value.span, offset) {
                        next = Some((&entry.value, child));
                        break;
                    }
                }
            }
            Value::Seq(items) => {
                next = items
                    .iter()
                    .enumerate()
                    .find(|(_, item)| holds(item.span, offset))
                    .map(|(i, item)| (item, child_pointer(&pointer, &i.to_string())));
            }
            _ => {}
        }
        let (child, child_ptr) = next?;
        if is_scalar(child) {
            return Some(Located {
                pointer: child_ptr,
                on_key: false,
                span: child.span,
            });
        }
        node = child;
        pointer = child_ptr;
    }
}

fn holds(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// What to complete at a cursor.
#[derive(Debug, Clone, PartialEq)]
pub enum CompletionSite {
    /// A key of the mapping at `mapping` (RFC 6901 pointer).
    Key {
        /// The mapping the new key goes into.
        mapping: String,
    },
    /// The value of the entry at `pointer`.
    Value {
        /// The entry whose value is typed.
        pointer: String,
    },
}

/// A completion site with the tree it was read from and the typed prefix.
#[derive(Debug, Clone)]
pub struct Completion {
    /// Key or value.
    pub site: CompletionSite,
    /// The text with the typed word removed (so it parses).
    pub document: Document,
    /// Byte range of the word being typed (replaced by the completion).
    pub word: Range<usize>,
}

/// The completion site at `offset`: the cursor line's word is blanked so a
/// half-typed key (`  ratePe`) still leaves a tree, then the mapping is
/// found by the word's indentation (block style).
///
/// ```
/// use config_core::editor::locate::{completion_at, CompletionSite};
/// let text = "a:\n  b: 1\n  c\n";
/// let at = completion_at(text, 13).unwrap();
/// assert_eq!(at.site, CompletionSite::Key { mapping: "/a".into() });
/// assert_eq!(at.word, 12..13);
/// ```
pub fn completion_at(text: &str, offset: usize) -> Option<Completion> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let end = line_end(text, offset);
    let line = text.get(start..end)?;
    let indent = line.len() - line.trim_start_matches([' ', '-']).len();
    let body = line.get(indent..)?;
    let cursor = offset - start;
    if let Some(colon) = body
        .find(": ")
        .or_else(|| body.strip_suffix(':').map(str::len))
    {
        let value_from = indent + colon + 1;
        if cursor > value_from {
            let key = body.get(..colon)?.trim();
            let word_start = start
                + value_from
                + (line.get(value_from..)?.len() - line.get(value_from..)?.trim_start().len());
            let blanked = replace(text, word_start..end, "");
            let document = parse(&blanked, &Limits::default()).ok()?;
            let mapping = mapping_at(&document.root, text, start, indent)?;
            return Some(Completion {
                site: CompletionSite::Value {
                    pointer: child_pointer(&mapping, key),
                },
                document,
                word: word_start..end,
            });
        }
    }
    let word_start = start + indent;
    let blanked = replace(text, word_start..end, "");
    let document = parse(&blanked, &Limits::default()).ok()?;
    let mapping = if line.trim_start().starts_with('-') {
        // `- ` opens a new item of the sequence above: no mapping yet.
        return None;
    } else {
        mapping_at(&document.root, text, start, indent)?
    };
    Some(Completion {
        site: CompletionSite::Key { mapping },
        document,
        word: word_start..end,
    })
}

fn replace(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..range.start).unwrap_or_default());
    out.push_str(with);
    out.push_str(text.get(range.end..).unwrap_or_default());
    out
}

/// The pointer of the block mapping whose keys sit at byte column `indent`
/// and which the line starting at `line_start` continues: the nearest such
/// mapping above, unless a line indented less closes it in between.
fn mapping_at(root: &Node, text: &str, line_start: usize, indent: usize) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    let mut stack = vec![(root, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                let last_above = entries
                    .iter()
                    .filter(|e| e.key.span.start <= line_start + indent)
                    .filter(|e| column_bytes(text, e.key.span.start) == indent)
                    .map(|e| e.key.span.start)
                    .max();
                if let Some(at) = last_above {
                    if best.as_ref().is_none_or(|(b, _)| at > *b) {
                        best = Some((at, pointer.clone()));
                    }
                }
                for entry in entries {
                    stack.push((&entry.value, child_pointer(&pointer, &entry.key.key_text())));
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, child_pointer(&pointer, &i.to_string())));
                }
            }
            _ => {}
        }
    }
    let (at, pointer) = best?;
    let between = text.get(at..line_start).unwrap_or_default();
    let closed = between.lines().skip(1).any(|l| {
        let content = l.trim_start();
        !content.is_empty() && !content.starts_with('#') && l.len() - content.len() < indent
    });
    (!closed).then_some(pointer)
}

/// Byte column of `offset` within its line.
fn column_bytes(text: &str, offset: usize) -> usize {
    let start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    offset - start
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::finding::Position;

    fn range_text(text: &str, line: usize, column: usize) -> String {
        let doc = parse(text, &Limits::default()).ok();
        let f = Finding::error("X", "x").at(Position { line, column });
        text[finding_range(text, doc.as_ref(), &f)].to_string()
    }

    #[test]
    fn ranges_cover_keys_values_and_first_lines_of_collections() {
        let text = "id: x\nconfig:\n  inputs:\n    type: \"A B\"\nlist: [1, 2]\n";
        assert_eq!(range_text(text, 1, 1), "id");
        assert_eq!(range_text(text, 1, 5), "x");
        assert_eq!(range_text(text, 4, 11), "\"A B\"");
        assert_eq!(range_text(text, 5, 7), "[1, 2]");
    }

    #[test]
    fn syntax_errors_cover_the_token() {
        assert_eq!(range_text("a: [1,\nb: 2\n", 1, 4), "[1,");
        assert_eq!(range_text("a: 1\n", 1, 99), "");
    }

    #[test]
    fn columns_are_characters() {
        let text = "é: ü\n";
        assert_eq!(range_text(text, 1, 4), "ü");
    }

    #[test]
    fn value_completion_site() {
        let text = "a:\n  type: SCH\n";
        let at = completion_at(text, 14).unwrap();
        assert_eq!(
            at.site,
            CompletionSite::Value {
                pointer: "/a/type".into()
            }
        );
        assert_eq!(&text[at.word.clone()], "SCH");
    }

    #[test]
    fn a_less_indented_line_closes_the_mapping() {
        let text = "a:\n  b: 1\nc: 2\n  \n";
        assert!(completion_at(text, 17).is_none());
        let text = "a:\n  b: 1\n\n  \n";
        let at = completion_at(text, 13).unwrap();
        assert_eq!(
            at.site,
            CompletionSite::Key {
                mapping: "/a".into()
            }
        );
    }
}
