//! Compares two JSON Schemas by what they accept, not how they are written:
//! the published `control-events.schema.json` (hand-written, `$ref`s and
//! `allOf`) and the one derived from [`super::envelope`] (schemars, inlined).
//!
//! Each schema is flattened into *facts*: for every instance path
//! (`data.io.work.queueStats.*.depth`, `[]` for list items, `*` for the
//! values of a map), its allowed types, required keys, `additionalProperties`,
//! `const`/`enum`, `minLength`, `minimum` and `format`. `$ref`s are followed,
//! `allOf` branches merged (types intersect, everything else adds up), a
//! `oneOf`/`anyOf` of a schema and `{"type": "null"}` is that schema plus
//! `null`, and `if`/`then`/`else` is one fact holding the facts of its three
//! parts. Annotations (`description`, `title`, `$id`) are not facts.
//!
//! ```
//! use config_core::audit::schema_diff::differences;
//! use serde_json::json;
//! let published = json!({"$defs": {"S": {"type": "string", "minLength": 1}},
//!     "type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/$defs/S"}}});
//! let ours = json!({"type": "object", "required": ["a"],
//!     "properties": {"a": {"type": "string", "minLength": 1}}});
//! assert!(differences(&published, &published, &ours, &ours).is_empty());
//! let loose = json!({"type": "object", "properties": {"a": {"type": "string"}}});
//! assert_eq!(differences(&published, &published, &loose, &loose).len(), 2);
//! ```

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Facts of one schema: instance path -> keyword -> normalised value.
pub(super) type Facts = BTreeMap<String, BTreeMap<String, String>>;

/// Deepest `$ref` chain followed (the envelope schemas are not recursive).
const MAX_DEPTH: usize = 32;

/// Every difference between `published` and `ours`, one line each
/// (`data.tps: minimum: published 0, ours (none)`). `*_root` is the document
/// each schema's `$ref`s point into.
pub(super) fn differences(
    published_root: &Value,
    published: &Value,
    ours_root: &Value,
    ours: &Value,
) -> Vec<String> {
    let left = facts(published_root, published);
    let right = facts(ours_root, ours);
    let paths: BTreeSet<&String> = left.keys().chain(right.keys()).collect();
    let mut out = Vec::new();
    let empty = BTreeMap::new();
    for path in paths {
        let l = left.get(path).unwrap_or(&empty);
        let r = right.get(path).unwrap_or(&empty);
        let keywords: BTreeSet<&String> = l.keys().chain(r.keys()).collect();
        for keyword in keywords {
            let (a, b) = (l.get(keyword), r.get(keyword));
            if a != b {
                let shown = if path.is_empty() { "(root)" } else { path };
                out.push(format!(
                    "{shown}: {keyword}: published {}, ours {}",
                    a.map_or("(none)", String::as_str),
                    b.map_or("(none)", String::as_str)
                ));
            }
        }
    }
    out
}

/// The facts of `schema` (whose `$ref`s point into `root`).
pub(super) fn facts(root: &Value, schema: &Value) -> Facts {
    let mut out = Facts::new();
    collect(root, schema, "", &mut out, 0);
    simplify(&mut out);
    out
}

fn collect(root: &Value, schema: &Value, path: &str, out: &mut Facts, depth: usize) {
    if depth > MAX_DEPTH {
        set(out, path, "error", "reference depth exceeded".into());
        return;
    }
    let map = match schema {
        Value::Bool(b) => {
            set(out, path, "schema", b.to_string());
            return;
        }
        Value::Object(map) => map,
        _ => return,
    };
    if let Some(target) = map.get("$ref").and_then(Value::as_str) {
        match resolve(root, target) {
            Some(resolved) => collect(root, resolved, path, out, depth + 1),
            None => set(out, path, "$ref", format!("unresolved {target}")),
        }
    }
    for branch in map
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(root, branch, path, out, depth + 1);
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = map.get(keyword).and_then(Value::as_array) {
            alternatives(root, keyword, branches, path, out, depth);
        }
    }
    if let Some(types) = map.get("type") {
        let set_of: BTreeSet<String> = match types {
            Value::String(t) => [t.clone()].into(),
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => BTreeSet::new(),
        };
        let mut joined = set_of.into_iter().collect::<Vec<_>>().join("|");
        if let Some(existing) = out.get(path).and_then(|f| f.get("type")) {
            joined = intersect(existing, &joined);
        }
        set(out, path, "type", joined);
    }
    if let Some(required) = map.get("required").and_then(Value::as_array) {
        let mut keys: BTreeSet<String> = required
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        if let Some(existing) = out.get(path).and_then(|f| f.get("required")) {
            keys.extend(existing.split(',').map(str::to_string));
        }
        set(
            out,
            path,
            "required",
            keys.into_iter().collect::<Vec<_>>().join(","),
        );
    }
    if let Some(properties) = map.get("properties").and_then(Value::as_object) {
        for (key, sub) in properties {
            collect(root, sub, &child(path, key), out, depth + 1);
        }
    }
    match map.get("additionalProperties") {
        Some(Value::Bool(b)) => merge_additional(out, path, if *b { "true" } else { "false" }),
        Some(Value::Object(sub)) if sub.is_empty() => merge_additional(out, path, "true"),
        Some(sub @ Value::Object(_)) => {
            merge_additional(out, path, "schema");
            collect(root, sub, &child(path, "*"), out, depth + 1);
        }
        _ => {}
    }
    if let Some(items) = map.get("items") {
        collect(root, items, &format!("{path}[]"), out, depth + 1);
    }
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        let mut texts: Vec<String> = values.iter().map(Value::to_string).collect();
        texts.sort();
        set(out, path, "enum", texts.join(","));
    }
    for keyword in [
        "const",
        "minLength",
        "minimum",
        "maximum",
        "format",
        "pattern",
    ] {
        if let Some(value) = map.get(keyword) {
            set(out, path, keyword, normal_number(value));
        }
    }
    if map.contains_key("if") {
        let part = |k: &str| {
            let mut sub = Facts::new();
            if let Some(s) = map.get(k) {
                collect(root, s, "", &mut sub, depth + 1);
            }
            simplify(&mut sub);
            render(&sub)
        };
        set(
            out,
            path,
            "if/then/else",
            format!(
                "if {} then {} else {}",
                part("if"),
                part("then"),
                part("else")
            ),
        );
    }
}

