//! `cfgate audit`: captured control-plane traffic checked against the
//! envelope contract (ARCHITECTURE §3, `control-events.schema.json`,
//! `asyncapi.yaml`) and, optionally, the planned config.
//!
//! - `envelope`: typed models of the five envelopes; their schemas are the
//!   contract (`contract`) and are compared with the published one
//!   (`schema_diff`).
//! - [`capture`]: JSON Lines, `.json` message files, standard input.
//! - `message`: one record, checked by the schema and `rules`.
//! - `session`: the cross-capture rules (status-full before deltas,
//!   outcomes echoing their signal's keys).
//! - [`drift`]: reported effective configs against `cfgate plan` + patches.
//!
//! Streaming: records are read and checked a chunk at a time (in parallel);
//! what outlives a chunk is bounded by the number of workers and by
//! `session::MAX_PENDING_SIGNALS`, never by the number of messages.

pub mod capture;
pub mod codes;
pub(crate) mod contract;
pub mod drift;
pub(crate) mod envelope;
pub(crate) mod issue;
pub(crate) mod message;
pub(crate) mod routing;
pub(crate) mod rules;
#[cfg(test)]
mod schema_diff;
pub(crate) mod session;

#[cfg(test)]
mod tests;

use crate::finding::{Finding, Position};
use crate::scenario::check::{FileReport, Summary};
use crate::secret::redact_text;
use crate::source::read::{read_text, DEFAULT_MAX_BYTES};
use crate::source::yaml::{self, Limits, Node};
use capture::{CaptureInput, Line, LineReader};
use drift::ExpectedConfigs;
use issue::{Anchor, Issue};
use message::{check_record, Base, Checked};
use rayon::prelude::*;
use session::{Located, Session};
use std::io::BufReader;

/// How to audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The configs workers should report (`--plan`, `--patch`).
    pub expected: Option<ExpectedConfigs>,
    /// Largest record (a line, or a `.json` file), in bytes.
    pub max_record_bytes: usize,
}

impl Default for AuditOptions {
    fn default() -> Self {
        Self {
            expected: None,
            max_record_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Totals of an audit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditSummary {
    /// Inputs, findings and unreadable inputs (as `cfgate check` counts).
    pub summary: Summary,
    /// Records read.
    pub messages: usize,
}

/// Records checked per parallel chunk.
const CHUNK: usize = 2048;
/// Findings of one JSON Lines input held before they are handed on.
const FLUSH: usize = 1024;

/// One record of a capture.
struct Record {
    line: usize,
    text: String,
}

/// Where findings of the current input go until they are handed on.
struct Output<'a, S: FnMut(FileReport)> {
    sink: &'a mut S,
    summary: &'a mut AuditSummary,
}

impl<S: FnMut(FileReport)> Output<'_, S> {
    fn emit(
        &mut self,
        path: &str,
        findings: Vec<Finding>,
        source: Option<String>,
        unreadable: bool,
    ) {
        let report = FileReport {
            path: path.to_string(),
            source,
            findings,
            unreadable,
            catalog: None,
        };
        self.summary.summary.errors += report.errors();
        self.summary.summary.warnings += report.warnings();
        (self.sink)(report);
    }
}

/// Audits every input in order (one capture: the cross-capture rules span
/// them all), handing findings to `sink` as they are found: each `.json`
/// message file as one report, each JSON Lines input as one or more reports
/// (a report per `FLUSH` findings), and at the end the config drift.
///
/// ```
/// use config_core::audit::{audit, capture::collect_inputs, AuditOptions};
/// let capture = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/audit/ph702-unknown-shape.jsonl");
/// let mut codes = Vec::new();
/// let totals = audit(&collect_inputs(&[capture.into()]), &AuditOptions::default(), |report| {
///     codes.extend(report.findings.iter().map(|f| f.code.to_string()));
/// });
/// assert!(totals.messages > 0 && totals.summary.errors > 0);
/// assert!(codes.iter().any(|c| c == "PH702"));
/// ```
pub fn audit(
    inputs: &[CaptureInput],
    options: &AuditOptions,
    mut sink: impl FnMut(FileReport),
) -> AuditSummary {
    let mut summary = AuditSummary::default();
    let mut session = Session::new(options.expected.is_some());
    let mut out = Output {
        sink: &mut sink,
        summary: &mut summary,
    };
    let mut files: Vec<(usize, CaptureInput)> = Vec::new();
    let mut held: Vec<(usize, Vec<Finding>)> = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        out.summary.summary.files += 1;
        match input {
            CaptureInput::Message(_) => {
                files.push((index, input.clone()));
                if files.len() >= CHUNK {
                    audit_files(
                        &std::mem::take(&mut files),
                        inputs,
                        options,
                        &mut session,
                        &mut out,
                    );
                }
            }
            other => {
                audit_files(
                    &std::mem::take(&mut files),
                    inputs,
                    options,
                    &mut session,
                    &mut out,
                );
                if let Some(tail) = audit_stream(index, other, options, &mut session, &mut out) {
                    // With a plan, the drift found at the end joins the
                    // stream's last report (at most FLUSH findings held).
                    if options.expected.is_some() {
                        held.push((index, tail));
                    } else {
                        out.emit(&other.name(), tail, None, false);
                    }
                }
            }
        }
    }
    audit_files(&files, inputs, options, &mut session, &mut out);
    let mut drift = session.finish(options.expected.as_ref());
    for (index, mut tail) in held {
        let name = inputs
            .get(index)
            .map(CaptureInput::name)
            .unwrap_or_default();
        for (_, findings, _) in drift.iter_mut().filter(|(i, _, _)| *i == index) {
            tail.append(findings);
        }
        tail.sort_by_key(|f| (f.line, f.column));
        out.emit(&name, tail, None, false);
    }
    for (index, findings, text) in drift {
        if findings.is_empty() {
            continue;
        }
        let input = inputs.get(index);
        let path = input.map(CaptureInput::name).unwrap_or_default();
        let whole_file = matches!(input, Some(CaptureInput::Message(_)));
        let source = whole_file.then(|| redact_text(&text));
        out.emit(&path, findings, source, false);
    }
    summary
}

