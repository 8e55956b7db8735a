//! One captured record: parsed, unwrapped (`{routingKey, payload}` or a bare
//! envelope), checked against the contract and every per-message rule, and
//! reduced to the [`Fact`] the cross-capture rules need.

use super::codes;
use super::contract::schema_issues;
use super::envelope::EnvelopeKind;
use super::issue::Issue;
use super::rules::{self, text, SWARM_CONTROLLER};
use crate::finding::Position;
use serde_json::Value;

/// Where the envelope sits in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    /// The record is the envelope.
    Root,
    /// The envelope is the record's `payload` object.
    Payload,
    /// The envelope is JSON text in the record's `payload` string.
    PayloadString,
}

/// `(swarmId, role, instance)` of a status emitter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct WorkerKey {
    /// Swarm.
    pub swarm_id: String,
    /// Role.
    pub role: String,
    /// Instance.
    pub instance: String,
}

/// What the cross-capture rules learn from one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fact {
    /// Nothing (an alert, or a message too broken to tell).
    None,
    /// A command.
    Signal(Command),
    /// A command's outcome.
    Outcome(Command),
    /// A `status-full` from this emitter.
    StatusFull(WorkerKey),
    /// A `status-delta` from this emitter.
    StatusDelta(WorkerKey),
}

/// The join keys of a signal or outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Command {
    /// `correlationId`.
    pub correlation_id: String,
    /// `idempotencyKey` (`None` for `null`).
    pub idempotency_key: Option<String>,
    /// `type`.
    pub command: String,
}

/// A worker's effective config as a status snapshot reports it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReportedConfig {
    /// The worker's role (scenario node key).
    pub role: String,
    /// The worker's runtime id.
    pub instance: String,
    /// Pointer of the config in the envelope.
    pub pointer: String,
    /// The config.
    pub config: Value,
    /// Reported by the swarm controller's aggregate (not the worker itself).
    pub from_controller: bool,
}

/// The verdict on one record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    /// Every per-message issue.
    pub issues: Vec<Issue>,
    /// Where the envelope is.
    pub base: Base,
    /// The record's syntax error position (for a record that is not JSON).
    pub syntax_error: Option<Position>,
    /// For the cross-capture rules.
    pub fact: Fact,
    /// Configs reported (only collected when asked).
    pub reported: Vec<ReportedConfig>,
}

impl Checked {
    fn broken(issue: Issue, base: Base, syntax_error: Option<Position>) -> Self {
        Self {
            issues: vec![issue],
            base,
            syntax_error,
            fact: Fact::None,
            reported: Vec::new(),
        }
    }
}

/// Checks one record's text; `configs` also collects the reported configs.
///
/// Example: the unit test `doc_examples::check_record`.
pub(crate) fn check_record(text: &str, configs: bool) -> Checked {
    let record: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(err) => {
            let at = Position {
                line: err.line().max(1),
                column: err.column().max(1),
            };
            return Checked::broken(
                Issue::error(
                    codes::NOT_A_MESSAGE,
                    "",
                    format!("the record is not JSON: {err}"),
                    "write one JSON object per line ({\"routingKey\": ..., \"payload\": {...}})",
                )
                .on_record(),
                Base::Root,
                Some(at),
            );
        }
    };
    let Some(object) = record.as_object() else {
        return Checked::broken(
            not_a_message("the record is not a JSON object"),
            Base::Root,
            None,
        );
    };
    let mut issues = Vec::new();
    let (base, routing_key, owned);
    let envelope = match object.get("payload") {
        None => {
            base = Base::Root;
            routing_key = None;
            &record
        }
        Some(payload) => {
            routing_key = match object.get("routingKey") {
                None => None,
                Some(Value::String(k)) => Some(k.as_str()),
                Some(_) => {
                    issues.push(
                        Issue::error(
                            codes::NOT_A_MESSAGE,
                            "/routingKey",
                            "`routingKey` is not a string",
                            "write the routing key as a string",
                        )
                        .on_record(),
                    );
                    None
                }
            };
            match payload {
                Value::Object(_) => {
                    base = Base::Payload;
                    payload
                }
                Value::String(inner) => {
                    base = Base::PayloadString;
                    owned = match serde_json::from_str::<Value>(inner) {
                        Ok(v) if v.is_object() => v,
                        Ok(_) => {
                            return Checked::broken(
                                payload_issue("`payload` is a string, but not of a JSON object"),
                                base,
                                None,
                            )
                        }
                        Err(err) => {
                            return Checked::broken(
                                payload_issue(&format!(
                                    "`payload` is a string, but not JSON: {err}"
                                )),
                                base,
                                None,
                            )
                        }
                    };
                    &owned
                }
                _ => {
                    return Checked::broken(
                        payload_issue("`payload` is neither an object nor a string"),
                        Base::Payload,
                        None,
                    )
                }
            }
        }
    };
    issues.extend(check_envelope(envelope, routing_key));
    Checked {
        issues,
        base,
        syntax_error: None,
        fact: fact_of(envelope),
        reported: if configs {
            reported_configs(envelope)
        } else {
            Vec::new()
        },
    }
}

