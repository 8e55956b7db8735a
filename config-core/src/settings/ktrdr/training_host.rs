//! Training host service settings, prefix `KTRDR_TRAINING_HOST_`.

use crate::settings::Settings;
use serde::Serialize;

/// Where the training host service runs and how it is called.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "training_host", prefix = "KTRDR_TRAINING_HOST_")]
pub struct TrainingHostSettings {
    /// Host name.
    #[setting(default = "localhost")]
    pub host: String,
    /// Port.
    #[setting(default = 5002, ge = 1, le = 65535)]
    pub port: i64,
    /// Use the host service.
    #[setting(default = false)]
    pub enabled: bool,
    /// Request timeout in seconds.
    #[setting(default = 30.0, gt = 0)]
    pub timeout: f64,
    /// Seconds between health checks.
    #[setting(default = 10.0, gt = 0)]
    pub health_check_interval: f64,
    /// Retries after the first attempt.
    #[setting(default = 3, ge = 0)]
    pub max_retries: i64,
    /// Seconds between retries.
    #[setting(default = 1.0, ge = 0)]
    pub retry_delay: f64,
}

impl TrainingHostSettings {
    /// `http://HOST:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }
}
