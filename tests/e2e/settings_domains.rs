//! Issue 16, domains and names: every KTRDR domain the service has, every
//! accepted name, the explicit variable names, defaults of each domain, and
//! which old names the service itself accepts without a warning. Table
//! driven: environment in, value or error out, exit code.

use crate::common::cfgate;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = cfgate();
    cmd.current_dir(dir.path()).args(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The two KTRDR components that together hold all 18 domains: `all` (the
/// service's gate) and `ungated` (the classes no gate checks).
const COMPONENTS: [&str; 2] = ["all", "ungated"];

/// `explain` of all 18 domains: both components' objects merged.
fn explain(vars: &[(&str, &str)]) -> Value {
    let mut merged = serde_json::Map::new();
    for component in COMPONENTS {
        let r = run(
            &["explain", "--component", component, "--format", "json"],
            vars,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        merged.extend(v.as_object().unwrap().clone());
    }
    Value::Object(merged)
}

/// `validate` of all 18 domains: the worse exit code, and both reports'
/// errors and warnings, `all`'s first.
fn validate(vars: &[(&str, &str)]) -> (i32, Value) {
    let mut code = 0;
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for component in COMPONENTS {
        let r = run(
            &["validate", "--component", component, "--format", "json"],
            vars,
        );
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        code = code.max(r.code);
        errors.extend(v["errors"].as_array().unwrap().clone());
        warnings.extend(v["warnings"].as_array().unwrap().clone());
    }
    (
        code,
        serde_json::json!({"errors": errors, "warnings": warnings}),
    )
}

/// The 18 domains' defaults (SETTINGS.md, one row per field), by
/// `domain.field`: the value `explain` shows with nothing set.
const DEFAULTS: &[(&str, &str, &str)] = &[
    ("worker", "worker_id", "null"),
    ("worker", "port", "5003"),
    ("checkpoint", "dir", "\"/app/data/checkpoints\""),
    ("orphan_detector", "timeout_seconds", "60"),
    ("operations", "cache_ttl", "1.0"),
    ("database", "port", "5432"),
    ("database", "password", "\"****\""),
    ("logging", "level", "\"INFO\""),
    ("observability", "otlp_endpoint", "\"http://jaeger:4317\""),
    ("api_client", "enabled", "true"),
    ("api_client", "base_url", "\"http://localhost:8000/api/v1\""),
    ("api_client", "health_check_interval", "10.0"),
    ("api", "port", "8000"),
    ("auth", "jwt_secret", "\"****\""),
    ("ib", "port", "4002"),
    ("ib_host", "port", "5001"),
    ("training_host", "port", "5002"),
    ("agent", "poll_interval", "5.0"),
    ("agent", "model", "\"claude-sonnet-4-20250514\""),
    ("agent", "max_tokens", "4096"),
    ("agent", "daily_budget", "20.0"),
    ("agent", "budget_dir", "\"data/budget\""),
    ("agent", "max_concurrent_researches", "0"),
    ("agent", "concurrency_buffer", "1"),
    ("agent", "training_start_date", "null"),
    ("agent_trigger", "enabled", "false"),
    ("agent_trigger", "trigger_interval", "300"),
    ("agent_gate", "mode", "\"simulation\""),
    ("agent_gate", "dry_run", "true"),
    ("agent_gate", "confirmation_required", "true"),
    ("agent_gate", "max_position_size", "0"),
    ("agent_gate", "max_daily_trades", "0"),
    ("data", "data_dir", "\"data\""),
    ("data", "models_dir", "\"models\""),
    ("data", "cache_dir", "\"data/cache\""),
    ("data", "max_segment_size", "5000"),
    ("data", "periodic_save_interval", "0.5"),
    ("fred", "api_key", "\"****\""),
    (
        "fred",
        "base_url",
        "\"https://api.stlouisfed.org/fred/series/observations\"",
    ),
    ("fred", "rate_limit", "120"),
    ("fred", "cache_dir", "\"data/context/fred\""),
];

#[test]
fn every_domain_has_its_defaults() {
    let values = explain(&[]);
    let domains: Vec<&str> = values
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(domains.len(), 18, "{domains:?}");
    for (domain, field, expected) in DEFAULTS {
        let value = &values[domain][field];
        let expected: Value = serde_json::from_str(expected).unwrap();
        assert_eq!(value["value"], expected, "{domain}.{field}");
        assert_eq!(value["source"], "default", "{domain}.{field}");
    }
}

/// One accepted name: (variable set, value, domain, field, typed value, the
/// new name when the variable is an old one, whether the service itself
/// warns about it).
type NameCase = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
);

const NAMES: &[NameCase] = &[
    (
        "KTRDR_WORKER_ID",
        "w-1",
        "worker",
        "worker_id",
        "\"w-1\"",
        None,
        false,
    ),
    (
        "WORKER_ID",
        "w-2",
        "worker",
        "worker_id",
        "\"w-2\"",
        Some("KTRDR_WORKER_ID"),
        true,
    ),
    (
        "WORKER_HEALTH_CHECK_INTERVAL",
        "7",
        "worker",
        "health_check_interval",
        "7",
        Some("KTRDR_WORKER_HEALTH_CHECK_INTERVAL"),
        false,
    ),
    (
        "WORKER_REMOVAL_THRESHOLD",
        "9",
        "worker",
        "removal_threshold",
        "9",
        Some("KTRDR_WORKER_REMOVAL_THRESHOLD"),
        false,
    ),
    (
        "KTRDR_API_CLIENT_ENABLED",
        "no",
        "api_client",
        "enabled",
        "false",
        None,
        false,
    ),
    (
        "KTRDR_API_CLIENT_HEALTH_CHECK_INTERVAL",
        "2.5",
        "api_client",
        "health_check_interval",
        "2.5",
        None,
        false,
    ),
    (
        "AGENT_POLL_INTERVAL",
        "1.5",
        "agent",
        "poll_interval",
        "1.5",
        Some("KTRDR_AGENT_POLL_INTERVAL"),
        true,
    ),
    (
        "AGENT_MODEL",
        "m",
        "agent",
        "model",
        "\"m\"",
        Some("KTRDR_AGENT_MODEL"),
        true,
    ),
    (
        "AGENT_MAX_TOKENS",
        "10",
        "agent",
        "max_tokens",
        "10",
        Some("KTRDR_AGENT_MAX_TOKENS"),
        true,
    ),
    (
        "AGENT_TIMEOUT_SECONDS",
        "11",
        "agent",
        "timeout_seconds",
        "11",
        Some("KTRDR_AGENT_TIMEOUT_SECONDS"),
        true,
    ),
    (
        "AGENT_MAX_ITERATIONS",
        "12",
        "agent",
        "max_iterations",
        "12",
        Some("KTRDR_AGENT_MAX_ITERATIONS"),
        true,
    ),
    (
        "AGENT_MAX_INPUT_TOKENS",
        "13",
        "agent",
        "max_input_tokens",
        "13",
        Some("KTRDR_AGENT_MAX_INPUT_TOKENS"),
        true,
    ),
    (
        "AGENT_DAILY_BUDGET",
        "0",
        "agent",
        "daily_budget",
        "0.0",
        Some("KTRDR_AGENT_DAILY_BUDGET"),
        true,
    ),
    (
        "AGENT_BUDGET_DIR",
        "/b",
        "agent",
        "budget_dir",
        "\"/b\"",
        Some("KTRDR_AGENT_BUDGET_DIR"),
        true,
    ),
    (
        "AGENT_MAX_CONCURRENT_RESEARCHES",
        "2",
        "agent",
        "max_concurrent_researches",
        "2",
        Some("KTRDR_AGENT_MAX_CONCURRENT_RESEARCHES"),
        true,
    ),
    (
        "AGENT_CONCURRENCY_BUFFER",
        "0",
        "agent",
        "concurrency_buffer",
        "0",
        Some("KTRDR_AGENT_CONCURRENCY_BUFFER"),
        true,
    ),
    (
        "AGENT_TRAINING_START_DATE",
        "2024-01-01",
        "agent",
        "training_start_date",
        "\"2024-01-01\"",
        Some("KTRDR_AGENT_TRAINING_START_DATE"),
        true,
    ),
    (
        "AGENT_TRAINING_END_DATE",
        "2024-02-01",
        "agent",
        "training_end_date",
        "\"2024-02-01\"",
        Some("KTRDR_AGENT_TRAINING_END_DATE"),
        true,
    ),
    (
        "AGENT_BACKTEST_START_DATE",
        "x",
        "agent",
        "backtest_start_date",
        "\"x\"",
        Some("KTRDR_AGENT_BACKTEST_START_DATE"),
        true,
    ),
    (
        "AGENT_BACKTEST_END_DATE",
        "y",
        "agent",
        "backtest_end_date",
        "\"y\"",
        Some("KTRDR_AGENT_BACKTEST_END_DATE"),
        true,
    ),
    (
        "AGENT_ENABLED",
        "true",
        "agent_trigger",
        "enabled",
        "true",
        Some("KTRDR_AGENT_ENABLED"),
        false,
    ),
    (
        "AGENT_TRIGGER_INTERVAL_SECONDS",
        "60",
        "agent_trigger",
        "trigger_interval",
        "60",
        Some("KTRDR_AGENT_TRIGGER_INTERVAL"),
        false,
    ),
    (
        "KTRDR_GATE_MODE",
        "LIVE",
        "agent_gate",
        "mode",
        "\"live\"",
        None,
        false,
    ),
    (
        "DATA_DIR",
        "/d",
        "data",
        "data_dir",
        "\"/d\"",
        Some("KTRDR_DATA_DIR"),
        true,
    ),
    (
        "KTRDR_DATA_DIR",
        "/e",
        "data",
        "data_dir",
        "\"/e\"",
        None,
        false,
    ),
    (
        "MODELS_DIR",
        "/m",
        "data",
        "models_dir",
        "\"/m\"",
        Some("KTRDR_DATA_MODELS_DIR"),
        true,
    ),
    (
        "DATA_MAX_SEGMENT_SIZE",
        "100",
        "data",
        "max_segment_size",
        "100",
        Some("KTRDR_DATA_MAX_SEGMENT_SIZE"),
        true,
    ),
    (
        "DATA_PERIODIC_SAVE_MIN",
        "2",
        "data",
        "periodic_save_interval",
        "2.0",
        Some("KTRDR_DATA_PERIODIC_SAVE_INTERVAL"),
        true,
    ),
    (
        "FRED_API_KEY",
        "k",
        "fred",
        "api_key",
        "\"****\"",
        Some("KTRDR_FRED_API_KEY"),
        false,
    ),
    (
        "KTRDR_FRED_RATE_LIMIT",
        "60",
        "fred",
        "rate_limit",
        "60",
        None,
        false,
    ),
];

#[test]
fn every_accepted_name_sets_its_field_and_old_names_warn() {
    for (name, raw, domain, field, typed, new, service_warns) in NAMES {
        let vars = [(*name, *raw)];
        let values = explain(&vars);
        let value = &values[domain][field];
        let typed: Value = serde_json::from_str(typed).unwrap();
        assert_eq!(value["value"], typed, "{name}");
        assert_eq!(value["source"], format!("env:{name}"), "{name}");
        let (code, report) = validate(&vars);
        assert_eq!(code, 0, "{name}: {report}");
        let warning = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["code"] == "deprecated-name");
        match new {
            Some(new) => {
                let warning = warning.unwrap_or_else(|| panic!("{name}: no warning"));
                assert_eq!(warning["env"], *name);
                assert_eq!(warning["replacement"], *new);
                let silent = "The service itself accepts it without a warning.";
                let message = warning["message"].as_str().unwrap();
                assert_eq!(
                    message.contains(silent),
                    !service_warns,
                    "{name}: {message}"
                );
            }
            None => assert!(warning.is_none(), "{name}: {report}"),
        }
    }
}

#[test]
fn names_read_by_nothing_are_ignored() {
    // Explicit names replace the prefix rule in the service.
    for name in [
        "KTRDR_WORKER_WORKER_ID",
        "KTRDR_DATA_DATA_DIR",
        "KTRDR_AGENT_TRIGGER_INTERVAL_SECONDS",
        "JWT_SECRET",
    ] {
        let values = explain(&[(name, "7")]);
        let text = values.to_string();
        assert!(!text.contains(&format!("env:{name}")), "{name} was read");
    }
}

/// (variable, bad value, rule message).
const RULES: &[(&str, &str, &str)] = &[
    ("KTRDR_AGENT_MAX_TOKENS", "0", "must be greater than 0"),
    (
        "KTRDR_AGENT_DAILY_BUDGET",
        "-1",
        "must be at least 0 (0 disables the budget)",
    ),
    (
        "KTRDR_AGENT_TRIGGER_INTERVAL",
        "0",
        "must be greater than 0",
    ),
    (
        "KTRDR_GATE_MODE",
        "paper",
        "expected one of simulation, live (any case, nothing around it)",
    ),
    (
        "KTRDR_GATE_MAX_DAILY_TRADES",
        "-1",
        "must be at least 0 (0 = no limit)",
    ),
    ("KTRDR_DATA_MAX_SEGMENT_SIZE", "0", "must be greater than 0"),
    (
        "KTRDR_DATA_PERIODIC_SAVE_INTERVAL",
        "0",
        "must be greater than 0",
    ),
    ("KTRDR_FRED_RATE_LIMIT", "0", "must be greater than 0"),
];

#[test]
fn rules_of_the_new_domains() {
    for (name, bad, message) in RULES {
        let (code, report) = validate(&[(*name, *bad)]);
        assert_eq!(code, 1, "{name}");
        let errors = report["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{name}: {report}");
        assert_eq!(errors[0]["env"], *name);
        let text = errors[0]["message"].as_str().unwrap();
        assert!(text.starts_with(message), "{name}: {text}");
    }
}

/// A gate case: (component, environment, exit code, (code, variable) of
/// each error, in order, then of each policy warning).
type GateCase = (
    &'static str,
    &'static [(&'static str, &'static str)],
    i32,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str)],
);

