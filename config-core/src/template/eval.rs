//! Runs a parsed template once with no variables, the way the platform's
//! syntax check does (TEMPLATES.md §1.2, §5.2): only the path that would
//! run is evaluated, and the first exception is the verdict.
//!
//! What the checker cannot know (globals, method results, random picks,
//! the output of a `{% filter %}` body) is [`Value::Unknown`]: it never
//! raises an error, and a branch chosen by an unknown value is not run
//! (variables it sets become unknown). Work is bounded: a step budget, a
//! nesting limit and a macro-recursion limit.

use super::ast::{Args, BinOp, Call, Expr, ExprKind, Lit, Macro, Node, Template, UnOp};
use super::error::{ErrorKind, TemplateError};
use super::registry::{
    self, lookup, suggest, Callee, FILTERS, FUNCTIONS, GLOBALS, STRATEGIES, TESTS,
};
use super::spel;
use super::value::{truth, Value};
use std::rc::Rc;

/// Evaluation steps before the checker gives up (and calls the string valid).
const STEP_BUDGET: usize = 200_000;
/// Nested evaluation frames before the checker gives up.
const FRAME_LIMIT: usize = 300;
/// Macro calls nested deeper than this are endless recursion.
pub(crate) const MACRO_DEPTH: usize = 40;
/// Longest list `range` builds; longer ranges are unknown.
const RANGE_LIMIT: i64 = 10_000;

/// Why evaluation stopped early.
enum Stop {
    /// The platform would throw this.
    Error(TemplateError),
    /// The checker's budget ran out: no verdict, treated as valid.
    Budget,
}

impl From<TemplateError> for Stop {
    fn from(e: TemplateError) -> Self {
        Stop::Error(e)
    }
}

type R<T> = Result<T, Stop>;

/// Evaluated arguments: positional, then named (name, offset, value).
type Evaluated = (Vec<Value>, Vec<(String, usize, Value)>);

fn err<T>(at: usize, kind: ErrorKind) -> R<T> {
    Err(Stop::Error(TemplateError::new(at, kind)))
}

fn type_err<T>(at: usize, what: String) -> R<T> {
    err(at, ErrorKind::Type { what })
}

struct Eval<'t> {
    template: &'t Template,
    source: &'t str,
    /// Variable scopes, innermost last.
    scopes: Vec<Vec<(String, Value)>>,
    /// Inside a macro, unknown names are unknown (not null): the checker
    /// does not model what a macro sees of its caller.
    in_macro: bool,
    macro_depth: usize,
    frames: usize,
    steps: usize,
    /// `{% autoescape %}` state: on, strategy.
    escape: Vec<(bool, Option<String>)>,
}

/// Runs `template` with no variables; the first error the platform hits.
pub(crate) fn run(template: &Template, source: &str) -> Option<TemplateError> {
    let mut ev = Eval {
        template,
        source,
        scopes: vec![Vec::new()],
        in_macro: false,
        macro_depth: 0,
        frames: 0,
        steps: 0,
        escape: Vec::new(),
    };
    match ev.nodes(&template.nodes) {
        Err(Stop::Error(e)) => Some(e),
        Ok(()) | Err(Stop::Budget) => None,
    }
}

