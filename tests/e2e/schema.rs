//! `cfgate schema`: regenerate and check the committed JSON Schemas.

use crate::common::{cfgate, workspace_root};

#[test]
fn check_passes_on_the_committed_schemas() {
    cfgate()
        .current_dir(workspace_root())
        .args(["schema", "--check"])
        .assert()
        .success();
}

#[test]
fn out_writes_every_schema_and_check_then_passes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    cfgate()
        .args(["schema", "--out"])
        .arg(&out)
        .assert()
        .success();
    for name in [
        "scenario.schema.json",
        "processor.schema.json",
        "draft-07/scenario.schema.json",
    ] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let _: serde_json::Value = serde_json::from_str(&text).unwrap();
    }
    let committed =
        std::fs::read_to_string(workspace_root().join("schemas/scenario.schema.json")).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("scenario.schema.json")).unwrap(),
        committed
    );
    cfgate()
        .args(["schema", "--check", "--out"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn check_names_stale_and_missing_files_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    cfgate()
        .args(["schema", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    std::fs::write(dir.path().join("generator.schema.json"), "{}\n").unwrap();
    std::fs::remove_file(dir.path().join("draft-07/trigger.schema.json")).unwrap();
    let out = cfgate()
        .current_dir(dir.path())
        .args(["schema", "--check", "--out", "."])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("generator.schema.json: stale"), "{stderr}");
    assert!(stderr.contains("trigger.schema.json: missing"), "{stderr}");
    assert!(stderr.contains("cfgate schema --out"), "{stderr}");
}

#[test]
fn without_flags_prints_the_scenario_schema() {
    let out = cfgate()
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "PocketHive scenario");
}
