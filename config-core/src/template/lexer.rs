//! Pebble 3.2.4's lexer, state for state (TEMPLATES.md §2.1–2.3).
//!
//! Text outside tags is skipped; inside `{{ }}` and `{% %}` each step tries,
//! in Pebble's order: the closer (only when no bracket is open), operator,
//! name, long, number, punctuation, plain string, interpolated string.
//! Every token keeps the byte offset of its first character.

use super::error::{ErrorKind, TemplateError};

/// One token of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// `{{`
    PrintStart,
    /// `}}`
    PrintEnd,
    /// `{%`
    ExecStart,
    /// `%}`
    ExecEnd,
    /// A name (variable, tag, filter …).
    Name(String),
    /// An operator symbol (`+`, `is not`, `contains` …).
    Op(&'static str),
    /// Digits followed by `L` (the digits only).
    Long(String),
    /// Digits, optionally `.digits`.
    Number(String),
    /// One of `( ) [ ] { } ? : . , =`.
    Punct(char),
    /// A string literal (or a text piece of an interpolated string).
    Str(String),
    /// `#{` inside a double-quoted string.
    InterpStart,
    /// The `}` ending an interpolation.
    InterpEnd,
    /// End of the template.
    Eof,
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Byte offset of its first character.
    pub at: usize,
}

/// Operators, longest first (Pebble sorts them by length so `is not` wins
/// over `is`); within a length, the order of `CoreExtension`.
const OPERATORS: [&str; 23] = [
    "contains", "is not", "equals", "not", "and", "or", "is", "==", "!=", ">=", "<=", "..", "+",
    "-", ">", "<", "*", "/", "%", "|", "~", "+", "-",
];

const PUNCTUATION: &str = "()[]{}?:.,|=";

/// Java's `\s` without UNICODE_CHARACTER_CLASS: what Pebble's regexes mean.
fn is_regex_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

/// Java's `Character.isWhitespace`: what `advanceThroughWhitespace` skips.
pub fn is_java_whitespace(c: char) -> bool {
    match c {
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{1c}'..='\u{1f}' => true,
        '\u{a0}' | '\u{2007}' | '\u{202f}' => false,
        ' ' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{205f}' => true,
        '\u{3000}' => true,
        _ => false,
    }
}

/// Java's `Character.isLetter`, approximated by Unicode `Alphabetic`
/// minus the marks and letter-numbers that Java does not count.
pub fn is_java_letter(c: char) -> bool {
    c.is_alphabetic()
        && !matches!(c, '\u{2160}'..='\u{2188}' | '\u{3007}' | '\u{3021}'..='\u{3029}')
}

/// Java's `Character.isDigit` (decimal digits of any script).
pub fn is_java_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && is_decimal_digit(c))
}

/// Non-ASCII decimal digits (Nd): the blocks of ten that start at a zero.
fn is_decimal_digit(c: char) -> bool {
    // Unicode puts every Nd run in blocks of ten; their zeros are listed here
    // for the common scripts. Others count as not-a-digit (as a name start
    // they are rejected either way).
    const ZEROS: [u32; 12] = [
        0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xff10,
    ];
    let cp = c as u32;
    ZEROS.iter().any(|z| cp >= *z && cp < z + 10)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Data,
    Print,
    Execute,
    Str,
    Interp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bracket {
    Paren,
    Square,
    Brace,
    Quote,
    Interp,
}

impl Bracket {
    fn text(self) -> &'static str {
        match self {
            Self::Paren => "(",
            Self::Square => "[",
            Self::Brace => "{",
            Self::Quote => "\"",
            Self::Interp => "#{",
        }
    }
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    tokens: Vec<Token>,
    states: Vec<State>,
    brackets: Vec<(Bracket, usize)>,
    /// Where the innermost open `{{`/`{%` starts (for "never closed").
    tag_start: usize,
}

