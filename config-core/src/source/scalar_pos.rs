//! From a byte offset in a decoded YAML scalar to its line and column in
//! the file, for every scalar style: plain and quoted scalars (with line
//! folding, `''` and backslash escapes) and block scalars (`|`, `>`, with
//! indentation, chomping and folding).
//!
//! The raw scalar is decoded again here, keeping for each decoded byte the
//! raw byte it came from. The result is checked against the parser's value:
//! when they differ (an exotic form this decoder does not follow) the
//! answer is `None` and the caller keeps the scalar's own position, so a
//! finding is never placed wrong, at worst less precisely.
//!
//! ```
//! use config_core::source::scalar_pos::position_in_scalar;
//! use config_core::source::yaml::{parse, Limits};
//! let text = "body: \"a\\tb {{ x y }}\"\n";
//! let doc = parse(text, &Limits::default()).unwrap();
//! let node = doc.root.get("body").unwrap();
//! let value = node.as_str().unwrap();
//! let offset = value.find('y').unwrap();
//! let pos = position_in_scalar(text, node, offset).unwrap();
//! assert_eq!((pos.line, pos.column), (1, 18)); // the `y` after `\\t`
//! ```

use super::yaml::{Node, ScalarStyle};
use crate::finding::Position;

/// The file position of byte `offset` of the string value of `node`, a
/// scalar parsed from `text`. `None` when `node` is not a string scalar or
/// the mapping cannot be established.
pub fn position_in_scalar(text: &str, node: &Node, offset: usize) -> Option<Position> {
    let value = node.as_str()?;
    let style = node.style?;
    let raw_start = node.span.start;
    let raw = text.get(raw_start..node.span.end.max(raw_start))?;
    let (decoded, map) = match style {
        ScalarStyle::Plain => flow(raw, None),
        ScalarStyle::SingleQuoted => flow(raw.get(1..)?, Some('\'')),
        ScalarStyle::DoubleQuoted => flow(raw.get(1..)?, Some('"')),
        ScalarStyle::Literal | ScalarStyle::Folded => {
            // The span starts at the first content character, after the
            // indentation of its line.
            let line_start = text.get(..raw_start)?.rfind('\n').map_or(0, |i| i + 1);
            let indent = text.get(line_start..raw_start)?;
            if !indent.bytes().all(|b| b == b' ') {
                return None;
            }
            let (decoded, map) = block(
                text.get(line_start..)?,
                indent.len(),
                style == ScalarStyle::Folded,
            )?;
            (
                decoded,
                map.into_iter()
                    .map(|m| m + line_start - raw_start)
                    .collect(),
            )
        }
    };
    let skip = usize::from(matches!(
        style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    ));
    let same = match style {
        ScalarStyle::Literal | ScalarStyle::Folded => {
            decoded.trim_end_matches('\n') == value.trim_end_matches('\n')
        }
        _ => decoded == value,
    };
    if !same {
        return None;
    }
    let raw_offset = if offset >= map.len() {
        map.last().map_or(0, |r| r + 1)
    } else {
        *map.get(offset)?
    } + skip;
    Some(advance(
        text,
        node.span.start,
        node.span.line,
        node.span.column,
        raw_start + raw_offset,
    ))
}

