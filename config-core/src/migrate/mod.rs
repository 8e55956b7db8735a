//! Migration of deprecated names and legacy shapes, as text edits.
//!
//! The migrator never re-serialises a file: it plans [`TextEdit`]s from the
//! spans a spanned lexer or parser gives it, and applies them to the original
//! text, so every byte outside an edit survives (comments, blank lines, order,
//! quoting, line endings, a missing final newline).
//!
//! A [`FilePlan`] holds what would change ([`Change`], with file line and
//! `old -> new`), what blocks the migration ([`Finding`]s with `PH5xx` codes)
//! and the edits. A plan with any error is never applied: a file is either
//! fully migrated or untouched. Writing is [`write::write_checked`]'s job.
//!
//! ```
//! use config_core::migrate::{plan_text, FileKind};
//! let text = "# db\nexport DB_HOST='db.local'\r\n";
//! let plan = plan_text(FileKind::Dotenv, text);
//! assert_eq!(plan.changes[0].old, "DB_HOST");
//! assert_eq!(plan.migrated(text).unwrap(), "# db\nexport KTRDR_DB_HOST='db.local'\r\n");
//! ```

pub(crate) mod compose;
pub mod diff;
pub mod discover;
pub(crate) mod env;
pub(crate) mod readers;
pub(crate) mod scenario;
pub(crate) mod scripts;
pub mod write;
mod yaml_text;

use crate::finding::{Finding, Position, Severity};
use crate::source::yaml::{self, Document, Limits};
use serde::Serialize;
use std::ops::Range;

/// Finding codes of the migrator (documented in docs/FINDINGS.md).
pub mod codes {
    /// A deprecated variable name is renamed to its replacement.
    pub const RENAME_VARIABLE: &str = "PH501";
    /// A deprecated variable is dropped: its replacement is set to the same value.
    pub const DROP_DUPLICATE: &str = "PH502";
    /// A deprecated variable and its replacement are set to different values.
    pub const VARIABLE_CONFLICT: &str = "PH503";
    /// The file has lines the lexer or parser cannot read, so it is not migrated.
    pub const UNREADABLE_SYNTAX: &str = "PH504";
    /// An entry to change sits where a text edit cannot safely change it
    /// (flow style, compact layout), or the edited text would not parse.
    pub const CANNOT_EDIT: &str = "PH505";
    /// A renamed or dropped old name is still read directly by service code
    /// (the reader then no longer sees it).
    pub const DIRECT_READER: &str = "PH506";
    /// An old name set by `export` in a shell script or `ENV` in a
    /// Dockerfile (reported, never rewritten).
    pub const SCRIPT_OLD_NAME: &str = "PH507";
    /// A bee's legacy `id` becomes its `role`.
    pub const BEE_ID: &str = "PH510";
    /// A topology edge endpoint's legacy `beeId` becomes `role`.
    pub const EDGE_BEE_ID: &str = "PH511";
    /// A key of a legacy config wrapper moves up into `config`.
    pub const LIFT_WRAPPER_KEY: &str = "PH512";
    /// A missing IO selector (`inputs.type` / `outputs.type`) is added.
    pub const ADD_IO_SELECTOR: &str = "PH513";
    /// A bee's `id` and `role` disagree, and `role` is not its worker kind.
    pub const BEE_ID_CONFLICT: &str = "PH520";
    /// An edge endpoint's `beeId` disagrees with its `role` or names no bee.
    pub const EDGE_CONFLICT: &str = "PH521";
    /// A wrapper key already exists under `config` with a different value.
    pub const LIFT_CONFLICT: &str = "PH522";
    /// A legacy wrapper is not a mapping.
    pub const WRAPPER_NOT_MAP: &str = "PH523";
    /// `config.pockethive` holds keys other than `worker.config`.
    pub const UNSUPPORTED_WRAPPER_KEY: &str = "PH524";
    /// More than one IO sub-block is present and no selector says which.
    pub const AMBIGUOUS_IO: &str = "PH525";
    /// Two bees would end up with the same role.
    pub const DUPLICATE_ROLE: &str = "PH526";
}

