//! KTRDR, the first user of the settings engine: its domains (one
//! `#[derive(Settings)]` struct each, one file each), its components, its
//! deprecation registry (`deprecations.toml`) and its gate policy
//! (`KTRDR_ENV`, `KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS`).
//!
//! ```
//! use config_core::gate::validate;
//! use config_core::settings::ktrdr::Worker;
//! use config_core::source::env::{EnvFile, Sources};
//! let sources = Sources::from_env_and_file([("KTRDR_WORKER_PORT", "5010")], &EnvFile::None).unwrap();
//! let valid = validate::<Worker>(&sources).unwrap();
//! assert_eq!(valid.settings.worker.port, 5010); // no Option per domain
//! assert_eq!(valid.settings.database.port, 5432);
//! ```

pub mod agent;
pub mod agent_gate;
pub mod agent_trigger;
pub mod api;
pub mod api_client;
pub mod auth;
pub mod checkpoint;
pub mod data;
pub mod database;
pub mod fred;
pub mod ib;
pub mod ib_host;
pub mod logging;
pub mod observability;
pub mod operations;
pub mod orphan_detector;
pub mod training_host;
pub mod worker;

use super::parse::{Case, Kind};
use super::service::{
    ComponentSettings, DomainEntry, GatePolicy, Inputs, InsecureDefaults, Service,
};
use crate::component;

/// The variable that turns insecure defaults into errors when `production`.
pub const ENV_VAR: &str = "KTRDR_ENV";

/// The variable that silences the insecure-default warning outside production.
pub const ACK_VAR: &str = "KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS";

/// A log level: any case, stored upper-case.
pub const LOG_LEVEL: Kind = Kind::Choice {
    options: &["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    case: Case::Upper,
    optional: false,
};

/// A deployment environment: any case, stored lower-case.
pub const ENVIRONMENT: Kind = Kind::Choice {
    options: &["development", "staging", "production"],
    case: Case::Lower,
    optional: false,
};

/// How every KTRDR process reads its inputs (SETTINGS.md "How a name is
/// resolved", §2.4): pydantic-settings with `case_sensitive=False`, so
/// `ktrdr_db_host` sets the DB host; the API client
/// (`ApiServiceSettings`) reads no `.env.local` (settings.py:1334-1336);
/// `DatabaseSettings` forbids extra keys, so any other non-empty
/// `.env.local` key stops the service (settings.py:436); values are parsed
/// by pydantic 2.11's lax rules (§1).
pub const INPUTS: Inputs = Inputs {
    case_insensitive_names: true,
    env_file_ignored_by: &["api_client"],
    env_file_extras_rejected_by: &["database"],
    startup_gate: true,
    value_syntax: super::parse::ValueSyntax::Pydantic,
};

/// How the classes no startup gate validates are read: as [`INPUTS`], but
/// with no gate policy (the service builds them at first use).
pub const UNGATED_INPUTS: Inputs = Inputs {
    startup_gate: false,
    ..INPUTS
};

component! {
    /// A KTRDR worker process (training or backtesting), as the service's
    /// `validate_all("worker")` checks it (validation.py:93-99): database,
    /// logging, observability, worker, checkpoint, orphan detector and
    /// operations (not the API client; the JWT secret's insecure default
    /// is checked too).
    pub struct Worker for KTRDR = "worker", inputs INPUTS {
        database: database::DatabaseSettings,
        logging: logging::LoggingSettings,
        observability: observability::ObservabilitySettings,
        worker: worker::WorkerSettings,
        checkpoint: checkpoint::CheckpointSettings,
        orphan_detector: orphan_detector::OrphanDetectorSettings,
        operations: operations::OperationsSettings,
    }
}

component! {
    /// The KTRDR backend (API server), as the service's
    /// `validate_all("backend")` checks it (validation.py:83-90).
    pub struct Backend for KTRDR = "backend", inputs INPUTS {
        database: database::DatabaseSettings,
        api: api::ApiSettings,
        auth: auth::AuthSettings,
        logging: logging::LoggingSettings,
        observability: observability::ObservabilitySettings,
        ib: ib::IbSettings,
        ib_host: ib_host::IbHostSettings,
        training_host: training_host::TrainingHostSettings,
    }
}

component! {
    /// Every class a KTRDR startup gate validates, as the service's
    /// `validate_all("all")` checks them (validation.py:266-273): the
    /// backend's, then the worker's not already listed. The six classes no
    /// gate validates are the `ungated` component.
    pub struct All for KTRDR = "all", inputs INPUTS {
        database: database::DatabaseSettings,
        api: api::ApiSettings,
        auth: auth::AuthSettings,
        logging: logging::LoggingSettings,
        observability: observability::ObservabilitySettings,
        ib: ib::IbSettings,
        ib_host: ib_host::IbHostSettings,
        training_host: training_host::TrainingHostSettings,
        worker: worker::WorkerSettings,
        checkpoint: checkpoint::CheckpointSettings,
        orphan_detector: orphan_detector::OrphanDetectorSettings,
        operations: operations::OperationsSettings,
    }
}

component! {
    /// The six KTRDR classes no startup gate validates (API client, agent,
    /// agent trigger, agent gate, data, FRED): the service builds them at
    /// first use and fails there, after it has started.
    pub struct Ungated for KTRDR = "ungated", inputs UNGATED_INPUTS {
        api_client: api_client::ApiClientSettings,
        agent: agent::AgentSettings,
        agent_trigger: agent_trigger::AgentTriggerSettings,
        agent_gate: agent_gate::AgentGateSettings,
        data: data::DataSettings,
        fred: fred::FredSettings,
    }
}

component! {
    /// Every KTRDR domain, in documentation order (the 18 settings
    /// classes; for the docs, the schema and the settings cache).
    pub struct Every for KTRDR = "every", inputs INPUTS {
        worker: worker::WorkerSettings,
        checkpoint: checkpoint::CheckpointSettings,
        orphan_detector: orphan_detector::OrphanDetectorSettings,
        operations: operations::OperationsSettings,
        database: database::DatabaseSettings,
        logging: logging::LoggingSettings,
        observability: observability::ObservabilitySettings,
        api_client: api_client::ApiClientSettings,
        api: api::ApiSettings,
        auth: auth::AuthSettings,
        ib: ib::IbSettings,
        ib_host: ib_host::IbHostSettings,
        training_host: training_host::TrainingHostSettings,
        agent: agent::AgentSettings,
        agent_trigger: agent_trigger::AgentTriggerSettings,
        agent_gate: agent_gate::AgentGateSettings,
        data: data::DataSettings,
        fred: fred::FredSettings,
    }
}

/// The KTRDR service: components `worker`, `backend`, `all` (the three
/// startup gates) and `ungated` (the classes no gate validates).
pub const KTRDR: Service = Service {
    name: "ktrdr",
    registry: crate::deprecation::registry,
    components: &[Worker::SPEC, Backend::SPEC, All::SPEC, Ungated::SPEC],
    domains: Every::SPEC.domains,
    policy: GatePolicy {
        insecure_defaults: Some(InsecureDefaults {
            environment_var: ENV_VAR,
            production: "production",
            acknowledge_var: ACK_VAR,
            // The service's insecure check reads the JWT secret for every
            // component (validation.py:130-133, 305).
            always_checked: &[DomainEntry::of::<auth::AuthSettings>()],
        }),
    },
};