/// Line and column of byte `target`, walking from a known position.
fn advance(text: &str, from: usize, line: usize, column: usize, target: usize) -> Position {
    let mut pos = Position { line, column };
    let slice = text.get(from..target.max(from)).unwrap_or("");
    let mut chars = slice.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                pos.line += 1;
                pos.column = 1;
            }
            _ => pos.column += 1,
        }
    }
    pos
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Decodes a plain or quoted (flow) scalar; `raw` starts after the opening
/// quote, if any. Returns the value and, per value byte, its raw offset.
fn flow(raw: &str, quote: Option<char>) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut map = Vec::new();
    let push = |out: &mut String, map: &mut Vec<usize>, c: char, at: usize| {
        out.push(c);
        map.extend(std::iter::repeat_n(at, c.len_utf8()));
    };
    let mut chars = raw.char_indices().peekable();
    // Whitespace seen on the current line, kept only if content follows.
    let mut pending: Vec<(char, usize)> = Vec::new();
    let mut at_line_start = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' | '\r' => {
                if c == '\r' && chars.peek().map(|(_, n)| *n) == Some('\n') {
                    chars.next();
                }
                pending.clear();
                // Count the empty lines that follow.
                let mut breaks = Vec::new();
                loop {
                    while chars.peek().is_some_and(|(_, n)| is_blank(*n)) {
                        chars.next();
                    }
                    match chars.peek().copied() {
                        Some((j, '\n' | '\r')) => {
                            chars.next();
                            if chars.peek().map(|(_, n)| *n) == Some('\n')
                                && raw.get(j..j + 1) == Some("\r")
                            {
                                chars.next();
                            }
                            breaks.push(j);
                        }
                        _ => break,
                    }
                }
                if breaks.is_empty() {
                    push(&mut out, &mut map, ' ', i);
                } else {
                    for b in breaks {
                        push(&mut out, &mut map, '\n', b);
                    }
                }
                at_line_start = true;
            }
            c if is_blank(c) => {
                if !at_line_start {
                    pending.push((c, i));
                }
            }
            c if Some(c) == quote => {
                if quote == Some('\'') && chars.peek().map(|(_, n)| *n) == Some('\'') {
                    chars.next();
                    flush(&mut out, &mut map, &mut pending);
                    push(&mut out, &mut map, '\'', i);
                    at_line_start = false;
                    continue;
                }
                flush(&mut out, &mut map, &mut pending);
                return (out, map);
            }
            '\\' if quote == Some('"') => {
                flush(&mut out, &mut map, &mut pending);
                at_line_start = false;
                match escape(&mut chars) {
                    Escape::Char(ch) => push(&mut out, &mut map, ch, i),
                    Escape::LineJoin => {
                        while chars.peek().is_some_and(|(_, n)| is_blank(*n)) {
                            chars.next();
                        }
                    }
                    Escape::Invalid => return (String::from("\u{0}invalid"), map),
                }
            }
            c => {
                flush(&mut out, &mut map, &mut pending);
                push(&mut out, &mut map, c, i);
                at_line_start = false;
            }
        }
    }
    // A plain scalar ends at the span end: trailing blanks are not content.
    (out, map)
}

fn flush(out: &mut String, map: &mut Vec<usize>, pending: &mut Vec<(char, usize)>) {
    for (c, at) in pending.drain(..) {
        out.push(c);
        map.extend(std::iter::repeat_n(at, c.len_utf8()));
    }
}

enum Escape {
    Char(char),
    LineJoin,
    Invalid,
}

