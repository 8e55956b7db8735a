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

/// Which parser reads raw strings: the engine's lenient one, or the one
/// a pydantic 2.11 service applies (KTRDR; SETTINGS.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueSyntax {
    /// Trimmed, `i64`, finite floats, `y/n/t/f` booleans.
    #[default]
    Lenient,
    /// pydantic-core 2.33 lax mode: [`pydantic`].
    Pydantic,
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

    /// Parses `raw` by the rules of `syntax`.
    pub fn parse_with(self, raw: &str, syntax: ValueSyntax) -> Result<Value, String> {
        match (syntax, self) {
            (ValueSyntax::Lenient, kind) => kind.parse(raw),
            (ValueSyntax::Pydantic, Kind::Int) => pydantic::int(raw).map(|(v, _)| Value::from(v)),
            (ValueSyntax::Pydantic, Kind::Float) => pydantic::float(raw).map(pydantic::float_json),
            (ValueSyntax::Pydantic, Kind::Bool) => pydantic::bool(raw).map(Value::Bool),
            (ValueSyntax::Pydantic, Kind::Choice { options, case, .. }) => {
                pydantic::choice(raw, options, case).map(Value::from)
            }
            (ValueSyntax::Pydantic, kind) => kind.parse(raw),
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

pub mod pydantic {
    //! Raw strings read as pydantic-core 2.33.2 lax mode reads them
    //! (SETTINGS.md §1.1-1.3, 1.6): integers with `5.0`, `1_000` and
    //! unbounded size, floats with `inf`/`nan`/underscores, booleans by
    //! exact word (no trimming), choices case-folded but not trimmed.

    use super::{Case, Value};

    /// The largest integer text pydantic parses (Python's 4300 digits).
    const MAX_INT_CHARS: usize = 4300;

    const INT_PARSING: &str =
        "expected an integer (pydantic int_parsing: unable to parse string as an integer)";

    /// The strict JSON integer grammar `-?(0|[1-9][0-9]*)`.
    fn is_strict_int(s: &str) -> bool {
        let digits = s.strip_prefix('-').unwrap_or(s);
        match digits.as_bytes() {
            [b'0'] => true,
            [first, rest @ ..] => {
                (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit)
            }
            [] => false,
        }
    }

    /// The sign and digit run a raw string starts with, when it starts
    /// like a JSON integer (optional `-`, then 1-9): its length.
    fn leading_int_run(raw: &str) -> Option<usize> {
        let sign = usize::from(raw.starts_with('-'));
        let rest = raw.get(sign..)?;
        if !rest.starts_with(|c: char| ('1'..='9').contains(&c)) {
            return None;
        }
        Some(sign + rest.bytes().take_while(u8::is_ascii_digit).count())
    }

    /// A strict integer text as `i64`, saturated; `true` when it did not fit.
    fn saturate(s: &str) -> (i64, bool) {
        match s.parse::<i64>() {
            Ok(v) => (v, false),
            Err(_) if s.starts_with('-') => (i64::MIN, true),
            Err(_) => (i64::MAX, true),
        }
    }

    /// pydantic-core `strip_leading_zeros`.
    fn strip_leading_zeros(s: &str) -> Option<&str> {
        let mut chars = s.char_indices();
        match chars.next() {
            Some((_, '0')) => {}
            Some((_, c)) if ('1'..='9').contains(&c) || c == '-' => return Some(s),
            _ => return None,
        }
        for (i, c) in chars {
            match c {
                '0' | '_' => {}
                c if ('1'..='9').contains(&c) || c == '-' => return s.get(i..),
                '.' => return s.get(i - 1..),
                _ => return None,
            }
        }
        s.get(s.len() - 1..)
    }

    /// An integer as pydantic reads it, saturated to `i64` (`true` when
    /// the exact value did not fit; the service keeps it exactly).
    ///
    /// ```
    /// use config_core::settings::parse::pydantic::int;
    /// assert_eq!(int(" 5.0 "), Ok((5, false)));
    /// assert_eq!(int("1_000"), Ok((1000, false)));
    /// assert_eq!(int("0-2"), Ok((-2, false)));
    /// assert_eq!(int("99999999999999999999"), Ok((i64::MAX, true)));
    /// assert!(int("5.5").is_err() && int("1e3").is_err() && int("").is_err());
    /// ```
    pub fn int(raw: &str) -> Result<(i64, bool), String> {
        if leading_int_run(raw).is_some_and(|len| len > MAX_INT_CHARS) {
            return Err(
                "integer too long (pydantic int_parsing_size: more than 4300 digits)".into(),
            );
        }
        if is_strict_int(raw) {
            return Ok(saturate(raw));
        }
        let bad = || INT_PARSING.to_string();
        let trimmed = raw.trim();
        let mut removed = trimmed.len() != raw.len();
        let mut s = trimmed;
        if let Some(rest) = s.strip_prefix('+') {
            if rest.starts_with('-') {
                return Err(bad());
            }
            s = rest;
            removed = true;
        }
        let negative = match s.strip_prefix('-') {
            Some(rest) if rest.starts_with(['-', '+']) => return Err(bad()),
            Some(rest) => {
                s = rest;
                true
            }
            None => false,
        };
        let stripped = strip_leading_zeros(s).ok_or_else(bad)?;
        removed |= stripped.len() != s.len();
        let mut text = stripped.to_string();
        if let Some(dot) = text.find('.') {
            let fraction = text.get(dot + 1..).unwrap_or("");
            if !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') {
                text.truncate(dot);
                removed = true;
            }
        }
        if text.contains('_')
            && !text.starts_with('_')
            && !text.ends_with('_')
            && !text.contains("__")
        {
            text.retain(|c| c != '_');
            removed = true;
        }
        if !removed && !negative {
            return Err(bad());
        }
        let signed = if negative { format!("-{text}") } else { text };
        if signed.len() > MAX_INT_CHARS || !is_strict_int(&signed) {
            return Err(bad());
        }
        Ok(saturate(&signed))
    }

    /// A float as pydantic reads it: `inf`, `nan` and overflow allowed.
    ///
    /// ```
    /// use config_core::settings::parse::pydantic::float;
    /// assert_eq!(float(" 2 "), Ok(2.0));
    /// assert_eq!(float("1_0.5"), Ok(10.5));
    /// assert!(float("inf").unwrap().is_infinite());
    /// assert!(float(" 1_0").is_err());
    /// ```
    pub fn float(raw: &str) -> Result<f64, String> {
        if let Ok(v) = raw.trim().parse::<f64>() {
            return Ok(v);
        }
        if raw.contains('_') && !raw.starts_with('_') && !raw.ends_with('_') && !raw.contains("__")
        {
            let joined: String = raw.chars().filter(|&c| c != '_').collect();
            if let Ok(v) = joined.parse::<f64>() {
                return Ok(v);
            }
        }
        Err("expected a number (pydantic float_parsing: unable to parse string as a number)".into())
    }

    /// A float as a JSON value: JSON has no `inf` or `nan`, so they are
    /// the largest finite number of their sign and `null` (the loader
    /// checks their rules on the real value and says so).
    pub fn float_json(v: f64) -> Value {
        if v.is_nan() {
            Value::Null
        } else if v.is_infinite() {
            Value::from(if v > 0.0 { f64::MAX } else { f64::MIN })
        } else {
            Value::from(v)
        }
    }

    /// A boolean by exact word, ASCII case-insensitive, never trimmed.
    ///
    /// ```
    /// use config_core::settings::parse::pydantic::bool;
    /// assert_eq!(bool("oN"), Ok(true));
    /// assert!(bool(" true").is_err() && bool("1.0").is_err());
    /// ```
    pub fn bool(raw: &str) -> Result<bool, String> {
        match raw.to_ascii_lowercase().as_str() {
            "1" | "t" | "y" | "on" | "yes" | "true" => Ok(true),
            "0" | "f" | "n" | "no" | "off" | "false" => Ok(false),
            _ => Err(
                "expected a boolean: 1/0, t/f, y/n, on/off, yes/no, true/false in any case, \
                      nothing around it (pydantic bool_parsing)"
                    .to_string(),
            ),
        }
    }

    /// One of `options` after Python's Unicode `upper()`/`lower()` of the
    /// whole raw string (no trimming), stored folded.
    ///
    /// ```
    /// use config_core::settings::parse::{pydantic::choice, Case};
    /// let levels = &["DEBUG", "INFO"];
    /// assert_eq!(choice("info", levels, Case::Upper).as_deref(), Ok("INFO"));
    /// assert_eq!(choice("\u{131}nfo", levels, Case::Upper).as_deref(), Ok("INFO"));
    /// assert!(choice(" info", levels, Case::Upper).is_err());
    /// ```
    pub fn choice(raw: &str, options: &[&str], case: Case) -> Result<String, String> {
        let folded = match case {
            Case::Upper => raw.to_uppercase(),
            Case::Lower => raw.to_lowercase(),
        };
        if options.contains(&folded.as_str()) {
            Ok(folded)
        } else {
            Err(format!(
                "expected one of {} (any case, nothing around it)",
                options.join(", ")
            ))
        }
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

    /// The twelve words pydantic reads as booleans.
    const BOOL_WORDS: [(&str, bool); 12] = [
        ("1", true),
        ("t", true),
        ("y", true),
        ("on", true),
        ("yes", true),
        ("true", true),
        ("0", false),
        ("f", false),
        ("n", false),
        ("no", false),
        ("off", false),
        ("false", false),
    ];

    /// `n` with `_` between every group of three digits (`1_234_567`).
    fn grouped(n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let first = digits.len() % 3;
        let mut out = String::from(if n < 0 { "-" } else { "" });
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (i + 3 - first).is_multiple_of(3) {
                out.push('_');
            }
            out.push(c);
        }
        out
    }

    /// Upper-cases the letters of `word` where `mask` has a bit set.
    fn mixed_case(word: &str, mask: u8) -> String {
        word.chars()
            .enumerate()
            .map(|(i, c)| {
                if mask & (1 << (i % 8)) != 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }

    proptest::proptest! {
        /// No input makes a parser panic (the loader feeds user text).
        #[test]
        fn pydantic_parsers_never_panic(raw in proptest::prelude::any::<String>()) {
            let _ = pydantic::int(&raw);
            let _ = pydantic::float(&raw);
            let _ = pydantic::bool(&raw);
            let _ = pydantic::choice(&raw, &["DEBUG", "INFO"], Case::Upper);
        }

        /// The same on the characters the number grammars care about.
        #[test]
        fn pydantic_numbers_never_panic(raw in "[-+0-9_. eEinfa\t]{0,24}") {
            let _ = pydantic::int(&raw);
            let _ = pydantic::float(&raw);
        }

        /// Any `i64`, printed, is that int: bare, padded, with a `.0`/`.00`
        /// fraction, with `_` groups, with a `+` or leading zeros.
        #[test]
        fn every_i64_reads_back(n in proptest::prelude::any::<i64>(), pad in "[ \t\n]{0,3}") {
            let exact = Ok((n, false));
            proptest::prop_assert_eq!(pydantic::int(&n.to_string()), exact.clone());
            proptest::prop_assert_eq!(pydantic::int(&format!("{pad}{n}{pad}")), exact.clone());
            proptest::prop_assert_eq!(pydantic::int(&format!("{n}.0")), exact.clone());
            proptest::prop_assert_eq!(pydantic::int(&format!("{n}.00")), exact.clone());
            proptest::prop_assert_eq!(pydantic::int(&grouped(n)), exact.clone());
            if n >= 0 {
                proptest::prop_assert_eq!(pydantic::int(&format!("+{n}")), exact.clone());
                proptest::prop_assert_eq!(pydantic::int(&format!("00{n}")), exact.clone());
            }
        }

        /// Integers beyond 64 bits are accepted, saturated and flagged.
        #[test]
        fn ints_beyond_i64_saturate(n in proptest::prelude::any::<i128>()) {
            let fits = i64::try_from(n).ok();
            let want = match fits {
                Some(v) => (v, false),
                None if n < 0 => (i64::MIN, true),
                None => (i64::MAX, true),
            };
            proptest::prop_assert_eq!(pydantic::int(&n.to_string()), Ok(want));
        }

        /// A fraction that is not all zeros, or an exponent, is never an int.
        #[test]
        fn fractions_and_exponents_are_not_ints(n in proptest::prelude::any::<i32>(), frac in "[0-9]{0,3}[1-9]") {
            let fraction = format!("{n}.{frac}");
            let exponent = format!("{n}e3");
            proptest::prop_assert!(pydantic::int(&fraction).is_err(), "{}", fraction);
            proptest::prop_assert!(pydantic::int(&exponent).is_err(), "{}", exponent);
        }

        /// Any float Rust prints (shortest round-trip form, or exponent
        /// form) reads back as the same float, padded or not.
        #[test]
        fn every_f64_reads_back(x in proptest::num::f64::ANY, pad in "[ \t]{0,2}") {
            for text in [format!("{x}"), format!("{x:e}"), format!("{pad}{x}{pad}")] {
                let got = pydantic::float(&text);
                proptest::prop_assert!(got.is_ok(), "{text:?}");
                let got = got.unwrap_or_default();
                proptest::prop_assert!(
                    got.to_bits() == x.to_bits() || (got.is_nan() && x.is_nan()),
                    "{text:?} -> {got}"
                );
            }
        }

        /// The twelve words in any ASCII case are booleans; with anything
        /// around them (white space, a sign, a zero) they are errors.
        #[test]
        fn booleans_by_exact_word(
            (word, value) in proptest::sample::select(BOOL_WORDS.to_vec()),
            mask in proptest::prelude::any::<u8>(),
            before in "[ \t\n+0]{0,2}",
            after in "[ \t\n\r0]{0,2}",
        ) {
            let word = mixed_case(word, mask);
            proptest::prop_assert_eq!(pydantic::bool(&word), Ok(value));
            let padded = format!("{before}{word}{after}");
            if padded != word {
                proptest::prop_assert!(pydantic::bool(&padded).is_err(), "{padded:?}");
            }
        }

        /// Nothing but the twelve words is a boolean.
        #[test]
        fn other_text_is_not_a_boolean(raw in "[a-zA-Z0-9 ]{0,6}") {
            let word = BOOL_WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(&raw));
            proptest::prop_assert_eq!(pydantic::bool(&raw).ok(), word.map(|(_, v)| *v));
        }
    }
}
