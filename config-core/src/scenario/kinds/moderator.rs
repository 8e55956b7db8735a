//! Worker kind `moderator`: shapes the message rate (pass-through, fixed
//! rate, or a sine wave).

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, when, Templated};
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::json;

options_enum! {
    /// Rate-shaping mode.
    ModeType { PassThrough => "pass-through", RatePerSec => "rate-per-sec", Sine => "sine" }
}

/// The `config` block of a `moderator` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ModeratorConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// Rate-shaping settings.
    pub mode: Mode,
}

/// `mode`: how messages are paced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = mode_when)]
pub(crate) struct Mode {
    /// pass-through, rate-per-sec or sine.
    #[serde(rename = "type")]
    #[schemars(extend("x-live-mutable" = true))]
    pub kind: Templated<ModeType>,
    /// Messages per second; required when `type` is rate-per-sec.
    #[schemars(extend("minimum" = 0, "maximum" = 100000, "x-live-mutable" = true))]
    pub rate_per_sec: Option<Templated<f64>>,
    /// Sine-wave settings; required when `type` is sine.
    pub sine: Option<Sine>,
}

/// `mode.sine`: a rate oscillating between two bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Sine {
    /// Lowest rate.
    #[schemars(extend("minimum" = 0, "maximum" = 100000, "x-live-mutable" = true))]
    pub min_rate_per_sec: Templated<f64>,
    /// Highest rate.
    #[schemars(extend("minimum" = 0, "maximum" = 100000, "x-live-mutable" = true))]
    pub max_rate_per_sec: Templated<f64>,
    /// Period of the wave in seconds.
    #[schemars(extend("minimum" = 1, "x-live-mutable" = true))]
    pub period_seconds: Templated<f64>,
    /// Phase offset in seconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub phase_offset_seconds: Templated<f64>,
}

fn mode_when(schema: &mut Schema) {
    when(schema, "type", json!("rate-per-sec"), &["ratePerSec"]);
    when(schema, "type", json!("sine"), &["sine"]);
}
