//! A field's facts from the generated schemas (the ones `cfgate schema`
//! writes): for hover and completion.
//!
//! A bee's `config` is read against its kind's schema (the kind its `image`
//! resolves to, as the checker resolves it); everything else against the
//! scenario schema. Conditional branches (`if`/`then`) count, and say when
//! they apply ("when `mode` is `RATE_PER_SEC`").

use crate::scenario::kind::kind_of_image;
use crate::scenario::kinds::KINDS;
use crate::schema::{kind_schema, scenario_schema};
use crate::source::yaml::{pointer_segments, Node};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What the schema says about one field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldInfo {
    /// The field's key.
    pub name: String,
    /// Where it is documented: `scenario` or a worker kind.
    pub schema: String,
    /// The description.
    pub description: Option<String>,
    /// The type (`string`, `integer`, `number`, `boolean`, `object`, `array`).
    pub type_name: Option<String>,
    /// The allowed values, when the field is a choice.
    pub options: Vec<String>,
    /// The lowest allowed value.
    pub minimum: Option<Value>,
    /// The highest allowed value.
    pub maximum: Option<Value>,
    /// The default value.
    pub default: Option<Value>,
    /// Whether a running worker applies a change (`liveMutable`).
    pub live_mutable: Option<bool>,
    /// When the field applies (the conditions of its `if`/`then` branches).
    pub when: Vec<String>,
    /// Required in its mapping (always, not only under a condition).
    pub required: bool,
}

fn scenario() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(scenario_schema)
}

fn kind(name: &str) -> Option<&'static Value> {
    static SCHEMAS: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| {
            KINDS
                .iter()
                .filter_map(|k| kind_schema(k.name).map(|s| (k.name, s)))
                .collect()
        })
        .get(name)
}

/// A subschema reached on the way, with the conditions that lead to it.
#[derive(Clone)]
struct Reached<'a> {
    schema: &'a Value,
    when: Vec<String>,
}

/// The schema document and the subschemas of the mapping or value at
/// `pointer` (every branch), or `None` when no schema covers it.
fn reach(root: &Node, pointer: &str) -> Option<(&'static Value, Vec<Reached<'static>>, String)> {
    let segments = pointer_segments(pointer);
    let (document, rest, name) = match segments.as_slice() {
        [t, b, index, c, rest @ ..] if t == "template" && b == "bees" && c == "config" => {
            let image = root
                .pointer(&format!("/template/bees/{index}/image"))
                .and_then(Node::as_str)?;
            let name = kind_of_image(image);
            (kind(&name)?, rest, name)
        }
        _ => (scenario(), segments.as_slice(), "scenario".to_string()),
    };
    let mut current = vec![Reached {
        schema: document,
        when: Vec::new(),
    }];
    for segment in rest {
        let mut next = Vec::new();
        for reached in expand(document, current) {
            let child = if segment.bytes().all(|b| b.is_ascii_digit()) {
                reached.schema.get("items")
            } else {
                reached
                    .schema
                    .get("properties")
                    .and_then(|p| p.get(segment))
            };
            if let Some(child) = child {
                next.push(Reached {
                    schema: resolve(document, child),
                    when: reached.when.clone(),
                });
            }
        }
        if next.is_empty() {
            return None;
        }
        current = next;
    }
    Some((document, expand(document, current), name))
}

/// `$ref`s within the same document (`#/$defs/...`).
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut schema = schema;
    for _ in 0..8 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| document.pointer(p)) {
                Some(target) => schema = target,
                None => break,
            },
            None => break,
        }
    }
    schema
}

/// A subschema and every branch under it (`allOf`, `anyOf`, `oneOf`,
/// `then`, `else`), each with the conditions leading there.
fn expand<'a>(document: &'a Value, start: Vec<Reached<'a>>) -> Vec<Reached<'a>> {
    let mut out = Vec::new();
    let mut stack = start;
    while let Some(reached) = stack.pop() {
        if out.len() > 512 {
            break;
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for branch in reached
                .schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                stack.push(Reached {
                    schema: resolve(document, branch),
                    when: reached.when.clone(),
                });
            }
        }
        if let Some(then) = reached.schema.get("then") {
            let mut when = reached.when.clone();
            when.extend(condition(reached.schema.get("if")));
            stack.push(Reached {
                schema: resolve(document, then),
                when,
            });
        }
        if let Some(other) = reached.schema.get("else") {
            let mut when = reached.when.clone();
            when.extend(condition(reached.schema.get("if")).map(|c| format!("not ({c})")));
            stack.push(Reached {
                schema: resolve(document, other),
                when,
            });
        }
        out.push(reached);
    }
    out.reverse();
    out
}

/// An `if` schema in words: "`mode` is `RATE_PER_SEC`", "`redis` is set".
fn condition(schema: Option<&Value>) -> Option<String> {
    let schema = schema?;
    let mut parts = Vec::new();
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (key, sub) in props {
            if let Some(value) = sub.get("const") {
                parts.push(format!("`{key}` is {}", plain(value)));
            } else if let Some(pattern) = sub.get("pattern").and_then(Value::as_str) {
                parts.push(format!("`{key}` matches `{pattern}`"));
            }
        }
    }
    for key in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(key) = key.as_str() {
            if !parts.iter().any(|p| p.starts_with(&format!("`{key}`"))) {
                parts.push(format!("`{key}` is set"));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" and "))
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// The facts of the field at `pointer` in the scenario `root`.
///
/// ```
/// use config_core::editor::fields::field_info;
/// use config_core::source::yaml::{parse, Limits};
/// let doc = parse("template:\n  bees:\n    - image: generator:latest\n      config: {}\n", &Limits::default()).unwrap();
/// let info = field_info(&doc.root, "/template/bees/0/config/inputs/type").unwrap();
/// assert!(info.options.contains(&"SCHEDULER".to_string()));
/// assert_eq!(info.schema, "generator");
/// ```
pub fn field_info(root: &Node, pointer: &str) -> Option<FieldInfo> {
    let segments = pointer_segments(pointer);
    let name = segments.last()?.clone();
    let (_, reached, schema) = reach(root, pointer)?;
    let required = parent_requires(root, pointer, &name);
    Some(merge(name, schema, &reached, required))
}

