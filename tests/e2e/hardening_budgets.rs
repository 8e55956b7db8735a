//! Bounded cost: adversarial files (generated here, the shapes of
//! `bench/adversarial.py`, smaller where the verdict does not depend on size)
//! give bounded output, the right verdict and no crash. Speed is measured by
//! the benchmark, never asserted here.

use crate::common::cfgate;
use std::fmt::Write as _;
use std::path::Path;

/// The output budget per file (issue 17): 1 MiB.
const MAX_OUTPUT: usize = 1024 * 1024;

const HEAD: &str =
    "protocolVersion: \"2.0.0\"\nid: adversarial\nname: adversarial\ndescription: d\n\
                    template:\n  image: swarm-controller:latest\n  bees:\n";

/// A valid generator bee; `config` lines (at 8 spaces) follow when given,
/// else a valid one-line config.
fn bee(role: &str) -> String {
    format!("    - role: {role}\n      image: generator:latest\n      work: {{}}\n")
}

const VALID_CONFIG: &str =
    "      config: {inputs: {type: SCHEDULER, scheduler: {ratePerSec: 1, maxMessages: 0}}, \
                            message: {bodyType: SIMPLE, body: hi}}\n";

/// `n` bees and `n` edges naming no bee (`role`, or legacy `beeId`).
fn edges(n: usize, key: &str) -> String {
    let mut text = HEAD.to_string();
    for i in 0..n {
        text.push_str(&bee(&format!("bee-{i:05}")));
        text.push_str(VALID_CONFIG);
    }
    text.push_str("topology:\n  version: 1\n  edges:\n");
    for i in 0..n {
        let _ = write!(
            text,
            "    - id: e{i}\n      from: {{{key}: nobee-{i:05}, port: out}}\n      to: {{{key}: bee-{i:05}, port: in}}\n"
        );
    }
    text
}

/// One bee whose config holds `n` unknown keys, or `n` keys each given twice.
fn config_keys(n: usize, duplicate: bool) -> String {
    let mut text = HEAD.to_string();
    text.push_str(&bee("gen"));
    text.push_str(
        "      config:\n        inputs: {type: SCHEDULER, scheduler: {ratePerSec: 1, maxMessages: 0}}\n\
         \x20       message: {bodyType: SIMPLE, body: hi}\n",
    );
    for i in 0..n {
        if duplicate {
            let _ = write!(text, "        k{i}: 1\n        k{i}: 2\n");
        } else {
            let _ = writeln!(text, "        unknownKey{i}: {i}");
        }
    }
    text
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Standard output read as JSON (a test failure naming it otherwise).
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// `args` with `--format json` added.
fn as_json<'a>(args: &[&'a str]) -> Vec<&'a str> {
    [args, &["--format", "json"]].concat()
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = cfgate().current_dir(dir).args(args).output().unwrap();
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    let size = run.stdout.len() + run.stderr.len();
    assert!(
        size < MAX_OUTPUT,
        "{args:?}: {size} bytes of output:\n{}",
        run.stdout.get(..2000).unwrap_or(&run.stdout)
    );
    run
}

#[test]
fn unknown_roles_list_a_few_candidates_and_findings_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("edges.yaml"), edges(2_000, "role")).unwrap();
    for format in ["human", "json", "sarif", "github", "junit"] {
        let out = run(dir.path(), &["check", "--format", format, "edges.yaml"]);
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        assert!(out.stdout.contains("PH120"), "{format}");
        assert!(out.stdout.contains("PH011"), "{format}");
    }
    let out = run(dir.path(), &["check", "--format", "json", "edges.yaml"]);
    let report = out.json();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 201, "200 findings and the summary");
    let ph120 = findings.iter().find(|f| f["code"] == "PH120").unwrap();
    assert!(
        ph120["fix"]
            .as_str()
            .unwrap()
            .ends_with("bee-00000, bee-00001, bee-00002, bee-00003, bee-00004 and 1995 more"),
        "{ph120}"
    );
    let cut = findings.last().unwrap();
    assert_eq!(cut["code"], "PH011");
    assert_eq!(cut["severity"], "error");
    assert!(
        cut["message"]
            .as_str()
            .unwrap()
            .starts_with("1800 more findings not shown (1800 errors, 0 warnings: PH120 x1800)"),
        "{cut}"
    );
}