fn unreadable_finding(message: String) -> Finding {
    Finding::error(codes::UNREADABLE, message)
        .with_fix("check the path exists and is a readable file or directory of captured messages")
}

/// `.json` message files, read and checked a chunk at a time.
fn audit_files<S: FnMut(FileReport)>(
    files: &[(usize, CaptureInput)],
    inputs: &[CaptureInput],
    options: &AuditOptions,
    session: &mut Session,
    out: &mut Output<'_, S>,
) {
    let want_configs = options.expected.is_some();
    let checked: Vec<_> = files
        .par_iter()
        .map(|(index, input)| {
            let CaptureInput::Message(path) = input else {
                return (*index, None);
            };
            let read = read_text(path, options.max_record_bytes).map(|text| {
                let checked = check_record(&text, want_configs);
                (text, checked)
            });
            (*index, Some(read))
        })
        .collect();
    for (index, result) in checked {
        let name = inputs
            .get(index)
            .map(CaptureInput::name)
            .unwrap_or_default();
        match result {
            None => {}
            Some(Err(err)) if err.is_too_large() => {
                let finding = Finding::error(codes::NOT_A_MESSAGE, err.to_string())
                    .with_fix("a message file larger than the budget is not a control-plane message; raise --max-record-bytes if it is");
                out.summary.messages += 1;
                out.emit(&name, vec![finding], None, false);
            }
            Some(Err(err)) => {
                out.summary.summary.unreadable += 1;
                out.emit(
                    &name,
                    vec![unreadable_finding(format!("cannot read {err}"))],
                    None,
                    true,
                );
            }
            Some(Ok((text, checked))) => {
                out.summary.messages += 1;
                let record = Record { line: 1, text };
                let findings = findings_of(index, &record, checked, session);
                let source = (!findings.is_empty()).then(|| redact_text(&record.text));
                out.emit(&name, findings, source, false);
            }
        }
    }
}

