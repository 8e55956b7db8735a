//! The swarm controller's provisioning of one bee (stage P,
//! `swarm-controller-service/.../SwarmRuntimeCore.java`, SRC:300-369): the
//! container environment, the volumes, and the SUT enrichment of the config.

use super::{child, codes, java_text, Binding, Issue, Origin, Origins, Stage, Vars};
use crate::finding::Finding;
use serde::Serialize;
use serde_json::{Map, Value};

/// One container environment variable and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvVar {
    /// The name.
    pub name: String,
    /// The value (`<...>` for a value the deployment supplies).
    pub value: String,
    /// Its origin.
    pub source: Origin,
}

/// One volume spec and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Volume {
    /// `host:container[:mode]`.
    pub spec: String,
    /// Its origin.
    pub source: Origin,
}

/// The fields exported per IO sub-block, in the controller's order
/// (SRC:851-906). `None` marks the indexed list at that place.
const INPUT_REDIS: [&str; 11] = [
    "host",
    "port",
    "username",
    "password",
    "ssl",
    "listName",
    "pickStrategy",
    "sources",
    "ratePerSec",
    "initialDelayMs",
    "tickIntervalMs",
];
const INPUT_CSV: [&str; 9] = [
    "filePath",
    "ratePerSec",
    "rotate",
    "skipHeader",
    "delimiter",
    "charset",
    "startupDelaySeconds",
    "tickIntervalMs",
    "enabled",
];
const OUTPUT_REDIS: [&str; 11] = [
    "host",
    "port",
    "username",
    "password",
    "ssl",
    "sourceStep",
    "pushDirection",
    "defaultList",
    "targetListTemplate",
    "routes",
    "maxLen",
];
/// Fields of each `inputs.redis.sources[i]` (SRC:858-862).
const SOURCE_FIELDS: [&str; 2] = ["listName", "weight"];
/// Fields of each `outputs.redis.routes[i]` (SRC:895-904).
const ROUTE_FIELDS: [&str; 4] = ["match", "header", "headerMatch", "list"];

/// Variables every worker gets from the controller's own settings
/// (`ControlPlaneContainerEnvironmentFactory.workerEnvironment`, then
/// SRC:327-337), before the IO variables.
const DEPLOYMENT_ENV: [&str; 8] = [
    "POCKETHIVE_CONTROL_PLANE_EXCHANGE",
    "SPRING_RABBITMQ_HOST",
    "SPRING_RABBITMQ_PORT",
    "SPRING_RABBITMQ_USERNAME",
    "SPRING_RABBITMQ_PASSWORD",
    "SPRING_RABBITMQ_VIRTUAL_HOST",
    "POCKETHIVE_CONTROL_PLANE_CONTROL_QUEUE_PREFIX",
    "POCKETHIVE_TEMPLATE_ID",
];

/// The controller's `LinkedHashMap`: a name keeps the position of its
/// first write and takes the value of its last (the map is then copied
/// with `Map.copyOf`, whose order is unspecified: position is shown only to
/// make the sequence of writes readable).
#[derive(Default)]
struct Env {
    vars: Vec<EnvVar>,
}

impl Env {
    /// Writes `name`; the previous entry, if any, is returned.
    fn put(&mut self, name: &str, value: String, source: Origin) -> Option<EnvVar> {
        let new = EnvVar {
            name: name.to_string(),
            value,
            source,
        };
        match self.vars.iter_mut().find(|v| v.name == name) {
            Some(slot) => Some(std::mem::replace(slot, new)),
            None => {
                self.vars.push(new);
                None
            }
        }
    }
}

