//! Debouncing: a burst of edits is checked once, when typing pauses.

use lsp_types::Url;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Documents waiting for a check, and when the check is due.
#[derive(Debug)]
pub struct Debounce {
    delay: Duration,
    pending: BTreeSet<Url>,
    deadline: Option<Instant>,
}

impl Debounce {
    /// Checks run `delay` after the last edit.
    pub fn new(delay: Duration) -> Self {
        Self {
            delay,
            pending: BTreeSet::new(),
            deadline: None,
        }
    }

    /// A document changed at `now`: its check (and every pending one) waits
    /// for `delay` more.
    pub fn touch(&mut self, uri: Url, now: Instant) {
        self.pending.insert(uri);
        self.deadline = Some(now + self.delay);
    }

    /// A document closed: nothing to check.
    pub fn forget(&mut self, uri: &Url) {
        self.pending.remove(uri);
        if self.pending.is_empty() {
            self.deadline = None;
        }
    }

    /// When the pending checks are due, if any are pending.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// The documents to check now (all pending ones), clearing the queue.
    pub fn take(&mut self) -> Vec<Url> {
        self.deadline = None;
        std::mem::take(&mut self.pending).into_iter().collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn edits_push_the_deadline_and_coalesce() {
        let mut d = Debounce::new(Duration::from_millis(100));
        let uri = Url::parse("file:///a.yaml").unwrap();
        let t0 = Instant::now();
        d.touch(uri.clone(), t0);
        d.touch(uri.clone(), t0 + Duration::from_millis(50));
        assert_eq!(d.deadline(), Some(t0 + Duration::from_millis(150)));
        assert_eq!(d.take(), vec![uri.clone()]);
        assert!(d.deadline().is_none());
        d.touch(uri.clone(), t0);
        d.forget(&uri);
        assert!(d.deadline().is_none());
        assert!(d.take().is_empty());
    }
}
