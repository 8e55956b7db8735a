//! Findings: what the scenario checker and the migrator report.
//!
//! A finding is data; renderers (human, JSON, GitHub, SARIF, JUnit) live in the
//! CLI. Every finding carries a stable code, a severity, where it is (file,
//! 1-based line and column, JSON-style path) and how to fix it.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors fail `cfgate check` (exit 1); warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, never fails the run.
    Warning,
    /// Fails the run.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column in a file (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number.
    pub column: usize,
}

/// One problem found in one file.
///
/// ```
/// use config_core::finding::{Finding, Position, Severity};
/// let f = Finding::error("PH101", "missing required field 'id'")
///     .at(Position { line: 1, column: 1 })
///     .with_path("id")
///     .with_fix("add `id: my-scenario` at the top level");
/// assert_eq!(f.severity, Severity::Error);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `PH201`; documented in docs/FINDINGS.md.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// 1-based column of the offending key or value.
    pub column: usize,
    /// JSON-style path, e.g. `template.bees[2].config.inputs.type`.
    pub path: String,
    /// What is wrong and why.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Another file holding the finding, and a second place it joins
    /// (bundle checks: a template file, a consumer and its template).
    #[serde(flatten)]
    pub place: Place,
}

/// Where a finding sits beyond its line and column: set by the bundle checks
/// (issue 13), empty for findings in the checked file alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Place {
    /// The file holding the finding when it is not the checked file itself
    /// (a bundle file such as `bundle/templates/a.yaml`), as displayed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A second location the finding joins (the other file of a duplicate,
    /// the declaration a reference misses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Location>,
}

/// A position in a named file, with what is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as displayed.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What this location is (e.g. "first template with this key").
    pub note: String,
}

impl Finding {
    /// A new error finding at line 1, column 1 with an empty path.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    /// A new warning finding at line 1, column 1 with an empty path.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            line: 1,
            column: 1,
            path: String::new(),
            message: message.into(),
            fix: String::new(),
            place: Place::default(),
        }
    }

    /// Sets the position.
    pub fn at(mut self, position: Position) -> Self {
        self.line = position.line;
        self.column = position.column;
        self
    }

    /// Sets the JSON-style path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets the fix hint.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Sets the file holding the finding (when not the checked file).
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.place.file = Some(file.into());
        self
    }

    /// Sets the second location the finding joins.
    pub fn related(mut self, location: Location) -> Self {
        self.place.related = Some(location);
        self
    }

    /// The file holding the finding: its own, else `checked`.
    pub fn file_or<'a>(&'a self, checked: &'a str) -> &'a str {
        self.place.file.as_deref().unwrap_or(checked)
    }
}

/// Which end of the node at a pointer a finding is shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aim {
    /// The key (an unknown or misplaced key; a field named by its key).
    #[default]
    Key,
    /// The value.
    Value,
    /// A byte offset inside the (string) value, e.g. a template's offending
    /// token; the reader maps it to the exact file position.
    Inside(usize),
}

impl Aim {
    /// The byte offset inside the value, for [`Aim::Inside`].
    ///
    /// ```
    /// use config_core::finding::Aim;
    /// assert_eq!(Aim::Inside(4).offset(), Some(4));
    /// assert_eq!(Aim::Key.offset(), None);
    /// ```
    pub fn offset(self) -> Option<usize> {
        match self {
            Aim::Inside(offset) => Some(offset),
            Aim::Key | Aim::Value => None,
        }
    }
}

/// A finding before it has a position: a rule names the place by an
/// RFC 6901 `pointer` (relative to a base its caller knows: a message
/// envelope, a bee, a `config` block) and an `aim`; the reader that holds
/// the source tree turns the pointer into a line, column and path
/// ([`Pointed::placed`]). `A` is what the reader needs to aim: [`Aim`], or
/// a producer's own (the audit's anchor, the runtime's stage, the config
/// check's key/value/offset and related sub-block).
///
/// ```
/// use config_core::finding::{Aim, Finding, Pointed, Position};
/// let issue = Pointed::new("/inputs/type", Aim::Value, Finding::error("PH320", "no input type"));
/// let finding = issue.placed(Position { line: 4, column: 9 }, "inputs.type");
/// assert_eq!((finding.line, finding.column, finding.path.as_str()), (4, 9, "inputs.type"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointed<A = Aim> {
    /// RFC 6901 pointer of the offending node (a missing field is named by
    /// where it belongs).
    pub pointer: String,
    /// Where at that node the finding is shown, or relative to what.
    pub aim: A,
    /// What, why and how to fix; its position and path are still unset.
    pub finding: Finding,
}

impl<A> Pointed<A> {
    /// `finding` about the node at `pointer`.
    pub fn new(pointer: impl Into<String>, aim: A, finding: Finding) -> Self {
        Self {
            pointer: pointer.into(),
            aim,
            finding,
        }
    }

    /// The finding at `at`, with the display `path` of the pointer.
    pub fn placed(self, at: Position, path: impl Into<String>) -> Finding {
        self.finding.at(at).with_path(path)
    }
}
