//! Bee `config` keys the platform reads outside the capability manifests
//! (PLATFORM-KEYS.md): known keys (never PH390), with the checks whose
//! failure is certain at swarm create (C), provisioning (P), bootstrap (B)
//! or on every message (M). The upload validator checks none of them, so
//! every finding here is cfgate knowing more than the platform's upload.
//!
//! | code | severity | what |
//! | --- | --- | --- |
//! | PH350 | error | a `docker.volumes` entry fails provisioning (docker-java `Bind.parse`, then the daemon) |
//! | PH351 | warning | a `docker.volumes` value is dropped silently (not a list, not a string, blank) |
//! | PH352 | error | a null value directly inside `docker`: swarm create fails |
//! | PH353 | error | `interceptors.redisUploader` is enabled but invalid: every message fails |
//! | PH354 | error | top-level `enabled` is not a boolean: the worker fails at bootstrap |
//! | PH391 | warning | `historyPolicy`: documented, but nothing reads it |

use super::config_check::ConfigIssue;
use crate::finding::Severity;
use serde_json::{Map, Value};

/// A `docker.volumes` entry fails provisioning.
pub(crate) const DOCKER_VOLUME_INVALID: &str = "PH350";
/// A `docker.volumes` value is dropped silently.
pub(crate) const DOCKER_VOLUME_DROPPED: &str = "PH351";
/// A null value directly inside `docker`.
pub(crate) const DOCKER_NULL: &str = "PH352";
/// An enabled Redis uploader interceptor is invalid.
pub(crate) const REDIS_UPLOADER_INVALID: &str = "PH353";
/// `enabled` is not a boolean.
pub(crate) const ENABLED_INVALID: &str = "PH354";
/// A documented key nothing reads.
pub(crate) const NOT_READ: &str = "PH391";

/// Top-level config keys the platform reads (or reserves) beyond the
/// manifests; never reported as unknown.
pub(crate) const PLATFORM_KEYS: &[&str] = &[
    "interceptors",
    "docker",
    "vars",
    "sut",
    "baseUrl",
    "privateConfig",
    "redis",
    "templating",
    "historyPolicy",
    "enabled",
    "data",
    "workerBean",
    "bean",
    "target",
    "workers",
];

