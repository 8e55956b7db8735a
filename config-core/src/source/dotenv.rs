//! A lexer for `.env` files that keeps every entry's line and byte spans.
//!
//! Accepted syntax, one entry per line:
//!
//! - `KEY=value`, `export KEY=value`, blank lines and `# comment` lines;
//! - spaces around `=` are allowed; keys are `[A-Za-z_][A-Za-z0-9_.]*`;
//! - unquoted values are trimmed, and ` #` starts an inline comment;
//! - `'single quoted'` values are literal and may not span lines;
//! - `"double quoted"` values understand `\n \r \t \" \\ \$` and may span
//!   lines; text after the closing quote may only be a comment;
//! - `\n` and `\r\n` line endings; a missing final newline is fine.
//!
//! No `${VAR}` interpolation: a value means exactly what it says, so the same
//! file reads the same everywhere. A malformed line is an error that names the
//! line and says why; the other lines are still read (all errors are kept).
//!
//! ```
//! use config_core::source::dotenv::parse;
//! let parsed = parse("# db\nexport DB_HOST=db.local  # primary\nDB_NAME='ktrdr'\n");
//! assert!(parsed.errors.is_empty());
//! assert_eq!(parsed.entries[0].key, "DB_HOST");
//! assert_eq!(parsed.entries[0].value, "db.local");
//! assert_eq!(parsed.entries[0].line, 2);
//! assert_eq!(parsed.entries[1].value, "ktrdr");
//! ```

use std::ops::Range;

/// One `KEY=value` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The variable name.
    pub key: String,
    /// The value after unquoting and unescaping.
    pub value: String,
    /// 1-based line of the key.
    pub line: usize,
    /// Byte range of the key in the file text.
    pub key_span: Range<usize>,
    /// Byte range of the whole entry: from the start of its first line to the
    /// end of its last line, including the line terminator when present.
    pub span: Range<usize>,
    /// Whether the line starts with `export `.
    pub exported: bool,
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// The line has no `=`.
    #[error("line {line}: expected KEY=value, found no '='; fix: add '=' or start the line with '#' to comment it out")]
    MissingEquals {
        /// 1-based line.
        line: usize,
    },
    /// The key is empty or has characters a variable name cannot have.
    #[error("line {line}: {key} is not a valid variable name; fix: use letters, digits and '_' only, not starting with a digit")]
    InvalidKey {
        /// 1-based line.
        line: usize,
        /// The offending key text when it is made of name characters and
        /// `-` only (`'1ST'`, `'DB-HOST'`, quoted), else a phrase that
        /// does not quote it: a line like
        /// `PASSWORD:hunter2=x` or a wrapped value (`s3cret part=x`) must
        /// not echo a value ([`crate::secret`]).
        key: String,
    },
    /// A quoted value never closes.
    #[error("line {line}: the {quote} quote opened here is never closed; fix: close the quote")]
    UnterminatedQuote {
        /// 1-based line where the quote opens.
        line: usize,
        /// `single` or `double`.
        quote: &'static str,
    },
    /// Text follows a closing quote.
    #[error("line {line}: unexpected text after the closing quote; fix: quote the whole value, or start a comment with ' #'")]
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

/// The entries of a file and the errors of the lines that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Entries in file order (a key may appear more than once; the last wins
    /// when the file is loaded, as in every dotenv reader).
    pub entries: Vec<Entry>,
    /// One error per unreadable line, in file order.
    pub errors: Vec<LineError>,
}

