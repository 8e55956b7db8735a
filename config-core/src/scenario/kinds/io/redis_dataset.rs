//! IO type `REDIS_DATASET` (manifest `io.redis-dataset`): pops payloads from
//! one Redis list or several weighted lists. Lives under `inputs.redis`.
//!
//! Rule: exactly one of a non-blank `listName` or a non-empty `sources`;
//! each source has a non-blank `listName` (unique; checked in
//! [`crate::scenario::config_check`], JSON Schema cannot say it) and
//! `weight > 0`.

use crate::scenario::kinds::value::{
    push_all_of, LenientNumber, NonBlank, Templated, TEMPLATE_PATTERN,
};
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::json;

crate::scenario::kinds::value::options_enum! {
    /// How the next source list is chosen.
    PickStrategy { RoundRobin => "ROUND_ROBIN", WeightedRandom => "WEIGHTED_RANDOM" }
}

/// `inputs.redis`: Redis list input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = dataset_rule)]
pub(crate) struct RedisDatasetInput {
    /// Redis host.
    #[schemars(extend("x-live-mutable" = false))]
    pub host: Templated<NonBlank>,
    /// Redis port.
    #[schemars(extend("minimum" = 1, "maximum" = 65535, "x-live-mutable" = false))]
    pub port: Templated<i64>,
    /// Redis username.
    #[schemars(extend("x-live-mutable" = false))]
    pub username: Option<Templated<String>>,
    /// Redis password (never printed by cfgate).
    #[schemars(extend("x-live-mutable" = false))]
    pub password: Option<Templated<String>>,
    /// Use TLS.
    #[schemars(extend("x-live-mutable" = false))]
    pub ssl: Templated<bool>,
    /// Single-source mode: the list to read (blank when `sources` is used).
    #[schemars(extend("x-live-mutable" = true))]
    pub list_name: Templated<String>,
    /// Multi-source mode: weighted lists (empty when `listName` is used).
    #[schemars(extend("x-live-mutable" = false))]
    pub sources: Templated<Vec<RedisSource>>,
    /// How the next source is picked.
    #[schemars(extend("x-live-mutable" = false))]
    pub pick_strategy: Templated<PickStrategy>,
    /// Messages per second.
    #[schemars(extend("minimum" = 0, "x-live-mutable" = true))]
    pub rate_per_sec: Templated<f64>,
}

/// One weighted source list of a multi-source Redis dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RedisSource {
    /// The list to read; non-blank and unique among the sources.
    pub list_name: Templated<NonBlank>,
    /// Relative weight, > 0; a numeric string is parsed (the only numeric
    /// field the platform reads that way).
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub weight: LenientNumber,
}

/// Exactly one of a non-blank `listName` or a non-empty `sources`.
fn dataset_rule(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let rule = json!({
        "x-rule": "redis-dataset-source",
        "oneOf": [
            { "required": ["listName"], "properties": { "listName": { "type": "string", "pattern": r"\S" } } },
            { "required": ["sources"], "properties": { "sources": {
                "type": ["array", "string"], "minItems": 1, "pattern": TEMPLATE_PATTERN } } },
        ],
    });
    push_all_of(obj, rule);
}
