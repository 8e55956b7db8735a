//! IO types and the `inputs` / `outputs` selectors shared by every worker
//! kind (the worker SDK reads them for all kinds).
//!
//! `inputs.type` selects the input (SCHEDULER, REDIS_DATASET, CSV_DATASET,
//! RABBITMQ) and its sub-block sits beside it (`inputs.scheduler`,
//! `inputs.redis`, `inputs.csv`); `outputs.type` selects the output
//! (RABBITMQ, REDIS, NONE) with `outputs.redis`. In Rust these are
//! internally tagged enums; the schema is written by hand
//! ([`inputs_schema`], [`outputs_schema`]) so that a kind can restrict the
//! allowed types and each rule fails with a precise error.

pub(crate) mod csv_dataset;
pub(crate) mod none;
pub(crate) mod rabbitmq;
pub(crate) mod redis_dataset;
pub(crate) mod redis_output;
pub(crate) mod scheduler;

use crate::scenario::kinds::value::{options_schema, push_all_of, TEMPLATE_PATTERN};
use schemars::{json_schema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The input selected by `inputs.type`, with its sub-block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub(crate) enum Input {
    /// `SCHEDULER` with `inputs.scheduler`.
    #[serde(rename = "SCHEDULER")]
    Scheduler {
        /// The scheduler settings.
        scheduler: scheduler::SchedulerInput,
    },
    /// `REDIS_DATASET` with `inputs.redis`.
    #[serde(rename = "REDIS_DATASET")]
    RedisDataset {
        /// The Redis dataset settings.
        redis: redis_dataset::RedisDatasetInput,
    },
    /// `CSV_DATASET` with `inputs.csv`.
    #[serde(rename = "CSV_DATASET")]
    CsvDataset {
        /// The CSV dataset settings.
        csv: csv_dataset::CsvDatasetInput,
    },
    /// `RABBITMQ`: no sub-block.
    #[serde(rename = "RABBITMQ")]
    Rabbitmq(rabbitmq::RabbitmqIo),
}

/// The output selected by `outputs.type`, with its sub-block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub(crate) enum Output {
    /// `RABBITMQ`: no sub-block.
    #[serde(rename = "RABBITMQ")]
    Rabbitmq(rabbitmq::RabbitmqIo),
    /// `REDIS` with `outputs.redis`.
    #[serde(rename = "REDIS")]
    Redis {
        /// The Redis output settings.
        redis: Box<redis_output::RedisOutput>,
    },
    /// `NONE`: publishes nothing.
    #[serde(rename = "NONE")]
    None(none::NoneOutput),
}

/// Every input type with the key of its sub-block, if it has one.
pub(crate) const INPUT_TYPES: &[(&str, Option<&str>)] = &[
    ("SCHEDULER", Some("scheduler")),
    ("REDIS_DATASET", Some("redis")),
    ("CSV_DATASET", Some("csv")),
    ("RABBITMQ", None),
];

/// Every output type with the key of its sub-block, if it has one.
pub(crate) const OUTPUT_TYPES: &[(&str, Option<&str>)] =
    &[("RABBITMQ", None), ("REDIS", Some("redis")), ("NONE", None)];

/// Annotation keywords kept by [`names_only`]: they describe, never reject.
const ANNOTATIONS: &[&str] = &["description", "title", "examples", "default", "deprecated"];

