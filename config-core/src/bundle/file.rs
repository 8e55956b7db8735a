//! Reading bundle files as the platform's strict mappers do (VALIDATOR.md
//! §1, §10.2): YAML through Jackson over SnakeYAML (first document only,
//! duplicate keys fatal, YAML 1.1 values), `.json` through strict JSON.
//!
//! The spanned tree of [`crate::source::yaml`] keeps positions; [`scalar`]
//! gives a node the value Jackson would bind (`yes` is a boolean, `010` is
//! 8, `1:30` a string, `.inf` unreadable).

use crate::finding::Position;
use crate::source::read::read_text;
use crate::source::yaml::{parse, Document, Limits, Node, ScalarStyle, Span, Value, YamlError};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

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

/// Reads a bundle file; `None` when it cannot be read as UTF-8 text (the
/// platform would throw on it; reported by the caller's own rule).
pub(crate) fn read(
    root: &Path,
    display_root: &str,
    rel: &str,
    limits: &Limits,
) -> Option<BundleFile> {
    let path = root.join(rel);
    let text = read_text(&path, limits.max_bytes).ok()?;
    Some(BundleFile {
        rel: rel.to_string(),
        display: join_display(display_root, rel),
        text,
    })
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

/// Parses a structured file as the strict mapper would read a `Map`: JSON
/// for `.json`, YAML otherwise. Fails on syntax, duplicate keys, an empty
/// file, a non-map document, or a value Jackson cannot decode (`.inf`).
pub(crate) fn parse_map(file: &BundleFile, limits: &Limits) -> Result<Parsed, ParseFailure> {
    let parsed = parse_any(file, limits)?;
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
    if let Some(bad) = first_undecodable(root, &file.text) {
        return Err(bad);
    }
    Ok(parsed)
}

/// Parses a structured file without requiring a map at the top.
pub(crate) fn parse_any(file: &BundleFile, limits: &Limits) -> Result<Parsed, ParseFailure> {
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
    let doc = parse_first_document(&file.text, limits)?;
    if let Some(dup) = doc.duplicate_keys.first() {
        return Err(failure(
            &format!("Duplicate field '{}'", dup.key),
            dup.duplicate,
        ));
    }
    Ok(Parsed { doc })
}

/// Jackson binds the first document and never reads the rest (D5).
fn parse_first_document(text: &str, limits: &Limits) -> Result<Document, ParseFailure> {
    match parse(text, limits) {
        Ok(doc) => Ok(doc),
        Err(YamlError::MultipleDocuments { line, .. }) => {
            let cut = line_start(text, line);
            let head = text.get(..cut).unwrap_or(text);
            // The second document starts at `line`; its marker line may
            // follow a `...` end marker, which the head keeps harmlessly.
            parse(head, limits).map_err(|e| yaml_failure(&e))
        }
        Err(e) => Err(yaml_failure(&e)),
    }
}

fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
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

/// Regular files under `root/dir` (recursively), relative to `root`,
/// `/`-separated, sorted as Java sorts strings (by UTF-16 units; equal to
/// byte order for the names in practice). No ignore files: the platform
/// reads everything.
pub(crate) fn list_files(root: &Path, dir: &str) -> Vec<String> {
    let start = if dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(dir)
    };
    if !start.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![start];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // `Files.walk` does not follow directory links; `isRegularFile`
            // follows file links.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
                if let Ok(rel) = path.strip_prefix(root) {
                    out.push(rel_string(rel));
                }
            }
        }
    }
    out.sort();
    out
}

fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A scalar as Jackson binds it into an `Object` (plain scalars resolved
/// with YAML 1.1; quoted and block scalars are strings).
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
    Str(Cow<'a, str>),
}

/// A node Jackson cannot decode: `.inf`, `.nan`, a base-60 float (D-table
/// §1.2, "Malformed numeric value").
pub(crate) struct Undecodable;

/// The value of a scalar node; `None` for collections.
pub(crate) fn scalar<'a>(node: &'a Node, text: &'a str) -> Option<Result<Scalar<'a>, Undecodable>> {
    let raw: Cow<'a, str> = match &node.value {
        Value::Map(_) | Value::Seq(_) => return None,
        Value::String(s) => {
            if !matches!(node.style, Some(ScalarStyle::Plain)) {
                return Some(Ok(Scalar::Str(Cow::Borrowed(s))));
            }
            Cow::Borrowed(s.as_str())
        }
        Value::Null if node.style.is_none() => return Some(Ok(Scalar::Null)),
        _ => Cow::Borrowed(
            text.get(node.span.start..node.span.end)
                .unwrap_or_default()
                .trim(),
        ),
    };
    if !matches!(node.style, Some(ScalarStyle::Plain) | None) {
        return Some(Ok(Scalar::Str(raw)));
    }
    Some(resolve_plain(raw))
}

