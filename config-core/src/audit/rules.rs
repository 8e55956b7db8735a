//! The semantic rules of one message (ARCHITECTURE §3.3-§3.5): what the
//! envelope schema cannot say. Each rule is one function over the envelope
//! (and the routing key) returning its [`Issue`]s.

use super::codes;
use super::contract::escape;
use super::issue::Issue;
use super::routing::{RoutingKey, ALL};
use crate::scenario::kinds::value::is_template;
use crate::secret::{is_secret_name, mask_url_credentials, MASK};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The role of the swarm controller (the only emitter of `workers[]`).
pub(crate) const SWARM_CONTROLLER: &str = "swarm-controller";
/// The role of the orchestrator (a manager, not a worker).
pub(crate) const ORCHESTRATOR: &str = "orchestrator";

/// Command types of `signal.*` (the AsyncAPI channel's enum).
pub(crate) const SIGNAL_TYPES: [&str; 7] = [
    "swarm-template",
    "swarm-plan",
    "swarm-start",
    "swarm-stop",
    "swarm-remove",
    "config-update",
    "status-request",
];

/// Command types of `event.outcome.*` (the AsyncAPI channel's enum;
/// `status-request` is answered by a `status-full`, not an outcome).
pub(crate) const OUTCOME_TYPES: [&str; 7] = [
    "swarm-create",
    "swarm-template",
    "swarm-plan",
    "swarm-start",
    "swarm-stop",
    "swarm-remove",
    "config-update",
];

/// Lifecycle commands that must name a concrete controller instance.
pub(crate) const LIFECYCLE_COMMANDS: [&str; 5] = [
    "swarm-template",
    "swarm-plan",
    "swarm-start",
    "swarm-stop",
    "swarm-remove",
];

/// Fields every swarm-controller `context.workers[]` entry must carry.
pub(crate) const WORKER_ENTRY_FIELDS: [&str; 7] = [
    "role",
    "instance",
    "enabled",
    "tps",
    "lastSeenAt",
    "stale",
    "ioState",
];

/// The string at `pointer`, if it is one.
pub(crate) fn text<'a>(envelope: &'a Value, pointer: &str) -> Option<&'a str> {
    envelope.pointer(pointer).and_then(Value::as_str)
}

