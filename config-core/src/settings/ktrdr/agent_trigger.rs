//! Agent trigger settings: prefix `KTRDR_AGENT_`, every name explicit in
//! the service (its old names are accepted without the service warning).

use crate::settings::Settings;
use serde::Serialize;

/// Whether and how often the agent is triggered.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "agent_trigger", prefix = "KTRDR_AGENT_")]
pub struct AgentTriggerSettings {
    /// Whether the trigger runs.
    #[setting(env = "KTRDR_AGENT_ENABLED", default = false)]
    pub enabled: bool,
    /// Seconds between triggers (`KTRDR_AGENT_TRIGGER_INTERVAL_SECONDS` is read by nothing).
    #[setting(env = "KTRDR_AGENT_TRIGGER_INTERVAL", default = 300, gt = 0)]
    pub trigger_interval: i64,
}
