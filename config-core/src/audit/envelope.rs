//! Typed models of the control-plane envelopes (ARCHITECTURE §3, the
//! published `control-events.schema.json`): a command [`ControlSignal`], its
//! [`CommandOutcome`], the [`StatusFullMetric`] and [`StatusDeltaMetric`]
//! status metrics and the [`AlertEvent`].
//!
//! These types are the one declaration of the envelope contract in cfgate:
//! [`EnvelopeKind::schema`] derives each kind's JSON Schema from them
//! (schemars), `cfgate audit` validates captured messages against those
//! schemas, and a test compares them with the published schema
//! ([`super::schema_diff`]) so a moved contract is noticed.
//!
//! Example: the unit test `doc_examples::envelope`.

use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// The five envelope shapes, chosen by the envelope's `kind` and `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum EnvelopeKind {
    /// `kind: signal`, any command `type`.
    Signal,
    /// `kind: outcome`, any command `type`.
    Outcome,
    /// `kind: metric`, `type: status-full`.
    StatusFull,
    /// `kind: metric`, `type: status-delta`.
    StatusDelta,
    /// `kind: event`, `type: alert`.
    Alert,
}

impl EnvelopeKind {
    /// Every kind, in the order of the published schema's `oneOf`.
    pub(crate) const ALL: [EnvelopeKind; 5] = [
        EnvelopeKind::Signal,
        EnvelopeKind::Outcome,
        EnvelopeKind::StatusFull,
        EnvelopeKind::StatusDelta,
        EnvelopeKind::Alert,
    ];

    /// The shape an envelope with this `kind` and `type` must have, if any.
    pub(crate) fn of(kind: &str, r#type: &str) -> Option<Self> {
        match (kind, r#type) {
            ("signal", _) => Some(Self::Signal),
            ("outcome", _) => Some(Self::Outcome),
            ("metric", "status-full") => Some(Self::StatusFull),
            ("metric", "status-delta") => Some(Self::StatusDelta),
            ("event", "alert") => Some(Self::Alert),
            _ => None,
        }
    }

    /// The name of the matching definition in the published schema's `$defs`.
    pub(crate) fn definition(self) -> &'static str {
        match self {
            Self::Signal => "ControlSignal",
            Self::Outcome => "CommandOutcome",
            Self::StatusFull => "StatusFullMetric",
            Self::StatusDelta => "StatusDeltaMetric",
            Self::Alert => "AlertEvent",
        }
    }

    /// The JSON Schema (draft 2020-12) of this kind, derived from its type.
    pub(crate) fn schema(self) -> Value {
        let mut generator = SchemaSettings::draft2020_12()
            .with(|s| s.inline_subschemas = true)
            .into_generator();
        let schema = match self {
            Self::Signal => generator.root_schema_for::<ControlSignal>(),
            Self::Outcome => generator.root_schema_for::<CommandOutcome>(),
            Self::StatusFull => generator.root_schema_for::<StatusFullMetric>(),
            Self::StatusDelta => generator.root_schema_for::<StatusDeltaMetric>(),
            Self::Alert => generator.root_schema_for::<AlertEvent>(),
        };
        schema.to_value()
    }
}

/// A string of at least one character (`NonEmptyString`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub(crate) struct NonEmpty(String);

#[cfg(test)]
impl NonEmpty {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.is_empty() {
            Err(serde::de::Error::custom(
                "an empty string where text is required",
            ))
        } else {
            Ok(NonEmpty(s))
        }
    }
}

