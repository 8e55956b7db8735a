//! Ib host service settings, prefix `KTRDR_IB_HOST_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// Where the ib host service runs and how it is called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct IbHostSettings {
    /// Host name.
    pub host: String,
    /// Port.
    #[validate(range(min = 1, max = 65535, message = "must be between 1 and 65535"))]
    pub port: i64,
    /// Use the host service.
    pub enabled: bool,
    /// Request timeout in seconds.
    #[validate(range(exclusive_min = 0.0, message = "must be greater than 0"))]
    pub timeout: f64,
    /// Seconds between health checks.
    #[validate(range(exclusive_min = 0.0, message = "must be greater than 0"))]
    pub health_check_interval: f64,
    /// Retries after the first attempt.
    #[validate(range(min = 0, message = "must be at least 0"))]
    pub max_retries: i64,
    /// Seconds between retries.
    #[validate(range(min = 0.0, message = "must be at least 0"))]
    pub retry_delay: f64,
}

impl IbHostSettings {
    /// `http://HOST:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("host", Kind::Str, Some("localhost")),
    FieldSpec::new("port", Kind::Int, Some("5001")).rule("1..=65535"),
    FieldSpec::new("enabled", Kind::Bool, Some("false")),
    FieldSpec::new("timeout", Kind::Float, Some("30.0")).rule("> 0"),
    FieldSpec::new("health_check_interval", Kind::Float, Some("10.0")).rule("> 0"),
    FieldSpec::new("max_retries", Kind::Int, Some("3")).rule(">= 0"),
    FieldSpec::new("retry_delay", Kind::Float, Some("1.0")).rule(">= 0"),
];

impl Domain for IbHostSettings {
    const NAME: &'static str = "ib_host";
    const PREFIX: &'static str = "KTRDR_IB_HOST_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.ib_host = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.ib_host.as_ref()
    }
}
