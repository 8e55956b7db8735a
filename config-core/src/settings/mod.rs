//! The settings engine: typed settings domains, each declared once with
//! `#[derive(Settings)]`, loaded from layered sources (defaults <
//! `.env.local` < process environment) with provenance, checked against
//! their rules, explained, documented and described as a JSON Schema, all
//! from that one declaration.
//!
//! The engine knows no service. A service ([`Service`]) declares its
//! domains, its components (which domains a process needs, [`component!`](crate::component)),
//! its deprecation registry and its gate policy. Two services use it, next
//! to each other: KTRDR ([`ktrdr`]) and the PocketHive worker host
//! ([`pockethive`]); `config-core/examples/` shows a third.
//!
//! ```
//! use config_core::settings::{load, Component};
//! use config_core::settings::ktrdr::worker::WorkerSettings;
//! use config_core::source::env::{EnvFile, Sources};
//! let sources = Sources::from_env_and_file([("WORKER_PORT", "5010")], &EnvFile::None).unwrap();
//! let report = load(Component::Worker, &sources);
//! assert!(report.errors.is_empty());
//! assert_eq!(report.settings.get::<WorkerSettings>().unwrap().port, 5010);
//! assert_eq!(report.warnings[0].replacement.as_deref(), Some("KTRDR_WORKER_PORT"));
//! ```

pub(crate) mod builtin;
pub mod cache;
pub mod docs;
pub mod extras;
pub mod ktrdr;
mod load;
pub mod parse;
pub mod pockethive;
pub mod report;
mod rule;
pub(crate) mod service;
mod typed;

pub use builtin::{catalogue, Component, UnknownComponent, ALL_DOMAINS};
pub use config_core_derive::Settings;
pub use ktrdr::{
    agent, agent_gate, agent_trigger, api, api_client, auth, checkpoint, data, database, fred, ib,
    ib_host, logging, observability, operations, orphan_detector, training_host, worker,
};
pub(crate) use load::not_utf8_error;
pub use load::{load_component, load_domain_into, load_domains, read_as};
pub use parse::{Case, Kind};
pub use report::{ConfigurationError, DomainValues, EffectiveValue, Report, SettingError, Warning};
pub use rule::Rule;
#[doc(hidden)]
pub use serde_json::Value as JsonValue;
pub use service::{
    ComponentSettings, ComponentSpec, DomainEntry, GatePolicy, Inputs, InsecureDefaults, Service,
};
pub use typed::Settings;

use crate::source::env::Sources;
use crate::source::yaml_layer::push_relaxed;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt;

/// A settings domain: a typed struct read from `PREFIX + FIELD` variables.
/// Implement it with `#[derive(Settings)]`, which writes every item from
/// the struct's one declaration.
///
/// ```
/// use config_core::settings::Domain;
/// use config_core::settings::ktrdr::worker::WorkerSettings;
/// let port = WorkerSettings::fields().iter().find(|f| f.name == "port").unwrap();
/// assert_eq!(port.env_name(WorkerSettings::PREFIX), "KTRDR_WORKER_PORT");
/// assert_eq!(port.rule_text(), "1..=65535");
/// ```
pub trait Domain: Serialize + Clone + fmt::Debug + Send + Sync + 'static {
    /// The domain key used in reports (`worker`, `ib_host`, ...).
    const NAME: &'static str;
    /// The variable prefix (`KTRDR_WORKER_`).
    const PREFIX: &'static str;
    /// The namespace key when the domain is also read from a YAML settings
    /// file (`pockethive`); field `F` is then `NAMESPACE.F` in the file.
    const FILE_NAMESPACE: Option<&'static str> = None;
    /// What the domain configures (the struct's doc comment).
    const DESCRIPTION: &'static str = "";
    /// Every field, in declaration order.
    fn fields() -> &'static [FieldSpec];
    /// Each field's variable name ([`FieldSpec::env_name`]) and its
    /// lower-cased form ([`crate::source::env::fold_name`]), in
    /// [`Self::fields`] order: the derive writes them at compile time so a
    /// load builds no name. Empty means "build them when loading".
    #[doc(hidden)]
    const ENV_NAMES: &'static [(&'static str, &'static str)] = &[];
    /// Builds the struct from one JSON value per field, in [`Self::fields`]
    /// order (each already parsed and checked).
    fn build(values: Vec<JsonValue>) -> Result<Self, BuildError>;
    /// Runs right after the domain's fields are loaded (for values the
    /// fields do not cover, such as PocketHive's IO sub-blocks).
    fn after_load(_sources: &Sources, _report: &mut Report) {}
}

