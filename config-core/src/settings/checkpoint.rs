//! Checkpoint settings, prefix `KTRDR_CHECKPOINT_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// When and where training checkpoints are written and kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CheckpointSettings {
    /// Checkpoint every this many epochs.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub epoch_interval: i64,
    /// Checkpoint at least every this many seconds.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub time_interval_seconds: i64,
    /// Checkpoint directory.
    pub dir: String,
    /// Days before old checkpoints are deleted.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub max_age_days: i64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("epoch_interval", Kind::Int, Some("10")).rule("> 0"),
    FieldSpec::new("time_interval_seconds", Kind::Int, Some("300")).rule("> 0"),
    FieldSpec::new("dir", Kind::Str, Some("/app/data/checkpoints")),
    FieldSpec::new("max_age_days", Kind::Int, Some("30")).rule("> 0"),
];

impl Domain for CheckpointSettings {
    const NAME: &'static str = "checkpoint";
    const PREFIX: &'static str = "KTRDR_CHECKPOINT_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.checkpoint = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.checkpoint.as_ref()
    }
}