/// A JSON Lines input (a file or standard input), streamed. Returns the
/// last report's findings, not yet handed on (`None` when the input could
/// not be read: its report is already out).
fn audit_stream<S: FnMut(FileReport)>(
    index: usize,
    input: &CaptureInput,
    options: &AuditOptions,
    session: &mut Session,
    out: &mut Output<'_, S>,
) -> Option<Vec<Finding>> {
    let name = input.name();
    let reader: Box<dyn std::io::BufRead> = match input {
        CaptureInput::Stdin => Box::new(BufReader::new(std::io::stdin().lock())),
        CaptureInput::Lines(path) => match std::fs::File::open(path) {
            Ok(file) if file.metadata().is_ok_and(|m| m.is_dir()) => {
                out.summary.summary.unreadable += 1;
                let f = unreadable_finding(format!("cannot read {name}: is a directory"));
                out.emit(&name, vec![f], None, true);
                return None;
            }
            Ok(file) => Box::new(BufReader::with_capacity(1 << 16, file)),
            Err(err) => {
                out.summary.summary.unreadable += 1;
                let f = unreadable_finding(format!("cannot read {name}: {err}"));
                out.emit(&name, vec![f], None, true);
                return None;
            }
        },
        CaptureInput::Unreadable(_, reason) => {
            out.summary.summary.unreadable += 1;
            let f = unreadable_finding(format!("cannot read {name}: {reason}"));
            out.emit(&name, vec![f], None, true);
            return None;
        }
        CaptureInput::Message(_) => return None,
    };
    let mut lines = LineReader::new(reader, options.max_record_bytes);
    let mut pending: Vec<Finding> = Vec::new();
    let mut chunk: Vec<Record> = Vec::with_capacity(CHUNK);
    let want_configs = options.expected.is_some();
    let mut emitted = false;
    let flush_chunk =
        |chunk: &mut Vec<Record>, pending: &mut Vec<Finding>, session: &mut Session| {
            let checked: Vec<Checked> = chunk
                .par_iter()
                .map(|r| check_record(&r.text, want_configs))
                .collect();
            for (record, checked) in chunk.iter().zip(checked) {
                pending.extend(findings_of(index, record, checked, session));
            }
            chunk.clear();
        };
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(err) => {
                flush_chunk(&mut chunk, &mut pending, session);
                out.summary.summary.unreadable += 1;
                pending.push(unreadable_finding(format!("cannot read {name}: {err}")));
                out.emit(&name, std::mem::take(&mut pending), None, true);
                return None;
            }
        };
        out.summary.messages += 1;
        match line {
            Line::Text { number, text } => chunk.push(Record { line: number, text }),
            Line::TooLong { number } => pending.push(
                Finding::error(
                    codes::NOT_A_MESSAGE,
                    format!(
                        "line longer than {} bytes, skipped",
                        options.max_record_bytes
                    ),
                )
                .at(Position {
                    line: number,
                    column: 1,
                })
                .with_fix("split the record, or raise --max-record-bytes"),
            ),
            Line::NotUtf8 { number } => pending.push(
                Finding::error(codes::NOT_A_MESSAGE, "line is not UTF-8 text, skipped")
                    .at(Position {
                        line: number,
                        column: 1,
                    })
                    .with_fix("capture messages as UTF-8 JSON"),
            ),
        }
        if chunk.len() >= CHUNK {
            flush_chunk(&mut chunk, &mut pending, session);
        }
        if pending.len() >= FLUSH {
            out.emit(&name, std::mem::take(&mut pending), None, false);
            emitted = true;
        }
    }
    flush_chunk(&mut chunk, &mut pending, session);
    // Every input gets a report, a clean one too (JUnit lists it).
    (!pending.is_empty() || !emitted).then_some(pending)
}

/// The positioned findings of one checked record, the cross-capture rules
/// included.
fn findings_of(
    index: usize,
    record: &Record,
    checked: Checked,
    session: &mut Session,
) -> Vec<Finding> {
    let located = Located {
        input: index,
        line: record.line,
        base: checked.base,
    };
    let mut issues = checked.issues;
    issues.extend(session.observe(&located, &record.text, checked.fact, checked.reported));
    if issues.is_empty() {
        return Vec::new();
    }
    let tree = if checked.syntax_error.is_none() {
        yaml::parse(&record.text, &Limits::default()).ok()
    } else {
        None
    };
    let mut findings: Vec<Finding> = issues
        .into_iter()
        .map(|issue| {
            let at = checked
                .syntax_error
                .unwrap_or_else(|| position(tree.as_ref().map(|d| &d.root), checked.base, &issue));
            finding(
                issue,
                Position {
                    line: record.line + at.line.saturating_sub(1),
                    column: at.column,
                },
            )
        })
        .collect();
    findings.sort_by_key(|f| (f.line, f.column));
    findings
}

/// The finding of an issue at `at`, its path relative to the envelope.
pub(crate) fn finding(issue: Issue, at: Position) -> Finding {
    let path = display_path(&issue.pointer);
    issue.placed(at, path)
}

/// The position (in the record's text) of the field an issue names: its
/// key when it exists, else the nearest existing node (a missing field is
/// shown at the object that lacks it).
pub(crate) fn position(root: Option<&Node>, base: Base, issue: &Issue) -> Position {
    let Some(root) = root else {
        return Position { line: 1, column: 1 };
    };
    let pointer = match (issue.aim, base) {
        (Anchor::Record, _) | (Anchor::Envelope, Base::Root) => issue.pointer.clone(),
        (Anchor::Envelope, Base::Payload) => format!("/payload{}", issue.pointer),
        (Anchor::Envelope, Base::PayloadString) => "/payload".to_string(),
    };
    let span = match root.key_at(&pointer) {
        Some(key) => key.span,
        None => root.nearest(&pointer).0.span,
    };
    Position {
        line: span.line.max(1),
        column: span.column.max(1),
    }
}

/// `data.context.workers[2].config` for `/data/context/workers/2/config`.
///
/// Example: the unit test `doc_examples::display_path`.
pub(crate) fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for segment in yaml::pointer_segments(pointer) {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{segment}]"));
        } else if !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
        {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        } else {
            out.push_str(&format!("[{}]", serde_json::Value::String(segment)));
        }
    }
    out
}

/// The examples of this module's crate-private items, run as unit tests
/// (rustdoc runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod doc_examples {
    #[test]
    fn display_path() {
        use crate::audit::display_path;
        assert_eq!(
            display_path("/data/context/workers/2/config/a.b"),
            "data.context.workers[2].config[\"a.b\"]"
        );
        assert_eq!(display_path(""), "");
    }
}
