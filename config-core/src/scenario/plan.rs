//! What each bee will run with (RULES.md, "Runtime config layering"): its
//! effective config and the container environment derived from it.
//!
//! Effective config = defaults < host overrides < control-plane patches, each
//! layer deep-merged ([`deep_merge`]: maps key by key, scalars and lists
//! replace). A scenario file is the control-plane layer over no defaults, so
//! the plan shows the `config` block as the worker will receive it.

use super::kind::kind_of_image;
use crate::secret::{mask_secret_entries, mask_secret_fields};
use crate::source::yaml::Document;
use serde::Serialize;
use serde_json::{Map, Value};

/// The plan of a whole scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The scenario id.
    pub scenario: String,
    /// One entry per bee, in file order.
    pub bees: Vec<BeePlan>,
}

/// One bee's effective config and container environment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeePlan {
    /// The bee's role.
    pub role: String,
    /// The image as written.
    pub image: String,
    /// The worker kind resolved from the image.
    pub kind: String,
    /// The effective config.
    pub config: Value,
    /// The container environment, in derivation order (later layers already
    /// applied).
    pub env: Map<String, Value>,
}

/// Builds the plan of a parsed scenario. Meant for files that check without
/// errors; missing parts are simply left out.
pub fn plan(doc: &Document) -> Plan {
    let root = doc.root.to_json();
    let scenario = str_at(&root, "/id");
    let bees = root
        .pointer("/template/bees")
        .and_then(Value::as_array)
        .map(|bees| bees.iter().map(|bee| bee_plan(&scenario, bee)).collect())
        .unwrap_or_default();
    let mut plan = Plan { scenario, bees };
    // A secret's value copied under another key (a YAML alias) is masked too.
    let secrets = crate::secret::SecretValues::of(&doc.root);
    for bee in &mut plan.bees {
        secrets.mask_json(&mut bee.config);
        bee.env.values_mut().for_each(|v| secrets.mask_json(v));
    }
    plan
}

fn bee_plan(scenario: &str, bee: &Value) -> BeePlan {
    let role = str_at(bee, "/role");
    let image = str_at(bee, "/image");
    let mut config = Value::Object(Map::new());
    if let Some(block) = bee.get("config").filter(|c| c.is_object()) {
        deep_merge(&mut config, block);
    }
    let mut env = container_env(scenario, &role, bee, &config);
    // Credentials (db-query `connection.password`, Redis `password`, an
    // `Authorization` header, a secret-named env variable, a URL's password)
    // never print: masked by name and URL shape, here, once.
    mask_secret_fields(&mut config);
    mask_secret_entries(&mut env);
    BeePlan {
        kind: kind_of_image(&image),
        role,
        image,
        config,
        env,
    }
}

