//! `migrate --write` in real operations: owner, mode and extended
//! attributes kept, risky files refused with the reason and the flag that
//! overrides it, stale temporary files removed, each file reported as it is
//! written. (Concurrent edits and signals: unit tests of
//! `config_core::migrate::write`, which can stop a write at the last moment.)

use crate::common::cfgate;
use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::time::{Duration, SystemTime};

const OLD: &str = "DB_HOST=h\n";
const NEW: &str = "KTRDR_DB_HOST=h\n";

#[test]
fn risky_files_are_refused_with_their_flag_and_the_rest_written() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("ok.env"), OLD).unwrap();
    fs::set_permissions(d.join("ok.env"), fs::Permissions::from_mode(0o640)).unwrap();
    let root = fs::metadata(d).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(d.join("ok.env"), Some(65534), Some(65534)).unwrap();
    }
    let _ = xattr::set(d.join("ok.env"), "user.cfgate", b"kept");
    fs::write(d.join("ro.env"), OLD).unwrap();
    fs::set_permissions(d.join("ro.env"), fs::Permissions::from_mode(0o444)).unwrap();
    fs::write(d.join("hard.env"), OLD).unwrap();
    fs::hard_link(d.join("hard.env"), outside.path().join("other-name")).unwrap();
    fs::write(outside.path().join("target.env"), OLD).unwrap();
    symlink(outside.path().join("target.env"), d.join("link.env")).unwrap();
    let stale = d.join(".cfgate-migrate-x1.tmp");
    fs::write(&stale, "half").unwrap();
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();

    let out = cfgate()
        .args(["migrate", "--write"])
        .arg(d)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("ok.env (1 change)"), "{stderr}");
    for (reason, flag) in [
        ("read-only", "--allow-read-only"),
        ("2 hard links", "--allow-hard-links"),
        ("outside the tree", "--allow-outside-links"),
    ] {
        // Refusals are errors: on stderr (the report stays on stdout).
        let all = format!("{stdout}{stderr}");
        assert!(
            all.contains(reason) && all.contains(flag),
            "{reason}: {all}"
        );
    }
    assert_eq!(fs::read_to_string(d.join("ok.env")).unwrap(), NEW);
    let meta = fs::metadata(d.join("ok.env")).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
    if let Ok(Some(value)) = xattr::get(d.join("ok.env"), "user.cfgate") {
        assert_eq!(value, b"kept");
    }
    for name in ["ro.env", "hard.env"] {
        assert_eq!(fs::read_to_string(d.join(name)).unwrap(), OLD, "{name}");
    }
    assert_eq!(
        fs::read_to_string(outside.path().join("target.env")).unwrap(),
        OLD
    );
    assert!(!stale.exists(), "the stale temporary file is removed");

    let out = cfgate()
        .args([
            "migrate",
            "--write",
            "--allow-read-only",
            "--allow-hard-links",
            "--allow-outside-links",
        ])
        .arg(d)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        d.join("ro.env"),
        d.join("hard.env"),
        outside.path().join("target.env"),
    ] {
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            NEW,
            "{}",
            file.display()
        );
    }
    assert_eq!(
        fs::read_to_string(outside.path().join("other-name")).unwrap(),
        OLD,
        "the other hard link keeps the old text"
    );
    assert_eq!(
        fs::metadata(d.join("ro.env")).unwrap().mode() & 0o777,
        0o444
    );
}

#[test]
fn migrate_help_says_how_writes_are_made_safe() {
    let out = cfgate().args(["migrate", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for phrase in [
        "owner, group, mode, ACLs",
        "still holds the text",
        "--allow-hard-links",
        "--allow-read-only",
        "--allow-outside-links",
        "SIGINT",
        ".cfgate-migrate-*.tmp",
    ] {
        assert!(help.contains(phrase), "{phrase}: {help}");
    }
}
