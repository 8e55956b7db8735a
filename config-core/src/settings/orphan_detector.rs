//! Orphan detector settings, prefix `KTRDR_ORPHAN_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// How operations whose worker vanished are found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct OrphanDetectorSettings {
    /// Seconds without a worker before an operation is orphaned.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub timeout_seconds: i64,
    /// Seconds between checks.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub check_interval_seconds: i64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("timeout_seconds", Kind::Int, Some("60")).rule("> 0"),
    FieldSpec::new("check_interval_seconds", Kind::Int, Some("15")).rule("> 0"),
];

impl Domain for OrphanDetectorSettings {
    const NAME: &'static str = "orphan_detector";
    const PREFIX: &'static str = "KTRDR_ORPHAN_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.orphan_detector = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.orphan_detector.as_ref()
    }
}
