//! Packaging: the committed man pages are current, help examples name files
//! that exist, the licence files and hook manifests are in place.

use crate::common::{cfgate, workspace_root};
use std::collections::BTreeMap;
use std::path::Path;

fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "1"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// `man/` holds exactly what `cfgate man --out` writes today.
#[test]
fn committed_man_pages_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    let out = cfgate()
        .args(["man", "--out"])
        .arg(fresh.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fresh = files_in(fresh.path());
    let committed = files_in(&workspace_root().join("man"));
    assert!(fresh.contains_key("cfgate.1") && fresh.contains_key("cfgate-check.1"));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "man/ is stale: run `cargo run --bin cfgate -- man --out man` and commit"
    );
    for (name, text) in &fresh {
        assert!(
            committed.get(name) == Some(text),
            "man/{name} is stale: run `cargo run --bin cfgate -- man --out man` and commit"
        );
    }
    // Printed without --out: the top-level page.
    let out = cfgate().arg("man").output().unwrap();
    assert!(Some(&out.stdout) == fresh.get("cfgate.1"), "cfgate man");
}

/// Every `examples/...` path a `--help` names exists in the repository.
#[test]
fn help_examples_name_files_that_exist() {
    let commands = [
        "check",
        "plan",
        "validate",
        "explain",
        "deprecations",
        "patch",
        "completions",
        "schema",
        "migrate",
        "man",
    ];
    let mut named = 0;
    for command in commands {
        let out = cfgate().args([command, "--help"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = String::from_utf8(out.stdout).unwrap();
        for word in help.split_whitespace() {
            if let Some(start) = word.find("examples/") {
                let path = word[start..].trim_end_matches(|c: char| !c.is_alphanumeric());
                named += 1;
                assert!(
                    workspace_root().join(path).exists(),
                    "`cfgate {command} --help` names {path}, which does not exist"
                );
            }
        }
    }
    assert!(named >= 3, "the helps name example files");
}

/// The crates declare MIT OR Apache-2.0: both texts ship, at the root and
/// inside each crate's package.
#[test]
fn licence_files_ship_with_the_crates() {
    let root = workspace_root();
    for dir in [".", "config-core", "config-cli"] {
        for name in ["LICENSE-MIT", "LICENSE-APACHE"] {
            let text = std::fs::read_to_string(root.join(dir).join(name)).unwrap();
            assert!(text.len() > 500, "{dir}/{name}");
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    // The registry is inside config-core (so it packages); the root links to it.
    assert_eq!(
        std::fs::read(root.join("deprecations.toml")).unwrap(),
        std::fs::read(root.join("config-core/deprecations.toml")).unwrap()
    );
}

/// The hook manifest and the action run commands cfgate has, in the forms
/// the README gives.
#[test]
fn hooks_and_action_run_real_commands() {
    let root = workspace_root();
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    for (id, entry) in [
        ("cfgate-check", "cfgate check"),
        ("cfgate-validate", "cfgate validate"),
        ("cfgate-migrate", "cfgate migrate --check"),
    ] {
        assert!(hooks.contains(&format!("- id: {id}\n")), "{id}");
        assert!(hooks.contains(&format!("entry: {entry}\n")), "{entry}");
        let args: Vec<&str> = entry.split_whitespace().skip(1).collect();
        let out = cfgate().args(&args).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{entry}");
    }
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    assert!(action.contains("using: composite"));
    assert!(action.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH/config-cli\""));
    assert!(action.contains("cfgate check --format github"));
    // Inputs never pasted into a script (workflow injection).
    for line in action.lines().filter(|l| l.contains("${{ inputs.")) {
        assert!(line.trim_start().starts_with("CFGATE_"), "{line}");
    }
}
