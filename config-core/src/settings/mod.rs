//! Typed KTRDR service settings, one struct per domain, loaded from layered
//! sources (defaults < `.env.local` < process environment).
//!
//! Each domain file declares its struct (with `validator` range rules) and a
//! table of [`FieldSpec`]s: the field name, how its raw string is parsed, its
//! default (as the raw string a user would write, parsed by the same code)
//! and a one-line rule for the docs. The variable name is always
//! `PREFIX + FIELD` in upper case; deprecated names come only from the
//! [`crate::deprecation`] registry, so no alias can exist without its warning.
//!
//! ```
//! use config_core::settings::{load, Component};
//! use config_core::source::env::{EnvFile, Sources};
//! let sources = Sources::from_env_and_file([("WORKER_PORT", "5010")], &EnvFile::None).unwrap();
//! let report = load(Component::Worker, &sources);
//! assert!(report.errors.is_empty());
//! assert_eq!(report.settings.worker.as_ref().unwrap().port, 5010);
//! assert_eq!(report.warnings[0].replacement.as_deref(), Some("KTRDR_WORKER_PORT"));
//! ```

pub mod api;
pub mod api_client;
pub mod auth;
pub mod cache;
pub mod checkpoint;
pub mod database;
pub mod ib;
pub mod ib_host;
pub mod logging;
pub mod observability;
pub mod operations;
pub mod orphan_detector;
pub mod parse;
pub mod pockethive;
pub mod report;
pub mod training_host;
pub mod worker;

use crate::deprecation::{registry, Registry, Rename};
use crate::provenance::Provenance;
use crate::secret::{mask_secret_fields, MASK};
use crate::source::env::{RawValue, Sources};
use crate::source::yaml_layer::{is_relaxed_name_of, push_relaxed};
use parse::Kind;
pub use report::{DomainValues, EffectiveValue, Report, SettingError, Warning};
use serde::{de::DeserializeOwned, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use validator::Validate;

/// One field of a settings domain.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The field name (lower case; a dotted property path for file-backed
    /// domains); the variable is `PREFIX + NAME` in relaxed form (upper
    /// case, `.` and `-` to `_`).
    pub name: &'static str,
    /// How the raw string is parsed.
    pub kind: Kind,
    /// The default as a raw string (parsed like user input); `None` = absent.
    pub default: Option<&'static str>,
    /// The rule, in words, for docs (`""` when there is none).
    pub rule: &'static str,
    /// Whether the shipped default is an insecure development value that the
    /// startup gate must flag.
    pub insecure_default: bool,
    /// Whether the field must be set (and non-blank) in some source.
    pub required: bool,
}

impl FieldSpec {
    /// A field with no rule and a plain default.
    pub const fn new(name: &'static str, kind: Kind, default: Option<&'static str>) -> Self {
        Self {
            name,
            kind,
            default,
            rule: "",
            insecure_default: false,
            required: false,
        }
    }

    /// The same field, required: unset or blank is an error.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The same field with a rule description.
    pub const fn rule(mut self, rule: &'static str) -> Self {
        self.rule = rule;
        self
    }

    /// The same field, flagged as having an insecure default.
    pub const fn insecure(mut self) -> Self {
        self.insecure_default = true;
        self
    }

    /// The variable name under `prefix` (relaxed binding: upper case, `.`
    /// and `-` to `_`).
    ///
    /// ```
    /// use config_core::settings::{parse::Kind, FieldSpec};
    /// let f = FieldSpec::new("control-plane.swarm-id", Kind::Str, None);
    /// assert_eq!(f.env_name("POCKETHIVE_"), "POCKETHIVE_CONTROL_PLANE_SWARM_ID");
    /// ```
    pub fn env_name(&self, prefix: &str) -> String {
        let mut name = String::with_capacity(prefix.len() + self.name.len());
        name.push_str(prefix);
        push_relaxed(&mut name, self.name);
        name
    }
}

/// A settings domain: a typed struct read from `PREFIX + FIELD` variables.
pub trait Domain: DeserializeOwned + Serialize + Validate + Clone + fmt::Debug {
    /// The domain key used in reports (`worker`, `ib_host`, ...).
    const NAME: &'static str;
    /// The variable prefix (`KTRDR_WORKER_`).
    const PREFIX: &'static str;
    /// The namespace key when the domain is also read from a YAML settings
    /// file (`pockethive`); field `F` is then `NAMESPACE.F` in the file.
    const FILE_NAMESPACE: Option<&'static str> = None;
    /// Every field, in declaration order.
    fn fields() -> &'static [FieldSpec];
    /// Stores a loaded value in its slot of [`Settings`].
    fn store(self, settings: &mut Settings);
    /// Reads its slot of [`Settings`].
    fn slot(settings: &Settings) -> Option<&Self>;
}