fn str_at(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Deep-merges `patch` into `base`: maps merge key by key, anything else
/// (scalars, lists) replaces.
///
/// ```
/// use config_core::scenario::plan::deep_merge;
/// use serde_json::json;
/// let mut base = json!({"a": {"x": 1, "y": [1]}, "b": 1});
/// deep_merge(&mut base, &json!({"a": {"y": [2]}, "c": true}));
/// assert_eq!(base, json!({"a": {"x": 1, "y": [2]}, "b": 1, "c": true}));
/// ```
pub fn deep_merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (key, value) in patch {
                match base.get_mut(key) {
                    Some(existing) => deep_merge(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, patch) => *base = patch.clone(),
    }
}

/// IO sub-blocks whose fields become `POCKETHIVE_<PATH>` variables.
const IO_BLOCKS: [(&str, &str); 4] = [
    ("inputs", "scheduler"),
    ("inputs", "redis"),
    ("inputs", "csv"),
    ("outputs", "redis"),
];

/// The container environment of a bee, later entries winning: control-plane
/// identity, queues from `work`, IO selectors, IO sub-block fields, and last
/// the bee's own `env`.
pub fn container_env(
    scenario: &str,
    role: &str,
    bee: &Value,
    config: &Value,
) -> Map<String, Value> {
    let mut env = Map::new();
    let mut set = |key: String, value: String| {
        env.insert(key, Value::String(value));
    };
    set("POCKETHIVE_CONTROL_PLANE_SWARM_ID".into(), scenario.into());
    set("POCKETHIVE_CONTROL_PLANE_WORKER_ROLE".into(), role.into());
    if let Some(queue) = bee.pointer("/work/in/in").and_then(scalar_text) {
        set("POCKETHIVE_INPUT_RABBIT_QUEUE".into(), queue);
    }
    if let Some(key) = bee.pointer("/work/out/out").and_then(scalar_text) {
        set("POCKETHIVE_OUTPUT_RABBIT_ROUTING_KEY".into(), key);
    }
    if let Some(t) = config.pointer("/inputs/type").and_then(scalar_text) {
        set("POCKETHIVE_INPUTS_TYPE".into(), t);
    }
    if let Some(t) = config.pointer("/outputs/type").and_then(scalar_text) {
        set("POCKETHIVE_OUTPUTS_TYPE".into(), t);
    }
    for (side, block) in IO_BLOCKS {
        if let Some(value) = config.get(side).and_then(|s| s.get(block)) {
            flatten(&format!("POCKETHIVE_{side}_{block}"), value, &mut set);
        }
    }
    if let Some(own) = bee.get("env").and_then(Value::as_object) {
        for (key, value) in own {
            if let Some(text) = scalar_text(value) {
                set(key.clone(), text);
            }
        }
    }
    env
}

/// `POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME`-style names for every scalar.
fn flatten(prefix: &str, value: &Value, set: &mut impl FnMut(String, String)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                flatten(&format!("{prefix}_{key}"), child, set);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                flatten(&format!("{prefix}_{i}"), child, set);
            }
        }
        Value::Null => {}
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                set(prefix.to_uppercase().replace(['.', '-'], "_"), text);
            }
        }
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse, Limits};
    use serde_json::json;

    #[test]
    fn env_layers_in_order_and_bee_env_wins() {
        let text = r#"
id: demo
template:
  bees:
    - role: gen
      image: ghcr.io/x/generator:1
      work: {in: {in: q-in}, out: {out: q-out}}
      env: {POCKETHIVE_INPUTS_TYPE: OVERRIDDEN, EXTRA: 1}
      config:
        inputs:
          type: REDIS_DATASET
          redis:
            sources: [{listName: a, weight: 2}]
            ssl: false
        outputs: {type: RABBITMQ}
"#;
        let doc = parse(text, &Limits::default()).unwrap();
        let plan = plan(&doc);
        let bee = &plan.bees[0];
        assert_eq!(bee.kind, "generator");
        assert_eq!(
            serde_json::to_value(&bee.env).unwrap(),
            json!({
                "POCKETHIVE_CONTROL_PLANE_SWARM_ID": "demo",
                "POCKETHIVE_CONTROL_PLANE_WORKER_ROLE": "gen",
                "POCKETHIVE_INPUT_RABBIT_QUEUE": "q-in",
                "POCKETHIVE_OUTPUT_RABBIT_ROUTING_KEY": "q-out",
                "POCKETHIVE_INPUTS_TYPE": "OVERRIDDEN",
                "POCKETHIVE_OUTPUTS_TYPE": "RABBITMQ",
                "POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME": "a",
                "POCKETHIVE_INPUTS_REDIS_SOURCES_0_WEIGHT": "2",
                "POCKETHIVE_INPUTS_REDIS_SSL": "false",
                "EXTRA": "1"
            })
        );
        assert_eq!(bee.config["inputs"]["type"], json!("REDIS_DATASET"));
    }

    #[test]
    fn credentials_are_masked_in_config_and_env() {
        let text = r#"
id: demo
template:
  bees:
    - role: out
      image: postprocessor:1
      env: {DB_PASSWORD: canary-1}
      config:
        connection: {user: u, password: canary-2}
        outputs: {type: REDIS, redis: {host: h, password: canary-3}}
"#;
        let doc = parse(text, &Limits::default()).unwrap();
        let json = serde_json::to_string(&plan(&doc)).unwrap();
        assert!(!json.contains("canary"), "{json}");
        assert!(
            json.contains("\"POCKETHIVE_OUTPUTS_REDIS_PASSWORD\":\"****\""),
            "{json}"
        );
        assert!(json.contains("\"user\":\"u\""), "{json}");
    }

    #[test]
    fn merge_replaces_lists_and_scalars() {
        let mut base = json!({"a": [1, 2], "m": {"k": 1}});
        deep_merge(&mut base, &json!({"a": [3], "m": 5}));
        assert_eq!(base, json!({"a": [3], "m": 5}));
    }
}
