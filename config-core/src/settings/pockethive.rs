//! PocketHive worker host settings: the `pockethive:` namespace of the
//! worker's `application.yml` plus `POCKETHIVE_*` environment variables.
//!
//! Field names are the property paths under `pockethive.` as written in
//! the file (`control-plane.swarm-id`); the variable is the relaxed form
//! (`POCKETHIVE_CONTROL_PLANE_SWARM_ID`: upper case, `.` and `-` to `_`), so
//! one name serves both sources and the environment wins over the file.
//!
//! Requiredness and defaults (documented in docs/SETTINGS.md):
//! - `control-plane.swarm-id`, `control-plane.instance-id` and
//!   `control-plane.worker.role` are required and non-blank: a worker that
//!   does not know which swarm it belongs to, who it is, or which role it
//!   plays cannot bind its control queue.
//! - `control-plane.exchange` and `control-plane.control-queue-prefix`
//!   default to `ph.control` (PocketHive's control exchange and queue
//!   naming); `control-plane.worker.skip-self-signals` defaults to `true`
//!   (a worker ignores control signals it emitted itself).
//! - `plugin-dir` (`POCKETHIVE_PLUGIN_DIR`) defaults to `/opt/pockethive/plugins`.
//! - `inputs.type` / `outputs.type` are optional: when unset the worker's
//!   own default IO applies.
//! - The IO sub-blocks (`inputs.scheduler.*`, `inputs.redis.*`,
//!   `inputs.csv.*`, `outputs.redis.*`) are read, checked and explained by
//!   [`io`]; with the selectors they form the worker's host-override layer,
//!   [`PocketHiveSettings::host_layer`], for [`crate::patch::RuntimeConfig`].
//!
//! ```
//! use config_core::settings::{load, Component};
//! use config_core::source::env::Sources;
//! let mut sources = Sources::new();
//! sources.push(config_core::source::env::Layer::from_env([
//!     ("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "swarm-a"),
//!     ("POCKETHIVE_CONTROL_PLANE_INSTANCE_ID", "gen-1"),
//!     ("POCKETHIVE_CONTROL_PLANE_WORKER_ROLE", "generator"),
//! ]));
//! sources.push_yaml_text("application.yml".into(), "pockethive:\n  plugin-dir: /plugins\n", "pockethive");
//! let report = load(Component::PocketHiveWorker, &sources);
//! assert!(report.is_ok(), "{:?}", report.errors);
//! let ph = report.settings.get::<config_core::settings::pockethive::PocketHiveSettings>().unwrap();
//! assert_eq!((ph.swarm_id.as_str(), ph.exchange.as_str()), ("swarm-a", "ph.control"));
//! assert_eq!(ph.plugin_dir, "/plugins");
//! ```

use super::parse::{Case, Kind};
use super::service::{ComponentSettings, GatePolicy, Service};
use crate::patch::HostLayer;
use crate::scenario::kinds::io::{INPUT_TYPES, OUTPUT_TYPES};
use crate::settings::Settings;
use serde::Serialize;

pub mod io;

/// The namespace key of the YAML file and the variable prefix's root.
pub const NAMESPACE: &str = "pockethive";

