#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
use super::*;
use crate::runtime::Sut;
use crate::source::yaml::{parse, Limits};
use serde_json::json;

fn env_of(bee: &BeePlan) -> Vec<(&str, &str)> {
    bee.env
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect()
}

fn codes(plan: &Plan) -> Vec<&str> {
    plan.findings.iter().map(|f| f.code).collect()
}

/// SRC:806-908: fixed list, upper-cased types, exchange, blank skipped,
/// scheduler not exported, bee env last.
#[test]
fn env_follows_the_controller_order_and_precedence() {
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
          type: redis_dataset
          scheduler: {ratePerSec: 3}
          redis:
            sources: [{listName: a, weight: 2}]
            ssl: false
            listName: " "
            unknownField: x
        outputs: {type: rabbitmq}
"#;
    let doc = parse(text, &Limits::default()).unwrap();
    let plan = plan(&doc);
    let env = env_of(&plan.bees[0]);
    let names: Vec<&str> = env.iter().map(|(n, _)| *n).collect();
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(pos("POCKETHIVE_INPUT_RABBIT_QUEUE") < pos("POCKETHIVE_OUTPUTS_TYPE"));
    assert!(env.contains(&("POCKETHIVE_OUTPUT_RABBIT_EXCHANGE", "<hiveExchange>")));
    assert!(env.contains(&("POCKETHIVE_OUTPUTS_TYPE", "RABBITMQ")));
    assert!(env.contains(&("POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME", "a")));
    assert!(env.contains(&("POCKETHIVE_INPUTS_REDIS_SSL", "false")));
    assert!(
        !names.contains(&"POCKETHIVE_INPUTS_REDIS_LISTNAME"),
        "blank skipped"
    );
    assert!(!names.contains(&"POCKETHIVE_INPUTS_REDIS_UNKNOWNFIELD"));
    assert!(!names.iter().any(|n| n.contains("SCHEDULER")));
    assert_eq!(env.last(), Some(&("EXTRA", "1")));
    // LinkedHashMap: the override keeps the first write's position.
    assert!(pos("POCKETHIVE_INPUTS_TYPE") < pos("POCKETHIVE_OUTPUTS_TYPE"));
    assert!(env.contains(&("POCKETHIVE_INPUTS_TYPE", "OVERRIDDEN")));
    assert!(codes(&plan).contains(&"PH814"));
}

#[test]
fn credentials_are_masked_in_config_env_and_rendered_variables() {
    let text = r#"
id: demo
template:
  bees:
    - role: out
      image: postprocessor:1
      env: {DB_PASSWORD: canary-1}
      config:
        connection: {user: u, password: canary-2}
        note: "key {{ vars.apiToken }}"
        outputs: {type: REDIS, redis: {host: h, password: canary-3}}
"#;
    let doc = parse(text, &Limits::default()).unwrap();
    let binding = Binding {
        swarm_id: "s".into(),
        vars: json!({"apiToken": "canary-4"}).as_object().unwrap().clone(),
        ..Binding::default()
    };
    let json = serde_json::to_string(&plan_with(&doc, &binding, vec![])).unwrap();
    assert!(!json.contains("canary"), "{json}");
    assert!(json.contains("POCKETHIVE_OUTPUTS_REDIS_PASSWORD"), "{json}");
    assert!(json.contains("\"user\":\"u\""), "{json}");
}

/// ORC:806-846 and 848-931: mount appended, vars injected and rendered
/// (typed when whole), SUT baseUrl rendered, privateConfig apart.
#[test]
fn orchestrator_rewrite_with_profile_and_sut() {
    let text = r#"
id: demo
template:
  bees:
    - role: rb
      image: request-builder:1
      config:
        baseUrl: "{{ sut.endpoints['api'].baseUrl }}/v1"
        rate: "{{ vars.rate }}"
        label: "r={{ vars.rate }}"
        docker: {volumes: [" /a:/b ", 3]}
"#;
    let doc = parse(text, &Limits::default()).unwrap();
    let binding = Binding {
        swarm_id: "sw".into(),
        vars: json!({"rate": 5}).as_object().unwrap().clone(),
        vars_origin: Some(Origin::Profile {
            profile: "p".into(),
            sut: None,
        }),
        sut: Some(Sut {
            id: "local".into(),
            name: Some("Local".into()),
            kind: None,
            endpoints: json!({"api": {"kind": "HTTP", "baseUrl": "http://api:80 "}})
                .as_object()
                .unwrap()
                .clone(),
            file: "sut/local/sut.yaml".into(),
        }),
    };
    let plan = plan_with(&doc, &binding, vec![]);
    let bee = &plan.bees[0];
    assert_eq!(bee.config["baseUrl"], "http://api:80/v1");
    assert_eq!(bee.config["rate"], 5);
    assert_eq!(bee.config["label"], "r=5");
    assert_eq!(bee.config["vars"], json!({"rate": 5}));
    assert_eq!(
        bee.config["docker"]["volumes"],
        json!([
            "/a:/b",
            "${POCKETHIVE_SCENARIOS_RUNTIME_ROOT}/sw:/app/scenario:ro"
        ])
    );
    assert_eq!(
        bee.private_config.as_ref().unwrap()["authProfile"]["sut"]["id"],
        "local"
    );
    assert!(bee.config.get("privateConfig").is_none());
    assert_eq!(bee.provenance["/baseUrl"], "sut/local/sut.yaml");
    assert_eq!(bee.provenance["/rate"], "variables.yaml profile 'p'");
    assert_eq!(bee.provenance["/docker/volumes/0"], "scenario:11:28");
    assert!(codes(&plan).contains(&"PH351"));
}

#[test]
fn unknown_and_null_variables_fail_create() {
    let text = r#"
id: demo
template:
  bees:
    - role: g
      image: generator:1
      config: {a: "{{ vars.missing }}", b: "{{ vars.nothing }}", c: {d: null}}
"#;
    let doc = parse(text, &Limits::default()).unwrap();
    let binding = Binding {
        swarm_id: "sw".into(),
        vars: json!({"nothing": null}).as_object().unwrap().clone(),
        ..Binding::default()
    };
    let plan = plan_with(&doc, &binding, vec![]);
    let c = codes(&plan);
    assert!(c.contains(&"PH802") && c.contains(&"PH803"), "{c:?}");
    let f = plan.findings.iter().find(|f| f.code == "PH802").unwrap();
    assert_eq!(f.path, "template.bees[0].config.a");
    assert!(f.message.starts_with("at swarm create"), "{}", f.message);
}

#[test]
fn merge_replaces_lists_and_scalars() {
    let mut base = json!({"a": [1, 2], "m": {"k": 1}});
    deep_merge(&mut base, &json!({"a": [3], "m": 5}));
    assert_eq!(base, json!({"a": [3], "m": 5}));
}
