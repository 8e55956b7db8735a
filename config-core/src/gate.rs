//! The startup gate: `validate_all(component)` checks every domain of a
//! component, then the insecure-default policy, and fails with one
//! [`ConfigurationError`] listing every problem.
//!
//! Insecure defaults (`KTRDR_DB_PASSWORD` still `localdev`; for the backend
//! also `KTRDR_AUTH_JWT_SECRET` still `insecure-dev-secret`) are a hard
//! error when `KTRDR_ENV=production`, otherwise a warning that
//! `KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS=true` silences. Only names are
//! reported, never values.
//!
//! ```
//! use config_core::gate::validate_all;
//! use config_core::settings::Component;
//! use config_core::source::env::{EnvFile, Sources};
//! let sources = Sources::from_env_and_file(
//!     [("KTRDR_WORKER_PORT", "0"), ("KTRDR_OPS_CACHE_TTL", "-1")],
//!     &EnvFile::None,
//! ).unwrap();
//! let err = validate_all(Component::Worker, &sources).unwrap_err();
//! assert_eq!(err.errors.len(), 2);
//! assert!(err.to_string().starts_with("CONFIGURATION ERROR"));
//! ```

use crate::provenance::Provenance;
use crate::settings::parse::parse_bool;
use crate::settings::{load, Component, Report, SettingError, Warning};
use crate::source::env::{RawValue, SourceError, Sources};
use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// Where the reference of every variable, default and rule lives.
pub const DOCS: &str = "docs/SETTINGS.md";

/// The variable that turns insecure defaults into errors when `production`.
pub const ENV_VAR: &str = "KTRDR_ENV";

/// The variable that silences the insecure-default warning outside production.
pub const ACK_VAR: &str = "KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS";

/// Every problem that stops a service from starting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ConfigurationError {
    /// Stable code: `invalid-configuration` or `env-file-unreadable`.
    pub code: &'static str,
    /// One sentence: how many errors, for which component.
    pub message: String,
    /// Every error, in domain and field order.
    pub errors: Vec<SettingError>,
    /// How to fix it, with a pointer to the docs.
    pub suggestion: String,
    /// The warnings found on the way (deprecated names and the like).
    pub warnings: Vec<Warning>,
}

impl ConfigurationError {
    /// An error listing `errors` for `component`.
    pub fn new(component: Component, errors: Vec<SettingError>, warnings: Vec<Warning>) -> Self {
        let count = errors.len();
        Self {
            code: "invalid-configuration",
            message: format!(
                "{count} configuration error{} for component '{component}'",
                if count == 1 { "" } else { "s" }
            ),
            errors,
            suggestion: format!(
                "set valid values for the variables above (in the environment or .env.local); \
                 every variable, default and rule is listed in {DOCS}"
            ),
            warnings,
        }
    }
}

impl From<SourceError> for ConfigurationError {
    fn from(error: SourceError) -> Self {
        Self {
            code: "env-file-unreadable",
            message: error.to_string(),
            errors: Vec::new(),
            suggestion: format!("fix or remove the env file; see {DOCS}"),
            warnings: Vec::new(),
        }
    }
}

/// One `field: message` line of the human report, naming the variable read
/// and its source.
pub fn error_line(error: &SettingError) -> String {
    if error.field.is_empty() {
        format!("{}: {}", error.source, error.message)
    } else if error.replacement.is_some() {
        // The message already names the deprecated and the new name.
        format!(
            "{}.{}: {} ({})",
            error.domain, error.field, error.message, error.source
        )
    } else {
        format!(
            "{}.{}: {} ({} from {})",
            error.domain, error.field, error.message, error.env, error.source
        )
    }
}

/// The human report: a `CONFIGURATION ERROR` header, one `field: message`
/// line per error, the fix and the docs pointer.
impl fmt::Display for ConfigurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "CONFIGURATION ERROR: {}", self.message)?;
        for error in &self.errors {
            writeln!(f, "  {}", error_line(error))?;
        }
        write!(f, "Fix: {}", self.suggestion)
    }
}

/// Loads `component` and applies the insecure-default policy. Never fails:
/// the report carries every error and warning (the CLI renders it).
pub fn check(component: Component, sources: &Sources) -> Report {
    let mut report = load(component, sources);
    apply_insecure_defaults(sources, &mut report);
    report
}

/// The startup gate: every error of every domain of `component`, or the
/// typed settings. Warnings are returned either way and also emitted once
/// per process through the `log` facade (target `config_core::settings`).
pub fn validate_all(component: Component, sources: &Sources) -> Result<Report, ConfigurationError> {
    let report = check(component, sources);
    emit_warnings(&report.warnings);
    if report.is_ok() {
        Ok(report)
    } else {
        Err(ConfigurationError::new(
            component,
            report.errors,
            report.warnings,
        ))
    }
}

/// Logs each warning at `warn` level, each distinct warning once per process.
pub fn emit_warnings(warnings: &[Warning]) {
    static EMITTED: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let mut emitted = EMITTED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    for warning in warnings {
        let key = format!("{}|{}|{}", warning.code, warning.env, warning.source);
        if emitted.insert(key) {
            log::warn!(target: "config_core::settings", "{} (source: {})", warning.message, warning.source);
        }
    }
}

fn apply_insecure_defaults(sources: &Sources, report: &mut Report) {
    // The policy variables are read like settings: bytes that are not UTF-8
    // are an error, not "unset".
    for (name, field) in [(ENV_VAR, "env"), (ACK_VAR, "acknowledge_insecure_defaults")] {
        if let Some(raw) = sources.get(name).filter(|raw| raw.not_utf8) {
            report
                .errors
                .push(crate::settings::not_utf8_error("gate", field, raw, None));
        }
    }
    let production = sources
        .get(ENV_VAR)
        .and_then(RawValue::text)
        .is_some_and(|text| text.trim().eq_ignore_ascii_case("production"));
    let acknowledged = match sources.get(ACK_VAR).filter(|raw| !raw.not_utf8) {
        None => false,
        Some(raw) => match parse_bool(&raw.value) {
            Ok(value) => value,
            Err(expected) => {
                report.errors.push(SettingError {
                    code: "parse",
                    domain: "gate",
                    field: "acknowledge_insecure_defaults".into(),
                    env: raw.name.clone(),
                    replacement: None,
                    source: raw.provenance.clone(),
                    message: format!(
                        "{expected}, got '{}'",
                        crate::settings::report::shown_value(&raw.value)
                    ),
                });
                false
            }
        },
    };
    let insecure: Vec<(&'static str, String, String, Provenance)> = report
        .values
        .iter()
        .flat_map(|d| d.fields.iter().map(move |f| (d.domain, f)))
        .filter(|(_, f)| f.at_insecure_default)
        .map(|(domain, f)| (domain, f.field.clone(), f.env.clone(), f.source.clone()))
        .collect();
    for (domain, field, env, source) in insecure {
        if production {
            report.errors.push(SettingError {
                code: "insecure-default",
                domain,
                field,
                message: format!(
                    "'{env}' is still the insecure development default; \
                     {ENV_VAR}=production requires a real value"
                ),
                env,
                replacement: None,
                source,
            });
        } else if !acknowledged {
            report.warnings.push(Warning {
                code: "insecure-default",
                message: format!(
                    "'{env}' is still the insecure development default. Set a real value \
                     before production, or set {ACK_VAR}=true to silence this warning."
                ),
                env,
                replacement: None,
                source,
            });
        }
    }
}

#[cfg(test)]
mod tests;
