//! A bound on the findings reported for one file.
//!
//! A hostile or broken file can hold tens of thousands of problems (an
//! edge per bee naming no bee, ninety thousand unknown keys). Reporting each
//! costs time and output in proportion, and nobody reads past the first
//! screens. The first [`MAX_PER_FILE`] findings (in file order) are kept and
//! the rest are summed up in one finding ([`CUT_CODE`]) that says how many
//! were cut, of which codes and severities. It is an error when any cut
//! finding was one, so the verdict (exit status) never changes.
//!
//! ```
//! use config_core::finding::Finding;
//! use config_core::finding_cap::{cap, CUT_CODE};
//! let mut findings: Vec<Finding> = (0..1000).map(|_| Finding::warning("PH390", "unknown key")).collect();
//! findings.push(Finding::error("PH120", "no such role"));
//! cap(&mut findings, 10);
//! assert_eq!(findings.len(), 11);
//! assert_eq!(findings[10].code, CUT_CODE);
//! assert_eq!(findings[10].severity, config_core::finding::Severity::Error);
//! assert!(findings[10].message.contains("991 more findings"));
//! ```

use crate::finding::{Finding, Severity};
use std::collections::BTreeMap;

/// Most findings reported per file (the cut ones are summed up in one more).
pub const MAX_PER_FILE: usize = 200;

/// The code of the finding that sums up the findings cut from a file.
pub const CUT_CODE: &str = "PH011";

/// What was cut from one file's findings: how many, of which severities
/// and codes. Shared by every report that caps per file (scenario
/// findings, `migrate` problems, the settings report of `validate`), so
/// each sums up its cut the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    errors: usize,
    warnings: usize,
    by_code: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Counts one cut finding.
    pub fn add(&mut self, severity: Severity, code: &'static str) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        *self.by_code.entry(code).or_default() += 1;
    }

    /// How many findings were cut.
    pub fn count(&self) -> usize {
        self.errors + self.warnings
    }

    /// How many of them were errors.
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// The summary's severity: an error when any cut finding was one, so
    /// the verdict is that of the full list.
    pub fn severity(&self) -> Severity {
        if self.errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// `N more findings not shown (E errors, W warnings: CODE xN, ...); at
    /// most MAX are reported per file` (a few codes, then how many more).
    pub fn message(&self, max: usize) -> String {
        let codes: Vec<String> = self
            .by_code
            .iter()
            .map(|(code, n)| format!("{code} x{n}"))
            .collect();
        let codes = crate::suggest::listed(codes.iter().map(String::as_str));
        format!(
            "{} more findings not shown ({} errors, {} warnings: {codes}); \
             at most {max} are reported per file",
            self.count(),
            self.errors,
            self.warnings
        )
    }
}

/// How to see the findings a summary cut.
pub const CUT_FIX: &str = "fix the findings shown and run again to see the next ones";

/// Keeps the first `max` of `findings` (already in the order they are
/// reported) and replaces the rest with one summary finding at the first
/// cut one's position. Does nothing when there are at most `max`.
pub fn cap(findings: &mut Vec<Finding>, max: usize) {
    if findings.len() <= max {
        return;
    }
    let cut = findings.split_off(max);
    let mut tally = Tally::default();
    for finding in &cut {
        tally.add(finding.severity, finding.code);
    }
    let first = cut.first();
    let summary = Finding {
        code: CUT_CODE,
        severity: tally.severity(),
        line: first.map_or(1, |f| f.line),
        column: first.map_or(1, |f| f.column),
        path: String::new(),
        place: crate::finding::Place::default(),
        message: tally.message(max),
        fix: CUT_FIX.to_string(),
    };
    findings.push(summary);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn few_findings_are_untouched() {
        let mut findings = vec![Finding::error("PH120", "x"); 3];
        cap(&mut findings, 3);
        assert_eq!(findings.len(), 3);
    }

    #[test]
    fn only_warnings_cut_is_a_warning() {
        let mut findings = vec![Finding::error("PH120", "x")];
        findings.extend(vec![Finding::warning("PH390", "y"); 5]);
        cap(&mut findings, 2);
        assert_eq!(findings.len(), 3);
        assert_eq!(findings[2].severity, Severity::Warning);
        assert!(
            findings[2]
                .message
                .starts_with("4 more findings not shown (0 errors, 4 warnings: PH390 x4)"),
            "{}",
            findings[2].message
        );
    }
}