/// PH704-PH706: the routing key has the canonical shape, the family and
/// type of the envelope's kind/type, and the envelope's scope.
///
/// Example: the unit test `doc_examples::routing_key_matches`.
pub(crate) fn routing_key_matches(envelope: &Value, key: &str) -> Vec<Issue> {
    let Some(parsed) = RoutingKey::parse(key) else {
        return vec![Issue::error(
            codes::ROUTING_MALFORMED,
            "/routingKey",
            format!("routing key '{key}' is neither `signal.<type>.<swarm>.<role>.<instance>` nor `event.<category>.<name>.<swarm>.<role>.<instance>`"),
            "publish with the shared routing utilities (ControlPlaneRouting)",
        )
        .on_record()];
    };
    let mut issues = Vec::new();
    let (kind, r#type) = (text(envelope, "/kind"), text(envelope, "/type"));
    // With no envelope shape for kind/type (PH702) the family is moot.
    let shaped = kind
        .zip(r#type)
        .and_then(|(k, t)| super::envelope::EnvelopeKind::of(k, t))
        .is_some();
    if let Some((prefix, family)) = kind
        .zip(r#type)
        .filter(|_| shaped)
        .and_then(|(k, t)| RoutingKey::family_for(k, t))
    {
        if parsed.prefix != prefix || parsed.r#type != family {
            issues.push(
                Issue::error(
                    codes::ROUTING_FAMILY,
                    "/routingKey",
                    format!(
                        "routing key '{key}' is in family `{}.{}` but a {} `{}` envelope belongs in `{prefix}.{family}.*`",
                        parsed.prefix,
                        parsed.r#type,
                        kind.unwrap_or_default(),
                        r#type.unwrap_or_default()
                    ),
                    format!("publish it as `{prefix}.{family}.<swarmId>.<role>.<instance>`"),
                )
                .on_record(),
            );
        }
    }
    for (segment, field, value) in [
        ("swarm", "swarmId", &parsed.swarm_id),
        ("role", "role", &parsed.role),
        ("instance", "instance", &parsed.instance),
    ] {
        let Some(scope) = text(envelope, &format!("/scope/{field}")) else {
            continue;
        };
        if scope != value {
            issues.push(
                Issue::error(
                    codes::ROUTING_SCOPE,
                    "/routingKey",
                    format!("routing key {segment} segment '{value}' differs from scope.{field} '{scope}'"),
                    format!("route by the envelope's scope: use '{scope}' as the {segment} segment (or fix scope.{field})"),
                )
                .on_record(),
            );
        }
    }
    issues
}

/// PH707: the command type is one the contract lists.
pub(crate) fn known_command(envelope: &Value) -> Vec<Issue> {
    let known: &[&str] = match text(envelope, "/kind") {
        Some("signal") => &SIGNAL_TYPES,
        Some("outcome") => &OUTCOME_TYPES,
        _ => return Vec::new(),
    };
    match text(envelope, "/type") {
        Some(t) if !known.contains(&t) => vec![Issue::warning(
            codes::UNKNOWN_COMMAND,
            "/type",
            format!("command type '{t}' is not one the control-plane contract lists"),
            format!("use one of: {}", known.join(", ")),
        )],
        _ => Vec::new(),
    }
}

/// PH708: lifecycle commands name a concrete controller instance, never `ALL`.
pub(crate) fn lifecycle_not_fanout(envelope: &Value) -> Vec<Issue> {
    let is_lifecycle = text(envelope, "/kind") == Some("signal")
        && text(envelope, "/type").is_some_and(|t| LIFECYCLE_COMMANDS.contains(&t));
    if is_lifecycle && text(envelope, "/scope/instance") == Some(ALL) {
        return vec![Issue::error(
            codes::LIFECYCLE_FANOUT,
            "/scope/instance",
            format!(
                "lifecycle command '{}' is addressed to instance ALL; it must name the swarm controller's instance",
                text(envelope, "/type").unwrap_or_default()
            ),
            "send it to the concrete swarm-controller instance of the swarm",
        )];
    }
    Vec::new()
}

fn context(envelope: &Value) -> Option<&Map<String, Value>> {
    envelope.pointer("/data/context").and_then(Value::as_object)
}

/// PH710: a `status-delta` carries no worker list and no `computeAdapter`
/// (status-full only); its `config`, `io` and `startedAt` are reported from
/// the schema ([`super::contract`]).
pub(crate) fn delta_is_light(envelope: &Value) -> Vec<Issue> {
    if text(envelope, "/type") != Some("status-delta") {
        return Vec::new();
    }
    let Some(context) = context(envelope) else {
        return Vec::new();
    };
    ["workers", "computeAdapter"]
        .iter()
        .filter(|k| context.contains_key(**k))
        .map(|k| {
            Issue::error(
                codes::DELTA_HEAVY,
                format!("/data/context/{k}"),
                format!(
                    "a status-delta carries `data.context.{k}`, which belongs only in status-full"
                ),
                format!("drop `context.{k}` from deltas; send it in status-full snapshots"),
            )
        })
        .collect()
}

/// PH711: only the swarm controller lists workers (`data.context.workers`).
pub(crate) fn workers_list_only_from_controller(envelope: &Value) -> Vec<Issue> {
    let role = text(envelope, "/scope/role");
    let is_full = text(envelope, "/type") == Some("status-full");
    let manager = matches!(role, Some(SWARM_CONTROLLER | ORCHESTRATOR));
    if is_full && !manager && context(envelope).is_some_and(|c| c.contains_key("workers")) {
        return vec![Issue::error(
            codes::WORKER_LIST,
            "/data/context/workers",
            format!(
                "role '{}' emits `context.workers`; workers never emit a workers list (only the swarm controller does)",
                role.unwrap_or_default()
            ),
            "drop `workers` from the worker's status context",
        )];
    }
    Vec::new()
}

/// PH713: every swarm-controller `context.workers[]` entry carries `role`,
/// `instance`, `enabled`, `tps`, `lastSeenAt`, `stale` and `ioState`.
pub(crate) fn controller_worker_entries(envelope: &Value) -> Vec<Issue> {
    if text(envelope, "/type") != Some("status-full")
        || text(envelope, "/scope/role") != Some(SWARM_CONTROLLER)
    {
        return Vec::new();
    }
    let Some(workers) = context(envelope).and_then(|c| c.get("workers")) else {
        return Vec::new();
    };
    let Some(entries) = workers.as_array() else {
        return vec![Issue::error(
            codes::WORKER_ENTRY,
            "/data/context/workers",
            "`context.workers` is not a list",
            "send the worker aggregate as a list of entries",
        )];
    };
    let mut issues = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("/data/context/workers/{i}");
        let Some(entry) = entry.as_object() else {
            issues.push(Issue::error(
                codes::WORKER_ENTRY,
                at,
                "a `context.workers[]` entry is not an object",
                "send each worker as an object with role, instance, enabled, tps, lastSeenAt, stale, ioState",
            ));
            continue;
        };
        for field in WORKER_ENTRY_FIELDS {
            if !entry.contains_key(field) {
                issues.push(Issue::error(
                    codes::WORKER_ENTRY,
                    format!("{at}/{field}"),
                    format!("swarm-controller worker entry lacks required field '{field}'"),
                    format!("add `{field}` to every `context.workers[]` entry"),
                ));
            }
        }
    }
    issues
}

/// PH720: no secret in a status snapshot's effective config: the worker's
/// `data.config` and each controller entry's `context.workers[].config`.
/// A value under a secret-named key ([`is_secret_name`]) that is not masked,
/// and a URL with credentials anywhere, count. Values are never printed.
pub(crate) fn no_secrets_in_status(envelope: &Value) -> Vec<Issue> {
    if text(envelope, "/type") != Some("status-full") {
        return Vec::new();
    }
    let mut issues = Vec::new();
    if let Some(config) = envelope.pointer("/data/config") {
        secrets_in(config, "/data/config", &mut issues);
    }
    if let Some(entries) = context(envelope)
        .and_then(|c| c.get("workers"))
        .and_then(Value::as_array)
    {
        for (i, entry) in entries.iter().enumerate() {
            if let Some(config) = entry.get("config") {
                secrets_in(
                    config,
                    &format!("/data/context/workers/{i}/config"),
                    &mut issues,
                );
            }
        }
    }
    issues
}

fn secrets_in(value: &Value, at: &str, out: &mut Vec<Issue>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = format!("{at}/{}", escape(key));
                if is_secret_name(key) && holds_secret(child) {
                    out.push(Issue::error(
                        codes::SECRET_IN_STATUS,
                        pointer,
                        format!("the status snapshot reports a value under the secret-named key '{key}' (value not shown)"),
                        format!("the component must mask it (`{MASK}`) or leave it out of its status config"),
                    ));
                } else {
                    secrets_in(child, &pointer, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                secrets_in(item, &format!("{at}/{i}"), out);
            }
        }
        Value::String(s) => {
            if matches!(mask_url_credentials(s), Cow::Owned(_)) {
                out.push(Issue::error(
                    codes::SECRET_IN_STATUS,
                    at,
                    "the status snapshot reports a URL with credentials (value not shown)",
                    "the component must mask the URL's password or leave it out of its status config",
                ));
            }
        }
        _ => {}
    }
}

/// A scalar that would reveal a secret: a non-empty string other than a
/// mask (`****`, `<redacted>`) or a template, a number, or a list holding one.
fn holds_secret(value: &Value) -> bool {
    match value {
        // A template (`Bearer {{ vars.token }}`) names a secret, it is not one.
        Value::String(s) => {
            let t = s.trim();
            !(t.is_empty()
                || t.chars().all(|c| c == '*')
                || t.eq_ignore_ascii_case("<redacted>")
                || is_template(t))
        }
        Value::Number(_) => true,
        Value::Array(items) => items.iter().any(holds_secret),
        _ => false,
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn routing_key_matches() {
        use crate::audit::rules::routing_key_matches;
        let env = serde_json::json!({"kind": "metric", "type": "status-full",
            "scope": {"swarmId": "s", "role": "gen", "instance": "g-1"}});
        assert!(routing_key_matches(&env, "event.metric.status-full.s.gen.g-1").is_empty());
        assert_eq!(
            routing_key_matches(&env, "event.metric.status-delta.s.gen.g-2").len(),
            2
        );
    }
}
