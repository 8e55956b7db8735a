//! Backend API server settings, prefix `KTRDR_API_`.

use crate::settings::Settings;
use serde::Serialize;

/// The backend's HTTP server.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "api", prefix = "KTRDR_API_")]
pub struct ApiSettings {
    /// API title.
    #[setting(default = "KTRDR API")]
    pub title: String,
    /// API description.
    #[setting(default = "REST API for KTRDR trading system")]
    pub description: String,
    /// API version (defaults to the package version).
    #[setting(default = env!("CARGO_PKG_VERSION"))]
    pub version: String,
    /// Bind address.
    #[setting(default = "127.0.0.1")]
    pub host: String,
    /// Bind port.
    #[setting(default = 8000)]
    pub port: i64,
    /// Auto-reload on code change.
    #[setting(default = true)]
    pub reload: bool,
    /// DEBUG, INFO, WARNING, ERROR or CRITICAL (stored upper-case).
    #[setting(kind = super::LOG_LEVEL, default = "INFO")]
    pub log_level: String,
    /// development, staging or production (stored lower-case).
    #[setting(kind = super::ENVIRONMENT, default = "development")]
    pub environment: String,
    /// URL prefix of every route (`KTRDR_API_API_PREFIX`).
    #[setting(default = "/api/v1")]
    pub api_prefix: String,
    /// Allowed CORS origins.
    #[setting(default = ["*"])]
    pub cors_origins: Vec<String>,
    /// Allow credentials in CORS requests.
    #[setting(default = true)]
    pub cors_allow_credentials: bool,
    /// Allowed CORS methods.
    #[setting(default = ["*"])]
    pub cors_allow_methods: Vec<String>,
    /// Allowed CORS headers.
    #[setting(default = ["*"])]
    pub cors_allow_headers: Vec<String>,
    /// Seconds browsers may cache a CORS preflight.
    #[setting(default = 600)]
    pub cors_max_age: i64,
}
