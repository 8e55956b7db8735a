//! `cfgate check` and `cfgate plan`.

use crate::common::{assert_finding, cfgate, fixture, stable_sarif, workspace_root};
use serde_json::Value;

/// Runs `cfgate check --format json ARGS` from the workspace root.
/// Asserts a JSON finding's `(code, severity, line, column, path)`.
fn check_json(args: &[&str]) -> (Option<i32>, Value) {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code(), json)
}

/// Codes that are warnings by default (the platform accepts the file).
const WARNING_CODES: [&str; 4] = ["PH006", "PH131", "PH390", "PH391"];

/// Every rule's fixture yields exactly its finding, at the exact position.
#[test]
fn each_rule_fixture_reports_its_code_at_the_exact_position() {
    let cases: &[(&str, &str, usize, usize, &str)] = &[
        ("ph001-syntax.yaml", "PH001", 7, 5, ""),
        ("ph002-duplicate-key.yaml", "PH002", 4, 1, "name"),
        ("ph003-too-deep.yaml", "PH003", 15, 81, ""),
        ("ph004-not-utf8.yaml", "PH004", 1, 1, ""),
        ("ph005-not-a-mapping.yaml", "PH005", 1, 1, ""),
        ("ph006-two-documents.yaml", "PH006", 15, 1, ""),
        ("ph100-bad-version.yaml", "PH100", 1, 18, "protocolVersion"),
        (
            "ph101-major-version.yaml",
            "PH101",
            1,
            18,
            "protocolVersion",
        ),
        ("ph102-missing-id.yaml", "PH102", 1, 1, "id"),
        (
            "ph103-blank-role.yaml",
            "PH103",
            7,
            13,
            "template.bees[0].role",
        ),
        ("ph104-bees-not-a-list.yaml", "PH104", 7, 5, "template.bees"),
        (
            "ph110-duplicate-role.yaml",
            "PH110",
            15,
            13,
            "template.bees[1].role",
        ),
        (
            "ph111-legacy-bee-id.yaml",
            "PH111",
            7,
            7,
            "template.bees[0].id",
        ),
        (
            "ph112-unknown-bee-field.yaml",
            "PH112",
            10,
            7,
            "template.bees[0].replicas",
        ),
        (
            "ph113-work-shape.yaml",
            "PH113",
            9,
            18,
            "template.bees[0].work.in",
        ),
        (
            "ph114-port-direction.yaml",
            "PH114",
            11,
            31,
            "template.bees[0].ports[0].direction",
        ),
        (
            "ph120-edge-unknown-role.yaml",
            "PH120",
            20,
            18,
            "topology.edges[0].to.role",
        ),
        (
            "ph121-legacy-bee-id-endpoint.yaml",
            "PH121",
            20,
            12,
            "topology.edges[0].to.beeId",
        ),
        (
            "ph122-unknown-endpoint-field.yaml",
            "PH122",
            20,
            33,
            "topology.edges[0].to.queue",
        ),
        (
            "ph200-unknown-image.yaml",
            "PH200",
            8,
            14,
            "template.bees[0].image",
        ),
        // Missing field: at the key of the nearest existing ancestor (`mode:`).
        (
            "ph302-missing-when-field.yaml",
            "PH302",
            13,
            9,
            "template.bees[0].config.mode.ratePerSec",
        ),
        (
            "ph303-blank-value.yaml",
            "PH303",
            15,
            18,
            "template.bees[0].config.baseUrl",
        ),
        (
            "ph304-wrong-type.yaml",
            "PH304",
            13,
            26,
            "template.bees[0].config.forwardToOutput",
        ),
        (
            "ph306-out-of-range.yaml",
            "PH306",
            15,
            23,
            "template.bees[0].config.mode.ratePerSec",
        ),
        // A sub-block without its selector: at the selector's path, as the
        // platform reports it (the missing `type` sits under `outputs`).
        (
            "ph320-io-selector-missing.yaml",
            "PH320",
            13,
            9,
            "template.bees[0].config.outputs.type",
        ),
        (
            "ph321-io-selector-mismatch.yaml",
            "PH321",
            14,
            17,
            "template.bees[0].config.inputs.type",
        ),
        // Rules about a whole block mapping: at the block's value, which starts
        // at its first key (`host:`).
        (
            "ph330-redis-dataset-source.yaml",
            "PH330",
            16,
            13,
            "template.bees[0].config.inputs.redis",
        ),
        (
            "ph331-redis-duplicate-source.yaml",
            "PH331",
            22,
            28,
            "template.bees[0].config.inputs.redis.sources[1].listName",
        ),
        (
            "ph340-redis-output-target.yaml",
            "PH340",
            17,
            13,
            "template.bees[0].config.outputs.redis",
        ),
        (
            "ph341-redis-route.yaml",
            "PH341",
            23,
            17,
            "template.bees[0].config.outputs.redis.routes[0]",
        ),
        (
            "ph342-redis-route-regex.yaml",
            "PH342",
            23,
            36,
            "template.bees[0].config.outputs.redis.routes[0].match",
        ),
        // A template error: at the offending token inside the value.
        (
            "ph360-template-syntax.yaml",
            "PH360",
            15,
            26,
            "template.bees[0].config.baseUrl",
        ),
        (
            "ph370-config-not-a-mapping.yaml",
            "PH370",
            12,
            15,
            "template.bees[0].config",
        ),
        // A legacy wrapper: at its key.
        (
            "ph380-legacy-wrapper.yaml",
            "PH380",
            13,
            9,
            "template.bees[0].config.worker",
        ),
    ];
    for (file, code, line, column, path) in cases {
        let rel = format!("tests/fixtures/scenarios/{file}");
        let (status, json) = check_json(&[&rel]);
        // Warnings: what the platform ignores, that cfgate still points out.
        let warning = WARNING_CODES.contains(code);
        let expected_status = match *code {
            "PH004" => 2,
            _ if warning => 0,
            _ => 1,
        };
        assert_eq!(status, Some(expected_status), "{file}: {json}");
        let findings = json["files"][0]["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{file}: {json}");
        let f = &findings[0];
        assert_eq!(f["code"], *code, "{file}");
        let severity = if warning { "warning" } else { "error" };
        assert_eq!(f["severity"], severity, "{file}");
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(*line as u64), Some(*column as u64)),
            "{file}: {f}"
        );
        assert_eq!(f["path"], *path, "{file}");
        assert!(!f["message"].as_str().unwrap().is_empty(), "{file}");
        assert!(!f["fix"].as_str().unwrap().is_empty(), "{file}");
    }
}

