//! `cfgate validate`, `explain` and `deprecations` end to end.

use crate::common::{cfgate, fixture, workspace_root};
use assert_cmd::Command;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `cfgate ARGS` in an empty temp dir (no stray `.env.local`) with `vars`.
fn in_empty_dir(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = cfgate();
    cmd.current_dir(dir.path()).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

/// `cfgate ARGS` in `tests/fixtures/settings/NAME` (its `.env.local` is read).
fn in_fixture(name: &str, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = cfgate();
    cmd.current_dir(fixture(&format!("settings/{name}")))
        .args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    run(&mut cmd)
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn validate_json(component: &str, vars: &[(&str, &str)]) -> (i32, Value) {
    let r = in_empty_dir(
        &["validate", "--component", component, "--format", "json"],
        vars,
    );
    (r.code, json(&r))
}

fn explain_json(component: &str, vars: &[(&str, &str)]) -> Value {
    let r = in_empty_dir(
        &["explain", "--component", component, "--format", "json"],
        vars,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    json(&r)
}

const ACK: (&str, &str) = ("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true");

#[test]
fn every_default_is_explained() {
    // All 18 domains: the service's gate (`all`) and the rest (`ungated`).
    let mut v = explain_json("all", &[]);
    let ungated = explain_json("ungated", &[]);
    v.as_object_mut()
        .unwrap()
        .extend(ungated.as_object().unwrap().clone());
    let expected = [
        ("worker", "worker_id", Value::Null),
        ("worker", "port", 5003.into()),
        ("worker", "heartbeat_interval", 30.into()),
        ("worker", "registration_timeout", 10.into()),
        ("worker", "endpoint_url", Value::Null),
        ("worker", "public_base_url", Value::Null),
        ("worker", "health_check_interval", 10.into()),
        ("worker", "health_check_timeout", 5.into()),
        ("worker", "health_check_failures", 3.into()),
        ("worker", "removal_threshold", 300.into()),
        ("checkpoint", "epoch_interval", 10.into()),
        ("checkpoint", "time_interval_seconds", 300.into()),
        ("checkpoint", "dir", "/app/data/checkpoints".into()),
        ("checkpoint", "max_age_days", 30.into()),
        ("orphan_detector", "timeout_seconds", 60.into()),
        ("orphan_detector", "check_interval_seconds", 15.into()),
        ("operations", "cache_ttl", 1.0.into()),
        ("operations", "max_operations", 10000.into()),
        ("operations", "cleanup_interval_seconds", 3600.into()),
        ("operations", "retention_days", 7.into()),
        ("database", "host", "localhost".into()),
        ("database", "port", 5432.into()),
        ("database", "name", "ktrdr".into()),
        ("database", "user", "ktrdr".into()),
        ("database", "password", "****".into()),
        ("database", "echo", false.into()),
        ("logging", "level", "INFO".into()),
        (
            "logging",
            "format",
            "%(asctime)s [%(levelname)s] %(name)s: %(message)s".into(),
        ),
        ("logging", "json_output", false.into()),
        ("observability", "enabled", true.into()),
        (
            "observability",
            "otlp_endpoint",
            "http://jaeger:4317".into(),
        ),
        ("observability", "service_name", "ktrdr".into()),
        ("observability", "console_output", false.into()),
        (
            "api_client",
            "base_url",
            "http://localhost:8000/api/v1".into(),
        ),
        ("api_client", "timeout", 30.0.into()),
        ("api_client", "max_retries", 3.into()),
        ("api_client", "retry_delay", 1.0.into()),
        ("api_client", "enabled", true.into()),
        ("api_client", "health_check_interval", 10.0.into()),
        ("api", "title", "KTRDR API".into()),
        (
            "api",
            "description",
            "REST API for KTRDR trading system".into(),
        ),
        ("api", "version", env!("CARGO_PKG_VERSION").into()),
        ("api", "host", "127.0.0.1".into()),
        ("api", "port", 8000.into()),
        ("api", "reload", true.into()),
        ("api", "log_level", "INFO".into()),
        ("api", "environment", "development".into()),
        ("api", "api_prefix", "/api/v1".into()),
        ("api", "cors_origins", serde_json::json!(["*"])),
        ("api", "cors_allow_credentials", true.into()),
        ("api", "cors_allow_methods", serde_json::json!(["*"])),
        ("api", "cors_allow_headers", serde_json::json!(["*"])),
        ("api", "cors_max_age", 600.into()),
        ("auth", "jwt_secret", "****".into()),
        ("auth", "jwt_algorithm", "HS256".into()),
        ("auth", "token_expire_minutes", 60.into()),
        ("ib", "host", "127.0.0.1".into()),
        ("ib", "port", 4002.into()),
        ("ib", "client_id", 1.into()),
        ("ib", "timeout", 30.into()),
        ("ib", "readonly", false.into()),
        ("ib", "rate_limit", 50.into()),
        ("ib", "rate_period", 60.into()),
        ("ib", "max_retries", 3.into()),
        ("ib", "retry_base_delay", 2.0.into()),
        ("ib", "retry_max_delay", 60.0.into()),
        ("ib", "pacing_delay", 0.6.into()),
        ("ib", "max_requests_per_10min", 60.into()),
        ("ib_host", "host", "localhost".into()),
        ("ib_host", "port", 5001.into()),
        ("ib_host", "enabled", false.into()),
        ("ib_host", "timeout", 30.0.into()),
        ("ib_host", "health_check_interval", 10.0.into()),
        ("ib_host", "max_retries", 3.into()),
        ("ib_host", "retry_delay", 1.0.into()),
        ("training_host", "host", "localhost".into()),
        ("training_host", "port", 5002.into()),
        ("training_host", "enabled", false.into()),
        ("training_host", "timeout", 30.0.into()),
        ("training_host", "health_check_interval", 10.0.into()),
        ("training_host", "max_retries", 3.into()),
        ("training_host", "retry_delay", 1.0.into()),
        ("agent", "poll_interval", 5.0.into()),
        ("agent", "model", "claude-sonnet-4-20250514".into()),
        ("agent", "max_tokens", 4096.into()),
        ("agent", "timeout_seconds", 300.into()),
        ("agent", "max_iterations", 10.into()),
        ("agent", "max_input_tokens", 50000.into()),
        ("agent", "daily_budget", 20.0.into()),
        ("agent", "budget_dir", "data/budget".into()),
        ("agent", "max_concurrent_researches", 0.into()),
        ("agent", "concurrency_buffer", 1.into()),
        ("agent", "training_start_date", Value::Null),
        ("agent", "training_end_date", Value::Null),
        ("agent", "backtest_start_date", Value::Null),
        ("agent", "backtest_end_date", Value::Null),
        ("agent_trigger", "enabled", false.into()),
        ("agent_trigger", "trigger_interval", 300.into()),
        ("agent_gate", "mode", "simulation".into()),
        ("agent_gate", "dry_run", true.into()),
        ("agent_gate", "confirmation_required", true.into()),
        ("agent_gate", "max_position_size", 0.into()),
        ("agent_gate", "max_daily_trades", 0.into()),
        ("data", "data_dir", "data".into()),
        ("data", "models_dir", "models".into()),
        ("data", "cache_dir", "data/cache".into()),
        ("data", "max_segment_size", 5000.into()),
        ("data", "periodic_save_interval", 0.5.into()),
        ("fred", "api_key", "****".into()),
        (
            "fred",
            "base_url",
            "https://api.stlouisfed.org/fred/series/observations".into(),
        ),
        ("fred", "rate_limit", 120.into()),
        ("fred", "cache_dir", "data/context/fred".into()),
    ];
    let total: usize = v
        .as_object()
        .unwrap()
        .values()
        .map(|d| d.as_object().unwrap().len())
        .sum();
    assert_eq!(total, expected.len(), "every field is listed exactly once");
    for (domain, field, value) in expected {
        let entry = &v[domain][field];
        assert_eq!(entry["value"], value, "{domain}.{field}");
        assert_eq!(entry["source"], "default", "{domain}.{field}");
    }
    assert_eq!(v["ib_host"]["enabled"]["env"], "KTRDR_IB_HOST_ENABLED");
    assert_eq!(v["api"]["api_prefix"]["env"], "KTRDR_API_API_PREFIX");
}

#[test]
fn defaults_validate_with_only_the_insecure_warning() {
    let (code, v) = validate_json("all", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["ok"], true);
    let envs: Vec<_> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["env"].clone())
        .collect();
    assert_eq!(envs, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
}

#[test]
fn new_names_are_read_from_the_environment() {
    let v = explain_json(
        "all",
        &[
            ("KTRDR_WORKER_PORT", "5010"),
            ("KTRDR_OPS_CACHE_TTL", "2.5"),
            ("KTRDR_API_CORS_ORIGINS", "[\"https://a.example\"]"),
            ("KTRDR_TRAINING_HOST_ENABLED", "on"),
            ("KTRDR_LOG_LEVEL", "warning"),
        ],
    );
    assert_eq!(v["worker"]["port"]["value"], 5010);
    assert_eq!(v["worker"]["port"]["source"], "env:KTRDR_WORKER_PORT");
    assert_eq!(v["operations"]["cache_ttl"]["value"], 2.5);
    assert_eq!(
        v["api"]["cors_origins"]["value"],
        serde_json::json!(["https://a.example"])
    );
    assert_eq!(v["training_host"]["enabled"]["value"], true);
    assert_eq!(v["logging"]["level"]["value"], "WARNING");
}

#[test]
fn deprecated_name_is_used_and_the_warning_names_both() {
    let (code, v) = validate_json("backend", &[("IB_RETRY_DELAY", "3.5"), ACK]);
    assert_eq!(code, 0);
    let w = &v["warnings"][0];
    assert_eq!(w["code"], "deprecated-name");
    assert_eq!(w["env"], "IB_RETRY_DELAY");
    assert_eq!(w["replacement"], "KTRDR_IB_RETRY_BASE_DELAY");
    assert_eq!(w["source"], "env:IB_RETRY_DELAY");
    assert_eq!(
        w["message"],
        "Environment variable 'IB_RETRY_DELAY' is deprecated. Use 'KTRDR_IB_RETRY_BASE_DELAY' instead. Note: the field is now retry_base_delay."
    );
    let e = explain_json("backend", &[("IB_RETRY_DELAY", "3.5")]);
    assert_eq!(e["ib"]["retry_base_delay"]["value"], 3.5);
    assert_eq!(e["ib"]["retry_base_delay"]["env"], "IB_RETRY_DELAY");
}

#[test]
fn new_name_beats_old_in_the_same_source() {
    let vars = [("WORKER_PORT", "5010"), ("KTRDR_WORKER_PORT", "5020"), ACK];
    let e = explain_json("worker", &vars);
    assert_eq!(e["worker"]["port"]["value"], 5020);
    let (_, v) = validate_json("worker", &vars);
    let codes: Vec<_> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].clone())
        .collect();
    assert_eq!(codes, vec!["deprecated-name", "conflicting-names"]);
    assert!(v["warnings"][1]["message"]
        .as_str()
        .unwrap()
        .contains("'KTRDR_WORKER_PORT' from env:KTRDR_WORKER_PORT wins"));
}

#[test]
fn process_env_beats_env_local_under_either_name() {
    // File: KTRDR_WORKER_PORT=6001 (new name). Env: the deprecated name wins.
    let r = in_fixture(
        "layered",
        &["explain", "--component", "worker", "--format", "json"],
        &[("WORKER_PORT", "6002")],
    );
    let v = json(&r);
    assert_eq!(v["worker"]["port"]["value"], 6002);
    assert_eq!(v["worker"]["port"]["source"], "env:WORKER_PORT");
    // File: WORKER_HEALTH_CHECK_TIMEOUT=7 (old name). Env: the new name wins.
    let r = in_fixture(
        "layered",
        &["explain", "--component", "worker", "--format", "json"],
        &[("KTRDR_WORKER_HEALTH_CHECK_TIMEOUT", "8")],
    );
    let v = json(&r);
    assert_eq!(v["worker"]["health_check_timeout"]["value"], 8);
    // Values only in the file come from it, with their line.
    assert_eq!(v["database"]["host"]["source"], "file:.env.local:4");
    assert_eq!(v["checkpoint"]["epoch_interval"]["value"], 4);
}

#[test]
fn env_local_alone_is_read_with_line_provenance() {
    let r = in_fixture(
        "layered",
        &["explain", "--component", "worker", "--format", "json"],
        &[],
    );
    let v = json(&r);
    assert_eq!(v["worker"]["port"]["value"], 6001);
    assert_eq!(v["worker"]["port"]["source"], "file:.env.local:2");
    assert_eq!(
        v["worker"]["health_check_timeout"]["env"],
        "WORKER_HEALTH_CHECK_TIMEOUT"
    );
}

#[test]
fn explicit_env_file_replaces_the_default_one() {
    let path = fixture("settings/layered/.env.local");
    let r = in_empty_dir(
        &[
            "explain",
            "--component",
            "worker",
            "--format",
            "json",
            "--env-file",
            path.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(json(&r)["worker"]["port"]["value"], 6001);
}

#[test]
fn missing_explicit_env_file_is_exit_2() {
    let r = in_empty_dir(&["validate", "--env-file", "does-not-exist.env"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does-not-exist.env"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn unreadable_lines_of_env_local_are_skipped_with_warnings() {
    // python-dotenv skips a malformed statement (the service starts); the
    // worker key on line 1 is one DatabaseSettings rejects there.
    let r = in_fixture(
        "syntax",
        &["validate", "--component", "worker", "--format", "json"],
        &[ACK],
    );
    assert_eq!(r.code, 1);
    let v = json(&r);
    let sources = |list: &str, code: &str| -> Vec<Value> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["code"] == code)
            .map(|e| e["source"].clone())
            .collect()
    };
    assert_eq!(
        sources("errors", "env-file-extra"),
        vec!["file:.env.local:1"]
    );
    assert_eq!(
        sources("warnings", "env-file-syntax"),
        vec!["file:.env.local:2", "file:.env.local:3"]
    );
    assert_eq!(v["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn all_errors_of_several_domains_are_reported_together() {
    let (code, v) = validate_json(
        "all",
        &[
            ("KTRDR_WORKER_PORT", "0"),
            ("CHECKPOINT_MAX_AGE_DAYS", "x"),
            ("KTRDR_OPS_CACHE_TTL", "-1"),
            ("KTRDR_DB_ECHO", "perhaps"),
            ("KTRDR_API_ENVIRONMENT", "qa"),
            ("KTRDR_IB_PORT", "70000"),
            ("KTRDR_TRAINING_HOST_TIMEOUT", "0"),
            ACK,
        ],
    );
    assert_eq!(code, 1);
    let got: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}.{} {} {}",
                e["domain"].as_str().unwrap(),
                e["field"].as_str().unwrap(),
                e["env"].as_str().unwrap(),
                e["source"].as_str().unwrap()
            )
        })
        .collect();
    // The service's class order (validation.py:266-273).
    assert_eq!(
        got,
        vec![
            "database.echo KTRDR_DB_ECHO env:KTRDR_DB_ECHO",
            "api.environment KTRDR_API_ENVIRONMENT env:KTRDR_API_ENVIRONMENT",
            "ib.port KTRDR_IB_PORT env:KTRDR_IB_PORT",
            "training_host.timeout KTRDR_TRAINING_HOST_TIMEOUT env:KTRDR_TRAINING_HOST_TIMEOUT",
            "worker.port KTRDR_WORKER_PORT env:KTRDR_WORKER_PORT",
            "checkpoint.max_age_days CHECKPOINT_MAX_AGE_DAYS env:CHECKPOINT_MAX_AGE_DAYS",
            "operations.cache_ttl KTRDR_OPS_CACHE_TTL env:KTRDR_OPS_CACHE_TTL",
        ]
    );
    let keys: Vec<_> = v["errors"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        keys,
        vec!["code", "domain", "field", "env", "source", "message"]
    );
    let deprecated = v["errors"][5]["message"].as_str().unwrap();
    assert!(
        deprecated.contains("KTRDR_CHECKPOINT_MAX_AGE_DAYS"),
        "{deprecated}"
    );
}

#[test]
fn worker_port_bad_values_fail_with_exit_1() {
    for (value, fragment) in [
        ("abc", "expected an integer"),
        ("0", "must be between 1 and 65535"),
        ("70000", "must be between 1 and 65535"),
    ] {
        let r = in_empty_dir(
            &["validate", "--component", "worker"],
            &[("KTRDR_WORKER_PORT", value)],
        );
        assert_eq!(r.code, 1, "{value}");
        assert!(r.stdout.starts_with("CONFIGURATION ERROR"), "{}", r.stdout);
        assert!(
            r.stdout.contains(&format!("worker.port: {fragment}")),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains(&format!("got '{value}'")), "{}", r.stdout);
        assert!(r.stdout.contains("docs/SETTINGS.md"));
    }
}

#[test]
fn cache_ttl_zero_accepted_negative_rejected() {
    let (code, _) = validate_json("worker", &[("KTRDR_OPS_CACHE_TTL", "0"), ACK]);
    assert_eq!(code, 0);
    let (code, v) = validate_json("worker", &[("KTRDR_OPS_CACHE_TTL", "-1"), ACK]);
    assert_eq!(code, 1);
    assert_eq!(v["errors"][0]["field"], "cache_ttl");
}

#[test]
fn integer_parsing_edge_cases() {
    let (code, _) = validate_json("worker", &[("KTRDR_WORKER_PORT", "  5010\t"), ACK]);
    assert_eq!(code, 0, "surrounding white space is fine");
    for bad in ["", "abc", "5010.5"] {
        let (code, v) = validate_json("worker", &[("KTRDR_WORKER_PORT", bad), ACK]);
        assert_eq!(code, 1, "{bad:?}");
        assert_eq!(v["errors"][0]["code"], "parse");
    }
}

#[test]
fn bool_parsing_edge_cases() {
    for (raw, expected) in [
        ("true", true),
        ("FALSE", false),
        ("1", true),
        ("0", false),
        ("Yes", true),
        ("no", false),
        ("ON", true),
        ("off", false),
        ("y", true),
        ("N", false),
        ("t", true),
        ("F", false),
    ] {
        let v = explain_json("worker", &[("KTRDR_DB_ECHO", raw)]);
        assert_eq!(v["database"]["echo"]["value"], expected, "{raw}");
    }
    for bad in ["", "2", "maybe"] {
        let (code, v) = validate_json("worker", &[("KTRDR_DB_ECHO", bad), ACK]);
        assert_eq!(code, 1, "{bad:?}");
        assert_eq!(v["errors"][0]["env"], "KTRDR_DB_ECHO");
    }
}

#[test]
fn invalid_new_name_is_an_error_despite_a_valid_old_name() {
    let (code, v) = validate_json(
        "worker",
        &[("KTRDR_WORKER_PORT", "abc"), ("WORKER_PORT", "5010"), ACK],
    );
    assert_eq!(code, 1);
    assert_eq!(v["errors"][0]["env"], "KTRDR_WORKER_PORT");
}

#[test]
fn insecure_defaults_development_production_acknowledged() {
    // Development (no KTRDR_ENV): a warning naming the variables.
    let r = in_empty_dir(&["validate", "--component", "backend"], &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("KTRDR_DB_PASSWORD (default)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("KTRDR_AUTH_JWT_SECRET (default)"));
    assert!(!r.stdout.contains("localdev") && !r.stdout.contains("insecure-dev-secret"));
    // Acknowledged: silent.
    let r = in_empty_dir(&["validate", "--component", "backend"], &[ACK]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("WARNING"), "{}", r.stdout);
    // Production: a hard failure, even acknowledged.
    let (code, v) = validate_json("backend", &[("KTRDR_ENV", "production"), ACK]);
    assert_eq!(code, 1);
    let envs: Vec<_> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["env"].clone())
        .collect();
    assert_eq!(envs, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
    // KTRDR_ENV in .env.local is not read by the service (a warning says
    // so), and it is a key DatabaseSettings rejects there: the service fails
    // to start on that, not on the insecure defaults.
    let r = in_fixture(
        "production",
        &["validate", "--component", "worker", "--format", "json"],
        &[],
    );
    assert_eq!(r.code, 1);
    let v = json(&r);
    let codes: Vec<_> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].clone(), e["env"].clone()))
        .collect();
    assert_eq!(codes, vec![("env-file-extra".into(), "KTRDR_ENV".into())]);
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "gate-switch-ignored" && w["env"] == "KTRDR_ENV"));
    // From the process environment, the worker checks the DB password and,
    // as the service does for every component, the JWT secret.
    let (code, v) = validate_json("worker", &[("KTRDR_ENV", "production")]);
    assert_eq!(code, 1);
    let envs: Vec<_> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["env"].clone())
        .collect();
    assert_eq!(envs, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
    // Production with real secrets: fine.
    let (code, _) = validate_json(
        "backend",
        &[
            ("KTRDR_ENV", "production"),
            ("KTRDR_DB_PASSWORD", "p"),
            ("KTRDR_AUTH_JWT_SECRET", "j"),
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn unknown_variables_are_ignored() {
    let (code, v) = validate_json(
        "all",
        &[
            ("KTRDR_WORKER_PROT", "x"),
            ("KTRDR_WHATEVER", "1"),
            ("HOME", "/root"),
            ACK,
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(v["warnings"], serde_json::json!([]));
}

#[test]
fn bad_component_and_format_are_usage_errors() {
    assert_eq!(
        in_empty_dir(&["validate", "--component", "frontend"], &[]).code,
        2
    );
    assert_eq!(in_empty_dir(&["explain", "--format", "yaml"], &[]).code, 2);
    assert_eq!(
        in_empty_dir(&["deprecations", "--format", "csv"], &[]).code,
        2
    );
}

#[test]
fn bundled_example_validates_with_a_deprecation_warning() {
    let mut cmd = cfgate();
    cmd.current_dir(workspace_root()).args([
        "validate",
        "--component",
        "all",
        "--dotenv",
        "examples/env/.env",
    ]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("warning[deprecated-name]"),
        "{}",
        r.stdout
    );
}

#[test]
fn deprecations_lists_the_registry_in_every_format() {
    let registry = config_core_names();
    let r = in_empty_dir(&["deprecations", "--format", "json"], &[]);
    let v = json(&r);
    let olds: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["old"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(olds, registry);
    let human = in_empty_dir(&["deprecations"], &[]).stdout;
    let markdown = in_empty_dir(&["deprecations", "--format", "markdown"], &[]).stdout;
    for old in &registry {
        assert!(human.contains(old.as_str()));
        assert!(markdown.contains(&format!("`{old}`")));
    }
}

/// The registry's deprecated names, read from the committed file.
fn config_core_names() -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join("deprecations.toml")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("old = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect()
}

/// Every subcommand's `--help` ends with an `Examples:` section whose lines
/// run that subcommand. The list comes from clap (`cfgate --help`), so a new
/// subcommand is checked without editing this test.
#[test]
fn help_has_examples_for_every_subcommand() {
    let top = in_empty_dir(&["--help"], &[]);
    assert_eq!(top.code, 0);
    let commands: Vec<&str> = top
        .stdout
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A command starts at column 3; wrapped descriptions are indented further.
        .filter_map(|l| l.strip_prefix("  ").filter(|rest| !rest.starts_with(' ')))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    let mut sorted = commands.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "audit",
            "check",
            "completions",
            "deprecations",
            "explain",
            "lsp",
            "migrate",
            "patch",
            "plan",
            "schema",
            "validate"
        ],
        "{}",
        top.stdout
    );
    for command in commands {
        let r = in_empty_dir(&[command, "--help"], &[]);
        assert_eq!(r.code, 0, "{command}: {}", r.stderr);
        let examples: Vec<&str> = r
            .stdout
            .lines()
            .skip_while(|l| *l != "Examples:")
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect();
        let runs_it = |line: &&str| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words.windows(2).any(|w| w == ["cfgate", command])
        };
        assert!(
            !examples.is_empty() && examples.iter().all(runs_it),
            "{command}: no Examples: section of `cfgate {command}` lines in\n{}",
            r.stdout
        );
    }
}

// ---- snapshots of user-facing output ------------------------------------

fn snapshot_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("WORKER_PORT", "70000"),
        ("KTRDR_OPS_CACHE_TTL", "-1"),
        ("KTRDR_DB_ECHO", "maybe"),
        ("OTLP_ENDPOINT", "http://otel:4317"),
        ("KTRDR_WORKER_HEARTBEAT_INTERVAL", "12"),
        ("WORKER_HEALTH_CHECK_INTERVAL", "20"),
        ("KTRDR_WORKER_HEALTH_CHECK_INTERVAL", "15"),
    ]
}

#[test]
fn snapshot_validate_human_invalid() {
    let r = in_fixture(
        "layered",
        &["validate", "--component", "worker"],
        &snapshot_env(),
    );
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("validate_human_invalid", r.stdout);
}

#[test]
fn snapshot_validate_json_invalid() {
    let r = in_fixture(
        "layered",
        &["validate", "--component", "worker", "--format", "json"],
        &snapshot_env(),
    );
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("validate_json_invalid", r.stdout);
}

#[test]
fn snapshot_validate_human_ok() {
    // `layered` holds non-database keys: the service would not start.
    let r = in_fixture(
        "database_only",
        &["validate", "--component", "backend"],
        &[("IB_PORT", "7497")],
    );
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("validate_human_ok", r.stdout);
}

#[test]
fn snapshot_validate_human_production() {
    let r = in_fixture("production", &["validate", "--component", "backend"], &[]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("validate_human_production", r.stdout);
}

#[test]
fn snapshot_explain_human() {
    let r = in_fixture(
        "layered",
        &["explain", "--component", "worker"],
        &snapshot_env(),
    );
    insta::assert_snapshot!("explain_human_worker", r.stdout);
}

#[test]
fn snapshot_explain_json() {
    let r = in_fixture(
        "layered",
        &["explain", "--component", "worker", "--format", "json"],
        &[("KTRDR_DB_PASSWORD", "s3cret")],
    );
    insta::assert_snapshot!("explain_json_worker", r.stdout);
}

#[test]
fn snapshot_deprecations() {
    insta::assert_snapshot!(
        "deprecations_human",
        in_empty_dir(&["deprecations"], &[]).stdout
    );
    insta::assert_snapshot!(
        "deprecations_json",
        in_empty_dir(&["deprecations", "--format", "json"], &[]).stdout
    );
    insta::assert_snapshot!(
        "deprecations_markdown",
        in_empty_dir(&["deprecations", "--format", "markdown"], &[]).stdout
    );
}