fn not_a_message(message: &str) -> Issue {
    Issue::error(
        codes::NOT_A_MESSAGE,
        "",
        message,
        "write one JSON object per message: {\"routingKey\": \"...\", \"payload\": {...}} or the envelope itself",
    )
    .on_record()
}

fn payload_issue(message: &str) -> Issue {
    Issue::error(
        codes::NOT_A_MESSAGE,
        "/payload",
        message,
        "put the envelope object (or its JSON text) in `payload`",
    )
    .on_record()
}

/// Every per-message issue of an envelope and its routing key.
pub(crate) fn check_envelope(envelope: &Value, routing_key: Option<&str>) -> Vec<Issue> {
    let mut issues = match shape_of(envelope) {
        Ok(kind) => schema_issues(kind, envelope),
        Err(issue) => vec![*issue],
    };
    if let Some(key) = routing_key {
        issues.extend(rules::routing_key_matches(envelope, key));
    }
    issues.extend(rules::known_command(envelope));
    issues.extend(rules::lifecycle_not_fanout(envelope));
    issues.extend(rules::delta_is_light(envelope));
    issues.extend(rules::workers_list_only_from_controller(envelope));
    issues.extend(rules::controller_worker_entries(envelope));
    issues.extend(rules::no_secrets_in_status(envelope));
    issues
}

/// PH702: the envelope shape chosen by `kind` and `type` (the issue boxed:
/// a finding is large next to the kind).
fn shape_of(envelope: &Value) -> Result<EnvelopeKind, Box<Issue>> {
    let kind = text(envelope, "/kind");
    let r#type = text(envelope, "/type");
    match (kind, r#type) {
        (Some(k), Some(t)) => EnvelopeKind::of(k, t).ok_or_else(|| {
            let pointer = if matches!(k, "signal" | "outcome" | "metric" | "event") {
                "/type"
            } else {
                "/kind"
            };
            Box::new(Issue::error(
                codes::UNKNOWN_SHAPE,
                pointer,
                format!("no envelope contract for kind '{k}' with type '{t}'"),
                "use kind signal or outcome (a command type), metric (status-full, status-delta) or event (alert)",
            ))
        }),
        _ => Err(Box::new(Issue::error(
            codes::UNKNOWN_SHAPE,
            if kind.is_none() { "/kind" } else { "/type" },
            "the envelope has no string `kind` and `type`, so no contract applies",
            "add `kind` (signal, outcome, metric, event) and `type`",
        ))),
    }
}

fn fact_of(envelope: &Value) -> Fact {
    let command = || {
        Some(Command {
            correlation_id: text(envelope, "/correlationId")?.to_string(),
            idempotency_key: text(envelope, "/idempotencyKey").map(str::to_string),
            command: text(envelope, "/type")?.to_string(),
        })
    };
    let worker = || {
        Some(WorkerKey {
            swarm_id: text(envelope, "/scope/swarmId")?.to_string(),
            role: text(envelope, "/scope/role")?.to_string(),
            instance: text(envelope, "/scope/instance")?.to_string(),
        })
    };
    let fact = match (text(envelope, "/kind"), text(envelope, "/type")) {
        (Some("signal"), _) => command().map(Fact::Signal),
        (Some("outcome"), _) => command().map(Fact::Outcome),
        (Some("metric"), Some("status-full")) => worker().map(Fact::StatusFull),
        (Some("metric"), Some("status-delta")) => worker().map(Fact::StatusDelta),
        _ => None,
    };
    fact.unwrap_or(Fact::None)
}

/// The effective configs a `status-full` reports: the emitter's own
/// `data.config` (not the swarm controller's or orchestrator's, which are
/// not bees) and each swarm-controller `context.workers[].config`.
pub(crate) fn reported_configs(envelope: &Value) -> Vec<ReportedConfig> {
    if text(envelope, "/type") != Some("status-full") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let role = text(envelope, "/scope/role").unwrap_or_default();
    if role == SWARM_CONTROLLER {
        let entries = envelope
            .pointer("/data/context/workers")
            .and_then(Value::as_array);
        for (i, entry) in entries.into_iter().flatten().enumerate() {
            let (Some(role), Some(instance), Some(config)) = (
                entry.get("role").and_then(Value::as_str),
                entry.get("instance").and_then(Value::as_str),
                entry.get("config").filter(|c| c.is_object()),
            ) else {
                continue;
            };
            out.push(ReportedConfig {
                role: role.to_string(),
                instance: instance.to_string(),
                pointer: format!("/data/context/workers/{i}/config"),
                config: config.clone(),
                from_controller: true,
            });
        }
    } else if let (Some(instance), Some(config)) = (
        text(envelope, "/scope/instance"),
        envelope.pointer("/data/config").filter(|c| c.is_object()),
    ) {
        out.push(ReportedConfig {
            role: role.to_string(),
            instance: instance.to_string(),
            pointer: "/data/config".into(),
            config: config.clone(),
            from_controller: false,
        });
    }
    out
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn check_record() {
        use crate::audit::message::check_record;
        let checked = check_record(r#"{"routingKey": "signal.x", "payload": {}}"#, false);
        let codes: Vec<_> = checked.issues.iter().map(|i| i.finding.code).collect();
        assert_eq!(codes, ["PH702", "PH704"]);
    }
}
