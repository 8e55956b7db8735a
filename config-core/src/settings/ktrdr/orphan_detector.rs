//! Orphan detector settings, prefix `KTRDR_ORPHAN_`.

use crate::settings::Settings;
use serde::Serialize;

/// How operations whose worker vanished are found.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "orphan_detector", prefix = "KTRDR_ORPHAN_")]
pub struct OrphanDetectorSettings {
    /// Seconds without a worker before an operation is orphaned.
    #[setting(default = 60, gt = 0)]
    pub timeout_seconds: i64,
    /// Seconds between checks.
    #[setting(default = 15, gt = 0)]
    pub check_interval_seconds: i64,
}
