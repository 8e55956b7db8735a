//! `${VAR}` and `${VAR:default}` placeholders in settings-file values,
//! resolved from an (injected) environment.
//!
//! - `${VAR}` is replaced by the value of `VAR`; an unset `VAR` is an error.
//! - `${VAR:default}` falls back to `default` (which may be empty) when
//!   `VAR` is unset. A set-but-empty `VAR` is used as is (empty).
//! - Any number of placeholders may appear in one value, mixed with text.
//! - There is no nesting and no escape: the first `}` ends a placeholder.
//!
//! Every problem of a value is returned, never only the first.
//!
//! ```
//! use config_core::source::placeholder::{resolve, PlaceholderError};
//! let env = |name: &str| (name == "HOST").then(|| "rabbit".to_string());
//! assert_eq!(resolve("amqp://${HOST}:${PORT:5672}", env).unwrap(), "amqp://rabbit:5672");
//! let errors = resolve("${A}-${B}", env).unwrap_err();
//! assert_eq!(errors, vec![
//!     PlaceholderError::Unresolved { name: "A".into(), offset: 0 },
//!     PlaceholderError::Unresolved { name: "B".into(), offset: 5 },
//! ]);
//! ```

/// What the environment holds under a placeholder's variable name. A lookup
/// may return this or a plain `Option<String>` (`None` is unset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvValue {
    /// The variable is not set.
    Unset,
    /// The variable is set to this text.
    Set(String),
    /// The variable is set, but to bytes that are not UTF-8 (process
    /// environment only): an error, never replaced by the default.
    NotUtf8,
}

impl From<Option<String>> for EnvValue {
    fn from(value: Option<String>) -> Self {
        value.map_or(EnvValue::Unset, EnvValue::Set)
    }
}

/// One problem with a placeholder. Offsets are in characters from the start
/// of the value. Messages name the variable, never a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceholderError {
    /// `${VAR}` without a default, and `VAR` is not set.
    #[error(
        "placeholder '${{{name}}}' cannot be resolved: environment variable '{name}' is not set; \
         fix: set {name}, or give a default with '${{{name}:default}}'"
    )]
    Unresolved {
        /// The variable name.
        name: String,
        /// Character offset of `${` in the value.
        offset: usize,
    },
    /// `VAR` is set, but its value is not UTF-8 text.
    #[error(
        "placeholder '${{{name}}}' cannot be resolved: environment variable '{name}' is set \
         but its value is not valid UTF-8; fix: set {name} to UTF-8 text, or unset it"
    )]
    NotUtf8 {
        /// The variable name.
        name: String,
        /// Character offset of `${` in the value.
        offset: usize,
    },
    /// `${` with no closing `}`.
    #[error("placeholder starting with '${{' is not closed; fix: add the closing '}}'")]
    Unterminated {
        /// Character offset of `${` in the value.
        offset: usize,
    },
    /// `${}` or `${:default}`.
    #[error("placeholder has no variable name; fix: write '${{NAME}}' or '${{NAME:default}}'")]
    EmptyName {
        /// Character offset of `${` in the value.
        offset: usize,
    },
}

impl PlaceholderError {
    /// Character offset of the placeholder in the value.
    pub fn offset(&self) -> usize {
        match self {
            Self::Unresolved { offset, .. }
            | Self::NotUtf8 { offset, .. }
            | Self::Unterminated { offset }
            | Self::EmptyName { offset } => *offset,
        }
    }
}

/// Whether `text` holds a placeholder at all (cheap pre-check).
pub fn has_placeholder(text: &str) -> bool {
    text.contains("${")
}