/// YAML 1.1 resolution of a plain scalar, as Jackson decodes it.
pub(crate) fn resolve_plain(raw: Cow<'_, str>) -> Result<Scalar<'_>, Undecodable> {
    let s: &str = &raw;
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Scalar::Null),
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Ok(Scalar::Bool(true))
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Ok(Scalar::Bool(false))
        }
        _ => {}
    }
    if s.len() <= 1024 {
        if let Some(int) = yaml11_int(s) {
            return Ok(int);
        }
        if is_bad_float(s) {
            return Err(Undecodable);
        }
        if let Some(f) = yaml11_float(s) {
            return Ok(Scalar::Float(f));
        }
    }
    Ok(Scalar::Str(raw))
}

fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        _ => (false, s),
    }
}

fn yaml11_int(s: &str) -> Option<Scalar<'static>> {
    let (neg, body) = split_sign(s);
    let (digits, radix) = if let Some(b) = body.strip_prefix("0b") {
        (b, 2)
    } else if let Some(h) = body.strip_prefix("0x") {
        (h, 16)
    } else if body.len() > 1 && body.starts_with('0') {
        (body.get(1..).unwrap_or_default(), 8)
    } else if body == "0" {
        (body, 10)
    } else if body.starts_with(|c: char| c.is_ascii_digit() && c != '0') {
        if body.contains(':') {
            // Base 60 (`1:30`): Jackson cannot decode it and keeps the text.
            let ok = body
                .split(':')
                .enumerate()
                .all(|(i, part)| is_sexagesimal_part(i, part));
            return ok.then(|| Scalar::Str(Cow::Owned(s.to_string())));
        }
        (body, 10)
    } else {
        return None;
    };
    let valid = |c: char| c == '_' || c.is_digit(radix);
    if digits.is_empty() || !digits.chars().all(valid) {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() {
        return Some(Scalar::Int(Some(0)));
    }
    let value = i64::from_str_radix(&clean, radix)
        .ok()
        .map(|v| if neg { -v } else { v });
    Some(Scalar::Int(value))
}

fn is_sexagesimal_part(index: usize, part: &str) -> bool {
    if index == 0 {
        return !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '_');
    }
    let b = part.as_bytes();
    match b {
        [d] => d.is_ascii_digit(),
        [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
        _ => false,
    }
}

fn is_bad_float(s: &str) -> bool {
    let (_, body) = split_sign(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // Base-60 float: `1:30.5`.
    if let Some((int_part, frac)) = body.split_once('.') {
        if int_part.contains(':')
            && body.starts_with(|c: char| c.is_ascii_digit())
            && frac.chars().all(|c| c.is_ascii_digit() || c == '_')
        {
            return int_part
                .split(':')
                .enumerate()
                .all(|(i, p)| is_sexagesimal_part(i, p));
        }
    }
    false
}

fn yaml11_float(s: &str) -> Option<f64> {
    let (_, body) = split_sign(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, Some(body.get(i + 1..)?)),
        None => (body, None),
    };
    if let Some(exp) = exponent {
        let (_, digits) = split_sign(exp);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let mantissa_ok = if let Some(frac) = mantissa.strip_prefix('.') {
        !frac.is_empty() && frac.chars().all(|c| c.is_ascii_digit())
    } else if let Some((int, frac)) = mantissa.split_once('.') {
        !int.is_empty()
            && int.starts_with(|c: char| c.is_ascii_digit())
            && int.chars().all(|c| c.is_ascii_digit() || c == '_')
            && frac.chars().all(|c| c.is_ascii_digit() || c == '_')
    } else {
        // No dot: only with an exponent (`1e3`); bare digits are ints.
        exponent.is_some()
            && !mantissa.is_empty()
            && mantissa.chars().all(|c| c.is_ascii_digit() || c == '_')
    };
    if !mantissa_ok {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().ok()
}

/// The first scalar anywhere under `node` that Jackson cannot decode.
pub(crate) fn first_undecodable(node: &Node, text: &str) -> Option<ParseFailure> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find_map(|e| first_undecodable(&e.value, text)),
        Value::Seq(items) => items.iter().find_map(|n| first_undecodable(n, text)),
        _ => match scalar(node, text) {
            Some(Err(Undecodable)) => Some(failure(
                "Malformed numeric value (YAML 1.1 reads it as a float Java cannot parse)",
                node.span,
            )),
            _ => None,
        },
    }
}

