//! Value types shared by every worker kind: templated values, non-blank
//! strings, option sets, JSON blocks, and the schema helpers that express
//! `when` conditions and extra rules.
//!
//! Schema conventions (read by [`crate::scenario::config_check`]):
//! - `x-type`: the manifest type of a field (`string`, `boolean`, `number`,
//!   `integer`, `json`), kept even when a template widens the JSON type.
//! - `x-options`: the allowed values of an option field.
//! - `x-live-mutable`: whether a runtime `config-update` may change the field.
//! - `x-numeric-string`: the platform parses a numeric string here (its
//!   bounds are then checked by the checker, not by JSON Schema).
//! - `x-rule`: names the rule a sub-schema implements (`io-selector`,
//!   `redis-dataset-source`, `redis-output-target`, `redis-route`), so a
//!   failure maps to its own finding code.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// Regex (ECMA and Rust compatible) matching a string that holds both `{{`
/// and `}}`: such a value is a template resolved later by the platform.
pub(crate) const TEMPLATE_PATTERN: &str = r"\{\{[\s\S]*\}\}|\}\}[\s\S]*\{\{";
/// Regex matching a non-blank string (at least one non-whitespace char).
pub(crate) const NON_BLANK_PATTERN: &str = r"\S";
/// Regex matching a finite number written as a string.
const NUMBER_STRING_PATTERN: &str = r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$";

/// True when `s` is a template value: it contains both `{{` and `}}`.
pub(crate) fn is_template(s: &str) -> bool {
    s.contains("{{") && s.contains("}}")
}

/// A string that is a template (`{{ ... }}`), resolved later by the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct TemplateStr(pub String);

impl<'de> Deserialize<'de> for TemplateStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if is_template(&s) {
            Ok(TemplateStr(s))
        } else {
            Err(serde::de::Error::custom("not a template"))
        }
    }
}

/// A typed value or a `{{ ... }}` template standing for it.
///
/// Templates are exempt from type, options and range checks and count as
/// present; their syntax is still checked.
///
/// Example: the unit test `doc_examples::templated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Templated<T> {
    /// A template resolved later.
    Template(TemplateStr),
    /// A literal value.
    Value(T),
}

impl<T: JsonSchema> JsonSchema for Templated<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Templated_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = T::json_schema(generator);
        templatize(&mut schema);
        schema
    }
}

/// The manifest type named by a schema's JSON `type`.
fn manifest_type(types: &[String]) -> &'static str {
    let has = |t: &str| types.iter().any(|x| x == t);
    if has("object") || has("array") {
        "json"
    } else if has("integer") {
        "integer"
    } else if has("number") {
        "number"
    } else if has("boolean") {
        "boolean"
    } else {
        "string"
    }
}

fn type_list(obj: &Map<String, Value>) -> Vec<String> {
    match obj.get("type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// Widens a typed schema so a template string is accepted in place of the
/// value, keeping the original type in `x-type`. JSON Schema keywords are
/// type-specific (`minimum` only constrains numbers, `pattern` only strings),
/// so no `anyOf` is needed and errors stay precise.
fn templatize(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let mut types = type_list(obj);
    if types.is_empty() {
        return;
    }
    let ty = manifest_type(&types);
    obj.entry("x-type").or_insert_with(|| json!(ty));
    obj.remove("format");
    if types.iter().any(|t| t == "string") {
        // A non-blank pattern already accepts every template.
        if let Some(Value::String(p)) = obj.get("pattern").filter(|p| *p != NON_BLANK_PATTERN) {
            let widened = format!("(?:{p})|{TEMPLATE_PATTERN}");
            obj.insert("pattern".into(), json!(widened));
        }
        return;
    }
    // Only a template stands in for a typed value: the platform's type
    // check rejects a numeric string in a `number`/`integer` field
    // (VALIDATOR.md C2), and then skips the range check.
    types.push("string".into());
    obj.insert("type".into(), json!(types));
    obj.insert("pattern".into(), json!(TEMPLATE_PATTERN));
}

/// A number the platform also reads from a numeric string (trimmed, parsed
/// as a double); a blank or templated string is skipped. Only a Redis
/// source `weight` is read this way (SBV:1324-1333, 1584-1603).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct LenientNumber(pub Value);

impl<'de> Deserialize<'de> for LenientNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if v.is_number() || v.is_string() {
            Ok(LenientNumber(v))
        } else {
            Err(serde::de::Error::custom(
                "expected a number or a numeric string",
            ))
        }
    }
}

impl JsonSchema for LenientNumber {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "LenientNumber".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let pattern = format!(r"{NUMBER_STRING_PATTERN}|^\s*$|{TEMPLATE_PATTERN}");
        json_schema!({
            "type": ["number", "string"],
            "pattern": pattern,
            "x-type": "number",
            "x-numeric-string": true,
        })
    }
}

/// A string that must not be blank (`required` without `allowBlank`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct NonBlank(pub String);

impl<'de> Deserialize<'de> for NonBlank {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            Err(serde::de::Error::custom("must not be blank"))
        } else {
            Ok(NonBlank(s))
        }
    }
}

impl JsonSchema for NonBlank {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "NonBlank".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": NON_BLANK_PATTERN, "x-type": "string" })
    }
}