/// Declares that a type's JSON Schema is `schema`, always inlined, under
/// `name` (the published schema's `$defs` name); with a leading `struct`,
/// also declares the type as a schema-only marker (the field's Rust type
/// is another, named by `#[schemars(with = ...)]`).
macro_rules! inline_schema {
    ($(#[$doc:meta])* struct $type:ident = $name:literal, $schema:tt) => {
        $(#[$doc])*
        struct $type;
        inline_schema!($type = $name, $schema);
    };
    ($type:ident = $name:literal, $schema:tt) => {
        impl JsonSchema for $type {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

inline_schema!(NonEmpty = "NonEmptyString", { "type": "string", "minLength": 1 });
inline_schema!(
    /// Schema of a field that is a [`NonEmpty`] string or `null`
    /// (`NullableNonEmptyString`); the field's Rust type is `Option<NonEmpty>`.
    struct NullableNonEmpty = "NullableNonEmptyString",
    { "type": ["string", "null"], "minLength": 1 }
);
inline_schema!(
    /// Schema of an RFC 3339 timestamp (`format: date-time`), kept as text.
    struct DateTime = "DateTime",
    { "type": "string", "format": "date-time" }
);
inline_schema!(
    /// Schema of an integer >= 0 (any size; JSON Schema counts `5.0` as one).
    struct Count = "Count",
    { "type": "integer", "minimum": 0 }
);
inline_schema!(
    /// Schema of a number >= 0.
    struct NonNegative = "NonNegative",
    { "type": "number", "minimum": 0 }
);

/// A unit enum's schema as `{"type": "string", "enum": [...]}` rather than a
/// `oneOf` of documented constants, so a wrong value is reported with the
/// allowed ones.
fn constants_as_enum(schema: &mut Schema) {
    let Some(branches) = schema.get("oneOf").and_then(Value::as_array) else {
        return;
    };
    let values: Option<Vec<Value>> = branches.iter().map(|b| b.get("const").cloned()).collect();
    if let (Some(values), Some(map)) = (values, schema.as_object_mut()) {
        map.remove("oneOf");
        map.insert("type".into(), json!("string"));
        map.insert("enum".into(), Value::Array(values));
    }
}

/// A free-form JSON object (`data`, `context`, `config`).
pub(crate) type Object = Map<String, Value>;

/// The literal `kind` of an envelope shape: one string constant.
macro_rules! literal {
    ($(#[$doc:meta])* $name:ident = $text:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        pub(crate) enum $name {
            #[doc = concat!("`", $text, "`")]
            #[serde(rename = $text)]
            Value,
        }
    };
}

literal!(
    /// `kind: signal`.
    SignalKind = "signal"
);
literal!(
    /// `kind: outcome`.
    OutcomeKind = "outcome"
);
literal!(
    /// `kind: metric`.
    MetricKind = "metric"
);
literal!(
    /// `kind: event`.
    EventKind = "event"
);
literal!(
    /// `type: status-full`.
    StatusFullType = "status-full"
);
literal!(
    /// `type: status-delta`.
    StatusDeltaType = "status-delta"
);
literal!(
    /// `type: alert`.
    AlertType = "alert"
);

/// `{swarmId, role, instance}`: the subject of a message; the literal `ALL`
/// stands for fan-out, never `null`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Scope {
    /// Swarm of the subject (`ALL` for global messages).
    pub swarm_id: NonEmpty,
    /// Scenario node key of the subject (`ALL` for every role).
    pub role: NonEmpty,
    /// Runtime id of the subject (`ALL` for every instance).
    pub instance: NonEmpty,
}

/// Runtime/infra metadata of a swarm-scoped message (envelope `runtime`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RuntimeMeta {
    /// Template the swarm was built from.
    pub template_id: NonEmpty,
    /// The run.
    pub run_id: NonEmpty,
    /// Container of the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NullableNonEmpty")]
    pub container_id: Option<NonEmpty>,
    /// Image of the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NullableNonEmpty")]
    pub image: Option<NonEmpty>,
    /// Stack name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NullableNonEmpty")]
    pub stack_name: Option<NonEmpty>,
}

/// `runtime` is forbidden when `scope.swarmId` is `ALL` and required
/// otherwise (`RuntimeScopeRule`): added to every envelope that has one.
fn runtime_scope_rule(schema: &mut Schema) {
    let rule = json!({
        "if": {"type": "object", "properties": {"scope": {"type": "object",
            "properties": {"swarmId": {"const": "ALL"}}}}},
        "then": {"type": "object", "properties": {"runtime": false}},
        "else": {"type": "object", "required": ["runtime"], "properties": {"runtime": true}}
    });
    if let (Some(target), Value::Object(rule)) = (schema.as_object_mut(), rule) {
        target.extend(rule);
    }
}

/// A control-plane command (`signal.<type>.<swarmId>.<role>.<instance>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ControlSignal {
    /// When the origin emitted it.
    #[schemars(with = "DateTime")]
    pub timestamp: String,
    /// Envelope schema version.
    pub version: NonEmpty,
    /// `signal`.
    pub kind: SignalKind,
    /// The command (`config-update`, `swarm-start`, ...).
    pub r#type: NonEmpty,
    /// The emitter.
    pub origin: NonEmpty,
    /// The target.
    pub scope: Scope,
    /// Joins the signal and its outcomes; required on commands.
    pub correlation_id: NonEmpty,
    /// Reused across retries of one operation.
    #[schemars(required, with = "NullableNonEmpty")]
    pub idempotency_key: Option<NonEmpty>,
    /// The command's arguments (`{}` when none).
    pub data: Object,
}

/// The `data` of a [`CommandOutcome`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OutcomeData {
    /// Status after the command (`Running`, `Applied`, `NotReady`, ...).
    pub status: NonEmpty,
    /// Enablement after a `config-update`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub enabled: Option<bool>,
    /// Whether a failed attempt may be retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub retryable: Option<bool>,
    /// Structured post-command detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Object")]
    pub context: Option<Object>,
    /// Other fields (allowed).
    #[serde(flatten)]
    pub extra: Object,
}

/// The result of a command (`event.outcome.<type>.<swarmId>.<role>.<instance>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(transform = runtime_scope_rule)]
pub(crate) struct CommandOutcome {
    /// When the origin emitted it.
    #[schemars(with = "DateTime")]
    pub timestamp: String,
    /// Envelope schema version.
    pub version: NonEmpty,
    /// `outcome`.
    pub kind: OutcomeKind,
    /// The command it answers.
    pub r#type: NonEmpty,
    /// The emitter.
    pub origin: NonEmpty,
    /// The subject that processed the command.
    pub scope: Scope,
    /// The command's correlation id, echoed.
    pub correlation_id: NonEmpty,
    /// The command's idempotency key, echoed.
    #[schemars(required, with = "NullableNonEmpty")]
    pub idempotency_key: Option<NonEmpty>,
    /// Present exactly for swarm-scoped messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "RuntimeMeta")]
    pub runtime: Option<RuntimeMeta>,
    /// The outcome.
    pub data: OutcomeData,
}

/// Queue names of one plane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricIoQueues {
    /// Queues consumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub r#in: Option<Vec<String>>,
    /// Routing keys published to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub out: Option<Vec<String>>,
    /// Routes bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub routes: Option<Vec<String>>,
}

