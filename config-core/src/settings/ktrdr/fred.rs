//! FRED (economic data) settings, prefix `KTRDR_FRED_`.

use crate::secret::Secret;
use crate::settings::Settings;
use serde::Serialize;

/// The FRED API client.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "fred", prefix = "KTRDR_FRED_")]
pub struct FredSettings {
    /// API key (secret); empty = not configured.
    #[setting(default = "")]
    pub api_key: Secret,
    /// Observations endpoint.
    #[setting(default = "https://api.stlouisfed.org/fred/series/observations")]
    pub base_url: String,
    /// Requests per minute.
    #[setting(default = 120, gt = 0)]
    pub rate_limit: i64,
    /// Where responses are cached.
    #[setting(default = "data/context/fred")]
    pub cache_dir: String,
}

impl FredSettings {
    /// Whether an API key is set (non-empty).
    pub fn has_api_key(&self) -> bool {
        !self.api_key.expose().is_empty()
    }
}
