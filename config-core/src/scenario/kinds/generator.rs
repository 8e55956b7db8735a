//! Worker kind `generator`: produces messages from its input (scheduler,
//! Redis dataset or CSV dataset).

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, when, Json, NonBlank, Templated};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::json;

options_enum! {
    /// Shape of the generated message.
    BodyType { Http => "HTTP", Simple => "SIMPLE" }
}

options_enum! {
    /// HTTP method of a generated HTTP message.
    HttpMethod {
        Get => "GET", Post => "POST", Put => "PUT", Delete => "DELETE",
        Patch => "PATCH", Head => "HEAD", Options => "OPTIONS",
    }
}

/// The `config` block of a `generator` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GeneratorConfig {
    /// Input selector: SCHEDULER, REDIS_DATASET or CSV_DATASET.
    #[schemars(schema_with = "generator_inputs")]
    pub inputs: Input,
    /// Output selector (worker SDK; defaults to RABBITMQ).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// The message to produce.
    pub message: Message,
}

fn generator_inputs(generator: &mut SchemaGenerator) -> Schema {
    io::inputs_schema(
        generator,
        &["SCHEDULER", "REDIS_DATASET", "CSV_DATASET"],
        true,
    )
}

/// `message`: what the generator sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = message_when)]
pub(crate) struct Message {
    /// HTTP (path + method + body) or SIMPLE (body only).
    #[schemars(extend("x-live-mutable" = true))]
    pub body_type: Templated<BodyType>,
    /// Request path; required when `bodyType` is HTTP.
    #[schemars(extend("x-live-mutable" = true))]
    pub path: Option<Templated<NonBlank>>,
    /// Request method; required when `bodyType` is HTTP.
    #[schemars(extend("x-live-mutable" = true))]
    pub method: Option<Templated<HttpMethod>>,
    /// Message body (often a template).
    #[schemars(extend("x-live-mutable" = true))]
    pub body: Templated<NonBlank>,
    /// Message headers.
    #[schemars(extend("x-live-mutable" = true))]
    pub headers: Option<Templated<Json>>,
    /// Editor-only: JSON Schema reference the Hive scenario editor uses to
    /// render a form for `body`; the worker ignores it.
    pub schema_ref: Option<String>,
}

fn message_when(schema: &mut Schema) {
    when(schema, "bodyType", json!("HTTP"), &["path", "method"]);
}
