//! The values a template can hold while the platform runs it with no
//! variables (TEMPLATES.md §5.2), plus `Unknown` for what the checker does
//! not model (globals, method results, random picks): an `Unknown` never
//! causes an error, so the checker errs towards "valid".

use std::rc::Rc;

/// A run-time value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Java `null`: every variable, and every attribute of null.
    Null,
    /// `Boolean`
    Bool(bool),
    /// `Long`
    Long(i64),
    /// `Double`
    Double(f64),
    /// `String`
    Str(Rc<str>),
    /// `List`
    List(Rc<Vec<Value>>),
    /// `Map` (insertion order)
    Map(Rc<Vec<(Value, Value)>>),
    /// Anything the checker does not model.
    Unknown,
}

impl Value {
    /// A string value.
    pub(crate) fn str(s: impl Into<Rc<str>>) -> Self {
        Self::Str(s.into())
    }

    /// How the value is named in messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Long(_) => "an integer",
            Self::Double(_) => "a decimal",
            Self::Str(_) => "a string",
            Self::List(_) => "a list",
            Self::Map(_) => "a map",
            Self::Unknown => "a value",
        }
    }

    /// True for `Long` and `Double`.
    pub(crate) fn is_number(&self) -> bool {
        matches!(self, Self::Long(_) | Self::Double(_))
    }

    /// The number as a double.
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Long(v) => Some(*v as f64),
            Self::Double(v) => Some(*v),
            _ => None,
        }
    }

    /// Java's `String.valueOf(value)`; `None` when it depends on what the
    /// checker does not model.
    pub(crate) fn java_string(&self) -> Option<String> {
        Some(match self {
            Self::Null => "null".into(),
            Self::Bool(b) => b.to_string(),
            Self::Long(v) => v.to_string(),
            Self::Double(v) => java_double(*v),
            Self::Str(s) => s.to_string(),
            Self::List(items) => {
                let parts: Option<Vec<String>> = items.iter().map(Value::java_string).collect();
                format!("[{}]", parts?.join(", "))
            }
            Self::Map(entries) => {
                let parts: Option<Vec<String>> = entries
                    .iter()
                    .map(|(k, v)| Some(format!("{}={}", k.java_string()?, v.java_string()?)))
                    .collect();
                format!("{{{}}}", parts?.join(", "))
            }
            Self::Unknown => return None,
        })
    }

    /// The text `~` appends: like [`Value::java_string`] but null adds nothing.
    pub(crate) fn concat_text(&self) -> Option<String> {
        match self {
            Self::Null => Some(String::new()),
            other => other.java_string(),
        }
    }
}

/// Java's `Double.toString`: plain between 10^-3 and 10^7, else
/// `d.dddE±n`; always at least one decimal.
pub(crate) fn java_double(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let abs = v.abs();
    if (1e-3..1e7).contains(&abs) {
        let s = format!("{v}");
        return if s.contains('.') { s } else { format!("{s}.0") };
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exp}")
}

/// How `and`, `or`, `not`, `?:` and `{% if %}` read a value: `Ok(None)`
/// for unknown, `Err` for a type the platform cannot convert.
pub(crate) fn truth(v: &Value) -> Result<Option<bool>, &'static str> {
    Ok(Some(match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Long(n) => *n != 0,
        Value::Double(d) => *d != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(_) => return Err("a list"),
        Value::Map(_) => return Err("a map"),
        Value::Unknown => return Ok(None),
    }))
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
    fn java_doubles() {
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(0.5), "0.5");
        assert_eq!(java_double(1e10), "1.0E10");
        assert_eq!(java_double(1.5e-5), "1.5E-5");
        assert_eq!(java_double(f64::INFINITY), "Infinity");
    }

    #[test]
    fn java_strings() {
        let list = Value::List(Rc::new(vec![Value::Long(1), Value::str("a")]));
        assert_eq!(list.java_string().as_deref(), Some("[1, a]"));
        assert_eq!(Value::Null.concat_text().as_deref(), Some(""));
    }
}
