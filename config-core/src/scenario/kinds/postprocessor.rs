//! Worker kind `postprocessor`: records transaction outcomes and metrics.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, Templated};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

options_enum! {
    /// Where transaction outcomes are written.
    TxOutcomeSinkMode { None => "NONE", ClickhouseV2 => "CLICKHOUSE_V2" }
}

/// The `config` block of a `postprocessor` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PostprocessorConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// Forward messages to the output.
    #[schemars(extend("x-live-mutable" = true))]
    pub forward_to_output: Templated<bool>,
    /// Transaction outcome sink.
    #[schemars(extend("x-live-mutable" = true))]
    pub tx_outcome_sink_mode: Templated<TxOutcomeSinkMode>,
    /// Drop outcomes that carry no call id.
    #[schemars(extend("x-live-mutable" = true))]
    pub drop_tx_outcome_without_call_id: Templated<bool>,
}