/// A field value that does not fit its Rust type: a declaration defect
/// (a default of the wrong type), caught by each service's tests.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("field '{field}' does not fit its type: {message}")]
pub struct BuildError {
    /// The field's key.
    pub field: &'static str,
    /// What serde said.
    pub message: String,
}

/// Takes the next field value off `values` as a `T` (used by the derive).
#[doc(hidden)]
pub fn take_field<T: DeserializeOwned>(
    values: &mut impl Iterator<Item = JsonValue>,
    field: &'static str,
) -> Result<T, BuildError> {
    let value = values.next().unwrap_or(JsonValue::Null);
    serde_json::from_value(value).map_err(|e| BuildError {
        field,
        message: e.to_string(),
    })
}

/// The parsing kind of a field's Rust type: secrecy, for one, comes from
/// the type ([`crate::secret::Secret`]), not from an attribute.
pub trait SettingType {
    /// How a raw string of this type is parsed.
    const KIND: Kind;
}

impl SettingType for i64 {
    const KIND: Kind = Kind::Int;
}
impl SettingType for f64 {
    const KIND: Kind = Kind::Float;
}
impl SettingType for bool {
    const KIND: Kind = Kind::Bool;
}
impl SettingType for String {
    const KIND: Kind = Kind::Str;
}
impl SettingType for Option<String> {
    const KIND: Kind = Kind::OptStr;
}
impl SettingType for crate::secret::Secret {
    const KIND: Kind = Kind::Secret;
}
impl SettingType for Vec<String> {
    const KIND: Kind = Kind::StrList;
}

/// A field's default, typed as declared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A string.
    Str(&'static str),
    /// A list of strings.
    List(&'static [&'static str]),
}

impl DefaultValue {
    /// The typed value.
    pub fn to_json(self) -> JsonValue {
        match self {
            DefaultValue::Int(v) => JsonValue::from(v),
            DefaultValue::Float(v) => JsonValue::from(v),
            DefaultValue::Bool(v) => JsonValue::Bool(v),
            DefaultValue::Str(v) => JsonValue::from(v),
            DefaultValue::List(v) => JsonValue::from(v.to_vec()),
        }
    }

    /// The default as a user would write it (`5003`, `1.0`, `["*"]`).
    pub fn text(self) -> String {
        match self {
            DefaultValue::Int(v) => v.to_string(),
            DefaultValue::Float(v) => format!("{v:?}"),
            DefaultValue::Bool(v) => v.to_string(),
            DefaultValue::Str(v) => v.to_string(),
            DefaultValue::List(v) => JsonValue::from(v.to_vec()).to_string(),
        }
    }

    /// Whether `raw` is exactly this default's text (an insecure default
    /// set explicitly is still insecure).
    fn is_text(self, raw: &str) -> bool {
        match self {
            DefaultValue::Str(v) => v == raw,
            other => other.text() == raw,
        }
    }
}