/// Lexes a whole file. Never panics; never stops at the first error.
pub fn parse(text: &str) -> Parsed {
    let mut lexer = Lexer {
        text,
        pos: 0,
        line: 1,
    };
    let mut parsed = Parsed::default();
    while lexer.pos < text.len() {
        match lexer.entry() {
            Ok(Some(entry)) => parsed.entries.push(entry),
            Ok(None) => {}
            Err(error) => parsed.errors.push(error),
        }
    }
    parsed
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Lexer<'a> {
    /// Byte offset just past the current line's terminator.
    fn end_of_line(&self, from: usize) -> usize {
        let rest = self.text.get(from..).unwrap_or("");
        rest.find('\n').map_or(self.text.len(), |i| from + i + 1)
    }

    /// Moves to the next line and returns the current line's text without its
    /// terminator.
    fn take_line(&mut self) -> (usize, &'a str) {
        let text: &'a str = self.text;
        let start = self.pos;
        let end = self.end_of_line(start);
        self.pos = end;
        self.line += 1;
        let line = text.get(start..end).unwrap_or("");
        (start, line.trim_end_matches('\n').trim_end_matches('\r'))
    }

    fn entry(&mut self) -> Result<Option<Entry>, LineError> {
        let line_no = self.line;
        let entry_start = self.pos;
        let (line_start, line) = self.take_line();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(None);
        }
        let indent = line.len() - trimmed.len();
        let (exported, body, body_offset) = match trimmed.strip_prefix("export") {
            Some(after) if after.starts_with([' ', '\t']) => {
                let body = after.trim_start();
                (true, body, indent + (trimmed.len() - body.len()))
            }
            _ => (false, trimmed, indent),
        };
        let Some(eq) = body.find('=') else {
            return Err(LineError::MissingEquals { line: line_no });
        };
        let raw_key = body.get(..eq).unwrap_or("");
        let key = raw_key.trim_end();
        if !is_valid_key(key) {
            return Err(LineError::InvalidKey {
                line: line_no,
                key: shown_key(key),
            });
        }
        let key_start = line_start + body_offset;
        let value_text = body.get(eq + 1..).unwrap_or("").trim_start();
        let value_offset = line_start + body_offset + eq + 1 + {
            let after_eq = body.get(eq + 1..).unwrap_or("");
            after_eq.len() - after_eq.trim_start().len()
        };
        let value = self.value(value_text, value_offset, line_no)?;
        Ok(Some(Entry {
            key: key.to_string(),
            value,
            line: line_no,
            key_span: key_start..key_start + key.len(),
            span: entry_start..self.pos,
            exported,
        }))
    }

    fn value(&mut self, first: &str, offset: usize, line_no: usize) -> Result<String, LineError> {
        if let Some(inner) = first.strip_prefix('\'') {
            let Some(close) = inner.find('\'') else {
                return Err(LineError::UnterminatedQuote {
                    line: line_no,
                    quote: "single",
                });
            };
            check_only_comment(inner.get(close + 1..).unwrap_or(""), line_no)?;
            return Ok(inner.get(..close).unwrap_or("").to_string());
        }
        if first.starts_with('"') {
            return self.double_quoted(offset + 1, line_no);
        }
        Ok(strip_inline_comment(first).trim_end().to_string())
    }

    /// Reads a double-quoted value starting at byte `start` (just past the
    /// opening quote), possibly across lines, leaving `pos` after its line.
    fn double_quoted(&mut self, start: usize, line_no: usize) -> Result<String, LineError> {
        let mut value = String::new();
        let mut chars = self.text.get(start..).unwrap_or("").char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let after = start + i + 1;
                    let line_end = self.end_of_line(after);
                    let tail = self.text.get(after..line_end).unwrap_or("");
                    if after > self.pos {
                        // The value ran onto later lines: count them.
                        let crossed = self.text.get(self.pos..after).unwrap_or("");
                        self.line += crossed.matches('\n').count() + 1;
                        self.pos = line_end;
                    }
                    let tail = tail.trim_end_matches('\n').trim_end_matches('\r');
                    check_only_comment(tail, line_no)?;
                    return Ok(value);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, other @ ('"' | '\\' | '$'))) => value.push(other),
                    Some((_, other)) => {
                        value.push('\\');
                        value.push(other);
                    }
                    None => value.push('\\'),
                },
                '\r' if self.text.get(start + i + 1..start + i + 2) == Some("\n") => {}
                other => value.push(other),
            }
        }
        self.pos = self.text.len();
        Err(LineError::UnterminatedQuote {
            line: line_no,
            quote: "double",
        })
    }
}

fn check_only_comment(tail: &str, line: usize) -> Result<(), LineError> {
    let tail = tail.trim();
    if tail.is_empty() || tail.starts_with('#') {
        Ok(())
    } else {
        Err(LineError::TrailingText { line })
    }
}

/// An unquoted value ends at ` #` (a `#` preceded by white space).
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && i > 0 && bytes.get(i - 1).is_some_and(|p| *p == b' ' || *p == b'\t') {
            return value.get(..i).unwrap_or(value);
        }
    }
    value
}

/// The part of an invalid key that is safe to show: up to the first white
/// space (a name never contains any; what follows may be a value).
fn shown_key(key: &str) -> String {
    let name_like = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if name_like {
        format!("'{key}'")
    } else {
        "the text before '=' (not shown: it may hold a value)".to_string()
    }
}

/// Whether `key` is a variable name: `[A-Za-z_][A-Za-z0-9_.]*`.
pub fn is_valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
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
    fn every_bad_line_is_reported_and_good_lines_still_read() {
        let parsed = parse("no equals\n1X=2\nA='open\nB=\"x\" tail\nOK=yes\n");
        let lines: Vec<usize> = parsed.errors.iter().map(LineError::line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4]);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].key, "OK");
        assert_eq!(parsed.entries[0].line, 5);
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
        let parsed = parse(
            "SECRET='canary-value\nPASSWORD: canary-two=x\nKTRDR_DB_PASSWORD:canary3=x\ncanary4 wrapped=x\nDB-HOST=h\n",
        );
        assert_eq!(parsed.errors.len(), 5);
        for error in &parsed.errors {
            let text = error.to_string();
            assert!(!text.contains("canary"), "{text}");
        }
        assert!(parsed.errors[1]
            .to_string()
            .contains("the text before '=' (not shown"));
        assert!(parsed.errors[4]
            .to_string()
            .contains("'DB-HOST' is not a valid"));
    }
}
