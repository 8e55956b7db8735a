//! Why a template string fails the platform's check, and where.
//!
//! One [`TemplateError`] per failing string (the platform stops at the first
//! exception, and so do we). `offset` is a byte offset into the checked
//! string (the decoded YAML value); the scenario checker maps it to a file
//! line and column.

use thiserror::Error;

/// A template the platform rejects, at a byte offset of the string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset of the offending token in the checked string.
    pub offset: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl TemplateError {
    /// An error of `kind` at byte `offset`.
    pub fn new(offset: usize, kind: ErrorKind) -> Self {
        Self { offset, kind }
    }

    /// The message, naming the offending token.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// How to fix it.
    pub fn fix(&self) -> String {
        self.kind.fix()
    }

    /// True when the failure happens while the platform *runs* the template
    /// once with no variables (as opposed to compiling it).
    pub fn is_run_time(&self) -> bool {
        self.kind.is_run_time()
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

impl std::error::Error for TemplateError {}

/// Renders ` (did you mean `x`?)` or nothing.
fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// Every way a template fails, compile time first, then run time.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ErrorKind {
    // ------------------------------------------------------------ lexer
    /// `{{` or `{%` never closed.
    #[error("`{opener}` is never closed")]
    UnclosedTag {
        /// `{{` or `{%`.
        opener: &'static str,
    },
    /// `{#` without `#}`.
    #[error("the comment `{{#` is never closed with `#}}`")]
    UnclosedComment,
    /// `{% verbatim %}` without `{% endverbatim %}`.
    #[error("`{{% verbatim %}}` is never closed with `{{% endverbatim %}}`")]
    UnclosedVerbatim,
    /// A bracket or quote left open at the end.
    #[error("`{open}` is never closed")]
    UnclosedBracket {
        /// The opener (`(`, `[`, `{`, `"` or `#{`).
        open: &'static str,
    },
    /// A closing bracket with nothing open.
    #[error("unexpected `{found}`: no bracket is open")]
    StrayCloser {
        /// The closer.
        found: char,
    },
    /// A closing bracket that does not match the innermost open one.
    #[error("`{found}` does not close the open `{open}`")]
    MismatchedCloser {
        /// The closer found.
        found: char,
        /// The innermost open bracket.
        open: &'static str,
    },
    /// A character Pebble has no token for.
    #[error("unexpected character `{found}`")]
    UnexpectedChar {
        /// The character.
        found: char,
    },
    /// A single-quoted string without its closing quote.
    #[error("the string is never closed with `'`")]
    UnclosedString,
    /// A string ending in a lone backslash: the platform's lexer loops forever.
    #[error(
        "the string ends in a lone backslash: the platform's template lexer never returns on this"
    )]
    LexerHang,

    // ----------------------------------------------------------- parser
    /// A token out of place.
    #[error("unexpected {found}, expected {expected}")]
    Unexpected {
        /// What was found.
        found: String,
        /// What the grammar wants here.
        expected: String,
    },
    /// `{% name` with an unknown name.
    #[error("unknown tag `{name}`{}", hint(suggestion))]
    UnknownTag {
        /// The tag name.
        name: String,
        /// The closest known tag.
        suggestion: Option<String>,
    },
    /// A block tag never closed.
    #[error("`{{% {tag} %}}` is never closed with `{{% {end} %}}`")]
    UnclosedBlock {
        /// The opening tag.
        tag: &'static str,
        /// The end tag wanted.
        end: &'static str,
    },
    /// `set`/`for`/a parameter named `true`, `false`, `null` or `none`.
    #[error("`{name}` is reserved and cannot be assigned")]
    Reserved {
        /// The name.
        name: String,
    },
    /// An integer literal over 2^63-1.
    #[error("the integer `{digits}` is too big (the largest is 9223372036854775807)")]
    LongOverflow {
        /// The digits.
        digits: String,
    },
    /// `f()()`, `'a'(1)`, `true(1)`: a call on something that is not a bare name.
    #[error("only a bare function or macro name can be called")]
    CallOnNonName,
    /// A positional argument after a named one.
    #[error("a positional argument follows a named one")]
    PositionalAfterNamed,
    /// `obj.method(name=…)`.
    #[error("named arguments cannot be used in a method call")]
    NamedInMethodCall,
    /// `block()` with no argument.
    #[error("`block()` needs the block name")]
    BlockWithoutName,
    /// Two macros with one name.
    #[error("the macro `{name}` is defined twice")]
    DuplicateMacro {
        /// The name.
        name: String,
    },
    /// `{% include … with X %}` where X is not a map literal.
    #[error("`with` must be followed by a map literal")]
    WithNotAMap,
    /// Nesting beyond the checker's depth limit.
    #[error("the template nests more than {limit} levels deep (a tag counts as two levels)")]
    TooDeep {
        /// The limit.
        limit: usize,
    },

    // --------------------------------------------------------- run time
    /// A filter that does not exist.
    #[error("unknown filter `{name}`{}", hint(suggestion))]
    UnknownFilter {
        /// The name.
        name: String,
        /// The closest known filter.
        suggestion: Option<String>,
    },
    /// A test that does not exist.
    #[error("unknown test `{name}`{}", hint(suggestion))]
    UnknownTest {
        /// The name.
        name: String,
        /// The closest known test.
        suggestion: Option<String>,
    },
    /// A function that does not exist and no macro of that name.
    #[error("unknown function or macro `{name}`{}", hint(suggestion))]
    UnknownFunction {
        /// The name.
        name: String,
        /// The closest known function or macro.
        suggestion: Option<String>,
    },
    /// More positional arguments than the callee declares.
    #[error("`{callee}` takes at most {max} argument(s), got {got}")]
    TooManyArguments {
        /// The filter, function or macro.
        callee: String,
        /// Declared parameters.
        max: usize,
        /// Positional arguments given.
        got: usize,
    },
    /// A named argument the callee does not declare.
    #[error("`{callee}` has no argument named `{name}`{}", hint(suggestion))]
    UnknownArgument {
        /// The filter, function or macro.
        callee: String,
        /// The argument name.
        name: String,
        /// The closest declared name.
        suggestion: Option<String>,
    },
    /// An operation on a value of the wrong type (null included).
    #[error("{what}")]
    Type {
        /// What fails and why, e.g. "`+` needs numbers, the left side is null".
        what: String,
    },
    /// Integer division or remainder by zero.
    #[error("integer division by zero")]
    DivisionByZero,
    /// A filter, function or test rejecting its input or arguments.
    #[error("`{callee}`: {why}")]
    Callee {
        /// The filter, function or test.
        callee: String,
        /// Its complaint.
        why: String,
    },
    /// `include`/`import`/`from`/`embed`/`extends` of a template.
    #[error("`{{% {tag} %}}` cannot load {what} when the platform checks the string")]
    CannotLoad {
        /// The tag.
        tag: &'static str,
        /// What it tried to load.
        what: String,
    },
    /// `parent()` outside an extending template.
    #[error("`parent()` has no parent template here")]
    NoParent,
    /// `{% autoescape %}` with an unknown strategy, used on a printed value.
    #[error("unknown escaping strategy `{strategy}` (known: html, js, css, url_param, json)")]
    UnknownStrategy {
        /// The strategy.
        strategy: String,
    },
    /// A macro calling itself without end.
    #[error("the macro `{name}` calls itself more than {limit} levels deep: the platform's stack overflows")]
    Recursion {
        /// The macro.
        name: String,
        /// The limit.
        limit: usize,
    },
    /// The text given to `eval(…)` is not a Spring expression.
    #[error("`eval`: the Spring expression `{text}` does not parse: {why}")]
    Spel {
        /// The SpEL text (shortened).
        text: String,
        /// The parse error.
        why: String,
    },
}

