//! Parsing one raw string into a typed JSON value, per SETTINGS.md
//! "Value parsing". Error messages never include the value: the caller adds
//! it when the field is not secret.

use serde_json::Value;

/// How a field's raw string is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Integer; surrounding white space is allowed.
    Int,
    /// Finite floating-point number; surrounding white space is allowed.
    Float,
    /// true/false, 1/0, yes/no, on/off, y/n, t/f in any case.
    Bool,
    /// Kept verbatim.
    Str,
    /// Kept verbatim; absent means none.
    OptStr,
    /// Kept verbatim, never shown.
    Secret,
    /// A JSON array of strings.
    StrList,
    /// One of a fixed list, matched in any case and stored in `case`
    /// (log levels, environments, IO types); absent means none when
    /// `optional`.
    Choice {
        /// The accepted values, as stored.
        options: &'static [&'static str],
        /// How a matching value is stored.
        case: Case,
        /// Whether the field may be absent.
        optional: bool,
    },
}

/// How a [`Kind::Choice`] value is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Upper case (`DEBUG`).
    Upper,
    /// Lower case (`production`).
    Lower,
}

impl Kind {
    /// A short name of the type, for docs and `explain`.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Int => "integer",
            Kind::Float => "float",
            Kind::Bool => "bool",
            Kind::Str => "string",
            Kind::OptStr => "string, optional",
            Kind::Secret => "secret",
            Kind::StrList => "JSON array of strings",
            Kind::Choice {
                optional: false, ..
            } => "choice",
            Kind::Choice { optional: true, .. } => "choice, optional",
        }
    }

    /// The rule a choice implies, in words (`None` for other kinds).
    pub fn rule_text(self) -> Option<String> {
        match self {
            Kind::Choice { options, .. } => Some(format!("one of {}, any case", options.join(" "))),
            _ => None,
        }
    }

    /// Parses `raw`; the error says what was expected (without the value).
    pub fn parse(self, raw: &str) -> Result<Value, String> {
        match self {
            Kind::Int => parse_int(raw).map(Value::from),
            Kind::Float => parse_float(raw).map(Value::from),
            Kind::Bool => parse_bool(raw).map(Value::Bool),
            Kind::Str | Kind::OptStr | Kind::Secret => Ok(Value::String(raw.to_string())),
            Kind::StrList => serde_json::from_str::<Vec<String>>(raw)
                .map(Value::from)
                .map_err(|_| "expected a JSON array of strings, e.g. [\"*\"]".to_string()),
            Kind::Choice { options, case, .. } => choice(raw, options).map(|v| {
                Value::from(match case {
                    Case::Upper => v.to_uppercase(),
                    Case::Lower => v.to_lowercase(),
                })
            }),
        }
    }
}

/// An integer with optional surrounding white space.
///
/// ```
/// use config_core::settings::parse::parse_int;
/// assert_eq!(parse_int(" 5010 "), Ok(5010));
/// assert!(parse_int("5010.5").is_err());
/// assert!(parse_int("").is_err());
/// ```
pub fn parse_int(raw: &str) -> Result<i64, String> {
    raw.trim()
        .parse::<i64>()
        .map_err(|_| "expected an integer (digits, optional sign)".to_string())
}

/// A finite number with optional surrounding white space.
pub fn parse_float(raw: &str) -> Result<f64, String> {
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err("expected a number, e.g. 1.5".to_string()),
    }
}

/// A boolean in any of the accepted spellings, any case.
///
/// ```
/// use config_core::settings::parse::parse_bool;
/// assert_eq!(parse_bool("Yes"), Ok(true));
/// assert_eq!(parse_bool("OFF"), Ok(false));
/// assert!(parse_bool("").is_err());
/// ```
pub fn parse_bool(raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "y" | "t" => Ok(true),
        "false" | "0" | "no" | "off" | "n" | "f" => Ok(false),
        _ => Err("expected a boolean: true/false, 1/0, yes/no, on/off, y/n or t/f".to_string()),
    }
}

fn choice<'a>(raw: &'a str, options: &[&str]) -> Result<&'a str, String> {
    let trimmed = raw.trim();
    if options.iter().any(|o| o.eq_ignore_ascii_case(trimmed)) {
        Ok(trimmed)
    } else {
        Err(format!("expected one of {} (any case)", options.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_int("42"), Ok(42));
        assert_eq!(parse_int("\t-3 \n"), Ok(-3));
        for bad in [
            "",
            " ",
            "abc",
            "5010.5",
            "1e3",
            "0x10",
            "99999999999999999999",
        ] {
            assert!(parse_int(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float(" 0 "), Ok(0.0));
        assert_eq!(parse_float("1.5"), Ok(1.5));
        for bad in ["", "abc", "NaN", "inf", "-inf"] {
            assert!(parse_float(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn booleans_every_spelling_any_case() {
        for t in [
            "true", "TRUE", "True", "1", "yes", "YES", "on", "On", "y", "Y", "t", "T",
        ] {
            assert_eq!(parse_bool(t), Ok(true), "{t}");
        }
        for f in [
            "false", "FALSE", "0", "no", "No", "off", "OFF", "n", "N", "f", "F",
        ] {
            assert_eq!(parse_bool(f), Ok(false), "{f}");
        }
        for bad in ["", "2", "maybe", "tru", "yess", "-1"] {
            assert!(parse_bool(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn choices_normalise_case() {
        let level = Kind::Choice {
            options: &["DEBUG", "INFO"],
            case: Case::Upper,
            optional: false,
        };
        let env = Kind::Choice {
            options: &["development", "production"],
            case: Case::Lower,
            optional: false,
        };
        assert_eq!(level.parse("debug"), Ok(Value::from("DEBUG")));
        assert_eq!(level.parse(" info "), Ok(Value::from("INFO")));
        assert_eq!(env.parse("PRODUCTION"), Ok(Value::from("production")));
        assert!(level.parse("verbose").is_err());
        assert_eq!(
            level.rule_text().as_deref(),
            Some("one of DEBUG INFO, any case")
        );
    }

    #[test]
    fn lists_are_json_arrays() {
        assert_eq!(
            Kind::StrList.parse("[\"a\",\"b\"]"),
            Ok(serde_json::json!(["a", "b"]))
        );
        assert!(Kind::StrList.parse("a,b").is_err());
        assert!(Kind::StrList.parse("[1]").is_err());
    }

    #[test]
    fn parse_errors_never_contain_the_value() {
        let e = Kind::Int.parse("canary-123").unwrap_err();
        assert!(!e.contains("canary"));
    }
}
