//! The parsed template: nodes and expressions, each with the byte offset of
//! the token that starts it (for positions in findings).

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    /// `null`, `none` (any of the two spellings).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer (Pebble reads every integer literal as a Java `Long`).
    Long(i64),
    /// A decimal (`Double`).
    Double(f64),
    /// A string.
    Str(String),
}

/// Prefix operators (precedence 500).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnOp {
    /// `not`
    Not,
    /// `-`
    Neg,
    /// `+`
    Pos,
}

/// Binary operators other than `|` and `is`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `contains`
    Contains,
    /// `==` / `equals`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `~`
    Concat,
    /// `..`
    Range,
}

impl BinOp {
    /// The operator as written.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Self::Or => "or",
            Self::And => "and",
            Self::Contains => "contains",
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Gt => ">",
            Self::Le => "<=",
            Self::Ge => ">=",
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Rem => "%",
            Self::Concat => "~",
            Self::Range => "..",
        }
    }
}

/// Arguments of a call: positional, then named.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Args {
    /// Positional arguments.
    pub positional: Vec<Expr>,
    /// Named arguments, with the offset of the name.
    pub named: Vec<(String, usize, Expr)>,
}

/// A filter, test or function call: name, arguments, offset of the name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call {
    /// The name.
    pub name: String,
    /// Offset of the name.
    pub at: usize,
    /// The arguments (empty when written without parentheses).
    pub args: Args,
}

/// An expression and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Byte offset of its first token (for a binary expression: the operator).
    pub at: usize,
}

/// The expression forms of §2.5.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind {
    /// A literal.
    Lit(Lit),
    /// A variable.
    Var(String),
    /// A double-quoted string with `#{…}` pieces (joined like `~`).
    Interpolated(Vec<Expr>),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{k: v}`
    Map(Vec<(Expr, Expr)>),
    /// `not x`, `-x`, `+x`
    Unary(UnOp, Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `x | f(args)`
    Filter(Box<Expr>, Call),
    /// `x is t(args)` / `x is not t(args)` (bool: negated)
    Test(Box<Expr>, bool, Call),
    /// `c ? a : b`
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `name(args)`: a function or a macro.
    Call(Call),
    /// `block(name)`
    BlockFn(Box<Expr>),
    /// `parent()`
    Parent,
    /// `x.name`, `x.name(args)`, `x[key]`
    Attr {
        /// The object.
        object: Box<Expr>,
        /// The attribute: a string literal for `.name`, any expression for `[…]`.
        key: Box<Expr>,
        /// Method arguments (`.name(…)`).
        args: Option<Vec<Expr>>,
    },
}

/// A template node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `{{ e }}`
    Print(Expr),
    /// `{% if %}` … `{% elseif %}` … `{% else %}` … `{% endif %}`
    If {
        /// Conditions and their bodies, in order.
        branches: Vec<(Expr, Vec<Node>)>,
        /// The `else` body.
        otherwise: Option<Vec<Node>>,
    },
    /// `{% for var in iterable %}` … `{% else %}` … `{% endfor %}`
    For {
        /// The loop variable.
        var: String,
        /// The iterable.
        iterable: Expr,
        /// The body.
        body: Vec<Node>,
        /// The `else` body.
        otherwise: Option<Vec<Node>>,
    },
    /// `{% set name = value %}`
    Set {
        /// The variable.
        name: String,
        /// The value.
        value: Expr,
    },
    /// `{% block %}`, `{% parallel %}`, `{% cache %}`: a body rendered in place.
    Body(Vec<Node>),
    /// `{% cache key %}` … : the key, then the body.
    Cache(Expr, Vec<Node>),
    /// `{% filter f | g %}` … `{% endfilter %}`
    Filter(Vec<Call>, Vec<Node>),
    /// `{% autoescape [on] ['strategy'] %}` …
    Autoescape {
        /// Escaping on.
        active: bool,
        /// The strategy, when given.
        strategy: Option<String>,
        /// The body.
        body: Vec<Node>,
    },
    /// `include`, `import`, `from`, `embed`, `extends` (tag, name, tag offset).
    Load(&'static str, Expr, usize),
}

/// A macro definition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Macro {
    /// Parameters with their default values.
    pub params: Vec<(String, Option<Expr>)>,
    /// The body.
    pub body: Vec<Node>,
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Template {
    /// Top-level nodes.
    pub nodes: Vec<Node>,
    /// Macros by name (defined anywhere in the template).
    pub macros: Vec<(String, Macro)>,
}