#[test]
fn migrate_lists_a_few_roles_and_caps_its_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("legacy.yaml"), edges(2_000, "beeId")).unwrap();
    let out = run(dir.path(), &["migrate", "--format", "json", "legacy.yaml"]);
    assert_eq!(out.code, Some(1));
    let report = out.json();
    let problems = report["files"][0]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 201);
    assert!(problems[0]["fix"]
        .as_str()
        .unwrap()
        .ends_with("bee-00004 and 1995 more"));
    assert_eq!(problems[200]["code"], "PH011");
    // Each edge's `to.beeId` (a declared bee) is a rename: 200 listed, the
    // rest counted.
    let changes = report["files"][0]["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 200);
    assert_eq!(changes[0]["code"], "PH511");
    assert_eq!(report["files"][0]["changes_not_shown"], 1800);
    let out = run(dir.path(), &["migrate", "legacy.yaml"]);
    assert_eq!(out.code, Some(1));
}

#[test]
fn many_unknown_and_duplicate_keys_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("unknown.yaml"), config_keys(20_000, false)).unwrap();
    std::fs::write(dir.path().join("dup.yaml"), config_keys(20_000, true)).unwrap();
    let out = run(dir.path(), &["check", "unknown.yaml"]);
    assert_eq!(out.code, Some(0), "unknown keys are warnings");
    assert!(
        out.stdout
            .contains("19800 more findings not shown (0 errors, 19800 warnings: PH390 x19800)"),
        "{}",
        out.stdout.get(out.stdout.len() - 2000..).unwrap()
    );
    let out = run(dir.path(), &["check", "--strict", "unknown.yaml"]);
    assert_eq!(out.code, Some(1), "--strict: the cut ones are errors too");
    let out = run(dir.path(), &["check", "dup.yaml"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout.contains("PH002") && out.stdout.contains("PH011"),
        "{}",
        out.stdout.get(..2000).unwrap()
    );
    let out = run(dir.path(), &["migrate", "dup.yaml"]);
    assert_eq!(out.code, Some(1));
    // `plan` prints each bee's config with a provenance per value: at most
    // 1000 entries per map, the rest marked and counted on stderr.
    let out = run(dir.path(), &["plan", "unknown.yaml"]);
    assert_eq!(out.code, Some(0));
    let plan = out.json();
    let bee = &plan["bees"][0];
    assert_eq!(bee["config"]["unknownKey0"], 0);
    assert_eq!(bee["config"]["..."], "19003 more entries not shown");
    assert_eq!(bee["config"].as_object().unwrap().len(), 1001);
    assert!(bee["provenance"]["..."]
        .as_str()
        .unwrap()
        .ends_with("more entries not shown"));
    assert!(
        out.stderr
            .contains("the plan shortened to stay under 1 MiB")
            && out.stderr.contains("it was checked whole"),
        "{}",
        out.stderr
    );
}

/// `bees` generator bees whose message body is `body` characters long.
fn long_bodies(bees: usize, body: usize) -> String {
    let mut text = HEAD.to_string();
    let body = "x".repeat(body);
    for i in 0..bees {
        text.push_str(&bee(&format!("bee-{i:04}")));
        let _ = writeln!(
            text,
            "      config: {{inputs: {{type: SCHEDULER, scheduler: {{ratePerSec: 1, maxMessages: 0}}}}, \
             message: {{bodyType: SIMPLE, body: {body}}}}}"
        );
    }
    text
}

