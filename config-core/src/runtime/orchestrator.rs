//! The orchestrator's rewrite of each bee config at swarm create (stage C,
//! `orchestrator-service/.../SwarmController.java`, ORC:294-333), in its
//! order: scenario mount, variables, auth SUT context, SUT `baseUrl`.

use super::text::{sut_base_url, var_placeholders, whole_var};
use super::{child, codes, docker, java_text, Binding, Issue, Origin, Origins, Stage};
use crate::bundle::SCENARIO_MOUNT;
use crate::finding::Finding;
use serde_json::{Map, Value};

/// Images whose config gains `privateConfig.authProfile.sut` (ORC:1438-1455;
/// matched on the repository name, case-sensitive).
pub(crate) const AUTH_SUT_CONTEXT_IMAGES: [&str; 3] =
    ["request-builder", "http-sequence", "processor"];

/// The scenario mount every bee gets (ORC:236).
pub(crate) fn scenario_volume(swarm_id: &str) -> String {
    format!("${{POCKETHIVE_SCENARIOS_RUNTIME_ROOT}}/{swarm_id}:{SCENARIO_MOUNT}:ro")
}

/// Rewrites one bee's config as the orchestrator does. `origins` receives
/// the origin of every value it sets.
pub(crate) fn rewrite(
    config: &Value,
    image: &str,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) -> Value {
    let mut config = match config {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    add_scenario_volume(&mut config, &binding.swarm_id, origins, issues);
    if !binding.vars.is_empty() {
        add_vars(&mut config, binding, origins, issues);
        render_vars(&mut config, binding, origins, issues);
    }
    if let Some(sut) = &binding.sut {
        if AUTH_SUT_CONTEXT_IMAGES.contains(&repository_name(image)) {
            add_auth_sut_context(&mut config, sut, origins, issues);
        }
        render_sut_base_url(&mut config, binding, origins, issues);
    } else if let Some(Value::String(url)) = config.get("baseUrl") {
        if sut_base_url(url).is_some() {
            issues.push(Issue::at_stage(
                Stage::Create,
                "/config/baseUrl",
                Finding::warning(
                    codes::SUT_UNBOUND,
                    "no SUT is bound, so `baseUrl` reaches the worker as the literal template \
                     (ORC:316 renders it only with a SUT)",
                )
                .with_fix("create the swarm with a SUT (--sut), or write a plain URL"),
            ));
        }
    }
    Value::Object(config)
}

/// `docker.volumes` keeps trimmed non-blank strings and gains the scenario
/// mount; `docker` is rebuilt with `Map.copyOf` (ORC:806-846; the rules in
/// [`super::docker`]).
fn add_scenario_volume(
    config: &mut Map<String, Value>,
    swarm_id: &str,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    issues.extend(docker::create_issues(config));
    let mut docker = match config.get("docker") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let mut volumes: Vec<String> = match docker.get("volumes") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(docker::kept_volume)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    let mount = scenario_volume(swarm_id);
    let index = volumes.len();
    if !volumes.contains(&mount) {
        volumes.push(mount);
        origins.set(
            format!("/docker/volumes/{index}"),
            Origin::Derived("scenario mount (ORC:236, 806-846)"),
        );
    }
    docker.insert(
        "volumes".into(),
        Value::Array(volumes.into_iter().map(Value::String).collect()),
    );
    config.insert("docker".into(), Value::Object(docker));
}

/// `config.vars` = the resolved variables, replacing the bee's own (ORC:848-858).
fn add_vars(
    config: &mut Map<String, Value>,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    if config.contains_key("vars") {
        issues.push(Issue::at_stage(
            Stage::Create,
            "/config/vars",
            Finding::warning(
                codes::VARS_REPLACED,
                "`vars` is reserved: the orchestrator replaces it with the resolved variables",
            )
            .with_fix("move these values into variables.yaml, or rename the key"),
        ));
    }
    config.insert("vars".into(), Value::Object(binding.vars.clone()));
    if let Some(origin) = &binding.vars_origin {
        origins.set("/vars", origin.clone());
    }
}

/// Renders `{{ vars.x }}` in every string outside `vars` (ORC:861-916).
fn render_vars(
    config: &mut Map<String, Value>,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    for (key, value) in config.iter_mut() {
        if key != "vars" {
            render_value(value, &child("", key), binding, origins, issues);
        }
    }
}

fn render_value(
    value: &mut Value,
    pointer: &str,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    match value {
        Value::String(text) => {
            if let Some(new) = render_string(text, pointer, binding, origins, issues) {
                *value = new;
            }
        }
        Value::Object(map) => {
            for (key, nested) in map.iter_mut() {
                let at = child(pointer, key);
                if nested.is_null() {
                    issues.push(Issue::at_stage(
                        Stage::Create,
                        format!("/config{at}"),
                        Finding::error(
                            codes::VAR_NULL,
                            "a null value inside the config: the variable rewrite rebuilds maps \
                             with `Map.copyOf`, which throws (ORC:880-888)",
                        )
                        .with_fix("remove the key, or give it a value"),
                    ));
                }
                render_value(nested, &at, binding, origins, issues);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                render_value(item, &format!("{pointer}/{i}"), binding, origins, issues);
            }
        }
        _ => {}
    }
}

fn render_string(
    text: &str,
    pointer: &str,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) -> Option<Value> {
    let origin = binding
        .vars_origin
        .clone()
        .unwrap_or(Origin::Derived("variables"));
    if let Some(path) = whole_var(text) {
        let value = lookup(&binding.vars, &path, pointer, issues)?;
        origins.set(pointer, origin);
        return Some(value.clone());
    }
    let found = var_placeholders(text);
    if found.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in &found {
        out.push_str(text.get(last..p.start).unwrap_or(""));
        out.push_str(&java_text(lookup(&binding.vars, &p.path, pointer, issues)?));
        last = p.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    origins.set(pointer, origin);
    Some(Value::String(out))
}

/// Walks `path` through maps by `.`; unknown and null fail the create.
fn lookup<'v>(
    vars: &'v Map<String, Value>,
    path: &str,
    pointer: &str,
    issues: &mut Vec<Issue>,
) -> Option<&'v Value> {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let mut current = vars.get(first);
    for part in parts {
        current = current
            .and_then(|c| c.as_object())
            .and_then(|m| m.get(part));
    }
    let fail = |code, message: String| {
        Issue::at_stage(
            Stage::Create,
            format!("/config{pointer}"),
            Finding::error(code, message).with_fix(
                "define the variable for this profile in variables.yaml, or choose another profile",
            ),
        )
    };
    match current {
        None => {
            issues.push(fail(
                codes::VAR_UNKNOWN,
                format!(
                    "\"Unknown scenario variable '{path}'\" for the chosen profile (ORC:918-931)"
                ),
            ));
            None
        }
        Some(Value::Null) => {
            issues.push(fail(
                codes::VAR_NULL,
                format!("\"Scenario variable '{path}' is null\" (ORC:928-930)"),
            ));
            None
        }
        Some(value) => Some(value),
    }
}

