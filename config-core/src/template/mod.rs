//! Template strings checked the way the PocketHive platform checks them:
//! Pebble 3.2.4 with PocketHive's extensions, compiled and then run once
//! with no variables (`PebbleTemplateRenderer.validateSyntax`; facts in
//! `../shared/reference/pockethive/TEMPLATES.md`).
//!
//! - [`lexer`]: delimiters, whitespace control, comments, verbatim, tokens;
//! - `expr`: the expression grammar and precedence;
//! - `tags`: the core tags;
//! - `registry`: filters, functions, tests and tags, as data with arity;
//! - `eval`: the single run with null variables (run-time errors);
//! - `spel`: the Spring expression inside `eval('…')`;
//! - `error`: what is wrong, where (byte offset in the string), the fix;
//! - `scope`: which strings of a config or a template file are checked.
//!
//! ```
//! use config_core::template::check;
//! assert!(check("{{ x ? 'a' : 'b' }}").is_none());
//! let e = check("{{ 'a' if x else 'b' }}").unwrap();
//! assert_eq!(e.offset, 7); // at `if`
//! assert!(check("{{ x | uper }}").unwrap().message().contains("did you mean `upper`"));
//! ```

pub(crate) mod ast;
pub(crate) mod error;
pub(crate) mod eval;
pub(crate) mod expr;
pub mod lexer;
pub(crate) mod registry;
pub mod scope;
pub(crate) mod spel;
pub(crate) mod tags;
pub(crate) mod value;

pub use error::{ErrorKind, TemplateError};

/// The platform's verdict on one template string: `None` when it accepts
/// it, else the first error it would hit (compile time, then run time).
/// Runs in time linear in the input, with bounded recursion.
pub fn check(source: &str) -> Option<TemplateError> {
    let tokens = match lexer::tokenize(source) {
        Ok(t) => t,
        Err(e) => return Some(e),
    };
    let template = match expr::Parser::new(tokens).template() {
        Ok(t) => t,
        Err(e) => return Some(e),
    };
    eval::run(&template, source)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests;
