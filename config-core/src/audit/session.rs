//! The cross-capture rules, applied in capture order:
//! - PH730 [`Session::status_full_first`]: a worker's first `status-delta`
//!   comes after a `status-full` of it (a warning: the capture may have
//!   started after the worker did);
//! - PH731/PH732 [`Session::outcome_echoes_signal`]: an outcome carries the
//!   `idempotencyKey` and `type` of the signal with its `correlationId`;
//! - PH740/PH741 at the end ([`Session::finish`]): each worker's last
//!   reported config against the plan ([`super::drift`]).
//!
//! Memory is bounded by the number of workers (their keys and last reported
//! config) and by [`MAX_PENDING_SIGNALS`] remembered signals.

use super::codes;
use super::drift::{drift_issues, ExpectedConfigs};
use super::issue::Issue;
use super::message::{Base, Command, Fact, ReportedConfig, WorkerKey};
use super::{finding, position};
use crate::finding::{Finding, Position};
use crate::source::yaml::{self, Limits};
use std::collections::{HashMap, HashSet, VecDeque};

/// Signals remembered for their outcomes; the oldest is forgotten first (an
/// outcome whose signal was forgotten, or not captured, is not judged).
pub(crate) const MAX_PENDING_SIGNALS: usize = 65_536;

/// Where a record sits in the capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Located {
    /// Index of the input.
    pub input: usize,
    /// 1-based line of the record's first line.
    pub line: usize,
    /// Where the envelope is in the record.
    pub base: Base,
}

struct LastReport {
    located: Located,
    text: String,
    config: ReportedConfig,
}

/// State carried from message to message.
pub(crate) struct Session {
    collect_configs: bool,
    full_seen: HashSet<WorkerKey>,
    delta_warned: HashSet<WorkerKey>,
    signals: HashMap<String, Command>,
    order: VecDeque<String>,
    last_reports: HashMap<(String, String, bool), LastReport>,
}

impl Session {
    /// A new session; `collect_configs` keeps each worker's last reported
    /// config for [`Session::finish`].
    pub(crate) fn new(collect_configs: bool) -> Self {
        Self {
            collect_configs,
            full_seen: HashSet::new(),
            delta_warned: HashSet::new(),
            signals: HashMap::new(),
            order: VecDeque::new(),
            last_reports: HashMap::new(),
        }
    }

    /// Applies the cross-capture rules to the next message; `text` is its
    /// record (kept only for a reported config, to position drift later).
    pub(crate) fn observe(
        &mut self,
        at: &Located,
        text: &str,
        fact: Fact,
        reported: Vec<ReportedConfig>,
    ) -> Vec<Issue> {
        let issues = match fact {
            Fact::None => Vec::new(),
            Fact::Signal(command) => {
                self.remember(command);
                Vec::new()
            }
            Fact::Outcome(command) => self.outcome_echoes_signal(&command),
            Fact::StatusFull(worker) => {
                self.full_seen.insert(worker);
                Vec::new()
            }
            Fact::StatusDelta(worker) => self.status_full_first(worker),
        };
        if self.collect_configs {
            for config in reported {
                let key = (
                    config.role.clone(),
                    config.instance.clone(),
                    config.from_controller,
                );
                self.last_reports.insert(
                    key,
                    LastReport {
                        located: *at,
                        text: text.to_string(),
                        config,
                    },
                );
            }
        }
        issues
    }

    fn remember(&mut self, command: Command) {
        let id = command.correlation_id.clone();
        if self.signals.insert(id.clone(), command).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > MAX_PENDING_SIGNALS {
            if let Some(oldest) = self.order.pop_front() {
                self.signals.remove(&oldest);
            }
        }
    }

    /// PH731/PH732: an outcome joins its signal by `correlationId` and
    /// carries the signal's `idempotencyKey` and command `type`.
    pub(crate) fn outcome_echoes_signal(&self, outcome: &Command) -> Vec<Issue> {
        let Some(signal) = self.signals.get(&outcome.correlation_id) else {
            return Vec::new();
        };
        let mut issues = Vec::new();
        if signal.command != outcome.command {
            issues.push(Issue::error(
                codes::OUTCOME_TYPE,
                "/type",
                format!(
                    "outcome type '{}' differs from its signal's type '{}' (correlationId '{}')",
                    outcome.command, signal.command, outcome.correlation_id
                ),
                format!(
                    "answer the signal with an outcome of type '{}'",
                    signal.command
                ),
            ));
        }
        if signal.idempotency_key != outcome.idempotency_key {
            let shown = |k: &Option<String>| {
                k.as_ref()
                    .map_or_else(|| "null".to_string(), |k| format!("'{k}'"))
            };
            issues.push(Issue::error(
                codes::OUTCOME_IDEMPOTENCY,
                "/idempotencyKey",
                format!(
                    "outcome idempotencyKey {} differs from its signal's {} (correlationId '{}')",
                    shown(&outcome.idempotency_key),
                    shown(&signal.idempotency_key),
                    outcome.correlation_id
                ),
                "echo the signal's idempotencyKey unchanged in every outcome",
            ));
        }
        issues
    }

    /// PH730: the first `status-delta` of a worker with no `status-full`
    /// before it (reported once per worker).
    pub(crate) fn status_full_first(&mut self, worker: WorkerKey) -> Vec<Issue> {
        if self.full_seen.contains(&worker) || self.delta_warned.contains(&worker) {
            return Vec::new();
        }
        let issue = Issue::warning(
            codes::DELTA_BEFORE_FULL,
            "/type",
            format!(
                "status-delta from {}/{}/{} before any status-full of it in the capture",
                worker.swarm_id, worker.role, worker.instance
            ),
            format!(
                "start the capture before the worker starts, or send signal.status-request.{}.{}.{} first",
                worker.swarm_id, worker.role, worker.instance
            ),
        );
        self.delta_warned.insert(worker);
        vec![issue]
    }

    /// The drift findings: each worker's last reported config against the
    /// planned one, grouped by input, with the record text of a whole-file
    /// record (for quoting).
    pub(crate) fn finish(
        self,
        expected: Option<&ExpectedConfigs>,
    ) -> Vec<(usize, Vec<Finding>, String)> {
        let Some(expected) = expected else {
            return Vec::new();
        };
        let mut reports: Vec<LastReport> = self.last_reports.into_values().collect();
        reports.sort_by(|a, b| {
            (a.located.input, a.located.line, &a.config.pointer).cmp(&(
                b.located.input,
                b.located.line,
                &b.config.pointer,
            ))
        });
        let mut out: Vec<(usize, Vec<Finding>, String)> = Vec::new();
        for report in reports {
            let Some(planned) = expected.get(&report.config.role) else {
                continue;
            };
            let issues = drift_issues(
                &report.config.role,
                planned,
                &report.config.config,
                &report.config.pointer,
            );
            if issues.is_empty() {
                continue;
            }
            let tree = yaml::parse(&report.text, &Limits::default()).ok();
            let findings = issues.into_iter().map(|issue| {
                let at = position(tree.as_ref().map(|d| &d.root), report.located.base, &issue);
                finding(
                    issue,
                    Position {
                        line: report.located.line + at.line.saturating_sub(1),
                        column: at.column,
                    },
                )
            });
            match out.last_mut() {
                Some((input, list, _)) if *input == report.located.input => list.extend(findings),
                _ => out.push((report.located.input, findings.collect(), report.text)),
            }
        }
        out
    }
}
