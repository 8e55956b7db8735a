//! Does a text parse as a Spring Expression (SpEL, Spring 6.2)? That is
//! all PocketHive's validate-only `eval(…)` does (TEMPLATES.md §4.2, §4.4):
//! tokenize, parse, and fail on text left over. Function names and argument
//! counts are not checked, exactly as on the platform.

use super::lexer::is_java_letter;

/// Longest SpEL text Spring 6 parses.
pub(crate) const MAX_LENGTH: usize = 10_000;
/// Deepest nesting this parser follows (a stack guard, not a SpEL rule).
const MAX_DEPTH: usize = 64;

/// A SpEL parse failure: byte offset in the text and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpelError {
    /// Byte offset in the SpEL text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum T {
    Int,
    Long,
    Real,
    Str,
    Ident(String),
    /// Symbols and word operators (`div`, `eq`, … upper-cased).
    Sym(&'static str),
}

#[derive(Debug, Clone)]
struct Tok {
    t: T,
    at: usize,
}

fn fail<X>(offset: usize, message: impl Into<String>) -> Result<X, SpelError> {
    Err(SpelError {
        offset,
        message: message.into(),
    })
}

/// Parses `text` as a standard (non-template) SpEL expression.
pub(crate) fn parse(text: &str) -> Result<(), SpelError> {
    if text.chars().count() > MAX_LENGTH {
        return fail(
            0,
            format!("the expression is longer than {MAX_LENGTH} characters"),
        );
    }
    let tokens = tokenize(text)?;
    let mut p = P {
        tokens,
        pos: 0,
        end: text.len(),
        depth: 0,
    };
    let present = p.expression()?;
    if let Some(t) = p.tokens.get(p.pos) {
        return fail(
            t.at,
            format!("unexpected {} after the expression", show(&t.t)),
        );
    }
    if !present {
        return fail(0, "no expression");
    }
    Ok(())
}

fn show(t: &T) -> String {
    match t {
        T::Int | T::Long | T::Real => "number".into(),
        T::Str => "string".into(),
        T::Ident(s) => format!("`{s}`"),
        T::Sym(s) => format!("`{}`", s.to_lowercase()),
    }
}

const WORD_OPERATORS: [&str; 9] = ["DIV", "EQ", "GE", "GT", "LE", "LT", "MOD", "NE", "NOT"];

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$' || (!c.is_ascii() && is_java_letter(c))
}

