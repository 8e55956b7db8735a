//! What each bee will run with (issue 20): the config exactly as the worker
//! receives it, after the orchestrator's rewrite and the swarm controller's
//! provisioning ([`crate::runtime`]), with each value's provenance, the
//! container environment in the controller's order, the volumes, and every
//! failure those stages would meet as a finding naming its stage.
//!
//! Runtime layering (RULES.md): effective config = defaults < host
//! overrides < control-plane patches, each deep-merged ([`deep_merge`]). A
//! scenario is the first control-plane layer; the plan shows it as the
//! worker's bootstrap `config-update` delivers it. Secrets are masked by
//! name and URL shape, and so is any text equal to a secret-named variable.

use super::kind::kind_of_image;
use crate::finding::{Finding, Position};
use crate::runtime::controller::{self, EnvVar, Volume};
use crate::runtime::{docker, orchestrator, worker, Binding, Issue, Origin, Origins, Vars};
use crate::secret::{is_secret_name, mask_secret_fields, mask_url_credentials};
use crate::source::yaml::{Document, Node};
use serde::Serialize;
use serde_json::{Map, Value};

/// The mask shown for a secret.
const MASK: &str = "****";

/// The plan of a whole scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The scenario id.
    pub scenario: String,
    /// The swarm id used (`<swarmId>`: chosen at create).
    #[serde(rename = "swarmId")]
    pub swarm_id: String,
    /// The variables profile chosen, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The SUT bound, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sut: Option<String>,
    /// One entry per bee, in file order.
    pub bees: Vec<BeePlan>,
    /// What fails (or surprises) at swarm create, provisioning or bootstrap.
    pub findings: Vec<Finding>,
}

/// One bee as its worker receives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeePlan {
    /// The bee's role.
    pub role: String,
    /// The image as written.
    pub image: String,
    /// The worker kind resolved from the image.
    pub kind: String,
    /// The public config the worker binds and reports (secrets masked).
    pub config: Value,
    /// `privateConfig`, kept apart by the worker (secrets masked).
    #[serde(rename = "privateConfig", skip_serializing_if = "Option::is_none")]
    pub private_config: Option<Value>,
    /// Origin of every leaf of `config` and `privateConfig`, by JSON
    /// pointer (`/privateConfig/...` for the private part).
    pub provenance: Map<String, Value>,
    /// The container environment in the controller's order of writes
    /// (later writes win; the bee's own `env` comes last).
    pub env: Vec<EnvVar>,
    /// The volumes the compute adapter mounts.
    pub volumes: Vec<Volume>,
}

impl BeePlan {
    /// The config without the values the platform derives (the scenario
    /// mount, the SUT enrichment, ...): what can be compared with a
    /// worker's report when the swarm id and deployment are not known. A
    /// list holding a derived item is left out whole.
    pub fn comparable_config(&self) -> Value {
        keep_written(&self.config, "", &self.provenance).unwrap_or(Value::Object(Map::new()))
    }
}

fn keep_written(value: &Value, pointer: &str, provenance: &Map<String, Value>) -> Option<Value> {
    let derived = |p: &str| {
        provenance
            .get(p)
            .and_then(Value::as_str)
            .is_some_and(|o| o.starts_with("derived:"))
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            let kept: Map<String, Value> = map
                .iter()
                .filter_map(|(k, v)| {
                    let at = crate::runtime::child(pointer, k);
                    keep_written(v, &at, provenance).map(|v| (k.clone(), v))
                })
                .collect();
            (!kept.is_empty() || pointer.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) if !items.is_empty() => {
            let all: Option<Vec<Value>> = items
                .iter()
                .enumerate()
                .map(|(i, v)| keep_written(v, &format!("{pointer}/{i}"), provenance))
                .collect();
            all.map(Value::Array)
        }
        _ => (!derived(pointer)).then(|| value.clone()),
    }
}

/// The plan with no variables profile and no SUT (swarm id `<swarmId>`).
///
/// ```
/// use config_core::scenario::plan::plan;
/// use config_core::source::yaml::{parse_jackson, Limits};
/// let text = "id: demo\ntemplate:\n  bees:\n    - role: gen\n      image: generator:latest\n";
/// let plan = plan(&parse_jackson(text, &Limits::default()).unwrap());
/// assert_eq!((plan.scenario.as_str(), plan.swarm_id.as_str()), ("demo", "<swarmId>"));
/// assert_eq!(plan.bees[0].role, "gen");
/// ```
pub fn plan(doc: &Document) -> Plan {
    plan_with(doc, &Binding::unbound(), Vec::new())
}