/// Health of one work queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct QueueStatsEntry {
    /// Messages waiting.
    #[schemars(with = "Count")]
    pub depth: u64,
    /// Consumers attached.
    #[schemars(with = "Count")]
    pub consumers: u64,
    /// Age of the oldest message, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NonNegative")]
    pub oldest_age_sec: Option<f64>,
}

/// Work-plane bindings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MetricIoWork {
    /// Queue names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MetricIoQueues")]
    pub queues: Option<MetricIoQueues>,
    /// Queue health by queue name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "std::collections::BTreeMap<String, QueueStatsEntry>")]
    pub queue_stats: Option<std::collections::BTreeMap<String, QueueStatsEntry>>,
}

/// Control-plane bindings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricIoControl {
    /// Queue names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MetricIoQueues")]
    pub queues: Option<MetricIoQueues>,
}

/// `data.io` of a `status-full`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricIo {
    /// Work plane (workers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MetricIoWork")]
    pub work: Option<MetricIoWork>,
    /// Control plane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MetricIoControl")]
    pub control: Option<MetricIoControl>,
}

/// Input health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(transform = constants_as_enum)]
pub(crate) enum IoInputState {
    /// Healthy.
    Ok,
    /// The source is exhausted.
    OutOfData,
    /// Slowed by the consumer.
    Backpressure,
    /// The upstream fails.
    UpstreamError,
    /// Not known.
    Unknown,
}

/// Output health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(transform = constants_as_enum)]
pub(crate) enum IoOutputState {
    /// Healthy.
    Ok,
    /// Cannot publish.
    Blocked,
    /// Rate-limited.
    Throttled,
    /// The downstream fails.
    DownstreamError,
    /// Not known.
    Unknown,
}

/// Health of one IO plane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IoState {
    /// Input side.
    pub input: IoInputState,
    /// Output side.
    pub output: IoOutputState,
    /// Detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Object")]
    pub context: Option<Object>,
}

/// `data.ioState`: workload and local IO health.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricIoState {
    /// Work plane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IoState")]
    pub work: Option<IoState>,
    /// Local file system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IoState")]
    pub filesystem: Option<IoState>,
}

