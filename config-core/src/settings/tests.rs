//! Loader tests: defaults, names, precedence, parsing, rules, registry.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use crate::provenance::Provenance;
use crate::source::env::{EnvFile, Layer, Sources};
use std::collections::BTreeSet;

fn env(vars: &[(&str, &str)]) -> Sources {
    Sources::from_env_and_file(vars.iter().copied(), &EnvFile::None).unwrap()
}

fn file_and_env(file: &str, vars: &[(&str, &str)]) -> Sources {
    let mut s = Sources::new();
    s.push(Layer::from_dotenv_text(".env.local", file).0);
    s.push(Layer::from_env(vars.iter().copied()));
    s
}

/// Every deprecated name SETTINGS.md lists (by hand, from the document).
const EXPECTED_DEPRECATED: &[(&str, &str)] = &[
    ("WORKER_ID", "KTRDR_WORKER_ID"),
    ("WORKER_PORT", "KTRDR_WORKER_PORT"),
    ("WORKER_ENDPOINT_URL", "KTRDR_WORKER_ENDPOINT_URL"),
    ("WORKER_PUBLIC_BASE_URL", "KTRDR_WORKER_PUBLIC_BASE_URL"),
    (
        "WORKER_HEALTH_CHECK_INTERVAL",
        "KTRDR_WORKER_HEALTH_CHECK_INTERVAL",
    ),
    (
        "WORKER_HEALTH_CHECK_TIMEOUT",
        "KTRDR_WORKER_HEALTH_CHECK_TIMEOUT",
    ),
    (
        "WORKER_HEALTH_CHECK_FAILURES",
        "KTRDR_WORKER_HEALTH_CHECK_FAILURES",
    ),
    ("WORKER_REMOVAL_THRESHOLD", "KTRDR_WORKER_REMOVAL_THRESHOLD"),
    (
        "CHECKPOINT_EPOCH_INTERVAL",
        "KTRDR_CHECKPOINT_EPOCH_INTERVAL",
    ),
    (
        "CHECKPOINT_TIME_INTERVAL_SECONDS",
        "KTRDR_CHECKPOINT_TIME_INTERVAL_SECONDS",
    ),
    ("CHECKPOINT_DIR", "KTRDR_CHECKPOINT_DIR"),
    ("CHECKPOINT_MAX_AGE_DAYS", "KTRDR_CHECKPOINT_MAX_AGE_DAYS"),
    ("ORPHAN_TIMEOUT_SECONDS", "KTRDR_ORPHAN_TIMEOUT_SECONDS"),
    (
        "ORPHAN_CHECK_INTERVAL_SECONDS",
        "KTRDR_ORPHAN_CHECK_INTERVAL_SECONDS",
    ),
    ("OPERATIONS_CACHE_TTL", "KTRDR_OPS_CACHE_TTL"),
    ("DB_HOST", "KTRDR_DB_HOST"),
    ("DB_PORT", "KTRDR_DB_PORT"),
    ("DB_NAME", "KTRDR_DB_NAME"),
    ("DB_USER", "KTRDR_DB_USER"),
    ("DB_PASSWORD", "KTRDR_DB_PASSWORD"),
    ("DB_ECHO", "KTRDR_DB_ECHO"),
    ("OTLP_ENDPOINT", "KTRDR_OTEL_OTLP_ENDPOINT"),
    ("KTRDR_API_URL", "KTRDR_API_CLIENT_BASE_URL"),
    ("IB_HOST", "KTRDR_IB_HOST"),
    ("IB_PORT", "KTRDR_IB_PORT"),
    ("IB_CLIENT_ID", "KTRDR_IB_CLIENT_ID"),
    ("IB_TIMEOUT", "KTRDR_IB_TIMEOUT"),
    ("IB_READONLY", "KTRDR_IB_READONLY"),
    ("IB_RATE_LIMIT", "KTRDR_IB_RATE_LIMIT"),
    ("IB_RATE_PERIOD", "KTRDR_IB_RATE_PERIOD"),
    ("IB_MAX_RETRIES", "KTRDR_IB_MAX_RETRIES"),
    ("IB_RETRY_DELAY", "KTRDR_IB_RETRY_BASE_DELAY"),
    ("IB_RETRY_MAX_DELAY", "KTRDR_IB_RETRY_MAX_DELAY"),
    ("IB_PACING_DELAY", "KTRDR_IB_PACING_DELAY"),
    ("IB_MAX_REQUESTS_10MIN", "KTRDR_IB_MAX_REQUESTS_PER_10MIN"),
    ("USE_IB_HOST_SERVICE", "KTRDR_IB_HOST_ENABLED"),
    ("USE_TRAINING_HOST_SERVICE", "KTRDR_TRAINING_HOST_ENABLED"),
    ("AGENT_POLL_INTERVAL", "KTRDR_AGENT_POLL_INTERVAL"),
    ("AGENT_MODEL", "KTRDR_AGENT_MODEL"),
    ("AGENT_MAX_TOKENS", "KTRDR_AGENT_MAX_TOKENS"),
    ("AGENT_TIMEOUT_SECONDS", "KTRDR_AGENT_TIMEOUT_SECONDS"),
    ("AGENT_MAX_ITERATIONS", "KTRDR_AGENT_MAX_ITERATIONS"),
    ("AGENT_MAX_INPUT_TOKENS", "KTRDR_AGENT_MAX_INPUT_TOKENS"),
    ("AGENT_DAILY_BUDGET", "KTRDR_AGENT_DAILY_BUDGET"),
    ("AGENT_BUDGET_DIR", "KTRDR_AGENT_BUDGET_DIR"),
    (
        "AGENT_MAX_CONCURRENT_RESEARCHES",
        "KTRDR_AGENT_MAX_CONCURRENT_RESEARCHES",
    ),
    ("AGENT_CONCURRENCY_BUFFER", "KTRDR_AGENT_CONCURRENCY_BUFFER"),
    (
        "AGENT_TRAINING_START_DATE",
        "KTRDR_AGENT_TRAINING_START_DATE",
    ),
    ("AGENT_TRAINING_END_DATE", "KTRDR_AGENT_TRAINING_END_DATE"),
    (
        "AGENT_BACKTEST_START_DATE",
        "KTRDR_AGENT_BACKTEST_START_DATE",
    ),
    ("AGENT_BACKTEST_END_DATE", "KTRDR_AGENT_BACKTEST_END_DATE"),
    ("AGENT_ENABLED", "KTRDR_AGENT_ENABLED"),
    (
        "AGENT_TRIGGER_INTERVAL_SECONDS",
        "KTRDR_AGENT_TRIGGER_INTERVAL",
    ),
    ("DATA_DIR", "KTRDR_DATA_DIR"),
    ("MODELS_DIR", "KTRDR_DATA_MODELS_DIR"),
    ("DATA_MAX_SEGMENT_SIZE", "KTRDR_DATA_MAX_SEGMENT_SIZE"),
    (
        "DATA_PERIODIC_SAVE_MIN",
        "KTRDR_DATA_PERIODIC_SAVE_INTERVAL",
    ),
    ("FRED_API_KEY", "KTRDR_FRED_API_KEY"),
];