impl Eval<'_> {
    fn tick(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > STEP_BUDGET || self.frames > FRAME_LIMIT {
            return Err(Stop::Budget);
        }
        Ok(())
    }

    // ------------------------------------------------------------ variables

    fn lookup(&self, name: &str) -> Value {
        for scope in self.scopes.iter().rev() {
            if let Some((_, v)) = scope.iter().rev().find(|(n, _)| n == name) {
                return v.clone();
            }
        }
        if GLOBALS.contains(&name) || self.in_macro {
            Value::Unknown
        } else {
            Value::Null
        }
    }

    /// Pebble's `ScopeChain.set`: the scope that has the name, else the
    /// innermost one.
    fn assign(&mut self, name: &str, value: Value) {
        for scope in self.scopes.iter_mut().rev() {
            if let Some(slot) = scope.iter_mut().find(|(n, _)| n == name) {
                slot.1 = value;
                return;
            }
        }
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name.to_string(), value));
        }
    }

    /// Nodes the checker does not run: what they would set is unknown.
    fn skip(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Set { name, .. } => self.assign(name, Value::Unknown),
                Node::If {
                    branches,
                    otherwise,
                } => {
                    for (_, body) in branches {
                        self.skip(body);
                    }
                    if let Some(body) = otherwise {
                        self.skip(body);
                    }
                }
                Node::For {
                    body, otherwise, ..
                } => {
                    self.skip(body);
                    if let Some(body) = otherwise {
                        self.skip(body);
                    }
                }
                Node::Body(body)
                | Node::Cache(_, body)
                | Node::Filter(_, body)
                | Node::Autoescape { body, .. } => self.skip(body),
                Node::Print(_) | Node::Load(..) => {}
            }
        }
    }

    // ---------------------------------------------------------------- nodes

    fn nodes(&mut self, nodes: &[Node]) -> R<()> {
        self.frames += 1;
        let out = nodes.iter().try_for_each(|n| self.node(n));
        self.frames -= 1;
        out
    }

    /// One node; each form has its own function to keep this frame small.
    fn node(&mut self, node: &Node) -> R<()> {
        self.tick()?;
        match node {
            Node::Print(e) => self.print(e),
            Node::If {
                branches,
                otherwise,
            } => self.if_node(branches, otherwise.as_deref()),
            Node::For {
                var,
                iterable,
                body,
                otherwise,
            } => self.for_node(var, iterable, body, otherwise.as_deref()),
            Node::Set { name, value } => self.set(name, value),
            Node::Body(body) => self.nodes(body),
            Node::Cache(key, body) => self.cache(key, body),
            Node::Filter(calls, body) => self.filter_tag(calls, body),
            Node::Autoescape {
                active,
                strategy,
                body,
            } => self.autoescape(*active, strategy.as_deref(), body),
            Node::Load(tag, e, at) => self.load(tag, e, *at),
        }
    }

    fn set(&mut self, name: &str, value: &Expr) -> R<()> {
        let v = self.eval(value)?;
        self.assign(name, v);
        Ok(())
    }

    fn cache(&mut self, key: &Expr, body: &[Node]) -> R<()> {
        self.eval(key)?;
        self.nodes(body)
    }

    /// `{% filter %}`: the body renders to text the checker does not model.
    fn filter_tag(&mut self, calls: &[Call], body: &[Node]) -> R<()> {
        self.nodes(body)?;
        let mut v = Value::Unknown;
        for call in calls {
            v = self.filter(v, call)?;
        }
        Ok(())
    }

    fn autoescape(&mut self, active: bool, strategy: Option<&str>, body: &[Node]) -> R<()> {
        self.escape.push((active, strategy.map(String::from)));
        let out = self.nodes(body);
        self.escape.pop();
        out
    }

    fn print(&mut self, e: &Expr) -> R<()> {
        let v = self.eval(e)?;
        let Some((true, Some(strategy))) = self.escape.last() else {
            return Ok(());
        };
        let safe = match &e.kind {
            ExprKind::Lit(Lit::Str(_)) => true,
            ExprKind::Filter(_, call) => call.name == "raw" || call.name == "escape",
            _ => false,
        };
        if !safe
            && !STRATEGIES.contains(&strategy.as_str())
            && !matches!(v, Value::Null | Value::Unknown)
        {
            return err(
                e.at,
                ErrorKind::UnknownStrategy {
                    strategy: strategy.clone(),
                },
            );
        }
        Ok(())
    }

    fn condition(&mut self, e: &Expr, what: &str) -> R<Option<bool>> {
        let v = self.eval(e)?;
        truth(&v).or_else(|found| type_err(e.at, format!("{what} cannot be {found}")))
    }

    fn if_node(&mut self, branches: &[(Expr, Vec<Node>)], otherwise: Option<&[Node]>) -> R<()> {
        for (i, (cond, body)) in branches.iter().enumerate() {
            match self.condition(cond, "an `if` condition")? {
                Some(true) => return self.nodes(body),
                Some(false) => {}
                None => {
                    for (_, b) in branches.iter().skip(i) {
                        self.skip(b);
                    }
                    if let Some(o) = otherwise {
                        self.skip(o);
                    }
                    return Ok(());
                }
            }
        }
        otherwise.map_or(Ok(()), |o| self.nodes(o))
    }

    fn for_node(
        &mut self,
        var: &str,
        iterable: &Expr,
        body: &[Node],
        otherwise: Option<&[Node]>,
    ) -> R<()> {
        let items: Vec<Value> = match self.eval(iterable)? {
            Value::Null => return Ok(()),
            Value::Unknown => {
                self.skip(body);
                if let Some(o) = otherwise {
                    self.skip(o);
                }
                return Ok(());
            }
            Value::List(items) => items.as_ref().clone(),
            Value::Map(entries) => entries.iter().map(|_| Value::Unknown).collect(),
            other => {
                return type_err(
                    iterable.at,
                    format!("`for` cannot iterate over {}", other.type_name()),
                )
            }
        };
        if items.is_empty() {
            return otherwise.map_or(Ok(()), |o| self.nodes(o));
        }
        for item in items {
            // Each iteration counts, or loops whose bodies are only text
            // escape the budget (found by fuzzing: nested `range` loops).
            self.tick()?;
            self.scopes.push(vec![
                (var.to_string(), item),
                ("loop".into(), Value::Unknown),
            ]);
            let out = self.nodes(body);
            self.scopes.pop();
            out?;
        }
        Ok(())
    }

    fn load(&mut self, tag: &'static str, e: &Expr, at: usize) -> R<()> {
        let v = self.eval(e)?;
        let what = match &v {
            Value::Unknown => return Ok(()),
            Value::Null if matches!(tag, "extends" | "import") => return Ok(()),
            Value::Null => "a null template name".to_string(),
            other => match other.java_string() {
                Some(name) => format!("the template `{name}`"),
                None => return Ok(()),
            },
        };
        err(at, ErrorKind::CannotLoad { tag, what })
    }

    // ---------------------------------------------------------- expressions

    fn eval(&mut self, e: &Expr) -> R<Value> {
        self.tick()?;
        self.frames += 1;
        let out = self.eval_inner(e);
        self.frames -= 1;
        out
    }

    /// One expression. Each form has its own function so that this frame,
    /// repeated at every nesting level, stays small.
    fn eval_inner(&mut self, e: &Expr) -> R<Value> {
        match &e.kind {
            ExprKind::Lit(lit) => Ok(literal(lit)),
            ExprKind::Var(name) => Ok(self.lookup(name)),
            ExprKind::Interpolated(parts) => self.interpolated(parts),
            ExprKind::List(items) => self.list(items),
            ExprKind::Map(entries) => self.map(entries),
            ExprKind::Unary(op, inner) => {
                let v = self.eval(inner)?;
                unary(*op, v, e.at)
            }
            ExprKind::Binary(BinOp::And, l, r) => self.logic(true, l, r),
            ExprKind::Binary(BinOp::Or, l, r) => self.logic(false, l, r),
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.at),
            ExprKind::Filter(input, call) => self.filter_expr(input, call),
            ExprKind::Test(input, negated, call) => self.test(input, *negated, call),
            ExprKind::Ternary(c, yes, no) => self.ternary(c, yes, no),
            ExprKind::Call(call) => self.call(call),
            ExprKind::BlockFn(name) => self.eval(name).map(|_| Value::Unknown),
            ExprKind::Parent => err(e.at, ErrorKind::NoParent),
            ExprKind::Attr { object, key, args } => self.attr(object, key, args.as_deref(), e.at),
        }
    }

    fn interpolated(&mut self, parts: &[Expr]) -> R<Value> {
        let mut text = Some(String::new());
        for p in parts {
            let v = self.eval(p)?;
            text = text.zip(v.concat_text()).map(|(a, b)| a + &b);
        }
        Ok(text.map_or(Value::Unknown, Value::str))
    }

    fn list(&mut self, items: &[Expr]) -> R<Value> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.eval(item)?);
        }
        Ok(Value::List(Rc::new(out)))
    }

    fn map(&mut self, entries: &[(Expr, Expr)]) -> R<Value> {
        let mut out = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let k = self.eval(k)?;
            let v = self.eval(v)?;
            out.push((k, v));
        }
        Ok(Value::Map(Rc::new(out)))
    }

    fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr, at: usize) -> R<Value> {
        let lv = self.eval(l)?;
        let rv = self.eval(r)?;
        binary(op, lv, rv, at)
    }

    fn filter_expr(&mut self, input: &Expr, call: &Call) -> R<Value> {
        let callee = self.known_filter(call)?;
        let args = self.bind(callee, call)?;
        let v = self.eval(input)?;
        apply_filter(&call.name, v, &args, call.at)
    }

    fn test(&mut self, input: &Expr, negated: bool, call: &Call) -> R<Value> {
        let v = self.eval(input)?;
        if lookup(&TESTS, &call.name).is_none() {
            let suggestion = registry::alias(&call.name)
                .filter(|a| lookup(&TESTS, a).is_some())
                .map(String::from)
                .or_else(|| suggest(&call.name, TESTS.iter().map(|c| c.name)));
            return err(
                call.at,
                ErrorKind::UnknownTest {
                    name: call.name.clone(),
                    suggestion,
                },
            );
        }
        self.eval_args(&call.args)?;
        Ok(match apply_test(&call.name, &v, call.at)? {
            Some(b) => Value::Bool(b != negated),
            None => Value::Unknown,
        })
    }

    fn ternary(&mut self, c: &Expr, yes: &Expr, no: &Expr) -> R<Value> {
        match self.condition(c, "a `?:` condition")? {
            Some(true) => self.eval(yes),
            Some(false) => self.eval(no),
            None => Ok(Value::Unknown),
        }
    }

    fn attr(&mut self, object: &Expr, key: &Expr, args: Option<&[Expr]>, at: usize) -> R<Value> {
        let o = self.eval(object)?;
        let k = self.eval(key)?;
        for a in args.unwrap_or(&[]) {
            self.eval(a)?;
        }
        attribute(o, &k, at)
    }

    fn logic(&mut self, and: bool, l: &Expr, r: &Expr) -> R<Value> {
        let op = if and { "and" } else { "or" };
        let what = format!("an operand of `{op}`");
        match self.condition(l, &what)? {
            None => Ok(Value::Unknown),
            Some(b) if b != and => Ok(Value::Bool(b)),
            Some(_) => Ok(self
                .condition(r, &what)?
                .map_or(Value::Unknown, Value::Bool)),
        }
    }

    fn eval_args(&mut self, args: &Args) -> R<Evaluated> {
        let mut positional = Vec::with_capacity(args.positional.len());
        for a in &args.positional {
            positional.push(self.eval(a)?);
        }
        let mut named = Vec::with_capacity(args.named.len());
        for (n, at, a) in &args.named {
            named.push((n.clone(), *at, self.eval(a)?));
        }
        Ok((positional, named))
    }

    /// Evaluates and binds arguments: by declared name, or positional only
    /// (named dropped) for callees that declare none.
    fn bind(&mut self, callee: Callee, call: &Call) -> R<Vec<Value>> {
        let (positional, named) = self.eval_args(&call.args)?;
        let Some(params) = callee.params else {
            return Ok(positional);
        };
        bind_declared(callee.name, params.iter().copied(), positional, named, call)
    }

    fn known_filter(&self, call: &Call) -> R<Callee> {
        lookup(&FILTERS, &call.name).map_or_else(
            || {
                let suggestion = registry::alias(&call.name)
                    .filter(|a| lookup(&FILTERS, a).is_some())
                    .map(String::from)
                    .or_else(|| suggest(&call.name, FILTERS.iter().map(|c| c.name)));
                err(
                    call.at,
                    ErrorKind::UnknownFilter {
                        name: call.name.clone(),
                        suggestion,
                    },
                )
            },
            Ok,
        )
    }

    fn filter(&mut self, input: Value, call: &Call) -> R<Value> {
        let callee = self.known_filter(call)?;
        let args = self.bind(callee, call)?;
        apply_filter(&call.name, input, &args, call.at)
    }

    // ---------------------------------------------------- functions, macros

    fn call(&mut self, call: &Call) -> R<Value> {
        if let Some(callee) = lookup(&FUNCTIONS, &call.name) {
            let args = self.bind(callee, call)?;
            return self.function(&call.name, &args, call);
        }
        let template = self.template;
        if let Some((_, m)) = template.macros.iter().find(|(n, _)| *n == call.name) {
            return self.call_macro(m, call);
        }
        let names = FUNCTIONS
            .iter()
            .map(|c| c.name)
            .chain(template.macros.iter().map(|(n, _)| n.as_str()));
        let suggestion = registry::alias(&call.name)
            .map(String::from)
            .or_else(|| suggest(&call.name, names));
        err(
            call.at,
            ErrorKind::UnknownFunction {
                name: call.name.clone(),
                suggestion,
            },
        )
    }

    fn call_macro(&mut self, m: &Macro, call: &Call) -> R<Value> {
        let (positional, named) = self.eval_args(&call.args)?;
        let names = m.params.iter().map(|(n, _)| n.as_str());
        let bound = bind_declared(&call.name, names, positional, named, call)?;
        if self.macro_depth >= MACRO_DEPTH {
            return err(
                call.at,
                ErrorKind::Recursion {
                    name: call.name.clone(),
                    limit: MACRO_DEPTH,
                },
            );
        }
        let saved_scopes = std::mem::replace(&mut self.scopes, vec![Vec::new()]);
        let saved_macro = std::mem::replace(&mut self.in_macro, true);
        self.macro_depth += 1;
        let out = self.macro_body(m, bound);
        self.macro_depth -= 1;
        self.in_macro = saved_macro;
        self.scopes = saved_scopes;
        out.map(|()| Value::Unknown)
    }

    fn macro_body(&mut self, m: &Macro, bound: Vec<Value>) -> R<()> {
        for ((name, default), value) in m.params.iter().zip(bound) {
            let value = match (value, default) {
                (Value::Null, Some(d)) => self.eval(d)?,
                (v, _) => v,
            };
            self.assign(name, value);
        }
        self.nodes(&m.body)
    }

    fn function(&mut self, name: &str, args: &[Value], call: &Call) -> R<Value> {
        let at = call.at;
        match name {
            "range" => range(arg(args, 0), arg(args, 1), arg(args, 2), at),
            "i18n" => err(
                at,
                ErrorKind::Callee {
                    callee: "i18n".into(),
                    why: "no message bundle can be loaded when the platform checks the string"
                        .into(),
                },
            ),
            "eval" => self.eval_fn(arg(args, 0), call),
            "pickWeighted" => pick_weighted(args, 0, "pickWeighted", at),
            "pickWeightedSeeded" => {
                if args.len() < 4 {
                    return callee_err(
                        "pickWeightedSeeded",
                        at,
                        "needs a label, a seed and at least one value/weight pair".into(),
                    );
                }
                for (i, what) in [(0, "label"), (1, "seed")] {
                    let blank = match arg(args, i) {
                        Value::Null => true,
                        Value::Str(s) => s.trim().is_empty(),
                        _ => false,
                    };
                    if blank {
                        return callee_err(
                            "pickWeightedSeeded",
                            at,
                            format!("the {what} is blank (every variable is null when the platform checks the string)"),
                        );
                    }
                }
                pick_weighted(args, 2, "pickWeightedSeeded", at)
            }
            _ => Ok(Value::Unknown),
        }
    }

    /// `eval(text)`: validate-only mode parses the SpEL and returns `""`.
    fn eval_fn(&mut self, value: Value, call: &Call) -> R<Value> {
        let text = match &value {
            Value::Null | Value::Unknown => None,
            other => other.java_string(),
        };
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            if let Err(e) = spel::parse(&text) {
                let at = self.spel_offset(call, &text, e.offset);
                let shown: String = text.chars().take(60).collect();
                return err(
                    at,
                    ErrorKind::Spel {
                        text: shown,
                        why: e.message,
                    },
                );
            }
        }
        Ok(Value::str(""))
    }

    /// Where a SpEL error lands in the template: inside the string literal
    /// when the argument is one written without escapes, else at the call.
    fn spel_offset(&self, call: &Call, text: &str, offset: usize) -> usize {
        let Some(first) = call.args.positional.first() else {
            return call.at;
        };
        let start = first.at + 1;
        let literal = matches!(first.kind, ExprKind::Lit(Lit::Str(_)));
        if literal && self.source.get(start..start + text.len()) == Some(text) {
            start + offset.min(text.len())
        } else {
            first.at
        }
    }
}

