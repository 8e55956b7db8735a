//! IO type `CSV_DATASET` (manifest `io.csv-dataset`): replays rows of a CSV
//! file. Lives under `inputs.csv`.

use crate::scenario::kinds::value::Templated;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `inputs.csv`: CSV file input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CsvDatasetInput {
    /// Path of the CSV file inside the worker container.
    #[schemars(extend("x-live-mutable" = false))]
    pub file_path: Templated<crate::scenario::kinds::value::NonBlank>,
    /// Rows per second.
    #[schemars(extend("minimum" = 0, "x-live-mutable" = true))]
    pub rate_per_sec: Templated<f64>,
    /// Start again from the first row at the end of the file.
    #[schemars(extend("x-live-mutable" = false))]
    pub rotate: Templated<bool>,
    /// The first row is a header.
    #[schemars(extend("x-live-mutable" = false))]
    pub skip_header: Templated<bool>,
    /// Field delimiter.
    #[schemars(extend("x-live-mutable" = false))]
    pub delimiter: Templated<crate::scenario::kinds::value::NonBlank>,
    /// File charset, e.g. `UTF-8`.
    #[schemars(extend("x-live-mutable" = false))]
    pub charset: Templated<crate::scenario::kinds::value::NonBlank>,
    /// Seconds to wait before the first row.
    #[schemars(extend("minimum" = 0, "x-live-mutable" = false))]
    pub startup_delay_seconds: Templated<i64>,
    /// Scheduler tick in milliseconds.
    #[schemars(extend("minimum" = 100, "x-live-mutable" = false))]
    pub tick_interval_ms: Templated<i64>,
}
