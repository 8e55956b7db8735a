//! IO type `SCHEDULER` (manifest `io.scheduler`): emits messages at a fixed
//! rate. Lives under `inputs.scheduler`.

use crate::scenario::kinds::value::Templated;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `inputs.scheduler`: rate-driven input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SchedulerInput {
    /// Messages per second.
    #[schemars(extend("minimum" = 0, "x-live-mutable" = true))]
    pub rate_per_sec: Templated<f64>,
    /// Stop after this many messages (0 = unlimited).
    #[schemars(extend("minimum" = 0, "x-live-mutable" = true))]
    pub max_messages: Templated<i64>,
    /// Reset the message counter.
    #[schemars(extend("x-live-mutable" = true))]
    pub reset: Option<Templated<bool>>,
}
