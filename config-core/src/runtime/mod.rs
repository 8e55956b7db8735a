//! What each bee really receives at runtime (issue 20, PLATFORM-KEYS.md):
//! the scenario's bee config after the three stages that touch it before
//! the worker binds it.
//!
//! - `orchestrator`: swarm create (stage **C**, ORC:294-333): the scenario
//!   mount added to `docker.volumes`, `vars` injected and `{{ vars.* }}`
//!   rendered for the chosen profile, `privateConfig.authProfile.sut`, and
//!   `baseUrl` `{{ sut.endpoints['id'].baseUrl }}` rendered when a SUT is bound.
//! - `controller`: provisioning (stage **P**, SRC:300-369): the container
//!   environment (fixed IO field list, order and precedence), the volumes,
//!   and `sut.targetEndpointId` enrichment overriding `baseUrl`.
//! - `worker`: bootstrap (stage **B**, WCPR:392-664): the reserved
//!   top-level keys (`data`, `enabled`, `workers`, the bean name, `worker`,
//!   `workerBean`, `bean`, `target`) and `privateConfig` kept apart.
//! - `context`: what the create request binds (variables profile, SUT),
//!   read from a bundle.
//! - `text`: the two fixed template forms the orchestrator renders.
//!
//! Every value carries its [`Origin`]; every failure is a [`Finding`]
//! whose message names its [`Stage`].

pub(crate) mod context;
pub(crate) mod controller;
pub(crate) mod docker;
pub(crate) mod orchestrator;
pub(crate) mod text;
pub(crate) mod worker;

use crate::finding::{Finding, Pointed};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

pub use context::{Binding, Sut};
pub use controller::{EnvVar, Volume};