/// Splits `src` into tokens, or the first lexical error.
pub fn tokenize(src: &str) -> Result<Vec<Token>, TemplateError> {
    let mut lx = Lexer {
        src,
        pos: 0,
        tokens: Vec::new(),
        states: vec![State::Data],
        brackets: Vec::new(),
        tag_start: 0,
    };
    while lx.pos < src.len() {
        match lx.states.last().copied().unwrap_or(State::Data) {
            State::Data => lx.data()?,
            State::Print => lx.inside_tag("}}", Tok::PrintEnd)?,
            State::Execute => lx.inside_tag("%}", Tok::ExecEnd)?,
            State::Str => lx.string()?,
            State::Interp => lx.interpolation()?,
        }
    }
    if let Some((b, at)) = lx.brackets.last() {
        return Err(TemplateError::new(
            *at,
            ErrorKind::UnclosedBracket { open: b.text() },
        ));
    }
    lx.tokens.push(Token {
        tok: Tok::Eof,
        at: src.len(),
    });
    Ok(lx.tokens)
}

impl<'s> Lexer<'s> {
    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn push(&mut self, tok: Tok, at: usize) {
        self.tokens.push(Token { tok, at });
    }

    /// Text up to the earliest `{{`, `{%` or `{#`, then that opener.
    fn data(&mut self) -> Result<(), TemplateError> {
        let Some(rel) = find_opener(self.rest()) else {
            self.pos = self.src.len();
            return Ok(());
        };
        let at = self.pos + rel;
        let opener = self.src.get(at..at + 2).unwrap_or("");
        self.pos = at + 2;
        self.tag_start = at;
        // `-` plus at least one whitespace trims the text before; no effect
        // on validity, but the characters are consumed.
        let rest = self.rest();
        if let Some(after) = rest.strip_prefix('-') {
            let ws = after.len() - after.trim_start_matches(is_regex_space).len();
            if ws > 0 {
                self.pos += 1 + ws;
            }
        }
        match opener {
            "{#" => self.comment(at),
            "{{" => {
                self.push(Tok::PrintStart, at);
                self.states.push(State::Print);
                Ok(())
            }
            _ => {
                if let Some(len) = verbatim_start(self.rest()) {
                    self.pos += len;
                    match verbatim_end(self.rest()) {
                        Some(end) => {
                            self.pos += end;
                            Ok(())
                        }
                        None => Err(TemplateError::new(at, ErrorKind::UnclosedVerbatim)),
                    }
                } else {
                    self.push(Tok::ExecStart, at);
                    self.states.push(State::Execute);
                    Ok(())
                }
            }
        }
    }

    fn comment(&mut self, at: usize) -> Result<(), TemplateError> {
        match self.rest().find("#}") {
            Some(end) => {
                self.pos += end + 2;
                Ok(())
            }
            None => Err(TemplateError::new(at, ErrorKind::UnclosedComment)),
        }
    }

    fn inside_tag(&mut self, closer: &str, tok: Tok) -> Result<(), TemplateError> {
        if self.brackets.is_empty() {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches(is_regex_space);
            let after_dash = trimmed.strip_prefix('-').unwrap_or(trimmed);
            if after_dash.starts_with(closer) {
                let at = self.pos + (rest.len() - trimmed.len());
                self.pos += rest.len() - after_dash.len() + 2;
                self.push(tok, at);
                self.states.pop();
                return Ok(());
            }
        }
        self.expression()
    }

    /// One token of an expression (Pebble's `tokenizeExpression`).
    fn expression(&mut self) -> Result<(), TemplateError> {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches(is_java_whitespace);
        self.pos += rest.len() - trimmed.len();
        let at = self.pos;
        let Some(c) = trimmed.chars().next() else {
            // Only whitespace left: Pebble reads past the end here.
            return Err(self.unclosed_tag());
        };
        if let Some(op) = operator_at(trimmed) {
            self.pos += op.len();
            self.push(Tok::Op(op), at);
            return Ok(());
        }
        if c == '_' || is_java_letter(c) {
            let len = trimmed
                .char_indices()
                .find(|(_, c)| !(*c == '_' || is_java_letter(*c) || is_java_digit(*c)))
                .map_or(trimmed.len(), |(i, _)| i);
            let name = trimmed.get(..len).unwrap_or("").to_string();
            self.pos += len;
            self.push(Tok::Name(name), at);
            return Ok(());
        }
        if c.is_ascii_digit() {
            let digits = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            let int = trimmed.get(..digits).unwrap_or("").to_string();
            let after = trimmed.get(digits..).unwrap_or("");
            if after.starts_with('L') {
                self.pos += digits + 1;
                self.push(Tok::Long(int), at);
                return Ok(());
            }
            let frac = after.strip_prefix('.').map_or(0, |f| {
                f.len() - f.trim_start_matches(|c: char| c.is_ascii_digit()).len()
            });
            let len = if frac > 0 { digits + 1 + frac } else { digits };
            self.pos += len;
            self.push(
                Tok::Number(trimmed.get(..len).unwrap_or("").to_string()),
                at,
            );
            return Ok(());
        }
        if PUNCTUATION.contains(c) {
            self.punctuation(c, at)?;
            self.pos += 1;
            self.push(Tok::Punct(c), at);
            return Ok(());
        }
        if let Some((len, value)) = plain_string(trimmed) {
            self.pos += len;
            self.push(Tok::Str(value), at);
            return Ok(());
        }
        if c == '"' {
            self.brackets.push((Bracket::Quote, at));
            self.states.push(State::Str);
            self.pos += 1;
            return Ok(());
        }
        if c == '\'' {
            return Err(TemplateError::new(at, ErrorKind::UnclosedString));
        }
        Err(TemplateError::new(
            at,
            ErrorKind::UnexpectedChar { found: c },
        ))
    }

