//! Pebble's expression parser (precedence climbing, TEMPLATES.md §2.5),
//! including the cases Pebble rejects while parsing: a call on anything but
//! a bare name, an integer over 2^63-1, `block()` without a name, named
//! arguments in a method call, positional after named.
//!
//! Recursion is bounded by [`MAX_DEPTH`]: deep nesting is an error, never a
//! stack overflow.

use super::ast::{Args, BinOp, Call, Expr, ExprKind, Lit, UnOp};
use super::error::{ErrorKind, TemplateError};
use super::lexer::{Tok, Token};

/// Deepest nesting (expressions and block tags together) the checker
/// follows. Real templates nest a handful of levels; the platform's own
/// stack overflows near 5,000. The limit keeps the checker's recursion
/// within a 2 MiB thread stack even in debug builds.
pub(crate) const MAX_DEPTH: usize = 64;

/// Names `set`, `for`, macro parameters and named arguments may not take.
const RESERVED: [&str; 4] = ["true", "false", "null", "none"];

/// A cursor over the tokens, shared by the expression and tag parsers.
pub(crate) struct Parser {
    pub(super) tokens: Vec<Token>,
    pub(super) pos: usize,
    depth: usize,
}

/// Precedence of a binary operator token (`|` and `is` included).
fn precedence(op: &str) -> Option<u32> {
    Some(match op {
        ".." => 120,
        "~" => 110,
        "|" => 100,
        "*" | "/" | "%" => 60,
        "+" | "-" => 40,
        "==" | "equals" | "!=" | "<" | ">" | "<=" | ">=" => 30,
        "is" | "is not" | "contains" => 20,
        "and" => 15,
        "or" => 10,
        _ => return None,
    })
}

fn bin_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "or" => BinOp::Or,
        "and" => BinOp::And,
        "contains" => BinOp::Contains,
        "==" | "equals" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        ">" => BinOp::Gt,
        "<=" => BinOp::Le,
        ">=" => BinOp::Ge,
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "~" => BinOp::Concat,
        ".." => BinOp::Range,
        _ => return None,
    })
}

/// How a token reads in a message.
pub(crate) fn describe(tok: &Tok) -> String {
    match tok {
        Tok::PrintStart => "`{{`".into(),
        Tok::PrintEnd => "`}}`".into(),
        Tok::ExecStart => "`{%`".into(),
        Tok::ExecEnd => "`%}`".into(),
        Tok::Name(n) => format!("`{n}`"),
        Tok::Op(o) => format!("operator `{o}`"),
        Tok::Long(d) => format!("`{d}L`"),
        Tok::Number(d) => format!("number `{d}`"),
        Tok::Punct(c) => format!("`{c}`"),
        Tok::Str(s) => {
            let short: String = s.chars().take(20).collect();
            format!("string '{short}'")
        }
        Tok::InterpStart => "`#{`".into(),
        Tok::InterpEnd => "`}` ending `#{`".into(),
        Tok::Eof => "the end of the template".into(),
    }
}

impl Parser {
    /// A parser over `tokens` (which end with [`Tok::Eof`]).
    pub(crate) fn new(tokens: Vec<Token>) -> Self {
        Self {
            tokens,
            pos: 0,
            depth: 0,
        }
    }

    pub(super) fn current(&self) -> &Tok {
        self.tokens.get(self.pos).map_or(&Tok::Eof, |t| &t.tok)
    }

    pub(super) fn peek(&self) -> &Tok {
        self.tokens.get(self.pos + 1).map_or(&Tok::Eof, |t| &t.tok)
    }

    pub(super) fn at(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or_else(|| self.tokens.last())
            .map_or(0, |t| t.at)
    }

    pub(super) fn advance(&mut self) {
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
    }

    pub(super) fn unexpected(&self, expected: &str) -> TemplateError {
        TemplateError::new(
            self.at(),
            ErrorKind::Unexpected {
                found: describe(self.current()),
                expected: expected.into(),
            },
        )
    }

