//! An [`Issue`]: a finding before it has a position ([`Pointed`]). Rules
//! name the place by an RFC 6901 pointer into the envelope (or into the
//! capture record, for the routing key); the reader turns it into a line,
//! column and path.

use crate::finding::{Finding, Pointed};

/// What a pointer is relative to (the audit's aim: the reader shows every
/// issue at the key it names, or at the nearest existing node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The envelope (the record's `payload`, or the whole record).
    Envelope,
    /// The capture record (`/routingKey`).
    Record,
}

/// One problem with one message: its code ([`super::codes`]), severity,
/// message and fix, at a pointer relative to its [`Anchor`].
pub(crate) type Issue = Pointed<Anchor>;

impl Pointed<Anchor> {
    /// An error about the envelope field at `pointer`.
    pub(crate) fn error(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self::new(
            pointer,
            Anchor::Envelope,
            Finding::error(code, message).with_fix(fix),
        )
    }

    /// A warning about the envelope field at `pointer`.
    pub(crate) fn warning(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self::new(
            pointer,
            Anchor::Envelope,
            Finding::warning(code, message).with_fix(fix),
        )
    }

    /// The same issue, about the capture record rather than the envelope.
    pub(crate) fn on_record(mut self) -> Self {
        self.aim = Anchor::Record;
        self
    }
}
