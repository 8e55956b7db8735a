//! `cfgate validate|explain --component pockethive-worker` and `cfgate patch`
//! end to end.

use crate::common::{cfgate, fixture};
use serde_json::Value;

fn run(args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = cfgate();
    cmd.current_dir(dir.path()).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn app() -> String {
    fixture("pockethive/application.yml")
        .to_string_lossy()
        .into_owned()
}

/// Paths in outputs are absolute; make snapshots machine-independent.
fn redact(text: &str) -> String {
    text.replace(&app(), "application.yml")
}

/// The fixture with IO sub-blocks (two bad values, an unknown key, a
/// Redis password).
fn app_io() -> String {
    fixture("pockethive/application-io.yml")
        .to_string_lossy()
        .into_owned()
}

/// Runs `cfgate COMMAND --component pockethive-worker --config
/// application-io.yml ARGS...` with `vars`; outputs name the file by name.
fn run_io(command: &str, args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let config = app_io();
    let mut all = vec![
        command,
        "--component",
        "pockethive-worker",
        "--config",
        &config,
    ];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all, vars);
    let shown = |text: String| text.replace(&config, "application-io.yml");
    (code, shown(out), shown(err))
}

/// Variables that fix both bad values of application-io.yml and replace
/// its route list (a list comes whole from the highest source).
const IO_FIXES: &[(&str, &str)] = &[
    ("POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC", "7.5"),
    ("POCKETHIVE_INPUTS_SCHEDULER_MAXMESSAGES", "100"),
    ("POCKETHIVE_OUTPUTS_REDIS_ROUTES_0_LIST", "env-out"),
    ("POCKETHIVE_OUTPUTS_REDIS_ROUTES_0_MATCH", "^a"),
];

