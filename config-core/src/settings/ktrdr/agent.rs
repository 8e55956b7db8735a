//! Research agent settings, prefix `KTRDR_AGENT_` (no gate validates them
//! in the service; `cfgate` checks them under `--component all`).

use crate::settings::Settings;
use serde::Serialize;

/// The research agent: model, budgets, limits and date windows.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "agent", prefix = "KTRDR_AGENT_")]
pub struct AgentSettings {
    /// Seconds between polls of the agent loop.
    #[setting(default = 5.0, gt = 0)]
    pub poll_interval: f64,
    /// The model the agent calls.
    #[setting(default = "claude-sonnet-4-20250514")]
    pub model: String,
    /// Most tokens per response.
    #[setting(default = 4096, gt = 0)]
    pub max_tokens: i64,
    /// Seconds one agent call may take.
    #[setting(default = 300, gt = 0)]
    pub timeout_seconds: i64,
    /// Most tool iterations per run.
    #[setting(default = 10, gt = 0)]
    pub max_iterations: i64,
    /// Most input tokens per call.
    #[setting(default = 50000, gt = 0)]
    pub max_input_tokens: i64,
    /// Daily budget in USD (the code's default is 20.0; the upstream docs say 5.0).
    #[setting(default = 20.0, ge = 0, note = "0 disables the budget")]
    pub daily_budget: f64,
    /// Where the budget ledger is kept.
    #[setting(default = "data/budget")]
    pub budget_dir: String,
    /// Most researches at once.
    #[setting(default = 0, ge = 0, note = "0 = unlimited")]
    pub max_concurrent_researches: i64,
    /// Researches kept in reserve below the limit.
    #[setting(default = 1, ge = 0)]
    pub concurrency_buffer: i64,
    /// First training date (not checked as a date).
    pub training_start_date: Option<String>,
    /// Last training date.
    pub training_end_date: Option<String>,
    /// First backtest date.
    pub backtest_start_date: Option<String>,
    /// Last backtest date.
    pub backtest_end_date: Option<String>,
}
