//! Operations settings, prefix `KTRDR_OPS_`.

use crate::settings::Settings;
use serde::Serialize;

/// The operations registry: caching and retention.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "operations", prefix = "KTRDR_OPS_")]
pub struct OperationsSettings {
    /// Seconds a status is cached; 0 disables the cache.
    #[setting(default = 1.0, ge = 0, note = "0 disables the cache")]
    pub cache_ttl: f64,
    /// Operations kept in memory.
    #[setting(default = 10000, gt = 0)]
    pub max_operations: i64,
    /// Seconds between cleanups.
    #[setting(default = 3600, gt = 0)]
    pub cleanup_interval_seconds: i64,
    /// Days finished operations are kept.
    #[setting(default = 7, gt = 0)]
    pub retention_days: i64,
}