fn is_ident_part(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

fn tokenize(text: &str) -> Result<Vec<Tok>, SpelError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|(_, c)| *c);
        let mut two = |sym: &'static str| {
            chars.next();
            Tok { t: T::Sym(sym), at }
        };
        let tok = match (c, next) {
            (' ' | '\t' | '\r' | '\n', _) => continue,
            ('$', Some('[')) => two("$["),
            (c, _) if is_ident_start(c) => {
                let mut end = at + c.len_utf8();
                while let Some((i, c2)) = chars.peek().copied() {
                    if !is_ident_part(c2) {
                        break;
                    }
                    end = i + c2.len_utf8();
                    chars.next();
                }
                let word = text.get(at..end).unwrap_or("");
                let upper = word.to_ascii_uppercase();
                match WORD_OPERATORS.iter().find(|w| **w == upper) {
                    Some(w) => Tok { t: T::Sym(w), at },
                    None => Tok {
                        t: T::Ident(word.to_string()),
                        at,
                    },
                }
            }
            (c, _) if c.is_ascii_digit() => {
                let (t, len) = number(text.get(at..).unwrap_or(""), at)?;
                for _ in 1..len {
                    chars.next();
                }
                Tok { t, at }
            }
            ('\'' | '"', _) => {
                let quote = c;
                let mut closed = false;
                while let Some((_, c2)) = chars.next() {
                    if c2 == quote {
                        if chars.peek().map(|(_, c3)| *c3) == Some(quote) {
                            chars.next();
                            continue;
                        }
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return fail(at, "the string is never closed");
                }
                Tok { t: T::Str, at }
            }
            ('!', Some('=')) => two("!="),
            ('!', Some('[')) => two("!["),
            ('!', _) => Tok {
                t: T::Sym("NOT"),
                at,
            },
            ('=', Some('=')) => two("=="),
            ('=', _) => Tok { t: T::Sym("="), at },
            ('&', Some('&')) => two("&&"),
            ('&', _) => Tok { t: T::Sym("&"), at },
            ('|', Some('|')) => two("||"),
            ('|', _) => return fail(at, "a single `|` (write `||` or `or`)"),
            ('?', Some('[')) => two("?["),
            ('?', Some('.')) => two("?."),
            ('?', Some(':')) => two("?:"),
            ('?', _) => Tok { t: T::Sym("?"), at },
            ('^', Some('[')) => two("^["),
            ('^', _) => Tok { t: T::Sym("^"), at },
            ('<', Some('=')) => two("<="),
            ('<', _) => Tok { t: T::Sym("<"), at },
            ('>', Some('=')) => two(">="),
            ('>', _) => Tok { t: T::Sym(">"), at },
            ('+', Some('+')) => two("++"),
            ('+', _) => Tok { t: T::Sym("+"), at },
            ('-', Some('-')) => two("--"),
            ('-', _) => Tok { t: T::Sym("-"), at },
            ('*', _) => Tok { t: T::Sym("*"), at },
            ('/', _) => Tok {
                t: T::Sym("DIV"),
                at,
            },
            ('%', _) => Tok {
                t: T::Sym("MOD"),
                at,
            },
            ('(', _) => Tok { t: T::Sym("("), at },
            (')', _) => Tok { t: T::Sym(")"), at },
            ('[', _) => Tok { t: T::Sym("["), at },
            (']', _) => Tok { t: T::Sym("]"), at },
            ('{', _) => Tok { t: T::Sym("{"), at },
            ('}', _) => Tok { t: T::Sym("}"), at },
            ('@', _) => Tok { t: T::Sym("@"), at },
            ('#', _) => Tok { t: T::Sym("#"), at },
            (',', _) => Tok { t: T::Sym(","), at },
            (':', _) => Tok { t: T::Sym(":"), at },
            ('.', _) => Tok { t: T::Sym("."), at },
            (c, _) => return fail(at, format!("unexpected character `{c}`")),
        };
        out.push(tok);
    }
    Ok(out)
}

/// A numeric literal at the start of `s`: its kind and length in bytes.
fn number(s: &str, at: usize) -> Result<(T, usize), SpelError> {
    let digits = |from: usize, hex: bool| {
        s.get(from..).map_or(0, |r| {
            r.len()
                - r.trim_start_matches(|c: char| {
                    if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    }
                })
                .len()
        })
    };
    let byte = |i: usize| s.as_bytes().get(i).copied();
    if byte(0) == Some(b'0') && matches!(byte(1), Some(b'x' | b'X')) {
        let n = digits(2, true);
        if n == 0 {
            return fail(at, "`0x` needs hex digits");
        }
        let hex = s.get(2..2 + n).unwrap_or("");
        if matches!(byte(2 + n), Some(b'L' | b'l')) {
            return match u64::from_str_radix(hex, 16) {
                Ok(v) if i64::try_from(v).is_ok() => Ok((T::Long, 3 + n)),
                _ => fail(at, "the hex long does not fit a long"),
            };
        }
        return match u32::from_str_radix(hex, 16) {
            Ok(v) if i32::try_from(v).is_ok() => Ok((T::Int, 2 + n)),
            _ => fail(at, format!("`0x{hex}` does not fit an int (add `L`)")),
        };
    }
    let int = digits(0, false);
    let mut len = int;
    let mut real = false;
    if byte(len) == Some(b'.') && byte(len + 1).is_some_and(|b| b.is_ascii_digit()) {
        real = true;
        len += 1 + digits(len + 1, false);
    }
    if matches!(byte(len), Some(b'e' | b'E')) {
        let mut e = len + 1;
        if matches!(byte(e), Some(b'+' | b'-')) {
            e += 1;
        }
        let n = digits(e, false);
        if n == 0 {
            return fail(at, "the exponent needs digits");
        }
        real = true;
        len = e + n;
    }
    if matches!(byte(len), Some(b'f' | b'F' | b'd' | b'D')) {
        return Ok((T::Real, len + 1));
    }
    if matches!(byte(len), Some(b'L' | b'l')) {
        if real {
            return fail(at, "a real number cannot end in `L`");
        }
        let text = s.get(..int).unwrap_or("");
        return match text.parse::<i64>() {
            Ok(_) => Ok((T::Long, len + 1)),
            Err(_) => fail(at, format!("`{text}L` does not fit a long")),
        };
    }
    if real {
        return Ok((T::Real, len));
    }
    let text = s.get(..int).unwrap_or("");
    match text.parse::<i32>() {
        Ok(_) => Ok((T::Int, len)),
        Err(_) => fail(
            at,
            format!("`{text}` does not fit an int (use `{text}L` or `#randLong`)"),
        ),
    }
}

