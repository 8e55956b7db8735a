//! A lexer for `.env` files as the KTRDR service reads them (python-dotenv
//! 1.1.0 `dotenv/parser.py`, SETTINGS.md §2.5), keeping every entry's line
//! and byte spans, and its `${VAR}` interpolation (§2.6).
//!
//! - `KEY=value`, `export KEY=value`, blank lines and `# comment` lines;
//!   leading white space is skipped;
//! - a key is a run of characters other than `=`, `#` and white space
//!   (`.`, `-`, `:` allowed), or `'single quoted'`; spaces around `=`;
//! - `KEY` alone is a key with no value: unset everywhere;
//! - unquoted values: the rest of the line, cut at the first white space
//!   followed by `#`, trailing white space stripped;
//! - `'…'` values are literal except `\\` and `\'`; `"…"` values decode
//!   `\\ \' \" \a \b \f \n \r \t \v`; both may span lines; after the
//!   closing quote only white space and a `# comment` may follow;
//! - LF, CRLF and lone CR line endings.
//!
//! A malformed statement is skipped to the end of its line, as python-dotenv
//! does (it logs a warning and goes on): the line is returned as a
//! [`LineError`] that names the line, never its text.
//!
//! ```
//! use config_core::source::dotenv::parse;
//! let parsed = parse("# db\nexport DB_HOST=db.local  # primary\nDB_NAME='ktrdr'\nno equals\n");
//! assert_eq!(parsed.entries[0].key, "DB_HOST");
//! assert_eq!(parsed.entries[0].value, "db.local");
//! assert_eq!(parsed.entries[0].line, 2);
//! assert_eq!(parsed.entries[1].value, "ktrdr");
//! assert_eq!(parsed.errors[0].line(), 4);
//! ```

use std::ops::Range;

/// One `KEY=value` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The variable name, as written (case kept).
    pub key: String,
    /// The value after unquoting and unescaping (and interpolation, when
    /// read with [`expand`]).
    pub value: String,
    /// 1-based line of the key.
    pub line: usize,
    /// Byte range of the key in the file text (inside quotes when quoted).
    pub key_span: Range<usize>,
    /// Byte range of the whole entry: from the start of its first line to the
    /// end of its last line, including the line terminator when present.
    pub span: Range<usize>,
    /// Whether the line starts with `export `.
    pub exported: bool,
}

/// A `KEY` line with no `=`: the key is unset (and, for interpolation of
/// later lines, masks the environment's value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOnly {
    /// The key.
    pub key: String,
    /// 1-based line.
    pub line: usize,
}

/// Why a statement was skipped. Messages name the line, never its text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// A key followed by text that is not `=`.
    #[error("line {line}: expected KEY=value, found text after the key that is not '='; the service (python-dotenv) skips this line; fix: add '=' or start the line with '#' to comment it out")]
    MissingEquals {
        /// 1-based line.
        line: usize,
    },
    /// No key where one must start (`=value`, an unclosed `'key`).
    #[error("line {line}: {key} is not a key; the service (python-dotenv) skips this line; fix: start the line with a variable name")]
    InvalidKey {
        /// 1-based line.
        line: usize,
        /// A phrase saying what is there (never the text itself).
        key: String,
    },
    /// A quoted value never closes.
    #[error("line {line}: the {quote} quote opened here is never closed; the service (python-dotenv) skips this line; fix: close the quote")]
    UnterminatedQuote {
        /// 1-based line where the quote opens.
        line: usize,
        /// `single` or `double`.
        quote: &'static str,
    },
    /// Text follows a closing quote.
    #[error("line {line}: unexpected text after the closing quote; the service (python-dotenv) skips this line; fix: quote the whole value, or start a comment with ' #'")]
    TrailingText {
        /// 1-based line of the closing quote.
        line: usize,
    },
}

impl LineError {
    /// The 1-based line the error is on.
    pub fn line(&self) -> usize {
        match self {
            LineError::MissingEquals { line }
            | LineError::InvalidKey { line, .. }
            | LineError::UnterminatedQuote { line, .. }
            | LineError::TrailingText { line } => *line,
        }
    }
}

/// One statement in file order: an entry or a key-only line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// `KEY=value`.
    Set(Entry),
    /// `KEY` alone.
    KeyOnly(KeyOnly),
}

