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
use super::service::{ComponentSettings, DomainEntry, GatePolicy, InsecureDefaults, Service};
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

component! {
    /// A KTRDR worker process (training or backtesting).
    pub struct Worker for KTRDR = "worker" {
        worker: worker::WorkerSettings,
        checkpoint: checkpoint::CheckpointSettings,
        orphan_detector: orphan_detector::OrphanDetectorSettings,
        operations: operations::OperationsSettings,
        database: database::DatabaseSettings,
        logging: logging::LoggingSettings,
        observability: observability::ObservabilitySettings,
        api_client: api_client::ApiClientSettings,
    }
}

component! {
    /// The KTRDR backend (API server).
    pub struct Backend for KTRDR = "backend" {
        database: database::DatabaseSettings,
        logging: logging::LoggingSettings,
        observability: observability::ObservabilitySettings,
        api: api::ApiSettings,
        auth: auth::AuthSettings,
        ib: ib::IbSettings,
        ib_host: ib_host::IbHostSettings,
        training_host: training_host::TrainingHostSettings,
    }
}

component! {
    /// Every KTRDR domain (all 18 settings classes of the service).
    pub struct All for KTRDR = "all" {
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

/// The KTRDR service: components `worker`, `backend` and `all`.
pub const KTRDR: Service = Service {
    name: "ktrdr",
    registry: crate::deprecation::registry,
    components: &[Worker::SPEC, Backend::SPEC, All::SPEC],
    domains: All::SPEC.domains,
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
