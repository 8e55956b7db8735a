//! Process behaviour: nothing blocks on a FIFO, a closed pipe ends quietly,
//! errors go to stderr, names cannot forge lines, colour follows `--color`
//! and `NO_COLOR`.
//!
//! Commands that could hang run as children under a guard: a child still
//! running after [`GUARD`] is killed and the test fails (a hang is the bug;
//! how fast a command is, is not asserted anywhere).

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Far longer than any command takes; only a hang reaches it.
const GUARD: Duration = Duration::from_secs(20);

fn cfgate_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cfgate"));
    cmd.current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to completion, killing it (and failing) past [`GUARD`].
fn run_guarded(mut cmd: Command) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_guarded(child, &format!("{cmd:?}"))
}

fn wait_guarded(mut child: Child, what: &str) -> Output {
    // Drain both pipes on threads so a chatty child cannot block on them.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {GUARD:?}: it blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A FIFO named on the command line, found in a walk, or sitting where the
/// gate looks by default: every command returns promptly with an error
/// naming it (or, for a walk, a note).
#[cfg(unix)]
#[test]
fn no_command_blocks_on_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("pipe.yaml"));
    mkfifo(&d.join("pipe.env"));
    let base = d.join("base.yaml");
    std::fs::write(&base, "inputs: {}\n").unwrap();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["check", "pipe.yaml"], 2),
        (vec!["plan", "pipe.yaml"], 2),
        (vec!["migrate", "pipe.env"], 2),
        (vec!["validate", "--env-file", "pipe.env"], 2),
        (vec!["explain", "--env-file", "pipe.env"], 2),
        (
            vec![
                "validate",
                "--component",
                "pockethive-worker",
                "--config",
                "pipe.yaml",
            ],
            2,
        ),
        (
            vec![
                "patch",
                "--image",
                "generator:latest",
                "--base",
                "base.yaml",
                "pipe.yaml",
            ],
            2,
        ),
        (
            vec![
                "patch",
                "--image",
                "generator:latest",
                "--base",
                "pipe.yaml",
                "base.yaml",
            ],
            2,
        ),
    ];
    for (args, code) in cases {
        let mut cmd = cfgate_in(d);
        cmd.args(&args);
        let out = run_guarded(cmd);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "{args:?}: {all}");
        assert!(
            all.contains("FIFO (named pipe), not a regular file"),
            "{args:?}: {all}"
        );
        assert!(all.contains("pipe."), "{args:?} names the file: {all}");
    }
}

/// The startup gate's default files: a FIFO at `.env.local` or
/// `application.yml` is an error naming it, not a hang.
#[cfg(unix)]
#[test]
fn the_gate_refuses_a_fifo_at_its_default_paths() {
    for (name, args) in [
        (".env.local", vec!["validate"]),
        (".env.local", vec!["explain"]),
        (
            "application.yml",
            vec!["validate", "--component", "pockethive-worker"],
        ),
        (
            "application.yml",
            vec!["explain", "--component", "pockethive-worker"],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join(name));
        let mut cmd = cfgate_in(dir.path());
        cmd.args(&args);
        let out = run_guarded(cmd);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("cfgate: error: "), "{err}");
        assert!(err.contains(&format!("{name}: is a FIFO")), "{err}");
    }
}

/// A walk passes over FIFOs with a note on stderr and checks the rest.
#[cfg(unix)]
#[test]
fn walks_skip_fifos_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join(".env"));
    std::fs::write(d.join("app.env"), "DB_HOST=x\n").unwrap();
    let mut cmd = cfgate_in(d);
    cmd.args(["migrate", "."]);
    let out = run_guarded(cmd);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("app.env:1:1: PH501"), "{stdout}");
    assert!(
        stderr.contains("cfgate: note: ./.env: skipped: a FIFO (named pipe)"),
        "{stderr}"
    );
}