/// The statements of a file and the statements that were skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Entries in file order (a key may appear more than once; the last wins
    /// when the file is loaded, as in every dotenv reader).
    pub entries: Vec<Entry>,
    /// Key-only lines, in file order.
    pub key_only: Vec<KeyOnly>,
    /// Every statement, entries and key-only lines, in file order.
    pub bindings: Vec<Binding>,
    /// One error per skipped statement, in file order.
    pub errors: Vec<LineError>,
}

/// White space as Python's `str.isspace()` and regex `\s` see it: Unicode
/// White_Space plus the four separators U+001C..U+001F.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// White space on one line (`[^\S\r\n]`).
fn inline_space(c: char) -> bool {
    py_space(c) && c != '\r' && c != '\n'
}

/// Lexes a whole file. Never panics; never stops at the first error.
pub fn parse(text: &str) -> Parsed {
    let mut lexer = Lexer {
        text,
        pos: 0,
        line_starts: line_starts(text),
    };
    let mut parsed = Parsed::default();
    loop {
        lexer.skip_while(py_space);
        if lexer.pos >= text.len() {
            break;
        }
        match lexer.binding() {
            Ok(Some(Binding::Set(entry))) => {
                parsed.entries.push(entry.clone());
                parsed.bindings.push(Binding::Set(entry));
            }
            Ok(Some(Binding::KeyOnly(key))) => {
                parsed.key_only.push(key.clone());
                parsed.bindings.push(Binding::KeyOnly(key));
            }
            Ok(None) => {}
            Err(error) => {
                parsed.errors.push(error);
                lexer.skip_rest_of_line();
            }
        }
    }
    parsed
}

