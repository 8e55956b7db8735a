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
    /// One of DEBUG INFO WARNING ERROR CRITICAL, any case, stored upper-case.
    LogLevel,
    /// One of development staging production, any case, stored lower-case.
    Environment,
    /// A PocketHive input type (SCHEDULER REDIS_DATASET CSV_DATASET
    /// RABBITMQ), any case, stored upper-case; absent means none.
    InputType,
    /// A PocketHive output type (RABBITMQ REDIS NONE), any case, stored
    /// upper-case; absent means none.
    OutputType,
}

const LOG_LEVELS: [&str; 5] = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
const ENVIRONMENTS: [&str; 3] = ["development", "staging", "production"];
/// PocketHive input types (RULES.md, "The worker config block").
pub const INPUT_TYPES: [&str; 4] = ["SCHEDULER", "REDIS_DATASET", "CSV_DATASET", "RABBITMQ"];
/// PocketHive output types.
pub const OUTPUT_TYPES: [&str; 3] = ["RABBITMQ", "REDIS", "NONE"];

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
            Kind::LogLevel => "log level",
            Kind::Environment => "environment",
            Kind::InputType => "input type, optional",
            Kind::OutputType => "output type, optional",
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
            Kind::LogLevel => choice(raw, &LOG_LEVELS).map(|v| Value::from(v.to_uppercase())),
            Kind::Environment => choice(raw, &ENVIRONMENTS).map(|v| Value::from(v.to_lowercase())),
            Kind::InputType => choice(raw, &INPUT_TYPES).map(|v| Value::from(v.to_uppercase())),
            Kind::OutputType => choice(raw, &OUTPUT_TYPES).map(|v| Value::from(v.to_uppercase())),
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
        assert_eq!(Kind::LogLevel.parse("debug"), Ok(Value::from("DEBUG")));
        assert_eq!(
            Kind::Environment.parse("PRODUCTION"),
            Ok(Value::from("production"))
        );
        assert!(Kind::LogLevel.parse("verbose").is_err());
        assert_eq!(
            Kind::InputType.parse(" redis_dataset "),
            Ok(Value::from("REDIS_DATASET"))
        );
        assert!(Kind::OutputType.parse("KAFKA").is_err());
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