fn literal(lit: &Lit) -> Value {
    match lit {
        Lit::Null => Value::Null,
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Long(v) => Value::Long(*v),
        Lit::Double(v) => Value::Double(*v),
        Lit::Str(s) => Value::str(s.as_str()),
    }
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

fn callee_err<T>(callee: &str, at: usize, why: String) -> R<T> {
    err(
        at,
        ErrorKind::Callee {
            callee: callee.into(),
            why,
        },
    )
}

/// Binds to declared names: too many positional or an unknown name fails.
fn bind_declared<'a>(
    callee: &str,
    params: impl Iterator<Item = &'a str> + Clone,
    positional: Vec<Value>,
    named: Vec<(String, usize, Value)>,
    call: &Call,
) -> R<Vec<Value>> {
    let names: Vec<&str> = params.collect();
    if positional.len() > names.len() {
        let at = call
            .args
            .positional
            .get(names.len())
            .map_or(call.at, |e| e.at);
        return err(
            at,
            ErrorKind::TooManyArguments {
                callee: callee.into(),
                max: names.len(),
                got: positional.len(),
            },
        );
    }
    let mut bound = positional;
    bound.resize(names.len(), Value::Null);
    for (name, at, value) in named {
        match names.iter().position(|n| *n == name) {
            Some(i) => {
                if let Some(slot) = bound.get_mut(i) {
                    *slot = value;
                }
            }
            None => {
                return err(
                    at,
                    ErrorKind::UnknownArgument {
                        callee: callee.into(),
                        suggestion: suggest(&name, names.iter().copied()),
                        name,
                    },
                )
            }
        }
    }
    Ok(bound)
}

