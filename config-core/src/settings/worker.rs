//! Worker settings, prefix `KTRDR_WORKER_`. The backend address is not here:
//! it comes from [`super::api_client::ApiClientSettings::base_url`].

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// How a worker registers and stays alive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct WorkerSettings {
    /// Worker id; `None` lets the runtime generate one.
    pub worker_id: Option<String>,
    /// Listening port (the one canonical default, 5003).
    #[validate(range(min = 1, max = 65535, message = "must be between 1 and 65535"))]
    pub port: i64,
    /// Seconds between heartbeats.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub heartbeat_interval: i64,
    /// Seconds to wait for registration.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub registration_timeout: i64,
    /// The URL the backend calls this worker on; `None` = auto-detected.
    pub endpoint_url: Option<String>,
    /// Public base URL, if different from the endpoint.
    pub public_base_url: Option<String>,
    /// Seconds between health checks.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub health_check_interval: i64,
    /// Seconds before a health check times out.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub health_check_timeout: i64,
    /// Failed checks before the worker is marked unhealthy.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub health_check_failures: i64,
    /// Seconds unhealthy before removal.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub removal_threshold: i64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("worker_id", Kind::OptStr, None),
    FieldSpec::new("port", Kind::Int, Some("5003")).rule("1..=65535"),
    FieldSpec::new("heartbeat_interval", Kind::Int, Some("30")).rule("> 0"),
    FieldSpec::new("registration_timeout", Kind::Int, Some("10")).rule("> 0"),
    FieldSpec::new("endpoint_url", Kind::OptStr, None),
    FieldSpec::new("public_base_url", Kind::OptStr, None),
    FieldSpec::new("health_check_interval", Kind::Int, Some("10")).rule("> 0"),
    FieldSpec::new("health_check_timeout", Kind::Int, Some("5")).rule("> 0"),
    FieldSpec::new("health_check_failures", Kind::Int, Some("3")).rule("> 0"),
    FieldSpec::new("removal_threshold", Kind::Int, Some("300")).rule("> 0"),
];

impl Domain for WorkerSettings {
    const NAME: &'static str = "worker";
    const PREFIX: &'static str = "KTRDR_WORKER_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.worker = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.worker.as_ref()
    }
}
