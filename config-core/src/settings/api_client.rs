//! API client settings (how workers and the CLI reach the backend), prefix
//! `KTRDR_API_CLIENT_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// The backend address and retry policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ApiClientSettings {
    /// Backend base URL.
    pub base_url: String,
    /// Request timeout in seconds.
    #[validate(range(exclusive_min = 0.0, message = "must be greater than 0"))]
    pub timeout: f64,
    /// Retries after the first attempt.
    #[validate(range(min = 0, message = "must be at least 0"))]
    pub max_retries: i64,
    /// Seconds between retries.
    #[validate(range(min = 0.0, message = "must be at least 0"))]
    pub retry_delay: f64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("base_url", Kind::Str, Some("http://localhost:8000/api/v1")),
    FieldSpec::new("timeout", Kind::Float, Some("30.0")).rule("> 0"),
    FieldSpec::new("max_retries", Kind::Int, Some("3")).rule(">= 0"),
    FieldSpec::new("retry_delay", Kind::Float, Some("1.0")).rule(">= 0"),
];

impl Domain for ApiClientSettings {
    const NAME: &'static str = "api_client";
    const PREFIX: &'static str = "KTRDR_API_CLIENT_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.api_client = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.api_client.as_ref()
    }
}