/// Whether the mapping holding `pointer` always requires `name`.
fn parent_requires(root: &Node, pointer: &str, name: &str) -> bool {
    let parent = pointer
        .rfind('/')
        .and_then(|i| pointer.get(..i))
        .unwrap_or("");
    reach(root, parent).is_some_and(|(_, reached, _)| {
        reached.iter().filter(|r| r.when.is_empty()).any(|r| {
            r.schema
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|req| req.iter().any(|k| k.as_str() == Some(name)))
        })
    })
}

fn merge(name: String, schema: String, reached: &[Reached<'_>], required: bool) -> FieldInfo {
    let mut info = FieldInfo {
        name,
        schema,
        required,
        ..FieldInfo::default()
    };
    for r in reached {
        let s = r.schema;
        let text = |key: &str| s.get(key).and_then(Value::as_str).map(str::to_string);
        info.description = info.description.take().or_else(|| text("description"));
        info.type_name = info
            .type_name
            .take()
            .or_else(|| text("x-type"))
            .or_else(|| match s.get("type") {
                Some(Value::String(t)) => Some(t.clone()),
                Some(Value::Array(types)) => {
                    types.first().and_then(Value::as_str).map(str::to_string)
                }
                _ => None,
            });
        if info.options.is_empty() {
            let options = s
                .get("x-options")
                .or_else(|| s.get("enum"))
                .and_then(Value::as_array);
            info.options = options
                .into_iter()
                .flatten()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect();
        }
        info.minimum = info.minimum.take().or_else(|| s.get("minimum").cloned());
        info.maximum = info.maximum.take().or_else(|| s.get("maximum").cloned());
        info.default = info.default.take().or_else(|| s.get("default").cloned());
        info.live_mutable = info
            .live_mutable
            .or_else(|| s.get("x-live-mutable").and_then(Value::as_bool));
        for condition in &r.when {
            if !info.when.contains(condition) {
                info.when.push(condition.clone());
            }
        }
    }
    // A field also present without a condition applies always.
    if reached
        .iter()
        .any(|r| r.when.is_empty() && r.schema.get("x-type").is_some())
    {
        info.when.clear();
    }
    info
}

/// The keys the schema names for the mapping at `pointer`, in schema order,
/// with their facts (keys of every branch; conditions say when).
///
/// ```
/// use config_core::editor::fields::keys_at;
/// use config_core::source::yaml::{parse, Limits};
/// let doc = parse("id: x\n", &Limits::default()).unwrap();
/// let keys: Vec<String> = keys_at(&doc.root, "").into_iter().map(|k| k.name).collect();
/// assert!(keys.contains(&"protocolVersion".to_string()));
/// ```
pub fn keys_at(root: &Node, pointer: &str) -> Vec<FieldInfo> {
    let Some((document, reached, schema)) = reach(root, pointer) else {
        return Vec::new();
    };
    let required: Vec<&str> = reached
        .iter()
        .filter(|r| r.when.is_empty())
        .filter_map(|r| r.schema.get("required").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut names: Vec<&str> = Vec::new();
    for r in &reached {
        for key in r
            .schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            if !names.contains(&key.as_str()) {
                names.push(key);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let subs: Vec<Reached<'_>> = reached
                .iter()
                .filter_map(|r| {
                    let child = r.schema.get("properties")?.get(name)?;
                    Some(Reached {
                        schema: resolve(document, child),
                        when: r.when.clone(),
                    })
                })
                .collect();
            let subs = expand(document, subs);
            merge(
                name.to_string(),
                schema.clone(),
                &subs,
                required.contains(&name),
            )
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse, Limits};

    const BEE: &str = "template:\n  bees:\n    - role: gen\n      image: ghcr.io/x/generator:1\n      config:\n        inputs:\n          type: SCHEDULER\n";

    #[test]
    fn kind_fields_have_description_type_and_live_mutability() {
        let doc = parse(BEE, &Limits::default()).unwrap();
        let info = field_info(
            &doc.root,
            "/template/bees/0/config/inputs/scheduler/ratePerSec",
        )
        .unwrap();
        assert_eq!(info.type_name.as_deref(), Some("number"));
        assert_eq!(info.description.as_deref(), Some("Messages per second."));
        assert_eq!(info.live_mutable, Some(true));
        assert_eq!(info.minimum, Some(serde_json::json!(0)));
    }

    #[test]
    fn scenario_fields_follow_refs() {
        let doc = parse(BEE, &Limits::default()).unwrap();
        let keys: Vec<String> = keys_at(&doc.root, "/template/bees/0")
            .into_iter()
            .map(|k| k.name)
            .collect();
        assert!(keys.contains(&"role".to_string()), "{keys:?}");
        assert!(keys.contains(&"config".to_string()), "{keys:?}");
    }

    #[test]
    fn unknown_kinds_and_paths_have_no_facts() {
        let doc = parse(
            "template:\n  bees:\n    - image: nope\n",
            &Limits::default(),
        )
        .unwrap();
        assert!(field_info(&doc.root, "/template/bees/0/config/x").is_none());
        assert!(field_info(&doc.root, "/nothing/here").is_none());
    }
}