// -------------------------------------------------------------- operators

fn unary(op: UnOp, v: Value, at: usize) -> R<Value> {
    match op {
        UnOp::Not => match v {
            Value::Null => Ok(Value::Bool(true)),
            Value::Bool(b) => Ok(Value::Bool(!b)),
            Value::List(_) | Value::Map(_) => {
                type_err(at, format!("`not` cannot take {}", v.type_name()))
            }
            _ => Ok(Value::Unknown),
        },
        UnOp::Neg | UnOp::Pos => match v {
            Value::Long(n) => Ok(Value::Long(if op == UnOp::Neg { n.wrapping_neg() } else { n })),
            Value::Double(d) => Ok(Value::Double(if op == UnOp::Neg { -d } else { d })),
            Value::Unknown => Ok(Value::Unknown),
            other => type_err(
                at,
                format!(
                    "unary `{}` needs a number, found {} (every variable is null when the platform checks the string)",
                    if op == UnOp::Neg { "-" } else { "+" },
                    other.type_name()
                ),
            ),
        },
    }
}

fn numbers_needed<T>(op: BinOp, l: &Value, r: &Value, at: usize) -> R<T> {
    let null_hint = if matches!(l, Value::Null) || matches!(r, Value::Null) {
        " (every variable is null when the platform checks the string)"
    } else {
        ""
    };
    type_err(
        at,
        format!(
            "`{}` needs numbers, found {} and {}{null_hint}",
            op.symbol(),
            l.type_name(),
            r.type_name()
        ),
    )
}