/// A double-quoted escape, the backslash consumed.
fn escape(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Escape {
    let Some((_, c)) = chars.next() else {
        return Escape::Invalid;
    };
    let hex = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, n: usize| {
        let mut v = 0u32;
        for _ in 0..n {
            let d = chars.next().and_then(|(_, c)| c.to_digit(16))?;
            v = v * 16 + d;
        }
        char::from_u32(v)
    };
    let ch = match c {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' => return hex(chars, 2).map_or(Escape::Invalid, Escape::Char),
        'u' => return hex(chars, 4).map_or(Escape::Invalid, Escape::Char),
        'U' => return hex(chars, 8).map_or(Escape::Invalid, Escape::Char),
        '\n' => return Escape::LineJoin,
        '\r' => {
            if chars.peek().map(|(_, n)| *n) == Some('\n') {
                chars.next();
            }
            return Escape::LineJoin;
        }
        _ => return Escape::Invalid,
    };
    Escape::Char(ch)
}

/// Decodes the content lines of a block scalar; `tail` starts at the
/// first content line, indented by `indent` spaces. Offsets in the map are
/// relative to `tail`.
fn block(tail: &str, indent: usize, folded: bool) -> Option<(String, Vec<usize>)> {
    let body_start = 0;
    // Lines: (start offset, text without the line break).
    let mut lines = Vec::new();
    let mut at = body_start;
    while at < tail.len() {
        let rest = tail.get(at..)?;
        let len = rest.find('\n').unwrap_or(rest.len());
        let line = rest.get(..len)?;
        lines.push((at, line.strip_suffix('\r').unwrap_or(line)));
        at += len + 1;
    }
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut out = String::new();
    let mut map = Vec::new();
    // (line text after the indent, its raw start, more-indented)
    let mut content: Vec<(&str, usize, bool)> = Vec::new();
    for (start, line) in lines {
        if line.trim_start_matches(' ').is_empty() {
            content.push(("", start + line.len(), false));
            continue;
        }
        if indent_of(line) < indent {
            break;
        }
        let body = line.get(indent..)?;
        content.push((body, start + indent, body.starts_with([' ', '\t'])));
    }
    let mut previous: Option<(bool, usize)> = None; // (more-indented, raw end)
    let mut empties: Vec<usize> = Vec::new();
    for (body, start, spaced) in content {
        if body.is_empty() {
            empties.push(start);
            continue;
        }
        if let Some((prev_spaced, prev_end)) = previous {
            if folded && !prev_spaced && !spaced {
                if empties.is_empty() {
                    out.push(' ');
                    map.push(prev_end);
                }
            } else {
                out.push('\n');
                map.push(prev_end);
            }
        } else {
            // Leading empty lines keep their breaks.
            for e in &empties {
                out.push('\n');
                map.push(*e);
            }
            empties.clear();
        }
        for e in empties.drain(..) {
            out.push('\n');
            map.push(e);
        }
        for (i, c) in body.char_indices() {
            out.push(c);
            map.extend(std::iter::repeat_n(start + i, c.len_utf8()));
        }
        previous = Some((spaced, start + body.len()));
    }
    Some((out, map))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse, Limits};

    /// Position of the first `needle` inside the value of `key`.
    fn pos(text: &str, key: &str, needle: &str) -> (usize, usize) {
        let doc = parse(text, &Limits::default()).unwrap();
        let node = doc.root.get(key).unwrap();
        let value = node.as_str().unwrap();
        let offset = value
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {value:?}"));
        let p = position_in_scalar(text, node, offset)
            .unwrap_or_else(|| panic!("no position in {value:?}"));
        (p.line, p.column)
    }

    /// Where `needle` is written in the file (1-based line, column).
    fn written(text: &str, needle: &str) -> (usize, usize) {
        let at = text.find(needle).unwrap();
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
        (line, col)
    }

    #[test]
    fn plain() {
        let t = "a: x {{ x | uper }}\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
        let t = "a: one\n  {{ x | uper }}\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
    }

    #[test]
    fn single_quoted() {
        let t = "a: 'it''s {{ x | uper }}'\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
        let t = "a: 'one\n\n   two {{ uper }}'\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
    }

    #[test]
    fn double_quoted_with_escapes() {
        let t = "a: \"\\t\\u00e9\\\"q\\\" {{ x | uper }}\"\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
        let t = "a: \"one \\\n    two {{ uper }}\"\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
        let t = "a: \"é\\x41 {{ uper }}\"\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
    }

    #[test]
    fn literal_block() {
        let t = "a: |\n  line one\n\n  {% if x %}\n    {{ x | uper }}\n  {% endif %}\nb: 1\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
        let t = "a: |-\n    {{ uper }}\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
    }

    #[test]
    fn folded_block() {
        let t = "a: >\n  one\n  two\n\n  three {{ x | uper }}\n    more\n  end\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
        let t = "a: >2-\n  {{ uper }}\n";
        assert_eq!(pos(t, "a", "uper"), written(t, "uper"));
    }

    #[test]
    fn nested_in_sequences_and_maps() {
        let t = "bees:\n  - config:\n      body: |\n        {\n          \"k\": \"{{ x | uper }}\"\n        }\n";
        let doc = parse(t, &Limits::default()).unwrap();
        let node = doc.root.pointer("/bees/0/config/body").unwrap();
        let offset = node.as_str().unwrap().find("uper").unwrap();
        let p = position_in_scalar(t, node, offset).unwrap();
        assert_eq!((p.line, p.column), written(t, "uper"));
    }
}
