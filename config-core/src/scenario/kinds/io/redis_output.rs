//! IO type `REDIS` output (manifest `io.redis-output`): pushes results to
//! Redis lists. Lives under `outputs.redis`.
//!
//! Rule: at least one of a non-empty `routes`, a non-blank
//! `targetListTemplate` or a non-blank `defaultList`; each route has a
//! non-blank `list` and a `match` or a `header` (a `header` needs a
//! `headerMatch`); the regexes must compile (checked in
//! [`crate::scenario::config_check`]).

use crate::scenario::kinds::value::{push_all_of, NonBlank, Templated, TEMPLATE_PATTERN};
use schemars::{JsonSchema, Schema};
use serde::{Deserialize, Serialize};
use serde_json::json;

crate::scenario::kinds::value::options_enum! {
    /// Which step's payload is pushed.
    SourceStep { First => "FIRST", Last => "LAST" }
}

crate::scenario::kinds::value::options_enum! {
    /// Which end of the list is pushed to.
    PushDirection { Lpush => "LPUSH", Rpush => "RPUSH" }
}

/// `outputs.redis`: Redis list output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = target_rule)]
pub(crate) struct RedisOutput {
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
    /// Which step's payload is pushed.
    #[schemars(extend("x-live-mutable" = false))]
    pub source_step: Templated<SourceStep>,
    /// Which end of the list is pushed to.
    #[schemars(extend("x-live-mutable" = false))]
    pub push_direction: Templated<PushDirection>,
    /// Routing rules; the first match wins.
    #[schemars(extend("x-live-mutable" = false))]
    pub routes: Templated<Vec<RedisRoute>>,
    /// Template naming the target list (may be blank).
    #[schemars(extend("x-live-mutable" = false))]
    pub target_list_template: Templated<String>,
    /// List used when no route matches (may be blank).
    #[schemars(extend("x-live-mutable" = false))]
    pub default_list: Templated<String>,
    /// Trim lists to this length (-1 = unbounded).
    #[schemars(extend("minimum" = -1, "x-live-mutable" = false))]
    pub max_len: Templated<i64>,
}

/// One routing rule of a Redis output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = route_rule)]
pub(crate) struct RedisRoute {
    /// Target list when the rule matches.
    pub list: Templated<NonBlank>,
    /// Regex matched against the payload.
    #[serde(rename = "match")]
    pub match_: Option<Templated<String>>,
    /// Header whose value is matched by `headerMatch`.
    pub header: Option<Templated<NonBlank>>,
    /// Regex matched against the header's value.
    pub header_match: Option<Templated<String>>,
}

/// At least one of `routes`, `targetListTemplate`, `defaultList` is usable.
fn target_rule(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let rule = json!({
        "x-rule": "redis-output-target",
        "anyOf": [
            { "required": ["routes"], "properties": { "routes": {
                "type": ["array", "string"], "minItems": 1, "pattern": TEMPLATE_PATTERN } } },
            { "required": ["targetListTemplate"], "properties": { "targetListTemplate": { "type": "string", "pattern": r"\S" } } },
            { "required": ["defaultList"], "properties": { "defaultList": { "type": "string", "pattern": r"\S" } } },
        ],
    });
    push_all_of(obj, rule);
}

/// A route needs `match` or `header`; a `header` needs `headerMatch`.
fn route_rule(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let rule = json!({
        "x-rule": "redis-route",
        "anyOf": [ { "required": ["match"] }, { "required": ["header"] } ],
        "dependentRequired": { "header": ["headerMatch"] },
    });
    push_all_of(obj, rule);
}