/// Which service's settings to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Component {
    /// Database, logging, observability, worker, checkpoint, orphan detector,
    /// operations and the API client.
    Worker,
    /// Database, api, auth, logging, observability, ib, ib host service and
    /// training host service.
    Backend,
    /// Every KTRDR domain (PocketHive is a separate product and is not
    /// included).
    All,
    /// The PocketHive worker host (`pockethive.*` settings).
    #[serde(rename = "pockethive-worker")]
    PocketHiveWorker,
}

impl Component {
    /// The domain keys this component checks, in report order.
    pub fn domains(self) -> &'static [&'static str] {
        match self {
            Component::Worker => &[
                "worker",
                "checkpoint",
                "orphan_detector",
                "operations",
                "database",
                "logging",
                "observability",
                "api_client",
            ],
            Component::Backend => &[
                "database",
                "logging",
                "observability",
                "api",
                "auth",
                "ib",
                "ib_host",
                "training_host",
            ],
            Component::All => ALL_DOMAINS,
            Component::PocketHiveWorker => &["pockethive"],
        }
    }
}

/// Every domain key, in report order.
pub const ALL_DOMAINS: &[&str] = &[
    "worker",
    "checkpoint",
    "orphan_detector",
    "operations",
    "database",
    "logging",
    "observability",
    "api_client",
    "api",
    "auth",
    "ib",
    "ib_host",
    "training_host",
];

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Component::Worker => "worker",
            Component::Backend => "backend",
            Component::All => "all",
            Component::PocketHiveWorker => "pockethive-worker",
        })
    }
}

/// An unknown component name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown component '{0}'; fix: use worker, backend, all or pockethive-worker")]
pub struct UnknownComponent(pub String);

impl FromStr for Component {
    type Err = UnknownComponent;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "worker" => Ok(Component::Worker),
            "backend" => Ok(Component::Backend),
            "all" => Ok(Component::All),
            "pockethive-worker" => Ok(Component::PocketHiveWorker),
            other => Err(UnknownComponent(other.to_string())),
        }
    }
}

/// The typed settings of every loaded domain; a slot is `None` when the
/// domain was not part of the component or had errors.
#[derive(Debug, Clone, Default, Serialize)]
#[allow(missing_docs)] // one slot per domain, named for it
pub struct Settings {
    pub worker: Option<worker::WorkerSettings>,
    pub checkpoint: Option<checkpoint::CheckpointSettings>,
    pub orphan_detector: Option<orphan_detector::OrphanDetectorSettings>,
    pub operations: Option<operations::OperationsSettings>,
    pub database: Option<database::DatabaseSettings>,
    pub logging: Option<logging::LoggingSettings>,
    pub observability: Option<observability::ObservabilitySettings>,
    pub api_client: Option<api_client::ApiClientSettings>,
    pub api: Option<api::ApiSettings>,
    pub auth: Option<auth::AuthSettings>,
    pub ib: Option<ib::IbSettings>,
    pub ib_host: Option<ib_host::IbHostSettings>,
    pub training_host: Option<training_host::TrainingHostSettings>,
    pub pockethive: Option<pockethive::PocketHiveSettings>,
}

/// Loads every domain of `component` from `sources`: never fails, collects
/// every parse and rule error and every deprecation warning. The startup
/// gate ([`crate::gate::validate_all`]) adds the insecure-default policy.
pub fn load(component: Component, sources: &Sources) -> Report {
    load_with(component, sources, registry())
}

/// [`load`] with an explicit deprecation registry (tests inject one; the
/// embedded [`registry()`] is the only one used in production).
pub fn load_with(component: Component, sources: &Sources, registry: &Registry) -> Report {
    let mut report = Report::new(component);
    for error in sources.file_errors() {
        report.errors.push(SettingError {
            code: error.code,
            domain: "config_file",
            field: String::new(),
            env: String::new(),
            replacement: None,
            source: Provenance::file_at(error.path.clone(), error.line, error.column),
            message: error.message.clone(),
        });
    }
    for line in sources.line_errors() {
        report.errors.push(SettingError {
            code: "env-file-syntax",
            domain: "env_file",
            field: String::new(),
            env: String::new(),
            replacement: None,
            source: Provenance::file(line.path.clone(), line.error.line()),
            message: line.error.to_string(),
        });
    }
    for domain in component.domains() {
        load_by_name(domain, sources, registry, &mut report);
    }
    report
}