/// `oneOf`/`anyOf`: `[X, {"type": "null"}]` is X or null; anything else is
/// recorded as the sorted renderings of its branches.
fn alternatives(
    root: &Value,
    keyword: &str,
    branches: &[Value],
    path: &str,
    out: &mut Facts,
    depth: usize,
) {
    let is_null = |b: &Value| b.get("type").and_then(Value::as_str) == Some("null");
    let others: Vec<&Value> = branches.iter().filter(|b| !is_null(b)).collect();
    if let ([only], true) = (others.as_slice(), branches.len() == 2) {
        let mut sub = Facts::new();
        collect(root, only, path, &mut sub, depth + 1);
        if let Some(facts) = sub.get_mut(path) {
            let types = facts.entry("type".into()).or_default();
            let mut set_of: BTreeSet<&str> = types.split('|').filter(|t| !t.is_empty()).collect();
            set_of.insert("null");
            *types = set_of.into_iter().collect::<Vec<_>>().join("|");
        }
        for (p, facts) in sub {
            for (k, v) in facts {
                let v = match out.get(&p).and_then(|f| f.get("type")) {
                    Some(existing) if k == "type" => intersect(existing, &v),
                    _ => v,
                };
                set(out, &p, &k, v);
            }
        }
        return;
    }
    // A choice of constants is an `enum`.
    let constants: Option<Vec<String>> = branches
        .iter()
        .map(|b| {
            let mut sub = Facts::new();
            collect(root, b, "", &mut sub, depth + 1);
            simplify(&mut sub);
            match (sub.len(), sub.get("")) {
                (1, Some(f)) if f.len() == 1 => f.get("const").cloned(),
                _ => None,
            }
        })
        .collect();
    if let Some(mut constants) = constants {
        constants.sort();
        set(out, path, "enum", constants.join(","));
        return;
    }
    let mut rendered: Vec<String> = branches
        .iter()
        .map(|b| {
            let mut sub = Facts::new();
            collect(root, b, "", &mut sub, depth + 1);
            simplify(&mut sub);
            render(&sub)
        })
        .collect();
    rendered.sort();
    set(out, path, keyword, rendered.join(" | "));
}

/// `additionalProperties` across `allOf`: `false` wins over everything,
/// a schema over `true`.
fn merge_additional(out: &mut Facts, path: &str, value: &str) {
    let rank = |v: &str| match v {
        "false" => 2,
        "schema" => 1,
        _ => 0,
    };
    let keep = match out.get(path).and_then(|f| f.get("additionalProperties")) {
        Some(existing) if rank(existing) >= rank(value) => existing.clone(),
        _ => value.to_string(),
    };
    set(out, path, "additionalProperties", keep);
}

/// A `const` makes `type` and `minLength` redundant, an `enum` its `type`;
/// a one-value `enum` is a `const`.
fn simplify(facts: &mut Facts) {
    for entry in facts.values_mut() {
        if let Some(one) = entry.get("enum").filter(|e| !e.contains(',')).cloned() {
            entry.remove("enum");
            entry.insert("const".into(), one);
        }
        if entry.contains_key("const") {
            entry.remove("type");
            entry.remove("minLength");
        }
        if entry.contains_key("enum") {
            entry.remove("type");
        }
    }
}

fn render(facts: &Facts) -> String {
    let parts: Vec<String> = facts
        .iter()
        .map(|(path, kv)| {
            let inner: Vec<String> = kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{path}{{{}}}", inner.join(";"))
        })
        .collect();
    format!("[{}]", parts.join(" "))
}

/// Types allowed by both `a|b` lists.
fn intersect(left: &str, right: &str) -> String {
    let l: BTreeSet<&str> = left.split('|').collect();
    let r: BTreeSet<&str> = right.split('|').collect();
    l.intersection(&r).copied().collect::<Vec<_>>().join("|")
}

fn set(out: &mut Facts, path: &str, keyword: &str, value: String) {
    out.entry(path.to_string())
        .or_default()
        .insert(keyword.to_string(), value);
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `0` and `0.0` are one number.
fn normal_number(value: &Value) -> String {
    match value.as_f64() {
        Some(n) if value.is_number() => format!("{n}"),
        _ => value.to_string(),
    }
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    root.pointer(pointer)
}

/// The published schema's definition `name` (under `$defs`).
pub(super) fn definition<'a>(root: &'a Value, name: &str) -> Option<&'a Value> {
    root.get("$defs").and_then(|d| d.get(name))
}
