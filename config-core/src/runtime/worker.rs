//! The worker's reading of its bootstrap `config-update` (stage B): the
//! reserved top-level keys (PLATFORM-KEYS.md §2) and `privateConfig` split
//! out of the public config (WCPR:411-447, 672-703).

use super::{child, codes, java_text, Issue, Stage, Vars};
use crate::finding::Finding;
use serde_json::{Map, Value};

/// Keys the worker removes before use (WCPR:624-634). `worker` is already
/// refused at upload (VALIDATOR.md S6) but removed here as well.
pub const REMOVED_KEYS: [&str; 4] = ["worker", "workerBean", "bean", "target"];

/// The Spring bean name of each worker kind (`@Component("...")` of each
/// `*WorkerImpl`, e.g. `generator-service/.../GeneratorWorkerImpl.java:50`;
/// db-query's is `DbQueryConstants.WORKER_BEAN`).
pub fn bean_name(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "generator" => "generatorWorker",
        "moderator" => "moderatorWorker",
        "processor" => "processorWorker",
        "postprocessor" => "postProcessorWorker",
        "request-builder" => "requestBuilderWorker",
        "http-sequence" => "httpSequenceWorker",
        "trigger" => "triggerWorker",
        "clearing-export" => "clearingExportWorker",
        "db-query" => "dbQueryWorker",
        _ => return None,
    })
}

/// What the worker takes from the bootstrap config: the public config it
/// binds and reports, and the private part kept apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The public config (after the reserved keys are applied).
    pub config: Value,
    /// `privateConfig` (never echoed in status), when a non-empty map.
    pub private: Option<Value>,
}

/// Applies the reserved top-level keys to the config the controller sends
/// (its keys are the signal's `data`, ConfigFanout.java:110-116), in the
/// worker's order (WCPR:392-412).
pub fn receive(config: &Value, kind: &str, issues: &mut Vec<Issue>) -> Received {
    let mut map = config.as_object().cloned().unwrap_or_default();
    let failures = command_issues(&map, Vars::Rendered);
    let data_failed = failures
        .iter()
        .any(|i| i.finding.code == codes::DATA_REPLACES);
    issues.extend(failures);
    if data_failed {
        return Received {
            config: Value::Object(Map::new()),
            private: None,
        };
    }
    // WCC:45-48, 73-84: a `data` map is the whole config.
    if let Some(Value::Object(inner)) = map.get("data") {
        issues.push(Issue::new(
            Stage::Bootstrap,
            "/config/data",
            Finding::warning(
                codes::DATA_REPLACES,
                "top-level `data` is taken as the whole config: every other key is ignored \
                 (WCC:45-48)",
            )
            .with_fix("rename `data`, or move the other keys inside it"),
        ));
        map = inner.clone();
    }
    for key in REMOVED_KEYS {
        if map.remove(key).is_some() && key != "worker" {
            issues.push(Issue::new(
                Stage::Bootstrap,
                child("/config", key),
                Finding::warning(
                    codes::KEY_REMOVED,
                    format!("top-level `{key}` is reserved: the worker removes it (WCPR:624-634)"),
                )
                .with_fix("rename the key"),
            ));
        }
    }
    if let Some(selected) = select(&map, kind, issues) {
        map = selected;
    }
    // WCPR:505-514: null top-level values are dropped.
    map.retain(|_, v| !v.is_null());
    let private = match map.remove("privateConfig") {
        Some(Value::Object(p)) if !p.is_empty() => Some(Value::Object(p)),
        _ => None,
    };
    Received {
        config: Value::Object(map),
        private,
    }
}