fn binary(op: BinOp, l: Value, r: Value, at: usize) -> R<Value> {
    use Value::{Double, List, Long, Null, Str, Unknown};
    if op == BinOp::Concat {
        return Ok(l
            .concat_text()
            .zip(r.concat_text())
            .map_or(Unknown, |(a, b)| Value::str(a + &b)));
    }
    if op == BinOp::Range {
        return range(l, r, Null, at);
    }
    if matches!(op, BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge)
        && (matches!(l, Null) || matches!(r, Null))
    {
        return Ok(Value::Bool(false));
    }
    if op == BinOp::Contains && matches!(l, Null) {
        return Ok(Value::Bool(false));
    }
    if matches!(l, Unknown) || matches!(r, Unknown) {
        return Ok(Unknown);
    }
    match op {
        BinOp::Eq | BinOp::Ne => {
            Ok(equality(&l, &r).map_or(Unknown, |eq| Value::Bool(eq == (op == BinOp::Eq))))
        }
        BinOp::Contains => match l {
            List(_) | Value::Map(_) | Str(_) => Ok(Unknown),
            other => type_err(
                at,
                format!(
                    "`contains` needs a list, map or string on the left, found {}",
                    other.type_name()
                ),
            ),
        },
        BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => match (l.as_f64(), r.as_f64()) {
            (Some(a), Some(b)) => Ok(Value::Bool(match op {
                BinOp::Lt => a < b,
                BinOp::Gt => a > b,
                BinOp::Le => a <= b,
                _ => a >= b,
            })),
            _ => type_err(
                at,
                format!(
                    "`{}` compares numbers, found {} and {}",
                    op.symbol(),
                    l.type_name(),
                    r.type_name()
                ),
            ),
        },
        BinOp::Add if matches!(l, Str(_)) || matches!(r, Str(_)) => Ok(l
            .java_string()
            .zip(r.java_string())
            .map_or(Unknown, |(a, b)| Value::str(a + &b))),
        BinOp::Add | BinOp::Sub if matches!(l, List(_)) => Ok(Unknown),
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => match (&l, &r) {
            (Long(a), Long(b)) => long_math(op, *a, *b, at),
            _ => match (l.as_f64(), r.as_f64()) {
                (Some(a), Some(b)) => Ok(Double(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                    _ => a % b,
                })),
                _ => numbers_needed(op, &l, &r, at),
            },
        },
        _ => Ok(Unknown),
    }
}

