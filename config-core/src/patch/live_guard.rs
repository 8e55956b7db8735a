//! The worker's live-update guard (upstream
//! `common/worker-sdk/.../runtime/LiveIoConfigUpdateGuard.java`, LIVE below,
//! and `LiveIoConfigMutability.java`): after bootstrap only `inputs.*` and
//! `outputs.*` are guarded; there, the selector and every IO field outside
//! a fixed list may not change. The manifests' `liveMutable` is not
//! consulted: where it disagrees, [`manifest_disagreements`] says so.

use serde_json::{Map, Value};

/// The live-editable IO fields (LiveIoConfigMutability.java:10-25).
pub(crate) const LIVE_IO_FIELDS: [&str; 6] = [
    "inputs.scheduler.ratePerSec",
    "inputs.scheduler.maxMessages",
    "inputs.scheduler.reset",
    "inputs.redis.ratePerSec",
    "inputs.redis.listName",
    "inputs.csv.ratePerSec",
];

/// Changeable only while the worker is disabled, in single-`listName`
/// mode (LiveIoConfigMutability.java:27; LIVE:165-203).
pub(crate) const DISABLED_ONLY_IO_FIELDS: [&str; 1] = ["inputs.redis.listName"];

/// The code of a value the guard refuses (docs/FINDINGS.md).
pub(crate) const GUARD_CODE: &str = "PH830";
/// The code of a manifest `liveMutable` the worker disagrees with.
pub(crate) const DISAGREE_CODE: &str = "PH831";

/// Whether the worker lets `field` (dotted) change after start, given its
/// config `previous`: every non-IO field, and the live IO fields of the
/// sub-block its IO type selects (LIVE:100-120).
pub(crate) fn worker_allows(previous: &Value, field: &str) -> bool {
    let mut parts = field.splitn(3, '.');
    let (Some(side), Some(sub)) = (parts.next(), parts.next()) else {
        return true;
    };
    if side != "inputs" && side != "outputs" {
        return true;
    }
    let selector = previous
        .pointer(&format!("/{side}/type"))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_uppercase());
    subblock(side, selector.as_deref()) == Some(sub) && LIVE_IO_FIELDS.contains(&field)
}

/// Why the worker refuses a `config-update` (nothing is applied).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GuardError {
    /// LIVE:297-302 `unsafeUpdate`.
    #[error(
        "{field}: the worker refuses to change this IO field at runtime (\"cannot change unsafe IO \
         field\"); fix: drop it from the patch, or restart the swarm with the new value"
    )]
    Unsafe {
        /// The dotted path.
        field: String,
    },
    /// LIVE:304-313 `invalidOperationalValue`.
    #[error("{field}: {reason} (\"invalid operational IO field\"); fix: send a valid value")]
    Invalid {
        /// The dotted path.
        field: String,
        /// Why.
        reason: String,
    },
    /// LIVE:171-201: a disabled-only field on an enabled worker, or outside
    /// single-listName mode.
    #[error("{field}: {reason}; fix: stop the swarm first, or use single-listName mode")]
    DisabledOnly {
        /// The dotted path.
        field: String,
        /// Why.
        reason: String,
    },
}

/// The sub-block the worker's configured IO type selects (LIVE:271-295).
fn subblock(side: &str, selector: Option<&str>) -> Option<&'static str> {
    match (side, selector?) {
        ("inputs", "SCHEDULER") => Some("scheduler"),
        ("inputs", "REDIS_DATASET") => Some("redis"),
        ("inputs", "CSV_DATASET") => Some("csv"),
        ("inputs", "RABBITMQ") | ("outputs", "RABBITMQ") => Some("rabbit"),
        ("outputs", "REDIS") => Some("redis"),
        _ => None,
    }
}

/// Validates `update` (already canonicalised, reserved keys applied)
/// against `previous` (the worker's raw config; empty = bootstrap), as
/// `LiveIoConfigUpdateGuard.validate` (LIVE:24-52) does. The worker's IO
/// types (its definition, from the deploy-time selectors) are read from
/// `definition`, else from the update. The first offending field stops
/// it, as upstream.
///
/// # Errors
/// The first [`GuardError`].
pub(crate) fn validate(
    definition: &Value,
    previous: &Value,
    update: &Value,
    enabled: bool,
) -> Result<(), GuardError> {
    let empty = Map::new();
    let previous_map = previous.as_object().unwrap_or(&empty);
    let bootstrap = previous_map.is_empty();
    for side in ["inputs", "outputs"] {
        // The worker definition's IO type comes from its deploy-time
        // selector (the env POCKETHIVE_*_TYPE), i.e. the previous config.
        let selector = definition
            .pointer(&format!("/{side}/type"))
            .or_else(|| update.pointer(&format!("/{side}/type")))
            .and_then(Value::as_str)
            .map(|s| s.trim().to_uppercase());
        let selected = subblock(side, selector.as_deref());
        validate_root(previous, update, side, selected, bootstrap, enabled)?;
    }
    Ok(())
}

