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
//! | PH354 | error | `enabled` is not a boolean: the worker fails at bootstrap |
//! | PH391 | warning | `historyPolicy`: documented, but nothing reads it |
//! | PH392 | warning | another spelling of a known key: the worker reads it, the upload's checks do not |
//! | PH810 | error | `inputs.redis.sources` / `outputs.redis.routes` is not a list of maps: provisioning fails |
//! | PH820 | error | top-level `data` is not a map: the worker fails at bootstrap |
//!
//! PH350-PH352, PH354, PH810 and PH820 are the rules of the runtime
//! computation ([`crate::runtime`]) that `cfgate plan` runs: one declaration
//! and one code per fact, here applied to the config as written
//! ([`Vars::Unrendered`]: a failure that hangs on a `{{ vars.* }}`
//! placeholder is a warning).

use super::config_check::ConfigIssue;
use crate::finding::Severity;
use crate::runtime::{controller, docker, worker, Issue, Vars};
use serde_json::{Map, Value};

pub(crate) use crate::runtime::codes::IO_LIST;

/// An enabled Redis uploader interceptor is invalid.
pub(crate) const REDIS_UPLOADER_INVALID: &str = "PH353";
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

/// Platform keys of [`PLATFORM_KEYS`] the worker reads after its key
/// canonicalisation (WCPR:410-412; PLATFORM-KEYS.md §8, §9), so another
/// spelling (`private-config`) is read too: never PH390, but [`SPELLING`].
pub(crate) const CANONICAL_PLATFORM_KEYS: &[&str] = &["privateConfig", "redis"];

/// Warning: a kebab-, snake- or Capitalised spelling of a known key: the
/// worker reads it under its canonical name, but the upload's checks, the
/// orchestrator and the swarm controller look keys up as written.
pub(crate) const SPELLING: &str = "PH392";

/// The worker's key canonicalisation, declared in `crate::runtime::worker`.
pub(crate) use crate::runtime::worker::canonical_key;

fn issue(pointer: String, code: &'static str, message: String, fix: &str) -> ConfigIssue {
    ConfigIssue::error(pointer, code, message, fix.into())
}

fn warning(pointer: String, code: &'static str, message: String, fix: &str) -> ConfigIssue {
    ConfigIssue::warning(pointer, code, message, fix.into())
}

/// Runs every check of a bee's top-level config map.
pub(crate) fn check(obj: &Map<String, Value>, issues: &mut Vec<ConfigIssue>) {
    let runtime = docker::create_issues(obj)
        .into_iter()
        .chain(docker::provision_issues(obj, Vars::Unrendered))
        .chain(controller::io_list_issues(obj, Vars::Unrendered))
        .chain(worker::command_issues(obj, Vars::Unrendered));
    for found in runtime {
        let issue = from_runtime(found);
        // A value the schema already refuses (upload fails) is not
        // reported a second time.
        let refused = issues
            .iter()
            .any(|i| i.pointer == issue.pointer && i.finding.severity == Severity::Error);
        if !(issue.finding.code == IO_LIST && refused) {
            issues.push(issue);
        }
    }
    if obj.contains_key("historyPolicy") {
        issues.push(
            warning(
                "/historyPolicy".into(),
                NOT_READ,
                "`historyPolicy` has no effect: the platform documents it, but no worker reads \
                 this config key (only the Spring property `pockethive.worker.history-policy`)"
                    .into(),
                "remove it, or set the worker property instead",
            )
            .at_key(),
        );
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

/// A runtime rule's finding, placed in the bee's `config` block.
fn from_runtime(found: Issue) -> ConfigIssue {
    let pointer = found.pointer;
    let pointer = pointer
        .strip_prefix("/config")
        .map_or(pointer.clone(), str::to_string);
    ConfigIssue::at_value(pointer, found.finding)
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
    use crate::runtime::codes::{
        DOCKER_DROPPED, DOCKER_NULL, DOCKER_VOLUME_INVALID, ENABLED_INVALID,
    };
    use serde_json::json;

    fn run(config: Value) -> Vec<(String, &'static str)> {
        let mut issues = Vec::new();
        check(config.as_object().unwrap(), &mut issues);
        issues
            .into_iter()
            .map(|i| (i.pointer, i.finding.code))
            .collect()
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
                ("/docker/volumes/2".to_string(), DOCKER_DROPPED),
                ("/docker/volumes/1".to_string(), DOCKER_VOLUME_INVALID),
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
