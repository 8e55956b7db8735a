//! Hostile scenario and env input through the real binary: every file gets a
//! finding or a clear error (exit 1 or 2), the other files of the same run
//! are still checked, and no input is read past its size budget.

use crate::common::{cfgate, workspace_root};
use serde_json::Value;
use std::path::Path;

fn findings_by_file(stdout: &[u8]) -> Vec<(String, Vec<String>)> {
    let report: Value = serde_json::from_slice(stdout).unwrap();
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let codes = f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["code"].as_str().unwrap().to_string())
                .collect();
            (f["path"].as_str().unwrap().to_string(), codes)
        })
        .collect()
}

fn billion_laughs() -> String {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text
}

/// Writes every hostile file into `dir`; returns their names in check order.
fn hostile_files(dir: &Path) -> Vec<&'static str> {
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    w("a-billion-laughs.yaml", billion_laughs().as_bytes());
    w(
        "b-deep-flow.yaml",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
    );
    // Block nesting costs its indentation in bytes: 1,000 levels, ten times.
    let block: String = (0..10_000)
        .map(|i| format!("{}- \n", " ".repeat(i % 1000)))
        .collect();
    w("c-deep-block.yaml", block.as_bytes());
    // 200 MiB, sparse: no disk blocks, but reading it would cost 200 MiB.
    let big = std::fs::File::create(dir.join("d-huge.yaml")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    w("e-binary.yaml", &binary);
    w("f-not-utf8.yaml", b"id: caf\xe9\n");
    w("g-nul-bytes.yaml", b"id: \0\0\0\n\x01\x02: x\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("gone.yaml"), dir.join("h-dangling.yaml")).unwrap();
    vec![
        "a-billion-laughs.yaml",
        "b-deep-flow.yaml",
        "c-deep-block.yaml",
        "d-huge.yaml",
        "e-binary.yaml",
        "f-not-utf8.yaml",
        "g-nul-bytes.yaml",
        "h-dangling.yaml",
    ]
}

#[test]
fn hostile_files_each_get_a_finding_and_the_valid_one_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = hostile_files(dir.path());
    let valid = workspace_root().join("examples/scenarios/redis-loop/scenario.yaml");
    std::fs::copy(&valid, dir.path().join("z-valid.yaml")).unwrap();
    names.push("z-valid.yaml");
    let out = cfgate()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .args(&names)
        .output()
        .unwrap();
    // Unreadable inputs (not UTF-8, dangling link) make the run a usage error.
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = findings_by_file(&out.stdout);
    let by_name = |name: &str| -> Vec<String> {
        files
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| panic!("{name} missing: {files:?}"))
    };
    assert_eq!(files.len(), names.len());
    // `check` reads YAML as the platform does: an alias is the anchor's
    // name (PH009), never an expansion, so the cost stays linear.
    let laughs = by_name("a-billion-laughs.yaml");
    assert!(
        laughs.iter().filter(|c| *c == "PH009").count() == 90,
        "{laughs:?}"
    );
    assert_eq!(by_name("b-deep-flow.yaml"), ["PH003"]);
    assert_eq!(by_name("c-deep-block.yaml"), ["PH003"]);
    assert_eq!(by_name("d-huge.yaml"), ["PH003"]);
    assert_eq!(by_name("e-binary.yaml"), ["PH004"]);
    assert_eq!(by_name("f-not-utf8.yaml"), ["PH004"]);
    assert!(!by_name("g-nul-bytes.yaml").is_empty());
    #[cfg(unix)]
    assert_eq!(by_name("h-dangling.yaml"), ["PH004"]);
    assert_eq!(by_name("z-valid.yaml"), Vec::<String>::new());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("larger than the 16777216-byte limit (209715200 bytes)"),
        "{text}"
    );
    assert!(text.contains("dangling symbolic link"), "{text}");
    assert_eq!(
        text.matches("nest deeper than 64 levels").count(),
        2,
        "{text}"
    );
    assert!(text.contains("does not expand aliases"), "{text}");
}