/// Replaces every placeholder of `text` using `lookup` (returning an
/// `Option<String>` or an [`EnvValue`]).
///
/// # Errors
/// Every unresolved, non-UTF-8, unterminated or unnamed placeholder, in
/// text order. A default never stands in for a non-UTF-8 value.
pub fn resolve<F, R>(text: &str, lookup: F) -> Result<String, Vec<PlaceholderError>>
where
    F: Fn(&str) -> R,
    R: Into<EnvValue>,
{
    let mut out = String::with_capacity(text.len());
    let mut errors = Vec::new();
    let mut rest = text;
    let mut offset = 0usize; // characters consumed so far
    while let Some(start) = rest.find("${") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        offset += before.chars().count();
        let body_and_rest = from.get(2..).unwrap_or("");
        let Some(end) = body_and_rest.find('}') else {
            errors.push(PlaceholderError::Unterminated { offset });
            out.push_str(from);
            rest = "";
            break;
        };
        let body = body_and_rest.get(..end).unwrap_or("");
        let (name, default) = match body.split_once(':') {
            Some((name, default)) => (name.trim(), Some(default)),
            None => (body.trim(), None),
        };
        if name.is_empty() {
            errors.push(PlaceholderError::EmptyName { offset });
        } else {
            match (lookup(name).into(), default) {
                (EnvValue::Set(value), _) => out.push_str(&value),
                (EnvValue::NotUtf8, _) => errors.push(PlaceholderError::NotUtf8 {
                    name: name.to_string(),
                    offset,
                }),
                (EnvValue::Unset, Some(default)) => out.push_str(default),
                (EnvValue::Unset, None) => errors.push(PlaceholderError::Unresolved {
                    name: name.to_string(),
                    offset,
                }),
            }
        }
        offset += 2 + body.chars().count() + 1;
        rest = body_and_rest.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SET" => Some("value".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn resolved_defaulted_and_plain_text() {
        assert_eq!(resolve("no placeholder", env).unwrap(), "no placeholder");
        assert_eq!(resolve("${SET}", env).unwrap(), "value");
        assert_eq!(resolve("a-${SET}-b", env).unwrap(), "a-value-b");
        assert_eq!(resolve("${UNSET:fallback}", env).unwrap(), "fallback");
        assert_eq!(resolve("${UNSET:}", env).unwrap(), "");
        assert_eq!(resolve("${SET:fallback}", env).unwrap(), "value");
        assert_eq!(resolve("${EMPTY:fallback}", env).unwrap(), "");
        assert_eq!(resolve("${UNSET:a:b}", env).unwrap(), "a:b");
        assert_eq!(resolve("$SET {SET}", env).unwrap(), "$SET {SET}");
    }

    #[test]
    fn every_problem_is_reported_with_its_offset() {
        let errors = resolve("é${MISSING} ${} ${SET} ${OPEN", env).unwrap_err();
        assert_eq!(
            errors,
            vec![
                PlaceholderError::Unresolved {
                    name: "MISSING".into(),
                    offset: 1
                },
                PlaceholderError::EmptyName { offset: 12 },
                PlaceholderError::Unterminated { offset: 23 },
            ]
        );
    }

    #[test]
    fn a_non_utf8_variable_is_an_error_even_with_a_default() {
        let lookup = |name: &str| match name {
            "BAD" => EnvValue::NotUtf8,
            other => EnvValue::from(env(other)),
        };
        let errors = resolve("${BAD:fallback}-${SET}", lookup).unwrap_err();
        assert_eq!(
            errors,
            vec![PlaceholderError::NotUtf8 {
                name: "BAD".into(),
                offset: 0
            }]
        );
        let text = errors[0].to_string();
        assert!(
            text.contains("'BAD' is set but its value is not valid UTF-8"),
            "{text}"
        );
        assert!(text.contains("fix: set BAD to UTF-8 text"), "{text}");
    }

    #[test]
    fn messages_name_the_variable_and_the_fix() {
        let e = resolve("${RABBIT_HOST}", env).unwrap_err();
        let text = e[0].to_string();
        assert!(text.contains("'RABBIT_HOST' is not set"), "{text}");
        assert!(text.contains("${RABBIT_HOST:default}"), "{text}");
    }
}
