//! The worker's reading of its bootstrap `config-update` (stage B): the
//! reserved top-level keys (PLATFORM-KEYS.md §2) and `privateConfig` split
//! out of the public config (WCPR:411-447, 672-703).

use super::{child, codes, java_text, Issue, Stage};
use crate::finding::Finding;
use serde_json::{Map, Value};

/// Keys the worker removes before use (WCPR:624-634). `worker` is already
/// refused at upload (VALIDATOR.md S6) but removed here as well.
pub(crate) const REMOVED_KEYS: [&str; 4] = ["worker", "workerBean", "bean", "target"];

/// The Spring bean name of each worker kind (`@Component("...")` of each
/// `*WorkerImpl`, e.g. `generator-service/.../GeneratorWorkerImpl.java:50`;
/// db-query's is `DbQueryConstants.WORKER_BEAN`).
pub(crate) fn bean_name(kind: &str) -> Option<&'static str> {
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
pub(crate) struct Received {
    /// The public config (after the reserved keys are applied).
    pub config: Value,
    /// `privateConfig` (never echoed in status), when a non-empty map.
    pub private: Option<Value>,
}

/// Applies the reserved top-level keys to the config the controller sends
/// (its keys are the signal's `data`, ConfigFanout.java:110-116).
pub(crate) fn receive(config: &Value, kind: &str, issues: &mut Vec<Issue>) -> Received {
    let mut map = config.as_object().cloned().unwrap_or_default();
    // WCC:45-48, 73-84: a `data` key is the whole config.
    if let Some(data) = map.get("data").cloned() {
        match data {
            Value::Object(inner) => {
                issues.push(Issue::new(
                    Stage::Bootstrap,
                    "/config/data",
                    Finding::warning(
                        codes::DATA_REPLACES,
                        "top-level `data` is taken as the whole config: every other key is \
                         ignored (WCC:45-48)",
                    )
                    .with_fix("rename `data`, or move the other keys inside it"),
                ));
                map = inner;
            }
            other => {
                issues.push(Issue::new(
                    Stage::Bootstrap,
                    "/config/data",
                    Finding::error(
                        codes::DATA_REPLACES,
                        format!(
                            "top-level `data` ({}) cannot be converted to a map: the \
                             config-update fails and the swarm becomes FAILED (WCC:73-84)",
                            java_text(&other)
                        ),
                    )
                    .with_fix("rename `data`"),
                ));
                return Received {
                    config: Value::Object(Map::new()),
                    private: None,
                };
            }
        }
    }
    check_enabled(&map, issues);
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

/// `enabled`: a Boolean, `"true"`/`"false"` in any case, or blank; anything
/// else throws "Invalid enabled value" (WCC:90-107, 122-130).
fn check_enabled(map: &Map<String, Value>, issues: &mut Vec<Issue>) {
    let ok = match map.get("enabled") {
        None | Some(Value::Null) | Some(Value::Bool(_)) => true,
        Some(Value::String(s)) => {
            let t = s.trim();
            t.is_empty() || t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false")
        }
        Some(_) => false,
    };
    if !ok {
        issues.push(Issue::new(
            Stage::Bootstrap,
            "/config/enabled",
            Finding::error(
                codes::ENABLED_INVALID,
                format!(
                    "\"Invalid enabled value\" ({}): top-level `enabled` is the worker's on/off \
                     switch; the config-update fails and the swarm becomes FAILED (WCC:90-107)",
                    map.get("enabled").map(java_text).unwrap_or_default()
                ),
            )
            .with_fix("write `enabled: true` or `enabled: false`, or remove it"),
        ));
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
        return match workers.get(bean) {
            None => {
                issues.push(warn(
                    "/config/workers".into(),
                    format!(
                        "`workers` has no entry for this worker's bean `{bean}`: the whole \
                         bootstrap config is ignored (WCPR:641-643)"
                    ),
                ));
                Some(Map::new())
            }
            Some(Value::Object(inner)) => {
                issues.push(warn(
                    child("/config/workers", bean),
                    format!("only `workers.{bean}` is applied; every other key is ignored (WCPR:644-648)"),
                ));
                Some(inner.clone())
            }
            Some(Value::Null) => Some(Map::new()),
            Some(_) => None,
        };
    }
    if let Some(Value::Object(inner)) = map.get(bean) {
        issues.push(warn(
            child("/config", bean),
            format!("a key named after the worker's bean `{bean}` selects only that sub-map (WCPR:655-660)"),
        ));
        return Some(inner.clone());
    }
    None
}
