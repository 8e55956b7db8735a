//! An [`Issue`]: a finding before it has a position. Rules name the place by
//! an RFC 6901 pointer into the envelope (or into the capture record, for
//! the routing key); the reader turns it into a line, column and path.

use crate::finding::Severity;

/// What a pointer is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The envelope (the record's `payload`, or the whole record).
    Envelope,
    /// The capture record (`/routingKey`).
    Record,
}

/// One problem with one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    /// Stable code ([`super::codes`]).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What `pointer` is relative to.
    pub anchor: Anchor,
    /// RFC 6901 pointer of the offending field (it may not exist: a missing
    /// field is named by where it belongs).
    pub pointer: String,
    /// What is wrong and why.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl Issue {
    /// An error about the envelope field at `pointer`.
    pub(crate) fn error(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity: Severity::Error,
            anchor: Anchor::Envelope,
            pointer: pointer.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// A warning about the envelope field at `pointer`.
    pub(crate) fn warning(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, pointer, message, fix)
        }
    }

    /// The same issue, about the capture record rather than the envelope.
    pub(crate) fn on_record(mut self) -> Self {
        self.anchor = Anchor::Record;
        self
    }
}