/// PH399 needs a user-supplied schema (`--schema-dir`), which the table
/// above cannot pass: the fixture's `throttler` kind exists only there.
#[test]
fn user_schema_violation_reports_ph399_at_the_value() {
    let file = "tests/fixtures/scenarios/ph399-schema-violation.yaml";
    let (status, json) = check_json(&[
        "--schema-dir",
        "tests/fixtures/scenarios/ph399-schemas",
        file,
    ]);
    assert_eq!(status, Some(1), "{json}");
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json}");
    let f = &findings[0];
    assert_finding(
        f,
        ("PH399", "error", 13, 17, "template.bees[0].config.bucket"),
    );
    // The message names the failing keyword; the fix points into the schema.
    assert!(f["message"].as_str().unwrap().contains("maxLength"), "{f}");
    assert!(!f["fix"].as_str().unwrap().is_empty(), "{f}");
    // Without the schema the kind is unknown: the schema dir is what matters.
    let (_, json) = check_json(&[file]);
    assert_eq!(json["files"][0]["findings"][0]["code"], "PH200");
}

#[test]
fn valid_fixture_has_no_findings_and_exits_zero() {
    let (status, json) = check_json(&["tests/fixtures/scenarios/valid.yaml"]);
    assert_eq!(status, Some(0));
    assert_eq!(json["files"][0]["findings"], serde_json::json!([]));
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 0, "warnings": 0})
    );
}

#[test]
fn all_files_are_checked_in_one_run_despite_a_syntax_error() {
    let (status, json) = check_json(&["tests/fixtures/scenarios/report"]);
    assert_eq!(status, Some(1));
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "tests/fixtures/scenarios/report/broken/scenario.yaml",
            "tests/fixtures/scenarios/report/syntax/scenario.yaml",
            "tests/fixtures/scenarios/report/valid/scenario.yaml",
            "tests/fixtures/scenarios/report/warning/scenario.yaml"
        ]
    );
    assert_eq!(json["summary"]["errors"], 5);
    assert_eq!(json["summary"]["warnings"], 1);
}