/// Byte offsets where lines start (after `\r\n`, `\n` or a lone `\r`).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 2;
            starts.push(i);
        } else if b == b'\n' || b == b'\r' {
            i += 1;
            starts.push(i);
        } else {
            i += 1;
        }
    }
    starts
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line_starts: Vec<usize>,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_while(&mut self, f: impl Fn(char) -> bool) {
        let rest = self.rest();
        let len = rest.find(|c: char| !f(c)).unwrap_or(rest.len());
        self.pos += len;
    }

    /// The 1-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= at)
    }

    fn line_start(&self, at: usize) -> usize {
        let line = self.line_of(at);
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }

    /// `[^\r\n]*(?:\r|\n|\r\n)?` (python-dotenv's recovery).
    fn skip_rest_of_line(&mut self) {
        self.skip_while(|c| c != '\r' && c != '\n');
        if matches!(self.peek(), Some('\r' | '\n')) {
            self.pos += 1;
        }
    }

    /// One statement; `None` for a comment.
    fn binding(&mut self) -> Result<Option<Binding>, LineError> {
        let start = self.pos;
        let line = self.line_of(start);
        let exported = self.export();
        let key_start = self.pos;
        let key = match self.peek() {
            Some('#') => None,
            Some('\'') => {
                let inner = self.rest().get(1..).unwrap_or("");
                match inner.find('\'') {
                    Some(close) if close > 0 => {
                        let key = inner.get(..close).unwrap_or("").to_string();
                        self.pos += close + 2;
                        Some((key, key_start + 1..key_start + 1 + close))
                    }
                    _ => {
                        return Err(LineError::InvalidKey {
                            line,
                            key: "a quoted key that is empty or never closed".into(),
                        })
                    }
                }
            }
            _ => {
                self.skip_while(|c| c != '=' && c != '#' && !py_space(c));
                if self.pos == key_start {
                    return Err(LineError::InvalidKey {
                        line,
                        key: "the text at the start of the line".into(),
                    });
                }
                let key = self.text.get(key_start..self.pos).unwrap_or("").to_string();
                Some((key, key_start..self.pos))
            }
        };
        self.skip_while(inline_space);
        let value = if self.peek() == Some('=') {
            self.pos += 1;
            self.skip_while(inline_space);
            Some(self.value(line)?)
        } else {
            None
        };
        let quoted = value.as_ref().is_some_and(|(_, quoted)| *quoted);
        self.comment();
        self.end_of_line().map_err(|()| match (&value, quoted) {
            (_, true) => LineError::TrailingText {
                line: self.line_of(self.pos),
            },
            _ => LineError::MissingEquals { line },
        })?;
        let Some((key, key_span)) = key else {
            return Ok(None);
        };
        let span = self.line_start(start)..self.pos;
        Ok(Some(match value {
            Some((value, _)) => Binding::Set(Entry {
                key,
                value,
                line,
                key_span,
                span,
                exported,
            }),
            None => Binding::KeyOnly(KeyOnly { key, line }),
        }))
    }

    /// `(?:export[^\S\r\n]+)?`
    fn export(&mut self) -> bool {
        let Some(after) = self.rest().strip_prefix("export") else {
            return false;
        };
        if !after.starts_with(inline_space) {
            return false;
        }
        self.pos += "export".len();
        self.skip_while(inline_space);
        true
    }

    /// `(?:[^\S\r\n]*#[^\r\n]*)?`
    fn comment(&mut self) {
        let back = self.pos;
        self.skip_while(inline_space);
        if self.peek() == Some('#') {
            self.skip_while(|c| c != '\r' && c != '\n');
        } else {
            self.pos = back;
        }
    }

    /// `[^\S\r\n]*(?:\r\n|\n|\r|$)`
    fn end_of_line(&mut self) -> Result<(), ()> {
        self.skip_while(inline_space);
        let rest = self.rest();
        if rest.is_empty() {
            Ok(())
        } else if rest.starts_with("\r\n") {
            self.pos += 2;
            Ok(())
        } else if rest.starts_with(['\n', '\r']) {
            self.pos += 1;
            Ok(())
        } else {
            Err(())
        }
    }

    /// The value after `=`, and whether it was quoted.
    fn value(&mut self, line: usize) -> Result<(String, bool), LineError> {
        match self.peek() {
            Some(q @ ('\'' | '"')) => {
                let body = self.quoted(q).ok_or(LineError::UnterminatedQuote {
                    line,
                    quote: if q == '\'' { "single" } else { "double" },
                })?;
                Ok((decode_escapes(body, q == '"'), true))
            }
            None | Some('\r' | '\n') => Ok((String::new(), false)),
            Some(_) => {
                let rest = self.rest();
                let len = rest.find(['\r', '\n']).unwrap_or(rest.len());
                let part = rest.get(..len).unwrap_or("");
                self.pos += len;
                Ok((
                    strip_comment(part).trim_end_matches(py_space).to_string(),
                    false,
                ))
            }
        }
    }

    /// `q((?:\\q|[^q])*)q` with the regex's backtracking: the first bare
    /// `q` closes; with none before the end, the last escaped one does.
    fn quoted(&mut self, q: char) -> Option<&'a str> {
        let text: &'a str = self.text;
        let start = self.pos + 1;
        let body = text.get(start..)?;
        let mut last_escaped = None;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\\' && chars.peek().map(|&(_, n)| n) == Some(q) {
                last_escaped = Some(i + 1);
                chars.next();
            } else if c == q {
                self.pos = start + i + 1;
                return body.get(..i);
            }
        }
        let close = last_escaped?;
        self.pos = start + close + 1;
        body.get(..close)
    }
}

/// `re.sub(r"\s+#.*", "", part)`: cut at the first white-space run that is
/// followed by `#`.
fn strip_comment(part: &str) -> &str {
    let mut run_start = None;
    for (i, c) in part.char_indices() {
        if py_space(c) {
            run_start.get_or_insert(i);
        } else {
            if c == '#' {
                if let Some(at) = run_start {
                    return part.get(..at).unwrap_or(part);
                }
            }
            run_start = None;
        }
    }
    part
}