fn every_env_name() -> BTreeSet<String> {
    catalogue()
        .into_iter()
        .flat_map(|(_, prefix, fields)| fields.iter().map(move |f| f.env_name(prefix)))
        .collect()
}

#[test]
fn registry_has_every_deprecated_name_from_settings_md() {
    let registry = crate::deprecation::registry();
    for (old, new) in EXPECTED_DEPRECATED {
        let rename = registry
            .by_old(old)
            .unwrap_or_else(|| panic!("deprecations.toml misses {old}"));
        assert_eq!(rename.new, *new, "{old}");
    }
    assert_eq!(registry.renames().len(), EXPECTED_DEPRECATED.len());
}

#[test]
fn every_registry_entry_is_read_by_some_field() {
    let names = every_env_name();
    for rename in crate::deprecation::registry().renames() {
        assert!(
            names.contains(&rename.new),
            "{} -> {}: no settings field reads {}",
            rename.old,
            rename.new,
            rename.new
        );
    }
}

#[test]
fn every_deprecated_name_is_accepted_with_a_warning() {
    for (old, new) in EXPECTED_DEPRECATED {
        // A value that parses for every kind involved is not available, so
        // only check that the old name is resolved and warned about.
        let report = load_every(&env(&[(old, "1")]));
        let w = report
            .warnings
            .iter()
            .find(|w| w.env == *old)
            .unwrap_or_else(|| panic!("no warning for {old}"));
        assert_eq!(w.replacement.as_deref(), Some(*new));
        let used = report
            .values
            .iter()
            .flat_map(|d| &d.fields)
            .any(|f| f.env == *old);
        assert!(used, "{old} was not read");
    }
}

