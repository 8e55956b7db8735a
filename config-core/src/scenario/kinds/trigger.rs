//! Worker kind `trigger`: fires a REST call or a shell command on a timer.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, when, Json, NonBlank, Templated};
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::json;

options_enum! {
    /// What the trigger does.
    ActionType { Rest => "rest", Shell => "shell" }
}

options_enum! {
    /// HTTP method of a REST trigger.
    TriggerMethod { Get => "GET", Post => "POST", Put => "PUT", Delete => "DELETE", Patch => "PATCH" }
}

/// The `config` block of a `trigger` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = trigger_when)]
pub(crate) struct TriggerConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// Interval between actions in milliseconds.
    #[schemars(extend("minimum" = 0, "x-live-mutable" = true))]
    pub interval_ms: Templated<i64>,
    /// Fire once only.
    #[schemars(extend("x-live-mutable" = true))]
    pub single_request: Templated<bool>,
    /// rest or shell.
    #[schemars(extend("x-live-mutable" = true))]
    pub action_type: Templated<ActionType>,
    /// Shell command; required when `actionType` is shell.
    #[schemars(extend("x-live-mutable" = true))]
    pub command: Option<Templated<NonBlank>>,
    /// URL; required when `actionType` is rest.
    #[schemars(extend("x-live-mutable" = true))]
    pub url: Option<Templated<NonBlank>>,
    /// HTTP method; required when `actionType` is rest.
    #[schemars(extend("x-live-mutable" = true))]
    pub method: Option<Templated<TriggerMethod>>,
    /// Request body; required when `actionType` is rest.
    #[schemars(extend("x-live-mutable" = true))]
    pub body: Option<Templated<NonBlank>>,
    /// Request headers; required when `actionType` is rest.
    #[schemars(extend("x-live-mutable" = true))]
    pub headers: Option<Templated<Json>>,
}

fn trigger_when(schema: &mut Schema) {
    when(schema, "actionType", json!("shell"), &["command"]);
    when(
        schema,
        "actionType",
        json!("rest"),
        &["url", "method", "body", "headers"],
    );
}
