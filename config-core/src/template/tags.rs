//! The template level: text, `{{ }}` and the core tags (TEMPLATES.md §3.1).
//!
//! Tag names are case-sensitive; an unknown name, or an end tag with no
//! opener, is a compile error. Block tags left open are errors too (the
//! platform runs past its token list there).

use super::ast::{ExprKind, Macro, Node, Template};
use super::error::{ErrorKind, TemplateError};
use super::expr::Parser;
use super::lexer::Tok;
use super::registry::{suggest, TAGS};

/// Which end tags stop the body being parsed.
type Stop = &'static [&'static str];

impl Parser {
    /// The whole template.
    pub(crate) fn template(&mut self) -> Result<Template, TemplateError> {
        let mut macros: Vec<(String, Macro, usize)> = Vec::new();
        let (nodes, _) = self.body(&[], &mut macros)?;
        let mut out = Template {
            nodes,
            macros: Vec::new(),
        };
        for (name, m, at) in macros {
            if out.macros.iter().any(|(n, _)| *n == name) {
                return Err(TemplateError::new(at, ErrorKind::DuplicateMacro { name }));
            }
            out.macros.push((name, m));
        }
        Ok(out)
    }

    /// Nodes up to a `{% name %}` in `stop` (left as the current token) or
    /// the end. Returns the nodes and whether a stop tag was reached.
    fn body(
        &mut self,
        stop: Stop,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<(Vec<Node>, bool), TemplateError> {
        // A tag level costs the checker far more stack than an expression
        // level: it counts twice against the nesting limit.
        self.enter()?;
        self.enter()?;
        let out = self.body_inner(stop, macros);
        self.leave();
        self.leave();
        out
    }

    fn body_inner(
        &mut self,
        stop: Stop,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<(Vec<Node>, bool), TemplateError> {
        let mut nodes = Vec::new();
        loop {
            match self.current().clone() {
                Tok::Eof => return Ok((nodes, false)),
                Tok::PrintStart => {
                    self.advance();
                    let e = self.expression()?;
                    if *self.current() != Tok::PrintEnd {
                        return Err(self.unexpected("`}}`"));
                    }
                    self.advance();
                    nodes.push(Node::Print(e));
                }
                Tok::ExecStart => {
                    self.advance();
                    let Tok::Name(name) = self.current().clone() else {
                        return Err(self.unexpected("a tag name after `{%`"));
                    };
                    if stop.contains(&name.as_str()) {
                        return Ok((nodes, true));
                    }
                    if let Some(node) = self.tag(&name, macros)? {
                        nodes.push(node);
                    }
                }
                _ => return Err(self.unexpected("text or a tag")),
            }
        }
    }

    fn expect_exec_end(&mut self) -> Result<(), TemplateError> {
        if *self.current() == Tok::ExecEnd {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected("`%}`"))
        }
    }

    /// A body that must end with `{% end %}`; consumes the end tag.
    fn closed_body(
        &mut self,
        tag: &'static str,
        end: &'static str,
        at: usize,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<Vec<Node>, TemplateError> {
        let ends: Stop = match end {
            "endmacro" => &["endmacro"],
            "endfilter" => &["endfilter"],
            "endautoescape" => &["endautoescape"],
            "endparallel" => &["endparallel"],
            "endcache" => &["endcache"],
            _ => &["endblock"],
        };
        let (nodes, closed) = self.body(ends, macros)?;
        if !closed {
            return Err(TemplateError::new(
                at,
                ErrorKind::UnclosedBlock { tag, end },
            ));
        }
        self.advance();
        Ok(nodes)
    }

    /// One tag, the current token being its name.
    fn tag(
        &mut self,
        name: &str,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<Option<Node>, TemplateError> {
        let at = self.at();
        match name {
            "if" => self.if_tag(at, macros).map(Some),
            "for" => self.for_tag(at, macros).map(Some),
            "set" => {
                self.advance();
                let name = self.new_variable_name()?;
                self.expect_punct('=')?;
                let value = self.expression()?;
                self.expect_exec_end()?;
                Ok(Some(Node::Set { name, value }))
            }
            "macro" => {
                self.advance();
                let (name, _) = self.expect_name("the macro name")?;
                let params = self.parameters()?;
                self.expect_exec_end()?;
                let body = self.closed_body("macro", "endmacro", at, macros)?;
                self.expect_exec_end()?;
                macros.push((name, Macro { params, body }, at));
                Ok(None)
            }
            "block" => {
                self.advance();
                let block_name = match self.current() {
                    Tok::Name(n) | Tok::Str(n) => n.clone(),
                    _ => return Err(self.unexpected("the block name")),
                };
                self.advance();
                self.expect_exec_end()?;
                let body = self.closed_body("block", "endblock", at, macros)?;
                if matches!(self.current(), Tok::Name(n) | Tok::Str(n) if *n == block_name) {
                    self.advance();
                }
                self.expect_exec_end()?;
                Ok(Some(Node::Body(body)))
            }
            "filter" => {
                self.advance();
                let mut calls = vec![self.filter_call()?];
                while *self.current() == Tok::Op("|") {
                    self.advance();
                    calls.push(self.filter_call()?);
                }
                self.expect_exec_end()?;
                let body = self.closed_body("filter", "endfilter", at, macros)?;
                self.expect_exec_end()?;
                Ok(Some(Node::Filter(calls, body)))
            }
            "autoescape" => {
                self.advance();
                let mut active = true;
                let mut strategy = None;
                if let Tok::Name(n) = self.current() {
                    active = n.eq_ignore_ascii_case("true");
                    self.advance();
                }
                if let Tok::Str(s) = self.current() {
                    strategy = Some(s.clone());
                    self.advance();
                }
                self.expect_exec_end()?;
                let body = self.closed_body("autoescape", "endautoescape", at, macros)?;
                self.expect_exec_end()?;
                Ok(Some(Node::Autoescape {
                    active,
                    strategy,
                    body,
                }))
            }
            "parallel" => {
                self.advance();
                self.expect_exec_end()?;
                let body = self.closed_body("parallel", "endparallel", at, macros)?;
                self.expect_exec_end()?;
                Ok(Some(Node::Body(body)))
            }
            "cache" => {
                self.advance();
                let key = self.expression()?;
                // Pebble skips the token after the key without looking at it.
                self.advance();
                let body = self.closed_body("cache", "endcache", at, macros)?;
                self.expect_exec_end()?;
                Ok(Some(Node::Cache(key, body)))
            }
            "flush" => {
                self.advance();
                self.expect_exec_end()?;
                Ok(None)
            }
            "include" | "embed" => self.include_tag(name, at, macros).map(Some),
            "extends" => {
                self.advance();
                let e = self.expression()?;
                self.expect_exec_end()?;
                Ok(Some(Node::Load("extends", e, at)))
            }
            "import" => {
                self.advance();
                let e = self.expression()?;
                if *self.current() == Tok::Name("as".into()) {
                    self.advance();
                    self.expect_name("a name after `as`")?;
                }
                self.expect_exec_end()?;
                Ok(Some(Node::Load("import", e, at)))
            }
            "from" => {
                self.advance();
                let e = self.expression()?;
                if *self.current() != Tok::Name("import".into()) {
                    return Err(self.unexpected("`import`"));
                }
                self.advance();
                while *self.current() != Tok::ExecEnd {
                    self.expect_name("a macro name")?;
                    if *self.current() == Tok::Name("as".into()) {
                        self.advance();
                        self.expect_name("a name after `as`")?;
                    }
                    match self.current() {
                        Tok::Punct(',') => self.advance(),
                        Tok::ExecEnd => break,
                        _ => return Err(self.unexpected("`,` or `%}`")),
                    }
                }
                self.expect_exec_end()?;
                Ok(Some(Node::Load("from", e, at)))
            }
            _ => Err(TemplateError::new(
                at,
                ErrorKind::UnknownTag {
                    name: name.to_string(),
                    suggestion: tag_hint(name),
                },
            )),
        }
    }

    fn if_tag(
        &mut self,
        at: usize,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<Node, TemplateError> {
        const FORK: Stop = &["elseif", "else", "endif"];
        self.advance();
        let mut branches = Vec::new();
        let mut cond = self.expression()?;
        self.expect_exec_end()?;
        let mut otherwise = None;
        loop {
            let (body, closed) = self.body(FORK, macros)?;
            if !closed {
                return Err(TemplateError::new(
                    at,
                    ErrorKind::UnclosedBlock {
                        tag: "if",
                        end: "endif",
                    },
                ));
            }
            branches.push((cond, body));
            match self.current().clone() {
                Tok::Name(n) if n == "elseif" => {
                    self.advance();
                    cond = self.expression()?;
                    self.expect_exec_end()?;
                }
                Tok::Name(n) if n == "else" => {
                    self.advance();
                    self.expect_exec_end()?;
                    let (body, closed) = self.body(&["endif"], macros)?;
                    if !closed {
                        return Err(TemplateError::new(
                            at,
                            ErrorKind::UnclosedBlock {
                                tag: "if",
                                end: "endif",
                            },
                        ));
                    }
                    otherwise = Some(body);
                    self.advance();
                    break;
                }
                _ => {
                    self.advance();
                    break;
                }
            }
        }
        self.expect_exec_end()?;
        Ok(Node::If {
            branches,
            otherwise,
        })
    }

    fn for_tag(
        &mut self,
        at: usize,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<Node, TemplateError> {
        self.advance();
        let var = self.new_variable_name()?;
        if *self.current() != Tok::Name("in".into()) {
            return Err(self.unexpected("`in`"));
        }
        self.advance();
        let iterable = self.expression()?;
        self.expect_exec_end()?;
        let unclosed = TemplateError::new(
            at,
            ErrorKind::UnclosedBlock {
                tag: "for",
                end: "endfor",
            },
        );
        let (body, closed) = self.body(&["else", "endfor"], macros)?;
        if !closed {
            return Err(unclosed);
        }
        let mut otherwise = None;
        if *self.current() == Tok::Name("else".into()) {
            self.advance();
            self.expect_exec_end()?;
            let (other, closed) = self.body(&["endfor"], macros)?;
            if !closed {
                return Err(unclosed);
            }
            otherwise = Some(other);
        }
        self.advance();
        self.expect_exec_end()?;
        Ok(Node::For {
            var,
            iterable,
            body,
            otherwise,
        })
    }

    fn include_tag(
        &mut self,
        name: &str,
        at: usize,
        macros: &mut Vec<(String, Macro, usize)>,
    ) -> Result<Node, TemplateError> {
        self.advance();
        let e = self.expression()?;
        if *self.current() == Tok::Name("with".into()) {
            self.advance();
            let with = self.expression()?;
            if !matches!(with.kind, ExprKind::Map(_)) {
                return Err(TemplateError::new(with.at, ErrorKind::WithNotAMap));
            }
        }
        self.expect_exec_end()?;
        if name == "include" {
            return Ok(Node::Load("include", e, at));
        }
        // `embed`: only whitespace and `{% block %}`s until `{% endembed %}`.
        let (body, closed) = self.body(&["endembed"], macros)?;
        if !closed {
            return Err(TemplateError::new(
                at,
                ErrorKind::UnclosedBlock {
                    tag: "embed",
                    end: "endembed",
                },
            ));
        }
        self.advance();
        self.expect_exec_end()?;
        drop(body);
        Ok(Node::Load("embed", e, at))
    }
}

/// "Did you mean" for a tag, with the Jinja spellings Pebble lacks.
fn tag_hint(name: &str) -> Option<String> {
    let known = match name {
        "elif" => Some("elseif"),
        "raw" => Some("verbatim"),
        "endraw" => Some("endverbatim"),
        _ => None,
    };
    known
        .map(String::from)
        .or_else(|| suggest(name, TAGS.iter().copied()))
}