/// A config key as the worker canonicalises it (ConfigKeyCanonicalizer):
/// with no `-`, `_` or `.`, only the first character is lower-cased;
/// otherwise the key is split on them, each later part capitalised and the
/// rest lower-cased.
///
/// Example: the unit test `doc_examples::canonical_key`.
pub(crate) fn canonical_key(key: &str) -> String {
    if !key.contains(['-', '_', '.']) {
        let mut chars = key.chars();
        return match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    let mut out = String::with_capacity(key.len());
    let mut upper_next = false;
    for c in key.chars() {
        if matches!(c, '-' | '_' | '.') {
            upper_next = true;
            continue;
        }
        if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn issue(pointer: String, code: &'static str, message: String, fix: &str) -> ConfigIssue {
    ConfigIssue {
        pointer,
        at_key: false,
        code,
        severity: Severity::Error,
        message,
        fix: fix.into(),
        related: None,
        value_offset: None,
    }
}

fn warning(pointer: String, code: &'static str, message: String, fix: &str) -> ConfigIssue {
    ConfigIssue {
        severity: Severity::Warning,
        ..issue(pointer, code, message, fix)
    }
}

/// Runs every check of a bee's top-level config map.
pub(crate) fn check(obj: &Map<String, Value>, issues: &mut Vec<ConfigIssue>) {
    if let Some(docker) = obj.get("docker") {
        docker_checks(docker, issues);
    }
    if let Some(enabled) = obj.get("enabled") {
        let ok = match enabled {
            Value::Bool(_) | Value::Null => true,
            Value::String(s) => {
                let t = s.trim();
                t.is_empty() || t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false")
            }
            _ => false,
        };
        if !ok {
            issues.push(issue(
                "/enabled".into(),
                ENABLED_INVALID,
                "`enabled` must be true or false: the worker fails at bootstrap (\"Invalid \
                 enabled value\") and the swarm becomes FAILED"
                    .into(),
                "write `enabled: true` or `enabled: false`",
            ));
        }
    }
    if obj.contains_key("historyPolicy") {
        issues.push(ConfigIssue {
            at_key: true,
            ..warning(
                "/historyPolicy".into(),
                NOT_READ,
                "`historyPolicy` has no effect: the platform documents it, but no worker reads \
                 this config key (only the Spring property `pockethive.worker.history-policy`)"
                    .into(),
                "remove it, or set the worker property instead",
            )
        });
    }
    let uploader = obj
        .get("interceptors")
        .and_then(Value::as_object)
        .and_then(|i| {
            i.iter()
                .find(|(k, _)| canonical_key(k) == "redisUploader")
                .map(|(k, v)| (k.clone(), v))
        });
    if let Some((key, Value::Object(config))) = uploader {
        redis_uploader(config, &format!("/interceptors/{key}"), issues);
    }
}

fn docker_checks(docker: &Value, issues: &mut Vec<ConfigIssue>) {
    let Some(map) = docker.as_object() else {
        issues.push(warning(
            "/docker".into(),
            DOCKER_VOLUME_DROPPED,
            "`docker` is not a mapping: the orchestrator replaces it, so none of it is used".into(),
            "write `docker: {volumes: [\"/host:/container:ro\"]}`",
        ));
        return;
    };
    for (key, value) in map {
        if value.is_null() {
            issues.push(issue(
                format!("/docker/{key}"),
                DOCKER_NULL,
                format!("`docker.{key}` is null: swarm create fails (the orchestrator cannot copy a null)"),
                "give it a value, or delete the line",
            ));
        }
    }
    let Some(volumes) = map.get("volumes") else {
        return;
    };
    let Some(items) = volumes.as_array() else {
        if !volumes.is_null() {
            issues.push(warning(
                "/docker/volumes".into(),
                DOCKER_VOLUME_DROPPED,
                "`docker.volumes` is not a list: the orchestrator discards it".into(),
                "write `volumes: [\"/host/path:/container/path:ro\"]`",
            ));
        }
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/docker/volumes/{i}");
        let Some(spec) = item.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
            issues.push(warning(
                pointer,
                DOCKER_VOLUME_DROPPED,
                format!("`docker.volumes[{i}]` is not a non-blank string: it is dropped silently"),
                "write the volume as `\"/host/path:/container/path[:ro]\"`",
            ));
            continue;
        };
        if let Some(why) = bind_error(spec) {
            issues.push(issue(
                pointer,
                DOCKER_VOLUME_INVALID,
                format!("`docker.volumes[{i}]` {spec:?} fails provisioning: {why}"),
                "write `HOST:CONTAINER[:MODE]` with a non-empty host, an absolute container path and modes among ro, rw, z, Z, nocopy or a propagation",
            ));
        }
    }
}

/// Why docker-java's `Bind.parse` or the Docker daemon rejects `spec`
/// (PLATFORM-KEYS.md §5.2-5.3).
///
/// Example: the unit test `doc_examples::bind_error`.
pub(crate) fn bind_error(spec: &str) -> Option<String> {
    // Split on ':' not followed by '\' (Windows drives); Java's split drops
    // trailing empty parts.
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = spec.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b':' && bytes.get(i + 1) != Some(&b'\\') {
            parts.push(spec.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    parts.push(spec.get(start..).unwrap_or_default());
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    let (host, container, modes) = match parts[..] {
        [host, container] => (host, container, None),
        [host, container, modes] => (host, container, Some(modes)),
        _ => {
            return Some(format!(
            "docker-java cannot parse it (\"Error parsing Bind\"): {} part(s) separated by `:`, \
                 expected 2 or 3",
            parts.len()
        ))
        }
    };
    if let Some(modes) = modes {
        for flag in modes.split(',').filter(|f| !f.is_empty()) {
            if flag.len() == 2 && !matches!(flag.to_ascii_lowercase().as_str(), "rw" | "ro") {
                return Some(format!(
                    "docker-java rejects the access mode '{flag}' (\"Error parsing Bind\")"
                ));
            }
        }
    }
    if host.is_empty() {
        return Some(
            "the host part is empty: the Docker daemon answers \"invalid volume specification\""
                .into(),
        );
    }
    if !container.starts_with('/') || container == "/" {
        return Some(format!(
            "the container path '{container}' must be absolute and not `/` (the Docker daemon \
             rejects it)"
        ));
    }
    None
}

/// `interceptors.redisUploader` when enabled (RedisUploaderInterceptor):
/// every problem throws on every message.
fn redis_uploader(config: &Map<String, Value>, base: &str, issues: &mut Vec<ConfigIssue>) {
    let field = |name: &str| {
        config
            .iter()
            .find(|(k, _)| canonical_key(k) == name)
            .map(|(_, v)| v)
    };
    let boolean = |v: &Value| match v {
        Value::Bool(_) => true,
        Value::String(s) => {
            let t = s.trim();
            t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false")
        }
        _ => false,
    };
    let truthy = |v: &Value| match v {
        Value::Bool(b) => *b,
        Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    let mut problems: Vec<(String, String)> = Vec::new();
    match field("enabled") {
        None => return,
        Some(v) if !boolean(v) => {
            problems.push((
                "enabled".into(),
                "field 'enabled' must be true or false".into(),
            ));
        }
        Some(v) if !truthy(v) => return,
        Some(_) => {}
    }
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match field("host") {
        Some(v) if !v.is_null() && !text(v).trim().is_empty() => {}
        _ => problems.push(("host".into(), "requires a non-blank 'host'".into())),
    }
    let port_ok = match field("port") {
        Some(Value::Number(n)) => n.as_i64().is_some_and(|p| (1..=65535).contains(&p)),
        Some(Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .is_ok_and(|p| (1..=65535).contains(&p)),
        _ => false,
    };
    if !port_ok {
        problems.push((
            "port".into(),
            "requires 'port', an integer between 1 and 65535".into(),
        ));
    }
    if !field("ssl").is_some_and(boolean) {
        problems.push(("ssl".into(), "requires 'ssl', true or false".into()));
    }
    for (name, options) in [
        ("phase", ["BEFORE", "AFTER"]),
        ("sourceStep", ["FIRST", "LAST"]),
        ("pushDirection", ["LPUSH", "RPUSH"]),
    ] {
        // Any case, but not trimmed.
        let ok = field(name)
            .and_then(Value::as_str)
            .is_some_and(|v| options.iter().any(|o| o.eq_ignore_ascii_case(v)));
        if !ok {
            problems.push((
                name.into(),
                format!("requires '{name}', one of [{}]", options.join(", ")),
            ));
        }
    }
    let max_len_ok = match field("maxLen") {
        Some(Value::Number(n)) => n.as_i64().is_some_and(|m| m >= -1),
        Some(Value::String(s)) => s.trim().parse::<i64>().is_ok_and(|m| m >= -1),
        _ => false,
    };
    if !max_len_ok {
        problems.push((
            "maxLen".into(),
            "requires 'maxLen', an integer >= -1".into(),
        ));
    }
    let non_blank =
        |name: &str| field(name).is_some_and(|v| !v.is_null() && !text(v).trim().is_empty());
    let routes = field("routes");
    match routes {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, route) in items.iter().enumerate() {
                let Some(route) = route.as_object() else {
                    problems.push((
                        format!("routes/{i}"),
                        format!("routes[{i}] must be an object"),
                    ));
                    continue;
                };
                let get = |k: &str| route.get(k).filter(|v| !v.is_null()).map(text);
                if get("list").is_none_or(|l| l.trim().is_empty()) {
                    problems.push((
                        format!("routes/{i}"),
                        format!("routes[{i}].list must not be blank"),
                    ));
                }
                let present = |k: &str| get(k).is_some_and(|v| !v.trim().is_empty());
                if !present("match") && !present("header") {
                    problems.push((
                        format!("routes/{i}"),
                        format!("routes[{i}] requires match and/or header"),
                    ));
                }
                if present("header") && !present("headerMatch") {
                    problems.push((
                        format!("routes/{i}"),
                        format!("routes[{i}].headerMatch must be configured when header is set"),
                    ));
                }
                for key in ["match", "headerMatch"] {
                    if let Some(re) = get(key).filter(|r| !r.trim().is_empty()) {
                        if let Some(why) = crate::scenario::java_regex::syntax_error(&re) {
                            problems.push((
                                format!("routes/{i}/{key}"),
                                format!("routes[{i}].{key} has invalid regex: {why}"),
                            ));
                        }
                    }
                }
            }
        }
        Some(_) => problems.push(("routes".into(), "routes must be a list".into())),
    }
    let has_routes = routes
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty());
    if !has_routes && !non_blank("targetListTemplate") && !non_blank("defaultList") {
        problems.push((
            String::new(),
            "requires routes, targetListTemplate, or defaultList when enabled".into(),
        ));
    }
    for (at, problem) in problems {
        let pointer = if at.is_empty() {
            base.to_string()
        } else {
            format!("{base}/{at}")
        };
        issues.push(issue(
            pointer,
            REDIS_UPLOADER_INVALID,
            format!(
                "the enabled Redis uploader interceptor {problem}: the worker throws on every \
                 message"
            ),
            "complete `interceptors.redisUploader` (host, port, ssl, phase, sourceStep, pushDirection, maxLen and a target), or set `enabled: false`",
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(config: Value) -> Vec<(String, &'static str)> {
        let mut issues = Vec::new();
        check(config.as_object().unwrap(), &mut issues);
        issues.into_iter().map(|i| (i.pointer, i.code)).collect()
    }

    #[test]
    fn docker_volumes_as_provisioning_needs_them() {
        let found = run(json!({"docker": {"volumes": [
            "/data:/app/data:ro", ":/app/invalid", 5, "/h:/c:xx", "/h:/c:ro,z,nocopy,rshared"
        ], "network": null}}));
        assert_eq!(
            found,
            [
                ("/docker/network".to_string(), DOCKER_NULL),
                ("/docker/volumes/1".to_string(), DOCKER_VOLUME_INVALID),
                ("/docker/volumes/2".to_string(), DOCKER_VOLUME_DROPPED),
                ("/docker/volumes/3".to_string(), DOCKER_VOLUME_INVALID),
            ]
        );
    }

    #[test]
    fn redis_uploader_only_when_enabled() {
        assert!(run(json!({"interceptors": {"redisUploader": {"host": ""}}})).is_empty());
        let ok = json!({"interceptors": {"redis-uploader": {
            "enabled": "TRUE", "host": "r", "port": "6379", "ssl": false, "phase": "after",
            "sourceStep": "LAST", "pushDirection": "RPUSH", "maxLen": -1, "defaultList": "l"}}});
        assert!(run(ok).is_empty());
        let bad = run(
            json!({"interceptors": {"redisUploader": {"enabled": true, "port": 0,
            "routes": [{"list": "l", "match": "(?P<x>a)"}]}}}),
        );
        assert!(bad.iter().all(|(_, c)| *c == REDIS_UPLOADER_INVALID));
        assert!(bad
            .iter()
            .any(|(p, _)| p == "/interceptors/redisUploader/routes/0/match"));
        assert!(bad
            .iter()
            .any(|(p, _)| p == "/interceptors/redisUploader/port"));
    }

    #[test]
    fn enabled_and_history_policy() {
        assert_eq!(
            run(json!({"enabled": 1})),
            [("/enabled".to_string(), ENABLED_INVALID)]
        );
        assert!(run(json!({"enabled": "False"})).is_empty());
        assert_eq!(
            run(json!({"historyPolicy": "FULL"})),
            [("/historyPolicy".to_string(), NOT_READ)]
        );
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn canonical_key() {
        use crate::scenario::platform_keys::canonical_key;
        assert_eq!(canonical_key("thread-count"), "threadCount");
        assert_eq!(canonical_key("THREAD_COUNT"), "threadCount");
        assert_eq!(canonical_key("ThreadCount"), "threadCount");
        assert_eq!(canonical_key("redis-uploader"), "redisUploader");
        assert_eq!(canonical_key("_foo"), "Foo");
    }
    #[test]
    fn bind_error() {
        use crate::scenario::platform_keys::bind_error;
        assert_eq!(bind_error("/data:/app/data:ro"), None);
        assert_eq!(bind_error("named:/app/x"), None);
        assert!(bind_error(":/app/invalid").is_some());
        assert!(bind_error("/h:relative").is_some());
        assert!(bind_error("/h").is_some());
        assert!(bind_error("/h:/c:xx").is_some());
    }
}
