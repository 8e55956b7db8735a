//! `cfgate audit`: captured control-plane messages against the envelope
//! contract and the plan.

use crate::common::{assert_finding, cfgate, fixture, stable_sarif, workspace_root};
use serde_json::Value;

/// Runs `cfgate audit --format json ARGS` from the workspace root.
fn audit_json(args: &[&str]) -> (Option<i32>, Value) {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["audit", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code(), json)
}

fn findings(json: &Value) -> Vec<Value> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .collect()
}

/// Every rule's fixture yields exactly its finding, at the exact line,
/// column and path; warnings alone exit 0.
#[test]
fn each_rule_fixture_reports_its_code_at_the_exact_position() {
    let cases: &[(&str, &str, &str, u64, u64, &str)] = &[
        ("ph701-not-json.jsonl", "PH701", "error", 2, 71, ""),
        (
            "ph702-unknown-shape.jsonl",
            "PH702",
            "error",
            2,
            145,
            "type",
        ),
        ("ph703-schema.jsonl", "PH703", "error", 2, 385, "data.tps"),
        (
            "ph704-routing-malformed.jsonl",
            "PH704",
            "error",
            2,
            2,
            "routingKey",
        ),
        (
            "ph705-routing-family.jsonl",
            "PH705",
            "error",
            2,
            2,
            "routingKey",
        ),
        (
            "ph706-routing-scope.jsonl",
            "PH706",
            "error",
            2,
            2,
            "routingKey",
        ),
        (
            "ph707-unknown-command.jsonl",
            "PH707",
            "warning",
            2,
            145,
            "type",
        ),
        (
            "ph708-lifecycle-fanout.jsonl",
            "PH708",
            "error",
            2,
            250,
            "scope.instance",
        ),
        (
            "ph710-delta-heavy.jsonl",
            "PH710",
            "error",
            2,
            444,
            "data.config",
        ),
        (
            "ph711-worker-list.jsonl",
            "PH711",
            "error",
            2,
            689,
            "data.context.workers",
        ),
        (
            "ph712-runtime-scope.jsonl",
            "PH712",
            "error",
            2,
            79,
            "runtime",
        ),
        (
            "ph713-worker-entry.jsonl",
            "PH713",
            "error",
            2,
            814,
            "data.context.workers[1].lastSeenAt",
        ),
        (
            "ph720-secret-in-status.jsonl",
            "PH720",
            "error",
            2,
            504,
            "data.config.outputs.redis.password",
        ),
        (
            "ph730-delta-before-full.jsonl",
            "PH730",
            "warning",
            2,
            145,
            "type",
        ),
        (
            "ph731-outcome-idempotency.jsonl",
            "PH731",
            "error",
            3,
            297,
            "idempotencyKey",
        ),
        ("ph732-outcome-type.jsonl", "PH732", "error", 3, 146, "type"),
    ];
    for &(file, code, severity, line, column, path) in cases {
        let capture = format!("tests/fixtures/audit/{file}");
        let (status, json) = audit_json(&[&capture]);
        let found = findings(&json);
        assert_eq!(found.len(), 1, "{file}: {found:#?}");
        let f = &found[0];
        assert_finding(f, (code, severity, line, column, path));
        assert!(!f["fix"].as_str().unwrap().is_empty(), "{file}: no fix");
        let want = if severity == "error" { 1 } else { 0 };
        assert_eq!(status, Some(want), "{file}");
    }
}

#[test]
fn a_clean_capture_exits_zero_with_every_payload_form() {
    let (status, json) = audit_json(&["tests/fixtures/audit/clean.jsonl"]);
    assert_eq!(status, Some(0), "{json}");
    assert!(findings(&json).is_empty(), "{json}");
}

#[test]
fn a_secret_in_a_status_snapshot_is_never_printed() {
    for format in ["human", "json", "github", "sarif", "junit"] {
        let out = cfgate()
            .current_dir(workspace_root())
            .args(["audit", "--format", format])
            .arg("tests/fixtures/audit/ph720-secret-in-status.jsonl")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("PH720"), "{format}: {text}");
        assert!(!text.contains("canary"), "{format}: {text}");
    }
}