/// The container environment of a bee, exactly in the controller's order:
/// control-plane identity and deployment settings, the work queues, the
/// IO selectors (upper-cased) and the fixed IO field list (blank values
/// skipped), then the bee's own `env`, which overrides everything
/// (SRC:322-350, 806-908, 967-1011). `config` is the orchestrator-rewritten
/// config (before the SUT enrichment, SRC:343 vs 351).
pub(crate) fn container_env(
    role: &str,
    image: &str,
    bee: &Value,
    config: &Value,
    binding: &Binding,
    issues: &mut Vec<Issue>,
) -> Vec<EnvVar> {
    let mut env = Env::default();
    let deployment = Origin::Derived("controller settings");
    env.put(
        "POCKETHIVE_CONTROL_PLANE_INSTANCE_ID",
        format!("<beeName: {role}-...>"),
        Origin::Derived("bee name (BeeNameGenerator)"),
    );
    env.put(
        "POCKETHIVE_CONTROL_PLANE_WORKER_ROLE",
        role.to_string(),
        Origin::Derived("bee role"),
    );
    env.put(
        "POCKETHIVE_CONTROL_PLANE_SWARM_ID",
        binding.swarm_id.clone(),
        Origin::Derived("swarm id"),
    );
    for name in DEPLOYMENT_ENV {
        env.put(name, "<deployment>".into(), deployment.clone());
    }
    if !image.trim().is_empty() {
        env.put(
            "POCKETHIVE_RUNTIME_IMAGE",
            image.to_string(),
            Origin::Derived("bee image (SRC:333-335)"),
        );
    }
    env.put(
        "POCKETHIVE_RUNTIME_STACK_NAME",
        format!("ph-{}", binding.swarm_id.to_lowercase()),
        Origin::Derived("swarm id (SRC:336-339, 924-926)"),
    );
    work_env(bee, &mut env);
    if let Some(config) = config.as_object() {
        io_env(config, &mut env, Vars::Rendered, issues);
    }
    env.put("CONTROL_NETWORK", "<deployment>".into(), deployment);
    if let Some(own) = bee.get("env").and_then(Value::as_object) {
        for (name, value) in own {
            let line = Origin::Derived("bee env");
            let text = match value {
                Value::String(s) => s.clone(),
                other => java_text(other),
            };
            if let Some(old) = env.put(name, text, line) {
                if !matches!(old.source, Origin::Derived("controller settings")) {
                    issues.push(Issue::at_stage(
                        Stage::Provision,
                        child("/env", name),
                        Finding::warning(
                            codes::ENV_OVERRIDE,
                            format!(
                                "`env.{name}` overrides the value the controller derives ({}) \
                                 (SRC:348-350)",
                                old.source
                            ),
                        )
                        .with_fix("drop it from `env` and set the config field instead"),
                    ));
                }
            }
        }
    }
    env.vars
}

/// `work.in.in` / `work.out.out` (trimmed, blank dropped; Work.java) as
/// queue names, and the exchange when either is set (SRC:806-829).
fn work_env(bee: &Value, env: &mut Env) {
    let port = |side: &str, id: &str| {
        bee.pointer(&format!("/work/{side}"))
            .and_then(Value::as_object)
            .and_then(|ports| {
                ports
                    .iter()
                    .find(|(k, _)| k.trim() == id)
                    .map(|(_, v)| match v {
                        Value::Null => String::new(),
                        Value::String(s) => s.trim().to_string(),
                        other => java_text(other).trim().to_string(),
                    })
            })
            .filter(|s| !s.is_empty())
    };
    let input = port("in", "in");
    let output = port("out", "out");
    if let Some(q) = &input {
        env.put(
            "POCKETHIVE_INPUT_RABBIT_QUEUE",
            format!("<queuePrefix>.{q}"),
            Origin::Derived("work.in.in (SRC:813-815)"),
        );
    }
    if let Some(q) = &output {
        env.put(
            "POCKETHIVE_OUTPUT_RABBIT_ROUTING_KEY",
            format!("<queuePrefix>.{q}"),
            Origin::Derived("work.out.out (SRC:818-820)"),
        );
    }
    if input.is_some() || output.is_some() {
        env.put(
            "POCKETHIVE_OUTPUT_RABBIT_EXCHANGE",
            "<hiveExchange>".into(),
            Origin::Derived("a work queue is set (SRC:823-825)"),
        );
    }
}

/// The provisioning failures of the exported IO lists (SRC:986-1011):
/// `inputs.redis.sources` / `outputs.redis.routes` that is not a list, or
/// an entry that is not a map, read verbatim whatever the IO selectors say.
/// The same computation as the env; `check` runs it on the written config.
pub(crate) fn io_list_issues(config: &Map<String, Value>, vars: Vars) -> Vec<Issue> {
    let mut issues = Vec::new();
    io_env(config, &mut Env::default(), vars, &mut issues);
    issues
}

