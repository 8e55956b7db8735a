//! The worker's reading of its bootstrap `config-update` (stage B): the
//! reserved top-level keys (PLATFORM-KEYS.md §2) and `privateConfig` split
//! out of the public config (WCPR:411-447, 672-703).

use super::{child, codes, java_text, Issue, Stage, Vars};
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
    /// The public config (after the reserved keys are applied and the
    /// keys canonicalised).
    pub config: Value,
    /// `privateConfig` (never echoed in status), when a non-empty map.
    pub private: Option<Value>,
    /// Where the received map sits in the sent config (`/data`,
    /// `/workers/<bean>`, `/<bean>`, or `""`).
    selected: String,
    /// Canonical pointer -> written pointer (relative to the selected
    /// map), for each key the canonicalisation renamed.
    renames: Vec<(String, String)>,
}

impl Received {
    fn empty() -> Self {
        Self {
            config: Value::Object(Map::new()),
            private: None,
            selected: String::new(),
            renames: Vec::new(),
        }
    }

    /// The pointer in the sent config (relative to `config`) of a value at
    /// `pointer` in the received one: selection and renamed keys undone.
    pub(crate) fn written_pointer(&self, pointer: &str) -> String {
        let on_boundary = |p: &str| pointer.len() == p.len() || pointer[p.len()..].starts_with('/');
        let best = self
            .renames
            .iter()
            .filter(|(canonical, _)| {
                pointer.starts_with(canonical.as_str()) && on_boundary(canonical)
            })
            .max_by_key(|(canonical, _)| canonical.len());
        let relative = match best {
            Some((canonical, written)) => format!("{written}{}", &pointer[canonical.len()..]),
            None => pointer.to_string(),
        };
        format!("{}{relative}", self.selected)
    }
}

