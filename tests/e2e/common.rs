//! Helpers shared by the end-to-end tests.

use assert_cmd::Command;
use std::path::PathBuf;

/// The `cfgate` binary with a clean environment: tests inject every variable
/// they need and never inherit the developer's or CI's settings.
pub fn cfgate() -> Command {
    let mut cmd = Command::cargo_bin("cfgate").unwrap();
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// The workspace root (the folder holding `deprecations.toml`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fixture file under `tests/fixtures/`.
#[allow(dead_code)]
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root()
        .join("tests")
        .join("fixtures")
        .join(relative)
}

/// A SARIF log without the parts that vary with the docs and the machine:
/// the rule list (every documented code, tested in
/// `render::findings::sarif`) and the working directory's URI, both checked
/// here; the snapshot holds the rest. Returns the rule list as well.
pub fn stable_sarif(log: &serde_json::Value) -> (serde_json::Value, Vec<serde_json::Value>) {
    let mut stable = log.clone();
    let run = stable["runs"][0].as_object_mut().unwrap();
    let rules = run["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("rules")
        .unwrap();
    let root = run.remove("originalUriBaseIds").unwrap();
    assert!(root["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
    (stable, rules.as_array().unwrap().clone())
}

/// One positioned JSON finding has exactly this code, severity, line,
/// column and path.
#[track_caller]
pub fn assert_finding(
    f: &serde_json::Value,
    (code, severity, line, column, path): (&str, &str, u64, u64, &str),
) {
    assert_eq!(
        (
            &f["code"],
            &f["severity"],
            &f["line"],
            &f["column"],
            &f["path"]
        ),
        (
            &serde_json::Value::from(code),
            &serde_json::Value::from(severity),
            &serde_json::Value::from(line),
            &serde_json::Value::from(column),
            &serde_json::Value::from(path)
        ),
        "{f}"
    );
}
