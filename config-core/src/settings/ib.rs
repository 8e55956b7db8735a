//! Interactive Brokers gateway settings, prefix `KTRDR_IB_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// Connection and pacing for the IB gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct IbSettings {
    /// Gateway host.
    pub host: String,
    /// Gateway port (7497/4002 paper, 7496/4001 live).
    #[validate(range(min = 1, max = 65535, message = "must be between 1 and 65535"))]
    pub port: i64,
    /// Client id.
    pub client_id: i64,
    /// Connection timeout in seconds.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub timeout: i64,
    /// Read-only connection.
    pub readonly: bool,
    /// Requests allowed per rate period.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub rate_limit: i64,
    /// Rate period in seconds.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub rate_period: i64,
    /// Retries after the first attempt.
    #[validate(range(min = 0, message = "must be at least 0"))]
    pub max_retries: i64,
    /// First retry delay in seconds.
    #[validate(range(exclusive_min = 0.0, message = "must be greater than 0"))]
    pub retry_base_delay: f64,
    /// Longest retry delay in seconds.
    #[validate(range(exclusive_min = 0.0, message = "must be greater than 0"))]
    pub retry_max_delay: f64,
    /// Seconds between requests.
    #[validate(range(min = 0.0, message = "must be at least 0"))]
    pub pacing_delay: f64,
    /// Requests allowed per 10 minutes.
    #[validate(range(min = 1, message = "must be greater than 0"))]
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

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("host", Kind::Str, Some("127.0.0.1")),
    FieldSpec::new("port", Kind::Int, Some("4002")).rule("1..=65535"),
    FieldSpec::new("client_id", Kind::Int, Some("1")),
    FieldSpec::new("timeout", Kind::Int, Some("30")).rule("> 0"),
    FieldSpec::new("readonly", Kind::Bool, Some("false")),
    FieldSpec::new("rate_limit", Kind::Int, Some("50")).rule("> 0"),
    FieldSpec::new("rate_period", Kind::Int, Some("60")).rule("> 0"),
    FieldSpec::new("max_retries", Kind::Int, Some("3")).rule(">= 0"),
    FieldSpec::new("retry_base_delay", Kind::Float, Some("2.0")).rule("> 0"),
    FieldSpec::new("retry_max_delay", Kind::Float, Some("60.0")).rule("> 0"),
    FieldSpec::new("pacing_delay", Kind::Float, Some("0.6")).rule(">= 0"),
    FieldSpec::new("max_requests_per_10min", Kind::Int, Some("60")).rule("> 0"),
];

impl Domain for IbSettings {
    const NAME: &'static str = "ib";
    const PREFIX: &'static str = "KTRDR_IB_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.ib = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.ib.as_ref()
    }
}
