//! Rules across the bundles of one run, as the platform's catalog applies
//! them (VALIDATOR.md §11): two bundles with the same scenario `id` are both
//! refused (PH650, reported on each, naming the other), and an `id` must be
//! usable as one path segment (PH651: no `/`, no `..`, not blank).

use super::codes::{DUPLICATE_ID, ID_NOT_SEGMENT};
use super::file::at;
use super::Bundle;
use crate::finding::{Finding, Location, Position};
use crate::scenario::check::FileReport;
use std::collections::BTreeMap;

/// One bundle's id and where it is written (collected while checking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The scenario id, exact (untrimmed).
    pub id: String,
    /// The `scenario.yaml` path as displayed.
    pub scenario: String,
    /// Where the id value is.
    pub at: Position,
}

impl Bundle<'_> {
    /// This bundle's catalog entry, when its id is non-blank.
    pub fn catalog_entry(&self) -> Option<CatalogEntry> {
        let id = self.scenario_id().filter(|id| !id.trim().is_empty())?;
        let at = self
            .scenario
            .get("id")
            .map_or(Position { line: 1, column: 1 }, |n| at(n.span));
        Some(CatalogEntry {
            id,
            scenario: self.scenario_display(),
            at,
        })
    }
}

/// Whether an id names exactly one path segment: `Paths.get(id).getFileName()`
/// equals it, it holds no `..` and is not blank (SS:1210-1216).
///
/// ```
/// use config_core::bundle::catalog::is_path_segment;
/// assert!(is_path_segment("local-rest") && is_path_segment(" a ") && is_path_segment("."));
/// assert!(!is_path_segment("a/b") && !is_path_segment("../x") && !is_path_segment("abc/"));
/// assert!(!is_path_segment("a..b") && !is_path_segment("  "));
/// ```
pub fn is_path_segment(id: &str) -> bool {
    !id.trim().is_empty() && !id.contains('/') && !id.contains("..") && !id.contains('\0')
}

/// PH651 for one bundle.
pub fn check_id_segment(bundle: &Bundle<'_>, id: &str) -> Option<Finding> {
    if is_path_segment(id) {
        return None;
    }
    let node = bundle.scenario.get("id")?;
    Some(
        Finding::error(
            ID_NOT_SEGMENT,
            format!(
                "scenario id '{id}' is not usable as a folder name (it holds '/' or '..'): \
                 the platform refuses to upload or create it (\"Invalid scenario id\")"
            ),
        )
        .at(at(node.span))
        .with_path("id")
        .with_fix("use an id made of letters, digits, '-', '_' and single dots"),
    )
}

/// PH650: every entry whose id another entry shares, one finding each,
/// naming the first other bundle (SS:1098-1115). Entries in input order.
pub fn check_catalog(entries: &[CatalogEntry]) -> Vec<Finding> {
    let mut by_id: BTreeMap<&str, Vec<&CatalogEntry>> = BTreeMap::new();
    for entry in entries {
        by_id.entry(entry.id.as_str()).or_default().push(entry);
    }
    let mut findings = Vec::new();
    for entry in entries {
        let Some(same) = by_id.get(entry.id.as_str()).filter(|s| s.len() > 1) else {
            continue;
        };
        let mut paths: Vec<&str> = same.iter().map(|e| e.scenario.as_str()).collect();
        paths.sort_unstable();
        let Some(other) = same.iter().find(|e| !std::ptr::eq(**e, entry)) else {
            continue;
        };
        findings.push(
            Finding::error(
                DUPLICATE_ID,
                format!(
                    "duplicate scenario id '{}' found in bundles: {}",
                    entry.id,
                    paths.join(", ")
                ),
            )
            .at(entry.at)
            .in_file(entry.scenario.clone())
            .with_path("id")
            .with_fix("give every bundle its own id; the platform marks all of them defunct")
            .related(Location {
                file: other.scenario.clone(),
                line: other.at.line,
                column: other.at.column,
                note: format!("also has id '{}'", entry.id),
            }),
        );
    }
    findings
}

/// The report name of the rules across bundles (like `<stdin>`).
pub const CATALOG_REPORT: &str = "<catalog>";

/// [`check_catalog`] as one report named [`CATALOG_REPORT`] (each finding
/// names its own `scenario.yaml`), or none when every id is unique. One
/// report keeps each descriptor's own report single in every format (JUnit
/// test cases, JSON file entries).
pub fn catalog_report(entries: &[CatalogEntry]) -> Option<FileReport> {
    let findings = check_catalog(entries);
    (!findings.is_empty()).then(|| FileReport {
        path: CATALOG_REPORT.to_string(),
        source: None,
        findings,
        unreadable: false,
        catalog: None,
    })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn entry(id: &str, path: &str) -> CatalogEntry {
        CatalogEntry {
            id: id.into(),
            scenario: path.into(),
            at: Position { line: 2, column: 5 },
        }
    }

    #[test]
    fn duplicates_are_reported_on_each_naming_the_other() {
        let findings = check_catalog(&[
            entry("x", "a/scenario.yaml"),
            entry("y", "b/scenario.yaml"),
            entry("x", "c/scenario.yaml"),
        ]);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].place.file.as_deref(), Some("a/scenario.yaml"));
        assert_eq!(
            findings[0].place.related.as_ref().map(|r| r.file.as_str()),
            Some("c/scenario.yaml")
        );
        assert_eq!(
            findings[1].place.related.as_ref().map(|r| r.file.as_str()),
            Some("a/scenario.yaml")
        );
        // Exact comparison: a trimmed-equal id is another id.
        assert!(check_catalog(&[entry("x", "a"), entry("x ", "b")]).is_empty());
    }
}