fn long_math(op: BinOp, a: i64, b: i64, at: usize) -> R<Value> {
    Ok(Value::Long(match op {
        BinOp::Add => a.wrapping_add(b),
        BinOp::Sub => a.wrapping_sub(b),
        BinOp::Mul => a.wrapping_mul(b),
        BinOp::Div | BinOp::Rem if b == 0 => return err(at, ErrorKind::DivisionByZero),
        BinOp::Div => a.wrapping_div(b),
        _ => a.wrapping_rem(b),
    }))
}

/// `==` on known scalars; `None` where Java's `equals` is not modelled.
fn equality(l: &Value, r: &Value) -> Option<bool> {
    match (l, r) {
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (a, b) if a.is_number() && b.is_number() => Some(a.as_f64() == b.as_f64()),
        (Value::Str(a), Value::Str(b)) => Some(a == b),
        (Value::Bool(a), Value::Bool(b)) => Some(a == b),
        _ => None,
    }
}

fn attribute(o: Value, key: &Value, at: usize) -> R<Value> {
    let blocked = matches!(key, Value::Str(k) if &**k == "getClass" || &**k == "class");
    match o {
        Value::Null => Ok(Value::Null),
        Value::Unknown => Ok(Value::Unknown),
        Value::Map(entries) => {
            let found = entries.iter().find(|(k, _)| equality(k, key) == Some(true));
            match found {
                Some((_, v)) => Ok(v.clone()),
                None if blocked => type_err(
                    at,
                    "`getClass` is blocked by the platform's method-access guard".into(),
                ),
                None => Ok(Value::Unknown),
            }
        }
        Value::List(items) => match key {
            Value::Long(i) => Ok(usize::try_from(*i)
                .ok()
                .and_then(|i| items.get(i).cloned())
                .unwrap_or(Value::Unknown)),
            _ if blocked => type_err(
                at,
                "`getClass` is blocked by the platform's method-access guard".into(),
            ),
            _ => Ok(Value::Unknown),
        },
        _ if blocked => type_err(
            at,
            "`getClass` is blocked by the platform's method-access guard".into(),
        ),
        _ => Ok(Value::Unknown),
    }
}

// ---------------------------------------------------------------- library