/// The names of an IO type table, computed at compile time: the tables in
/// [`crate::scenario::kinds::io`] are the one declaration of the IO types.
const fn type_names<const N: usize>(
    types: &[(&'static str, Option<&'static str>)],
) -> [&'static str; N] {
    assert!(types.len() == N, "the table and the array differ in length");
    let mut out = [""; N];
    let mut src = types;
    let mut dst: &mut [&'static str] = &mut out;
    while let ([(name, _), src_tail @ ..], [slot, dst_tail @ ..]) = (src, dst) {
        *slot = name;
        src = src_tail;
        dst = dst_tail;
    }
    out
}

const INPUT_TYPE_NAMES: [&str; INPUT_TYPES.len()] = type_names(INPUT_TYPES);
const OUTPUT_TYPE_NAMES: [&str; OUTPUT_TYPES.len()] = type_names(OUTPUT_TYPES);

/// An input IO type (the worker config block's `inputs.type`), any case,
/// stored upper-case; absent = the worker's default. The options are
/// `crate::scenario::kinds::io::INPUT_TYPES`'s names.
pub const INPUT_TYPE: Kind = Kind::Choice {
    options: &INPUT_TYPE_NAMES,
    case: Case::Upper,
    optional: true,
};

/// An output IO type (`outputs.type`), like [`INPUT_TYPE`], from
/// `crate::scenario::kinds::io::OUTPUT_TYPES`.
pub const OUTPUT_TYPE: Kind = Kind::Choice {
    options: &OUTPUT_TYPE_NAMES,
    case: Case::Upper,
    optional: true,
};

/// How a PocketHive worker host reaches its control plane and plugins.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(
    domain = "pockethive",
    prefix = "POCKETHIVE_",
    file_namespace = "pockethive",
    after_load = io::load
)]
pub struct PocketHiveSettings {
    /// `inputs.type`: the input IO type; unset = the worker's default.
    #[serde(rename = "inputs.type")]
    #[setting(kind = INPUT_TYPE)]
    pub inputs_type: Option<String>,
    /// `outputs.type`: the output IO type; unset = the worker's default.
    #[serde(rename = "outputs.type")]
    #[setting(kind = OUTPUT_TYPE)]
    pub outputs_type: Option<String>,
    /// `control-plane.exchange`: the control-plane exchange.
    #[serde(rename = "control-plane.exchange")]
    #[setting(default = "ph.control")]
    pub exchange: String,
    /// `control-plane.swarm-id`: the swarm this worker belongs to.
    #[serde(rename = "control-plane.swarm-id")]
    #[setting(required)]
    pub swarm_id: String,
    /// `control-plane.instance-id`: this worker instance.
    #[serde(rename = "control-plane.instance-id")]
    #[setting(required)]
    pub instance_id: String,
    /// `control-plane.control-queue-prefix`: prefix of the control queue.
    #[serde(rename = "control-plane.control-queue-prefix")]
    #[setting(default = "ph.control")]
    pub control_queue_prefix: String,
    /// `control-plane.worker.role`: the role this worker plays in the swarm.
    #[serde(rename = "control-plane.worker.role")]
    #[setting(required)]
    pub worker_role: String,
    /// `control-plane.worker.skip-self-signals`: ignore signals it emitted.
    #[serde(rename = "control-plane.worker.skip-self-signals")]
    #[setting(default = true)]
    pub skip_self_signals: bool,
    /// `plugin-dir` (`POCKETHIVE_PLUGIN_DIR`): where worker plugins live.
    #[serde(rename = "plugin-dir")]
    #[setting(default = "/opt/pockethive/plugins")]
    pub plugin_dir: String,
    /// The worker-config part (`inputs.*`, `outputs.*`), set by [`io::load`].
    #[serde(skip)]
    #[setting(skip)]
    host: HostLayer,
}

impl PocketHiveSettings {
    /// The worker config these settings set, `inputs.type`, `outputs.type`
    /// and every IO sub-block value (typed by its schema field), with the
    /// source of each leaf (`file:PATH:LINE:COL`, `env:NAME`, `file:.env.local:LINE`):
    /// the host-override layer of [`crate::patch::RuntimeConfig::with_host`],
    /// between the worker's defaults and control-plane patches. Empty
    /// (`{}`) when the host sets no worker config.
    ///
    /// ```
    /// use config_core::settings::{load, Component};
    /// use config_core::settings::pockethive::PocketHiveSettings;
    /// use config_core::source::env::{Layer, Sources};
    /// let mut sources = Sources::new();
    /// sources.push(Layer::from_env([
    ///     ("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "s"),
    ///     ("POCKETHIVE_CONTROL_PLANE_INSTANCE_ID", "i"),
    ///     ("POCKETHIVE_CONTROL_PLANE_WORKER_ROLE", "generator"),
    ///     ("POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC", "5"),
    /// ]));
    /// sources.push_yaml_text("application.yml".into(), "pockethive:\n  inputs:\n    type: SCHEDULER\n", "pockethive");
    /// let report = load(Component::PocketHiveWorker, &sources);
    /// let host = report.settings.get::<PocketHiveSettings>().unwrap().host_layer();
    /// assert_eq!(host.value(), &serde_json::json!({"inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5}}}));
    /// assert_eq!(host.source_of("/inputs/type").to_string(), "file:application.yml:3:11");
    /// assert_eq!(host.source_of("/inputs/scheduler/ratePerSec").to_string(), "env:POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC");
    /// ```
    pub fn host_layer(&self) -> &HostLayer {
        &self.host
    }
}