/// The IO selectors and the fixed field list (SRC:831-908).
fn io_env(config: &Map<String, Value>, env: &mut Env, vars: Vars, issues: &mut Vec<Issue>) {
    for (side, upper) in [("inputs", "INPUTS"), ("outputs", "OUTPUTS")] {
        let Some(block) = config.get(side).and_then(Value::as_object) else {
            continue;
        };
        if let Some(t) = block.get("type").filter(|t| !t.is_null()) {
            let text = java_text(t).trim().to_uppercase();
            if !text.is_empty() {
                env.put(
                    &format!("POCKETHIVE_{upper}_TYPE"),
                    text,
                    Origin::Derived("upper-cased selector (SRC:836-841)"),
                );
            }
        }
        let subs: &[(&str, &[&str])] = if side == "inputs" {
            &[("redis", &INPUT_REDIS), ("csv", &INPUT_CSV)]
        } else {
            &[("redis", &OUTPUT_REDIS)]
        };
        for (sub, fields) in subs {
            let Some(map) = block.get(*sub).and_then(Value::as_object) else {
                continue;
            };
            let prefix = format!("POCKETHIVE_{upper}_{}", sub.to_uppercase());
            let pointer = format!("/config/{side}/{sub}");
            for field in *fields {
                let value = map.get(*field);
                match *field {
                    "sources" => indexed(
                        env,
                        &format!("{prefix}_SOURCES"),
                        value,
                        &SOURCE_FIELDS,
                        &format!("{pointer}/sources"),
                        vars,
                        issues,
                    ),
                    "routes" => indexed(
                        env,
                        &format!("{prefix}_ROUTES"),
                        value,
                        &ROUTE_FIELDS,
                        &format!("{pointer}/routes"),
                        vars,
                        issues,
                    ),
                    _ => put_present(
                        env,
                        &format!("{prefix}_{}", field.to_uppercase()),
                        value,
                        &format!("{side}.{sub}.{field}"),
                    ),
                }
            }
        }
    }
}

/// `putEnvIfPresent` (SRC:960-968): null skipped, `toString()` trimmed,
/// blank skipped.
fn put_present(env: &mut Env, name: &str, value: Option<&Value>, field: &str) {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return;
    };
    let text = java_text(value).trim().to_string();
    if !text.is_empty() {
        env.put(name, text, Origin::Field(field.to_string()));
    }
}

/// `putIndexedEnvIfPresent` (SRC:986-1011): not a list, or an entry not a
/// map, fails provisioning.
fn indexed(
    env: &mut Env,
    name: &str,
    value: Option<&Value>,
    fields: &[&str],
    pointer: &str,
    vars: Vars,
    issues: &mut Vec<Issue>,
) {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return;
    };
    let Some(items) = value.as_array() else {
        let templated = value.as_str().is_some_and(|s| s.contains("{{"));
        issues.push(Issue::at_stage(
            Stage::Provision,
            pointer,
            Finding::error(
                codes::IO_LIST,
                format!(
                    "\"{name} must be a list of objects\": the swarm controller fails the \
                     `swarm-template` phase (SRC:992-994){}",
                    if templated {
                        "; a template cannot help: no variable is a list (VALIDATOR.md F24)"
                    } else {
                        ""
                    }
                ),
            )
            .with_fix("write the list literally (`- {listName: a, weight: 1}`)"),
        ));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let Some(entry) = item.as_object() else {
            // A whole `{{ vars.x }}` entry may render to a map (an OBJECT
            // variable, VALIDATOR.md F24): only likely before the rewrite.
            let pending = vars == Vars::Unrendered
                && item.as_str().and_then(super::text::whole_var).is_some();
            let message =
                format!("\"{name}_{i} must be an object\": provisioning fails (SRC:997-999)");
            let finding = if pending {
                Finding::warning(
                    codes::IO_LIST,
                    format!("{message}, unless the variable is an OBJECT"),
                )
            } else {
                Finding::error(codes::IO_LIST, message)
            };
            issues.push(Issue::at_stage(
                Stage::Provision,
                format!("{pointer}/{i}"),
                finding.with_fix("write each entry as a map"),
            ));
            return;
        };
        for field in fields {
            put_present(
                env,
                &format!("{name}_{i}_{}", field.to_uppercase()),
                entry.get(*field),
                &format!(
                    "{}[{i}].{field}",
                    super::dotted(pointer.strip_prefix("/config").unwrap_or(pointer))
                ),
            );
        }
    }
}