/// Applies the reserved top-level keys to the config the controller sends
/// (its keys are the signal's `data`, ConfigFanout.java:110-116), in the
/// worker's order (WCPR:392-412).
pub(crate) fn receive(config: &Value, kind: &str, issues: &mut Vec<Issue>) -> Received {
    let mut map = config.as_object().cloned().unwrap_or_default();
    let failures = command_issues(&map, Vars::Rendered);
    let data_failed = failures
        .iter()
        .any(|i| i.finding.code == codes::DATA_REPLACES);
    issues.extend(failures);
    if data_failed {
        return Received::empty();
    }
    let mut selected = String::new();
    // WCC:45-48, 73-84: a `data` map is the whole config.
    if let Some(Value::Object(inner)) = map.get("data") {
        issues.push(Issue::at_stage(
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
        selected = "/data".into();
    }
    for key in REMOVED_KEYS {
        if map.remove(key).is_some() && key != "worker" {
            issues.push(Issue::at_stage(
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
    if let Some((key, inner)) = select(&map, kind, issues) {
        selected.push_str(&key);
        map = inner;
    }
    // WCPR:505-514: null top-level values are dropped.
    map.retain(|_, v| !v.is_null());
    reseed(&mut map);
    // WCPR:410: every key canonicalised, then `privateConfig` split out of
    // the canonical keys (WCPR:411-412, 672-690).
    let mut canon = Canon {
        selected: &selected,
        renames: Vec::new(),
        issues,
    };
    let mut map = canon.map(&map, "", "", None);
    let renames = canon.renames;
    let private = match map.remove("privateConfig") {
        Some(Value::Object(p)) if !p.is_empty() => Some(Value::Object(p)),
        _ => None,
    };
    Received {
        config: Value::Object(map),
        private,
        selected,
        renames,
    }
}

/// `templating.reseed` on the raw keys (WCPR:515-529): a truthy value is
/// consumed (and `templating` dropped when that empties it).
fn reseed(map: &mut Map<String, Value>) {
    let Some(Value::Object(templating)) = map.get_mut("templating") else {
        return;
    };
    let truthy = match templating.get("reseed") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    if truthy {
        templating.remove("reseed");
        if templating.is_empty() {
            map.remove("templating");
        }
    }
}

/// A config key as the worker canonicalises it
/// (`ConfigKeyCanonicalizer.toCamelCase`, ConfigKeyCanonicalizer.java:56-90):
/// with no `-`, `_` or `.`, only the first character is lower-cased;
/// otherwise the key is split on them, each later part's first character
/// upper-cased and every other character lower-cased. Java maps one UTF-16
/// unit to one, so a character whose case mapping expands is kept.
/// Examples: the unit test `canonical_key_examples`.
pub(crate) fn canonical_key(key: &str) -> String {
    fn one(mut mapped: impl Iterator<Item = char>, c: char) -> char {
        match (mapped.next(), mapped.next()) {
            (Some(m), None) => m,
            _ => c,
        }
    }
    let lower = |c: char| one(c.to_lowercase(), c);
    let upper = |c: char| one(c.to_uppercase(), c);
    if key.trim().is_empty() {
        return key.to_string();
    }
    if !key.contains(['-', '_', '.']) {
        let mut chars = key.chars();
        return match chars.next() {
            Some(first) => std::iter::once(lower(first)).chain(chars).collect(),
            None => String::new(),
        };
    }
    let mut out = String::with_capacity(key.len());
    let mut upper_next = false;
    for c in key.chars() {
        if matches!(c, '-' | '_' | '.') {
            upper_next = true;
        } else if upper_next {
            out.push(upper(c));
            upper_next = false;
        } else {
            out.push(lower(c));
        }
    }
    out
}

/// Below `headers` or a key whose canonical form ends in `Headers`, keys
/// are kept verbatim at every depth (ConfigKeyCanonicalizer.java:16, 34, 92-100).
fn is_dictionary(key: &str) -> bool {
    key == "headers" || key.ends_with("Headers")
}

/// The canonicalisation's bookkeeping: renamed keys and collisions.
struct Canon<'a> {
    /// Pointer of the received map in the sent config.
    selected: &'a str,
    /// Canonical pointer -> written pointer.
    renames: Vec<(String, String)>,
    issues: &'a mut Vec<Issue>,
}

impl Canon<'_> {
    /// `ConfigKeyCanonicalizer.canonicaliseMap` (ConfigKeyCanonicalizer.java:29-44):
    /// `at` is the canonical pointer, `raw` the written one.
    fn map(
        &mut self,
        source: &Map<String, Value>,
        at: &str,
        raw: &str,
        parent: Option<&str>,
    ) -> Map<String, Value> {
        let dictionary = parent.is_some_and(is_dictionary);
        let mut result = Map::new();
        for (key, value) in source {
            let canonical = if dictionary {
                key.clone()
            } else {
                canonical_key(key)
            };
            let child_parent = if dictionary {
                parent
            } else {
                Some(canonical.as_str())
            };
            let (key_at, key_raw) = (child(at, &canonical), child(raw, key));
            if key_at != key_raw {
                self.renames.push((key_at.clone(), key_raw.clone()));
            }
            let value = self.value(value, &key_at, &key_raw, child_parent);
            if result.insert(canonical.clone(), value).is_some() {
                self.issues.push(Issue::at_stage(
                    Stage::Bootstrap,
                    format!("/config{}{key_raw}", self.selected),
                    Finding::warning(
                        codes::KEY_COLLISION,
                        format!(
                            "`{key}` and another key of this map both become `{canonical}` at \
                             the worker: one silently wins, and which is not defined \
                             (`Map.copyOf`; ConfigKeyCanonicalizer.java:39-41)"
                        ),
                    )
                    .with_fix("keep one spelling of the key"),
                ));
            }
        }
        result
    }

    /// `canonicaliseValue` (ConfigKeyCanonicalizer.java:46-54): list items
    /// keep the list's parent key.
    fn value(&mut self, value: &Value, at: &str, raw: &str, parent: Option<&str>) -> Value {
        match value {
            Value::Object(map) => Value::Object(self.map(map, at, raw, parent)),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        self.value(item, &format!("{at}/{i}"), &format!("{raw}/{i}"), parent)
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// The bootstrap failures of the config-update command itself, read from
/// the keys as sent (WCC:43-49): a `data` that cannot be converted to a map
/// (WCC:73-84, `command.data()` at WCPR:401), and an invalid `enabled`,
/// taken from the top level, else from a `data` map (WCC:90-130). With
/// [`Vars::Unrendered`], a value holding `{{ vars.* }}` may still render
/// to a valid one: a warning then.
pub(crate) fn command_issues(map: &Map<String, Value>, vars: Vars) -> Vec<Issue> {
    let mut issues = Vec::new();
    let data = map.get("data").filter(|d| !d.is_null());
    if let Some(data) = data.filter(|d| !d.is_object()) {
        issues.push(Issue::at_stage(
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
        issues.push(Issue::at_stage(
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
) -> Option<(String, Map<String, Value>)> {
    let bean = bean_name(kind)?;
    let warn = |pointer: String, message: String| {
        Issue::at_stage(
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
                         config-update is ignored (WCPR:641-643)"
                    ),
                ));
                return Some((String::new(), Map::new()));
            }
            Some(Value::Object(inner)) => {
                issues.push(warn(
                    child("/config/workers", bean),
                    format!("only `workers.{bean}` is applied; every other key is ignored (WCPR:644-648)"),
                ));
                return Some((child("/workers", bean), inner.clone()));
            }
            Some(Value::Null) => return Some((String::new(), Map::new())),
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
            Some((child("", bean), inner.clone()))
        }
        // A null bean-name key is a reset: nothing applied (WCPR:662-664).
        Some(Value::Null) => Some((String::new(), Map::new())),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_key_examples() {
        assert_eq!(canonical_key("thread-count"), "threadCount");
        assert_eq!(canonical_key("THREAD_COUNT"), "threadCount");
        assert_eq!(canonical_key("ThreadCount"), "threadCount");
        assert_eq!(canonical_key("redis-uploader"), "redisUploader");
        assert_eq!(canonical_key("baseURL-x"), "baseurlX");
        assert_eq!(canonical_key("_foo"), "Foo");
    }

    /// ConfigKeyCanonicalizer.java:56-90: Java maps one UTF-16 unit to one.
    #[test]
    fn canonical_key_keeps_expanding_case_mappings() {
        assert_eq!(canonical_key("a-ß"), "aß");
        assert_eq!(canonical_key("URL"), "uRL");
        assert_eq!(canonical_key("a.b"), "aB");
        assert_eq!(canonical_key(" "), " ");
    }

    /// WCPR:401-412: reserved keys verbatim, then canonical keys; the
    /// written pointer undoes both.
    #[test]
    fn received_pointers_map_back_to_the_written_keys() {
        let mut issues = Vec::new();
        let got = receive(
            &json!({"data": {"thread-count": 1, "Outer_Block": {"inner-key": 2}}}),
            "generator",
            &mut issues,
        );
        assert_eq!(
            got.config,
            json!({"threadCount": 1, "outerBlock": {"innerKey": 2}})
        );
        assert_eq!(
            got.written_pointer("/outerBlock/innerKey"),
            "/data/Outer_Block/inner-key"
        );
        assert_eq!(got.written_pointer("/threadCount"), "/data/thread-count");
    }

    /// WCC:122-130: `enabled` at the top level wins over `data.enabled`.
    #[test]
    fn enabled_is_read_at_the_top_level_first() {
        let map = json!({"enabled": 1, "data": {"enabled": true}});
        let issues = command_issues(map.as_object().unwrap(), Vars::Rendered);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].pointer, "/config/enabled");
        let map = json!({"data": {"enabled": "yes"}});
        let issues = command_issues(map.as_object().unwrap(), Vars::Rendered);
        assert_eq!(issues[0].pointer, "/config/data/enabled");
    }
}
