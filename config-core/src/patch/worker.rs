//! How the worker reads a `config-update` before merging it (upstream
//! `WorkerControlPlaneRuntime.java`, WCPR, and `WorkerConfigCommand.java`,
//! WCC): reserved top-level keys, null top-level values, and the lenient
//! coercions of its typed binding (Jackson defaults).

use serde_json::{Map, Value};

/// The patch as the worker applies it, with notes on what it changed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Prepared {
    /// The values merged into the worker's config.
    pub values: Value,
    /// What the worker did with reserved keys (one line each).
    pub notes: Vec<String>,
}

/// Applies, in the worker's order: `data` as the whole update (WCC:45-48),
/// removal of `worker`/`workerBean`/`bean`/`target` (WCPR:624-634),
/// `workers.<bean>` / `<bean>` selection (WCPR:636-664), and dropping null
/// top-level values (WCPR:505-514). `bean` is the worker's Spring bean name.
pub(crate) fn prepare(patch: &Value, bean: Option<&str>) -> Prepared {
    let mut notes = Vec::new();
    let Some(mut map) = patch.as_object().cloned() else {
        return Prepared {
            values: patch.clone(),
            notes,
        };
    };
    if let Some(Value::Object(data)) = map.get("data") {
        notes
            .push("`data` is taken as the whole update; other keys are ignored (WCC:45-48)".into());
        map = data.clone();
    }
    for key in ["worker", "workerBean", "bean", "target"] {
        if map.remove(key).is_some() {
            notes.push(format!("`{key}` is reserved and removed (WCPR:624-634)"));
        }
    }
    if let Some(bean) = bean {
        if let Some(Value::Object(workers)) = map.get("workers") {
            match workers.get(bean) {
                None => {
                    notes.push(format!(
                        "`workers` has no `{bean}`: the whole update is ignored (WCPR:641-643)"
                    ));
                    map = Map::new();
                }
                Some(Value::Object(inner)) => {
                    notes.push(format!("only `workers.{bean}` is applied (WCPR:644-648)"));
                    map = inner.clone();
                }
                Some(_) => {}
            }
        } else if let Some(Value::Object(inner)) = map.get(bean) {
            notes.push(format!("`{bean}` selects only its sub-map (WCPR:655-660)"));
            map = inner.clone();
        }
    }
    map.retain(|_, v| !v.is_null());
    Prepared {
        values: Value::Object(map),
        notes,
    }
}

/// Whether Jackson's default coercion binds `value` to the JSON type a
/// schema expects (`"5"` to a number, `"true"` to a boolean): then a type
/// mismatch is not a failure at the worker (ConfigMerger.java:63-75).
pub(crate) fn coerces(value: &Value, expected: &str) -> bool {
    match (value, expected) {
        (Value::String(s), "integer") => s.trim().parse::<i64>().is_ok(),
        (Value::String(s), "number") => s.trim().parse::<f64>().is_ok_and(f64::is_finite),
        (Value::String(s), "boolean") => matches!(s.trim(), "true" | "false"),
        (Value::Number(_) | Value::Bool(_), "string") => true,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    /// WCPR:624-664 and WCC:45-48.
    #[test]
    fn reserved_keys_are_applied_in_order() {
        let p = prepare(
            &json!({"target": "x", "a": 1, "b": null}),
            Some("generatorWorker"),
        );
        assert_eq!(p.values, json!({"a": 1}));
        let p = prepare(
            &json!({"workers": {"other": {"a": 1}}}),
            Some("generatorWorker"),
        );
        assert_eq!(p.values, json!({}));
        let p = prepare(
            &json!({"generatorWorker": {"a": 2}, "c": 3}),
            Some("generatorWorker"),
        );
        assert_eq!(p.values, json!({"a": 2}));
        let p = prepare(&json!({"data": {"z": 1}, "y": 2}), None);
        assert_eq!(p.values, json!({"z": 1}));
    }

    #[test]
    fn numeric_strings_coerce() {
        assert!(coerces(&json!("5"), "integer"));
        assert!(!coerces(&json!("five"), "integer"));
        assert!(coerces(&json!("true"), "boolean"));
    }
}