fn run_format(format: &str) -> String {
    let out = cfgate()
        .current_dir(workspace_root())
        .args([
            "check",
            "--format",
            format,
            "tests/fixtures/scenarios/report",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{format}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn human_format() {
    insta::assert_snapshot!(run_format("human"));
}

#[test]
fn json_format() {
    let text = run_format("json");
    let value: Value = serde_json::from_str(&text).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn github_format() {
    insta::assert_snapshot!(run_format("github"));
}

#[test]
fn junit_format() {
    insta::assert_snapshot!(run_format("junit"));
}

#[test]
fn sarif_format_snapshot_and_schema() {
    let text = run_format("sarif");
    let value: Value = serde_json::from_str(&text).unwrap();
    let (stable, rules) = stable_sarif(&value);
    assert!(rules.len() > 40);
    insta::assert_json_snapshot!(stable);
    let schema_text = std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    // The official file's `run.language` pattern has an unescaped `]`, which
    // ECMAScript tolerates and Rust's regex engines reject; escape it in
    // memory so the (unchanged) committed schema compiles.
    assert!(schema_text.contains(r#"{2}-[a-zA-Z]{2}]?$"#));
    let schema_text = schema_text.replace(r#"{2}-[a-zA-Z]{2}]?$"#, r#"{2}-[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is strict enough to catch a wrong shape.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn human_format_has_no_colour_with_no_color() {
    let text = run_format("human");
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("^"));
}

#[test]
fn stdin_is_checked_with_dash() {
    let text = std::fs::read_to_string(fixture("scenarios/ph113-work-shape.yaml")).unwrap();
    let out = cfgate()
        .args(["check", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], "<stdin>");
    assert_eq!(json["files"][0]["findings"][0]["code"], "PH113");
}

#[test]
fn missing_path_exits_two_and_other_files_are_still_checked() {
    let (status, json) = check_json(&[
        "tests/fixtures/scenarios/does-not-exist.yaml",
        "tests/fixtures/scenarios/ph101-major-version.yaml",
    ]);
    assert_eq!(status, Some(2));
    assert_eq!(json["files"][0]["findings"][0]["code"], "PH004");
    assert_eq!(json["files"][1]["findings"][0]["code"], "PH101");
}

#[test]
fn usage_errors_exit_two() {
    let out = cfgate().args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cfgate()
        .args(["check", "--strict", "--allow-unknown", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = cfgate()
        .args(["check", "--schema-dir", "/nonexistent-dir", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn schema_dir_adds_a_kind_for_an_unknown_image() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("throttler.schema.json"),
        r#"{"type": "object"}"#,
    )
    .unwrap();
    let file = fixture("scenarios/ph200-unknown-image.yaml");
    let out = cfgate()
        .arg("check")
        .arg(&file)
        .arg("--schema-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn examples_check_clean() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["check", "examples/scenarios"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("0 errors"), "{text}");
    for entry in std::fs::read_dir(workspace_root().join("examples/scenarios")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path().join("scenario.yaml")).unwrap();
        assert!(text.starts_with(
            "# yaml-language-server: $schema=../../../schemas/scenario.schema.json\n"
        ));
    }
}

/// The reference material of `../shared` (absent on machines without it:
/// then these tests fail, saying so, rather than pass without checking).
fn reference_dir(relative: &str) -> std::path::PathBuf {
    let dir = workspace_root()
        .join("../shared/reference/pockethive")
        .join(relative);
    assert!(
        dir.is_dir(),
        "{} is absent: these tests need the shared reference material \
         (../shared beside the worktree); they never pass without it",
        dir.display()
    );
    dir
}

/// Runs `cfgate check --format json ARGS` and returns the exit status, the
/// error findings and the number of reports.
fn errors_of(args: &[std::ffi::OsString]) -> (Option<i32>, Vec<Value>, u64) {
    let out = cfgate()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .filter(|f| f["severity"] == "error")
        .collect();
    let files = json["summary"]["files"].as_u64().unwrap();
    (out.status.code(), errors, files)
}

/// The 15 reference bundles (descriptors and bundle files in their layout)
/// check with zero errors, as on the platform; bundle files are not read as
/// scenarios.
#[test]
fn reference_bundles_have_no_errors() {
    let dir = reference_dir("bundles");
    let (status, errors, files) = errors_of(&[dir.into_os_string()]);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(files, 15, "one report per bundle descriptor");
    assert_eq!(status, Some(0));
}

/// The flat copies of the reference descriptors, named one by one (files
/// outside any bundle are checked as scenarios), check with zero errors.
#[test]
fn reference_scenarios_named_as_files_have_no_errors() {
    let dir = reference_dir("scenarios");
    let mut files: Vec<std::ffi::OsString> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().into_os_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 15);
    let (status, errors, checked) = errors_of(&files);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(checked, 15);
    assert_eq!(status, Some(0));
}

#[test]
fn plan_prints_config_and_env_per_bee() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["plan", "examples/scenarios/rest-pipeline/scenario.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn plan_refuses_a_file_with_errors() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["plan", "tests/fixtures/scenarios/ph111-legacy-bee-id.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PH111"));
    let out = cfgate()
        .args(["plan", "/nonexistent.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_shows_examples() {
    for command in ["check", "plan"] {
        let out = cfgate().args([command, "--help"]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Examples:"), "{command}: {text}");
    }
}

/// Unknown config keys are warnings; `--strict` makes them errors and
/// `--allow-unknown` hides them.
#[test]
fn unknown_key_policy_flags() {
    let file = "tests/fixtures/scenarios/unknown-config-key.yaml";
    let (status, json) = check_json(&[file]);
    assert_eq!(status, Some(0));
    let f = &json["files"][0]["findings"][0];
    assert_finding(
        f,
        (
            "PH390",
            "warning",
            15,
            9,
            "template.bees[0].config.rateLimt",
        ),
    );
    let (status, json) = check_json(&["--strict", file]);
    assert_eq!(status, Some(1));
    assert_eq!(json["files"][0]["findings"][0]["severity"], "error");
    let (status, json) = check_json(&["--allow-unknown", file]);
    assert_eq!(status, Some(0));
    assert_eq!(json["files"][0]["findings"], serde_json::json!([]));
}

/// Config-block issues land on the offending value, or for a missing field
/// on the key of the block that lacks it.
#[test]
fn config_issues_have_exact_positions() {
    let (status, json) = check_json(&["tests/fixtures/scenarios/config-issue-positions.yaml"]);
    assert_eq!(status, Some(1));
    let found: Vec<(String, u64, u64, String)> = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "PH305".to_string(),
                14,
                17,
                "template.bees[0].config.mode.type".to_string()
            ),
            (
                "PH301".to_string(),
                18,
                7,
                "template.bees[1].config.txOutcomeSinkMode".to_string()
            ),
        ]
    );
}

/// The committed scenario schema judges the rule fixtures as `cfgate check`
/// does, except for rules a JSON Schema cannot express (listed).
#[test]
fn scenario_schema_agrees_with_check_on_fixtures() {
    use config_core::source::yaml::{parse, Limits};
    let schema_path = workspace_root().join("schemas/scenario.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut verdicts = Vec::new();
    let dir = workspace_root().join("tests/fixtures/scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    for name in names {
        let Ok(text) = std::fs::read_to_string(dir.join(&name)) else {
            continue;
        };
        let Ok(doc) = parse(&text, &Limits::default()) else {
            continue;
        };
        let schema_ok = validator.is_valid(&doc.root.to_json());
        let (status, _) = check_json(&[&format!("tests/fixtures/scenarios/{name}")]);
        verdicts.push((name, schema_ok, status == Some(0)));
    }
    // Rules only cfgate check knows (as `generated_schemas_agree_with_the_checker`
    // in config_check_tests.rs lists them for config blocks). JSON Schema cannot:
    const CHECK_ONLY: [&str; 6] = [
        // see repeated YAML keys: the parsed document keeps one;
        "ph002-duplicate-key.yaml",
        // compare list items by one property (`uniqueItems` compares whole items);
        "ph110-duplicate-role.yaml",
        "ph331-redis-duplicate-source.yaml",
        // cross-reference a value against the roles declared elsewhere;
        "ph120-edge-unknown-role.yaml",
        // compile a regex in the platform's dialect, or parse template syntax;
        "ph342-redis-route-regex.yaml",
        "ph360-template-syntax.yaml",
    ];
    // PH380 (legacy wrapper) is check-only as a rule too (the schema accepts
    // any extra key, since unknown keys are PH390 warnings), but the fixture's
    // required fields sit inside the wrapper, so the schema rejects it anyway:
    // they agree there, as on every real legacy file.
    // The binding bundles (tests/fixtures/binding): editors read YAML 1.2,
    // the platform reads YAML 1.1 values and aliases as text, so these are
    // check-only; the others agree.
    const BUNDLES_CHECK_ONLY: [&str; 7] = [
        // YAML 1.1 values, aliases and merge keys (an editor reads YAML 1.2
        // and expands them):
        "no-merge-key",
        "ok-yaml11-off",
        "ok-underscore-int",
        "no-alias",
        // the controller image must resolve to a manifest;
        "no-controller-image",
        // config keys the platform reads beyond the manifests;
        "no-docker-volume",
        // a Boolean field of a typed record (the schema leaves it open).
        "no-traffic-policy-boolean",
    ];
    let bundles = workspace_root().join("tests/fixtures/binding");
    let mut bundle_names: Vec<String> = std::fs::read_dir(&bundles)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    bundle_names.sort();
    for name in bundle_names {
        let rel = format!("tests/fixtures/binding/{name}/scenario.yaml");
        let text = std::fs::read_to_string(workspace_root().join(&rel)).unwrap();
        let Ok(doc) = parse(&text, &Limits::default()) else {
            continue;
        };
        let schema_ok = validator.is_valid(&doc.root.to_json());
        let (status, _) = check_json(&[&rel]);
        let check_ok = status == Some(0);
        let agrees = if BUNDLES_CHECK_ONLY.contains(&name.as_str()) {
            schema_ok != check_ok
        } else {
            schema_ok == check_ok
        };
        assert!(agrees, "{name}: schema {schema_ok}, check {check_ok}");
    }
    let mut disagreements = Vec::new();
    for (name, schema_ok, check_ok) in &verdicts {
        let agrees = if CHECK_ONLY.contains(&name.as_str()) {
            *schema_ok && !*check_ok
        } else {
            schema_ok == check_ok
        };
        if !agrees {
            disagreements.push(format!("{name}: schema {schema_ok}, check {check_ok}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    assert!(verdicts.len() >= 34, "{verdicts:?}");
    // The examples the README checks are valid for editors too.
    for entry in std::fs::read_dir(workspace_root().join("examples/scenarios")).unwrap() {
        let path = entry.unwrap().path().join("scenario.yaml");
        let doc = parse(&std::fs::read_to_string(&path).unwrap(), &Limits::default()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc.root.to_json())
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

/// Every finding code of `cfgate check` has a row in docs/PARITY.md (its
/// platform rule, or what cfgate knows beyond the platform) and in
/// docs/FINDINGS.md.
#[test]
fn every_finding_code_has_a_parity_row() {
    let root = workspace_root();
    let mut sources = vec![root.join("config-core/src/source/yaml.rs")];
    let mut dirs = vec![root.join("config-core/src/scenario")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push(path);
            }
        }
    }
    let mut codes = std::collections::BTreeSet::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("\"PH") {
            let code = &text[i + 1..(i + 6).min(text.len())];
            let digits = code[2..].chars().all(|c| c.is_ascii_digit());
            // PH3xx "PH3xx" test placeholders and migration codes (PH5xx) aside.
            if digits && code.len() == 5 && !code.starts_with("PH5") {
                codes.insert(code.to_string());
            }
        }
    }
    assert!(codes.len() > 40, "{codes:?}");
    let parity = std::fs::read_to_string(root.join("docs/PARITY.md")).unwrap();
    let findings = std::fs::read_to_string(root.join("docs/FINDINGS.md")).unwrap();
    let rows = |doc: &str| -> String {
        doc.lines()
            .filter(|l| l.starts_with('|'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (parity, findings) = (rows(&parity), rows(&findings));
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !parity.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a docs/PARITY.md row: {missing:?}"
    );
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !findings.contains(&format!("| {c} |")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a docs/FINDINGS.md row: {missing:?}"
    );
}

/// One bundle per binding case of VALIDATOR.md §1 and per platform rule the
/// descriptor checks changed for (tests/fixtures/binding/): `ok-*` bundles
/// are accepted by the platform and give no finding; each `no-*` bundle
/// gives exactly its findings, at the exact position.
#[test]
fn binding_and_rule_bundles_match_the_platform() {
    type Expected = &'static [(&'static str, &'static str, u64, u64, &'static str)];
    let cases: &[(&str, Expected)] = &[
        ("ok-bees-missing", &[]),
        ("ok-config-null-block", &[]),
        ("ok-direction-upper", &[]),
        ("ok-id-number", &[]),
        ("ok-name-missing", &[]),
        ("ok-null-and-blank-queues", &[]),
        ("ok-plan-null", &[]),
        ("ok-role-number", &[]),
        ("ok-templated-selector", &[]),
        ("ok-traffic-policy", &[]),
        ("ok-underscore-int", &[]),
        ("ok-version-forms", &[]),
        ("ok-yaml11-off", &[]),
        ("no-alias", &[("PH009", "error", 3, 7, "name")]),
        (
            "no-config-null",
            &[(
                "PH371",
                "error",
                22,
                9,
                "template.bees[1].config.forwardToOutput",
            )],
        ),
        (
            "no-config-pockethive",
            &[(
                "PH380",
                "error",
                23,
                9,
                "template.bees[1].config.pockethive",
            )],
        ),
        (
            "no-controller-image",
            &[("PH201", "error", 5, 10, "template.image")],
        ),
        (
            "no-direction",
            &[(
                "PH114",
                "error",
                20,
                31,
                "template.bees[1].ports[0].direction",
            )],
        ),
        (
            "no-docker-volume",
            &[(
                "PH350",
                "error",
                24,
                21,
                "template.bees[1].config.docker.volumes[0]",
            )],
        ),
        (
            "no-env-null",
            &[("PH104", "error", 17, 13, "template.bees[1].env.A")],
        ),
        ("no-ignored-key", &[("PH131", "warning", 29, 1, "tempalte")]),
        ("no-infinity", &[("PH001", "error", 2, 5, "")]),
        (
            "no-merge-key",
            &[
                ("PH010", "error", 15, 7, "template.bees[1][\"<<\"]"),
                ("PH112", "error", 15, 7, "template.bees[1][\"<<\"]"),
            ],
        ),
        (
            "no-numeric-string",
            &[(
                "PH304",
                "error",
                15,
                23,
                "template.bees[0].config.mode.ratePerSec",
            )],
        ),
        ("no-plan-list", &[("PH104", "error", 29, 7, "plan")]),
        (
            "no-templated-selector-with-sub-block",
            &[(
                "PH321",
                "error",
                11,
                17,
                "template.bees[0].config.inputs.type",
            )],
        ),
        ("no-second-document", &[("PH006", "warning", 29, 1, "")]),
        (
            "no-traffic-policy-boolean",
            &[(
                "PH104",
                "error",
                31,
                14,
                "trafficPolicy.bufferGuard.enabled",
            )],
        ),
        (
            "no-version-string-float",
            &[("PH104", "error", 24, 12, "topology.version")],
        ),
        (
            "no-y-is-not-a-boolean",
            &[(
                "PH304",
                "error",
                22,
                26,
                "template.bees[1].config.forwardToOutput",
            )],
        ),
    ];
    let (status, json) = check_json(&["tests/fixtures/binding"]);
    assert_eq!(status, Some(1));
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), cases.len(), "one report per bundle: {json}");
    for (name, expected) in cases {
        let path = format!("tests/fixtures/binding/{name}/scenario.yaml");
        let file = files
            .iter()
            .find(|f| f["path"] == path.as_str())
            .unwrap_or_else(|| panic!("{path} not checked"));
        let findings = file["findings"].as_array().unwrap();
        assert_eq!(findings.len(), expected.len(), "{name}: {file}");
        for (f, want) in findings.iter().zip(expected.iter()) {
            assert_finding(f, *want);
        }
    }
}

/// Discovery: bundle files are not scenarios, a lone `scenario.yml` is
/// PH007, a directory with nothing to check is PH008 (exit 2), a file inside
/// a bundle checks the bundle once, and the walk says what it skipped.
#[test]
fn discovery_finds_bundles_and_says_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let valid = std::fs::read_to_string(
        workspace_root().join("examples/scenarios/redis-loop/scenario.yaml"),
    )
    .unwrap();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("b/scenario.yaml", &valid);
    // Not scenarios: bundle files, and YAML outside any bundle.
    write("b/templates/t.yaml", "callId: x\n");
    write(
        "b/variables.yaml",
        "version: 1\ndefinitions:\n  - {name: region, scope: global, type: string}\n\
         profiles:\n  - {id: default}\nvalues:\n  global:\n    default: {region: eu}\n",
    );
    write("loose.yaml", "not: a scenario\n");
    write(".hidden/scenario.yaml", "broken: [\n");
    write("old/scenario.yml", &valid);
    let out = cfgate()
        .current_dir(root)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./b/scenario.yaml", "./old/scenario.yml"], "{json}");
    assert_eq!(json["files"][1]["findings"][0]["code"], "PH007");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("1 hidden entry (--hidden)")
            && stderr.contains("1 YAML file outside any bundle"),
        "{stderr}"
    );
    // A file inside the bundle checks the bundle, once.
    let (status, json) = {
        let out = cfgate()
            .current_dir(root)
            .args(["check", "--format", "json"])
            .args(["b/templates/t.yaml", "b/variables.yaml", "b"])
            .output()
            .unwrap();
        (
            out.status.code(),
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        )
    };
    assert_eq!(status, Some(0), "{json}");
    assert_eq!(json["summary"]["files"], 1, "{json}");
    assert_eq!(json["files"][0]["path"], "b/scenario.yaml");
    // Nothing to check: exit 2, naming the argument.
    write("empty/readme.yaml", "x: 1\n");
    let out = cfgate()
        .current_dir(root)
        .args(["check", "empty"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("PH008") && text.contains("nothing to check in empty"),
        "{text}"
    );
}

/// A map-valued `inputs.redis.sources` (SRC:990-1011 needs a list): PH304
/// says a list is needed, not "a mapping or a list, found a mapping".
#[test]
fn a_map_valued_redis_sources_is_told_it_must_be_a_list() {
    let (code, json) = check_json(&["tests/fixtures/check-canonical/fail-sources-map.yaml"]);
    assert_eq!(code, Some(1));
    let findings = json["files"][0]["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["code"] == "PH304")
        .unwrap_or_else(|| panic!("{json}"));
    assert_finding(
        f,
        (
            "PH304",
            "error",
            25,
            22,
            "template.bees[0].config.inputs.redis.sources",
        ),
    );
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("must be a list (or a {{ template }}), found a mapping"),
        "{message}"
    );
}

/// WorkerControlPlaneRuntime.java:410-412: kebab and snake spellings of
/// known keys are read by the worker under the canonical key, so they are
/// PH392 (naming it), not PH390; a key no schema names stays PH390.
#[test]
fn respelt_known_keys_are_named_as_the_worker_reads_them() {
    let (code, json) = check_json(&["tests/fixtures/check-canonical/warn-respelt-keys.yaml"]);
    assert_eq!(code, Some(0), "{json}");
    let findings = json["files"][0]["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PH392", "PH392", "PH392", "PH390"], "{json}");
    let at = |path: &str| {
        findings
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {json}"))
    };
    let prefix = "template.bees[0].config.";
    assert_finding(
        at(&format!("{prefix}tcp-transport")),
        ("PH392", "warning", 23, 9, &format!("{prefix}tcp-transport")),
    );
    assert_finding(
        at(&format!("{prefix}tcp-transport.max-retries")),
        (
            "PH392",
            "warning",
            24,
            11,
            &format!("{prefix}tcp-transport.max-retries"),
        ),
    );
    assert_finding(
        at(&format!("{prefix}private-config")),
        (
            "PH392",
            "warning",
            25,
            9,
            &format!("{prefix}private-config"),
        ),
    );
    assert_finding(
        at(&format!("{prefix}no-such-key")),
        ("PH390", "warning", 26, 9, &format!("{prefix}no-such-key")),
    );
    let message = at(&format!("{prefix}tcp-transport.max-retries"))["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("read by the worker as `tcpTransport.maxRetries`"),
        "{message}"
    );
}
