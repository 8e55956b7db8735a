//! Reading bundle files as the platform's strict mappers do (VALIDATOR.md
//! §1, §10.2). The validator reads `variables.yaml` (SBV:513), `sut.yaml`
//! (SBV:720, 2252), `templates/**` and `authProfiles.yaml` (SBV:2267-2269)
//! with the same `strictYamlMapper` as `scenario.yaml` (SBV:88-90, 2244):
//! Jackson over SnakeYAML, duplicate keys fatal, first document only, YAML
//! 1.1 values, an alias read as its anchor's name, `<<` an ordinary key.
//! So YAML goes through the one reader of that dialect,
//! [`crate::source::yaml::parse_jackson`], and its nodes carry the values
//! Jackson binds (`yes` a boolean, `010` 8, `1:30` a string, `.inf`
//! unreadable); `.json` files are first checked as strict JSON
//! (`strictJsonMapper`, SBV:85-87).

use crate::finding::Position;
use crate::scenario::binding::scalar_text;
use crate::source::read::read_listed_text;
use crate::source::yaml::{parse_jackson, Document, Limits, Node, Span, Value, YamlError};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::path::Path;

/// One file of a bundle, read.
#[derive(Debug)]
pub(crate) struct BundleFile {
    /// Path relative to the bundle root, `/`-separated (as the platform
    /// reports it).
    pub rel: String,
    /// The path as shown in findings (the bundle root as given, joined).
    pub display: String,
    /// The text.
    pub text: String,
    /// Its tree, parsed once by the first rule that reads it (a bundle is
    /// checked on one thread).
    parsed: OnceCell<Result<Parsed, ParseFailure>>,
}

impl BundleFile {
    /// A file with `text`, not parsed yet.
    pub(crate) fn new(rel: String, display: String, text: String) -> Self {
        Self {
            rel,
            display,
            text,
            parsed: OnceCell::new(),
        }
    }

    /// The file as the strict mapper reads it ([`parse_any`]), parsed on
    /// first use and shared by every rule.
    pub(crate) fn parse(&self, limits: &Limits) -> Result<&Parsed, ParseFailure> {
        self.parsed
            .get_or_init(|| parse_any(self, limits))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// [`BundleFile::parse`] read into a `Map` ([`parse_map`]).
    pub(crate) fn parse_map(&self, limits: &Limits) -> Result<&Parsed, ParseFailure> {
        let parsed = self.parse(limits)?;
        as_map(parsed)?;
        Ok(parsed)
    }

    /// The tree when some rule parsed the file.
    pub(crate) fn parsed(&self) -> Option<&Parsed> {
        self.parsed.get().and_then(|r| r.as_ref().ok())
    }
}

/// Why a structured bundle file cannot be read into a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseFailure {
    /// What the parser said.
    pub message: String,
    /// Where.
    pub at: Position,
}

/// A parsed structured file: its tree (first document only).
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The document.
    pub doc: Document,
}

impl Parsed {
    /// The top-level map entries (`~` and `---` documents: none).
    pub(crate) fn root(&self) -> &Node {
        &self.doc.root
    }
}

/// Reads a bundle file discovery listed; `None` when it cannot be read as
/// UTF-8 text (the platform would throw on it; reported by the caller's own
/// rule).
pub(crate) fn read(root: &Path, rel: &str, limits: &Limits) -> Option<String> {
    read_listed_text(&root.join(rel), limits.max_bytes).ok()
}

/// `display_root` joined with a relative path.
pub(crate) fn join_display(display_root: &str, rel: &str) -> String {
    if display_root.is_empty() || display_root == "." {
        rel.to_string()
    } else if display_root.ends_with('/') {
        format!("{display_root}{rel}")
    } else {
        format!("{display_root}/{rel}")
    }
}