fn range(start: Value, end: Value, step: Value, at: usize) -> R<Value> {
    use Value::{Long, Null, Str, Unknown};
    if [&start, &end, &step].iter().any(|v| matches!(v, Unknown)) {
        return Ok(Unknown);
    }
    let step = match step {
        Null => 1,
        v if v.is_number() => match v.as_f64() {
            Some(s) if s as i64 != 0 => s as i64,
            _ => return callee_err("range", at, "the increment cannot be 0".into()),
        },
        other => {
            return callee_err(
                "range",
                at,
                format!(
                    "the increment must be a number, found {}",
                    other.type_name()
                ),
            )
        }
    };
    match (&start, &end) {
        (a, b) if a.is_number() && b.is_number() => {
            let (a, b) = (a.as_f64().unwrap_or(0.0) as i64, b.as_f64().unwrap_or(0.0) as i64);
            let count = if step > 0 { (b - a) / step + 1 } else { (a - b) / -step + 1 };
            if count <= 0 || count > RANGE_LIMIT {
                return Ok(Unknown);
            }
            let items = (0..count).map(|i| Long(a + i * step)).collect();
            Ok(Value::List(Rc::new(items)))
        }
        (Str(a), Str(b)) if a.chars().count() == 1 && b.chars().count() == 1 => Ok(Unknown),
        _ => callee_err(
            "range",
            at,
            format!(
                "the bounds must be two numbers (or two one-character strings), found {} and {} (every variable is null when the platform checks the string)",
                start.type_name(),
                end.type_name()
            ),
        ),
    }
}

/// `pickWeighted` pairs from `from` on (TEMPLATES.md §4.5; PocketHive's
/// `selectWeighted`: per pair, the value must be non-null, the weight a
/// Number (`intValue()`) or a String holding an int after trimming, and
/// non-negative; the running sum must stay within an int and end above 0).
fn pick_weighted(args: &[Value], from: usize, name: &str, at: usize) -> R<Value> {
    let pairs = args.get(from..).unwrap_or(&[]);
    if pairs.len() < 2 || pairs.len() % 2 != 0 {
        return callee_err(name, at, "needs value, weight pairs".into());
    }
    let mut total: i64 = 0;
    let mut known = true;
    for pair in pairs.chunks(2) {
        let (value, weight) = (pair.first(), pair.get(1));
        if matches!(value, Some(Value::Null)) {
            return callee_err(
                name,
                at,
                "a value is null (every variable is null when the platform checks the string)"
                    .into(),
            );
        }
        let w: i64 = match weight {
            // Java's `Number.intValue()`: a long keeps its low 32 bits, a
            // double saturates (as Rust's `as` does).
            Some(Value::Long(n)) => i64::from(*n as i32),
            Some(Value::Double(d)) => i64::from(*d as i32),
            Some(Value::Str(s)) => match s.trim().parse::<i32>() {
                Ok(n) => i64::from(n),
                Err(_) => {
                    return callee_err(name, at, format!("the weight '{s}' is not an integer"))
                }
            },
            Some(Value::Unknown) => {
                known = false;
                0
            }
            other => {
                let found = other.map_or("nothing", Value::type_name);
                return callee_err(
                    name,
                    at,
                    format!("a weight must be an integer, found {found}"),
                );
            }
        };
        if w < 0 {
            return callee_err(name, at, "a weight is negative".into());
        }
        total += w;
        if total > i64::from(i32::MAX) {
            return callee_err(name, at, "the sum of the weights is over 2^31-1".into());
        }
    }
    if known && total <= 0 {
        return callee_err(name, at, "the sum of the weights must be > 0".into());
    }
    Ok(Value::Unknown)
}

/// A test's verdict on `v`; `None` when unknown.
fn apply_test(name: &str, v: &Value, at: usize) -> R<Option<bool>> {
    use Value::{Bool, Double, List, Long, Map, Null, Str, Unknown};
    if matches!(v, Unknown) {
        return Ok(None);
    }
    Ok(Some(match name {
        "defined" => !matches!(v, Null),
        "null" => matches!(v, Null),
        "empty" => match v {
            Null => true,
            Str(s) => s.trim().is_empty(),
            List(items) => items.is_empty(),
            Map(entries) => entries.is_empty(),
            _ => false,
        },
        "iterable" => matches!(v, List(_)),
        "map" => matches!(v, Map(_)),
        "even" | "odd" => match v {
            Long(n) => (n % 2 == 0) == (name == "even"),
            Null | Double(_) | Str(_) | Bool(_) | List(_) | Map(_) | Unknown => {
                return callee_err(
                    name,
                    at,
                    format!("needs an integer, found {}", v.type_name()),
                )
            }
        },
        _ => return Ok(None),
    }))
}