/// Every field [`validate`] would refuse (upstream stops at the first; the
/// verdict is the same, and cfgate lists them all): each IO field of the
/// update is validated on its own.
pub(crate) fn validate_all(
    definition: &Value,
    previous: &Value,
    update: &Value,
    enabled: bool,
) -> Vec<GuardError> {
    let mut errors = Vec::new();
    let Some(map) = update.as_object() else {
        return errors;
    };
    for root in ["inputs", "outputs"] {
        let Some(block) = map.get(root) else { continue };
        let single = |v: Value| {
            let mut m = Map::new();
            m.insert(root.to_string(), v);
            if let Some(t) = update.pointer(&format!("/{root}/type")) {
                // Keep the selector visible at bootstrap (it picks the sub-block).
                if let Some(Value::Object(inner)) = m.get_mut(root) {
                    inner.entry("type").or_insert_with(|| t.clone());
                }
            }
            Value::Object(m)
        };
        let Some(entries) = block.as_object() else {
            errors.extend(validate(definition, previous, &single(block.clone()), enabled).err());
            continue;
        };
        for (key, value) in entries {
            let parts: Vec<Value> = match value.as_object() {
                Some(fields) if key != "type" => fields
                    .iter()
                    .map(|(f, v)| serde_json::json!({ key: { f: v } }))
                    .collect(),
                _ => vec![serde_json::json!({ key: value })],
            };
            for part in parts {
                if let Err(e) = validate(definition, previous, &single(part), enabled) {
                    if !errors.contains(&e) {
                        errors.push(e);
                    }
                }
            }
        }
    }
    errors
}

fn validate_root(
    previous: &Value,
    update: &Value,
    root: &str,
    selected: Option<&str>,
    bootstrap: bool,
    enabled: bool,
) -> Result<(), GuardError> {
    let Some(raw) = update.get(root).filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let Some(block) = raw.as_object() else {
        return Err(GuardError::Unsafe { field: root.into() });
    };
    for (key, value) in block {
        let path = format!("{root}.{key}");
        if key == "type" {
            if !bootstrap {
                reject_if_changed(previous, &path, value)?;
            }
            continue;
        }
        let Some(nested) = value.as_object() else {
            return Err(GuardError::Unsafe { field: path });
        };
        for (field, field_value) in nested {
            let field_path = format!("{path}.{field}");
            let safe =
                selected.is_some_and(|s| key == s) && LIVE_IO_FIELDS.contains(&field_path.as_str());
            if safe {
                validate_operational(previous, &field_path, field_value, enabled)?;
            } else if !bootstrap {
                reject_if_changed(previous, &field_path, field_value)?;
            }
        }
    }
    Ok(())
}

/// LIVE:133-153, 203-246.
fn validate_operational(
    previous: &Value,
    path: &str,
    value: &Value,
    enabled: bool,
) -> Result<(), GuardError> {
    let invalid = |reason: &str| GuardError::Invalid {
        field: path.into(),
        reason: reason.into(),
    };
    if DISABLED_ONLY_IO_FIELDS.contains(&path) {
        return disabled_list_name(previous, path, value, enabled);
    }
    match path {
        "inputs.scheduler.maxMessages" => {
            let n = value
                .as_f64()
                .ok_or_else(|| invalid("must be an integer"))?;
            if n.fract() != 0.0 {
                return Err(invalid("must be an integer"));
            }
            if n < 0.0 {
                return Err(invalid("must be >= 0"));
            }
        }
        "inputs.scheduler.reset" => {
            if !value.is_boolean() {
                return Err(invalid("must be true or false"));
            }
        }
        _ => {
            // ratePerSec: a finite Number >= 0 (a numeric string is not).
            let n = value.as_f64().ok_or_else(|| invalid("must be a number"))?;
            if n < 0.0 {
                return Err(invalid("must be >= 0"));
            }
        }
    }
    Ok(())
}