struct P {
    tokens: Vec<Tok>,
    pos: usize,
    end: usize,
    depth: usize,
}

type Parsed = Result<bool, SpelError>;

impl P {
    fn peek(&self) -> Option<&T> {
        self.tokens.get(self.pos).map(|t| &t.t)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.at)
    }

    fn is(&self, sym: &str) -> bool {
        matches!(self.peek(), Some(T::Sym(s)) if *s == sym)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(T::Ident(s)) if s.eq_ignore_ascii_case(word))
    }

    fn eat(&mut self, sym: &str) -> bool {
        let yes = self.is(sym);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn expect(&mut self, sym: &str) -> Result<(), SpelError> {
        if self.eat(sym) {
            Ok(())
        } else {
            let found = self.peek().map_or("the end".into(), show);
            fail(self.at(), format!("expected `{sym}`, found {found}"))
        }
    }

    fn operand(&self, present: bool, at: usize, op: &str) -> Result<(), SpelError> {
        if present {
            Ok(())
        } else {
            fail(at, format!("`{}` is missing an operand", op.to_lowercase()))
        }
    }

    fn expression(&mut self) -> Parsed {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return fail(self.at(), "the expression nests too deeply");
        }
        let out = self.expression_inner();
        self.depth -= 1;
        out
    }

    fn expression_inner(&mut self) -> Parsed {
        let left = self.or()?;
        let at = self.at();
        if self.eat("=") {
            let right = self.or()?;
            self.operand(left && right, at, "=")?;
            return Ok(true);
        }
        if self.eat("?:") {
            self.expression()?;
            return Ok(true);
        }
        if self.eat("?") {
            let yes = self.expression()?;
            self.operand(yes, at, "?")?;
            self.expect(":")?;
            let no = self.expression()?;
            self.operand(no, at, ":")?;
            return Ok(true);
        }
        Ok(left)
    }

    fn or(&mut self) -> Parsed {
        let mut left = self.and()?;
        while self.is_word("or") || self.is("||") {
            let at = self.at();
            self.pos += 1;
            let right = self.and()?;
            self.operand(left && right, at, "or")?;
            left = true;
        }
        Ok(left)
    }

    fn and(&mut self) -> Parsed {
        let mut left = self.relational()?;
        while self.is_word("and") || self.is("&&") {
            let at = self.at();
            self.pos += 1;
            let right = self.relational()?;
            self.operand(left && right, at, "and")?;
            left = true;
        }
        Ok(left)
    }

    fn relational(&mut self) -> Parsed {
        let left = self.sum()?;
        let at = self.at();
        let rel = matches!(
            self.peek(),
            Some(T::Sym(
                "==" | "!=" | "<" | "<=" | ">" | ">=" | "EQ" | "NE" | "LT" | "LE" | "GT" | "GE"
            ))
        ) || self.is_word("instanceof")
            || self.is_word("matches")
            || self.is_word("between");
        if rel {
            self.pos += 1;
            let right = self.sum()?;
            self.operand(left && right, at, "comparison")?;
            return Ok(true);
        }
        Ok(left)
    }

    fn sum(&mut self) -> Parsed {
        let mut left = self.product()?;
        while self.is("+") || self.is("-") {
            let at = self.at();
            self.pos += 1;
            let right = self.product()?;
            self.operand(right, at, "+")?;
            left = true;
        }
        Ok(left)
    }

    fn product(&mut self) -> Parsed {
        let mut left = self.power()?;
        while self.is("*") || self.is("DIV") || self.is("MOD") {
            let at = self.at();
            self.pos += 1;
            let right = self.power()?;
            self.operand(left && right, at, "*")?;
            left = true;
        }
        Ok(left)
    }

    fn power(&mut self) -> Parsed {
        let left = self.unary()?;
        let at = self.at();
        if self.eat("^") {
            let right = self.unary()?;
            self.operand(left && right, at, "^")?;
            return Ok(true);
        }
        if self.is("++") || self.is("--") {
            self.operand(left, at, "++")?;
            self.pos += 1;
            return Ok(true);
        }
        Ok(left)
    }

    fn unary(&mut self) -> Parsed {
        let at = self.at();
        if self.is("+") || self.is("-") || self.is("NOT") || self.is("++") || self.is("--") {
            self.pos += 1;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return fail(at, "the expression nests too deeply");
            }
            let inner = self.unary();
            self.depth -= 1;
            self.operand(inner?, at, "unary operator")?;
            return Ok(true);
        }
        self.primary()
    }

    fn primary(&mut self) -> Parsed {
        if !self.start()? {
            return Ok(false);
        }
        loop {
            let at = self.at();
            if self.is(".") || self.is("?.") {
                let null_safe = self.is("?.");
                self.pos += 1;
                if !(self.method_or_property()?
                    || self.function_or_var()?
                    || self.bracketed(&["![", "?[", "^[", "$["])?
                    || (null_safe && self.bracketed(&["["])?))
                {
                    return fail(at, "expected a property, method or selection after `.`");
                }
            } else if !self.bracketed(&["["])? {
                return Ok(true);
            }
        }
    }

    /// `X[ expr ]` for X in `opens`.
    fn bracketed(&mut self, opens: &[&str]) -> Parsed {
        let at = self.at();
        if !opens.iter().any(|o| self.is(o)) {
            return Ok(false);
        }
        self.pos += 1;
        let inner = self.expression()?;
        self.operand(inner, at, "[")?;
        self.expect("]")?;
        Ok(true)
    }

    fn start(&mut self) -> Parsed {
        let at = self.at();
        match self.peek().cloned() {
            None => Ok(false),
            Some(T::Int | T::Long | T::Real | T::Str) => {
                self.pos += 1;
                Ok(true)
            }
            Some(T::Sym("(")) => {
                self.pos += 1;
                let inner = self.expression()?;
                if !inner {
                    return fail(at, "empty parentheses");
                }
                self.expect(")")?;
                Ok(true)
            }
            Some(T::Ident(word)) => {
                let lower = word.to_ascii_lowercase();
                if word == "T" && !self.next_is("]") {
                    self.pos += 1;
                    self.expect("(")?;
                    self.qualified_id()?;
                    while self.eat("[") {
                        self.expect("]")?;
                    }
                    self.expect(")")?;
                    return Ok(true);
                }
                if lower == "new" && !self.next_is("]") {
                    self.pos += 1;
                    self.qualified_id()?;
                    if self.is("[") {
                        while self.eat("[") {
                            if !self.is("]") {
                                self.expression()?;
                            }
                            self.expect("]")?;
                        }
                        if self.is("{") {
                            self.inline()?;
                        }
                        return Ok(true);
                    }
                    if !self.is("(") {
                        return fail(self.at(), "a constructor call needs `(`");
                    }
                    self.arguments()?;
                    return Ok(true);
                }
                self.method_or_property()
            }
            Some(T::Sym("#")) => self.function_or_var(),
            Some(T::Sym("@" | "&")) => {
                self.pos += 1;
                match self.peek() {
                    Some(T::Ident(_) | T::Str) => {
                        self.pos += 1;
                        Ok(true)
                    }
                    _ => fail(at, "a bean reference needs a name"),
                }
            }
            Some(T::Sym("![" | "?[" | "^[" | "$[" | "[")) => {
                self.bracketed(&["![", "?[", "^[", "$[", "["])
            }
            Some(T::Sym("{")) => self.inline(),
            Some(_) => Ok(false),
        }
    }

    fn next_is(&self, sym: &str) -> bool {
        matches!(self.tokens.get(self.pos + 1).map(|t| &t.t), Some(T::Sym(s)) if *s == sym)
    }

    fn qualified_id(&mut self) -> Result<(), SpelError> {
        loop {
            match self.peek() {
                Some(T::Ident(_)) => self.pos += 1,
                _ => return fail(self.at(), "expected a qualified name"),
            }
            if !self.eat(".") {
                return Ok(());
            }
        }
    }

    fn method_or_property(&mut self) -> Parsed {
        if !matches!(self.peek(), Some(T::Ident(_))) {
            return Ok(false);
        }
        self.pos += 1;
        if self.is("(") {
            self.arguments()?;
        }
        Ok(true)
    }

    fn function_or_var(&mut self) -> Parsed {
        if !self.eat("#") {
            return Ok(false);
        }
        match self.peek() {
            Some(T::Ident(_)) => self.pos += 1,
            _ => return fail(self.at(), "`#` needs a function or variable name"),
        }
        if self.is("(") {
            self.arguments()?;
        }
        Ok(true)
    }

    /// `( [expr] {, [expr]} )`: Spring allows a trailing comma.
    fn arguments(&mut self) -> Result<(), SpelError> {
        let open = self.at();
        self.expect("(")?;
        loop {
            match self.peek() {
                None => return fail(open, "the arguments are never closed with `)`"),
                Some(T::Sym(")")) => break,
                _ => {
                    self.expression()?;
                }
            }
            if !self.eat(",") {
                break;
            }
        }
        self.expect(")")
    }

    /// `{}`, `{:}`, `{a, b}`, `{k: v, …}`.
    fn inline(&mut self) -> Parsed {
        let open = self.at();
        self.expect("{")?;
        if self.eat("}") {
            return Ok(true);
        }
        if self.eat(":") {
            self.expect("}")?;
            return Ok(true);
        }
        let first = self.expression()?;
        self.operand(first, open, "{")?;
        if self.eat(":") {
            let v = self.expression()?;
            self.operand(v, open, ":")?;
            while self.eat(",") {
                let k = self.expression()?;
                self.operand(k, open, "{")?;
                self.expect(":")?;
                let v = self.expression()?;
                self.operand(v, open, ":")?;
            }
        } else {
            while self.eat(",") {
                let item = self.expression()?;
                self.operand(item, open, "{")?;
            }
        }
        self.expect("}")?;
        Ok(true)
    }
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

    #[test]
    fn accepted() {
        for ok in [
            "#uuid()",
            "#nosuch(1)",
            "T(java.lang.Runtime).getRuntime()",
            "#md5_hex('')",
            "#date_format(now, 'yyyy-MM-dd''T''HH:mm:ssZ')",
            "#f(1,)",
            "x?.[0]",
            "été",
            "payload.a.b[0] > 3 and headers['x'] != null",
            "{1, 2}",
            "{a: 1}",
            "#randInt(100000,999999)",
            "1 eq 1 ? 'a' : 'b'",
            "0x1F + 2L + 1.5e3 + 2f",
            "x ?: 'd'",
        ] {
            assert_eq!(parse(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejected() {
        for (bad, at) in [
            ("#randInt(1,", 8),
            ("a b", 2),
            ("'unterminated", 0),
            ("#{x}", 1),
            ("#randInt(0, 3000000000)", 12),
            ("'a' ~ 'b'", 4),
            ("x | y", 2),
            ("()", 0),
            ("1 +", 2),
            ("x[]", 1),
            ("{a:}", 0),
            ("1 < 2 < 3", 6),
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.offset, at, "{bad}: {e:?}");
        }
        assert!(parse(&"1+".repeat(5_001)).is_err());
    }
}