#[test]
fn every_domain_loads_from_defaults() {
    let report = load_every(&env(&[]));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.values.len(), ALL_DOMAINS.len());
    let s = &report.settings;
    let worker = s.get::<crate::settings::worker::WorkerSettings>().unwrap();
    assert_eq!((worker.port, worker.worker_id.as_deref()), (5003, None));
    assert_eq!(
        s.get::<crate::settings::checkpoint::CheckpointSettings>()
            .unwrap()
            .dir,
        "/app/data/checkpoints"
    );
    assert_eq!(
        s.get::<crate::settings::orphan_detector::OrphanDetectorSettings>()
            .unwrap()
            .timeout_seconds,
        60
    );
    assert_eq!(
        s.get::<crate::settings::operations::OperationsSettings>()
            .unwrap()
            .cache_ttl,
        1.0
    );
    assert_eq!(
        s.get::<crate::settings::database::DatabaseSettings>()
            .unwrap()
            .password
            .expose(),
        "localdev"
    );
    assert_eq!(
        s.get::<crate::settings::logging::LoggingSettings>()
            .unwrap()
            .level,
        "INFO"
    );
    assert!(
        s.get::<crate::settings::observability::ObservabilitySettings>()
            .unwrap()
            .enabled
    );
    assert_eq!(
        s.get::<crate::settings::api_client::ApiClientSettings>()
            .unwrap()
            .base_url,
        "http://localhost:8000/api/v1"
    );
    let api = s.get::<crate::settings::api::ApiSettings>().unwrap();
    assert_eq!(api.cors_origins, vec!["*".to_string()]);
    assert_eq!(api.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(api.environment, "development");
    assert_eq!(
        s.get::<crate::settings::auth::AuthSettings>()
            .unwrap()
            .jwt_secret
            .expose(),
        "insecure-dev-secret"
    );
    let ib = s.get::<crate::settings::ib::IbSettings>().unwrap();
    assert!(ib.is_paper() && !ib.is_live());
    assert_eq!(
        s.get::<crate::settings::ib_host::IbHostSettings>()
            .unwrap()
            .base_url(),
        "http://localhost:5001"
    );
    assert_eq!(
        s.get::<crate::settings::training_host::TrainingHostSettings>()
            .unwrap()
            .base_url(),
        "http://localhost:5002"
    );
    for d in &report.values {
        assert!(d.fields.iter().all(|f| f.source == Provenance::Default));
    }
}

#[test]
fn components_load_their_domains_only() {
    let worker = load(Component::Worker, &env(&[]));
    assert!(
        worker
            .settings
            .contains::<crate::settings::worker::WorkerSettings>()
            && !worker
                .settings
                .contains::<crate::settings::ib::IbSettings>()
    );
    let backend = load(Component::Backend, &env(&[]));
    assert!(
        backend
            .settings
            .contains::<crate::settings::ib::IbSettings>()
            && !backend
                .settings
                .contains::<crate::settings::worker::WorkerSettings>()
    );
}

#[test]
fn deprecated_name_is_used_and_warned() {
    let report = load(Component::Worker, &env(&[("WORKER_PORT", "5010")]));
    assert_eq!(
        report
            .settings
            .get::<crate::settings::worker::WorkerSettings>()
            .unwrap()
            .port,
        5010
    );
    let w = &report.warnings[0];
    assert_eq!(w.code, "deprecated-name");
    assert_eq!(
        w.message,
        "Environment variable 'WORKER_PORT' is deprecated. Use 'KTRDR_WORKER_PORT' instead."
    );
    assert_eq!(w.source.to_string(), "env:WORKER_PORT");
    let v = report.value("worker", "port").unwrap();
    assert_eq!(v.env, "WORKER_PORT");
}

