//! Interactive Brokers gateway settings, prefix `KTRDR_IB_`.

use crate::settings::Settings;
use serde::Serialize;

/// Connection and pacing for the IB gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "ib", prefix = "KTRDR_IB_")]
pub struct IbSettings {
    /// Gateway host.
    #[setting(default = "127.0.0.1")]
    pub host: String,
    /// Gateway port (7497/4002 paper, 7496/4001 live).
    #[setting(default = 4002, ge = 1, le = 65535)]
    pub port: i64,
    /// Client id.
    #[setting(default = 1)]
    pub client_id: i64,
    /// Connection timeout in seconds.
    #[setting(default = 30, gt = 0)]
    pub timeout: i64,
    /// Read-only connection.
    #[setting(default = false)]
    pub readonly: bool,
    /// Requests allowed per rate period.
    #[setting(default = 50, gt = 0)]
    pub rate_limit: i64,
    /// Rate period in seconds.
    #[setting(default = 60, gt = 0)]
    pub rate_period: i64,
    /// Retries after the first attempt.
    #[setting(default = 3, ge = 0)]
    pub max_retries: i64,
    /// First retry delay in seconds.
    #[setting(default = 2.0, gt = 0)]
    pub retry_base_delay: f64,
    /// Longest retry delay in seconds.
    #[setting(default = 60.0, gt = 0)]
    pub retry_max_delay: f64,
    /// Seconds between requests.
    #[setting(default = 0.6, ge = 0)]
    pub pacing_delay: f64,
    /// Requests allowed per 10 minutes.
    #[setting(default = 60, gt = 0)]
    pub max_requests_per_10min: i64,
}

impl IbSettings {
    /// Whether the port is a paper-trading port (7497 or 4002).
    pub fn is_paper(&self) -> bool {
        matches!(self.port, 7497 | 4002)
    }

    /// Whether the port is a live-trading port (7496 or 4001).
    pub fn is_live(&self) -> bool {
        matches!(self.port, 7496 | 4001)
    }
}