fn load_by_name(domain: &str, sources: &Sources, registry: &Registry, report: &mut Report) {
    match domain {
        "worker" => load_domain::<worker::WorkerSettings>(sources, registry, report),
        "checkpoint" => load_domain::<checkpoint::CheckpointSettings>(sources, registry, report),
        "orphan_detector" => {
            load_domain::<orphan_detector::OrphanDetectorSettings>(sources, registry, report)
        }
        "operations" => load_domain::<operations::OperationsSettings>(sources, registry, report),
        "database" => load_domain::<database::DatabaseSettings>(sources, registry, report),
        "logging" => load_domain::<logging::LoggingSettings>(sources, registry, report),
        "observability" => {
            load_domain::<observability::ObservabilitySettings>(sources, registry, report)
        }
        "api_client" => load_domain::<api_client::ApiClientSettings>(sources, registry, report),
        "api" => load_domain::<api::ApiSettings>(sources, registry, report),
        "auth" => load_domain::<auth::AuthSettings>(sources, registry, report),
        "ib" => load_domain::<ib::IbSettings>(sources, registry, report),
        "ib_host" => load_domain::<ib_host::IbHostSettings>(sources, registry, report),
        "training_host" => {
            load_domain::<training_host::TrainingHostSettings>(sources, registry, report)
        }
        "pockethive" => {
            load_domain::<pockethive::PocketHiveSettings>(sources, registry, report);
            pockethive::io::load(sources, report);
        }
        _ => {}
    }
}

/// Every field of every domain with its variable name, kind, default and
/// rule: the data behind docs/SETTINGS.md and the registry cross-check.
pub fn catalogue() -> Vec<(&'static str, &'static str, &'static [FieldSpec])> {
    fn entry<D: Domain>() -> (&'static str, &'static str, &'static [FieldSpec]) {
        (D::NAME, D::PREFIX, D::fields())
    }
    vec![
        entry::<worker::WorkerSettings>(),
        entry::<checkpoint::CheckpointSettings>(),
        entry::<orphan_detector::OrphanDetectorSettings>(),
        entry::<operations::OperationsSettings>(),
        entry::<database::DatabaseSettings>(),
        entry::<logging::LoggingSettings>(),
        entry::<observability::ObservabilitySettings>(),
        entry::<api_client::ApiClientSettings>(),
        entry::<api::ApiSettings>(),
        entry::<auth::AuthSettings>(),
        entry::<ib::IbSettings>(),
        entry::<ib_host::IbHostSettings>(),
        entry::<training_host::TrainingHostSettings>(),
        entry::<pockethive::PocketHiveSettings>(),
    ]
}

/// One field after resolution: which raw value (if any) it takes.
struct Resolved<'a, 'r> {
    new_name: String,
    raw: Option<&'a RawValue>,
    /// The rename when the value was read under a deprecated name.
    via: Option<&'r Rename>,
    /// Every value under any of the field's names, in any source, that is
    /// not UTF-8 (with its rename when under a deprecated name): each is an
    /// error, whichever name wins.
    not_utf8: Vec<(&'a RawValue, Option<&'r Rename>)>,
}

/// Resolves one field's names, recording deprecation and conflict warnings.
fn resolve_field<'a, 'r>(
    sources: &'a Sources,
    registry: &'r Registry,
    prefix: &str,
    spec: &FieldSpec,
    warnings: &mut Vec<Warning>,
) -> Resolved<'a, 'r> {
    let new_name = spec.env_name(prefix);
    let renames: Vec<&'r Rename> = registry.by_new(&new_name).collect();
    let mut names: Vec<&str> = Vec::with_capacity(1 + renames.len());
    names.push(new_name.as_str());
    names.extend(renames.iter().map(|r| r.old.as_str()));
    let resolution = sources.resolve(&names);
    // A file value's name is its dotted path; its relaxed form is the
    // variable name the registry knows.
    let rename_of = |raw: &RawValue| {
        renames
            .iter()
            .copied()
            .find(|r| r.old == raw.name || is_relaxed_name_of(&r.old, &raw.name))
    };
    let chosen = resolution.chosen;
    let mut seen = BTreeSet::new();
    for raw in chosen
        .iter()
        .copied()
        .chain(resolution.shadowed.iter().copied())
    {
        let Some(rename) = rename_of(raw) else {
            continue;
        };
        if seen.insert((raw.name.clone(), raw.provenance.to_string())) {
            warnings.push(Warning::deprecated(rename, raw, chosen));
        }
    }
    if let Some(winner) = chosen {
        for loser in &resolution.shadowed {
            if (loser.value == winner.value && loser.not_utf8 == winner.not_utf8)
                || loser.name == winner.name
            {
                continue;
            }
            // Only a new/deprecated pair is a naming conflict.
            let rename = rename_of(winner).or_else(|| rename_of(loser));
            if let Some(rename) = rename {
                warnings.push(Warning::conflict(rename, winner, loser));
            }
        }
    }
    let not_utf8 = chosen
        .iter()
        .copied()
        .chain(resolution.shadowed.iter().copied())
        .filter(|raw| raw.not_utf8)
        .map(|raw| (raw, rename_of(raw)))
        .collect();
    Resolved {
        via: chosen.and_then(rename_of),
        new_name,
        raw: chosen,
        not_utf8,
    }
}