#[test]
fn new_name_beats_old_in_one_source_and_conflict_is_warned() {
    let report = load(
        Component::Worker,
        &env(&[("WORKER_PORT", "5010"), ("KTRDR_WORKER_PORT", "5020")]),
    );
    assert_eq!(
        report
            .settings
            .get::<crate::settings::worker::WorkerSettings>()
            .unwrap()
            .port,
        5020
    );
    let codes: Vec<_> = report.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, vec!["deprecated-name", "conflicting-names"]);
    assert!(report.warnings[1]
        .message
        .contains("'KTRDR_WORKER_PORT' from env:KTRDR_WORKER_PORT wins"));
}

#[test]
fn same_value_under_both_names_is_no_conflict() {
    let report = load(
        Component::Worker,
        &env(&[("WORKER_PORT", "5010"), ("KTRDR_WORKER_PORT", "5010")]),
    );
    let codes: Vec<_> = report.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, vec!["deprecated-name"]);
}

#[test]
fn process_env_beats_file_under_either_name() {
    let s = file_and_env("KTRDR_WORKER_PORT=6001\n", &[("WORKER_PORT", "6002")]);
    let report = load(Component::Worker, &s);
    assert_eq!(
        report
            .settings
            .get::<crate::settings::worker::WorkerSettings>()
            .unwrap()
            .port,
        6002
    );
    let s = file_and_env("WORKER_PORT=6001\n", &[("KTRDR_WORKER_PORT", "6003")]);
    let report = load(Component::Worker, &s);
    assert_eq!(
        report
            .settings
            .get::<crate::settings::worker::WorkerSettings>()
            .unwrap()
            .port,
        6003
    );
    // The shadowed deprecated name in the file is still reported.
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == "deprecated-name" && w.source.to_string() == "file:.env.local:1"));
}

#[test]
fn file_values_carry_their_line() {
    let s = file_and_env("# comment\n\nKTRDR_DB_HOST=db\n", &[]);
    let report = load(Component::Worker, &s);
    let v = report.value("database", "host").unwrap();
    assert_eq!(v.source.to_string(), "file:.env.local:3");
    assert_eq!(v.value, serde_json::json!("db"));
}

#[test]
fn invalid_new_name_is_an_error_even_with_a_valid_old_one() {
    let report = load(
        Component::Worker,
        &env(&[("KTRDR_WORKER_PORT", "abc"), ("WORKER_PORT", "5010")]),
    );
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].env, "KTRDR_WORKER_PORT");
    assert!(!report
        .settings
        .contains::<crate::settings::worker::WorkerSettings>());
}

#[test]
fn port_parse_and_range_errors() {
    for (value, code) in [
        ("abc", "parse"),
        ("", "parse"),
        ("5010.5", "parse"),
        ("0", "rule"),
        ("70000", "rule"),
    ] {
        let report = load(Component::Worker, &env(&[("KTRDR_WORKER_PORT", value)]));
        assert_eq!(report.errors.len(), 1, "{value:?}");
        let e = &report.errors[0];
        assert_eq!(
            (e.code, e.domain, e.field.as_str()),
            (code, "worker", "port")
        );
        assert!(
            e.message.contains(&format!("got '{value}'")),
            "{}",
            e.message
        );
    }
    let ok = load(Component::Worker, &env(&[("KTRDR_WORKER_PORT", " 5010 ")]));
    assert_eq!(
        ok.settings
            .get::<crate::settings::worker::WorkerSettings>()
            .cloned()
            .unwrap()
            .port,
        5010
    );
}

#[test]
fn deprecated_name_errors_name_both() {
    let report = load(Component::Worker, &env(&[("WORKER_PORT", "0")]));
    let e = &report.errors[0];
    assert_eq!(e.env, "WORKER_PORT");
    assert!(e.message.contains("KTRDR_WORKER_PORT"), "{}", e.message);
    assert_eq!(e.source.to_string(), "env:WORKER_PORT");
}