    pub(super) fn expect_punct(&mut self, c: char) -> Result<(), TemplateError> {
        if *self.current() == Tok::Punct(c) {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{c}`")))
        }
    }

    pub(super) fn expect_name(&mut self, what: &str) -> Result<(String, usize), TemplateError> {
        if let Tok::Name(n) = self.current() {
            let out = (n.clone(), self.at());
            self.advance();
            Ok(out)
        } else {
            Err(self.unexpected(what))
        }
    }

    /// A name that receives a value (`set`, `for`, parameters, named args).
    pub(super) fn new_variable_name(&mut self) -> Result<String, TemplateError> {
        let at = self.at();
        let (name, _) = self.expect_name("a name")?;
        if RESERVED.contains(&name.as_str()) {
            return Err(TemplateError::new(at, ErrorKind::Reserved { name }));
        }
        Ok(name)
    }

    pub(super) fn enter(&mut self) -> Result<(), TemplateError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TemplateError::new(
                self.at(),
                ErrorKind::TooDeep { limit: MAX_DEPTH },
            ));
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// A full expression, ternary included.
    pub(crate) fn expression(&mut self) -> Result<Expr, TemplateError> {
        self.enter()?;
        let out = self.binary(0);
        self.depth -= 1;
        out
    }

    fn binary(&mut self, min: u32) -> Result<Expr, TemplateError> {
        let mut left = self.operand()?;
        while let Tok::Op(op) = *self.current() {
            let Some(prec) = precedence(op) else { break };
            if prec < min {
                break;
            }
            let at = self.at();
            self.advance();
            left = match op {
                "|" => {
                    let call = self.filter_call()?;
                    Expr {
                        kind: ExprKind::Filter(Box::new(left), call),
                        at,
                    }
                }
                "is" | "is not" => {
                    let call = self.filter_call()?;
                    Expr {
                        kind: ExprKind::Test(Box::new(left), op == "is not", call),
                        at,
                    }
                }
                _ => {
                    self.enter()?;
                    let right = self.binary(prec + 1);
                    self.depth -= 1;
                    let op = bin_op(op).ok_or_else(|| self.unexpected("an operator"))?;
                    Expr {
                        kind: ExprKind::Binary(op, Box::new(left), Box::new(right?)),
                        at,
                    }
                }
            };
        }
        if min == 0 && *self.current() == Tok::Punct('?') {
            let at = self.at();
            self.advance();
            let yes = self.expression()?;
            self.expect_punct(':')?;
            let no = self.expression()?;
            left = Expr {
                kind: ExprKind::Ternary(Box::new(left), Box::new(yes), Box::new(no)),
                at,
            };
        }
        Ok(left)
    }

    fn operand(&mut self) -> Result<Expr, TemplateError> {
        let at = self.at();
        match self.current().clone() {
            Tok::Op(op @ ("not" | "-" | "+")) => {
                self.advance();
                self.enter()?;
                let inner = self.binary(500);
                self.depth -= 1;
                let op = match op {
                    "not" => UnOp::Not,
                    "-" => UnOp::Neg,
                    _ => UnOp::Pos,
                };
                Ok(Expr {
                    kind: ExprKind::Unary(op, Box::new(inner?)),
                    at,
                })
            }
            Tok::Punct('(') => {
                self.advance();
                let inner = self.expression()?;
                self.expect_punct(')')?;
                self.postfix(inner)
            }
            Tok::Punct('[') => self.list(at),
            Tok::Punct('{') => self.map(at),
            _ => {
                let primary = self.primary()?;
                self.postfix(primary)
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, TemplateError> {
        let at = self.at();
        let kind = match self.current().clone() {
            Tok::Name(n) => {
                self.advance();
                match n.as_str() {
                    "true" | "TRUE" => ExprKind::Lit(Lit::Bool(true)),
                    "false" | "FALSE" => ExprKind::Lit(Lit::Bool(false)),
                    "null" | "NULL" | "none" | "NONE" => ExprKind::Lit(Lit::Null),
                    _ if *self.current() == Tok::Punct('(') => {
                        return self.invocation(n, at);
                    }
                    _ => ExprKind::Var(n),
                }
            }
            Tok::Long(digits) | Tok::Number(digits) if !digits.contains('.') => {
                self.advance();
                match digits.parse::<i64>() {
                    Ok(v) => ExprKind::Lit(Lit::Long(v)),
                    Err(_) => {
                        return Err(TemplateError::new(at, ErrorKind::LongOverflow { digits }))
                    }
                }
            }
            Tok::Number(digits) => {
                self.advance();
                ExprKind::Lit(Lit::Double(digits.parse().unwrap_or(f64::INFINITY)))
            }
            Tok::Str(_) | Tok::InterpStart => return self.string(),
            _ => return Err(self.unexpected("an expression")),
        };
        Ok(Expr { kind, at })
    }

    /// `name(args)`: `parent` and `block` are parsed specially.
    fn invocation(&mut self, name: String, at: usize) -> Result<Expr, TemplateError> {
        let args = self.arguments()?;
        let kind = match name.as_str() {
            "parent" => ExprKind::Parent,
            "block" => match args.positional.into_iter().next() {
                Some(first) => ExprKind::BlockFn(Box::new(first)),
                None => return Err(TemplateError::new(at, ErrorKind::BlockWithoutName)),
            },
            _ => ExprKind::Call(Call { name, at, args }),
        };
        self.postfix(Expr { kind, at })
    }

    /// Strings and interpolations; two plain strings in a row stop here
    /// (and then fail where the caller expects something else).
    fn string(&mut self) -> Result<Expr, TemplateError> {
        let at = self.at();
        let mut parts = Vec::new();
        let mut last_was_string = false;
        loop {
            match self.current().clone() {
                Tok::Str(s) if !last_was_string => {
                    parts.push(Expr {
                        kind: ExprKind::Lit(Lit::Str(s)),
                        at: self.at(),
                    });
                    self.advance();
                    last_was_string = true;
                }
                Tok::InterpStart => {
                    self.advance();
                    parts.push(self.expression()?);
                    if *self.current() != Tok::InterpEnd {
                        return Err(self.unexpected("`}` to end `#{`"));
                    }
                    self.advance();
                    last_was_string = false;
                }
                _ => break,
            }
        }
        let expr = if parts.len() == 1 {
            parts.pop().unwrap_or(Expr {
                kind: ExprKind::Lit(Lit::Null),
                at,
            })
        } else {
            Expr {
                kind: ExprKind::Interpolated(parts),
                at,
            }
        };
        self.postfix(expr)
    }

    fn postfix(&mut self, mut node: Expr) -> Result<Expr, TemplateError> {
        loop {
            let at = self.at();
            match self.current() {
                Tok::Punct('.') => {
                    self.advance();
                    let (name, name_at) = self.expect_name("an attribute name after `.`")?;
                    let args = if *self.current() == Tok::Punct('(') {
                        let args = self.arguments()?;
                        if let Some((_, named_at, _)) = args.named.first() {
                            return Err(TemplateError::new(
                                *named_at,
                                ErrorKind::NamedInMethodCall,
                            ));
                        }
                        Some(args.positional)
                    } else {
                        None
                    };
                    node = Expr {
                        kind: ExprKind::Attr {
                            object: Box::new(node),
                            key: Box::new(Expr {
                                kind: ExprKind::Lit(Lit::Str(name)),
                                at: name_at,
                            }),
                            args,
                        },
                        at: name_at,
                    };
                }
                Tok::Punct('[') => {
                    self.advance();
                    let key = self.expression()?;
                    self.expect_punct(']')?;
                    node = Expr {
                        kind: ExprKind::Attr {
                            object: Box::new(node),
                            key: Box::new(key),
                            args: None,
                        },
                        at,
                    };
                }
                Tok::Punct('(') => {
                    return Err(TemplateError::new(at, ErrorKind::CallOnNonName));
                }
                _ => return Ok(node),
            }
        }
    }

    fn list(&mut self, at: usize) -> Result<Expr, TemplateError> {
        self.advance();
        let mut items = Vec::new();
        if *self.current() != Tok::Punct(']') {
            loop {
                items.push(self.expression()?);
                if *self.current() == Tok::Punct(']') {
                    break;
                }
                self.expect_punct(',')?;
            }
        }
        self.advance();
        Ok(Expr {
            kind: ExprKind::List(items),
            at,
        })
    }

    fn map(&mut self, at: usize) -> Result<Expr, TemplateError> {
        self.advance();
        let mut entries = Vec::new();
        if *self.current() != Tok::Punct('}') {
            loop {
                let key = self.expression()?;
                self.expect_punct(':')?;
                let value = self.expression()?;
                entries.push((key, value));
                if *self.current() == Tok::Punct('}') {
                    break;
                }
                self.expect_punct(',')?;
            }
        }
        self.advance();
        Ok(Expr {
            kind: ExprKind::Map(entries),
            at,
        })
    }

    /// `name` or `name(args)` after `|` or `is`.
    pub(super) fn filter_call(&mut self) -> Result<Call, TemplateError> {
        let (name, at) = self.expect_name("a name")?;
        let args = if *self.current() == Tok::Punct('(') {
            self.arguments()?
        } else {
            Args::default()
        };
        Ok(Call { name, at, args })
    }

    /// `( [arg {, arg}] )`, `arg := [NAME =] expression`.
    pub(super) fn arguments(&mut self) -> Result<Args, TemplateError> {
        self.expect_punct('(')?;
        let mut args = Args::default();
        while *self.current() != Tok::Punct(')') {
            if !args.positional.is_empty() || !args.named.is_empty() {
                self.expect_punct(',')?;
            }
            if *self.peek() == Tok::Punct('=') {
                let name_at = self.at();
                let name = self.new_variable_name()?;
                self.expect_punct('=')?;
                let value = self.expression()?;
                args.named.push((name, name_at, value));
            } else {
                let value = self.expression()?;
                if !args.named.is_empty() {
                    return Err(TemplateError::new(
                        value.at,
                        ErrorKind::PositionalAfterNamed,
                    ));
                }
                args.positional.push(value);
            }
        }
        self.advance();
        Ok(args)
    }

    /// Macro parameters: `(name [= default], …)`.
    pub(super) fn parameters(&mut self) -> Result<Vec<(String, Option<Expr>)>, TemplateError> {
        self.expect_punct('(')?;
        let mut params = Vec::new();
        while *self.current() != Tok::Punct(')') {
            if !params.is_empty() {
                self.expect_punct(',')?;
            }
            let name = self.new_variable_name()?;
            let default = if *self.current() == Tok::Punct('=') {
                self.advance();
                Some(self.expression()?)
            } else {
                None
            };
            params.push((name, default));
        }
        self.advance();
        Ok(params)
    }
}