/// The bootstrap failures of the config-update command itself, read from
/// the keys as sent (WCC:43-49): a `data` that cannot be converted to a map
/// (WCC:73-84, `command.data()` at WCPR:401), and an invalid `enabled`,
/// taken from the top level, else from a `data` map (WCC:90-130). With
/// [`Vars::Unrendered`], a value holding `{{ vars.* }}` may still render
/// to a valid one: a warning then.
pub fn command_issues(map: &Map<String, Value>, vars: Vars) -> Vec<Issue> {
    let mut issues = Vec::new();
    let data = map.get("data").filter(|d| !d.is_null());
    if let Some(data) = data.filter(|d| !d.is_object()) {
        issues.push(Issue::new(
            Stage::Bootstrap,
            "/config/data",
            certain(
                Finding::error(
                    codes::DATA_REPLACES,
                    format!(
                        "top-level `data` ({}) cannot be converted to a map: the \
                         config-update fails and the swarm becomes FAILED (WCC:73-84)",
                        java_text(data)
                    ),
                ),
                data,
                vars,
            )
            .with_fix("rename `data`"),
        ));
    }
    let (pointer, enabled) = match map.get("enabled").filter(|e| !e.is_null()) {
        Some(e) => ("/config/enabled", Some(e)),
        None => (
            "/config/data/enabled",
            data.and_then(|d| d.get("enabled")).filter(|e| !e.is_null()),
        ),
    };
    if let Some(value) = enabled.filter(|e| !enabled_ok(e)) {
        issues.push(Issue::new(
            Stage::Bootstrap,
            pointer,
            certain(
                Finding::error(
                    codes::ENABLED_INVALID,
                    format!(
                        "\"Invalid enabled value\" ({}): top-level `enabled` is the worker's \
                         on/off switch; the config-update fails and the swarm becomes FAILED \
                         (WCC:90-107)",
                        java_text(value)
                    ),
                ),
                value,
                vars,
            )
            .with_fix("write `enabled: true` or `enabled: false`, or remove it"),
        ));
    }
    issues
}

/// `enabled`: a Boolean, `"true"`/`"false"` in any case but **untrimmed**,
/// or a blank string (WCC:94-106).
fn enabled_ok(value: &Value) -> bool {
    match value {
        Value::Bool(_) => true,
        Value::String(s) => {
            s.chars().all(char::is_whitespace)
                || s.eq_ignore_ascii_case("true")
                || s.eq_ignore_ascii_case("false")
        }
        _ => false,
    }
}

/// An error, or a warning when `value` holds a `{{ vars.* }}` placeholder
/// that is not rendered yet.
fn certain(finding: Finding, value: &Value, vars: Vars) -> Finding {
    let pending = vars == Vars::Unrendered
        && value
            .as_str()
            .is_some_and(|s| !super::text::var_placeholders(s).is_empty());
    if pending {
        let mut finding = finding;
        finding.severity = crate::finding::Severity::Warning;
        finding
            .message
            .push_str(", unless `{{ vars.* }}` renders it to a valid value");
        finding
    } else {
        finding
    }
}

/// `workers.<beanName>` and `<beanName>` select a sub-map; `workers`
/// without this bean ignores the whole config (WCPR:636-664).
fn select(
    map: &Map<String, Value>,
    kind: &str,
    issues: &mut Vec<Issue>,
) -> Option<Map<String, Value>> {
    let bean = bean_name(kind)?;
    let warn = |pointer: String, message: String| {
        Issue::new(
            Stage::Bootstrap,
            pointer,
            Finding::warning(codes::SELECTOR_KEY, message)
                .with_fix("rename the key, or move its content to the top level of `config`"),
        )
    };
    if let Some(Value::Object(workers)) = map.get("workers") {
        match workers.get(bean) {
            None => {
                issues.push(warn(
                    "/config/workers".into(),
                    format!(
                        "`workers` has no entry for this worker's bean `{bean}`: the whole \
                         bootstrap config is ignored (WCPR:641-643)"
                    ),
                ));
                return Some(Map::new());
            }
            Some(Value::Object(inner)) => {
                issues.push(warn(
                    child("/config/workers", bean),
                    format!("only `workers.{bean}` is applied; every other key is ignored (WCPR:644-648)"),
                ));
                return Some(inner.clone());
            }
            Some(Value::Null) => return Some(Map::new()),
            // Any other value falls through to the bean-name key (WCPR:656).
            Some(_) => {}
        }
    }
    match map.get(bean) {
        Some(Value::Object(inner)) => {
            issues.push(warn(
                child("/config", bean),
                format!("a key named after the worker's bean `{bean}` selects only that sub-map (WCPR:655-660)"),
            ));
            Some(inner.clone())
        }
        // A null bean-name key is a reset: nothing applied (WCPR:662-664).
        Some(Value::Null) => Some(Map::new()),
        _ => None,
    }
}