/// A string value as the validator's `stringValue` reads it: a String,
/// trimmed; anything else is `None`.
pub(crate) fn string_value<'a>(node: Option<&'a Node>, text: &'a str) -> Option<Cow<'a, str>> {
    match scalar(node?, text)? {
        Ok(Scalar::Str(s)) => Some(match s {
            Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
            Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
        }),
        _ => None,
    }
}

/// The text a scalar binds to in a Java `String` field (source text for
/// numbers and booleans, D-table §1.4); `None` for null; `Err` for a
/// collection.
pub(crate) fn coerced_string(node: &Node, text: &str) -> Result<Option<String>, ()> {
    match &node.value {
        Value::Map(_) | Value::Seq(_) => Err(()),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Null if node.style.is_none() => Ok(None),
        _ => match scalar(node, text) {
            Some(Ok(Scalar::Null)) => Ok(None),
            Some(Ok(_)) => Ok(Some(
                text.get(node.span.start..node.span.end)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            )),
            _ => Err(()),
        },
    }
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

    fn r(s: &str) -> Result<Scalar<'_>, Undecodable> {
        resolve_plain(Cow::Borrowed(s))
    }

    #[test]
    fn yaml11_values_as_jackson_reads_them() {
        assert!(matches!(r("yes"), Ok(Scalar::Bool(true))));
        assert!(matches!(r("Off"), Ok(Scalar::Bool(false))));
        assert!(matches!(r("y"), Ok(Scalar::Str(_))));
        assert!(matches!(r("010"), Ok(Scalar::Int(Some(8)))));
        assert!(matches!(r("09"), Ok(Scalar::Str(_))));
        assert!(matches!(r("1_000"), Ok(Scalar::Int(Some(1000)))));
        assert!(matches!(r("0x1F"), Ok(Scalar::Int(Some(31)))));
        assert!(matches!(r("-0x1F"), Ok(Scalar::Int(Some(-31)))));
        assert!(matches!(r("0b101"), Ok(Scalar::Int(Some(5)))));
        assert!(matches!(r("0o10"), Ok(Scalar::Str(_))));
        assert!(matches!(r("1:30"), Ok(Scalar::Str(_))));
        assert!(matches!(r("99999999999999999999"), Ok(Scalar::Int(None))));
        assert!(matches!(r("1e3"), Ok(Scalar::Float(f)) if f == 1000.0));
        assert!(matches!(r("1."), Ok(Scalar::Float(f)) if f == 1.0));
        assert!(matches!(r(".5"), Ok(Scalar::Float(f)) if f == 0.5));
        assert!(r(".inf").is_err());
        assert!(r("-.inf").is_err());
        assert!(r(".NaN").is_err());
        assert!(r("1:30.5").is_err());
        assert!(matches!(r("2024-01-01"), Ok(Scalar::Str(_))));
        assert!(matches!(r("~"), Ok(Scalar::Null)));
    }

    #[test]
    fn first_document_only_and_duplicates_fatal() {
        let limits = Limits::default();
        let file = |rel: &str, text: &str| BundleFile {
            rel: rel.into(),
            display: rel.into(),
            text: text.into(),
        };
        assert!(parse_map(&file("a.yaml", "a: 1\n---\nb: [\n"), &limits).is_ok());
        let dup = parse_map(&file("a.yaml", "a: 1\na: 2\n"), &limits).unwrap_err();
        assert_eq!((dup.at.line, dup.at.column), (2, 1));
        assert!(parse_map(&file("a.yaml", ""), &limits).is_err());
        assert!(parse_map(&file("a.yaml", "# c\n"), &limits).is_err());
        assert!(parse_map(&file("a.yaml", "~\n"), &limits).is_ok());
        assert!(parse_map(&file("a.yaml", "- 1\n"), &limits).is_err());
        assert!(parse_map(&file("a.yaml", "a: .inf\n"), &limits).is_err());
        assert!(parse_map(&file("a.json", "{\"a\": 1, \"a\": 2}"), &limits).is_err());
        assert!(parse_map(&file("a.json", "{a: 1}"), &limits).is_err());
        assert!(parse_map(&file("a.json", "{\"a\": [1, 2]}"), &limits).is_ok());
    }
}
