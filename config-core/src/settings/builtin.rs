//! The components `cfgate` ships with, across its two built-in services
//! (KTRDR and the PocketHive worker host): the names `--component` takes.

use super::ktrdr::{self, KTRDR};
use super::pockethive::{self, POCKETHIVE};
use super::service::{ComponentSettings, ComponentSpec, Service};
use super::FieldSpec;
use crate::source::env::{ConfigFile, EnvFile, SourceError, Sources};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Which service's settings to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Component {
    /// KTRDR [`ktrdr::Worker`]: database, logging, observability, worker,
    /// checkpoint, orphan detector and operations (the service's worker
    /// gate; not the API client).
    Worker,
    /// KTRDR [`ktrdr::Backend`]: database, api, auth, logging,
    /// observability, ib, ib host service and training host service.
    Backend,
    /// KTRDR [`ktrdr::All`]: the service's `validate_all("all")`, i.e. the
    /// backend's domains then the worker's (12 of the 18; PocketHive is a
    /// separate product and is not included).
    All,
    /// KTRDR [`ktrdr::Ungated`]: the six domains no startup gate checks
    /// (API client, agent, agent trigger, agent gate, data, FRED).
    Ungated,
    /// The PocketHive worker host ([`pockethive::PocketHiveWorker`]).
    #[serde(rename = "pockethive-worker")]
    PocketHiveWorker,
}

impl Component {
    /// Its service and component declaration.
    pub fn select(self) -> (&'static Service, &'static ComponentSpec) {
        match self {
            Component::Worker => (&KTRDR, &<ktrdr::Worker as ComponentSettings>::SPEC),
            Component::Backend => (&KTRDR, &<ktrdr::Backend as ComponentSettings>::SPEC),
            Component::All => (&KTRDR, &<ktrdr::All as ComponentSettings>::SPEC),
            Component::Ungated => (&KTRDR, &<ktrdr::Ungated as ComponentSettings>::SPEC),
            Component::PocketHiveWorker => (
                &POCKETHIVE,
                &<pockethive::PocketHiveWorker as ComponentSettings>::SPEC,
            ),
        }
    }

    /// The sources a process of this component reads, lowest first: for
    /// `pockethive-worker` its YAML settings file (`config`, default
    /// `application.yml` if present; placeholders resolve from the layers
    /// above), then the env file (`env_file`, default `.env.local` if
    /// present), then the process environment. A file given explicitly
    /// must exist.
    ///
    /// ```
    /// use config_core::settings::Component;
    /// let sources = Component::Worker.process_sources(Some("no/such/.env".as_ref()), None, None);
    /// assert!(sources.is_err());
    /// ```
    ///
    /// `dotenv` is a KTRDR `.env` file, read as the service's `import
    /// ktrdr` loads it: into the process environment, without overriding
    /// it ([`Sources::push_dotenv_into_env`]).
    pub fn process_sources(
        self,
        env_file: Option<&Path>,
        config: Option<&Path>,
        dotenv: Option<&Path>,
    ) -> Result<Sources, SourceError> {
        let file = match env_file {
            Some(path) => EnvFile::Required(path.to_path_buf()),
            None => EnvFile::default_local(),
        };
        let config = match (config, self) {
            (Some(path), _) => ConfigFile::Required(path.to_path_buf()),
            (None, Component::PocketHiveWorker) => {
                ConfigFile::Optional(PathBuf::from("application.yml"))
            }
            (None, _) => ConfigFile::None,
        };
        // The service loads `.env` into its environment at import, before
        // any settings class reads `.env.local`.
        let mut sources = Sources::from_process(&EnvFile::None)?;
        if let Some(path) = dotenv {
            sources.push_dotenv_into_env(&EnvFile::Required(path.to_path_buf()))?;
        }
        sources.push_env_file(&file)?;
        // Below the environment; placeholders resolve from it.
        sources.push_yaml_file(&config, pockethive::NAMESPACE)?;
        Ok(sources)
    }

    /// The domain keys this component checks, in report order.
    pub fn domains(self) -> Vec<&'static str> {
        self.select().1.domains.iter().map(|d| d.name).collect()
    }
}

/// Every KTRDR domain key, in documentation order.
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
    "agent",
    "agent_trigger",
    "agent_gate",
    "data",
    "fred",
];

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.select().1.name)
    }
}

/// An unknown component name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown component '{0}'; fix: use worker, backend, all, ungated or pockethive-worker")]
pub struct UnknownComponent(pub String);

impl FromStr for Component {
    type Err = UnknownComponent;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "worker" => Ok(Component::Worker),
            "backend" => Ok(Component::Backend),
            "all" => Ok(Component::All),
            "ungated" => Ok(Component::Ungated),
            "pockethive-worker" => Ok(Component::PocketHiveWorker),
            other => Err(UnknownComponent(other.to_string())),
        }
    }
}

/// Every field of every built-in domain with its prefix: `(domain, prefix,
/// fields)`, KTRDR's then PocketHive's.
pub fn catalogue() -> Vec<(&'static str, &'static str, &'static [FieldSpec])> {
    KTRDR
        .domains
        .iter()
        .chain(POCKETHIVE.domains)
        .map(|d| (d.name, d.prefix, (d.fields)()))
        .collect()
}
