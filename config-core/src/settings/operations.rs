//! Operations settings, prefix `KTRDR_OPS_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// The operations registry: caching and retention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct OperationsSettings {
    /// Seconds a status is cached; 0 disables the cache.
    #[validate(range(min = 0.0, message = "must be at least 0 (0 disables the cache)"))]
    pub cache_ttl: f64,
    /// Operations kept in memory.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub max_operations: i64,
    /// Seconds between cleanups.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub cleanup_interval_seconds: i64,
    /// Days finished operations are kept.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub retention_days: i64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("cache_ttl", Kind::Float, Some("1.0")).rule(">= 0 (0 = no cache)"),
    FieldSpec::new("max_operations", Kind::Int, Some("10000")).rule("> 0"),
    FieldSpec::new("cleanup_interval_seconds", Kind::Int, Some("3600")).rule("> 0"),
    FieldSpec::new("retention_days", Kind::Int, Some("7")).rule("> 0"),
];

impl Domain for OperationsSettings {
    const NAME: &'static str = "operations";
    const PREFIX: &'static str = "KTRDR_OPS_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.operations = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.operations.as_ref()
    }
}
