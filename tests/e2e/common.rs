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