#[test]
fn plan_cuts_long_values_and_stops_at_its_byte_budget() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One 4 MiB body: printed as its first 8192 characters and its size.
    std::fs::write(d.join("one.yaml"), long_bodies(1, 4 << 20)).unwrap();
    let out = run(d, &["plan", "one.yaml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let plan = out.json();
    let body = plan["bees"][0]["config"]["message"]["body"]
        .as_str()
        .unwrap();
    assert_eq!(
        body,
        format!("{}... (4194304 bytes in all)", "x".repeat(8192))
    );
    assert!(out.stderr.contains("and 1 strings cut"), "{}", out.stderr);
    // 300 bodies of 20,000 characters (6 MB as a whole plan): the byte
    // budget keeps the first bees, marks the rest, and keeps the findings.
    std::fs::write(d.join("many.yaml"), long_bodies(300, 20_000)).unwrap();
    let out = run(d, &["plan", "many.yaml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let plan = out.json();
    let bees = plan["bees"].as_array().unwrap();
    assert!(bees.len() < 300, "{}", bees.len());
    assert!(bees
        .last()
        .unwrap()
        .as_str()
        .unwrap()
        .ends_with("more items not shown"));
    assert!(plan["findings"].is_array());
}

#[test]
fn a_patch_of_many_keys_has_bounded_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("base.yaml"),
        "inputs:\n  type: SCHEDULER\n  scheduler: {ratePerSec: 5, maxMessages: 0}\n\
         outputs:\n  type: RABBITMQ\nmessage:\n  bodyType: SIMPLE\n  body: hi\n",
    )
    .unwrap();
    let mut patch = String::new();
    for i in 0..20_000 {
        let _ = writeln!(patch, "key{i}: {i}");
    }
    std::fs::write(d.join("patch.yaml"), patch).unwrap();
    let base = [
        "patch",
        "--image",
        "generator:latest",
        "--base",
        "base.yaml",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.push("patch.yaml");
        run(d, &args)
    };
    // Started, the worker's guard covers only inputs.*/outputs.* (issue 20):
    // unknown top-level keys are applied with (capped) warnings.
    let out = with(&["--started"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr.get(..500).unwrap_or(""));
    assert!(out
        .stderr
        .contains("warning: ... and 19800 more unknown keys"));
    let out = with(&[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr.get(..500).unwrap_or(""));
    assert!(out
        .stderr
        .contains("warning: ... and 19800 more unknown keys"));
    // The merged config: its first 1000 keys, the rest marked and counted.
    let merged = out.json();
    assert_eq!(merged["key0"], 0);
    assert_eq!(merged["..."], "19003 more entries not shown");
    assert!(out
        .stderr
        .contains("the merged config shortened to stay under 1 MiB: 19003 map entries"));
    let out = with(&["--strict"]);
    assert_eq!(out.code, Some(1));
    assert!(out
        .stderr
        .contains("... and 19800 more (at most 200 are listed)"));
    assert!(
        out.stderr.contains("[PH390]"),
        "{}",
        out.stderr.get(..500).unwrap_or(&out.stderr)
    );
}

/// `n` nested flow maps (or sequences) under a bee's config.
fn deep_config(n: usize, seq: bool) -> String {
    let (open, close) = if seq { ("[", "]") } else { ("{a: ", "}") };
    format!(
        "{HEAD}{}      config:\n        password: &pw deep-secret\n        x: {}1{}\n",
        bee("gen"),
        open.repeat(n),
        close.repeat(n)
    )
}

#[test]
fn the_deepest_allowed_nesting_is_walked_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A config at depth 5 holds the value: 507 more levels make 512.
    std::fs::write(d.join("maps.yaml"), deep_config(507, false)).unwrap();
    std::fs::write(d.join("seqs.yaml"), deep_config(507, true)).unwrap();
    for file in ["maps.yaml", "seqs.yaml"] {
        for format in ["human", "json", "sarif", "github", "junit"] {
            let out = run(
                d,
                &["check", "--max-depth", "512", "--format", format, file],
            );
            // Exit 1 (unknown key under --strict would be; here an error or
            // warning), never a crash.
            assert!(
                matches!(out.code, Some(0 | 1)),
                "{file} {format}: {:?} {}",
                out.code,
                out.stderr
            );
            // SARIF lists every documented rule: look at its results only.
            let refused = if format == "sarif" {
                out.stdout.contains("\"ruleId\":\"PH003\"")
            } else {
                out.stdout.contains("PH003")
            };
            assert!(!refused, "{file} {format}");
        }
        let out = run(d, &["plan", "--max-depth", "512", file]);
        assert!(matches!(out.code, Some(0 | 1)), "{file}: {}", out.stderr);
        // At the default budget the same file is refused with a finding.
        let out = run(d, &["check", file]);
        assert_eq!(out.code, Some(1));
        assert!(out.stdout.contains("PH003"), "{}", out.stdout);
    }
    let out = run(d, &["check", "--max-depth", "513", "maps.yaml"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("513 is over 512") && out.stderr.contains("use at most 512"),
        "{}",
        out.stderr
    );
    let out = cfgate()
        .current_dir(d)
        .env("CFGATE_MAX_DEPTH", "100000")
        .args(["check", "maps.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `n` malformed lines (each an error that names no value) in an env file.
fn bad_env_lines(n: usize) -> String {
    (0..n).map(|i| format!("KTRDR_X_{i}:secret=x\n")).collect()
}

/// A worker host whose scheduler block holds `n` unknown keys (warnings).
fn unknown_scheduler_keys(n: usize) -> String {
    let mut text = "pockethive:\n  control-plane:\n    swarm-id: s1\n    instance-id: gen-1\n    \
                    worker:\n      role: generator\n  inputs:\n    type: SCHEDULER\n    \
                    scheduler:\n      ratePerSec: 5\n"
        .to_string();
    for i in 0..n {
        let _ = writeln!(text, "      unknownKey{i}: {i}");
    }
    text
}

#[test]
fn validate_caps_the_findings_of_each_file_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(".env.local"), bad_env_lines(5_000)).unwrap();
    let out = run(d, &["validate", "--component", "worker"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .starts_with("CONFIGURATION ERROR: 5000 configuration errors for component 'worker'"),
        "the header counts the cut errors too: {}",
        out.stdout.get(..200).unwrap_or(&out.stdout)
    );
    // The service reads `KTRDR_X_0:secret` as a key (python-dotenv), and its
    // database settings refuse every extra key: one error per line.
    assert_eq!(
        out.stdout
            .matches("a key that is not a variable name (not shown)")
            .count(),
        200
    );
    assert!(
        out.stdout.contains(
            "file:.env.local:201: 4800 more findings not shown (4800 errors, 0 warnings: \
             env-file-extra x4800); at most 200 are reported per file"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("secret=x"));
    let out = run(
        d,
        &["validate", "--component", "worker", "--format", "json"],
    );
    assert_eq!(out.code, Some(1));
    let report = out.json();
    assert_eq!(report["ok"], false);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 201, "200 errors and the summary");
    assert_eq!(errors[200]["code"], "PH011");
    assert_eq!(errors[200]["source"], "file:.env.local:201");
    assert!(errors[200]["message"]
        .as_str()
        .unwrap()
        .starts_with("4800 more findings not shown (4800 errors"));
}

#[test]
fn validate_sums_up_cut_warnings_as_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("application.yml"), unknown_scheduler_keys(3_000)).unwrap();
    let args = ["validate", "--component", "pockethive-worker"];
    let out = run(d, &args);
    assert_eq!(out.code, Some(0), "unknown keys only warn: {}", out.stderr);
    assert_eq!(out.stdout.matches("warning[PH390]").count(), 200);
    assert!(
        out.stdout.contains(
            "warning[PH011]: 2800 more findings not shown (0 errors, 2800 warnings: PH390 x2800)"
        ),
        "{}",
        out.stdout
            .get(out.stdout.len().saturating_sub(1000)..)
            .unwrap()
    );
    let out = run(d, &as_json(&args));
    assert_eq!(out.code, Some(0));
    let report = out.json();
    assert_eq!(report["errors"].as_array().unwrap().len(), 0);
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 201);
    assert_eq!(warnings[200]["code"], "PH011");
}

#[test]
fn explain_lists_at_most_1000_settings_per_domain_and_cuts_long_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One 1000-character key (YAML's longest plain key) must not widen
    // every row of the table.
    let mut host = unknown_scheduler_keys(3);
    let _ = writeln!(host, "      k{}: 1", "y".repeat(1000));
    std::fs::write(d.join("application.yml"), host).unwrap();
    let out = run(d, &["explain", "--component", "pockethive-worker"]);
    assert!(
        out.stdout.contains("pockethive.inputs.scheduler.kyyy"),
        "{}",
        out.stdout
    );
    let widest = out.stdout.lines().map(str::len).max().unwrap();
    assert!(widest < 400, "{widest}");
    std::fs::write(d.join("application.yml"), unknown_scheduler_keys(3_000)).unwrap();
    let args = ["explain", "--component", "pockethive-worker"];
    let out = run(d, &args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.ends_with(
            "more settings of 'pockethive' not shown (at most 1000 are listed per domain)\n"
        ),
        "{}",
        out.stdout
            .get(out.stdout.len().saturating_sub(500)..)
            .unwrap()
    );
    let rows = out.stdout.lines().count();
    assert_eq!(rows, 1 + 1000 + 1, "header, 1000 rows, the cut line");
    let out = run(d, &as_json(&args));
    assert_eq!(out.code, Some(0));
    let explained = out.json();
    let fields = explained["pockethive"].as_object().unwrap();
    assert_eq!(fields.len(), 1001);
    assert!(fields["..."]
        .as_str()
        .unwrap()
        .ends_with("more entries not shown"));
}

/// The loader builds at most 200 unknown-key warnings per file and counts
/// the rest (a 90,000-key host held every message): the report is the one
/// every warning built would give (the same 200 shown, the same summary at
/// the same place), and `--allow-unknown` drops the counted ones too.
#[test]
fn unknown_keys_past_the_cap_are_counted_not_built() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut host = unknown_scheduler_keys(5_000);
    // A second code from the same file: a sub-block without its selector.
    host.push_str("  outputs:\n    redis:\n      defaultList: x\n");
    std::fs::write(d.join("application.yml"), host).unwrap();
    let args = ["validate", "--component", "pockethive-worker"];
    let out = run(d, &args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // The selector warning comes first, then the keys in sorted order:
    // the last one shown is unknownKey1176, the first cut one
    // unknownKey1177 (line 1,188).
    assert_eq!(out.stdout.matches("warning[PH320]").count(), 1);
    assert_eq!(out.stdout.matches("warning[PH390]").count(), 199);
    assert!(out.stdout.contains("unknownKey1176`"), "{}", out.stdout);
    assert!(!out.stdout.contains("unknownKey1177`"), "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "warning[PH011]: 4801 more findings not shown (0 errors, 4801 warnings: \
             PH390 x4801)"
        ),
        "{}",
        out.stdout
            .get(out.stdout.len().saturating_sub(1000)..)
            .unwrap()
    );
    let out = run(d, &as_json(&args));
    let report = out.json();
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 201);
    assert_eq!(warnings[200]["code"], "PH011");
    assert_eq!(warnings[200]["source"], "file:application.yml:1188:23");
    let out = run(d, &as_json(&[&args[..], &["--allow-unknown"]].concat()));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report = out.json();
    let codes: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PH320"], "no unknown key and nothing cut");
}