/// `privateConfig.authProfile.sut` = the SUT context (ORC:933-973).
fn add_auth_sut_context(
    config: &mut Map<String, Value>,
    sut: &super::Sut,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    let mut private = match config.get("privateConfig") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    if private.contains_key("authProfile") {
        issues.push(Issue::at_stage(
            Stage::Create,
            "/config/privateConfig/authProfile",
            Finding::warning(
                codes::AUTH_PROFILE_REPLACED,
                "`privateConfig.authProfile` is replaced by the bound SUT's context",
            )
            .with_fix("remove it: the orchestrator fills it from the SUT"),
        ));
    }
    let mut context = Map::new();
    context.insert("id".into(), Value::String(sut.id.clone()));
    context.insert(
        "name".into(),
        sut.name.clone().map_or(Value::Null, Value::String),
    );
    if let Some(kind) = sut.kind.as_ref().filter(|k| !k.trim().is_empty()) {
        context.insert("type".into(), Value::String(kind.clone()));
    }
    let mut endpoints = Map::new();
    for (id, endpoint) in &sut.endpoints {
        let mut e = Map::new();
        for key in ["kind", "baseUrl"] {
            e.insert(
                key.into(),
                endpoint.get(key).cloned().unwrap_or(Value::Null),
            );
        }
        if let Some(up) = endpoint
            .get("upstreamBaseUrl")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
        {
            e.insert("upstreamBaseUrl".into(), Value::String(up.to_string()));
        }
        endpoints.insert(id.clone(), Value::Object(e));
    }
    context.insert("endpoints".into(), Value::Object(endpoints));
    let mut auth = Map::new();
    auth.insert("sut".into(), Value::Object(context));
    private.insert("authProfile".into(), Value::Object(auth));
    config.insert("privateConfig".into(), Value::Object(private));
    origins.set(
        "/privateConfig/authProfile",
        Origin::Sut {
            file: sut.file.clone(),
        },
    );
}

/// `baseUrl: "{{ sut.endpoints['id'].baseUrl }}<suffix>"` (ORC:1457-1499).
fn render_sut_base_url(
    config: &mut Map<String, Value>,
    binding: &Binding,
    origins: &mut Origins,
    issues: &mut Vec<Issue>,
) {
    let Some(sut) = &binding.sut else { return };
    let Some(Value::String(url)) = config.get("baseUrl") else {
        return;
    };
    let Some((endpoint, suffix)) = sut_base_url(url) else {
        return;
    };
    let Some(base) = sut.base_url(&endpoint) else {
        let why = if sut.endpoints.contains_key(&endpoint) {
            format!(
                "\"SUT endpoint '{endpoint}' for environment '{}' has no baseUrl\"",
                sut.id
            )
        } else {
            format!(
                "\"Unknown SUT endpoint '{endpoint}' for environment '{}'\"",
                sut.id
            )
        };
        issues.push(Issue::at_stage(
            Stage::Create,
            "/config/baseUrl",
            Finding::error(codes::SUT_ENDPOINT, format!("{why} (ORC:1480-1494)")).with_fix(
                format!(
                    "name an endpoint of {} ({})",
                    sut.file,
                    sut.endpoints.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ),
        ));
        return;
    };
    config.insert("baseUrl".into(), Value::String(format!("{base}{suffix}")));
    origins.set(
        "/baseUrl",
        Origin::Sut {
            file: sut.file.clone(),
        },
    );
}

/// The repository name of an image (ORC:1442-1455): no digest, last path
/// segment, no tag.
pub(crate) fn repository_name(image: &str) -> &str {
    let image = image.trim();
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    match last.rfind(':') {
        Some(i) => last.get(..i).unwrap_or(last),
        None => last,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// ORC:1442-1455.
    #[test]
    fn repository_name_drops_registry_tag_and_digest() {
        assert_eq!(
            repository_name("ghcr.io/x/processor:1@sha256:ab"),
            "processor"
        );
        assert_eq!(repository_name("request-builder"), "request-builder");
    }
}