#[test]
fn cache_ttl_zero_ok_negative_rejected() {
    let ok = load(Component::Worker, &env(&[("KTRDR_OPS_CACHE_TTL", "0")]));
    assert!(ok.errors.is_empty());
    assert_eq!(
        ok.settings
            .get::<crate::settings::operations::OperationsSettings>()
            .unwrap()
            .cache_ttl,
        0.0
    );
    let bad = load(Component::Worker, &env(&[("KTRDR_OPS_CACHE_TTL", "-1")]));
    assert_eq!(bad.errors.len(), 1);
    assert_eq!(bad.errors[0].field, "cache_ttl");
}

#[test]
fn every_error_of_every_domain_is_collected() {
    let report = load(
        Component::Worker,
        &env(&[
            ("KTRDR_WORKER_PORT", "0"),
            ("KTRDR_WORKER_HEARTBEAT_INTERVAL", "x"),
            ("KTRDR_CHECKPOINT_MAX_AGE_DAYS", "-3"),
            ("KTRDR_DB_ECHO", "maybe"),
            ("KTRDR_LOG_LEVEL", "verbose"),
            // Not a worker domain (validation.py:93-99): not reported.
            ("KTRDR_API_CLIENT_TIMEOUT", "0"),
        ]),
    );
    let fields: Vec<_> = report
        .errors
        .iter()
        .map(|e| format!("{}.{}", e.domain, e.field))
        .collect();
    // The service's class order: Database, Logging, Observability, Worker,
    // Checkpoint, OrphanDetector, Operations.
    assert_eq!(
        fields,
        vec![
            "database.echo",
            "logging.level",
            "worker.port",
            "worker.heartbeat_interval",
            "checkpoint.max_age_days",
        ]
    );
}

#[test]
fn bool_spellings_and_empty_string() {
    for (raw, expected) in [("YES", true), ("off", false), ("T", true), ("0", false)] {
        let report = load(Component::Worker, &env(&[("KTRDR_DB_ECHO", raw)]));
        assert_eq!(
            report
                .settings
                .get::<crate::settings::database::DatabaseSettings>()
                .unwrap()
                .echo,
            expected,
            "{raw}"
        );
    }
    let report = load(Component::Worker, &env(&[("KTRDR_DB_ECHO", "")]));
    assert_eq!(report.errors.len(), 1);
}

#[test]
fn choices_are_normalised() {
    let report = load(
        Component::Backend,
        &env(&[
            ("KTRDR_LOG_LEVEL", "debug"),
            ("KTRDR_API_ENVIRONMENT", "Staging"),
        ]),
    );
    assert_eq!(
        report
            .settings
            .get::<crate::settings::logging::LoggingSettings>()
            .unwrap()
            .level,
        "DEBUG"
    );
    assert_eq!(
        report
            .settings
            .get::<crate::settings::api::ApiSettings>()
            .unwrap()
            .environment,
        "staging"
    );
}

#[test]
fn unknown_env_keys_are_ignored_unknown_file_keys_stop_the_database() {
    let s = file_and_env("", &[("KTRDR_NOPE", "x"), ("PATH", "/bin")]);
    let report = load(Component::All, &s);
    assert!(report.errors.is_empty() && report.warnings.is_empty());
    // DatabaseSettings forbids extras (settings.py:436): every gate fails;
    // empty values and the database's own names (any case) are exempt.
    let s = file_and_env(
        "KTRDR_WORKER_PROT=1\nEMPTY=\ndb_host=h\nKtrdr_Db_Port=5\n",
        &[],
    );
    for component in [Component::Worker, Component::Backend, Component::All] {
        let report = load(component, &s);
        let extras: Vec<_> = report
            .errors
            .iter()
            .map(|e| (e.code, e.env.as_str()))
            .collect();
        assert_eq!(extras, vec![("env-file-extra", "KTRDR_WORKER_PROT")]);
    }
    assert!(load(Component::Ungated, &s).errors.is_empty());
}

