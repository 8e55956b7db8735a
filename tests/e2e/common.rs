//! Helpers shared by the end-to-end tests.

use assert_cmd::Command;
use std::path::PathBuf;
use std::process::Output;

/// The `cfgate` binary with a clean environment: tests inject every variable
/// they need and never inherit the developer's or CI's settings.
pub fn cfgate() -> Command {
    Command::from_std(cfgate_process())
}

/// [`cfgate`] as a plain process, for a test that drives the binary over
/// its pipes while it runs (`cfgate lsp`).
pub fn cfgate_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cfgate"));
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// [`cfgate`] run from the workspace root (fixture paths are relative to it).
pub fn cfgate_at_root() -> Command {
    let mut cmd = cfgate();
    cmd.current_dir(workspace_root());
    cmd
}

/// A run's exit code and its stdout read as JSON; a stdout that is not
/// JSON fails the test with both output streams.
pub fn exit_and_json(out: &Output) -> (i32, serde_json::Value) {
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), json)
}

/// A fresh temporary directory holding `files` (relative path, text).
pub fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (relative, text) in files {
        let path = dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
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

/// The text of a fixture file under `tests/fixtures/`.
pub fn fixture_text(relative: &str) -> String {
    std::fs::read_to_string(fixture(relative)).unwrap()
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