impl ErrorKind {
    /// True for errors the platform meets only by running the template.
    pub fn is_run_time(&self) -> bool {
        matches!(
            self,
            Self::UnknownFilter { .. }
                | Self::UnknownTest { .. }
                | Self::UnknownFunction { .. }
                | Self::TooManyArguments { .. }
                | Self::UnknownArgument { .. }
                | Self::Type { .. }
                | Self::DivisionByZero
                | Self::Callee { .. }
                | Self::CannotLoad { .. }
                | Self::NoParent
                | Self::UnknownStrategy { .. }
                | Self::Recursion { .. }
                | Self::Spel { .. }
        )
    }

    /// How to fix it.
    pub fn fix(&self) -> String {
        match self {
            Self::UnclosedTag { opener } => {
                let closer = if *opener == "{{" { "}}" } else { "%}" };
                format!("close the tag with `{closer}`, or write `{{{{ '{opener}' }}}}` for a literal `{opener}`")
            }
            Self::UnclosedComment => "end the comment with `#}`".into(),
            Self::UnclosedVerbatim => "add `{% endverbatim %}`".into(),
            Self::UnclosedBracket { open } => format!("close the `{open}`"),
            Self::StrayCloser { .. } | Self::MismatchedCloser { .. } => {
                "balance the brackets; inside a tag `}` needs an open `{`".into()
            }
            Self::UnexpectedChar { found } => match found {
                '!' => "write `not x` for negation and `!=` for inequality".into(),
                '&' => "write `and`".into(),
                '#' => "comments `{# #}` go outside tags; `#` is only text inside strings".into(),
                _ => "remove the character or put it inside a string".into(),
            },
            Self::UnclosedString => "close the string; write `\\'` for a quote inside it".into(),
            Self::LexerHang => "double the backslash (`\\\\`) or close the string with `\"`".into(),
            Self::Unexpected { .. } => {
                "fix the expression: Pebble has `a ? b : c` (no `x if c else y`), no `in`, `**`, `//`, `&&`, and adjacent strings need `~`".into()
            }
            Self::UnknownTag { suggestion, .. } => suggestion.as_ref().map_or_else(
                || "use a Pebble tag: if, elseif, else, for, set, macro, filter, verbatim, block, autoescape".into(),
                |s| format!("write `{s}`"),
            ),
            Self::UnclosedBlock { end, .. } => format!("add `{{% {end} %}}`"),
            Self::Reserved { .. } => "choose another name".into(),
            Self::LongOverflow { .. } => "use a smaller number or a string".into(),
            Self::CallOnNonName => "call functions by their bare name, e.g. `max(a, b)`".into(),
            Self::PositionalAfterNamed => "put positional arguments first".into(),
            Self::NamedInMethodCall => "pass the arguments by position".into(),
            Self::BlockWithoutName => "write `block('name')`".into(),
            Self::DuplicateMacro { .. } => "rename or remove one of the macros".into(),
            Self::WithNotAMap => "write `with {'key': value}`".into(),
            Self::TooDeep { .. } => "flatten it: compute parts with `{% set %}`, combine conditions with `and`".into(),
            Self::UnknownFilter { suggestion, .. }
            | Self::UnknownTest { suggestion, .. }
            | Self::UnknownFunction { suggestion, .. }
            | Self::UnknownArgument { suggestion, .. } => suggestion.as_ref().map_or_else(
                || "use a name Pebble or PocketHive defines (see docs/FINDINGS.md, PH360)".into(),
                |s| format!("write `{s}`"),
            ),
            Self::TooManyArguments { .. } => "remove the extra arguments".into(),
            Self::Type { .. } => {
                "the platform runs the template once with every variable null: guard with `| default(…)` or `{% if x is not null %}`".into()
            }
            Self::DivisionByZero => "divide by a non-zero number (or a decimal, `1.0`)".into(),
            Self::Callee { .. } => "fix the arguments or the value given to it".into(),
            Self::CannotLoad { .. } => "inline the other template; bundles cannot include templates".into(),
            Self::NoParent => "remove `parent()`".into(),
            Self::UnknownStrategy { .. } => "use one of html, js, css, url_param, json".into(),
            Self::Recursion { .. } => "give the macro a way to stop".into(),
            Self::Spel { .. } => {
                "fix the Spring expression; inside Pebble single quotes SpEL's `''` ends the string: quote the eval text with `\"`".into()
            }
        }
    }
}