/// The plan for a create request's `binding`; `issues` are the binding's
/// own failures ([`Binding::from_bundle`]).
pub fn plan_with(doc: &Document, binding: &Binding, issues: Vec<Issue>) -> Plan {
    let root = doc.root.to_json();
    let scenario = str_at(&root, "/id");
    let mut findings: Vec<Finding> = issues.into_iter().map(|i| i.finding).collect();
    let secrets = secret_values(&binding.vars);
    let bees = root
        .pointer("/template/bees")
        .and_then(Value::as_array)
        .map(|bees| {
            bees.iter()
                .enumerate()
                .map(|(i, bee)| {
                    let node = doc.root.pointer(&format!("/template/bees/{i}"));
                    let mut issues = Vec::new();
                    let mut plan = bee_plan(bee, node, binding, &mut issues);
                    mask(&mut plan, &secrets);
                    findings.extend(issues.into_iter().map(|issue| place(issue, i, &doc.root)));
                    plan
                })
                .collect()
        })
        .unwrap_or_default();
    let mut plan = Plan {
        scenario,
        swarm_id: binding.swarm_id.clone(),
        profile: match &binding.vars_origin {
            Some(Origin::Profile { profile, .. }) => Some(profile.clone()),
            _ => None,
        },
        sut: binding.sut.as_ref().map(|s| s.id.clone()),
        bees,
        findings,
    };
    // A secret's value copied under another key (a YAML alias) is masked too.
    let aliases = crate::secret::SecretValues::of(&doc.root);
    for bee in &mut plan.bees {
        aliases.mask_json(&mut bee.config);
        for var in &mut bee.env {
            let mut value = Value::String(std::mem::take(&mut var.value));
            aliases.mask_json(&mut value);
            var.value = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
        }
    }
    plan
}

fn bee_plan(
    bee: &Value,
    node: Option<&Node>,
    binding: &Binding,
    issues: &mut Vec<Issue>,
) -> BeePlan {
    let role = str_at(bee, "/role");
    let image = str_at(bee, "/image");
    let kind = kind_of_image(&image);
    let mut origins = Origins::default();
    let written = bee.get("config").cloned().unwrap_or(Value::Null);
    // Stage C, then the env from the rewritten config (SRC:343), then the
    // SUT enrichment (SRC:351) that the worker receives.
    let mut config = orchestrator::rewrite(&written, &image, binding, &mut origins, issues);
    let env = controller::container_env(
        &role,
        &image,
        &env_as_bound(bee, node),
        &config,
        binding,
        issues,
    );
    controller::enrich_with_sut(&mut config, binding, &mut origins, issues);
    if let Some(map) = config.as_object() {
        issues.extend(docker::provision_issues(map, Vars::Rendered));
    }
    let at_line = |pointer: &str| scenario_origin(node, pointer);
    let volumes = controller::volumes(&config, &origins, &at_line);
    let received = worker::receive(&config, &kind, issues);
    // Provenance is looked up where the value was written: the worker's
    // selection and key canonicalisation undone.
    let origin_of = |pointer: &str| {
        let written = received.written_pointer(pointer);
        origins
            .get(&written)
            .cloned()
            .unwrap_or_else(|| at_line(&written))
    };
    let mut provenance = Map::new();
    leaf_origins(&received.config, "", &origin_of, &mut provenance);
    if let Some(private) = &received.private {
        leaf_origins(private, "/privateConfig", &origin_of, &mut provenance);
    }
    BeePlan {
        role,
        image,
        kind,
        config: received.config,
        private_config: received.private,
        provenance,
        env,
        volumes,
    }
}

/// The bee with each `env` value as the platform binds it: `Bee.env` is a
/// `Map<String, String>` (M/Bee.java:14), so Jackson takes a scalar's
/// source text (`007`, `yes`, `1.50`), not its typed value. Nothing
/// resolves `${...}` on the way: the orchestrator passes `env` through
/// (ORC:323), the controller copies it last (SRC:348-349), and the compute
/// adapters write `NAME=value` as is (DockerContainerClient.java:153-157;
/// DSS:293-300 escapes `{{`/`}}` so Docker's service templating keeps them).
fn env_as_bound(bee: &Value, node: Option<&Node>) -> Value {
    let mut bee = bee.clone();
    if let (Some(Value::Object(env)), Some(node)) = (bee.get_mut("env"), node) {
        for (name, value) in env.iter_mut() {
            let raw = node
                .pointer(&crate::runtime::child("/env", name))
                .and_then(|n| n.raw.as_deref());
            if let Some(raw) = raw {
                *value = Value::String(raw.to_string());
            }
        }
    }
    bee
}