/// What a filter does with `input` (arguments already bound).
fn apply_filter(name: &str, input: Value, args: &[Value], at: usize) -> R<Value> {
    use Value::{List, Long, Map, Null, Str, Unknown};
    let a0 = arg(args, 0);
    let wrong = |what: &str| {
        callee_err(
            name,
            at,
            format!("needs {what}, found {}", input.type_name()),
        )
    };
    match name {
        "default" => Ok(match &input {
            Null => a0,
            Str(s) if s.trim().is_empty() => a0,
            List(items) if items.is_empty() => a0,
            Map(entries) if entries.is_empty() => a0,
            _ => input,
        }),
        "length" => Ok(match &input {
            Null => Long(0),
            Str(s) => Long(i64::try_from(s.encode_utf16().count()).unwrap_or(i64::MAX)),
            List(items) => Long(i64::try_from(items.len()).unwrap_or(i64::MAX)),
            Map(entries) => Long(i64::try_from(entries.len()).unwrap_or(i64::MAX)),
            _ => Unknown,
        }),
        "raw" => Ok(input),
        "merge" => match (&input, &a0) {
            (Null, Null) => callee_err(name, at, "both the value and `items` are null (every variable is null when the platform checks the string)".into()),
            _ => Ok(Unknown),
        },
        _ if matches!(input, Unknown) => Ok(Unknown),
        "abs" => match input {
            Long(n) => Ok(Long(n.wrapping_abs())),
            Value::Double(d) => Ok(Value::Double(d.abs())),
            _ => wrong("a number"),
        },
        _ if matches!(input, Null) => Ok(Null),
        "upper" | "lower" | "base64encode" | "escape" if !matches!(input, Str(_)) => {
            if name == "escape" {
                check_strategy(&a0, at)?;
            }
            Ok(Unknown)
        }
        "upper" => Ok(text_map(&input, |s| s.to_uppercase())),
        "lower" => Ok(text_map(&input, |s| s.to_lowercase())),
        "escape" => {
            check_strategy(&a0, at)?;
            Ok(Unknown)
        }
        "capitalize" | "title" | "trim" | "urlencode" | "sha256" | "base64decode" => match &input {
            Str(s) => {
                if name == "base64decode" && !is_base64(s) {
                    return callee_err(name, at, "the input is not valid base64".into());
                }
                Ok(if name == "trim" {
                    Value::str(s.trim())
                } else {
                    Unknown
                })
            }
            _ => wrong("a string"),
        },
        "abbreviate" => match (&input, &a0) {
            (Str(_), Long(n)) if *n >= 0 => Ok(Unknown),
            (Str(_), Long(_)) => callee_err(name, at, "`length` cannot be negative".into()),
            (Str(_), Null) => callee_err(name, at, "`length` is required".into()),
            (Str(_), Unknown) => Ok(Unknown),
            (Str(_), other) => callee_err(name, at, format!("`length` must be an integer, found {}", other.type_name())),
            _ => wrong("a string"),
        },
        "date" => match (&input, arg(args, 1)) {
            (Str(_), Null) => callee_err(name, at, "a string date needs `existingFormat`".into()),
            _ => Ok(Unknown),
        },
        "first" | "last" => match &input {
            Str(s) if s.is_empty() => callee_err(name, at, "the string is empty".into()),
            Str(s) => {
                let c = if name == "first" { s.chars().next() } else { s.chars().last() };
                Ok(c.map_or(Unknown, |c| Value::str(c.to_string())))
            }
            List(items) => Ok(if name == "first" { items.first() } else { items.last() }
                .cloned()
                .unwrap_or(Null)),
            _ => wrong("a string or a list"),
        },
        "join" => match &input {
            List(_) => Ok(Unknown),
            _ => wrong("a list"),
        },
        "numberformat" => match &input {
            v if v.is_number() => Ok(Unknown),
            _ => wrong("a number"),
        },
        "replace" => match (&input, &a0) {
            (_, Map(_) | Unknown) => Ok(Unknown),
            (_, Null) => callee_err(name, at, "needs a map of replacements".into()),
            (_, other) => callee_err(name, at, format!("needs a map of replacements, found {}", other.type_name())),
        },
        "reverse" | "rsort" | "sort" => match &input {
            List(_) => Ok(Unknown),
            _ => wrong("a list"),
        },
        "slice" => match &input {
            Str(_) | List(_) => Ok(Unknown),
            _ => wrong("a string or a list"),
        },
        "split" => match (&input, &a0) {
            (Str(_), Null) => callee_err(name, at, "`delimiter` is required".into()),
            (Str(_), _) => Ok(Unknown),
            _ => wrong("a string"),
        },
        _ => Ok(Unknown),
    }
}

fn check_strategy(strategy: &Value, at: usize) -> R<()> {
    match strategy {
        Value::Str(s) if !STRATEGIES.contains(&&**s) => err(
            at,
            ErrorKind::UnknownStrategy {
                strategy: s.to_string(),
            },
        ),
        _ => Ok(()),
    }
}

fn text_map(v: &Value, f: impl Fn(&str) -> String) -> Value {
    match v {
        Value::Str(s) => Value::str(f(s)),
        _ => Value::Unknown,
    }
}

/// What Java's basic Base64 decoder accepts: the standard alphabet, and
/// `=` padding only at the end.
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let pad = s.len() - body.len();
    let alphabet = body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    let len_ok = match pad {
        0 => body.len() % 4 != 1,
        1 | 2 => s.len().is_multiple_of(4),
        _ => false,
    };
    alphabet && len_ok
}