/// What kind of file a migration works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// A `.env`-style file.
    Dotenv,
    /// A compose file: `environment:` blocks of its services.
    Compose,
    /// A PocketHive scenario file.
    Scenario,
    /// A shell script (`*.sh`): old names set by `export`, reported only.
    Shell,
    /// A Dockerfile: old names set by `ENV`, reported only.
    Dockerfile,
}

impl FileKind {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Dotenv => "dotenv",
            FileKind::Compose => "compose",
            FileKind::Scenario => "scenario",
            FileKind::Shell => "shell",
            FileKind::Dockerfile => "dockerfile",
        }
    }
}

/// Replace the bytes `range` of the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// Byte range in the original text (empty for an insertion).
    pub range: Range<usize>,
    /// The new bytes.
    pub replacement: String,
}

/// One planned change, for reporting (`file:line: old -> new`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Stable code (`PH5xx`).
    pub code: &'static str,
    /// 1-based line in the original file.
    pub line: usize,
    /// 1-based column in the original file.
    pub column: usize,
    /// What is changed: a variable name, or a JSON-style path in a YAML file.
    pub path: String,
    /// The old name or shape.
    pub old: String,
    /// The new name or shape (empty when the entry is dropped).
    pub new: String,
    /// One sentence saying what happens and why.
    pub message: String,
}

/// Everything the migrator found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePlan {
    /// What would change, in file order.
    pub changes: Vec<Change>,
    /// What blocks the migration (errors) or deserves a note (warnings).
    pub problems: Vec<Finding>,
    /// The text edits realising `changes` (non-overlapping).
    pub edits: Vec<TextEdit>,
}

/// Edits that cannot be applied together (a defect of the planner, reported
/// rather than panicking).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error: migration edits overlap at bytes {at}; nothing was changed; fix: please report this file to the cfgate maintainers")]
pub struct OverlappingEdits {
    /// Byte offset where two edits overlap.
    pub at: usize,
}

impl FilePlan {
    /// Whether any problem is an error (the file must not be written).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Whether the file would change.
    pub fn would_change(&self) -> bool {
        !self.edits.is_empty()
    }

    /// The migrated text, or `None` when nothing changes or an error blocks
    /// the migration.
    pub fn migrated(&self, original: &str) -> Option<String> {
        if self.has_errors() || !self.would_change() {
            return None;
        }
        apply_edits(original, &self.edits).ok()
    }
}

/// Applies non-overlapping edits to `text`, in any order given.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Result<String, OverlappingEdits> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    // The same edit planned twice (an alias copies its anchor's spans) is one edit.
    sorted.dedup();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut last_deleted = false;
    for edit in sorted {
        let deletion = edit.replacement.is_empty();
        if edit.range.start < pos && last_deleted && deletion {
            // Two deletions that touch (the last line's removal takes the
            // line break before it) are one larger deletion.
            pos = pos.max(edit.range.end);
            continue;
        }
        last_deleted = deletion;
        if edit.range.start < pos || edit.range.end < edit.range.start {
            return Err(OverlappingEdits {
                at: edit.range.start,
            });
        }
        let kept = text
            .get(pos..edit.range.start)
            .ok_or(OverlappingEdits { at: pos })?;
        out.push_str(kept);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
    }
    out.push_str(text.get(pos..).ok_or(OverlappingEdits { at: pos })?);
    Ok(out)
}