/// The finding codes of the runtime computation (docs/FINDINGS.md,
/// PH800-PH849, and the PH35x platform-key codes `check` reports from the
/// same rules: one code per fact, whichever command finds it).
pub mod codes {
    /// A `docker.volumes` spec fails provisioning (docker-java `Bind.parse`,
    /// then the daemon; DSN:129-158).
    pub const DOCKER_VOLUME_INVALID: &str = "PH350";
    /// Warning: `docker` or `docker.volumes` entries the orchestrator drops
    /// (ORC:814-835).
    pub const DOCKER_DROPPED: &str = "PH351";
    /// A null value directly inside `docker` (create fails, ORC:844).
    pub const DOCKER_NULL: &str = "PH352";
    /// Top-level `enabled` is not a boolean or `"true"`/`"false"`: FAILED
    /// (WCC:90-107).
    pub const ENABLED_INVALID: &str = "PH354";
    /// `{{ vars.x }}` names no variable of the chosen profile (ORC:918-931).
    pub const VAR_UNKNOWN: &str = "PH802";
    /// A variable is null, or a nested null meets the variable rewrite (ORC:880-888).
    pub const VAR_NULL: &str = "PH803";
    /// The variables cannot be resolved for the chosen profile / SUT (ORC:272-282).
    pub const VARS_UNRESOLVED: &str = "PH804";
    /// The SUT cannot be bound, or `baseUrl` names an unknown endpoint (ORC:1480-1494).
    pub const SUT_ENDPOINT: &str = "PH805";
    /// Warning: a SUT `baseUrl` template with no SUT bound reaches the worker as text.
    pub const SUT_UNBOUND: &str = "PH806";
    /// Warning: the bee's own `vars` is replaced by the resolved variables.
    pub const VARS_REPLACED: &str = "PH807";
    /// Warning: `privateConfig.authProfile` is replaced by the SUT context.
    pub const AUTH_PROFILE_REPLACED: &str = "PH808";
    /// `inputs.redis.sources` / `outputs.redis.routes` is not a list of
    /// objects: provisioning fails (SRC:990-1011).
    pub const IO_LIST: &str = "PH810";
    /// Warning: `sut.targetEndpointId` is ignored (not a string, blank, unknown).
    pub const TARGET_IGNORED: &str = "PH812";
    /// Warning: `sut.targetEndpointId` overrides `baseUrl` (SRC:1095-1099).
    pub const BASE_URL_OVERRIDDEN: &str = "PH813";
    /// Warning: the bee's `env` overrides a variable the controller derives.
    pub const ENV_OVERRIDE: &str = "PH814";
    /// Warning: top-level `data` replaces the whole config (WCC:45-48).
    pub const DATA_REPLACES: &str = "PH820";
    /// Warning: `workerBean`, `bean` or `target` is removed (WCPR:624-634).
    pub const KEY_REMOVED: &str = "PH822";
    /// Warning: `workers` / `<beanName>` select a sub-map or ignore the config (WCPR:636-664).
    pub const SELECTOR_KEY: &str = "PH823";
    /// Warning: two spellings of a key canonicalise to the same name; one
    /// silently wins (ConfigKeyCanonicalizer.java:39-41).
    pub const KEY_COLLISION: &str = "PH824";
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Written in the scenario at this line and column.
    Scenario {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A variable of the chosen profile (`variables.yaml`).
    Profile {
        /// The profile id.
        profile: String,
        /// The SUT whose values apply, if any.
        sut: Option<String>,
    },
    /// The bound SUT environment's file.
    Sut {
        /// Display path of `sut/<id>/sut.yaml`.
        file: String,
    },
    /// Computed by the platform, with the rule that did it.
    Derived(&'static str),
    /// Exported from this config field (dotted path).
    Field(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Scenario { line, column } => write!(f, "scenario:{line}:{column}"),
            Origin::Profile { profile, sut: None } => {
                write!(f, "variables.yaml profile '{profile}'")
            }
            Origin::Profile {
                profile,
                sut: Some(sut),
            } => write!(f, "variables.yaml profile '{profile}' sut '{sut}'"),
            Origin::Sut { file } => write!(f, "{file}"),
            Origin::Derived(rule) => write!(f, "derived: {rule}"),
            Origin::Field(field) => write!(f, "config: {field}"),
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whether the `{{ vars.* }}` placeholders of a config are final. A rule
/// whose verdict depends on a placeholder's value is certain only once the
/// orchestrator has rendered it (PLATFORM-KEYS.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vars {
    /// The orchestrator's rewrite is done (`plan`): what is left is what
    /// the platform sees, placeholders included when no variable resolved.
    Rendered,
    /// As written (`check`): a placeholder may still render to a valid
    /// value, so a failure that hangs on it is only likely.
    Unrendered,
}

/// The stage at which a value is read and a bad one fails
/// (PLATFORM-KEYS.md, "Stages").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Swarm create: the orchestrator's rewrite; a failure means no swarm.
    Create,
    /// Provisioning: the swarm controller; a failure fails `swarm-template`.
    Provision,
    /// Bootstrap: the worker's first `config-update`; a failure is FAILED.
    Bootstrap,
}

impl Stage {
    /// How the stage is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Create => "swarm create (orchestrator)",
            Stage::Provision => "provisioning (swarm controller)",
            Stage::Bootstrap => "bootstrap (worker config-update)",
        }
    }
}

/// A runtime finding before it is placed in the scenario ([`Pointed`]):
/// its stage (the aim) and the pointer (inside the bee's `config`, or
/// `/env`, `/work`) it is about, relative to the bee
/// (`/config/inputs/redis/sources`).
pub type Issue = Pointed<Stage>;

impl Pointed<Stage> {
    /// An issue at `pointer` (relative to the bee); the message is prefixed
    /// with the stage.
    pub fn at_stage(stage: Stage, pointer: impl Into<String>, finding: Finding) -> Self {
        let mut finding = finding;
        finding.message = format!("at {}: {}", stage.label(), finding.message);
        Self::new(pointer, stage, finding)
    }

    /// The message without its stage prefix: for a later `config-update`
    /// (`cfgate patch`), which is not the bootstrap one.
    pub(crate) fn detail(&self) -> &str {
        let prefix = format!("at {}: ", self.aim.label());
        self.finding
            .message
            .strip_prefix(prefix.as_str())
            .unwrap_or(&self.finding.message)
    }
}

