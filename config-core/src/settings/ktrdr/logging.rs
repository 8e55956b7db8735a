//! Logging settings, prefix `KTRDR_LOG_`.

use crate::settings::Settings;
use serde::Serialize;

/// Log level and format.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "logging", prefix = "KTRDR_LOG_")]
pub struct LoggingSettings {
    /// DEBUG, INFO, WARNING, ERROR or CRITICAL (stored upper-case).
    #[setting(kind = super::LOG_LEVEL, default = "INFO")]
    pub level: String,
    /// Python-style format string.
    #[setting(default = "%(asctime)s [%(levelname)s] %(name)s: %(message)s")]
    pub format: String,
    /// Emit JSON lines instead of text.
    #[setting(default = false)]
    pub json_output: bool,
}