    fn punctuation(&mut self, c: char, at: usize) -> Result<(), TemplateError> {
        let open = match c {
            '(' => Some(Bracket::Paren),
            '[' => Some(Bracket::Square),
            '{' => Some(Bracket::Brace),
            _ => None,
        };
        if let Some(b) = open {
            self.brackets.push((b, at));
            return Ok(());
        }
        let wanted = match c {
            ')' => Bracket::Paren,
            ']' => Bracket::Square,
            '}' => Bracket::Brace,
            _ => return Ok(()),
        };
        match self.brackets.pop() {
            None => Err(TemplateError::new(at, ErrorKind::StrayCloser { found: c })),
            Some((b, _)) if b == wanted => Ok(()),
            Some((b, _)) => Err(TemplateError::new(
                at,
                ErrorKind::MismatchedCloser {
                    found: c,
                    open: b.text(),
                },
            )),
        }
    }

    /// Inside a double-quoted string that holds a `#` (string mode).
    fn string(&mut self) -> Result<(), TemplateError> {
        let rest = self.rest();
        if rest.starts_with("#{") {
            self.brackets.push((Bracket::Interp, self.pos));
            self.push(Tok::InterpStart, self.pos);
            self.pos += 2;
            self.states.push(State::Interp);
            return Ok(());
        }
        let len = non_interpolated_part(rest);
        if len > 0 {
            let piece = rest.get(..len).unwrap_or("").to_string();
            self.push(Tok::Str(piece), self.pos);
            self.pos += len;
            return Ok(());
        }
        if rest.starts_with('"') {
            self.brackets.pop();
            self.states.pop();
            self.pos += 1;
            return Ok(());
        }
        // Only a lone backslash can be left here: Pebble makes no progress.
        let open = self.brackets.last().map_or(self.pos, |(_, at)| *at);
        Err(TemplateError::new(open, ErrorKind::LexerHang))
    }

    fn interpolation(&mut self) -> Result<(), TemplateError> {
        if matches!(self.brackets.last(), Some((Bracket::Interp, _))) {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches(is_regex_space);
            if trimmed.starts_with('}') {
                let at = self.pos + rest.len() - trimmed.len();
                self.brackets.pop();
                self.push(Tok::InterpEnd, at);
                self.pos = at + 1;
                self.states.pop();
                return Ok(());
            }
        }
        self.expression()
    }

    fn unclosed_tag(&self) -> TemplateError {
        let opener = if self.src.get(self.tag_start..self.tag_start + 2) == Some("{{") {
            "{{"
        } else {
            "{%"
        };
        TemplateError::new(self.tag_start, ErrorKind::UnclosedTag { opener })
    }
}

/// The offset of the earliest `{{`, `{%` or `{#`.
fn find_opener(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    bytes
        .windows(2)
        .position(|w| matches!(w, [b'{', b'{' | b'%' | b'#']))
}

/// The operator at the start of `s`, if any (word operators need a
/// non-`[A-Za-z0-9_]` after them).
fn operator_at(s: &str) -> Option<&'static str> {
    OPERATORS.iter().copied().find(|op| {
        s.starts_with(op) && {
            let word = op.ends_with(|c: char| c.is_ascii_alphabetic());
            !word
                || !s
                    .get(op.len()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        }
    })
}

