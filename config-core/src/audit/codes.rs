//! The finding codes of `cfgate audit` (PH700-PH799), documented in
//! docs/FINDINGS.md ("Control-plane capture audit").

/// The capture input cannot be read (missing, permission, a directory
/// without messages is not an error). Exit status 2.
pub const UNREADABLE: &str = "PH700";
/// A record is not a message: a line that is not JSON, not UTF-8 or over
/// the size budget; not an object; `payload` neither an object nor a string
/// holding one; `routingKey` not a string.
pub const NOT_A_MESSAGE: &str = "PH701";
/// No envelope shape for the message's `kind`/`type`.
pub const UNKNOWN_SHAPE: &str = "PH702";
/// The envelope breaks the contract schema.
pub const SCHEMA: &str = "PH703";
/// The routing key is not `signal.<type>.<swarm>.<role>.<instance>` or
/// `event.<category>.<name>.<swarm>.<role>.<instance>`.
pub const ROUTING_MALFORMED: &str = "PH704";
/// The routing key's family or type disagrees with the envelope's kind/type.
pub const ROUTING_FAMILY: &str = "PH705";
/// The routing key's swarm/role/instance disagree with the envelope's scope.
pub const ROUTING_SCOPE: &str = "PH706";
/// A command type the AsyncAPI contract does not list (warning).
pub const UNKNOWN_COMMAND: &str = "PH707";
/// A lifecycle command to the swarm controller addressed to instance `ALL`.
pub const LIFECYCLE_FANOUT: &str = "PH708";
/// A `status-delta` carries a status-full-only field (`config`, `io`,
/// `startedAt`, `context.workers`, `context.computeAdapter`).
pub const DELTA_HEAVY: &str = "PH710";
/// A component other than the swarm controller emits `context.workers`.
pub const WORKER_LIST: &str = "PH711";
/// `runtime` absent from a swarm-scoped message or present on a global one.
pub const RUNTIME_SCOPE: &str = "PH712";
/// A swarm-controller `context.workers[]` entry lacks a required field.
pub const WORKER_ENTRY: &str = "PH713";
/// A status snapshot's config holds a secret value.
pub const SECRET_IN_STATUS: &str = "PH720";
/// A worker's `status-delta` before any `status-full` of it (warning).
pub const DELTA_BEFORE_FULL: &str = "PH730";
/// An outcome's `idempotencyKey` differs from its signal's.
pub const OUTCOME_IDEMPOTENCY: &str = "PH731";
/// An outcome's `type` differs from its signal's (same `correlationId`).
pub const OUTCOME_TYPE: &str = "PH732";
/// A reported config value differs from the planned one.
pub const CONFIG_DRIFT: &str = "PH740";
/// A planned config key is missing from the reported config.
pub const CONFIG_MISSING: &str = "PH741";