crate::component! {
    /// A PocketHive worker host.
    pub struct PocketHiveWorker for POCKETHIVE = "pockethive-worker" {
        pockethive: PocketHiveSettings,
    }
}

/// The PocketHive worker host as a service of the engine: one component,
/// no renamed variables, no insecure-default policy.
pub const POCKETHIVE: Service = Service {
    name: "pockethive",
    registry: crate::deprecation::Registry::empty,
    components: &[PocketHiveWorker::SPEC],
    domains: PocketHiveWorker::SPEC.domains,
    policy: GatePolicy {
        insecure_defaults: None,
    },
};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::deprecation::Registry;
    use crate::gate::validate_all;
    use crate::settings::{load, load_with, Component};
    use crate::source::env::{Layer, Sources};

    const IDENTITY: &[(&str, &str)] = &[
        ("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "swarm-a"),
        ("POCKETHIVE_CONTROL_PLANE_INSTANCE_ID", "gen-1"),
        ("POCKETHIVE_CONTROL_PLANE_WORKER_ROLE", "generator"),
    ];

    /// The settings' IO type choices are the scenario tables' names, in
    /// order (one declaration, derived at compile time).
    #[test]
    fn io_type_choices_come_from_the_scenario_tables() {
        let names = |types: &[(&str, Option<&str>)]| -> Vec<String> {
            types.iter().map(|(n, _)| n.to_string()).collect()
        };
        for (kind, table) in [(INPUT_TYPE, INPUT_TYPES), (OUTPUT_TYPE, OUTPUT_TYPES)] {
            let options: Vec<String> = match kind {
                Kind::Choice { options, .. } => options.iter().map(|o| o.to_string()).collect(),
                _ => Vec::new(),
            };
            assert_eq!(options, names(table));
        }
        assert_eq!(
            INPUT_TYPE_NAMES,
            ["SCHEDULER", "REDIS_DATASET", "CSV_DATASET", "RABBITMQ"]
        );
    }

    fn sources(file: &str, env: &[(&str, &str)]) -> Sources {
        let mut s = Sources::new();
        s.push(Layer::from_env(env.iter().copied()));
        s.push_yaml_text("application.yml".into(), file, NAMESPACE);
        s
    }

    #[test]
    fn relaxed_binding_env_names_set_dotted_fields() {
        let mut env = IDENTITY.to_vec();
        env.push(("POCKETHIVE_CONTROL_PLANE_WORKER_SKIP_SELF_SIGNALS", "false"));
        env.push(("POCKETHIVE_PLUGIN_DIR", "/p"));
        env.push(("POCKETHIVE_INPUTS_TYPE", "scheduler"));
        let report = load(Component::PocketHiveWorker, &sources("", &env));
        assert!(report.is_ok(), "{:?}", report.errors);
        let ph = report
            .settings
            .get::<PocketHiveSettings>()
            .cloned()
            .unwrap();
        assert_eq!(ph.swarm_id, "swarm-a");
        assert!(!ph.skip_self_signals);
        assert_eq!(ph.plugin_dir, "/p");
        assert_eq!(ph.inputs_type.as_deref(), Some("SCHEDULER"));
        let v = report
            .value("pockethive", "control-plane.swarm-id")
            .unwrap();
        assert_eq!(
            v.source.to_string(),
            "env:POCKETHIVE_CONTROL_PLANE_SWARM_ID"
        );
    }

    #[test]
    fn defaults_and_required_fields() {
        let report = load(Component::PocketHiveWorker, &sources("", &[]));
        let codes: Vec<(&str, &str)> = report
            .errors
            .iter()
            .map(|e| (e.code, e.field.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("missing", "control-plane.swarm-id"),
                ("missing", "control-plane.instance-id"),
                ("missing", "control-plane.worker.role"),
            ]
        );
        assert!(report.errors[0]
            .message
            .contains("'pockethive.control-plane.swarm-id' in the config file"));
        let ok = load(Component::PocketHiveWorker, &sources("", IDENTITY));
        let ph = ok.settings.get::<PocketHiveSettings>().cloned().unwrap();
        assert_eq!(ph.exchange, "ph.control");
        assert_eq!(ph.control_queue_prefix, "ph.control");
        assert_eq!(ph.plugin_dir, "/opt/pockethive/plugins");
        assert!(ph.skip_self_signals);
        assert_eq!(ph.inputs_type, None);
    }

    #[test]
    fn file_values_have_line_and_column_and_env_beats_file() {
        let file = "\
pockethive:
  control-plane:
    swarm-id: from-file
    instance-id: file-instance
    exchange: file.exchange
    worker:
      role: generator
";
        let env = [("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "from-env")];
        let report = load(Component::PocketHiveWorker, &sources(file, &env));
        assert!(report.is_ok(), "{:?}", report.errors);
        let swarm = report
            .value("pockethive", "control-plane.swarm-id")
            .unwrap();
        assert_eq!(swarm.value, "from-env");
        assert_eq!(
            swarm.source.to_string(),
            "env:POCKETHIVE_CONTROL_PLANE_SWARM_ID"
        );
        let exchange = report
            .value("pockethive", "control-plane.exchange")
            .unwrap();
        assert_eq!(exchange.value, "file.exchange");
        assert_eq!(exchange.source.to_string(), "file:application.yml:5:15");
    }

    #[test]
    fn placeholders_resolved_defaulted_and_missing() {
        let file = "\
pockethive:
  control-plane:
    swarm-id: ${SWARM}
    instance-id: ${INSTANCE:bee-1}
    worker:
      role: ${ROLE}
";
        let report = load(
            Component::PocketHiveWorker,
            &sources(file, &[("SWARM", "s-1")]),
        );
        assert_eq!(
            report
                .value("pockethive", "control-plane.swarm-id")
                .unwrap()
                .value,
            "s-1"
        );
        assert_eq!(
            report
                .value("pockethive", "control-plane.instance-id")
                .unwrap()
                .value,
            "bee-1"
        );
        let placeholder = &report.errors[0];
        assert_eq!(placeholder.code, "unresolved-placeholder");
        assert_eq!(placeholder.source.to_string(), "file:application.yml:6:13");
        assert!(placeholder.message.contains("'ROLE' is not set"));
        // The role is then unset: reported too, so the fix is complete.
        assert_eq!(report.errors[1].code, "missing");
        assert_eq!(report.errors.len(), 2);
    }

    #[test]
    fn gate_collects_every_error_at_once_and_never_prints_values_of_missing() {
        let env = [
            ("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "  "),
            ("POCKETHIVE_OUTPUTS_TYPE", "KAFKA"),
            ("POCKETHIVE_CONTROL_PLANE_WORKER_SKIP_SELF_SIGNALS", "maybe"),
        ];
        let component: Component = "pockethive-worker".parse().unwrap();
        let err = validate_all(component, &sources("", &env)).unwrap_err();
        let codes: Vec<&str> = err.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["parse", "blank", "missing", "missing", "parse"]);
        assert!(err.to_string().contains("pockethive.outputs.type"));
    }

    #[test]
    fn deprecated_names_from_an_injected_registry_work_in_file_and_env() {
        let registry = Registry::parse(
            "[[rename]]\nold = \"POCKETHIVE_SWARM_ID\"\nnew = \"POCKETHIVE_CONTROL_PLANE_SWARM_ID\"\nsince = \"0.15\"\n",
        )
        .unwrap();
        let env = [
            ("POCKETHIVE_CONTROL_PLANE_INSTANCE_ID", "gen-1"),
            ("POCKETHIVE_CONTROL_PLANE_WORKER_ROLE", "generator"),
        ];
        let file = "pockethive:\n  swarm-id: old-file\n";
        let report = load_with(Component::PocketHiveWorker, &sources(file, &env), &registry);
        assert!(report.is_ok(), "{:?}", report.errors);
        assert_eq!(
            report
                .settings
                .get::<PocketHiveSettings>()
                .cloned()
                .unwrap()
                .swarm_id,
            "old-file"
        );
        let w = &report.warnings[0];
        assert_eq!(w.code, "deprecated-name");
        assert_eq!(
            w.replacement.as_deref(),
            Some("POCKETHIVE_CONTROL_PLANE_SWARM_ID")
        );
        assert_eq!(w.source.to_string(), "file:application.yml:2:13");
        // The new name in the environment wins over the old one in the file.
        let mut env2 = env.to_vec();
        env2.push(("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "new-env"));
        let report = load_with(
            Component::PocketHiveWorker,
            &sources(file, &env2),
            &registry,
        );
        assert_eq!(
            report
                .settings
                .get::<PocketHiveSettings>()
                .cloned()
                .unwrap()
                .swarm_id,
            "new-env"
        );
        assert!(report
            .warnings
            .iter()
            .any(|w| w.code == "conflicting-names"));
    }
}
