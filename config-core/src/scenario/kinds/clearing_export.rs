//! Worker kind `clearing-export`: writes clearing files from processed
//! transactions, by template or by a structured schema.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, when, Json, NonBlank, Templated};
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::json;

options_enum! {
    /// How records are rendered.
    ExportMode { Template => "template", Structured => "structured" }
}

options_enum! {
    /// Which step of a transaction supplies the data.
    SourceStepSelector { Latest => "latest", First => "first", Previous => "previous", Index => "index" }
}

options_enum! {
    /// What to do when a record cannot be built.
    RecordBuildFailurePolicy { Stop => "stop", SkipRecord => "skip_record", WarnOnly => "warn_only" }
}

/// The `config` block of a `clearing-export` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = export_when)]
pub(crate) struct ClearingExportConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// template or structured.
    #[schemars(extend("x-live-mutable" = true))]
    pub mode: Templated<ExportMode>,
    /// Append to one file per time window.
    #[schemars(extend("x-live-mutable" = true))]
    pub streaming_append_enabled: Templated<bool>,
    /// Streaming window in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub streaming_window_ms: Templated<i64>,
    /// Fail on undefined template variables.
    #[schemars(extend("x-live-mutable" = true))]
    pub strict_template: Templated<bool>,
    /// Line separator; required when `mode` is template.
    #[schemars(extend("x-live-mutable" = true))]
    pub line_separator: Option<Templated<NonBlank>>,
    /// File name template; required when `mode` is template.
    #[schemars(extend("x-live-mutable" = true))]
    pub file_name_template: Option<Templated<NonBlank>>,
    /// Header line template; required when `mode` is template.
    #[schemars(extend("x-live-mutable" = true))]
    pub header_template: Option<Templated<NonBlank>>,
    /// Record line template; required when `mode` is template.
    #[schemars(extend("x-live-mutable" = true))]
    pub record_template: Option<Templated<NonBlank>>,
    /// Footer line template; required when `mode` is template.
    #[schemars(extend("x-live-mutable" = true))]
    pub footer_template: Option<Templated<NonBlank>>,
    /// Output folder.
    #[schemars(extend("x-live-mutable" = true))]
    pub local_target_dir: Templated<NonBlank>,
    /// Suffix of files being written.
    #[schemars(extend("x-live-mutable" = true))]
    pub local_temp_suffix: Templated<NonBlank>,
    /// Write a manifest beside the files.
    #[schemars(extend("x-live-mutable" = true))]
    pub write_manifest: Templated<bool>,
    /// Manifest path; required when `writeManifest` is true.
    #[schemars(extend("x-live-mutable" = true))]
    pub local_manifest_path: Option<Templated<NonBlank>>,
    /// Schema registry folder; required when `mode` is structured.
    #[schemars(extend("x-live-mutable" = true))]
    pub schema_registry_root: Option<Templated<NonBlank>>,
    /// Schema id; required when `mode` is structured.
    #[schemars(extend("x-live-mutable" = true))]
    pub schema_id: Option<Templated<NonBlank>>,
    /// Schema version; required when `mode` is structured.
    #[schemars(extend("x-live-mutable" = true))]
    pub schema_version: Option<Templated<NonBlank>>,
    /// Step that supplies a record.
    #[schemars(extend("x-live-mutable" = true))]
    pub record_source_step: Templated<SourceStepSelector>,
    /// Step index when `recordSourceStep` is index.
    #[schemars(extend("x-live-mutable" = true))]
    pub record_source_step_index: Templated<i64>,
    /// What to do when a record cannot be built.
    #[schemars(extend("x-live-mutable" = true))]
    pub record_build_failure_policy: Templated<RecordBuildFailurePolicy>,
    /// Filter records by business code.
    #[schemars(extend("x-live-mutable" = true))]
    pub business_code_filter_enabled: Templated<bool>,
    /// Allowed business codes; required when the filter is enabled.
    #[schemars(extend("x-live-mutable" = true))]
    pub business_code_allow_list: Option<Templated<Json>>,
    /// Step that supplies the business code; required when the filter is enabled.
    #[schemars(extend("x-live-mutable" = true))]
    pub business_code_source_step: Option<Templated<SourceStepSelector>>,
    /// Step index of the business code; required when the filter is enabled.
    #[schemars(extend("x-live-mutable" = true))]
    pub business_code_source_step_index: Option<Templated<i64>>,
    /// Records per file.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_records_per_file: Templated<i64>,
    /// Flush interval in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub flush_interval_ms: Templated<i64>,
    /// Records buffered before a flush.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_buffered_records: Templated<i64>,
}

fn export_when(schema: &mut Schema) {
    when(
        schema,
        "mode",
        json!("template"),
        &[
            "lineSeparator",
            "fileNameTemplate",
            "headerTemplate",
            "recordTemplate",
            "footerTemplate",
        ],
    );
    when(schema, "writeManifest", json!(true), &["localManifestPath"]);
    when(
        schema,
        "mode",
        json!("structured"),
        &["schemaRegistryRoot", "schemaId", "schemaVersion"],
    );
    when(
        schema,
        "businessCodeFilterEnabled",
        json!(true),
        &[
            "businessCodeAllowList",
            "businessCodeSourceStep",
            "businessCodeSourceStepIndex",
        ],
    );
}