/// What one field contributes to the report, before rule checks.
struct FieldOutcome {
    value: serde_json::Value,
    parsed: bool,
    env: String,
    replacement: Option<String>,
    source: Provenance,
    raw: Option<String>,
}

fn load_domain<D: Domain>(sources: &Sources, registry: &Registry, report: &mut Report) {
    let first_error = report.errors.len();
    load_domain_fields::<D>(sources, registry, report);
    // Parse errors are found before rule errors; report both in field order.
    let position = |e: &SettingError| D::fields().iter().position(|f| f.name == e.field);
    if let Some(errors) = report.errors.get_mut(first_error..) {
        errors.sort_by_key(position);
    }
}

fn load_domain_fields<D: Domain>(sources: &Sources, registry: &Registry, report: &mut Report) {
    // Field name -> value pairs, deserialized straight into the struct (a
    // JSON object would hash every name once more at each load).
    let mut object: Vec<(&'static str, serde_json::Value)> = Vec::with_capacity(D::fields().len());
    let mut outcomes = Vec::new();
    let mut failed = BTreeSet::new();
    for spec in D::fields() {
        let resolved = resolve_field(sources, registry, D::PREFIX, spec, &mut report.warnings);
        let outcome = parse_field::<D>(spec, &resolved, &mut report.errors);
        if !outcome.parsed || !resolved.not_utf8.is_empty() {
            failed.insert(spec.name);
        }
        // A field that failed to parse takes its default so the struct can
        // still be built and every other field's rules still checked.
        let value = if outcome.parsed {
            outcome.value.clone()
        } else {
            fallback_value(spec)
        };
        object.push((spec.name, value));
        outcomes.push((spec, outcome));
    }
    let fields = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(object.into_iter());
    let typed = match D::deserialize(fields) {
        Ok(typed) => typed,
        Err(e) => {
            // The field table and the struct disagree: a build defect caught
            // by each domain's unit test; reported rather than panicking.
            report.errors.push(SettingError {
                code: "internal",
                domain: D::NAME,
                field: String::new(),
                env: String::new(),
                replacement: None,
                source: Provenance::Default,
                message: format!("settings table does not match the struct: {e}"),
            });
            return;
        }
    };
    if let Err(errors) = typed.validate() {
        for (field, list) in errors.field_errors() {
            let Some((spec, outcome)) = outcomes.iter().find(|(s, _)| s.name == field) else {
                continue;
            };
            if failed.contains(spec.name) {
                continue;
            }
            for error in list {
                let rule = error
                    .message
                    .as_deref()
                    .map_or_else(|| error.code.to_string(), str::to_string);
                report
                    .errors
                    .push(field_error::<D>(spec, outcome, "rule", &rule));
                failed.insert(spec.name);
            }
        }
    }
    report.values.push(DomainValues {
        domain: D::NAME,
        fields: outcomes
            .iter()
            .map(|(spec, o)| EffectiveValue {
                field: spec.name.to_string(),
                env: o.env.clone(),
                source: o.source.clone(),
                value: if spec.kind == Kind::Secret {
                    serde_json::Value::from(MASK)
                } else {
                    let mut value = if o.parsed {
                        o.value.clone()
                    } else {
                        o.raw
                            .clone()
                            .map_or(serde_json::Value::Null, serde_json::Value::from)
                    };
                    // A URL's password (`http://u:pw@otel:4317`) is a secret too.
                    mask_secret_fields(&mut value);
                    value
                },
                secret: spec.kind == Kind::Secret,
                valid: !failed.contains(spec.name),
                at_insecure_default: spec.insecure_default
                    && (o.source == Provenance::Default
                        || (o.raw.is_some() && o.raw.as_deref() == spec.default)),
            })
            .collect(),
    });
    if failed.is_empty() {
        typed.store(&mut report.settings);
    }
}

/// The stand-in for a failed field: its default, or an empty string for a
/// required field without one (the domain is not stored either way).
fn fallback_value(spec: &FieldSpec) -> serde_json::Value {
    match default_value(spec) {
        serde_json::Value::Null if spec.required => serde_json::Value::from(""),
        value => value,
    }
}

fn default_value(spec: &FieldSpec) -> serde_json::Value {
    spec.default
        .and_then(|d| spec.kind.parse(d).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn parse_field<D: Domain>(
    spec: &FieldSpec,
    resolved: &Resolved<'_, '_>,
    errors: &mut Vec<SettingError>,
) -> FieldOutcome {
    for (raw, rename) in &resolved.not_utf8 {
        errors.push(not_utf8_error(D::NAME, spec.name, raw, *rename));
    }
    let Some(raw) = resolved.raw else {
        let outcome = FieldOutcome {
            value: default_value(spec),
            parsed: !spec.required,
            env: resolved.new_name.clone(),
            replacement: None,
            source: Provenance::Default,
            raw: None,
        };
        if spec.required {
            errors.push(missing_error::<D>(spec, &outcome));
        }
        return outcome;
    };
    let mut outcome = FieldOutcome {
        value: serde_json::Value::Null,
        parsed: false,
        env: raw.name.clone(),
        replacement: resolved.via.map(|r| r.new.clone()),
        source: raw.provenance.clone(),
        raw: raw.text().map(str::to_string),
    };
    if !resolved.not_utf8.is_empty() {
        // Already reported above; the field fails without a value to show.
        return outcome;
    }
    if spec.required && raw.value.trim().is_empty() {
        errors.push(field_error::<D>(
            spec,
            &outcome,
            "blank",
            "required, must not be blank",
        ));
        return outcome;
    }
    match spec.kind.parse(&raw.value) {
        Ok(value) => {
            outcome.value = value;
            outcome.parsed = true;
        }
        Err(expected) => errors.push(field_error::<D>(spec, &outcome, "parse", &expected)),
    }
    outcome
}

/// A required field set in no source: names every place it can be set.
fn missing_error<D: Domain>(spec: &FieldSpec, outcome: &FieldOutcome) -> SettingError {
    let file = D::FILE_NAMESPACE
        .map(|ns| format!(" or '{ns}.{}' in the config file", spec.name))
        .unwrap_or_default();
    SettingError {
        code: "missing",
        domain: D::NAME,
        field: spec.name.to_string(),
        env: outcome.env.clone(),
        replacement: None,
        source: Provenance::Default,
        message: format!(
            "required but not set; fix: set '{}' in the environment{file}",
            outcome.env
        ),
    }
}

/// A variable holding bytes that are not UTF-8, read for `domain.field`:
/// names the variable and its source, never the bytes.
pub(crate) fn not_utf8_error(
    domain: &'static str,
    field: &str,
    raw: &RawValue,
    rename: Option<&Rename>,
) -> SettingError {
    let alias = rename
        .map(|r| format!(" ('{}' is deprecated; its new name is '{}')", r.old, r.new))
        .unwrap_or_default();
    SettingError {
        code: "not-utf8",
        domain,
        field: field.to_string(),
        env: raw.name.clone(),
        replacement: None,
        source: raw.provenance.clone(),
        message: format!(
            "value is not valid UTF-8 text{alias}; fix: set '{}' to UTF-8 text, or unset it",
            raw.name
        ),
    }
}

/// An error naming the variable read (both names for a deprecated one), its
/// source, the rule and the value unless secret.
fn field_error<D: Domain>(
    spec: &FieldSpec,
    outcome: &FieldOutcome,
    code: &'static str,
    rule: &str,
) -> SettingError {
    let shown = match (&outcome.raw, spec.kind) {
        (_, Kind::Secret) => String::new(),
        (Some(raw), _) => format!(", got '{}'", report::shown_value(raw)),
        (None, _) => String::from(", got the default"),
    };
    let alias = outcome
        .replacement
        .as_ref()
        .map(|new| {
            format!(
                " (read from deprecated '{}'; its new name is '{new}')",
                outcome.env
            )
        })
        .unwrap_or_default();
    SettingError {
        code,
        domain: D::NAME,
        field: spec.name.to_string(),
        env: outcome.env.clone(),
        replacement: outcome.replacement.clone(),
        source: outcome.source.clone(),
        message: format!("{rule}{shown}{alias}"),
    }
}

#[cfg(test)]
mod tests;
