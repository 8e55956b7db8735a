//! Worker settings, prefix `KTRDR_WORKER_`. The backend address is not here:
//! it comes from [`super::api_client::ApiClientSettings::base_url`].

use crate::settings::Settings;
use serde::Serialize;

/// How a worker registers and stays alive.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "worker", prefix = "KTRDR_WORKER_")]
pub struct WorkerSettings {
    /// Worker id; unset (or empty) lets the runtime generate one. Its
    /// variable is `KTRDR_WORKER_ID`, an explicit name in the service (not
    /// `KTRDR_WORKER_WORKER_ID`, which nothing reads).
    #[setting(env = "KTRDR_WORKER_ID")]
    pub worker_id: Option<String>,
    /// Listening port (the one canonical default, 5003).
    #[setting(default = 5003, ge = 1, le = 65535)]
    pub port: i64,
    /// Seconds between heartbeats.
    #[setting(default = 30, gt = 0)]
    pub heartbeat_interval: i64,
    /// Seconds to wait for registration.
    #[setting(default = 10, gt = 0)]
    pub registration_timeout: i64,
    /// The URL the backend calls this worker on; `None` = auto-detected.
    pub endpoint_url: Option<String>,
    /// Public base URL, if different from the endpoint.
    pub public_base_url: Option<String>,
    /// Seconds between health checks.
    #[setting(default = 10, gt = 0)]
    pub health_check_interval: i64,
    /// Seconds before a health check times out.
    #[setting(default = 5, gt = 0)]
    pub health_check_timeout: i64,
    /// Failed checks before the worker is marked unhealthy.
    #[setting(default = 3, gt = 0)]
    pub health_check_failures: i64,
    /// Seconds unhealthy before removal.
    #[setting(default = 300, gt = 0)]
    pub removal_threshold: i64,
}
