//! `cfgate plan`: what each worker really receives (issue 20). One fixture
//! per rewrite rule, env rule, reserved key and provisioning failure
//! (`tests/fixtures/runtime/`, each citing its upstream `path:line`), and a
//! snapshot per reference bundle.

use crate::common::{cfgate, cfgate_at_root, exit_and_json, fixture, workspace_root};
use serde_json::Value;

/// Runs `cfgate plan ARGS` from the workspace root: exit code and JSON.
fn plan(args: &[&str]) -> (i32, Value) {
    exit_and_json(&cfgate_at_root().arg("plan").args(args).output().unwrap())
}

fn runtime(name: &str) -> String {
    format!("tests/fixtures/runtime/{name}")
}

fn env(bee: &Value) -> Vec<(String, String)> {
    bee["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn env_value(bee: &Value, name: &str) -> Option<String> {
    env(bee)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// (code, severity, path) of each finding.
fn findings(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(json: &Value, code: &str, severity: &str, path: &str) -> bool {
    findings(json)
        .iter()
        .any(|(c, s, p)| c == code && s == severity && p == path)
}

// ---- controller env (SwarmRuntimeCore.java) ----

/// SRC:849-906: only the fixed field list is exported; an unlisted field
/// (`notExported`) is not.
#[test]
fn env_src_849_906_fixed_io_field_list() {
    let (code, json) = plan(&[&runtime("env-fixed-io-list.yaml")]);
    assert_eq!(code, 0);
    let bee = &json["bees"][0];
    assert_eq!(
        env_value(bee, "POCKETHIVE_INPUTS_REDIS_INITIALDELAYMS").as_deref(),
        Some("10")
    );
    assert!(env(bee).iter().all(|(n, _)| !n.contains("NOTEXPORTED")));
}

/// SRC:823-825: the exchange is set when a work queue is; SRC:831-908:
/// `inputs.scheduler.*` is not exported.
#[test]
fn env_src_823_825_exchange_when_a_queue_is_set_and_no_scheduler_fields() {
    let (_, json) = plan(&[&runtime("env-exchange.yaml")]);
    let bee = &json["bees"][0];
    assert_eq!(
        env_value(bee, "POCKETHIVE_OUTPUT_RABBIT_ROUTING_KEY").as_deref(),
        Some("<queuePrefix>.q-gen")
    );
    assert_eq!(
        env_value(bee, "POCKETHIVE_OUTPUT_RABBIT_EXCHANGE").as_deref(),
        Some("<hiveExchange>")
    );
    assert!(env(bee).iter().all(|(n, _)| !n.contains("SCHEDULER")));
}

/// SRC:960-968: a blank value (`listName: ""`) is not exported; the list
/// entries are (SRC:986-1011).
#[test]
fn env_src_960_968_blank_values_skipped() {
    let (_, json) = plan(&[&runtime("env-blank-skipped.yaml")]);
    let bee = &json["bees"][0];
    assert_eq!(env_value(bee, "POCKETHIVE_INPUTS_REDIS_LISTNAME"), None);
    assert_eq!(
        env_value(bee, "POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME").as_deref(),
        Some("a")
    );
}

/// SRC:348-350: the bee's own env is applied last and wins.
#[test]
fn env_src_348_350_bee_env_last_and_winning() {
    let (_, json) = plan(&[&runtime("env-bee-env-last.yaml")]);
    let bee = &json["bees"][0];
    assert_eq!(
        env_value(bee, "POCKETHIVE_INPUTS_TYPE").as_deref(),
        Some("CSV_DATASET")
    );
    assert_eq!(env(bee).last().unwrap().0, "EXTRA");
    assert!(has(
        &json,
        "PH814",
        "warning",
        "template.bees[0].env.POCKETHIVE_INPUTS_TYPE"
    ));
}

/// SRC:348-349, ORC:323, DockerContainerClient.java:153-157: `${...}` and
/// `{{ ... }}` in a bee's env reach the container as written (nothing
/// resolves them); M/Bee.java:14: a scalar binds as its source text.
#[test]
fn env_src_348_349_placeholders_and_scalars_verbatim() {
    let (code, json) = plan(&[&runtime("env-placeholders.yaml")]);
    assert_eq!(code, 0);
    let bee = &json["bees"][0];
    for (name, value) in [
        ("HOME_DIR", "${HOME}"),
        ("WITH_DEFAULT", "${POCKETHIVE_CONTROL_PLANE_SWARM_ID:-none}"),
        ("TEMPLATED", "{{ vars.x }}"),
        ("OCTAL", "007"),
        ("FLAG", "yes"),
        ("RATE", "1.50"),
    ] {
        assert_eq!(env_value(bee, name).as_deref(), Some(value), "{name}");
    }
}

// ---- orchestrator rewrite (SwarmController.java) ----

/// ORC:236, 806-846: the scenario mount is appended, entries trimmed,
/// non-strings dropped (PH351).
#[test]
fn rewrite_orc_806_846_scenario_mount_in_docker_volumes() {
    let (_, json) = plan(&[&runtime("rewrite-scenario-mount.yaml"), "--swarm-id", "sw1"]);
    let bee = &json["bees"][0];
    assert_eq!(
        bee["config"]["docker"]["volumes"],
        serde_json::json!([
            "/data:/data:ro",
            "${POCKETHIVE_SCENARIOS_RUNTIME_ROOT}/sw1:/app/scenario:ro"
        ])
    );
    let specs: Vec<&str> = bee["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["spec"].as_str().unwrap())
        .collect();
    assert_eq!(
        specs,
        [
            "${POCKETHIVE_SCENARIOS_RUNTIME_ROOT}:/app/scenarios-runtime",
            "/data:/data:ro",
            "${POCKETHIVE_SCENARIOS_RUNTIME_ROOT}/sw1:/app/scenario:ro"
        ]
    );
    assert!(has(
        &json,
        "PH351",
        "warning",
        "template.bees[0].config.docker.volumes[1]"
    ));
}

/// ORC:309-312: with no variables nothing is injected and the placeholder
/// stays literal.
#[test]
fn rewrite_orc_309_312_vars_only_when_non_empty() {
    let (_, json) = plan(&[&runtime("rewrite-vars-empty.yaml")]);
    let config = &json["bees"][0]["config"];
    assert!(config.get("vars").is_none());
    assert_eq!(config["label"], "{{ vars.region }}");
}

/// ORC:848-916: the profile's variables are injected and rendered, typed
/// when the placeholder is the whole value; each names its profile.
#[test]
fn rewrite_orc_848_916_vars_resolved_for_the_profile() {
    let (code, json) = plan(&[&runtime("bundle-vars"), "--profile", "p2"]);
    assert_eq!(code, 0);
    let bee = &json["bees"][0];
    assert_eq!(bee["config"]["inputs"]["scheduler"]["ratePerSec"], 70);
    assert_eq!(bee["config"]["message"]["body"], "region us");
    assert_eq!(
        bee["config"]["vars"],
        serde_json::json!({"rate": 70, "region": "us"})
    );
    assert_eq!(
        bee["provenance"]["/inputs/scheduler/ratePerSec"],
        "variables.yaml profile 'p2'"
    );
    // ORC:272-282: no profile while values exist fails the create.
    let (code, json) = plan(&[&runtime("bundle-vars")]);
    assert_eq!(code, 1);
    assert!(has(&json, "PH804", "error", ""));
}

/// ORC:1457-1499: `baseUrl` rendered from the bound SUT, suffix kept;
/// ORC:933-973 + WCPR:672-703: `privateConfig` apart; SRC:1053-1102:
/// `sut.targetEndpointId` overrides `baseUrl` (PH813).
#[test]
fn rewrite_orc_1457_1499_sut_base_url_target_endpoint_and_private_config() {
    let (code, json) = plan(&[&runtime("bundle-sut"), "--sut", "local"]);
    assert_eq!(code, 0);
    let api = &json["bees"][1];
    assert_eq!(api["config"]["baseUrl"], "http://api:8080/v1");
    assert_eq!(api["provenance"]["/baseUrl"], "sut/local/sut.yaml");
    assert!(api["config"].get("privateConfig").is_none());
    assert_eq!(api["privateConfig"]["authProfile"]["sut"]["id"], "local");
    let admin = &json["bees"][2];
    assert_eq!(admin["config"]["baseUrl"], "http://admin:9090");
    assert_eq!(admin["config"]["sut"]["environmentType"], "sandbox");
    assert!(has(
        &json,
        "PH813",
        "warning",
        "template.bees[2].config.baseUrl"
    ));
    // The generator is not an auth-context image (ORC:1438-1455).
    assert!(json["bees"][0].get("privateConfig").is_none());
    // An unknown SUT fails the create.
    let (code, json) = plan(&[&runtime("bundle-sut"), "--sut", "nope"]);
    assert_eq!(code, 1);
    assert!(has(&json, "PH805", "error", ""));
}

/// ORC:316: with no SUT bound the template reaches the worker literally.
#[test]
fn rewrite_orc_316_sut_template_unbound_stays_literal() {
    let (code, json) = plan(&[&runtime("rewrite-sut-unbound.yaml")]);
    assert_eq!(code, 0);
    assert_eq!(
        json["bees"][1]["config"]["baseUrl"],
        "{{ sut.endpoints['api'].baseUrl }}/v1"
    );
    assert!(has(
        &json,
        "PH806",
        "warning",
        "template.bees[1].config.baseUrl"
    ));
}

// ---- reserved top-level keys at the worker ----

/// WCC:45-48: `data` is the whole config.
#[test]
fn reserved_wcc_45_48_data_replaces_the_config() {
    let (_, json) = plan(&[&runtime("reserved-data.yaml")]);
    let config = &json["bees"][0]["config"];
    assert_eq!(config["message"]["body"], "from-data");
    assert!(config.get("inputs").is_none());
    assert!(has(
        &json,
        "PH820",
        "warning",
        "template.bees[0].config.data"
    ));
}

/// WCC:90-107: `enabled: 1` fails the bootstrap (FAILED). `check` already
/// refuses it (PH354), so `plan` stops there.
#[test]
fn reserved_wcc_90_107_enabled_must_be_boolean() {
    assert_refused_by_check("reserved-enabled.yaml", "PH354");
}

/// A failure `check` already reports (certain failure, an error there):
/// `plan` stops with the check's error and exit 1.
fn assert_refused_by_check(name: &str, code: &str) {
    let out = cfgate_at_root()
        .args(["plan", &runtime(name)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(code), "{err}");
}

/// WCPR:636-654: `workers` without this bean ignores the whole config.
#[test]
fn reserved_wcpr_636_654_workers_without_the_bean() {
    let (_, json) = plan(&[&runtime("reserved-workers.yaml")]);
    assert_eq!(json["bees"][0]["config"], serde_json::json!({}));
    assert!(has(
        &json,
        "PH823",
        "warning",
        "template.bees[0].config.workers"
    ));
}

/// WCPR:655-664: a key named after the bean selects that sub-map.
#[test]
fn reserved_wcpr_655_664_bean_name_selects() {
    let (_, json) = plan(&[&runtime("reserved-bean-name.yaml")]);
    assert_eq!(json["bees"][0]["config"]["message"]["body"], "selected");
    assert!(has(
        &json,
        "PH823",
        "warning",
        "template.bees[0].config.generatorWorker"
    ));
}

/// WCPR:624-634: `target` and `bean` are removed.
#[test]
fn reserved_wcpr_624_634_target_and_bean_removed() {
    let (_, json) = plan(&[&runtime("reserved-target.yaml")]);
    let config = &json["bees"][0]["config"];
    assert!(config.get("target").is_none() && config.get("bean").is_none());
    assert!(has(
        &json,
        "PH822",
        "warning",
        "template.bees[0].config.target"
    ));
}

/// ConfigKeyCanonicalizer.java:21-100 at WCPR:410: the plan shows the keys
/// as the worker binds them (kebab, snake, Capitalised -> camelCase; below
/// `headers` / `*Headers` verbatim), provenance still pointing at the
/// written keys, `private-config` split out as `privateConfig` (WCPR:411),
/// a collision warned (PH824), `templating.reseed: true` consumed
/// (WCPR:515-529).
#[test]
fn worker_wcpr_410_keys_canonicalised() {
    let (code, json) = plan(&[&runtime("worker-canonical-keys.yaml")]);
    assert_eq!(code, 0);
    let bee = &json["bees"][0];
    assert_eq!(bee["config"]["threadCount"], 3);
    assert_eq!(bee["provenance"]["/threadCount"], "scenario:27:23");
    assert!(bee["config"].get("templating").is_none());
    let view = serde_json::json!({
        "config": bee["config"],
        "privateConfig": bee["privateConfig"],
        "provenance": bee["provenance"],
        "findings": json["findings"],
    });
    insta::assert_snapshot!(serde_json::to_string_pretty(&view).unwrap());
}

// ---- provisioning / create failures ----

/// SRC:990-994 (`putIndexedEnvIfPresent`): a templated
/// `inputs.redis.sources` fails provisioning whatever the variables (none
/// is a list, VALIDATOR.md F24). Certain, so `check` refuses it with the
/// same code the runtime computation uses, and `plan` stops there.
#[test]
fn fail_src_990_994_templated_sources() {
    assert_refused_by_check("fail-templated-sources.yaml", "PH810");
}

/// SRC:990-994: a templated `outputs.redis.routes` too.
#[test]
fn fail_src_990_994_templated_routes() {
    assert_refused_by_check("fail-templated-routes.yaml", "PH810");
}

/// ORC:843-844: a null inside `docker` fails the create; `check` refuses
/// it (PH352), the code the runtime computation uses as well.
#[test]
fn fail_orc_844_null_inside_docker() {
    assert_refused_by_check("fail-docker-null.yaml", "PH352");
}

/// WCC:73-84 (`data()` at WCPR:401): a `data` that is not a map fails the
/// bootstrap; certain, so `check` refuses it with the plan's code.
#[test]
fn fail_wcc_73_84_data_not_a_map() {
    assert_refused_by_check("fail-data-not-map.yaml", "PH820");
}

/// WCC:97-104: `enabled` strings are compared untrimmed: `" true"` fails.
#[test]
fn fail_wcc_97_104_enabled_untrimmed() {
    assert_refused_by_check("fail-enabled-untrimmed.yaml", "PH354");
}

/// The `check` verdict on a runtime fixture: exit status and (code, severity).
fn check_codes(name: &str) -> (i32, Vec<(String, String)>) {
    let out = cfgate_at_root()
        .args(["check", "--format", "json", &runtime(name)])
        .output()
        .unwrap();
    let (code, json) = exit_and_json(&out);
    let codes = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, codes)
}

/// WCC:90-107 after ORC:861-916: `enabled: "{{ vars.on }}"` may render to a
/// boolean, so `check` only warns (PH354); `plan` with no variables sees
/// the literal reach the worker and reports the same code as an error.
#[test]
fn check_wcc_90_107_templated_enabled_is_a_warning() {
    assert_eq!(
        check_codes("pass-enabled-var.yaml"),
        (0, vec![("PH354".into(), "warning".into())])
    );
    let (code, json) = plan(&[&runtime("pass-enabled-var.yaml")]);
    assert_eq!(code, 1);
    assert!(has(
        &json,
        "PH354",
        "error",
        "template.bees[0].config.enabled"
    ));
}

/// ORC:843: a null `docker.volumes` is replaced, so neither `check` nor
/// `plan` reports it (PH352 is for the other keys of `docker`).
#[test]
fn pass_orc_843_null_docker_volumes() {
    assert_eq!(check_codes("pass-docker-volumes-null.yaml"), (0, vec![]));
    let (code, json) = plan(&[&runtime("pass-docker-volumes-null.yaml")]);
    assert_eq!(code, 0);
    assert!(findings(&json).is_empty(), "{json}");
}

/// DSN:129-158 after ORC:861-916: a templated volume is judged once
/// rendered: `check` is silent, `plan` with no variables sees the literal
/// fail `Bind.parse` (PH350, the code `check` uses for a literal spec).
#[test]
fn plan_dsn_129_158_unrendered_volume_fails_bind_parse() {
    assert_eq!(check_codes("pass-docker-volume-var.yaml"), (0, vec![]));
    let (code, json) = plan(&[&runtime("pass-docker-volume-var.yaml")]);
    assert_eq!(code, 1);
    assert!(has(
        &json,
        "PH350",
        "error",
        "template.bees[0].config.docker.volumes[0]"
    ));
}

/// Every runtime fixture passes `check` (these are files the platform
/// accepts at upload), except the certain failures `check` reports.
#[test]
fn runtime_fixtures_pass_upload_checks() {
    let dir = fixture("runtime");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("fail-") || name == "reserved-enabled.yaml" {
            continue;
        }
        let target = if path.is_dir() {
            path.join("scenario.yaml")
        } else {
            path
        };
        let out = cfgate().arg("check").arg(&target).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            target.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

// ---- reference bundles ----

/// Each reference bundle with the profile and SUT it has.
const REFERENCE: [(&str, &[&str]); 15] = [
    ("capability-controls-io-matrix", &[]),
    ("clearing-export-demo", &["--sut", "wiremock-local"]),
    (
        "clearing-export-streaming-demo",
        &["--sut", "wiremock-local"],
    ),
    (
        "clearing-export-structured-demo",
        &["--sut", "wiremock-local"],
    ),
    ("db-query-postgres-smoke", &["--profile", "select"]),
    (
        "http-sequence-six-auth-flow",
        &["--profile", "default", "--sut", "wiremock-local"],
    ),
    (
        "http-sequence-six-auth-wizard-proof",
        &["--profile", "default", "--sut", "wiremock-local"],
    ),
    ("local-rest-schema-demo", &[]),
    ("local-rest-topology", &["--sut", "wiremock-local"]),
    ("local-rest-two-moderators", &[]),
    ("local-rest-with-multi-generators", &[]),
    (
        "webauth-balance-redis",
        &["--profile", "default", "--sut", "webauth-local"],
    ),
    (
        "webauth-loop-redis-minimal",
        &["--profile", "default", "--sut", "webauth-local"],
    ),
    (
        "webauth-redemption-redis",
        &["--profile", "default", "--sut", "webauth-local"],
    ),
    (
        "webauth-topup-redis",
        &["--profile", "default", "--sut", "webauth-local"],
    ),
];

/// A snapshot of `plan` per reference bundle (run from the bundles folder,
/// so no absolute path appears). Each plans without an error.
#[test]
fn reference_bundle_plans() {
    let dir = workspace_root().join("../shared/reference/pockethive/bundles");
    assert!(
        dir.is_dir(),
        "{} is absent: the reference bundles cannot be planned",
        dir.display()
    );
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("scenario.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = REFERENCE.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, listed, "a reference bundle is not snapshotted");
    for (name, args) in REFERENCE {
        let out = cfgate()
            .current_dir(&dir)
            .arg("plan")
            .arg(name)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (_, mut json) = exit_and_json(&out);
        // The bundle view has its own snapshot (tests/e2e/bundle.rs).
        json.as_object_mut().unwrap().remove("bundle");
        let text = serde_json::to_string_pretty(&json).unwrap();
        let root = dir.canonicalize().unwrap().display().to_string();
        assert!(!text.contains(&root), "{name}: absolute path in the plan");
        insta::assert_snapshot!(format!("reference_plan_{name}"), text);
    }
}
