//! Kind `swarm-controller`: runs a swarm and applies its traffic policy.
//! Every field is optional.

use crate::scenario::kinds::value::Templated;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `config` block of a `swarm-controller`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SwarmControllerConfig {
    /// Traffic policy.
    pub traffic_policy: Option<TrafficPolicy>,
}

/// `trafficPolicy`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TrafficPolicy {
    /// Keeps a queue's depth within bounds by adjusting rates.
    pub buffer_guard: Option<BufferGuard>,
}

/// `trafficPolicy.bufferGuard`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BufferGuard {
    /// Guard enabled.
    #[schemars(extend("x-live-mutable" = true))]
    pub enabled: Option<Templated<bool>>,
    /// Queue watched.
    #[schemars(extend("x-live-mutable" = true))]
    pub queue_alias: Option<Templated<String>>,
    /// Depth aimed at.
    #[schemars(extend("x-live-mutable" = true))]
    pub target_depth: Option<Templated<i64>>,
    /// Lower depth bound.
    #[schemars(extend("x-live-mutable" = true))]
    pub min_depth: Option<Templated<i64>>,
    /// Upper depth bound.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_depth: Option<Templated<i64>>,
    /// Sampling period, e.g. `5s`.
    #[schemars(extend("x-live-mutable" = true))]
    pub sample_period: Option<Templated<String>>,
    /// Samples in the moving average.
    #[schemars(extend("x-live-mutable" = true))]
    pub moving_average_window: Option<Templated<i64>>,
    /// Rate adjustment bounds.
    pub adjust: Option<Adjust>,
    /// Prefill settings.
    pub prefill: Option<Prefill>,
    /// Backpressure settings.
    pub backpressure: Option<Backpressure>,
}

/// `trafficPolicy.bufferGuard.adjust`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Adjust {
    /// Largest increase per step, percent.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_increase_pct: Option<Templated<i64>>,
    /// Largest decrease per step, percent.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_decrease_pct: Option<Templated<i64>>,
    /// Lowest rate.
    #[schemars(extend("x-live-mutable" = true))]
    pub min_rate_per_sec: Option<Templated<f64>>,
    /// Highest rate.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_rate_per_sec: Option<Templated<f64>>,
}

/// `trafficPolicy.bufferGuard.prefill`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Prefill {
    /// Prefill enabled.
    #[schemars(extend("x-live-mutable" = true))]
    pub enabled: Option<Templated<bool>>,
    /// Lookahead, e.g. `2m`.
    #[schemars(extend("x-live-mutable" = true))]
    pub lookahead: Option<Templated<String>>,
    /// Lift, percent.
    #[schemars(extend("x-live-mutable" = true))]
    pub lift_pct: Option<Templated<i64>>,
}

/// `trafficPolicy.bufferGuard.backpressure`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Backpressure {
    /// Queue watched.
    #[schemars(extend("x-live-mutable" = true))]
    pub queue_alias: Option<Templated<String>>,
    /// Depth that triggers backpressure.
    #[schemars(extend("x-live-mutable" = true))]
    pub high_depth: Option<Templated<i64>>,
    /// Depth that ends backpressure.
    #[schemars(extend("x-live-mutable" = true))]
    pub recovery_depth: Option<Templated<i64>>,
    /// Moderator rate reduction, percent.
    #[schemars(extend("x-live-mutable" = true))]
    pub moderator_reduction_pct: Option<Templated<i64>>,
}
