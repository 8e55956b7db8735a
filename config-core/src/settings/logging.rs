//! Logging settings, prefix `KTRDR_LOG_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// Log level and format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoggingSettings {
    /// DEBUG, INFO, WARNING, ERROR or CRITICAL (stored upper-case).
    pub level: String,
    /// Python-style format string.
    pub format: String,
    /// Emit JSON lines instead of text.
    pub json_output: bool,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("level", Kind::LogLevel, Some("INFO"))
        .rule("one of DEBUG INFO WARNING ERROR CRITICAL, any case"),
    FieldSpec::new(
        "format",
        Kind::Str,
        Some("%(asctime)s [%(levelname)s] %(name)s: %(message)s"),
    ),
    FieldSpec::new("json_output", Kind::Bool, Some("false")),
];

impl Domain for LoggingSettings {
    const NAME: &'static str = "logging";
    const PREFIX: &'static str = "KTRDR_LOG_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.logging = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.logging.as_ref()
    }
}
