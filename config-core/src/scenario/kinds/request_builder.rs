//! Worker kind `request-builder`: renders HTTP requests from templates.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{NonBlank, Templated};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `config` block of a `request-builder` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RequestBuilderConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// Folder holding the request templates.
    #[schemars(extend("x-live-mutable" = true))]
    pub template_root: Templated<NonBlank>,
    /// Service whose templates are used.
    #[schemars(extend("x-live-mutable" = true))]
    pub service_id: Templated<NonBlank>,
    /// Forward the message unchanged when no template matches.
    #[schemars(extend("x-live-mutable" = true))]
    pub pass_through_on_missing_template: Templated<bool>,
}
