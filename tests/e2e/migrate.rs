//! `cfgate migrate` end to end: modes, exit codes, files left untouched on
//! conflict, permissions kept, idempotence.

use crate::common::{cfgate, fixture};
use std::fs;
use std::path::{Path, PathBuf};

/// A scratch directory holding copies of fixtures (tests never edit fixtures).
fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, fixture_path) in files {
        let target = dir.path().join(name);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(fixture(fixture_path), target).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cfgate()
        .current_dir(dir)
        .arg("migrate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

fn env_fixture(name: &str) -> PathBuf {
    fixture(&format!("migrate/env/{name}"))
}

#[test]
fn check_lists_changes_exits_1_and_writes_nothing() {
    let dir = scratch(&[(".env", "migrate/env/mixed.env")]);
    let (code, out, err) = run(dir.path(), &["--check", ".env"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("env_check", out);
    assert_eq!(
        read(dir.path(), ".env"),
        fs::read_to_string(env_fixture("mixed.env")).unwrap()
    );
}

#[test]
fn check_is_the_default_and_a_clean_file_exits_0() {
    let dir = scratch(&[(".env", "migrate/env/clean.env")]);
    let (code, out, _) = run(dir.path(), &["."]);
    assert_eq!(code, 0);
    assert_eq!(out, "nothing to migrate in 1 file.\n");
}

#[test]
fn diff_is_a_unified_diff_with_secret_values_hidden() {
    let dir = scratch(&[(".env", "migrate/env/mixed.env")]);
    let (code, out, err) = run(dir.path(), &["--diff", ".env"]);
    assert_eq!(code, 1);
    assert!(!out.contains("not-a-real-secret"));
    insta::assert_snapshot!("env_diff", out);
    assert!(err.contains("6 changes in 1 file would be made"), "{err}");
}

#[test]
fn write_migrates_keeps_bytes_and_permissions_and_is_idempotent() {
    let dir = scratch(&[(".env.local", "migrate/env/mixed.env")]);
    let path = dir.path().join(".env.local");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let (code, out, err) = run(dir.path(), &["--write", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("migrated 1 file (6 changes).\n"), "{out}");
    let expected = "# Worker settings, migrated from the old names\n\n\
        export KTRDR_WORKER_PORT=5003   # the canonical port\n\
        KTRDR_WORKER_HEALTH_CHECK_INTERVAL = \"10\"\n\n\
        # database\r\nKTRDR_DB_HOST='db.internal'\r\nKTRDR_DB_PORT=5432\r\n\
        KTRDR_DB_PASSWORD=\"not-a-real-secret\"\n\
        OTHER_SETTING=kept\nKTRDR_IB_RETRY_BASE_DELAY=2.0";
    assert_eq!(read(dir.path(), ".env.local"), expected);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    let (code, out, _) = run(dir.path(), &["--write", "."]);
    assert_eq!(code, 0);
    assert_eq!(out, "nothing to migrate in 1 file.\n");
    assert_eq!(read(dir.path(), ".env.local"), expected);
}

#[test]
fn a_conflict_leaves_the_file_untouched_names_both_lines_and_exits_1() {
    let dir = scratch(&[
        (".env", "migrate/env/conflict.env"),
        ("ok/.env", "migrate/env/mixed.env"),
    ]);
    let (code, out, _) = run(dir.path(), &["--write", "."]);
    assert_eq!(code, 1);
    assert_eq!(
        read(dir.path(), ".env"),
        fs::read_to_string(env_fixture("conflict.env")).unwrap()
    );
    // Other files are still migrated, each on its own.
    assert!(read(dir.path(), "ok/.env").contains("KTRDR_DB_HOST="));
    insta::assert_snapshot!("env_conflict_write", out);
}

#[test]
fn unreadable_lines_block_the_file() {
    let dir = scratch(&[(".env", "migrate/env/unreadable.env")]);
    let (code, out, _) = run(dir.path(), &["--write", ".env"]);
    assert_eq!(code, 1);
    assert!(out.contains(".env:2:1: error[PH504]"), "{out}");
    assert_eq!(read(dir.path(), ".env"), "DB_HOST=a\nthis line is broken\n");
}

#[test]
fn json_report_has_changes_problems_and_summary() {
    let dir = scratch(&[
        ("a.env", "migrate/env/mixed.env"),
        ("b.env", "migrate/env/conflict.env"),
    ]);
    let (code, out, _) = run(dir.path(), &["--format", "json", "a.env", "b.env"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["mode"], "check");
    assert_eq!(json["files"][0]["changes"][0]["old"], "WORKER_PORT");
    assert_eq!(json["files"][0]["changes"][0]["new"], "KTRDR_WORKER_PORT");
    assert_eq!(json["files"][0]["changes"][0]["line"], 3);
    assert_eq!(json["files"][1]["problems"][0]["code"], "PH503");
    assert_eq!(json["summary"]["changes"], 6);
    assert_eq!(json["summary"]["files_blocked"], 1);
    assert!(!out.contains("not-a-real-secret"));
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    let dir = scratch(&[(".env", "migrate/env/mixed.env")]);
    let (code, _, err) = run(dir.path(), &["missing.env"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.env: cannot read"), "{err}");
    fs::write(dir.path().join("notes.yml"), "a: 1\n").unwrap();
    let (code, _, err) = run(dir.path(), &["notes.yml"]);
    assert_eq!(code, 2);
    assert!(err.contains("notes.yml: not a dotenv file"), "{err}");
    let (code, _, _) = run(dir.path(), &["--write", "--diff", "."]);
    assert_eq!(code, 2);
    let (code, _, _) = run(dir.path(), &[]);
    assert_eq!(code, 2);
}

#[test]
fn help_has_examples() {
    let (code, out, _) = run(Path::new("."), &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("cfgate migrate --write ."), "{out}");
}

/// The codes of `cfgate check --format json FILE` run in `dir`.
fn check_codes(dir: &Path, file: &str) -> Vec<String> {
    let out = cfgate()
        .current_dir(dir)
        .args(["check", "--format", "json", file])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Fixtures that migrate cleanly: the diff is snapshotted, `--write` applies
/// it, and a second run finds nothing to do. The scenario fixtures are
/// otherwise complete, so what migration leaves checks with no finding at
/// all: the legacy shapes it rewrites were the file's only problems.
#[test]
fn yaml_fixtures_migrate_with_reviewed_diffs_and_idempotently() {
    for name in [
        "scenario/bee-id.yaml",
        "scenario/wrappers.yaml",
        "scenario/io-selector.yaml",
        "compose/compose.yaml",
    ] {
        let file = name.rsplit('/').next().unwrap();
        let dir = scratch(&[(file, &format!("migrate/{name}"))]);
        let (code, diff, err) = run(dir.path(), &["--diff", file]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(!err.contains("error"), "{name}: {err}");
        insta::assert_snapshot!(format!("diff_{}", file.replace('.', "_")), diff);
        let is_scenario = name.starts_with("scenario/");
        // Before: the file has the legacy findings migration is meant to fix.
        let legacy = ["PH111", "PH121", "PH320", "PH380"];
        if is_scenario {
            let codes = check_codes(dir.path(), file);
            assert!(
                codes.iter().any(|c| legacy.contains(&c.as_str())),
                "{name}: {codes:?}"
            );
        }
        let (code, out, err) = run(dir.path(), &["--write", file]);
        assert_eq!(code, 0, "{name}: {out}{err}");
        let (code, out, _) = run(dir.path(), &["--check", file]);
        assert_eq!(
            (code, out.as_str()),
            (0, "nothing to migrate in 1 file.\n"),
            "{name}"
        );
        if is_scenario {
            let codes = check_codes(dir.path(), file);
            assert!(codes.is_empty(), "{name} after migration: {codes:?}");
        }
    }
}

/// Every conflict and error kind: reported with code and position, exit 1,
/// and the file is left byte for byte as it was, even with `--write`.
#[test]
fn yaml_conflicts_are_reported_and_leave_files_untouched() {
    let mut report = String::new();
    for name in [
        "scenario/conflict-bee-id.yaml",
        "scenario/conflict-edge.yaml",
        "scenario/conflict-lift.yaml",
        "scenario/wrapper-not-map.yaml",
        "scenario/pockethive-other-keys.yaml",
        "scenario/ambiguous-io.yaml",
        "scenario/duplicate-role.yaml",
        "scenario/flow-wrapper.yaml",
        "scenario/duplicate-key.yaml",
        "compose/conflict.yaml",
    ] {
        let file = name.rsplit('/').next().unwrap();
        let dir = scratch(&[(file, &format!("migrate/{name}"))]);
        let (code, out, err) = run(dir.path(), &["--write", file]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.contains("error[PH5"), "{name}: {out}");
        let original = fs::read_to_string(fixture(&format!("migrate/{name}"))).unwrap();
        assert_eq!(read(dir.path(), file), original, "{name} was changed");
        report.push_str(&out);
    }
    insta::assert_snapshot!("yaml_conflicts", report);
}

#[test]
fn a_directory_walk_finds_env_compose_and_scenario_files() {
    let dir = scratch(&[
        ("deploy/.env.prod", "migrate/env/mixed.env"),
        ("deploy/compose.yaml", "migrate/compose/compose.yaml"),
        ("scenarios/bee-id.yaml", "migrate/scenario/bee-id.yaml"),
        ("scenarios/notes.yaml", "migrate/compose/conflict.yaml"),
    ]);
    fs::write(dir.path().join("scenarios/notes.yaml"), "just: notes\n").unwrap();
    let (code, out, _) = run(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<(&str, &str)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("./deploy/.env.prod", "dotenv"),
            ("./deploy/compose.yaml", "compose"),
            ("./scenarios/bee-id.yaml", "scenario"),
        ]
    );
}

#[test]
fn check_lists_scenario_and_compose_changes_with_positions() {
    let dir = scratch(&[
        ("bee-id.yaml", "migrate/scenario/bee-id.yaml"),
        ("wrappers.yaml", "migrate/scenario/wrappers.yaml"),
        ("io-selector.yaml", "migrate/scenario/io-selector.yaml"),
        ("compose.yaml", "migrate/compose/compose.yaml"),
    ]);
    let (code, out, err) = run(
        dir.path(),
        &[
            "bee-id.yaml",
            "wrappers.yaml",
            "io-selector.yaml",
            "compose.yaml",
        ],
    );
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("yaml_check", out);
}

#[test]
fn json_diff_carries_the_diff_and_hides_secrets() {
    let dir = scratch(&[("compose.yaml", "migrate/compose/compose.yaml")]);
    let (code, out, _) = run(dir.path(), &["--diff", "--format", "json", "compose.yaml"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["mode"], "diff");
    let diff = json["files"][0]["diff"].as_str().unwrap();
    assert!(
        diff.contains("+      KTRDR_DB_PASSWORD: <hidden>"),
        "{diff}"
    );
    assert!(!out.contains("${DB_PASSWORD}"));
    assert_eq!(
        read(dir.path(), "compose.yaml"),
        fs::read_to_string(fixture("migrate/compose/compose.yaml")).unwrap()
    );
}

#[test]
fn json_write_reports_written_files() {
    let dir = scratch(&[
        ("a.env", "migrate/env/mixed.env"),
        ("b.env", "migrate/env/conflict.env"),
    ]);
    let (code, out, _) = run(
        dir.path(),
        &["--write", "--format", "json", "a.env", "b.env"],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"][0]["written"], true);
    assert_eq!(json["files"][1]["written"], false);
    assert_eq!(json["summary"]["files_written"], 1);
    assert!(read(dir.path(), "a.env").starts_with("# Worker settings"));
    assert!(read(dir.path(), "a.env").contains("KTRDR_WORKER_PORT=5003"));
}

/// No raw control character from a file reaches the terminal (docs/SECURITY.md):
/// an OSC title sequence, a screen clear and a C1 CSI in `.env` values.
#[test]
fn control_characters_in_values_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let text = "DB_HOST=h\u{1b}]0;pwned\u{7}\nDB_NAME=n\u{1b}[2J\u{9b}31m\r\nIB_HOST=i\n";
    fs::write(dir.path().join(".env"), text).unwrap();
    let unsafe_controls = |out: &str| -> Vec<char> {
        out.char_indices()
            .filter(|(i, c)| {
                c.is_control()
                    && *c != '\n'
                    && !(*c == '\r' && out.get(i + 1..).unwrap().starts_with('\n'))
            })
            .map(|(_, c)| c)
            .collect()
    };
    for mode in ["--diff", "--check", "--write"] {
        let (code, out, err) = run(dir.path(), &[mode, ".env"]);
        assert!(code == 0 || code == 1, "{mode}: {err}");
        let both = format!("{out}{err}");
        assert_eq!(
            unsafe_controls(&both),
            Vec::<char>::new(),
            "{mode}: {both:?}"
        );
        if mode == "--diff" {
            assert!(
                out.contains("+KTRDR_DB_HOST=h\u{fffd}]0;pwned\u{fffd}\n"),
                "{out:?}"
            );
        }
    }
    // The file itself keeps every byte: only the terminal output is escaped.
    assert_eq!(
        read(dir.path(), ".env"),
        "KTRDR_DB_HOST=h\u{1b}]0;pwned\u{7}\nKTRDR_DB_NAME=n\u{1b}[2J\u{9b}31m\r\nKTRDR_IB_HOST=i\n"
    );
}