#[test]
fn every_hostile_file_alone_exits_1_or_2_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in hostile_files(dir.path()) {
        for format in ["human", "json", "github", "sarif", "junit"] {
            let out = cfgate()
                .current_dir(dir.path())
                .args(["check", "--format", format, name])
                .output()
                .unwrap();
            let code = out.status.code();
            assert!(matches!(code, Some(1 | 2)), "{name} {format}: {code:?}");
        }
        let out = cfgate()
            .current_dir(dir.path())
            .args(["plan", name])
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(1 | 2)), "plan {name}");
        assert!(out.stdout.is_empty(), "plan {name} printed a plan");
    }
}

#[test]
fn budgets_are_configurable_by_flag_and_environment() {
    let valid = workspace_root().join("examples/scenarios/redis-loop/scenario.yaml");
    let out = cfgate()
        .arg("check")
        .arg(&valid)
        .arg("--max-file-bytes=100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("PH003"));
    let out = cfgate()
        .env("CFGATE_MAX_DEPTH", "2")
        .arg("check")
        .arg(&valid)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nest deeper than 2 levels"));
    // Raising a budget lets a file through that the default refuses.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("laughs.yaml"), billion_laughs()).unwrap();
    let out = cfgate()
        .current_dir(dir.path())
        .args(["check", "laughs.yaml", "--max-aliases", "50"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("PH003") && text.contains("more than 50 alias uses"),
        "{text}"
    );
    let out = cfgate()
        .arg("check")
        .arg(&valid)
        .arg("--max-file-bytes=abc")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad budget is a usage error");
}

#[cfg(unix)]
#[test]
fn endless_streams_are_cut_at_the_budget() {
    // A device is never read by path (tests/e2e/process.rs); a stream on
    // stdin is cut one byte past the budget.
    let out = cfgate()
        .args(["check", "/dev/zero", "--max-file-bytes", "4096"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("character device, not a regular file"));
    let out = cfgate()
        .args(["check", "-", "--max-file-bytes", "8"])
        .write_stdin("id: 0123456789\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn directories_and_dangling_links_where_a_file_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let out = cfgate().arg("plan").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
    for command in ["validate", "explain"] {
        let out = cfgate()
            .args([command, "--env-file"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is a directory") && err.contains("fix:"),
            "{err}"
        );
    }
    #[cfg(unix)]
    {
        // The default .env.local, present but dangling: an error, not silence.
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join(".env.local")).unwrap();
        let out = cfgate()
            .current_dir(dir.path())
            .arg("validate")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("dangling symbolic link"));
        let out = cfgate()
            .current_dir(dir.path())
            .args(["migrate", ".env.local"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
    let big = dir.path().join("big.env");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let out = cfgate()
        .args(["validate", "--env-file"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than the"));
    let out = cfgate().arg("migrate").arg(&big).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Keys with escape sequences (YAML `\e`, `\a`) are named in messages, paths
/// and fixes; neither the human nor the GitHub output writes them raw.
#[test]
fn control_characters_in_keys_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let text = "protocolVersion: \"2.0.0\"\nid: x\n\"k\\e]0;T\\a\": 1\ntemplate:\n  bees:\n    \
                - role: a\n      image: generator:latest\n      config:\n        \"z\\e[2J\": 1\n";
    std::fs::write(dir.path().join("keys.yaml"), text).unwrap();
    for format in ["human", "github"] {
        let out = cfgate()
            .current_dir(dir.path())
            .args(["check", "--format", format, "keys.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let raw: Vec<char> = stdout
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(raw.is_empty(), "{format}: {raw:?} in {stdout}");
        // The key is still named, its escape replaced (human output spells
        // it `\u{1b}`, terminal::one_line; GitHub's shows U+FFFD).
        assert!(
            stdout.contains("z\u{fffd}[2J") || stdout.contains("z\\u{1b}[2J"),
            "{format}: {stdout}"
        );
    }
}