/// `"…"` without `#` or `'…'`, with backslash escapes: (length, value).
fn plain_string(s: &str) -> Option<(usize, String)> {
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next()?;
            }
            '#' if quote == '"' => return None,
            c if c == quote => {
                let inner = s.get(1..i)?;
                let escaped = if quote == '"' { "\\\"" } else { "\\'" };
                let value = inner.replace(escaped, if quote == '"' { "\"" } else { "'" });
                return Some((i + 1, value));
            }
            _ => {}
        }
    }
    None
}

/// Length of the text piece of a string-mode string: up to `"`, `#{` or a
/// trailing lone backslash.
fn non_interpolated_part(s: &str) -> usize {
    let mut chars = s.char_indices().peekable();
    let mut end = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return i,
            '\\' => match chars.next() {
                Some((j, c2)) => end = j + c2.len_utf8(),
                None => return i,
            },
            '#' if chars.peek().is_some_and(|(_, n)| *n == '{') => return i,
            _ => end = i + c.len_utf8(),
        }
    }
    end
}

/// After `{%` (and any trim): `\s*verbatim\s*-?%}`, its length.
fn verbatim_start(s: &str) -> Option<usize> {
    let t = s.trim_start_matches(is_regex_space);
    let t = t.strip_prefix("verbatim")?;
    let t = t.trim_start_matches(is_regex_space);
    let t = t.strip_prefix('-').unwrap_or(t);
    let t = t.strip_prefix("%}")?;
    Some(s.len() - t.len())
}

/// The end of the first `{%-?\s*endverbatim\s*-?%}`: offset after it.
fn verbatim_end(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = s.get(from..).and_then(|r| r.find("{%")) {
        let start = from + rel;
        let t = s.get(start + 2..)?;
        let t = t.strip_prefix('-').unwrap_or(t);
        let t = t.trim_start_matches(is_regex_space);
        if let Some(t) = t.strip_prefix("endverbatim") {
            let t = t.trim_start_matches(is_regex_space);
            let t = t.strip_prefix('-').unwrap_or(t);
            if let Some(t) = t.strip_prefix("%}") {
                return Some(s.len() - t.len());
            }
        }
        from = start + 2;
    }
    None
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

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn word_operators_need_a_non_word_after() {
        assert_eq!(
            toks("{{ order }}"),
            vec![
                Tok::PrintStart,
                Tok::Name("order".into()),
                Tok::PrintEnd,
                Tok::Eof
            ]
        );
        assert_eq!(toks("{{ oré }}")[1], Tok::Op("or"));
        assert_eq!(toks("{{ x is not y }}")[2], Tok::Op("is not"));
        assert_eq!(toks("{{ x is  not y }}")[2], Tok::Op("is"));
    }

    #[test]
    fn numbers_and_longs() {
        assert_eq!(toks("{{ 10L }}")[1], Tok::Long("10".into()));
        assert_eq!(toks("{{ 1.5 }}")[1], Tok::Number("1.5".into()));
        assert_eq!(
            &toks("{{ 1..3 }}")[1..4],
            &[
                Tok::Number("1".into()),
                Tok::Op(".."),
                Tok::Number("3".into())
            ]
        );
    }

    #[test]
    fn strings() {
        assert_eq!(toks("{{ 'it\\'s' }}")[1], Tok::Str("it's".into()));
        assert_eq!(toks("{{ \"a\\nb\" }}")[1], Tok::Str("a\\nb".into()));
        assert_eq!(
            toks("{{ \"a#{x}\" }}")[1..5],
            [
                Tok::Str("a".into()),
                Tok::InterpStart,
                Tok::Name("x".into()),
                Tok::InterpEnd
            ]
        );
        assert_eq!(tokenize("{{ \"a\\").unwrap_err().kind, ErrorKind::LexerHang);
    }

    #[test]
    fn closers_only_without_open_brackets() {
        assert_eq!(toks("{{{'a':1}}}").len(), 8);
        assert!(matches!(
            tokenize("{{ x }").unwrap_err().kind,
            ErrorKind::StrayCloser { found: '}' }
        ));
    }

    #[test]
    fn verbatim_and_comments() {
        assert_eq!(toks("{% verbatim %}{{ x {% endverbatim %}"), vec![Tok::Eof]);
        assert_eq!(toks("{# c #}a"), vec![Tok::Eof]);
        assert_eq!(tokenize("a {# c").unwrap_err().offset, 2);
    }
}