/// Provenance of the values of one config: pointer -> origin. A pointer's
/// origin is its own entry or its nearest ancestor's; pointers with none
/// come from the scenario.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origins {
    set: BTreeMap<String, Origin>,
}

impl Origins {
    /// Records that the value at `pointer` (and below) comes from `origin`.
    pub fn set(&mut self, pointer: impl Into<String>, origin: Origin) {
        let pointer = pointer.into();
        let below = format!("{pointer}/");
        self.set.retain(|k, _| !k.starts_with(&below));
        self.set.insert(pointer, origin);
    }

    /// The recorded origin of `pointer` (own or nearest ancestor).
    pub fn get(&self, pointer: &str) -> Option<&Origin> {
        let mut at = pointer;
        loop {
            if let Some(origin) = self.set.get(at) {
                return Some(origin);
            }
            match at.rfind('/') {
                Some(i) => at = at.get(..i).unwrap_or(""),
                None => return None,
            }
        }
    }
}

/// The Java `toString()` of a config value, as the platform writes it into
/// env values and rendered strings (`{a=1}`, `[1, 2]`).
pub fn java_text(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(java_text).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}={}", java_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Appends an RFC 6901 segment.
pub(crate) use crate::source::yaml::child_pointer as child;

/// `/inputs/redis/listName` as `inputs.redis.listName` (a config field's
/// name in messages and provenance).
pub fn dotted(pointer: &str) -> String {
    crate::source::yaml::pointer_segments(pointer).join(".")
}

/// Deep-merges `patch` into `base` (the runtime layering of RULES.md:
/// defaults < host overrides < control-plane patches): maps merge key by
/// key, anything else (scalars, lists, `null`) replaces. The one merge
/// `plan`, `patch` and `audit` use.
///
/// ```
/// use config_core::runtime::deep_merge;
/// use serde_json::json;
/// let mut base = json!({"a": {"x": 1, "y": [1]}, "b": 1});
/// deep_merge(&mut base, &json!({"a": {"y": [2]}, "c": true}));
/// assert_eq!(base, json!({"a": {"x": 1, "y": [2]}, "b": 1, "c": true}));
/// ```
pub fn deep_merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (key, value) in patch {
                match base.get_mut(key) {
                    Some(existing) => deep_merge(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, patch) => *base = patch.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn origins_use_the_nearest_ancestor_and_a_new_set_clears_below() {
        let mut o = Origins::default();
        o.set("/a/b", Origin::Derived("x"));
        assert_eq!(o.get("/a/b/c"), Some(&Origin::Derived("x")));
        assert_eq!(o.get("/a"), None);
        o.set("/a", Origin::Derived("y"));
        assert_eq!(o.get("/a/b"), Some(&Origin::Derived("y")));
    }

    #[test]
    fn java_text_matches_map_and_list_to_string() {
        assert_eq!(
            java_text(&json!({"a": 1, "b": [true, "x"]})),
            "{a=1, b=[true, x]}"
        );
    }
}

#[cfg(test)]
mod docs_tests {
    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../../docs/FINDINGS.md");
        let parity = include_str!("../../../docs/PARITY.md");
        use super::codes::*;
        let codes = [
            DOCKER_VOLUME_INVALID,
            DOCKER_NULL,
            DOCKER_DROPPED,
            VAR_UNKNOWN,
            VAR_NULL,
            VARS_UNRESOLVED,
            SUT_ENDPOINT,
            SUT_UNBOUND,
            VARS_REPLACED,
            AUTH_PROFILE_REPLACED,
            IO_LIST,
            TARGET_IGNORED,
            BASE_URL_OVERRIDDEN,
            ENV_OVERRIDE,
            DATA_REPLACES,
            ENABLED_INVALID,
            KEY_REMOVED,
            SELECTOR_KEY,
            KEY_COLLISION,
            crate::patch::live_guard::GUARD_CODE,
            crate::patch::live_guard::DISAGREE_CODE,
        ];
        for code in codes {
            assert!(
                doc.contains(&format!("| {code} |")),
                "{code} not in docs/FINDINGS.md"
            );
            assert!(parity.contains(code), "{code} not in docs/PARITY.md");
        }
    }
}
