//! Replays the committed fuzz seed corpus (`fuzz/seeds/<target>/`) through the
//! same entry points the libFuzzer targets use (`fuzz/src/entry.rs`), so every
//! `cargo test` checks their invariants without the fuzzing toolchain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    // Both entry files include `fuzz/src/common.rs`; a fuzz target includes
    // only one of them.
    clippy::duplicate_mod
)]

#[path = "../../fuzz/src/entry.rs"]
mod entry;
#[path = "../../fuzz/src/entry_more.rs"]
mod entry_more;

use std::path::PathBuf;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "too few seeds in {}", dir.display());
    for file in files {
        let data = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target} panicked on {}", file.display());
    }
}

#[test]
fn dotenv_seeds() {
    replay("dotenv", entry::dotenv);
}

#[test]
fn gate_env_seeds() {
    replay("gate_env", entry::gate_env);
}

#[test]
fn scenario_check_seeds() {
    replay("scenario_check", entry::scenario_check);
}

#[test]
fn migrate_seeds() {
    replay("migrate", entry::migrate);
}

#[test]
fn template_check_seeds() {
    replay("template_check", entry::template_check);
}

#[test]
fn binding_seeds() {
    replay("binding", entry_more::binding);
}

#[test]
fn bundle_seeds() {
    replay("bundle", entry_more::bundle);
}

#[test]
fn audit_capture_seeds() {
    replay("audit_capture", entry_more::audit_capture);
}

#[test]
fn patch_seeds() {
    replay("patch", entry_more::patch);
}

#[test]
fn editor_seeds() {
    replay("editor", entry_more::editor);
}

/// The gate's canary check is live: a secret variable gets the canary, a
/// plain one never does.
#[test]
fn env_map_marks_only_secret_values() {
    let vars = entry::env_map(b"KTRDR_DB_PASSWORD\0pw\0KTRDR_DB_HOST\0FUZZCANARYh\0");
    assert_eq!(vars[0], ("KTRDR_DB_PASSWORD".into(), "FUZZCANARYpw".into()));
    assert_eq!(vars[1], ("KTRDR_DB_HOST".into(), "h".into()));
}