#[test]
fn secrets_are_masked_in_values_and_errors() {
    let report = load(
        Component::All,
        &env(&[
            ("KTRDR_DB_PASSWORD", "canary-s3cret"),
            ("DB_PASSWORD", "canary-old"),
        ]),
    );
    let text = format!(
        "{:?} {:?} {:?}",
        report.values, report.warnings, report.settings
    );
    assert!(!text.contains("canary"), "{text}");
    assert_eq!(
        report.value("database", "password").unwrap().value,
        serde_json::json!("****")
    );
}

#[test]
fn a_parse_error_does_not_hide_rule_errors_of_other_fields() {
    let report = load(
        Component::Worker,
        &env(&[
            ("KTRDR_WORKER_PORT", "x"),
            ("KTRDR_WORKER_REMOVAL_THRESHOLD", "0"),
        ]),
    );
    assert_eq!(report.errors.len(), 2);
}

#[test]
fn env_file_syntax_errors_are_warnings_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".env.local");
    std::fs::write(&path, "KTRDR_DB_PORT=5010\nnot a line\n").unwrap();
    let none: [(&str, &str); 0] = [];
    let s = Sources::from_env_and_file(none, &EnvFile::Optional(path.clone())).unwrap();
    let report = load(Component::Worker, &s);
    // python-dotenv skips the line with a logged warning; the service starts.
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.warnings[0].code, "env-file-syntax");
    assert_eq!(report.warnings[0].source, Provenance::file(path, 2));
}

#[test]
fn docs_list_every_variable_and_deprecated_name() {
    let docs = include_str!("../../../docs/SETTINGS.md");
    for name in every_env_name() {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/SETTINGS.md misses {name}"
        );
    }
    for rename in crate::deprecation::registry().renames() {
        assert!(
            docs.contains(&format!("`{}`", rename.old)),
            "docs/SETTINGS.md misses {}",
            rename.old
        );
    }
}

/// All 18 domains, as the settings getters build them.
fn load_every(sources: &Sources) -> Report {
    let every = <crate::settings::ktrdr::Every as crate::settings::ComponentSettings>::SPEC;
    crate::settings::ktrdr::KTRDR.load(&every, sources)
}

/// Hostile env values: defined behaviour (docs/SECURITY.md, "Env values").
mod env_values {
    use super::*;