/// Plans the migration of one file's text.
///
/// ```
/// use config_core::migrate::{plan_text, FileKind};
/// let text = "template:\n  bees:\n    - id: gen\n      image: generator:latest\n";
/// let plan = plan_text(FileKind::Scenario, text);
/// assert!(plan.would_change() && !plan.has_errors());
/// assert!(plan.migrated(text).unwrap().contains("- role: gen"));
/// ```
pub fn plan_text(kind: FileKind, text: &str) -> FilePlan {
    let mut plan = match kind {
        FileKind::Dotenv => env::plan(text),
        FileKind::Compose => compose::plan(text),
        FileKind::Scenario => scenario::plan(text),
        FileKind::Shell => FilePlan {
            problems: scripts::scan_shell(text),
            ..FilePlan::default()
        },
        FileKind::Dockerfile => FilePlan {
            problems: scripts::scan_dockerfile(text),
            ..FilePlan::default()
        },
    };
    plan.changes.sort_by_key(|c| (c.line, c.column));
    // An alias copies its anchor's spans: the same change may be planned twice.
    plan.changes.dedup();
    if !plan.has_errors() {
        if let Err(error) = apply_edits(text, &plan.edits) {
            plan.problems
                .push(Finding::error(codes::CANNOT_EDIT, error.to_string()));
        }
    }
    plan.problems.sort_by_key(|p| (p.line, p.column));
    crate::finding_cap::cap(&mut plan.problems, crate::finding_cap::MAX_PER_FILE);
    plan
}

/// Parses YAML for migration; a parse error or a duplicate key is a `PH504`
/// plan (duplicate keys make "which value moves" ambiguous).
fn parse_yaml(text: &str) -> Result<Document, FilePlan> {
    let document = yaml::parse(text, &Limits::default()).map_err(|error| FilePlan {
        problems: vec![Finding::error(
            codes::UNREADABLE_SYNTAX,
            format!("{error}; the file is not migrated while it cannot be read"),
        )
        .at(Position {
            line: error.line(),
            column: error.column(),
        })
        .with_fix(
            "fix the YAML syntax (cfgate check shows it too), then run cfgate migrate again",
        )],
        ..FilePlan::default()
    })?;
    if document.duplicate_keys.is_empty() {
        return Ok(document);
    }
    Err(FilePlan {
        problems: document
            .duplicate_keys
            .iter()
            .map(|d| {
                Finding::error(
                    codes::UNREADABLE_SYNTAX,
                    format!(
                        "key '{}' appears twice (first on line {}); the file is not migrated while a key is ambiguous",
                        d.key, d.first.line
                    ),
                )
                .at(Position {
                    line: d.duplicate.line,
                    column: d.duplicate.column,
                })
                .with_fix(format!("keep one '{}' key", d.key))
            })
            .collect(),
        ..FilePlan::default()
    })
}

/// Safety net: a plan whose result would not parse as YAML becomes an error.
fn check_reparses(text: &str, plan: &mut FilePlan) {
    let Some(migrated) = plan.migrated(text) else {
        return;
    };
    if let Err(error) = yaml::parse(&migrated, &Limits::default()) {
        plan.problems.push(
            Finding::error(
                codes::CANNOT_EDIT,
                format!("the migrated text would not be valid YAML ({error}); nothing is changed"),
            )
            .with_fix("please report this file to the cfgate maintainers, and migrate it by hand"),
        );
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn edits_apply_in_any_order() {
        let edits = vec![
            TextEdit {
                range: 4..5,
                replacement: "X".into(),
            },
            TextEdit {
                range: 0..1,
                replacement: "ab".into(),
            },
            TextEdit {
                range: 2..2,
                replacement: "+".into(),
            },
        ];
        assert_eq!(apply_edits("0123456", &edits).unwrap(), "ab1+23X56");
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let edits = vec![
            TextEdit {
                range: 0..3,
                replacement: String::new(),
            },
            TextEdit {
                range: 2..4,
                replacement: "x".into(),
            },
        ];
        assert_eq!(
            apply_edits("012345", &edits),
            Err(OverlappingEdits { at: 2 })
        );
    }

    #[test]
    fn touching_deletions_merge() {
        let edits = vec![
            TextEdit {
                range: 2..5,
                replacement: String::new(),
            },
            TextEdit {
                range: 4..7,
                replacement: String::new(),
            },
        ];
        assert_eq!(apply_edits("0123456789", &edits).unwrap(), "01789");
    }

    #[test]
    fn edits_off_char_boundaries_are_refused_not_panicking() {
        let edits = vec![TextEdit {
            range: 1..1,
            replacement: String::new(),
        }];
        assert!(apply_edits("é", &edits).is_err());
    }
}
