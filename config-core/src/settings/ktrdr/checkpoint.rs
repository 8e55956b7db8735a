//! Checkpoint settings, prefix `KTRDR_CHECKPOINT_`.

use crate::settings::Settings;
use serde::Serialize;

/// When and where training checkpoints are written and kept.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "checkpoint", prefix = "KTRDR_CHECKPOINT_")]
pub struct CheckpointSettings {
    /// Checkpoint every this many epochs.
    #[setting(default = 10, gt = 0)]
    pub epoch_interval: i64,
    /// Checkpoint at least every this many seconds.
    #[setting(default = 300, gt = 0)]
    pub time_interval_seconds: i64,
    /// Checkpoint directory.
    #[setting(default = "/app/data/checkpoints")]
    pub dir: String,
    /// Days before old checkpoints are deleted.
    #[setting(default = 30, gt = 0)]
    pub max_age_days: i64,
}