/// Whether a parsed file reads as the strict mapper reads a `Map`: fails on
/// an empty file or a non-map document.
fn as_map(parsed: &Parsed) -> Result<(), ParseFailure> {
    let root = parsed.root();
    match &root.value {
        Value::Map(_) => {}
        // `~`, `null` or a bare `---`: Jackson reads null, the validator
        // takes an empty map (SBV:2586-2587).
        Value::Null if root.style.is_some() => {}
        Value::Null => return Err(failure("No content to map due to end-of-input", root.span)),
        _ => {
            return Err(failure(
                &format!(
                    "Cannot deserialize a map from {} (the document must be a mapping)",
                    root.type_name()
                ),
                root.span,
            ))
        }
    }
    Ok(())
}

/// Parses a structured file without requiring a map at the top: the first
/// document only (D5), duplicate keys fatal (D2), values as Jackson reads
/// them (an undecodable `.inf` fails the file).
fn parse_any(file: &BundleFile, limits: &Limits) -> Result<Parsed, ParseFailure> {
    if is_json(&file.rel) {
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&file.text) {
            return Err(ParseFailure {
                message: e.to_string(),
                at: Position {
                    line: e.line().max(1),
                    column: e.column().max(1),
                },
            });
        }
    }
    let doc = parse_jackson(&file.text, limits).map_err(|e| yaml_failure(&e))?;
    if let Some(dup) = doc.duplicate_keys.first() {
        return Err(failure(
            &format!("Duplicate field '{}'", dup.key),
            dup.duplicate,
        ));
    }
    Ok(Parsed { doc })
}

fn yaml_failure(e: &YamlError) -> ParseFailure {
    ParseFailure {
        message: e.to_string(),
        at: Position {
            line: e.line(),
            column: e.column(),
        },
    }
}

fn failure(message: &str, span: Span) -> ParseFailure {
    ParseFailure {
        message: message.to_string(),
        at: at(span),
    }
}

/// The position of a span.
pub(crate) fn at(span: Span) -> Position {
    Position {
        line: span.line,
        column: span.column,
    }
}

/// `.json` in any case.
pub(crate) fn is_json(rel: &str) -> bool {
    rel.to_ascii_lowercase().ends_with(".json")
}

/// `.yaml`, `.yml` or `.json` in any case (SBV:2625-2628).
pub(crate) fn is_structured(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json")
}

/// A scalar as Jackson binds it into an `Object`, read from a node of
/// [`parse_jackson`] (plain scalars resolved with YAML 1.1; quoted and block
/// scalars are strings).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'a> {
    /// `~`, `null`, empty.
    Null,
    /// `true`, `yes`, `on`, ... (YAML 1.1 words).
    Bool(bool),
    /// An integer; `None` when beyond `i64` (Java `BigInteger`).
    Int(Option<i64>),
    /// A floating-point number.
    Float(f64),
    /// Text.
    Str(&'a str),
}

/// The value of a scalar node; `None` for collections.
pub(crate) fn scalar(node: &Node) -> Option<Scalar<'_>> {
    Some(match &node.value {
        Value::Map(_) | Value::Seq(_) => return None,
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Int(i) => Scalar::Int(Some(*i)),
        // The reader keeps an int beyond `i64` as a float; Jackson reads a
        // `BigInteger`.
        Value::Float(_) if node.raw.as_deref().is_some_and(is_integer_literal) => Scalar::Int(None),
        Value::Float(f) => Scalar::Float(*f),
        Value::String(s) => Scalar::Str(s),
    })
}

/// An integer literal (`123`, `-0x1F`, `0b1`), not a float (`1.5`, `1e3`).
fn is_integer_literal(raw: &str) -> bool {
    let body = raw.trim_start_matches(['-', '+']);
    body.starts_with("0x")
        || body.starts_with("0b")
        || body.bytes().all(|b| b.is_ascii_digit() || b == b'_')
}

