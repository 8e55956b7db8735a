//! Rules as data: one value both checks a field and prints its rule, so
//! the docs, `explain`, the schema and the error message cannot disagree.

use serde_json::Value;

/// A rule a parsed field value must pass. Numeric rules ignore values that
/// are not numbers (`null` for an unset optional field); string rules
/// ignore values that are not strings.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Greater than (pydantic `gt`).
    Gt(f64),
    /// At least (`ge`).
    Ge(f64),
    /// Less than (`lt`).
    Lt(f64),
    /// At most (`le`).
    Le(f64),
    /// At least the first and at most the second (`ge` with `le`).
    Between(f64, f64),
    /// Exactly one of these strings.
    OneOf(&'static [&'static str]),
    /// A string that is not blank.
    NonEmpty,
    /// A check written as code: `Err(message)` when broken.
    Custom {
        /// The check.
        check: fn(&Value) -> Result<(), String>,
        /// The rule in words, for docs.
        text: &'static str,
    },
}

/// A bound as people write it: `0`, `65535`, `0.5`.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

impl Rule {
    /// The rule in words: `> 0`, `>= 0`, `1..=65535`, `one of a b`.
    ///
    /// ```
    /// use config_core::settings::Rule;
    /// assert_eq!(Rule::Between(1.0, 65535.0).text(), "1..=65535");
    /// assert_eq!(Rule::Gt(0.0).text(), "> 0");
    /// ```
    pub fn text(&self) -> String {
        match self {
            Rule::Gt(v) => format!("> {}", number(*v)),
            Rule::Ge(v) => format!(">= {}", number(*v)),
            Rule::Lt(v) => format!("< {}", number(*v)),
            Rule::Le(v) => format!("<= {}", number(*v)),
            Rule::Between(lo, hi) => format!("{}..={}", number(*lo), number(*hi)),
            Rule::OneOf(options) => format!("one of {}", options.join(" ")),
            Rule::NonEmpty => "non-empty".to_string(),
            Rule::Custom { text, .. } => (*text).to_string(),
        }
    }

    /// The message when `value` breaks the rule, `None` when it passes.
    ///
    /// ```
    /// use config_core::settings::Rule;
    /// use serde_json::json;
    /// assert_eq!(Rule::Gt(0.0).check(&json!(0)).as_deref(), Some("must be greater than 0"));
    /// assert_eq!(Rule::Gt(0.0).check(&json!(1)), None);
    /// assert_eq!(Rule::Gt(0.0).check(&json!(null)), None);
    /// ```
    pub fn check(&self, value: &Value) -> Option<String> {
        match self {
            Rule::Custom { check, .. } => check(value).err(),
            Rule::OneOf(options) => {
                let text = value.as_str()?;
                (!options.contains(&text)).then(|| format!("must be one of {}", options.join(", ")))
            }
            Rule::NonEmpty => {
                let text = value.as_str()?;
                text.trim()
                    .is_empty()
                    .then(|| "must not be blank".to_string())
            }
            numeric => {
                let v = value.as_f64()?;
                let ok = match *numeric {
                    Rule::Gt(b) => v > b,
                    Rule::Ge(b) => v >= b,
                    Rule::Lt(b) => v < b,
                    Rule::Le(b) => v <= b,
                    Rule::Between(lo, hi) => v >= lo && v <= hi,
                    _ => true,
                };
                // The message is built only for a value that breaks the rule.
                (!ok).then(|| match *numeric {
                    Rule::Gt(b) => format!("must be greater than {}", number(b)),
                    Rule::Ge(b) => format!("must be at least {}", number(b)),
                    Rule::Lt(b) => format!("must be less than {}", number(b)),
                    Rule::Le(b) => format!("must be at most {}", number(b)),
                    Rule::Between(lo, hi) => {
                        format!("must be between {} and {}", number(lo), number(hi))
                    }
                    _ => String::new(),
                })
            }
        }
    }

    /// The JSON Schema keywords of the rule (`minimum`, `enum`, ...).
    pub(crate) fn schema_keywords(&self, into: &mut serde_json::Map<String, Value>) {
        let mut put = |key: &str, v: Value| {
            into.insert(key.to_string(), v);
        };
        match self {
            Rule::Gt(v) => put("exclusiveMinimum", Value::from(*v)),
            Rule::Ge(v) => put("minimum", Value::from(*v)),
            Rule::Lt(v) => put("exclusiveMaximum", Value::from(*v)),
            Rule::Le(v) => put("maximum", Value::from(*v)),
            Rule::Between(lo, hi) => {
                put("minimum", Value::from(*lo));
                put("maximum", Value::from(*hi));
            }
            Rule::OneOf(options) => put("enum", Value::from(options.to_vec())),
            Rule::NonEmpty => put("pattern", Value::from("\\S")),
            Rule::Custom { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bounds_are_inclusive_or_exclusive_as_declared() {
        assert!(Rule::Ge(0.0).check(&json!(0)).is_none());
        assert!(Rule::Gt(0.0).check(&json!(0.0)).is_some());
        assert!(Rule::Lt(1.0).check(&json!(1)).is_some());
        assert!(Rule::Le(1.0).check(&json!(1)).is_none());
        let port = Rule::Between(1.0, 65535.0);
        assert!(port.check(&json!(65535)).is_none());
        assert_eq!(
            port.check(&json!(65536)).as_deref(),
            Some("must be between 1 and 65535")
        );
    }

    #[test]
    fn string_rules() {
        let one = Rule::OneOf(&["live", "simulation"]);
        assert!(one.check(&json!("live")).is_none());
        assert_eq!(
            one.check(&json!("paper")).as_deref(),
            Some("must be one of live, simulation")
        );
        assert!(Rule::NonEmpty.check(&json!(" ")).is_some());
        assert_eq!(Rule::NonEmpty.text(), "non-empty");
    }

    #[test]
    fn fractional_bounds_print_as_written() {
        assert_eq!(Rule::Ge(0.5).text(), ">= 0.5");
    }
}