/// The volumes the compute adapter mounts: the controller's runtime root
/// (when it has one) then `docker.volumes` of the enriched config, filtered
/// again (SRC:344-350, 1028-1051).
pub(crate) fn volumes(
    config: &Value,
    origins: &Origins,
    config_line: &dyn Fn(&str) -> Origin,
) -> Vec<Volume> {
    let mut out = vec![Volume {
        spec: "${POCKETHIVE_SCENARIOS_RUNTIME_ROOT}:/app/scenarios-runtime".into(),
        source: Origin::Derived("controller runtime root, when set (SRC:351-358)"),
    }];
    if let Some(items) = config.pointer("/docker/volumes").and_then(Value::as_array) {
        for (i, item) in items.iter().enumerate() {
            if let Some(spec) = item.as_str().map(str::trim).filter(|s| !s.is_empty()) {
                let pointer = format!("/docker/volumes/{i}");
                out.push(Volume {
                    spec: spec.to_string(),
                    source: origins
                        .get(&pointer)
                        .cloned()
                        .unwrap_or_else(|| config_line(&pointer)),
                });
            }
        }
    }
    out
}

/// `sut.targetEndpointId` enrichment (SRC:1053-1102): only with a SUT bound
/// and a non-empty config.
pub(crate) fn enrich_with_sut(
    config: &mut Value,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    let Some(sut) = &binding.sut else { return };
    let Some(map) = config.as_object_mut() else {
        return;
    };
    let Some(Value::Object(sut_map)) = map.get("sut") else {
        return;
    };
    let ignored = |why: String| {
        Issue::at_stage(
            Stage::Provision,
            "/config/sut/targetEndpointId",
            Finding::warning(
                codes::TARGET_IGNORED,
                format!("`sut.targetEndpointId` {why}: the controller ignores it silently (SRC:1065-1077)"),
            )
            .with_fix(format!(
                "name an endpoint of {} ({})",
                sut.file,
                sut.endpoints.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
        )
    };
    let id = match sut_map.get("targetEndpointId") {
        None => return,
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::String(_)) => {
            issues.push(ignored("is blank".into()));
            return;
        }
        Some(_) => {
            issues.push(ignored("is not a string".into()));
            return;
        }
    };
    let Some(endpoint) = sut.endpoints.get(&id) else {
        issues.push(ignored(format!("names no endpoint of SUT '{}'", sut.id)));
        return;
    };
    let mut new_sut = sut_map.clone();
    new_sut.insert("environmentId".into(), Value::String(sut.id.clone()));
    match sut.kind.as_ref().filter(|k| !k.trim().is_empty()) {
        Some(kind) => {
            new_sut.insert("environmentType".into(), Value::String(kind.trim().into()));
        }
        None => {
            new_sut.remove("environmentType");
        }
    }
    new_sut.insert("environment".into(), sut.to_json());
    new_sut.insert("targetEndpointId".into(), Value::String(id.clone()));
    new_sut.insert("targetEndpoint".into(), endpoint.clone());
    let from_sut = Origin::Sut {
        file: sut.file.clone(),
    };
    for key in [
        "environmentId",
        "environmentType",
        "environment",
        "targetEndpoint",
    ] {
        origins.set(format!("/sut/{key}"), from_sut.clone());
    }
    map.insert("sut".into(), Value::Object(new_sut));
    if let Some(base) = sut.base_url(&id) {
        let before = map.get("baseUrl").cloned();
        if before.as_ref().and_then(Value::as_str) != Some(base) {
            issues.push(Issue::at_stage(
                Stage::Provision,
                "/config/baseUrl",
                Finding::warning(
                    codes::BASE_URL_OVERRIDDEN,
                    format!(
                        "`sut.targetEndpointId: {id}` overwrites `baseUrl` with that endpoint's \
                         ({}); any path suffix is lost (SRC:1095-1099)",
                        before.as_ref().map_or("unset".into(), java_text)
                    ),
                )
                .with_fix("drop `baseUrl`, or drop `sut.targetEndpointId` to keep the suffix"),
            ));
        }
        map.insert("baseUrl".into(), Value::String(base.to_string()));
        origins.set("/baseUrl", from_sut);
    }
}