/// A string value as the validator's `stringValue` reads it: a String,
/// trimmed; anything else is `None`.
pub(crate) fn string_value(node: Option<&Node>) -> Option<&str> {
    match scalar(node?)? {
        Scalar::Str(s) => Some(s.trim()),
        _ => None,
    }
}

/// The text a scalar binds to in a Java `String` field (source text for
/// numbers and booleans, D-table §1.4, as
/// [`crate::scenario::binding::scalar_text`] reads it); `None` for null;
/// `Err` for a collection.
pub(crate) fn coerced_string(node: &Node) -> Result<Option<String>, ()> {
    scalar_text(node)
        .map(|text| text.map(Cow::into_owned))
        .map_err(|_| ())
}

/// The JSON-style path (`a.b[0].c`) of the key or value starting at
/// `position` in `root`, for findings placed by position; `""` for the root.
pub(crate) fn path_at(root: &Node, position: Position) -> String {
    let mut path = String::new();
    find_path(root, position, &mut path);
    path
}

fn find_path(node: &Node, position: Position, path: &mut String) -> bool {
    let here = |span: Span| span.line == position.line && span.column == position.column;
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&entry.key.key_text());
                if here(entry.key.span) || find_path(&entry.value, position, path) {
                    return true;
                }
                path.truncate(len);
            }
            false
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                if find_path(item, position, path) {
                    return true;
                }
                path.truncate(len);
            }
            false
        }
        _ => here(node.span),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<Scalar<'static>> {
        let doc = parse_jackson(&format!("v: {text}\n"), &Limits::default()).ok()?;
        let node = Box::leak(Box::new(doc.root.get("v")?.clone()));
        scalar(node)
    }

    #[test]
    fn yaml11_values_as_jackson_reads_them() {
        assert_eq!(value("yes"), Some(Scalar::Bool(true)));
        assert_eq!(value("Off"), Some(Scalar::Bool(false)));
        assert_eq!(value("y"), Some(Scalar::Str("y")));
        assert_eq!(value("010"), Some(Scalar::Int(Some(8))));
        assert_eq!(value("09"), Some(Scalar::Str("09")));
        assert_eq!(value("-0x1F"), Some(Scalar::Int(Some(-31))));
        assert_eq!(value("1:30"), Some(Scalar::Str("1:30")));
        assert_eq!(value("99999999999999999999"), Some(Scalar::Int(None)));
        assert_eq!(value("1e3"), Some(Scalar::Float(1000.0)));
        assert_eq!(value("'5'"), Some(Scalar::Str("5")));
        assert_eq!(value("~"), Some(Scalar::Null));
        assert_eq!(value(".inf"), None);
    }

    #[test]
    fn first_document_only_and_duplicates_fatal() {
        let limits = Limits::default();
        let file = |rel: &str, text: &str| BundleFile::new(rel.into(), rel.into(), text.into());
        let parse_map = |f: BundleFile, limits: &Limits| f.parse_map(limits).map(|_| ());
        assert!(parse_map(file("a.yaml", "a: 1\n---\nb: [\n"), &limits).is_ok());
        let dup = parse_map(file("a.yaml", "a: 1\na: 2\n"), &limits).unwrap_err();
        assert_eq!((dup.at.line, dup.at.column), (2, 1));
        assert!(parse_map(file("a.yaml", ""), &limits).is_err());
        assert!(parse_map(file("a.yaml", "# c\n"), &limits).is_err());
        assert!(parse_map(file("a.yaml", "~\n"), &limits).is_ok());
        assert!(parse_map(file("a.yaml", "- 1\n"), &limits).is_err());
        assert!(parse_map(file("a.yaml", "a: .inf\n"), &limits).is_err());
        assert!(parse_map(file("a.json", "{\"a\": 1, \"a\": 2}"), &limits).is_err());
        assert!(parse_map(file("a.json", "{a: 1}"), &limits).is_err());
        assert!(parse_map(file("a.json", "{\"a\": [1, 2]}"), &limits).is_ok());
    }
}