/// The "effective config" check: the generator still reports the rate
/// the config-update (`--patch`) replaced, and the swarm controller's
/// aggregate lacks a planned processor key; both at their exact paths.
#[test]
fn plan_drift_after_a_patch_is_reported_at_the_exact_path() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args([
            "audit",
            "tests/fixtures/audit/drift/capture.jsonl",
            "--plan",
            "tests/fixtures/audit/drift",
            "--patch",
            "generator=tests/fixtures/audit/drift/rate-50.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn without_the_patch_the_plan_matches_the_worker() {
    let (status, json) = audit_json(&[
        "tests/fixtures/audit/drift/capture.jsonl",
        "--plan",
        "tests/fixtures/audit/drift/scenario.yaml",
    ]);
    let found = findings(&json);
    let codes: Vec<&str> = found.iter().map(|f| f["code"].as_str().unwrap()).collect();
    // The generator reports the planned 20; the controller's aggregate
    // reports the patched 50 and still lacks threadCount.
    assert_eq!(codes, ["PH740", "PH741"], "{json}");
    // The drift joins the capture's one report.
    assert_eq!(json["files"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(
        found[0]["path"],
        "data.context.workers[0].config.inputs.scheduler.ratePerSec"
    );
    assert_eq!(status, Some(1));
}

#[test]
fn unusable_plan_or_patch_exits_two() {
    for args in [
        vec!["--plan", "tests/fixtures/audit/missing"],
        vec![
            "--plan",
            "tests/fixtures/audit/drift",
            "--patch",
            "nobody=tests/fixtures/audit/drift/rate-50.yaml",
        ],
        vec!["--plan", "tests/fixtures/scenarios/ph102-missing-id.yaml"],
    ] {
        let out = cfgate()
            .current_dir(workspace_root())
            .args(["audit", "tests/fixtures/audit/clean.jsonl"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("fix:"),
            "{args:?}"
        );
    }
}

#[test]
fn a_patch_the_worker_would_refuse_exits_two_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let patch = dir.path().join("type.yaml");
    std::fs::write(&patch, "inputs:\n  type: REDIS_DATASET\n").unwrap();
    let out = cfgate()
        .current_dir(workspace_root())
        .args([
            "audit",
            "tests/fixtures/audit/clean.jsonl",
            "--plan",
            "tests/fixtures/audit/drift",
        ])
        .arg("--patch")
        .arg(format!("generator={}", patch.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inputs.type"));
}

#[test]
fn a_directory_of_message_files_is_quoted_at_the_line() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["audit", "tests/fixtures/audit/messages"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn stdin_is_read_with_dash() {
    let text = std::fs::read_to_string(fixture("audit/ph731-outcome-idempotency.jsonl")).unwrap();
    let out = cfgate()
        .args(["audit", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], "<stdin>");
    assert_eq!(findings(&json)[0]["code"], "PH731");
}

#[test]
fn a_missing_capture_exits_two() {
    let (status, json) = audit_json(&["tests/fixtures/audit/no-such.jsonl"]);
    assert_eq!(status, Some(2));
    assert_eq!(findings(&json)[0]["code"], "PH700");
}

/// Inputs form one capture: the signal in one file joins the outcome in
/// the next.
#[test]
fn cross_capture_rules_span_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("audit/ph731-outcome-idempotency.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    std::fs::write(&a, format!("{}\n", lines[0])).unwrap();
    std::fs::write(&b, format!("{}\n{}\n", lines[1], lines[2])).unwrap();
    let out = cfgate()
        .args(["audit", "--format", "json"])
        .args([&a, &b])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 2);
    let f = &json["files"][1]["findings"][0];
    assert_eq!(
        (&f["code"], &f["line"]),
        (&Value::from("PH731"), &Value::from(2))
    );
}

#[test]
fn every_format_renders_the_capture() {
    for format in ["human", "json", "github", "sarif", "junit"] {
        let out = cfgate()
            .current_dir(workspace_root())
            .args([
                "audit",
                "--format",
                format,
                "tests/fixtures/audit/ph713-worker-entry.jsonl",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let mut text = String::from_utf8(out.stdout).unwrap();
        if format == "sarif" {
            text = stable_sarif_text(&text);
        }
        insta::assert_snapshot!(format!("format_{format}"), text);
    }
}

/// [`stable_sarif`] as pretty text, the rule list naming the audit codes.
fn stable_sarif_text(text: &str) -> String {
    let (stable, rules) = stable_sarif(&serde_json::from_str(text).unwrap());
    assert!(rules.iter().any(|r| r["id"] == "PH713"));
    serde_json::to_string_pretty(&stable).unwrap()
}
