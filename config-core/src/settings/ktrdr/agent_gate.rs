//! Trading gate of the agent, prefix `KTRDR_GATE_`.

use crate::settings::parse::{Case, Kind};
use crate::settings::Settings;
use serde::Serialize;

/// `simulation` or `live`, any case, stored lower-case.
pub const GATE_MODE: Kind = Kind::Choice {
    options: &["simulation", "live"],
    case: Case::Lower,
    optional: false,
};

/// What the agent may trade.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "agent_gate", prefix = "KTRDR_GATE_")]
pub struct AgentGateSettings {
    /// `simulation` or `live`.
    #[setting(kind = GATE_MODE, default = "simulation")]
    pub mode: String,
    /// Log trades instead of placing them.
    #[setting(default = true)]
    pub dry_run: bool,
    /// Ask before each trade.
    #[setting(default = true)]
    pub confirmation_required: bool,
    /// Largest position in USD.
    #[setting(default = 0, ge = 0, note = "0 = no limit")]
    pub max_position_size: i64,
    /// Most trades per day.
    #[setting(default = 0, ge = 0, note = "0 = no limit")]
    pub max_daily_trades: i64,
}

impl AgentGateSettings {
    /// Whether the gate is in live mode.
    pub fn is_live(&self) -> bool {
        self.mode == "live"
    }

    /// Whether a trade may execute: live mode and not a dry run.
    pub fn can_execute(&self) -> bool {
        self.is_live() && !self.dry_run
    }
}