/// A manifest `json` value: a map or a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct Json(pub Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if v.is_object() || v.is_array() {
            Ok(Json(v))
        } else {
            Err(serde::de::Error::custom("expected a map or a list"))
        }
    }
}

impl JsonSchema for Json {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Json".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["object", "array"], "x-type": "json" })
    }
}

/// Schema of an option field: the value's trimmed string form must be one of
/// `options` (the platform trims before comparing).
pub(crate) fn options_schema(options: &[&str]) -> Schema {
    let alternatives: Vec<String> = options.iter().map(|o| escape_regex(o)).collect();
    let pattern = format!(r"^\s*(?:{})\s*$", alternatives.join("|"));
    json_schema!({
        "type": "string",
        "pattern": pattern,
        "examples": options,
        "x-type": "string",
        "x-options": options,
    })
}

/// Escapes regex syntax so that both Rust's `regex` and ECMA-262 in `u` mode
/// (editors) accept the result: `-` is literal outside a class and must not
/// be escaped there.
fn escape_regex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Declares a closed set of string options: a Rust enum with serde (trimmed
/// match) and a schema listing the options.
macro_rules! options_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum $name { $($(#[$vm])* #[doc = concat!("The option `", $s, "`.")] $var),+ }

        impl $name {
            /// Every allowed value, as written in the manifest.
            pub(crate) const OPTIONS: &'static [&'static str] = &[$($s),+];
            /// The value as written in the manifest.
            pub(crate) fn as_str(&self) -> &'static str {
                match self { $(Self::$var => $s),+ }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                match s.trim() {
                    $($s => Ok(Self::$var),)+
                    other => Err(serde::de::Error::unknown_variant(other, Self::OPTIONS)),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool { true }
            fn schema_name() -> std::borrow::Cow<'static, str> { stringify!($name).into() }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::scenario::kinds::value::options_schema(Self::OPTIONS)
            }
        }
    };
}
pub(crate) use options_enum;

/// Keywords that describe a field without constraining it; kept on the base
/// property when the field's rules move under a `when` condition.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "examples",
    "x-type",
    "x-options",
    "x-live-mutable",
];

/// Expresses a manifest `when` condition: `fields` are required, and their
/// rules apply, only when sibling `cond` equals `value` (literal match).
///
/// The base property keeps only annotations (for editors and unknown-key
/// checks); the full rules move under `allOf[].if/then`.
pub(crate) fn when(schema: &mut Schema, cond: &str, value: Value, fields: &[&str]) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let mut then_props = Map::new();
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for field in fields {
            let Some(full) = props.get_mut(*field) else {
                continue;
            };
            let mut rules = full.clone();
            strip_null(&mut rules);
            if let Value::Object(m) = full {
                m.retain(|k, _| ANNOTATIONS.contains(&k.as_str()));
            }
            then_props.insert((*field).to_string(), rules);
        }
    }
    if let Some(Value::Array(req)) = obj.get_mut("required") {
        req.retain(|r| !fields.iter().any(|f| r == f));
    }
    let rule = json!({
        "if": { "properties": { cond: { "const": value } }, "required": [cond] },
        "then": { "properties": then_props, "required": fields },
    });
    push_all_of(obj, rule);
}

/// Appends a sub-schema to `allOf`.
pub(crate) fn push_all_of(obj: &mut Map<String, Value>, rule: Value) {
    match obj.get_mut("allOf") {
        Some(Value::Array(a)) => a.push(rule),
        _ => {
            obj.insert("allOf".into(), json!([rule]));
        }
    }
}

/// Removes `null` from a schema's `type` (an `Option` field that a `when`
/// condition makes required must not be null).
fn strip_null(schema: &mut Value) {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            if let Some(only) = types.pop() {
                schema["type"] = only;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn templated_integer_widens_to_string_with_pattern() {
        let mut g = SchemaGenerator::default();
        let s = Templated::<i64>::json_schema(&mut g);
        let v = s.as_value();
        assert_eq!(v["type"], json!(["integer", "string"]));
        assert_eq!(v["x-type"], json!("integer"));
        assert!(v["pattern"].as_str().unwrap().contains(r"\{\{"));
    }

    #[test]
    fn templated_string_without_pattern_stays_plain() {
        let mut g = SchemaGenerator::default();
        let s = Templated::<String>::json_schema(&mut g);
        assert_eq!(s.as_value()["type"], json!("string"));
        assert!(s.as_value().get("pattern").is_none());
    }

    #[test]
    fn template_detection_needs_both_delimiters() {
        assert!(is_template("{{ a }}"));
        assert!(!is_template("{{ a"));
        assert!(!is_template("plain"));
    }

    #[test]
    fn options_pattern_escapes_and_trims() {
        let s = options_schema(&["pass-through", "a.b"]);
        assert_eq!(
            s.as_value()["pattern"],
            json!(r"^\s*(?:pass-through|a\.b)\s*$")
        );
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn templated() {
        use crate::scenario::kinds::value::Templated;
        let v: Templated<i64> = serde_json::from_str("\"{{ vars.n }}\"").unwrap();
        assert!(matches!(v, Templated::Template(_)));
        let v: Templated<i64> = serde_json::from_str("3").unwrap();
        assert_eq!(v, Templated::Value(3));
    }
}