const GATE: &[GateCase] = &[
    // The service checks the JWT secret for every component (oracle S28).
    (
        "worker",
        &[("KTRDR_ENV", "production"), ("KTRDR_DB_PASSWORD", "p")],
        1,
        &[("insecure-default", "KTRDR_AUTH_JWT_SECRET")],
        &[],
    ),
    (
        "worker",
        &[
            ("KTRDR_ENV", "production"),
            ("KTRDR_DB_PASSWORD", "p"),
            ("KTRDR_AUTH_JWT_SECRET", "j"),
        ],
        0,
        &[],
        &[],
    ),
    (
        "worker",
        &[],
        0,
        &[],
        &[
            ("insecure-default", "KTRDR_DB_PASSWORD"),
            ("insecure-default", "KTRDR_AUTH_JWT_SECRET"),
        ],
    ),
    // A worker reads auth for that check and fails on a bad auth value.
    (
        "worker",
        &[
            ("KTRDR_AUTH_TOKEN_EXPIRE_MINUTES", "0"),
            ("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true"),
        ],
        1,
        &[("rule", "KTRDR_AUTH_TOKEN_EXPIRE_MINUTES")],
        &[],
    ),
    // Blank secrets: a warning in development, an error in production.
    (
        "backend",
        &[("KTRDR_DB_PASSWORD", ""), ("KTRDR_AUTH_JWT_SECRET", "j")],
        0,
        &[],
        &[("blank-secret", "KTRDR_DB_PASSWORD")],
    ),
    (
        "backend",
        &[
            ("KTRDR_ENV", "production"),
            ("KTRDR_DB_PASSWORD", ""),
            ("KTRDR_AUTH_JWT_SECRET", "j"),
        ],
        1,
        &[("blank-secret", "KTRDR_DB_PASSWORD")],
        &[],
    ),
    // FRED's key defaults to empty ("not configured"): empty is not blank.
    (
        "all",
        &[
            ("KTRDR_FRED_API_KEY", ""),
            ("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true"),
        ],
        0,
        &[],
        &[],
    ),
];

#[test]
fn gate_rules_table() {
    for (component, vars, exit, errors, warnings) in GATE {
        let r = run(
            &["validate", "--component", component, "--format", "json"],
            vars,
        );
        assert_eq!(r.code, *exit, "{component} {vars:?}: {}", r.stdout);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        let pairs = |key: &str| -> Vec<(String, String)> {
            report[key]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["code"] != "deprecated-name")
                .map(|e| {
                    (
                        e["code"].as_str().unwrap().to_string(),
                        e["env"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        let own = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(c, e)| (c.to_string(), e.to_string()))
                .collect()
        };
        assert_eq!(pairs("errors"), own(errors), "{component} {vars:?}");
        assert_eq!(pairs("warnings"), own(warnings), "{component} {vars:?}");
    }
}
