//! The envelope contract as validators: each [`EnvelopeKind`]'s schema,
//! derived from [`super::envelope`], compiled once (formats asserted, as
//! the platform's schema tests do: `date-time` must be RFC 3339), and its
//! errors turned into [`Issue`]s with the envelope pointer.
//!
//! Three families of schema errors get their own codes because the
//! architecture names them as rules: the heavy fields of a `status-delta`
//! (PH710) and the `runtime` presence rule (PH712).

use super::codes;
use super::envelope::EnvelopeKind;
use super::issue::Issue;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// `data` fields only a `status-full` may carry.
pub(crate) const STATUS_FULL_ONLY: [&str; 3] = ["config", "io", "startedAt"];

struct Compiled {
    kind: EnvelopeKind,
    validator: Result<Validator, String>,
}

fn validators() -> &'static [Compiled] {
    static COMPILED: OnceLock<Vec<Compiled>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        EnvelopeKind::ALL
            .iter()
            .map(|&kind| Compiled {
                kind,
                validator: jsonschema::options()
                    .should_validate_formats(true)
                    .build(&kind.schema())
                    .map_err(|e| e.to_string()),
            })
            .collect()
    })
}

/// Every schema violation of `envelope` as the `kind` shape.
///
/// Example: the unit test `doc_examples::schema_issues`.
pub(crate) fn schema_issues(kind: EnvelopeKind, envelope: &Value) -> Vec<Issue> {
    let Some(compiled) = validators().iter().find(|c| c.kind == kind) else {
        return Vec::new();
    };
    let validator = match &compiled.validator {
        Ok(v) => v,
        Err(reason) => {
            return vec![Issue::error(
                codes::SCHEMA,
                "",
                format!(
                    "internal error: the {} schema does not compile: {reason}",
                    kind.definition()
                ),
                "report this as a cfgate bug",
            )]
        }
    };
    // The common case, a valid message, allocates no error.
    if validator.is_valid(envelope) {
        return Vec::new();
    }
    let mut issues = Vec::new();
    for error in validator.iter_errors(envelope) {
        issue_of(kind, &error, &mut issues);
    }
    issues
}

fn issue_of(kind: EnvelopeKind, error: &ValidationError<'_>, out: &mut Vec<Issue>) {
    let at = error.instance_path().as_str().to_string();
    let shape = kind.definition();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let pointer = format!("{at}/{}", escape(name));
            if name == "runtime" && at.is_empty() {
                out.push(Issue::error(
                    codes::RUNTIME_SCOPE,
                    pointer,
                    "`runtime` is missing: it is required on every swarm-scoped message \
                     (scope.swarmId other than ALL)",
                    "add `runtime: {templateId, runId, ...}` describing the swarm's run",
                ));
            } else {
                out.push(Issue::error(
                    codes::SCHEMA,
                    pointer,
                    format!("missing required field '{name}' ({shape})"),
                    format!("add `{name}`"),
                ));
            }
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                let pointer = format!("{at}/{}", escape(name));
                if kind == EnvelopeKind::StatusDelta
                    && at == "/data"
                    && STATUS_FULL_ONLY.contains(&name.as_str())
                {
                    out.push(Issue::error(
                        codes::DELTA_HEAVY,
                        pointer,
                        format!("a status-delta carries `data.{name}`, which belongs only in status-full"),
                        format!("drop `{name}` from the delta; it is sent in status-full snapshots"),
                    ));
                } else {
                    out.push(Issue::error(
                        codes::SCHEMA,
                        pointer,
                        format!("field '{name}' is not allowed here ({shape})"),
                        "remove the field or correct its name",
                    ));
                }
            }
        }
        ValidationErrorKind::FalseSchema if at == "/runtime" => out.push(Issue::error(
            codes::RUNTIME_SCOPE,
            at,
            "`runtime` is present on a global message (scope.swarmId ALL); it must be omitted",
            "drop `runtime`, or scope the message to one swarm",
        )),
        other => out.push(Issue::error(
            codes::SCHEMA,
            at,
            format!("{} ({shape})", error.masked()),
            fix_for(other),
        )),
    }
}

fn fix_for(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::Type { kind } => match kind {
            TypeKind::Single(t) => format!("write a value of type {t}"),
            TypeKind::Multiple(_) => "write a value of one of the types named".into(),
        },
        ValidationErrorKind::Enum { options } => format!("use one of {options}"),
        ValidationErrorKind::Constant { expected_value } => format!("write {expected_value}"),
        ValidationErrorKind::MinLength { .. } => "give it a non-empty value".into(),
        ValidationErrorKind::Minimum { limit } => format!("use a value of at least {limit}"),
        ValidationErrorKind::Format { .. } => {
            "write an RFC 3339 date-time such as 2025-09-12T12:34:56Z".into()
        }
        _ => "correct the value as the contract describes (docs/AUDIT.md)".into(),
    }
}

/// RFC 6901 escaping of one segment.
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn schema_issues() {
        use crate::audit::{contract::schema_issues, envelope::EnvelopeKind};
        let issues = schema_issues(EnvelopeKind::Alert, &serde_json::json!({"kind": "event"}));
        assert!(issues
            .iter()
            .any(|i| i.finding.code == "PH703" && i.pointer == "/scope"));
    }
}
