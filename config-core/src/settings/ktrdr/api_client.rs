//! API client settings (how workers and the CLI reach the backend), prefix
//! `KTRDR_API_CLIENT_`.

use crate::settings::Settings;
use serde::Serialize;

/// The backend address and retry policy.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "api_client", prefix = "KTRDR_API_CLIENT_")]
pub struct ApiClientSettings {
    /// Whether the client is used.
    #[setting(default = true)]
    pub enabled: bool,
    /// Backend base URL.
    #[setting(default = "http://localhost:8000/api/v1")]
    pub base_url: String,
    /// Request timeout in seconds.
    #[setting(default = 30.0, gt = 0)]
    pub timeout: f64,
    /// Retries after the first attempt.
    #[setting(default = 3, ge = 0)]
    pub max_retries: i64,
    /// Seconds between retries.
    #[setting(default = 1.0, ge = 0)]
    pub retry_delay: f64,
    /// Seconds between health checks (the service sets no rule).
    #[setting(default = 10.0)]
    pub health_check_interval: f64,
}