/// The scenario position of a config pointer (the nearest written node).
fn scenario_origin(bee: Option<&Node>, pointer: &str) -> Origin {
    let node = bee.map(|b| b.nearest(&format!("/config{pointer}")).0);
    match node {
        Some(n) => Origin::Scenario {
            line: n.span.line,
            column: n.span.column,
        },
        None => Origin::Derived("unknown"),
    }
}

fn leaf_origins(
    value: &Value,
    pointer: &str,
    origin_of: &dyn Fn(&str) -> Origin,
    out: &mut Map<String, Value>,
) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let at = crate::runtime::child(pointer, k);
                leaf_origins(v, &at, origin_of, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                leaf_origins(v, &format!("{pointer}/{i}"), origin_of, out);
            }
        }
        _ => {
            out.insert(
                pointer.to_string(),
                Value::String(origin_of(pointer).to_string()),
            );
        }
    }
}

/// A runtime issue placed in the scenario: the position of the nearest
/// written node and the path `template.bees[i].config...`, formatted as
/// `check` formats its paths ([`super::rules::display_path`]).
fn place(issue: Issue, index: usize, root: &Node) -> Finding {
    let pointer = format!("/template/bees/{index}{}", issue.pointer);
    let (node, _) = root.nearest(&pointer);
    let path = super::rules::display_path(root, &pointer);
    issue
        .finding
        .at(Position {
            line: node.span.line,
            column: node.span.column,
        })
        .with_path(path)
}

/// Texts of secret-named variables (masked wherever they are rendered).
fn secret_values(vars: &Map<String, Value>) -> Vec<String> {
    vars.iter()
        .filter(|(k, _)| is_secret_name(k))
        .filter_map(|(_, v)| match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .collect()
}

/// Masks secrets in config, private config and env (by name, URL shape,
/// and secret variable values); here, once.
fn mask(plan: &mut BeePlan, secrets: &[String]) {
    mask_secret_fields(&mut plan.config);
    mask_texts(&mut plan.config, secrets);
    if let Some(private) = &mut plan.private_config {
        mask_secret_fields(private);
        mask_texts(private, secrets);
    }
    for var in &mut plan.env {
        if is_secret_name(&var.name) && !var.value.starts_with('<') {
            var.value = MASK.into();
        } else {
            var.value = mask_url_credentials(&var.value).into_owned();
            replace_secrets(&mut var.value, secrets);
        }
    }
}

fn mask_texts(value: &mut Value, secrets: &[String]) {
    match value {
        Value::String(s) => replace_secrets(s, secrets),
        Value::Object(map) => map.values_mut().for_each(|v| mask_texts(v, secrets)),
        Value::Array(items) => items.iter_mut().for_each(|v| mask_texts(v, secrets)),
        _ => {}
    }
}

fn replace_secrets(text: &mut String, secrets: &[String]) {
    for secret in secrets {
        if text.contains(secret.as_str()) {
            *text = text.replace(secret.as_str(), MASK);
        }
    }
}

fn str_at(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The runtime layering's merge, declared in [`crate::runtime`].
pub use crate::runtime::deep_merge;

/// The variables a bee derives for itself: control-plane identity, work
/// queues, IO selectors and fields, and its own `env` last (the
/// deployment's own settings left out), as `name -> value`.
pub fn container_env(
    scenario: &str,
    role: &str,
    bee: &Value,
    config: &Value,
) -> Map<String, Value> {
    let binding = Binding {
        swarm_id: scenario.to_string(),
        ..Binding::default()
    };
    let mut ignored = Vec::new();
    controller::container_env(role, "", bee, config, &binding, &mut ignored)
        .into_iter()
        .filter(|v| !v.value.starts_with('<') && !v.name.starts_with("POCKETHIVE_RUNTIME_"))
        .map(|v| (v.name, Value::String(v.value)))
        .collect()
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
