//! Issue 16, `cfgate migrate` preserves behaviour: a bare compose
//! pass-through `- OLD` becomes `- NEW=${OLD}` (`OLD:` becomes
//! `NEW: ${OLD}`), and renaming an old name
//! that service code still reads directly is a PH506 warning naming the
//! reader. Fixtures under `tests/fixtures/migrate_parity/`, byte-exact.

use crate::common::{cfgate, fixture};
use std::fs;

fn migrated(name: &str, target: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        fixture(&format!("migrate_parity/{name}")),
        dir.path().join(target),
    )
    .unwrap();
    let out = cfgate()
        .current_dir(dir.path())
        .args(["migrate", "--write", target])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(dir.path().join(target)).unwrap();
    // A second run finds nothing to do.
    let again = cfgate()
        .current_dir(dir.path())
        .args(["migrate", "--check", target])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "not idempotent: {text}");
    let mut report = String::from_utf8(out.stdout).unwrap();
    report.push_str(&String::from_utf8(out.stderr).unwrap());
    (text, report)
}

fn expected(name: &str) -> String {
    fs::read_to_string(fixture(&format!("migrate_parity/{name}"))).unwrap()
}

#[test]
fn bare_compose_pass_through_keeps_its_value() {
    let (text, out) = migrated("compose.yaml", "docker-compose.yaml");
    assert_eq!(text, expected("compose.expected.yaml"));
    // WORKER_PORT, DB_HOST and OPERATIONS_CACHE_TTL are read directly:
    // PH506 each.
    assert_eq!(out.matches("PH506").count(), 3, "{out}");
}

#[test]
fn map_form_pass_through_keeps_its_value() {
    let (text, out) = migrated("compose_map.yaml", "docker-compose.yaml");
    assert_eq!(text, expected("compose_map.expected.yaml"));
    // WORKER_ID is read directly: PH506.
    assert_eq!(out.matches("PH506").count(), 1, "{out}");
    let out = cfgate()
        .args(["migrate", "--check", "--format", "json"])
        .arg(fixture("migrate_parity/compose_map.yaml"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &report["files"][0]["changes"][0];
    assert_eq!(
        first["message"],
        "'DB_USER' is deprecated; the pass-through becomes 'KTRDR_DB_USER: ${DB_USER}' so the \
         value still comes from 'DB_USER' where compose runs",
        "{report}"
    );
}

#[test]
fn renaming_a_directly_read_name_warns_with_its_reader() {
    let (text, out) = migrated("readers.env", ".env");
    assert_eq!(text, expected("readers.expected.env"));
    for (name, reader) in [
        ("DB_HOST", "ktrdr/api/startup.py"),
        ("USE_IB_HOST_SERVICE", "ktrdr/api/services/ib_service.py"),
        ("KTRDR_API_URL", "mcp/src/config.py:20"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains("PH506") && l.contains(&format!("'{name}'")))
            .unwrap_or_else(|| panic!("no PH506 for {name}: {out}"));
        assert!(line.contains(reader), "{line}");
    }
    assert!(
        !out.lines()
            .any(|l| l.contains("PH506") && l.contains("'DB_PORT'")),
        "{out}"
    );
    assert!(
        !out.contains("http://backend"),
        "values are never printed: {out}"
    );
}

#[test]
fn check_lists_old_names_set_in_scripts_and_dockerfiles() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["deploy.sh", "Dockerfile"] {
        fs::copy(
            fixture(&format!("migrate_parity/scripts/{name}")),
            dir.path().join(name),
        )
        .unwrap();
    }
    let out = cfgate()
        .current_dir(dir.path())
        .args(["migrate", "--check", "."])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Reported, nothing to rewrite: exit 0, files untouched.
    assert_eq!(out.status.code(), Some(0), "{text}");
    let found: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("PH507"))
        .map(|l| l.split(": warning").next().unwrap())
        .collect();
    assert_eq!(
        found,
        vec![
            "./Dockerfile:3:5",
            "./Dockerfile:4:5",
            "./Dockerfile:5:5",
            "./deploy.sh:3:8",
            "./deploy.sh:4:29",
        ],
        "{text}"
    );
    assert!(
        text.contains("'DB_HOST' is deprecated (new name 'KTRDR_DB_HOST')"),
        "{text}"
    );
    assert!(text.contains("ktrdr/api/startup.py"), "{text}");
    assert!(
        !text.contains("w-1") && !text.contains("http://otel"),
        "{text}"
    );
    for name in ["deploy.sh", "Dockerfile"] {
        assert_eq!(
            fs::read(dir.path().join(name)).unwrap(),
            fs::read(fixture(&format!("migrate_parity/scripts/{name}"))).unwrap()
        );
    }
}