#[test]
fn validate_reports_every_error_with_file_positions() {
    let config = app();
    let (code, out, _) = run(
        &[
            "validate",
            "--component",
            "pockethive-worker",
            "--config",
            &config,
        ],
        &[],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("validate_human_invalid", redact(&out));
}

#[test]
fn env_beats_file_and_resolves_placeholders() {
    let config = app();
    let (code, out, err) = run(
        &[
            "explain",
            "--component",
            "pockethive-worker",
            "--config",
            &config,
            "--format",
            "json",
        ],
        &[
            ("SWARM_ID", "swarm-7"),
            ("POCKETHIVE_CONTROL_PLANE_EXCHANGE", "env.exchange"),
            ("POCKETHIVE_OUTPUTS_TYPE", "redis"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let ph = &v["pockethive"];
    assert_eq!(ph["control-plane.swarm-id"]["value"], "swarm-7");
    assert_eq!(ph["control-plane.instance-id"]["value"], "gen-1");
    assert_eq!(ph["control-plane.exchange"]["value"], "env.exchange");
    assert_eq!(
        ph["control-plane.exchange"]["source"],
        "env:POCKETHIVE_CONTROL_PLANE_EXCHANGE"
    );
    assert_eq!(ph["outputs.type"]["value"], "REDIS");
    assert_eq!(ph["plugin-dir"]["value"], "/opt/pockethive/plugins");
    insta::assert_snapshot!("explain_json", redact(&out));
    let (code, _, _) = run(
        &[
            "validate",
            "--component",
            "pockethive-worker",
            "--config",
            &config,
        ],
        &[("SWARM_ID", "swarm-7"), ("POCKETHIVE_OUTPUTS_TYPE", "NONE")],
    );
    assert_eq!(code, 0);
}

#[test]
fn missing_config_file_is_exit_2() {
    let (code, _, err) = run(
        &[
            "validate",
            "--component",
            "pockethive-worker",
            "--config",
            "nope.yml",
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("config file 'nope.yml' does not exist"),
        "{err}"
    );
}

fn patch(patch_file: &str, started: bool) -> (i32, String, String) {
    let base = fixture("pockethive/base.yaml");
    let patch = fixture(&format!("pockethive/{patch_file}"));
    let mut args = vec![
        "patch".to_string(),
        "--image".into(),
        "ghcr.io/org/pockethive/generator:0.15".into(),
        "--base".into(),
        base.to_string_lossy().into_owned(),
        patch.to_string_lossy().into_owned(),
    ];
    if started {
        args.push("--started".into());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&refs, &[]);
    // Positions name the fixture files by absolute path: keep only the name.
    let dir = format!("{}/", fixture("pockethive").to_string_lossy());
    (code, out.replace(&dir, ""), err.replace(&dir, ""))
}

#[test]
fn patch_merges_and_prints_json() {
    let (code, out, err) = patch("patch-live.yaml", true);
    assert_eq!(code, 0, "{err}{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["inputs"]["scheduler"]["ratePerSec"], 50);
    assert_eq!(v["inputs"]["scheduler"]["maxMessages"], 0);
    assert_eq!(v["message"]["headers"]["x-a"], "1");
    assert_eq!(v["message"]["headers"]["x-b"], "2");
    insta::assert_snapshot!("patch_merged", out);
}

#[test]
fn patch_after_start_lists_every_reason_and_exits_1() {
    // The reasons go to stderr: stdout is for the merged config alone.
    let (code, out, err) = patch("patch-not-live.yaml", true);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("outputs.type: not live-mutable"), "{err}");
    insta::assert_snapshot!("patch_rejected_started", err);
    // Before start the non-live field may change; the bad rate still fails.
    let (code, _, err) = patch("patch-not-live.yaml", false);
    assert_eq!(code, 1);
    assert!(!err.contains("not live-mutable"), "{err}");
    assert!(err.contains("inputs.scheduler.ratePerSec"), "{err}");
}

#[test]
fn patch_usage_and_syntax_errors_exit_2() {
    let (code, _, err) = patch("patch-bad.yaml", false);
    assert_eq!(code, 2);
    assert!(err.contains("patch-bad.yaml:"), "{err}");
    let (code, _, err) = patch("missing.yaml", false);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = run(&["patch", "--base", "x.yaml"], &[]);
    assert_eq!(code, 2);
}

#[test]
fn io_sub_block_errors_name_the_key_and_its_position_all_at_once() {
    let (code, out, _) = run_io(
        "validate",
        &[],
        &[("POCKETHIVE_OUTPUTS_REDIS_PORT", "70000")],
    );
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("hunter2"), "{out}");
    assert!(
        out.contains("from file:application-io.yml:11:19)"),
        "ratePerSec names its line and column: {out}"
    );
    insta::assert_snapshot!("validate_io_human_invalid", out);
    let (code, out, _) = run_io(
        "validate",
        &["--format", "json"],
        &[("POCKETHIVE_OUTPUTS_REDIS_PORT", "70000")],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<(&str, &str, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap(),
                e["field"].as_str().unwrap(),
                e["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                "PH304",
                "inputs.scheduler.maxMessages",
                "file:application-io.yml:12:21"
            ),
            (
                "PH306",
                "inputs.scheduler.ratePerSec",
                "file:application-io.yml:11:19"
            ),
            (
                "PH306",
                "outputs.redis.port",
                "env:POCKETHIVE_OUTPUTS_REDIS_PORT"
            ),
            (
                "PH342",
                "outputs.redis.routes.0.match",
                "file:application-io.yml:22:18"
            ),
        ]
    );
}

#[test]
fn explain_shows_io_values_with_their_sources_and_masks_secrets() {
    let (code, out, err) = run_io("explain", &["--format", "json"], IO_FIXES);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("hunter2"), "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let ph = &v["pockethive"];
    assert_eq!(ph["inputs.scheduler.ratePerSec"]["value"], 7.5);
    assert_eq!(
        ph["inputs.scheduler.ratePerSec"]["source"],
        "env:POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC"
    );
    assert_eq!(
        ph["outputs.redis.host"]["source"],
        "file:application-io.yml:17:13"
    );
    assert_eq!(ph["outputs.redis.password"]["value"], "****");
    insta::assert_snapshot!("explain_io_json", out);
    let (code, out, _) = run_io("explain", &[], IO_FIXES);
    assert_eq!(code, 0);
    assert!(!out.contains("hunter2"), "{out}");
    // Column widths follow the fixture's absolute path: keep the cells only.
    let cells: Vec<String> = out
        .lines()
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    insta::assert_snapshot!("explain_io_human", cells.join("\n"));
}

#[test]
fn variables_fix_io_values_and_unknown_keys_only_warn() {
    let (code, out, _) = run_io("validate", &[], IO_FIXES);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Configuration OK"), "{out}");
    assert!(
        out.contains("warning[PH390]: unknown key `inputs.scheduler.ratePerSecond`; did you mean `ratePerSec`?"),
        "{out}"
    );
    let (code, out, _) = run_io("validate", &["--allow-unknown"], IO_FIXES);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("PH390"), "{out}");
    // A variable split at every word is read as Spring reads it: a warning
    // naming the variable that was meant.
    let mut vars = IO_FIXES.to_vec();
    vars.push(("POCKETHIVE_INPUTS_SCHEDULER_RATE_PER_SEC", "1"));
    let (code, out, _) = run_io("validate", &[], &vars);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("set 'POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC' instead"),
        "{out}"
    );
}

fn patch_canonical(patch_file: &str) -> (i32, String, String) {
    let base = fixture("patch-canonical/base.yaml");
    let patch = fixture(&format!("patch-canonical/{patch_file}"));
    let (code, out, err) = run(
        &[
            "patch",
            "--image",
            "processor:latest",
            "--base",
            &base.to_string_lossy(),
            &patch.to_string_lossy(),
            "--started",
        ],
        &[],
    );
    let dir = format!("{}/", fixture("patch-canonical").to_string_lossy());
    (code, out.replace(&dir, ""), err.replace(&dir, ""))
}

/// Every config-update is read by WorkerControlPlaneRuntime.java:392-503:
/// keys canonicalised at :410 (ConfigKeyCanonicalizer.java:56-90),
/// `privateConfig` split out at :411-412, then the guard (:418-423) and the
/// merge (:425-430) see canonical keys.
#[test]
fn patch_canonicalises_keys_as_the_worker_does() {
    let (code, out, err) = patch_canonical("patch-kebab.yaml");
    assert_eq!(code, 0, "{err}{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tcpTransport"]["maxRetries"], 5);
    assert_eq!(v["threadCount"], 4);
    assert!(v.get("tcp-transport").is_none(), "{out}");
    assert!(
        v.get("privateConfig").is_none() && !out.contains("s3cret"),
        "{out}"
    );
    // The unknown key is named as the worker reads it, at its written place.
    assert!(
        err.contains(
            "warning: patch-kebab.yaml:9:13: extraKnob: unknown key `extraKnob`: no schema names it"
        ),
        "{err}"
    );
    assert!(err.contains("(written `extra-knob`"), "{err}");
    assert!(err.contains("remove `extra-knob`"), "{err}");
    assert!(err.contains("`privateConfig` is kept apart"), "{err}");
    assert!(!err.contains("tcp-transport"), "{err}");
}

/// WorkerControlPlaneRuntime.java:410, 418-423: the live-update guard sees
/// `Outputs.Type` as `outputs.type`.
#[test]
fn patch_guard_sees_canonical_keys() {
    let (code, out, err) = patch_canonical("patch-kebab-not-live.yaml");
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("patch-kebab-not-live.yaml:4:9: outputs.type: not live-mutable"),
        "{err}"
    );
}