/// One field of a settings domain, as `#[derive(Settings)]` declares it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The field's key (its Rust name, or a dotted property path for
    /// file-backed domains).
    pub name: &'static str,
    /// An explicit variable name, replacing `PREFIX + NAME`.
    pub env: Option<&'static str>,
    /// How the raw string is parsed (from the field's type unless declared).
    pub kind: Kind,
    /// The typed default; `None` = absent (or required).
    pub default: Option<DefaultValue>,
    /// The rules the parsed value must pass, checked and printed.
    pub rules: &'static [Rule],
    /// Words added to every rule's text and message (`0 disables the cache`).
    pub note: &'static str,
    /// Whether the default is an insecure development value (the gate
    /// policy decides what that means).
    pub insecure_default: bool,
    /// Whether the field must be set (and non-blank) in some source.
    pub required: bool,
    /// The field's doc comment.
    pub description: &'static str,
}

impl FieldSpec {
    /// The variable name: the explicit one, else `prefix + NAME` in relaxed
    /// form (upper case, `.` and `-` to `_`).
    ///
    /// ```
    /// use config_core::settings::{FieldSpec, Kind};
    /// let mut f = FieldSpec::new("control-plane.swarm-id", Kind::Str);
    /// assert_eq!(f.env_name("POCKETHIVE_"), "POCKETHIVE_CONTROL_PLANE_SWARM_ID");
    /// f.env = Some("SWARM");
    /// assert_eq!(f.env_name("POCKETHIVE_"), "SWARM");
    /// ```
    pub fn env_name(&self, prefix: &str) -> String {
        if let Some(env) = self.env {
            return env.to_string();
        }
        let mut name = String::with_capacity(prefix.len() + self.name.len());
        name.push_str(prefix);
        push_relaxed(&mut name, self.name);
        name
    }

    /// A plain field: no default, no rule (for tests and hand-written
    /// domains; derived domains fill every item).
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            env: None,
            kind,
            default: None,
            rules: &[],
            note: "",
            insecure_default: false,
            required: false,
            description: "",
        }
    }

    /// Whether the value is never shown (from the field's type).
    pub fn is_secret(&self) -> bool {
        self.kind == Kind::Secret
    }

    /// The default as a typed value (`null` when there is none).
    pub fn default_json(&self) -> JsonValue {
        self.default.map_or(JsonValue::Null, DefaultValue::to_json)
    }

    /// Every rule in words, for docs and `explain`: the kind's own choice,
    /// requiredness, the declared rules, then the note.
    pub fn rule_text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(choice) = self.kind.rule_text() {
            parts.push(choice);
        }
        if self.required {
            parts.push("required, non-blank".to_string());
        }
        parts.extend(self.rules.iter().map(Rule::text));
        let mut text = parts.join("; ");
        if !self.note.is_empty() {
            text.push_str(&format!(" ({})", self.note));
        }
        text
    }

    /// The first rule `value` breaks, as the message an error shows (no
    /// text is built for a value that passes).
    pub fn broken_rule(&self, value: &JsonValue) -> Option<String> {
        let message = self.rules.iter().find_map(|rule| rule.check(value))?;
        Some(if self.note.is_empty() {
            message
        } else {
            format!("{message} ({})", self.note)
        })
    }
}

/// Loads every domain of `component` from `sources`: never fails, collects
/// every parse and rule error and every deprecation warning. The startup
/// gate ([`crate::gate::validate_all`]) adds the service's policy.
pub fn load(component: Component, sources: &Sources) -> Report {
    let (service, spec) = component.select();
    service.load(spec, sources)
}

/// [`load`] with an explicit deprecation registry (tests inject one; each
/// service's own registry is used in production).
pub fn load_with(
    component: Component,
    sources: &Sources,
    registry: &crate::deprecation::Registry,
) -> Report {
    let (_, spec) = component.select();
    load::load_component(spec, sources, registry)
}

/// Every domain key a component loads (its declared order).
pub fn domain_names(spec: &ComponentSpec) -> impl Iterator<Item = &'static str> + '_ {
    spec.domains.iter().map(|d| d.name)
}

#[cfg(test)]
mod agreement_tests;
#[cfg(test)]
mod tests;