    #[test]
    fn names_match_in_any_case_the_later_spelling_wins() {
        // pydantic-settings case_sensitive=False: both sides lower-cased.
        let r = load(
            Component::Worker,
            &env(&[("KTRDR_worker_port", "0"), ("ktrdr_worker_port", "5010")]),
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let port = r.value("worker", "port").unwrap();
        assert_eq!(port.source, Provenance::env("ktrdr_worker_port"));
        assert_eq!(port.value, serde_json::json!(5010));
        let r = load(Component::Worker, &env(&[("db_host", "h")]));
        assert_eq!(
            r.value("database", "host").unwrap().value,
            serde_json::json!("h")
        );
    }

    #[test]
    fn empty_value_is_set_not_absent() {
        // Empty is a value: a string field takes "", a typed field rejects it
        // (the default is NOT silently used).
        let r = load(
            Component::All,
            &env(&[("KTRDR_DB_HOST", ""), ("KTRDR_WORKER_PORT", "")]),
        );
        assert_eq!(r.value("database", "host").unwrap().value, "");
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].env, "KTRDR_WORKER_PORT");
        assert!(
            r.errors[0].message.contains("got ''"),
            "{}",
            r.errors[0].message
        );
    }

    #[test]
    fn control_characters_are_kept_in_values_and_escaped_in_messages() {
        let r = load(
            Component::All,
            &env(&[
                ("KTRDR_DB_HOST", "h\u{1}\t"),
                ("KTRDR_WORKER_PORT", "\u{1b}[31m5"),
            ]),
        );
        assert_eq!(r.value("database", "host").unwrap().value, "h\u{1}\t");
        let message = &r.errors[0].message;
        assert!(!message.contains('\u{1b}'), "{message}");
        assert!(message.contains("\\u{1b}[31m5"), "{message}");
    }

    #[test]
    fn a_one_mib_value_is_read_whole_and_echoed_short() {
        let big = "x".repeat(1 << 20);
        let digits = "9".repeat(1 << 20);
        let r = load(
            Component::All,
            &env(&[("KTRDR_DB_HOST", &big), ("KTRDR_WORKER_PORT", &digits)]),
        );
        assert_eq!(r.value("database", "host").unwrap().value, big.as_str());
        assert_eq!(r.errors.len(), 1);
        let message = &r.errors[0].message;
        assert!(message.len() < 300, "{} bytes", message.len());
        assert!(message.contains("(1048576 bytes)"), "{message}");
    }

    /// An injected environment holding `bad` as bytes that are not UTF-8.
    fn env_with_bytes(text: &[(&str, &str)], bad: &[&str]) -> Sources {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;
        let vars = text
            .iter()
            .map(|(k, v)| (OsString::from(k), OsString::from(v)))
            .chain(bad.iter().map(|k| {
                (
                    OsString::from(k),
                    OsString::from_vec(vec![b'9', 0xff, 0x1b]),
                )
            }));
        Sources::from_env_os_and_file(vars, &EnvFile::None).unwrap()
    }

    #[test]
    fn a_value_that_is_not_utf8_is_an_error_not_a_fallback() {
        // Alone: not the default port.
        let r = load(
            Component::Worker,
            &env_with_bytes(&[], &["KTRDR_WORKER_PORT"]),
        );
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        let e = &r.errors[0];
        assert_eq!(
            (e.code, e.domain, e.field.as_str()),
            ("not-utf8", "worker", "port")
        );
        assert_eq!(e.env, "KTRDR_WORKER_PORT");
        assert_eq!(e.source, Provenance::env("KTRDR_WORKER_PORT"));
        assert_eq!(
            e.message,
            "value is not valid UTF-8 text; fix: set 'KTRDR_WORKER_PORT' to UTF-8 text, or unset it"
        );
        assert!(!r
            .settings
            .contains::<crate::settings::worker::WorkerSettings>());
        let port = r.value("worker", "port").unwrap();
        assert!(!port.valid && port.value.is_null());
        assert_eq!(port.source, Provenance::env("KTRDR_WORKER_PORT"));

        // With a valid deprecated name set too: the deprecated one is not used.
        let r = load(
            Component::Worker,
            &env_with_bytes(&[("WORKER_PORT", "5010")], &["KTRDR_WORKER_PORT"]),
        );
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].env, "KTRDR_WORKER_PORT");
        assert!(!r
            .settings
            .contains::<crate::settings::worker::WorkerSettings>());
    }

    #[test]
    fn a_deprecated_or_shadowed_name_that_is_not_utf8_is_an_error_too() {
        let r = load(Component::Worker, &env_with_bytes(&[], &["WORKER_PORT"]));
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].env, "WORKER_PORT");
        assert!(
            r.errors[0]
                .message
                .contains("('WORKER_PORT' is deprecated; its new name is 'KTRDR_WORKER_PORT')"),
            "{}",
            r.errors[0].message
        );
        // The valid new name would win, but the broken old one is still reported.
        let r = load(
            Component::Worker,
            &env_with_bytes(&[("KTRDR_WORKER_PORT", "5010")], &["WORKER_PORT"]),
        );
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].source, Provenance::env("WORKER_PORT"));
        assert!(!r
            .settings
            .contains::<crate::settings::worker::WorkerSettings>());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_never_echoed_and_never_an_insecure_default() {
        let r = load(
            Component::All,
            &env_with_bytes(&[], &["KTRDR_DB_HOST", "KTRDR_DB_PASSWORD"]),
        );
        assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
        let shown = format!("{:?}{:?}", r.errors, r.values);
        assert!(
            !shown.contains('\u{fffd}') && !shown.contains("\\u{1b}"),
            "{shown}"
        );
        assert!(!r.value("database", "password").unwrap().at_insecure_default);
        // Names nobody reads may hold anything.
        let r = load(Component::Worker, &env_with_bytes(&[], &["UNRELATED"]));
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn a_one_mib_secret_is_never_echoed() {
        let big = "s".repeat(1 << 20);
        let r = load(Component::All, &env(&[("KTRDR_DB_PASSWORD", &big)]));
        assert!(r.errors.is_empty());
        let shown = serde_json::to_string(&r.values).unwrap();
        assert!(!shown.contains("sss"));
    }
}
