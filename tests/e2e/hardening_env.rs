//! Env values with control characters, 1 MiB values, odd name casing and
//! empty values, through the real binary (behaviour: docs/SECURITY.md).

use crate::common::cfgate;

fn run(args: &[&str], vars: &[(&str, &str)], dir: &std::path::Path) -> (Option<i32>, String) {
    let mut cmd = cfgate();
    cmd.current_dir(dir).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let vars = [
        ("KTRDR_DB_HOST", "h\u{1b}]0;title\u{7}\u{1b}[31m"),
        ("KTRDR_WORKER_PORT", "\u{1b}[2J5"),
    ];
    for args in [
        &["validate", "--component", "worker"][..],
        &["explain", "--component", "worker"][..],
        &["validate", "--format", "json"][..],
        &["explain", "--format", "json"][..],
    ] {
        let (code, text) = run(args, &vars, dir.path());
        assert!(matches!(code, Some(0 | 1)), "{args:?}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
    }
    let (code, text) = run(&["validate", "--component", "worker"], &vars, dir.path());
    assert_eq!(code, Some(1));
    assert!(text.contains("got '\\u{1b}[2J5'"), "{text}");
}

#[test]
fn a_one_mib_value_in_the_env_file_is_read_and_echoed_short() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(1 << 20);
    std::fs::write(
        dir.path().join(".env.local"),
        format!("KTRDR_DB_HOST={big}\nKTRDR_WORKER_PORT=9{big}\nKTRDR_DB_PASSWORD={big}\n"),
    )
    .unwrap();
    let (code, text) = run(&["validate", "--component", "worker"], &[], dir.path());
    assert_eq!(code, Some(1));
    assert!(text.len() < 4096, "{} bytes of output", text.len());
    assert!(text.contains("(1048577 bytes)"), "{text}");
    let (code, text) = run(&["explain", "--component", "worker"], &[], dir.path());
    assert_eq!(code, Some(0));
    assert!(text.len() < 8192, "{} bytes of output", text.len());
    // JSON carries the first 8192 characters of a (non-secret) value and
    // its size, so the output stays under 1 MiB (issue 17); the secret
    // stays masked.
    let (_, text) = run(&["explain", "--format", "json"], &[], dir.path());
    assert!(text.len() < 64 * 1024, "{} bytes of output", text.len());
    let shown = format!("{}... (1048576 bytes in all)", "x".repeat(8192));
    assert_eq!(text.matches(&shown).count(), 1, "host");
    assert!(
        text.contains(&format!("9{}... (1048577 bytes in all)", "x".repeat(8191))),
        "port"
    );
    assert!(!text.contains(&"x".repeat(8193)));
}

#[test]
fn odd_casing_is_the_same_name_and_empty_is_a_value() {
    // The KTRDR service matches names in any case (pydantic-settings
    // case_sensitive=False), so port 0 is read and rejected.
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = run(
        &["validate", "--component", "worker"],
        &[("KTRDR_worker_port", "0"), ("ktrdr_worker_port", "0")],
        dir.path(),
    );
    assert_eq!(code, Some(1), "{text}");
    let (code, text) = run(
        &["validate", "--component", "worker"],
        &[("KTRDR_WORKER_PORT", "")],
        dir.path(),
    );
    assert_eq!(code, Some(1));
    assert!(
        text.contains("worker.port: expected an integer") && text.contains("got ''"),
        "{text}"
    );
    let (code, _) = run(
        &["validate", "--component", "worker"],
        &[("KTRDR_DB_HOST", "")],
        dir.path(),
    );
    assert_eq!(code, Some(0), "an empty string field is valid");
}

/// `cfgate ARGS` with `vars` as raw bytes (values that are not UTF-8):
/// exit code, stdout and stderr bytes.
fn run_bytes(
    args: &[&str],
    vars: &[(&str, &[u8])],
    dir: &std::path::Path,
) -> (Option<i32>, Vec<u8>) {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let mut cmd = cfgate();
    cmd.current_dir(dir).args(args);
    for (k, v) in vars {
        cmd.env(k, OsStr::from_bytes(v));
    }
    let out = cmd.output().unwrap();
    let mut bytes = out.stdout;
    bytes.extend(out.stderr);
    (out.status.code(), bytes)
}

#[test]
fn a_value_that_is_not_utf8_is_an_error_never_the_default_or_the_old_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad: &[u8] = b"5\xff\x1b]0;t\x07";
    let worker = ["validate", "--component", "worker"];
    // Control: the same names with text values pass.
    let (code, _) = run_bytes(&worker, &[("KTRDR_WORKER_PORT", b"5010")], dir.path());
    assert_eq!(code, Some(0));
    for vars in [
        &[("KTRDR_WORKER_PORT", bad)][..],
        &[("KTRDR_WORKER_PORT", bad), ("WORKER_PORT", b"5010")][..],
    ] {
        let (code, bytes) = run_bytes(&worker, vars, dir.path());
        let text = String::from_utf8(bytes).expect("output is UTF-8");
        assert_eq!(code, Some(1), "{text}");
        assert!(
            text.contains(
                "worker.port: value is not valid UTF-8 text; fix: set 'KTRDR_WORKER_PORT' to \
                 UTF-8 text, or unset it (KTRDR_WORKER_PORT from env:KTRDR_WORKER_PORT)"
            ),
            "{text}"
        );
        // Neither the bytes nor a lossy rendering of them is echoed.
        assert!(
            !text.contains('\u{fffd}') && !text.contains('\u{1b}') && !text.contains("]0;t"),
            "{text:?}"
        );
    }
    let (code, bytes) = run_bytes(
        &["validate", "--component", "worker", "--format", "json"],
        &[("WORKER_PORT", bad)],
        dir.path(),
    );
    assert_eq!(code, Some(1));
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let error = &json["errors"][0];
    assert_eq!(error["code"], "not-utf8", "{json:#}");
    assert_eq!(error["env"], "WORKER_PORT");
    assert_eq!(error["source"], "env:WORKER_PORT");
    // explain keeps the provenance and marks the field invalid.
    let (_, bytes) = run_bytes(
        &["explain", "--component", "worker"],
        &[("KTRDR_WORKER_PORT", bad)],
        dir.path(),
    );
    let text = String::from_utf8(bytes).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("worker.port "))
        .unwrap();
    assert!(
        row.contains("(invalid)") && row.contains("env:KTRDR_WORKER_PORT"),
        "{row}"
    );
}