/// Runs `args` with stdout a pipe whose reader is already gone: the first
/// write fails with a broken pipe, which must end the run quietly with
/// status 0 (before this, a panic: status 101).
#[cfg(unix)]
fn closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = cfgate_in(dir);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    wait_guarded(child, &format!("{args:?}"))
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_with_status_0() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Enough changes that every report is written after the reader left;
    // without the pipe closed, migrate and check would exit 1.
    let env: String = (0..2000).map(|i| format!("DB_HOST=h{i}\n")).collect();
    std::fs::write(d.join(".env"), env).unwrap();
    std::fs::write(d.join("s.yaml"), "id: x\n").unwrap();
    for args in [
        vec!["schema"],
        vec!["migrate", "."],
        vec!["migrate", "--diff", "."],
        vec!["migrate", "--format", "json", "."],
        vec!["check", "s.yaml"],
        vec!["check", "s.yaml", "--format", "json"],
        vec!["completions", "bash"],
        vec!["deprecations"],
        vec!["validate", "--env-file", ".env"],
        vec!["explain", "--env-file", ".env"],
    ] {
        let out = closed_pipe(d, &args);
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

/// A file name holding a line break cannot start a line of its own in any
/// human output, and stays one attribute line in JUnit.
#[cfg(unix)]
#[test]
fn a_line_break_in_a_file_name_forges_no_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "x\nerror[PH000]: forged.yaml";
    std::fs::write(d.join(name), "id: x\n").unwrap();
    // A bundle folder with a line break: `check` walks for bundles.
    let bundle = d.join("b\nerror[PH000]: forged");
    std::fs::create_dir(&bundle).unwrap();
    std::fs::write(bundle.join("scenario.yaml"), "id: x\n").unwrap();
    std::fs::write(d.join("y\nforged.env"), "DB_HOST=x\n").unwrap();
    for args in [
        vec!["explain", "--env-file", "y\nforged.env"],
        vec!["validate", "--env-file", "y\nforged.env"],
        vec!["validate", "--env-file", "missing\nforged.env"],
        vec!["check", "."],
        vec!["check", ".", "--format", "junit"],
        vec!["check", ".", "--format", "github"],
        vec!["migrate", "."],
        vec!["migrate", "--diff", "."],
    ] {
        let mut cmd = cfgate_in(d);
        cmd.args(&args);
        let out = run_guarded(cmd);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        for line in all.lines() {
            assert!(
                !line.starts_with("error[PH000]") && !line.starts_with("forged"),
                "{args:?}: forged line {line:?} in\n{all}"
            );
        }
        // `\n` for people, `%0A` in GitHub's workflow-command escaping.
        assert!(
            all.contains("\\n") || all.contains("%0A"),
            "{args:?}: shown escaped\n{all}"
        );
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("s.yaml"), "id: x\n").unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cfgate"));
        cmd.current_dir(d)
            .env_clear()
            .args(args)
            .args(["check", "s.yaml"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        text(&run_guarded(cmd).stdout).contains('\u{1b}')
    };
    // Not a terminal: no colour unless asked.
    assert!(!run(&[], &[]));
    assert!(run(&["--color", "always"], &[]));
    assert!(
        run(&["--color=always"], &[("NO_COLOR", "1")]),
        "the flag wins"
    );
    assert!(!run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    // no-color.org: only a non-empty NO_COLOR disables colour.
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]));
    assert!(!run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}

/// Errors that stop a command go to stderr with one prefix; stdout stays
/// for the report (or is empty).
#[test]
fn errors_go_to_stderr_with_one_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        vec!["migrate", "missing.env"],
        vec!["plan", "missing.yaml"],
        vec!["validate", "--env-file", "missing.env"],
        vec!["explain", "--env-file", "missing.env"],
        vec!["check", "s.yaml", "--schema-dir", "missing"],
        vec!["schema", "--check", "--out", "missing"],
        vec![
            "patch",
            "--image",
            "generator:latest",
            "--base",
            "missing.yaml",
            "missing.yaml",
        ],
    ] {
        let mut cmd = cfgate_in(d);
        cmd.args(&args);
        let out = run_guarded(cmd);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        // migrate's one-line summary is its report; nothing else on stdout.
        assert!(
            stdout.is_empty() || args[0] == "migrate" && stdout.lines().count() == 1,
            "{args:?}: stdout {stdout}"
        );
        assert!(
            stderr.starts_with("cfgate: error: "),
            "{args:?}: stderr {stderr}"
        );
    }
}

/// A byte-order mark never reaches a message as an invisible character:
/// skipped where it opens a YAML file (the parser ignores it), spelled
/// `\u{feff}` where it makes a variable name what it does not look like.
#[test]
fn a_bom_is_never_invisible() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("s.yaml"),
        "\u{feff}protocolVersion: \"2.0.0\"\nid: x\n",
    )
    .unwrap();
    std::fs::write(d.join("b.env"), "\u{feff}KTRDR_DB_PORT=5432\n").unwrap();
    for args in [
        vec!["check", "s.yaml"],
        vec!["validate", "--env-file", "b.env"],
        vec!["migrate", "b.env"],
    ] {
        let mut cmd = cfgate_in(d);
        cmd.args(&args);
        let out = run_guarded(cmd);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!all.contains('\u{feff}'), "{args:?}: {all}");
        // A malformed name is never quoted (it may hold a value:
        // docs/SECURITY.md), so no BOM can hide in it. (For `migrate`, a
        // BOM-prefixed key is an ordinary key, as in python-dotenv: there
        // is nothing to rename and nothing to show.)
        if args[0] == "validate" {
            assert!(all.contains("not shown"), "{args:?}: {all}");
        }
    }
}

/// PH003 names the budget that was exceeded and the flag that raises it,
/// and speaks of aliases only when aliases are the cause.
#[test]
fn ph003_names_the_flag_to_raise() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let deep = format!("a: {}1{}\n", "[".repeat(80), "]".repeat(80));
    std::fs::write(d.join("deep.yaml"), deep).unwrap();
    std::fs::write(d.join("alias.yaml"), "a: &x [1]\nb: *x\nc: *x\n").unwrap();
    let fix_of = |args: &[&str]| {
        let mut cmd = cfgate_in(d);
        cmd.args(args);
        let out = text(&run_guarded(cmd).stdout);
        assert!(out.contains("error[PH003]"), "{out}");
        out.lines()
            .find(|l| l.contains("= fix:"))
            .unwrap_or_default()
            .to_string()
    };
    let fix = fix_of(&["check", "deep.yaml"]);
    assert!(fix.contains("--max-depth (CFGATE_MAX_DEPTH)"), "{fix}");
    assert!(!fix.contains("alias"), "{fix}");
    let fix = fix_of(&["check", "alias.yaml", "--max-aliases", "1"]);
    assert!(fix.contains("--max-aliases"), "{fix}");
    let fix = fix_of(&["check", "deep.yaml", "--max-file-bytes", "10"]);
    assert!(fix.contains("--max-file-bytes"), "{fix}");
}
