//! The startup gate: checks every domain of a component, then its
//! service's gate policy, and fails with one [`ConfigurationError`] listing
//! every problem. [`validate`] is the typed form (`validate::<Worker>()`
//! returns one struct with every domain); [`validate_all`] and [`check`]
//! take the built-in [`Component`] names the CLI uses.
//!
//! The insecure-defaults policy ([`crate::settings::InsecureDefaults`]):
//! a field still at a default declared `insecure` is an error when the
//! service's environment variable names production, otherwise a warning
//! its acknowledgement variable silences. For KTRDR: `KTRDR_DB_PASSWORD`
//! still `localdev` or `KTRDR_AUTH_JWT_SECRET` still `insecure-dev-secret`
//! (checked for every component, as the service does),
//! `KTRDR_ENV=production`, `KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS=true`. Only
//! names are reported, never values.
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
use crate::settings::{
    Component, ComponentSettings, ComponentSpec, DomainValues, InsecureDefaults, Report, Service,
    SettingError, Warning,
};
use crate::source::env::{fold_name, Sources};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

pub use crate::settings::ktrdr::{ACK_VAR, ENV_VAR};
pub use crate::settings::report::{error_line, ConfigurationError, DOCS};

/// Loads `component` and applies its service's gate policy. Never fails:
/// the report carries every error and warning (the CLI renders it).
///
/// ```
/// use config_core::gate::check;
/// use config_core::settings::Component;
/// use config_core::source::env::{EnvFile, Sources};
/// let sources = Sources::from_env_and_file([("KTRDR_IB_PORT", "port")], &EnvFile::None).unwrap();
/// let report = check(Component::Backend, &sources);
/// assert!(!report.is_ok());
/// assert!(report.errors.iter().any(|e| e.env == "KTRDR_IB_PORT"));
/// ```
pub fn check(component: Component, sources: &Sources) -> Report {
    let (service, spec) = component.select();
    check_service(service, spec, sources)
}

/// [`check`] for any service's component.
pub fn check_service(service: &Service, component: &ComponentSpec, sources: &Sources) -> Report {
    // Read as the component's process reads them once, for the load and the
    // policy alike (the load then takes them as they are).
    let sources = &*crate::settings::read_as(&component.inputs, sources);
    let mut report = service.load(component, sources);
    if !component.inputs.startup_gate {
        return report;
    }
    if let Some(policy) = &service.policy.insecure_defaults {
        let extra = load_always_checked(service, policy, sources, &mut report);
        apply_insecure_defaults(policy, sources, &mut report, &extra);
    }
    report
}

/// The startup gate: every error of every domain of `component`, or the
/// loaded report. Warnings are returned either way and also emitted once
/// per process through the `log` facade (target `config_core::settings`).
///
/// ```
/// use config_core::gate::validate_all;
/// use config_core::settings::Component;
/// use config_core::source::env::{EnvFile, Sources};
/// let sources = Sources::from_env_and_file([("KTRDR_IB_PORT", "7497")], &EnvFile::None).unwrap();
/// assert!(validate_all(Component::Backend, &sources).is_ok());
/// let bad = Sources::from_env_and_file([("KTRDR_IB_PORT", "port")], &EnvFile::None).unwrap();
/// let error = validate_all(Component::Backend, &bad).unwrap_err();
/// assert_eq!(error.code, "invalid-configuration");
/// ```
pub fn validate_all(component: Component, sources: &Sources) -> Result<Report, ConfigurationError> {
    let (service, spec) = component.select();
    gate(check_service(service, spec, sources))
}

fn gate(report: Report) -> Result<Report, ConfigurationError> {
    emit_warnings(&report.warnings);
    if report.is_ok() {
        Ok(report)
    } else {
        Err(ConfigurationError::new(
            report.component,
            report.errors,
            report.warnings,
        ))
    }
}

/// A component that passed the gate: its typed settings, every domain
/// present, and the report (effective values, warnings).
#[derive(Debug, Clone)]
pub struct Valid<C> {
    /// One typed struct per domain.
    pub settings: C,
    /// The report the settings were taken from (warnings, provenance).
    pub report: Report,
}

/// The typed startup gate: `validate::<Worker>(&sources)` checks every
/// domain of the component `C` (declared with [`crate::component!`]) under
/// its service's policy and returns each domain's settings as a field of
/// `C`, with no `Option` per domain.
///
/// ```
/// use config_core::gate::validate;
/// use config_core::settings::ktrdr::Backend;
/// use config_core::source::env::{EnvFile, Sources};
/// let sources = Sources::from_env_and_file([("KTRDR_IB_PORT", "7497")], &EnvFile::None).unwrap();
/// let backend = validate::<Backend>(&sources).unwrap().settings;
/// assert!(backend.ib.is_paper());
/// ```
pub fn validate<C: ComponentSettings>(sources: &Sources) -> Result<Valid<C>, ConfigurationError> {
    let mut report = gate(check_service(C::SERVICE, &C::SPEC, sources))?;
    match C::take(&mut report.settings) {
        Some(settings) => Ok(Valid { settings, report }),
        // Every domain loaded without errors, so each is present; a missing
        // one is a component declared with a domain its loader skipped.
        None => Err(ConfigurationError::new(
            C::SPEC.name,
            vec![SettingError {
                code: "internal",
                domain: "gate",
                field: String::new(),
                env: String::new(),
                replacement: None,
                source: Provenance::Default,
                message: "a domain of the component did not load; fix: report this bug".into(),
            }],
            report.warnings,
        )),
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
        // The key as `format!("{code}|{env}|{source}")` writes it, into
        // one buffer sized for it.
        let mut key = String::with_capacity(warning.code.len() + warning.env.len() + 64);
        key.push_str(warning.code);
        key.push('|');
        key.push_str(&warning.env);
        key.push('|');
        let _ = write!(key, "{}", warning.source);
        if emitted.insert(key) {
            log::warn!(target: "config_core::settings", "{} (source: {})", warning.message, warning.source);
        }
    }
}

