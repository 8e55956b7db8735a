//! `cfgate check` on whole bundles (issue 13): templates, consumers and
//! their callIds, variables, SUTs, auth profiles, and rules across bundles.
//! Bundle descriptors are passed as `…/scenario.yaml` paths.

use crate::common::{cfgate, fixture, stable_sarif, workspace_root};
use serde_json::Value;

/// `cfgate check --format json` from the workspace root.
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

fn findings(json: &Value) -> Vec<&Value> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .collect()
}

fn descriptor(bundle: &str) -> String {
    format!("tests/fixtures/bundles/{bundle}/scenario.yaml")
}

/// Each rule's failing bundle reports exactly its findings, each in its own
/// file at the exact position; its passing variant reports nothing.
#[test]
fn each_bundle_rule_fails_its_fixture_and_passes_its_variant() {
    // (bundle, code, severity, file in the bundle, line, column, path)
    let cases: &[(&str, &str, &str, &str, u64, u64, &str)] = &[
        (
            "ph600-template-parse/fail",
            "PH600",
            "error",
            "templates/misc/notes.yaml",
            2,
            1,
            "",
        ),
        (
            "ph601-template-syntax/fail",
            "PH601",
            "error",
            "templates/misc/snippet.yaml",
            1,
            18,
            "greeting",
        ),
        // The offending token's line and column inside the value: a JSON
        // string with escapes, a literal block, a double-quoted string with
        // escapes, a single-quoted string folded over two lines, a folded
        // block.
        (
            "ph601-template-positions/fail",
            "PH601",
            "error",
            "templates/misc/body.json",
            1,
            57,
            "body",
        ),
        (
            "ph601-template-positions/fail",
            "PH601",
            "error",
            "templates/misc/positions.yaml",
            4,
            26,
            "note",
        ),
        (
            "ph601-template-positions/fail",
            "PH601",
            "error",
            "templates/misc/positions.yaml",
            5,
            39,
            "quoted",
        ),
        (
            "ph601-template-positions/fail",
            "PH601",
            "error",
            "templates/misc/positions.yaml",
            7,
            10,
            "single",
        ),
        (
            "ph601-template-positions/fail",
            "PH601",
            "error",
            "templates/misc/positions.yaml",
            10,
            14,
            "folded",
        ),
        (
            "ph602-template-field/fail",
            "PH602",
            "error",
            "templates/http/checkout.yaml",
            1,
            1,
            "method",
        ),
        (
            "ph603-template-protocol/fail",
            "PH603",
            "error",
            "templates/http/checkout.yaml",
            3,
            11,
            "protocol",
        ),
        (
            "ph610-template-root-escapes/fail",
            "PH610",
            "error",
            "scenario.yaml",
            37,
            23,
            "template.bees[1].config.templateRoot",
        ),
        (
            "ph611-call-id-missing/fail",
            "PH611",
            "error",
            "scenario.yaml",
            25,
            27,
            "template.bees[0].config.message.headers.x-ph-call-id",
        ),
        (
            "ph612-call-id-duplicate/fail",
            "PH612",
            "error",
            "templates/http/checkout.yaml",
            2,
            1,
            "callId",
        ),
        (
            "ph613-template-root-outside/fail",
            "PH613",
            "warning",
            "scenario.yaml",
            37,
            23,
            "template.bees[1].config.templateRoot",
        ),
        (
            "ph620-variables-missing/fail",
            "PH620",
            "error",
            "templates/http/checkout.yaml",
            5,
            35,
            "",
        ),
        (
            "ph621-variable-unknown/fail",
            "PH621",
            "error",
            "templates/http/checkout.yaml",
            8,
            17,
            "",
        ),
        (
            "ph622-variables-strict/fail",
            "PH622",
            "error",
            "variables.yaml",
            11,
            5,
            "definitions[1].description",
        ),
        (
            "ph622-variables-type/fail",
            "PH622",
            "error",
            "variables.yaml",
            22,
            16,
            "values.global.default.retries",
        ),
        (
            "ph622-variables-unknown-sut/fail",
            "PH622",
            "error",
            "variables.yaml",
            25,
            7,
            "values.sut.default.staging",
        ),
        (
            "ph623-variable-required/fail",
            "PH623",
            "warning",
            "variables.yaml",
            20,
            5,
            "values.global.default",
        ),
        (
            "ph630-sut-file-missing/fail",
            "PH630",
            "error",
            "sut/staging",
            1,
            1,
            "",
        ),
        (
            "ph630-sut-id-mismatch/fail",
            "PH630",
            "error",
            "sut/local/sut.yaml",
            1,
            5,
            "id",
        ),
        (
            "ph630-sut-strict/fail",
            "PH630",
            "error",
            "sut/local/sut.yaml",
            6,
            5,
            "endpoints.default.id",
        ),
        (
            "ph640-auth-inline/fail",
            "PH640",
            "error",
            "templates/http/checkout.yaml",
            9,
            1,
            "auth",
        ),
        (
            "ph640-auth-inline/fail",
            "PH640",
            "error",
            "templates/http/checkout.yaml",
            11,
            1,
            "authRef",
        ),
        (
            "ph641-auth-profile-missing/fail",
            "PH641",
            "error",
            "templates/http/checkout.yaml",
            10,
            14,
            "authRef.profileId",
        ),
        (
            "ph642-auth-apply-as/fail",
            "PH642",
            "error",
            "templates/http/checkout.yaml",
            11,
            12,
            "authRef.applyAs",
        ),
        (
            "ph643-auth-profiles-missing/fail",
            "PH643",
            "error",
            "templates/http/checkout.yaml",
            10,
            14,
            "authRef",
        ),
        (
            "ph644-auth-profiles-invalid/fail",
            "PH644",
            "error",
            "authProfiles.yaml",
            3,
            11,
            "profiles.shop-token.type",
        ),
        (
            "ph645-auth-storage/fail",
            "PH645",
            "error",
            "authProfiles.yaml",
            2,
            3,
            "profiles.shop-token.storage.mode",
        ),
        (
            "ph651-id-not-segment/fail",
            "PH651",
            "error",
            "scenario.yaml",
            2,
            5,
            "id",
        ),
    ];
    let mut bundles: Vec<&str> = cases.iter().map(|c| c.0).collect();
    bundles.dedup();
    for bundle in bundles {
        let path = descriptor(bundle);
        let (code, json) = check_json(&[&path]);
        let got: Vec<(String, String, String, u64, u64, String)> = findings(&json)
            .into_iter()
            .map(|f| {
                let file = f["file"]
                    .as_str()
                    .map_or("scenario.yaml".to_string(), |file| {
                        file.strip_prefix(&format!("tests/fixtures/bundles/{bundle}/"))
                            .unwrap_or_else(|| panic!("{file} is not in {bundle}"))
                            .to_string()
                    });
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                    file,
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["path"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String, String, u64, u64, String)> = cases
            .iter()
            .filter(|c| c.0 == bundle)
            .map(|c| (c.1.into(), c.2.into(), c.3.into(), c.4, c.5, c.6.into()))
            .collect();
        assert_eq!(got, want, "{bundle}");
        let errors = want.iter().any(|w| w.1 == "error");
        assert_eq!(code, Some(i32::from(errors)), "{bundle}");

        let passing = bundle.replace("/fail", "/pass");
        let (code, json) = check_json(&[&descriptor(&passing)]);
        assert!(findings(&json).is_empty(), "{passing}: {json:#}");
        assert_eq!(code, Some(0), "{passing}");
    }
}

/// A run over several bundles reports a shared id on each of them, each
/// naming the other; a bundle with its own id is untouched.
#[test]
fn duplicate_ids_across_bundles_are_reported_on_both() {
    let (code, json) = check_json(&[
        &descriptor("ph650-duplicate-id/orders"),
        &descriptor("ph650-duplicate-id/orders-copy"),
        &descriptor("ph650-duplicate-id/refunds"),
    ]);
    assert_eq!(code, Some(1));
    // One more report holds the rules across bundles; each finding names
    // its own descriptor and the other one.
    let catalog = json["files"].as_array().unwrap().last().unwrap();
    assert_eq!(catalog["path"], "<catalog>");
    let dups: Vec<&Value> = catalog["findings"].as_array().unwrap().iter().collect();
    assert_eq!(dups.len(), 2, "{json:#}");
    assert!(dups.iter().all(|f| f["code"] == "PH650"));
    let on = |f: &Value| f["file"].as_str().unwrap().to_string();
    let other = |f: &Value| f["related"]["file"].as_str().unwrap().to_string();
    assert_eq!(on(dups[0]), other(dups[1]));
    assert_eq!(on(dups[1]), other(dups[0]));
    assert!(dups.iter().all(|f| f["line"] == 2 && f["column"] == 5));
    assert!(dups.iter().all(|f| !on(f).contains("refunds")));
    assert_eq!(json["summary"]["files"], 3);
    assert_eq!(json["summary"]["errors"], 2);
}

/// The reference bundles the platform accepts check with zero errors.
#[test]
fn reference_bundles_have_no_errors() {
    let dir = workspace_root().join("../shared/reference/pockethive/bundles");
    if !dir.is_dir() {
        eprintln!(
            "WARNING: {} is absent: the reference bundles are NOT checked",
            dir.display()
        );
        return;
    }
    let mut descriptors: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("scenario.yaml"))
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    descriptors.sort();
    assert!(descriptors.len() >= 15, "{descriptors:?}");
    let out = cfgate()
        .args(["check", "--format", "json"])
        .args(&descriptors)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&Value> = findings(&json)
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(out.status.code(), Some(0));
}

/// Findings joining two files, in every format: a duplicate template key
/// (two template files) and a duplicate id (two bundles).
fn multi_file_run(format: &str) -> String {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["check", "--format", format])
        .arg(descriptor("ph612-call-id-duplicate/fail"))
        .arg(descriptor("ph641-auth-profile-missing/fail"))
        .arg(descriptor("ph650-duplicate-id/orders"))
        .arg(descriptor("ph650-duplicate-id/orders-copy"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{format}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn multi_file_findings_human() {
    insta::assert_snapshot!(multi_file_run("human"));
}

#[test]
fn multi_file_findings_json() {
    let value: Value = serde_json::from_str(&multi_file_run("json")).unwrap();
    insta::assert_json_snapshot!(value);
}

#[test]
fn multi_file_findings_github() {
    insta::assert_snapshot!(multi_file_run("github"));
}

#[test]
fn multi_file_findings_junit() {
    insta::assert_snapshot!(multi_file_run("junit"));
}

#[test]
fn multi_file_findings_sarif_is_valid() {
    let value: Value = serde_json::from_str(&multi_file_run("sarif")).unwrap();
    let (stable, _rules) = stable_sarif(&value);
    insta::assert_json_snapshot!(stable);
    let text = std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace(r#"{2}-[a-zA-Z]{2}]?$"#, r#"{2}-[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = value["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(
            |r| r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("templates/http/checkout-v2.yaml"))
        ));
}

/// `cfgate plan BUNDLE` shows per consumer the templates it loads and per
/// profile the variables, secrets masked.
#[test]
fn plan_shows_the_bundle_view() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args([
            "plan",
            "tests/fixtures/bundles/ph622-variables-unknown-sut/pass",
            // A create without a profile fails here (PH804, ORC:272-282).
            "--profile",
            "default",
            "--sut",
            "local",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!(value["bundle"]);
}

/// A bundle error stops the plan like any other error.
#[test]
fn plan_refuses_a_bundle_with_errors() {
    let out = cfgate()
        .current_dir(workspace_root())
        .args(["plan", &descriptor("ph611-call-id-missing/fail")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PH611"));
}

/// The committed bundle-file schemas accept every bundle file of the
/// passing fixtures and of the reference bundles, and reject the failing
/// fixtures' broken files (what editors will say agrees with `check`).
#[test]
fn bundle_file_schemas_agree_with_check() {
    use config_core::source::yaml::{parse, Limits};
    let schema = |stem: &str| {
        let path = workspace_root().join(format!("schemas/{stem}.schema.json"));
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::validator_for(&value).unwrap()
    };
    let (template, sut, variables, auth) = (
        schema("template"),
        schema("sut"),
        schema("variables"),
        schema("auth-profiles"),
    );
    let load = |path: &std::path::Path| {
        let text = std::fs::read_to_string(path).unwrap();
        parse(&text, &Limits::default()).unwrap().root.to_json()
    };
    let valid = |bundle: &std::path::Path| {
        let mut checked = 0;
        for (rel, validator) in [("variables.yaml", &variables), ("authProfiles.yaml", &auth)] {
            let path = bundle.join(rel);
            if path.is_file() {
                let errors: Vec<String> = validator
                    .iter_errors(&load(&path))
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                checked += 1;
            }
        }
        for dir in ["sut", "templates/http"] {
            let Ok(entries) = std::fs::read_dir(bundle.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = if dir == "sut" {
                    entry.path().join("sut.yaml")
                } else {
                    entry.path()
                };
                let validator = if dir == "sut" { &sut } else { &template };
                if path.is_file() && path.extension().is_some_and(|e| e == "yaml") {
                    let errors: Vec<String> = validator
                        .iter_errors(&load(&path))
                        .map(|e| e.to_string())
                        .collect();
                    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                    checked += 1;
                }
            }
        }
        checked
    };
    let fixtures = workspace_root().join("tests/fixtures/bundles");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        checked += valid(&entry.path().join("pass"));
    }
    let reference = workspace_root().join("../shared/reference/pockethive/bundles");
    if reference.is_dir() {
        for entry in std::fs::read_dir(&reference).unwrap().flatten() {
            checked += valid(&entry.path());
        }
    } else {
        eprintln!(
            "WARNING: {} is absent: reference bundle files NOT validated",
            reference.display()
        );
    }
    assert!(checked > 50, "{checked}");
    let broken = |rel: &str, validator: &jsonschema::Validator| {
        assert!(
            !validator.is_valid(&load(&fixtures.join(rel))),
            "{rel} should not validate"
        );
    };
    broken(
        "ph603-template-protocol/fail/templates/http/checkout.yaml",
        &template,
    );
    broken(
        "ph602-template-field/fail/templates/http/checkout.yaml",
        &template,
    );
    broken("ph630-sut-strict/fail/sut/local/sut.yaml", &sut);
    broken("ph622-variables-strict/fail/variables.yaml", &variables);
    broken("ph644-auth-profiles-invalid/fail/authProfiles.yaml", &auth);
    broken("ph645-auth-storage/fail/authProfiles.yaml", &auth);
}