/// LIVE:165-203.
fn disabled_list_name(
    previous: &Value,
    path: &str,
    value: &Value,
    enabled: bool,
) -> Result<(), GuardError> {
    if previous.as_object().is_none_or(Map::is_empty) {
        return Ok(());
    }
    let before = value_at(previous, path);
    if before == Some(value) {
        return Ok(());
    }
    let fail = |reason: &str| GuardError::DisabledOnly {
        field: path.into(),
        reason: reason.into(),
    };
    if enabled {
        return Err(fail("cannot change on an enabled worker"));
    }
    let invalid = |reason: &str| GuardError::Invalid {
        field: path.into(),
        reason: reason.into(),
    };
    let Some(name) = value.as_str().filter(|s| !s.trim().is_empty()) else {
        return Err(invalid("must be a non-blank string"));
    };
    if name != name.trim() {
        return Err(invalid("must not contain surrounding whitespace"));
    }
    let single = value_at(previous, "inputs.redis.listName")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty());
    let sources = match value_at(previous, "inputs.redis.sources") {
        None | Some(Value::Null) => false,
        Some(Value::Array(items)) => !items.is_empty(),
        Some(_) => true,
    };
    if !single || sources {
        return Err(fail(
            "the worker must already use Redis single-source listName mode",
        ));
    }
    Ok(())
}

/// LIVE:249-257: `Objects.equals` on the previous value.
fn reject_if_changed(previous: &Value, path: &str, value: &Value) -> Result<(), GuardError> {
    let before = value_at(previous, path).unwrap_or(&Value::Null);
    if before == value {
        Ok(())
    } else {
        Err(GuardError::Unsafe { field: path.into() })
    }
}

fn value_at<'v>(value: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted
        .split('.')
        .try_fold(value, |current, segment| current.as_object()?.get(segment))
}

/// Fields the patch changes where the manifest's `liveMutable` says
/// otherwise than the worker: `(field, manifest says live-mutable)`.
/// `live_in_manifest` answers for a dotted field.
pub(crate) fn manifest_disagreements(
    changed: &[String],
    live_in_manifest: &dyn Fn(&str) -> Option<bool>,
    worker_allows: &dyn Fn(&str) -> bool,
) -> Vec<(String, bool)> {
    changed
        .iter()
        .filter_map(|field| {
            // Only a field the manifest has a view on.
            let manifest = live_in_manifest(field)?;
            (manifest != worker_allows(field)).then(|| (field.clone(), manifest))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn started() -> Value {
        json!({"inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5, "maxMessages": 0}},
               "outputs": {"type": "RABBITMQ"}, "message": {"body": "a"}})
    }

    /// LIVE:100-120: a listed field of the selected sub-block may change.
    #[test]
    fn live_field_of_the_selected_subblock_changes() {
        assert_eq!(
            validate(
                &started(),
                &started(),
                &json!({"inputs": {"scheduler": {"ratePerSec": 50}}}),
                true
            ),
            Ok(())
        );
    }

    /// LIVE:80-83: the selector may not change after bootstrap.
    #[test]
    fn selector_change_is_unsafe() {
        let err = validate(
            &started(),
            &started(),
            &json!({"inputs": {"type": "REDIS_DATASET"}}),
            true,
        )
        .unwrap_err();
        assert_eq!(
            err,
            GuardError::Unsafe {
                field: "inputs.type".into()
            }
        );
    }

    /// Fields outside inputs/outputs are not guarded at all.
    #[test]
    fn non_io_fields_change_freely() {
        assert_eq!(
            validate(
                &started(),
                &started(),
                &json!({"message": {"body": "b"}}),
                true
            ),
            Ok(())
        );
    }

    /// LIVE:213-246: a numeric string is not a Number.
    #[test]
    fn rate_must_be_a_number() {
        let err = validate(
            &started(),
            &started(),
            &json!({"inputs": {"scheduler": {"ratePerSec": "5"}}}),
            true,
        )
        .unwrap_err();
        assert!(matches!(err, GuardError::Invalid { .. }));
    }

    /// LIVE:84-86: a non-map sub-block is unsafe, even at bootstrap.
    #[test]
    fn non_map_subblock_is_unsafe_at_bootstrap() {
        let err = validate(
            &json!({}),
            &json!({}),
            &json!({"inputs": {"redis": "x"}}),
            false,
        )
        .unwrap_err();
        assert_eq!(
            err,
            GuardError::Unsafe {
                field: "inputs.redis".into()
            }
        );
    }

    /// LIVE:165-203: listName only while disabled in single-list mode.
    #[test]
    fn list_name_is_disabled_only() {
        let prev = json!({"inputs": {"type": "REDIS_DATASET", "redis": {"listName": "a"}}});
        let patch = json!({"inputs": {"redis": {"listName": "b"}}});
        assert!(matches!(
            validate(&prev, &prev, &patch, true),
            Err(GuardError::DisabledOnly { .. })
        ));
        assert_eq!(validate(&prev, &prev, &patch, false), Ok(()));
    }
}