/// The field names, descriptions and `x-*` annotations of a schema, without
/// a single validation keyword: editors and the settings layer see the
/// sub-block's fields and types (`x-type`), while only the selected type's
/// branch validates them.
fn names_only(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return json!({});
    };
    let mut out = Map::new();
    for (key, value) in obj {
        if key == "properties" {
            if let Some(props) = value.as_object() {
                let inner: Map<String, Value> = props
                    .iter()
                    .map(|(k, v)| (k.clone(), names_only(v)))
                    .collect();
                out.insert(key.clone(), Value::Object(inner));
            }
        } else if key == "items" {
            out.insert(key.clone(), names_only(value));
        } else if key.starts_with("x-") || ANNOTATIONS.contains(&key.as_str()) {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

/// Schema of an IO selector block allowing `allowed` types.
fn selector_schema(
    generator: &mut SchemaGenerator,
    all: &[(&str, Option<&str>)],
    allowed: &[&str],
    type_required: bool,
    sub_schema: &mut dyn FnMut(&str, &mut SchemaGenerator) -> Schema,
) -> Schema {
    let mut ty = options_schema(allowed);
    if let Some(o) = ty.as_object_mut() {
        // A template stands for any option (VALIDATOR.md C3); the selector
        // rule still compares it as written when a sub-block is present.
        if let Some(Value::String(p)) = o.get("pattern") {
            let widened = format!("(?:{p})|{TEMPLATE_PATTERN}");
            o.insert("pattern".into(), json!(widened));
        }
        o.insert(
            "description".into(),
            json!("Selects the IO type; its sub-block sits beside it."),
        );
        o.insert("x-live-mutable".into(), json!(false));
    }
    let mut props = Map::new();
    props.insert("type".into(), ty.to_value());
    let mut all_of = Vec::new();
    let mut selector_rules = Vec::new();
    for (name, block) in all {
        let Some(block) = block else { continue };
        // The sub-block's own fields apply only when its type is selected
        // (the platform applies an IO manifest's entries by selector,
        // VALIDATOR.md §7); otherwise only the selector rule speaks.
        let sub = sub_schema(block, generator).to_value();
        props.insert((*block).into(), names_only(&sub));
        all_of.push(json!({
            "if": { "properties": { "type": { "const": name } }, "required": ["type"] },
            "then": { "required": [block], "properties": { *block: sub } },
        }));
        selector_rules.push(json!({
            "if": { "required": [block] },
            "then": { "required": ["type"], "properties": { "type": { "const": name } } },
        }));
    }
    let mut obj = Map::new();
    obj.insert("type".into(), json!("object"));
    obj.insert("properties".into(), Value::Object(props));
    if type_required {
        obj.insert("required".into(), json!(["type"]));
    }
    for rule in all_of {
        push_all_of(&mut obj, rule);
    }
    push_all_of(
        &mut obj,
        json!({ "x-rule": "io-selector", "allOf": selector_rules }),
    );
    Schema::from(obj)
}

/// Schema of `inputs` allowing the given input types.
pub(crate) fn inputs_schema(
    generator: &mut SchemaGenerator,
    allowed: &[&str],
    type_required: bool,
) -> Schema {
    selector_schema(
        generator,
        INPUT_TYPES,
        allowed,
        type_required,
        &mut |block, g| match block {
            "scheduler" => g.subschema_for::<scheduler::SchedulerInput>(),
            "redis" => g.subschema_for::<redis_dataset::RedisDatasetInput>(),
            "csv" => g.subschema_for::<csv_dataset::CsvDatasetInput>(),
            _ => json_schema!({}),
        },
    )
}

/// Schema of `outputs` allowing the given output types.
pub(crate) fn outputs_schema(
    generator: &mut SchemaGenerator,
    allowed: &[&str],
    type_required: bool,
) -> Schema {
    selector_schema(
        generator,
        OUTPUT_TYPES,
        allowed,
        type_required,
        &mut |block, g| match block {
            "redis" => g.subschema_for::<redis_output::RedisOutput>(),
            _ => json_schema!({}),
        },
    )
}

fn all_names(types: &[(&'static str, Option<&'static str>)]) -> Vec<&'static str> {
    types.iter().map(|(n, _)| *n).collect()
}

/// `inputs` of a kind that accepts every input type, `inputs.type` optional.
pub(crate) fn any_inputs(generator: &mut SchemaGenerator) -> Schema {
    inputs_schema(generator, &all_names(INPUT_TYPES), false)
}

/// `outputs` of a kind that accepts every output type, `outputs.type` optional.
pub(crate) fn any_outputs(generator: &mut SchemaGenerator) -> Schema {
    outputs_schema(generator, &all_names(OUTPUT_TYPES), false)
}
