//! Backend API server settings, prefix `KTRDR_API_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// The backend's HTTP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// API title.
    pub title: String,
    /// API description.
    pub description: String,
    /// API version (defaults to the package version).
    pub version: String,
    /// Bind address.
    pub host: String,
    /// Bind port.
    pub port: i64,
    /// Auto-reload on code change.
    pub reload: bool,
    /// DEBUG, INFO, WARNING, ERROR or CRITICAL (stored upper-case).
    pub log_level: String,
    /// development, staging or production (stored lower-case).
    pub environment: String,
    /// URL prefix of every route (`KTRDR_API_API_PREFIX`).
    pub api_prefix: String,
    /// Allowed CORS origins.
    pub cors_origins: Vec<String>,
    /// Allow credentials in CORS requests.
    pub cors_allow_credentials: bool,
    /// Allowed CORS methods.
    pub cors_allow_methods: Vec<String>,
    /// Allowed CORS headers.
    pub cors_allow_headers: Vec<String>,
    /// Seconds browsers may cache a CORS preflight.
    pub cors_max_age: i64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("title", Kind::Str, Some("KTRDR API")),
    FieldSpec::new(
        "description",
        Kind::Str,
        Some("REST API for KTRDR trading system"),
    ),
    FieldSpec::new("version", Kind::Str, Some(env!("CARGO_PKG_VERSION"))),
    FieldSpec::new("host", Kind::Str, Some("127.0.0.1")),
    FieldSpec::new("port", Kind::Int, Some("8000")),
    FieldSpec::new("reload", Kind::Bool, Some("true")),
    FieldSpec::new("log_level", Kind::LogLevel, Some("INFO"))
        .rule("one of DEBUG INFO WARNING ERROR CRITICAL, any case"),
    FieldSpec::new("environment", Kind::Environment, Some("development"))
        .rule("one of development staging production, any case"),
    FieldSpec::new("api_prefix", Kind::Str, Some("/api/v1")),
    FieldSpec::new("cors_origins", Kind::StrList, Some("[\"*\"]")),
    FieldSpec::new("cors_allow_credentials", Kind::Bool, Some("true")),
    FieldSpec::new("cors_allow_methods", Kind::StrList, Some("[\"*\"]")),
    FieldSpec::new("cors_allow_headers", Kind::StrList, Some("[\"*\"]")),
    FieldSpec::new("cors_max_age", Kind::Int, Some("600")),
];

impl Domain for ApiSettings {
    const NAME: &'static str = "api";
    const PREFIX: &'static str = "KTRDR_API_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.api = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.api.as_ref()
    }
}