/// python-dotenv's `decode_escapes`: in double quotes `\\ \' \" \a \b \f
/// \n \r \t \v`, in single quotes `\\ \'`; other backslashes stay.
fn decode_escapes(body: &str, double: bool) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.peek() {
            Some('\\') => Some('\\'),
            Some('\'') => Some('\''),
            Some('"') if double => Some('"'),
            Some('a') if double => Some('\u{7}'),
            Some('b') if double => Some('\u{8}'),
            Some('f') if double => Some('\u{c}'),
            Some('n') if double => Some('\n'),
            Some('r') if double => Some('\r'),
            Some('t') if double => Some('\t'),
            Some('v') if double => Some('\u{b}'),
            _ => None,
        };
        match decoded {
            Some(d) => {
                out.push(d);
                chars.next();
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Whether `key` is one the lexer can read unquoted: non-empty, without
/// `=`, `#` or white space.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && !key.chars().any(|c| c == '=' || c == '#' || py_space(c))
}

/// Expands `${NAME}` and `${NAME:-DEFAULT}` in every entry's value, as
/// python-dotenv's `resolve_variables` does: earlier lines of the file and
/// `env` (exact names) are the lookup table; `file_wins` is its override
/// mode (`.env.local` via `dotenv_values`: earlier lines beat the
/// environment; `.env` via `load_dotenv`: the environment wins). Later
/// lines are not visible.
///
/// ```
/// use config_core::source::dotenv::{expand, parse};
/// let env = |name: &str| (name == "H").then(|| "env".to_string());
/// let entries = expand(&parse("X=${H}\nH=file\nY=${H}/${N:-d}\n"), env, true);
/// assert_eq!(entries[0].value, "env");
/// assert_eq!(entries[2].value, "file/d");
/// ```
pub fn expand(
    parsed: &Parsed,
    env: impl Fn(&str) -> Option<String>,
    file_wins: bool,
) -> Vec<Entry> {
    // Each key seen so far: the entry of `out` holding its value, or
    // `None` for a key without `=` (its value is empty).
    let mut seen: std::collections::HashMap<&str, Option<usize>> =
        std::collections::HashMap::with_capacity(parsed.bindings.len());
    let mut out: Vec<Entry> = Vec::with_capacity(parsed.entries.len());
    for binding in &parsed.bindings {
        match binding {
            Binding::KeyOnly(k) => {
                seen.insert(k.key.as_str(), None);
            }
            Binding::Set(entry) => {
                let value = interpolate(&entry.value, |name| {
                    let file = seen.get(name).map(|at| {
                        at.and_then(|at| out.get(at))
                            .map_or("", |e| e.value.as_str())
                    });
                    let from_env = || env(name);
                    match (file, file_wins) {
                        (Some(v), true) => Some(v.to_string()),
                        (file, _) => from_env().or_else(|| file.map(str::to_string)),
                    }
                });
                seen.insert(entry.key.as_str(), Some(out.len()));
                out.push(Entry {
                    key: entry.key.clone(),
                    value,
                    line: entry.line,
                    key_span: entry.key_span.clone(),
                    span: entry.span.clone(),
                    exported: entry.exported,
                });
            }
        }
    }
    out
}

/// One value's `${NAME}` / `${NAME:-DEFAULT}` atoms (NAME: no `}` or `:`;
/// DEFAULT: no `}`), resolved by `lookup` (`None` = absent: the default, or
/// `""`). No escape, no nesting, `$NAME` stays literal.
pub fn interpolate(value: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("${") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 2..).unwrap_or("");
        match placeholder(after) {
            Some((name, default, used)) => {
                out.push_str(&lookup(name).unwrap_or_else(|| default.unwrap_or("").to_string()));
                rest = after.get(used..).unwrap_or("");
            }
            None => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// After `${`: `NAME` then optionally `:-DEFAULT`, then `}`; returns the
/// name, the default and the bytes used.
fn placeholder(after: &str) -> Option<(&str, Option<&str>, usize)> {
    let name_len = after.find(['}', ':']).unwrap_or(after.len());
    let name = after.get(..name_len)?;
    let tail = after.get(name_len..)?;
    if tail.starts_with('}') {
        return Some((name, None, name_len + 1));
    }
    let default_part = tail.strip_prefix(":-")?;
    let close = default_part.find('}')?;
    Some((name, default_part.get(..close), name_len + 2 + close + 1))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    fn one(text: &str) -> Entry {
        let parsed = parse(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.entries.len(), 1, "{:?}", parsed.entries);
        parsed.entries[0].clone()
    }

    #[test]
    fn plain_export_and_spaces() {
        assert_eq!(one("A=1").value, "1");
        let e = one("export  B = two words  \n");
        assert!(e.exported);
        assert_eq!((e.key.as_str(), e.value.as_str()), ("B", "two words"));
        assert_eq!(&"export  B = two words  \n"[e.key_span.clone()], "B");
    }

    #[test]
    fn quoting_and_comments() {
        assert_eq!(one("A='x # y'  # c").value, "x # y");
        assert_eq!(one("A=\"a\\nb \\\"q\\\"\" # c").value, "a\nb \"q\"");
        assert_eq!(one("A=x#y").value, "x#y");
        assert_eq!(one("A=x #y").value, "x");
        assert_eq!(one("A=").value, "");
        assert_eq!(one("A=''").value, "");
    }

    #[test]
    fn multiline_double_quotes_keep_line_numbers() {
        let parsed = parse("A=\"one\ntwo\"\nB=3\r\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.entries[0].value, "one\ntwo");
        assert_eq!(parsed.entries[1].line, 3);
        assert_eq!(parsed.entries[1].value, "3");
        assert_eq!(parsed.entries[0].span, 0..12);
    }

    #[test]
    fn crlf_line_endings() {
        let parsed = parse("A=1\r\nB='2'\r\n");
        assert_eq!(parsed.entries[0].value, "1");
        assert_eq!(parsed.entries[1].value, "2");
        assert_eq!(parsed.entries[1].line, 2);
    }

    #[test]
    fn every_bad_line_is_skipped_and_good_lines_still_read() {
        // `1X` is a key for python-dotenv; an unclosed quote skips only its
        // own line, so `B` and `OK` are read.
        let parsed = parse("no equals\n1X=2\nA='open\nB=\"x\" tail\nOK=yes\n");
        let lines: Vec<usize> = parsed.errors.iter().map(LineError::line).collect();
        assert_eq!(lines, vec![1, 3, 4]);
        let keys: Vec<&str> = parsed.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["1X", "OK"]);
        assert_eq!(parsed.entries[1].line, 5);
    }

    /// SETTINGS.md §2.5, one row per construct: text in, `(key, value)`
    /// entries and skipped lines out.
    #[test]
    fn python_dotenv_syntax_table() {
        type Row = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static [usize],
        );
        let rows: &[Row] = &[
            ("\n\n   A=1\n\tB=2", &[("A", "1"), ("B", "2")], &[]),
            ("# c\nA=1 # c", &[("A", "1")], &[]),
            ("export A=1\nexport\tB=2", &[("A", "1"), ("B", "2")], &[]),
            (
                "exportA=1\nexport=2",
                &[("exportA", "1"), ("export", "2")],
                &[],
            ),
            ("a.b-c:d=1", &[("a.b-c:d", "1")], &[]),
            ("'A'=1", &[("A", "1")], &[]),
            ("A = 1\nB\t=\t2", &[("A", "1"), ("B", "2")], &[]),
            ("A\nB=", &[("B", "")], &[]),
            (
                "A=a#b\nB=a #b\nC=a\t#b\nD=x  ",
                &[("A", "a#b"), ("B", "a"), ("C", "a"), ("D", "x")],
                &[],
            ),
            ("A='x\\'y\\\\z\\n'", &[("A", "x'y\\z\\n")], &[]),
            ("A='one\ntwo'", &[("A", "one\ntwo")], &[]),
            ("A=\"a\\tb\\u0041\\\"#c\"", &[("A", "a\tb\\u0041\"#c")], &[]),
            ("A=\"x\"  # c\nB='y'#c", &[("A", "x"), ("B", "y")], &[]),
            (
                "garbage line\nK=\"a\" junk\nK2: v\nOK=1",
                &[("OK", "1")],
                &[1, 2, 3],
            ),
            ("A='never\nB=1", &[("B", "1")], &[1]),
            (
                "A=1\r\nB=2\rC=3",
                &[("A", "1"), ("B", "2"), ("C", "3")],
                &[],
            ),
            ("=x\nA=1", &[("A", "1")], &[1]),
        ];
        for (text, entries, skipped) in rows {
            let parsed = parse(text);
            let got: Vec<(&str, &str)> = parsed
                .entries
                .iter()
                .map(|e| (e.key.as_str(), e.value.as_str()))
                .collect();
            assert_eq!(&got, entries, "{text:?}");
            let lines: Vec<usize> = parsed.errors.iter().map(LineError::line).collect();
            assert_eq!(&lines, skipped, "{text:?}");
        }
    }

    /// SETTINGS.md §2.6, one row per rule: file text and environment in,
    /// the last entry's value out.
    #[test]
    fn interpolation_table() {
        let env = |name: &str| match name {
            "H" => Some("env".to_string()),
            "E" => Some(String::new()),
            _ => None,
        };
        for (text, expected) in [
            ("X=${H}", "env"),
            ("X=${N:-d}", "d"),
            ("X=${E:-d}", ""),
            ("X=${N}", ""),
            ("X=${}", ""),
            ("X=$H", "$H"),
            ("X=${N:=d}", "${N:=d}"),
            ("X=${A:-${B}}", "${B}"),
            ("X='${H}'", "env"),
            ("X=\\${H}", "\\env"),
            ("X=$${H}", "$env"),
            ("H=file\nX=${H}", "file"),
            ("X=${L}\nL=later", ""),
            ("H\nX=${H}", ""),
            ("X=${h}", ""),
        ] {
            let entries = expand(&parse(text), env, true);
            let got = entries
                .iter()
                .find(|e| e.key == "X")
                .map(|e| e.value.as_str());
            assert_eq!(got, Some(expected), "{text:?}");
        }
        // `.env` (no override): the environment beats earlier lines.
        let entries = expand(&parse("H=file\nX=${H}\n"), env, false);
        assert_eq!(entries[1].value, "env");
    }

    #[test]
    fn unterminated_double_quote_runs_to_end() {
        let parsed = parse("A=\"never closed\nB=1\n");
        assert_eq!(
            parsed.errors,
            vec![LineError::UnterminatedQuote {
                line: 1,
                quote: "double"
            }]
        );
    }

    #[test]
    fn errors_never_echo_values() {
        let parsed =
            parse("SECRET='canary-value\nPASSWORD canary-two\n=canary3\nK=\"x\" canary4\n");
        assert_eq!(parsed.errors.len(), 4);
        for error in &parsed.errors {
            let text = error.to_string();
            assert!(!text.contains("canary"), "{text}");
        }
    }

    /// A key a shell would accept (python-dotenv accepts more).
    const KEY: &str = "[A-Za-z_][A-Za-z0-9_]{0,20}";

    proptest::proptest! {
        /// Any text: no panic, every span a valid slice of the text, every
        /// line number inside the file.
        #[test]
        fn never_panics_and_spans_stay_in_the_text(text in proptest::prelude::any::<String>()) {
            let parsed = parse(&text);
            let lines = line_starts(&text).len();
            for e in &parsed.entries {
                proptest::prop_assert!(text.get(e.key_span.clone()).is_some());
                proptest::prop_assert!(text.get(e.span.clone()).is_some());
                proptest::prop_assert!((1..=lines).contains(&e.line));
            }
            for error in &parsed.errors {
                proptest::prop_assert!((1..=lines).contains(&error.line()));
            }
        }

        /// The same with the characters that steer the lexer, densely.
        #[test]
        fn never_panics_on_dotenv_punctuation(text in "[A-Za-z=#'\"\\ \t\r\n$:{}-]{0,80}") {
            let parsed = parse(&text);
            for e in &parsed.entries {
                proptest::prop_assert!(text.get(e.span.clone()).is_some());
            }
        }

        /// `KEY=value` lines with safe characters read back as written.
        #[test]
        fn safe_lines_round_trip(
            pairs in proptest::collection::vec((KEY, "[A-Za-z0-9_./:@+,-]{0,30}"), 1..8),
            crlf in proptest::prelude::any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let text: String = pairs.iter().map(|(k, v)| format!("{k}={v}{eol}")).collect();
            let parsed = parse(&text);
            proptest::prop_assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
            let read: Vec<(&str, &str)> =
                parsed.entries.iter().map(|e| (e.key.as_str(), e.value.as_str())).collect();
            let written: Vec<(&str, &str)> =
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            proptest::prop_assert_eq!(read, written);
            for (i, e) in parsed.entries.iter().enumerate() {
                proptest::prop_assert_eq!(e.line, i + 1);
                proptest::prop_assert_eq!(&text[e.key_span.clone()], e.key.as_str());
            }
        }

        /// Quoted values keep spaces, `#` and `=` verbatim.
        #[test]
        fn quoted_values_round_trip(key in KEY, value in "[A-Za-z0-9 #=_.-]{0,30}", double in proptest::prelude::any::<bool>()) {
            let quote = if double { '"' } else { '\'' };
            let entry = one(&format!("{key}={quote}{value}{quote}  # comment\n"));
            proptest::prop_assert_eq!(entry.key, key);
            proptest::prop_assert_eq!(entry.value, value);
        }
    }
}
