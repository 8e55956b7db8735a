//! Gate tests: error collection, insecure-default policy, masking.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;
use crate::source::env::EnvFile;

fn env(vars: &[(&str, &str)]) -> Sources {
    Sources::from_env_and_file(vars.iter().copied(), &EnvFile::None).unwrap()
}

#[test]
fn development_defaults_warn_by_name() {
    let report = validate_all(Component::Backend, &env(&[])).unwrap();
    let names: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.code == "insecure-default")
        .map(|w| w.env.as_str())
        .collect();
    assert_eq!(names, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
    // The service checks the JWT secret for every component, workers too.
    let worker = validate_all(Component::Worker, &env(&[])).unwrap();
    let names: Vec<_> = worker.warnings.iter().map(|w| w.env.as_str()).collect();
    assert_eq!(names, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
    assert!(
        worker.value("auth", "jwt_secret").is_none(),
        "not a worker domain"
    );
    // ... and fails on an auth value it cannot read, as the service does.
    let err = validate_all(
        Component::Worker,
        &env(&[("KTRDR_AUTH_TOKEN_EXPIRE_MINUTES", "0"), (ACK_VAR, "true")]),
    )
    .unwrap_err();
    assert_eq!(err.errors[0].env, "KTRDR_AUTH_TOKEN_EXPIRE_MINUTES");
    let text = format!("{:?}", report.warnings);
    assert!(!text.contains("localdev") && !text.contains("insecure-dev-secret"));
}

#[test]
fn acknowledged_defaults_are_silent() {
    let report = validate_all(Component::All, &env(&[(ACK_VAR, "true")])).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn production_makes_insecure_defaults_errors_even_acknowledged() {
    let err = validate_all(
        Component::Backend,
        &env(&[(ENV_VAR, "production"), (ACK_VAR, "true")]),
    )
    .unwrap_err();
    let names: Vec<_> = err.errors.iter().map(|e| e.env.as_str()).collect();
    assert_eq!(names, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
    assert!(err.errors.iter().all(|e| e.code == "insecure-default"));
    let text = err.to_string();
    assert!(
        !text.contains("localdev") && !text.contains("insecure-dev-secret"),
        "{text}"
    );
}

#[test]
fn explicitly_setting_the_insecure_value_is_still_insecure() {
    let err = validate_all(
        Component::Worker,
        &env(&[(ENV_VAR, "Production"), ("KTRDR_DB_PASSWORD", "localdev")]),
    )
    .unwrap_err();
    assert_eq!(err.errors[0].source.to_string(), "env:KTRDR_DB_PASSWORD");
}

#[test]
fn production_with_real_secrets_passes() {
    let ok = validate_all(
        Component::All,
        &env(&[
            (ENV_VAR, "production"),
            ("KTRDR_DB_PASSWORD", "canary-pw"),
            ("KTRDR_AUTH_JWT_SECRET", "canary-jwt"),
        ]),
    )
    .unwrap();
    assert!(ok.warnings.is_empty());
}

#[test]
fn acknowledgement_counts_only_as_true_and_is_never_an_error() {
    // validation.py:257-259: lower-cased, untrimmed, compared with `true`.
    for (value, silenced) in [
        ("true", true),
        ("TRUE", true),
        ("True", true),
        ("sure", false),
        ("1", false),
        ("yes", false),
        (" true", false),
        ("true ", false),
    ] {
        let report = validate_all(Component::Worker, &env(&[(ACK_VAR, value)])).unwrap();
        let warned = report.warnings.iter().any(|w| w.code == "insecure-default");
        assert_eq!(warned, !silenced, "{value:?}");
    }
}

#[test]
fn environment_is_production_only_untrimmed_from_the_process_env() {
    for (value, production) in [
        ("production", true),
        ("PRODUCTION", true),
        ("Production", true),
        (" production", false),
        ("production ", false),
        ("prod", false),
        ("", false),
    ] {
        let failed = validate_all(Component::Worker, &env(&[(ENV_VAR, value)])).is_err();
        assert_eq!(failed, production, "{value:?}");
    }
    // Another case of the name is not read, and says so.
    let report = validate_all(Component::Worker, &env(&[("ktrdr_env", "production")])).unwrap();
    assert!(report
        .warnings
        .iter()
        .any(|w| w.code == SWITCH_IGNORED && w.env == "ktrdr_env"));
}

#[test]
fn report_has_header_field_lines_and_docs_pointer() {
    let err = validate_all(
        Component::Worker,
        &env(&[
            ("KTRDR_WORKER_PORT", "70000"),
            ("KTRDR_OPS_CACHE_TTL", "-1"),
        ]),
    )
    .unwrap_err();
    let text = err.to_string();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(
        lines[0],
        "CONFIGURATION ERROR: 2 configuration errors for component 'worker'"
    );
    assert_eq!(
        lines[1],
        "  worker.port: must be between 1 and 65535, got '70000' (KTRDR_WORKER_PORT from env:KTRDR_WORKER_PORT)"
    );
    assert!(lines[2].starts_with("  operations.cache_ttl: must be at least 0"));
    assert!(text.contains(DOCS));
    assert_eq!(err.code, "invalid-configuration");
}

/// Captures log records whose text mentions `ONCE_TEST_`.
struct Capture(std::sync::Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let text = record.args().to_string();
        if text.contains("ONCE_TEST_") {
            self.0.lock().unwrap().push(text);
        }
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture(std::sync::Mutex::new(Vec::new()));

#[test]
fn warnings_are_logged_once_per_process_and_still_returned() {
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Warn);
    let mut registry_free = Warning {
        code: "deprecated-name",
        env: "ONCE_TEST_A".into(),
        replacement: Some("ONCE_TEST_B".into()),
        source: Provenance::env("ONCE_TEST_A"),
        message: "ONCE_TEST_A is deprecated".into(),
    };
    emit_warnings(std::slice::from_ref(&registry_free));
    emit_warnings(std::slice::from_ref(&registry_free));
    registry_free.source = Provenance::file(".env.local", 2);
    emit_warnings(&[registry_free]);
    let logged = CAPTURE.0.lock().unwrap().clone();
    assert_eq!(logged.len(), 2, "{logged:?}");
    // validate_all returns its warnings on every call, logged or not.
    let vars = [("WORKER_PORT", "5010"), (ACK_VAR, "true")];
    for _ in 0..2 {
        let report = validate_all(Component::Worker, &env(&vars)).unwrap();
        assert_eq!(report.warnings.len(), 1);
    }
}

#[test]
fn policy_variables_that_are_not_utf8_are_warnings() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    for name in [ENV_VAR, ACK_VAR] {
        let vars = [(OsString::from(name), OsString::from_vec(vec![0xff]))];
        let sources = Sources::from_env_os_and_file(vars, &EnvFile::None).unwrap();
        // The service lower-cases the bytes and compares: never equal, so
        // development and not acknowledged.
        let report = validate_all(Component::Worker, &sources).unwrap();
        assert!(report
            .warnings
            .iter()
            .any(|w| w.code == SWITCH_IGNORED && w.env == name));
    }
}

#[test]
fn blank_secrets_warn_in_development_and_fail_in_production() {
    let blank = [("KTRDR_DB_PASSWORD", ""), ("KTRDR_AUTH_JWT_SECRET", " ")];
    let report = validate_all(Component::Backend, &env(&blank)).unwrap();
    let codes: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.code == "blank-secret")
        .map(|w| w.env.as_str())
        .collect();
    assert_eq!(codes, vec!["KTRDR_DB_PASSWORD", "KTRDR_AUTH_JWT_SECRET"]);
    let mut prod = blank.to_vec();
    prod.push((ENV_VAR, "production"));
    let err = validate_all(Component::Backend, &env(&prod)).unwrap_err();
    let codes: Vec<_> = err
        .errors
        .iter()
        .map(|e| (e.code, e.env.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("blank-secret", "KTRDR_DB_PASSWORD"),
            ("blank-secret", "KTRDR_AUTH_JWT_SECRET")
        ]
    );
    // A secret whose default is empty (FRED's key: "not configured") is not
    // flagged when set empty.
    let fred = validate_all(
        Component::All,
        &env(&[("KTRDR_FRED_API_KEY", ""), (ACK_VAR, "true")]),
    )
    .unwrap();
    assert!(
        fred.warnings.iter().all(|w| w.code != "blank-secret"),
        "{:?}",
        fred.warnings
    );
}