/// Loads the policy's always-checked domains the component does not load,
/// aside: their errors and warnings join the report, their values only the
/// policy check (they are not part of the component's explained values).
fn load_always_checked(
    service: &Service,
    policy: &InsecureDefaults,
    sources: &Sources,
    report: &mut Report,
) -> Vec<DomainValues> {
    let mut extra = Vec::new();
    for entry in policy.always_checked {
        if report.values.iter().any(|d| d.domain == entry.name) {
            continue;
        }
        let mut aside = Report::new(report.component);
        entry.load(sources, (service.registry)(), &mut aside);
        report.errors.append(&mut aside.errors);
        report.warnings.append(&mut aside.warnings);
        extra.append(&mut aside.values);
    }
    extra
}

fn apply_insecure_defaults(
    policy: &InsecureDefaults,
    sources: &Sources,
    report: &mut Report,
    extra: &[DomainValues],
) {
    let production = is_production(policy, sources, report);
    let acknowledged = is_acknowledged(policy, sources, report);
    let ack_var = policy.acknowledge_var;
    blank_secrets(policy, production, report, extra);
    let insecure: Vec<(&'static str, String, String, Provenance)> = report
        .values
        .iter()
        .chain(extra)
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
                     {}={} requires a real value",
                    policy.environment_var, policy.production
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
                     before production, or set {ack_var}=true to silence this warning."
                ),
                env,
                replacement: None,
                source,
            });
        }
    }
}

/// The service reads its gate switches from the process environment only,
/// by their exact name, untrimmed, Python-lower-cased (validation.py:255-259).
/// A switch found only in the env file, or only under another case, is
/// ignored by the service: a warning says so (the verdict is the service's).
fn switch<'s>(name: &str, sources: &'s Sources, report: &mut Report) -> Option<&'s str> {
    let from_env = sources.get_env(name);
    // Any other spelling, in any layer, is a value the service never sees.
    let folded = fold_name(name);
    let ignored = sources
        .layers()
        .iter()
        .rev()
        .find_map(|layer| layer.get_lower_cased(&folded));
    if let (Some(raw), None) = (ignored, from_env) {
        let place = match raw.provenance {
            Provenance::Env { .. } => "under another case",
            _ => "in the env file",
        };
        report.warnings.push(Warning {
            code: SWITCH_IGNORED,
            message: format!(
                "'{}' is set {place}, but the service reads '{name}' only from the process \
                 environment (or `.env`) under exactly that name, so it ignores this value; \
                 fix: export {name} in the process environment",
                raw.name
            ),
            env: raw.name.clone(),
            replacement: None,
            source: raw.provenance.clone(),
        });
    }
    match from_env {
        Some(raw) if raw.not_utf8 => {
            report.warnings.push(Warning {
                code: SWITCH_IGNORED,
                message: format!(
                    "'{name}' is not valid UTF-8 text, so it cannot equal any word the service \
                     compares it with; fix: set it to UTF-8 text"
                ),
                env: raw.name.clone(),
                replacement: None,
                source: raw.provenance.clone(),
            });
            None
        }
        Some(raw) => Some(raw.value.as_str()),
        None => None,
    }
}

/// The warning code of a gate switch the service does not read.
pub const SWITCH_IGNORED: &str = "gate-switch-ignored";

/// `KTRDR_ENV` names production: its exact process-environment value,
/// Python-lower-cased (Unicode, like `str.lower()`), equals `production`;
/// no trimming (` production` is development).
fn is_production(policy: &InsecureDefaults, sources: &Sources, report: &mut Report) -> bool {
    switch(policy.environment_var, sources, report)
        .is_some_and(|text| text.to_lowercase() == policy.production)
}

/// The acknowledgement counts only as `true` in any case, untrimmed; any
/// other value is simply "not acknowledged", never an error.
fn is_acknowledged(policy: &InsecureDefaults, sources: &Sources, report: &mut Report) -> bool {
    switch(policy.acknowledge_var, sources, report)
        .is_some_and(|text| text.to_lowercase() == "true")
}

/// A secret set blank (`KTRDR_DB_PASSWORD=""`, a placeholder of an unset
/// variable): the service accepts it, but no real deployment means it, so
/// a warning outside production and an error in production.
fn blank_secrets(
    policy: &InsecureDefaults,
    production: bool,
    report: &mut Report,
    extra: &[DomainValues],
) {
    let blank: Vec<(&'static str, String, String, Provenance)> = report
        .values
        .iter()
        .chain(extra)
        .flat_map(|d| d.fields.iter().map(move |f| (d.domain, f)))
        .filter(|(_, f)| f.blank_secret)
        .map(|(domain, f)| (domain, f.field.clone(), f.env.clone(), f.source.clone()))
        .collect();
    for (domain, field, env, source) in blank {
        let why = format!("'{env}' is set but blank");
        if production {
            report.errors.push(SettingError {
                code: "blank-secret",
                domain,
                field,
                message: format!(
                    "{why}; {}={} requires a real value (the service itself would start with it)",
                    policy.environment_var, policy.production
                ),
                env,
                replacement: None,
                source,
            });
        } else {
            report.warnings.push(Warning {
                code: "blank-secret",
                message: format!(
                    "{why}: the service starts with an empty secret. Set a real value before \
                     production, where this is an error."
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
