//! What exists in the platform's template engine, as data: Pebble 3.2.4's
//! core tags, filters, functions and tests, the escaper extension, and
//! PocketHive's three functions (TEMPLATES.md §3, §4.1; VALIDATOR.md §4).
//!
//! `params: None` means the callee declares no argument names: positional
//! arguments pass through and named ones are silently dropped. With
//! `Some(names)`, more positional arguments than names, or an undeclared
//! name, is a run-time error (Pebble's `ArgumentsNode`).

/// A filter, function or test and its declared argument names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Callee {
    /// The name.
    pub name: &'static str,
    /// Declared argument names, in order; `None` = any arguments.
    pub params: Option<&'static [&'static str]>,
}

const fn any(name: &'static str) -> Callee {
    Callee { name, params: None }
}

const fn named(name: &'static str, params: &'static [&'static str]) -> Callee {
    Callee {
        name,
        params: Some(params),
    }
}

/// Tag names (the first word after `{%`), core plus `autoescape`.
/// `verbatim` is the lexer's; end and branch tags are not listed.
pub(crate) const TAGS: [&str; 16] = [
    "autoescape",
    "block",
    "cache",
    "embed",
    "extends",
    "filter",
    "flush",
    "for",
    "from",
    "if",
    "import",
    "include",
    "macro",
    "parallel",
    "set",
    "verbatim",
];

/// The 27 filters: 25 core (`CoreExtension`) plus `escape` and `raw`.
pub(crate) const FILTERS: [Callee; 27] = [
    named("abbreviate", &["length"]),
    any("abs"),
    any("base64decode"),
    any("base64encode"),
    any("capitalize"),
    named("date", &["format", "existingFormat", "timeZone"]),
    named("default", &["default"]),
    named("escape", &["strategy"]),
    any("first"),
    named("join", &["separator"]),
    any("last"),
    any("length"),
    any("lower"),
    named("merge", &["items"]),
    named("numberformat", &["format"]),
    any("raw"),
    named("replace", &["replace_pairs"]),
    any("reverse"),
    any("rsort"),
    any("sha256"),
    named("slice", &["fromIndex", "toIndex"]),
    any("sort"),
    named("split", &["delimiter", "limit"]),
    any("title"),
    any("trim"),
    any("upper"),
    any("urlencode"),
];

/// Functions: core (`max`, `min`, `range`, `i18n`; `block` and `parent`
/// are parsed specially) and PocketHive's `eval`, `pickWeighted`,
/// `pickWeightedSeeded`.
pub(crate) const FUNCTIONS: [Callee; 9] = [
    any("max"),
    any("min"),
    named("range", &["start", "end", "increment"]),
    named("i18n", &["bundle", "key", "params"]),
    named("block", &["name"]),
    any("parent"),
    named("eval", &["expression"]),
    any("pickWeighted"),
    any("pickWeightedSeeded"),
];

/// The seven tests. Tests declare no argument names.
pub(crate) const TESTS: [Callee; 7] = [
    any("defined"),
    any("empty"),
    any("even"),
    any("iterable"),
    any("map"),
    any("null"),
    any("odd"),
];

/// Escaping strategies of the `escape` filter and `autoescape`.
pub(crate) const STRATEGIES: [&str; 5] = ["html", "js", "css", "url_param", "json"];

/// Globals every template sees (`PebbleTemplateImpl`).
pub(crate) const GLOBALS: [&str; 3] = ["locale", "template", "_context"];

/// Looks a name up in a table.
pub(crate) fn lookup(table: &[Callee], name: &str) -> Option<Callee> {
    table.iter().copied().find(|c| c.name == name)
}

/// The closest of `candidates` to `name`, if close enough to be a likely
/// typo (Jaro-Winkler ≥ 0.8, or equal ignoring case).
pub(crate) fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = if c.to_lowercase() == lower {
            1.0
        } else {
            strsim::jaro_winkler(&lower, &c.to_lowercase())
        };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// Jinja and other engines' names with a Pebble equivalent.
pub(crate) fn alias(name: &str) -> Option<&'static str> {
    Some(match name {
        "e" => "escape",
        "int" | "float" => "numberformat",
        "tojson" | "json" => "raw",
        "none" => "null",
        "divisibleby" => "even",
        "sameas" | "eq" => "equals",
        "uuid" | "random" => "eval",
        "pick" | "choice" => "pickWeighted",
        _ => return None,
    })
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
    fn tables_hold_what_the_reference_lists() {
        assert_eq!(FILTERS.len(), 27);
        assert_eq!(TESTS.len(), 7);
        assert!(lookup(&FUNCTIONS, "eval").is_some());
        assert!(lookup(&FILTERS, "e").is_none());
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("uper", FILTERS.iter().map(|c| c.name)).as_deref(),
            Some("upper")
        );
        assert_eq!(
            suggest("pickweighted", FUNCTIONS.iter().map(|c| c.name)).as_deref(),
            Some("pickWeighted")
        );
        assert_eq!(suggest("zzz", FILTERS.iter().map(|c| c.name)), None);
    }
}