/// `data` of a `status-full`: the whole status snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct StatusFullData {
    /// Whether the component may run workloads.
    pub enabled: bool,
    /// The effective configuration; must not include secrets.
    pub config: Object,
    /// Throughput sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Count")]
    pub tps: Option<u64>,
    /// When processing started.
    #[schemars(with = "DateTime")]
    pub started_at: String,
    /// Bindings and queue health.
    pub io: MetricIo,
    /// IO health.
    pub io_state: MetricIoState,
    /// Role-specific context (`workers[]` for the swarm controller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Object")]
    pub context: Option<Object>,
}

/// `data` of a `status-delta`: only what changes often.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct StatusDeltaData {
    /// Whether the component may run workloads.
    pub enabled: bool,
    /// Throughput sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Count")]
    pub tps: Option<u64>,
    /// IO health.
    pub io_state: MetricIoState,
    /// Small, frequently changing context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Object")]
    pub context: Option<Object>,
}

/// Declares a metric or event envelope: the common fields plus `kind`,
/// `type` and `data` of the given types.
macro_rules! event_envelope {
    ($(#[$doc:meta])* $name:ident, $kind:ty, $type:ty, $data:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        #[schemars(transform = runtime_scope_rule)]
        pub(crate) struct $name {
            /// When the origin emitted it.
            #[schemars(with = "DateTime")]
            pub(crate) timestamp: String,
            /// Envelope schema version.
            pub(crate) version: NonEmpty,
            /// The category.
            pub(crate) kind: $kind,
            /// The name within the category.
            pub(crate) r#type: $type,
            /// The emitter.
            pub(crate) origin: NonEmpty,
            /// The subject.
            pub(crate) scope: Scope,
            /// `null`, or a documented higher-level correlation.
            #[schemars(required, with = "NullableNonEmpty")]
            pub(crate) correlation_id: Option<NonEmpty>,
            /// Typically `null`.
            #[schemars(required, with = "NullableNonEmpty")]
            pub(crate) idempotency_key: Option<NonEmpty>,
            /// Present exactly for swarm-scoped messages.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schemars(with = "RuntimeMeta")]
            pub(crate) runtime: Option<RuntimeMeta>,
            /// The payload.
            pub(crate) data: $data,
        }
    };
}

event_envelope!(
    /// A full status snapshot (`event.metric.status-full.*`).
    StatusFullMetric,
    MetricKind,
    StatusFullType,
    StatusFullData
);
event_envelope!(
    /// A status change (`event.metric.status-delta.*`).
    StatusDeltaMetric,
    MetricKind,
    StatusDeltaType,
    StatusDeltaData
);

/// Alert severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(transform = constants_as_enum)]
pub(crate) enum AlertLevel {
    /// Informational.
    Info,
    /// Warning.
    Warn,
    /// Error.
    Error,
}

/// `data` of an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct AlertData {
    /// Severity.
    pub level: AlertLevel,
    /// Stable alert code (`io.out-of-data`, ...).
    pub code: NonEmpty,
    /// Human-readable text.
    pub message: NonEmpty,
    /// Exception class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NullableNonEmpty")]
    pub error_type: Option<NonEmpty>,
    /// Root cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NullableNonEmpty")]
    pub error_detail: Option<NonEmpty>,
    /// Pointer to logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "NullableNonEmpty")]
    pub log_ref: Option<NonEmpty>,
    /// Type-specific context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Object")]
    pub context: Option<Object>,
}

event_envelope!(
    /// An alert (`event.alert.alert.*`).
    AlertEvent,
    EventKind,
    AlertType,
    AlertData
);

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn envelope() {
        use crate::audit::envelope::{ControlSignal, EnvelopeKind};
        let json = r#"{"timestamp": "2025-09-12T12:34:56Z", "version": "1", "kind": "signal",
          "type": "config-update", "origin": "orchestrator-1",
          "scope": {"swarmId": "alpha", "role": "generator", "instance": "alpha-gen-1"},
          "correlationId": "c-1", "idempotencyKey": null, "data": {"enabled": true}}"#;
        let signal: ControlSignal = serde_json::from_str(json).unwrap();
        assert_eq!(signal.scope.role.as_str(), "generator");
        assert_eq!(
            EnvelopeKind::of("signal", "config-update"),
            Some(EnvelopeKind::Signal)
        );
    }
}
