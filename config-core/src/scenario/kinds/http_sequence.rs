//! Worker kind `http-sequence`: runs a journey of HTTP calls per message.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{Json, NonBlank, Templated};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `config` block of an `http-sequence` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HttpSequenceConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// Base URL of the system under test.
    #[schemars(extend("x-live-mutable" = true))]
    pub base_url: Templated<NonBlank>,
    /// Folder holding the request templates.
    #[schemars(extend("x-live-mutable" = true))]
    pub template_root: Templated<NonBlank>,
    /// Service whose templates are used.
    #[schemars(extend("x-live-mutable" = true))]
    pub service_id: Templated<NonBlank>,
    /// Maximum journeys in flight.
    #[schemars(extend("x-live-mutable" = true))]
    pub thread_count: Templated<i64>,
    /// The journey's steps.
    #[schemars(extend("x-live-mutable" = true))]
    pub steps: Templated<Json>,
    /// Debug capture settings.
    #[schemars(extend("x-live-mutable" = true))]
    pub debug_capture: Templated<Json>,
}
