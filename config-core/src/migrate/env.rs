//! Renaming deprecated environment variables, in `.env` files and (through
//! [`plan_variables`]) in compose `environment:` blocks.
//!
//! Rules, per replacement name `NEW` with deprecated name(s) `OLD`:
//! - only `OLD` set: each `OLD` key is renamed (only the key bytes change);
//! - `OLD` and `NEW` set to the same value: the `OLD` entry is dropped whole;
//! - `OLD` and `NEW` set to different values: a conflict (`PH503`) naming both
//!   lines; the file is not changed. Values are never printed: any of them may
//!   be a secret.
//!
//! Example: the unit test `doc_examples::env_plan`.

use super::{codes, Change, FilePlan, TextEdit};
use crate::deprecation::{registry, Registry};
use crate::finding::{Finding, Position};
use crate::source::dotenv;
use std::collections::BTreeMap;
use std::ops::Range;

/// One variable assignment found in a file, with the spans the migrator edits.
/// Its `Debug` form hides the value.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Variable {
    /// The variable name.
    pub key: String,
    /// The value, when the entry has one (`None`: a bare compose `- KEY`).
    pub value: Option<String>,
    /// 1-based line and column of the key.
    pub position: Position,
    /// Bytes of the key: replaced on rename.
    pub key_span: Range<usize>,
    /// Bytes of the whole entry, removed when the entry is dropped; `None`
    /// when the entry cannot be removed by itself (a flow-style block).
    pub entry_span: Option<Range<usize>>,
    /// For a compose map-form pass-through (`OLD:`, `OLD: null`): the edit
    /// that gives the renamed key the value `${OLD}`, so a rename keeps the
    /// value. `None` for every other entry (a list pass-through `- OLD`
    /// carries `=${OLD}` in its key bytes).
    pub pass_through_value: Option<TextEdit>,
}

impl std::fmt::Debug for Variable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Variable")
            .field("key", &self.key)
            .field("value", &self.value.as_ref().map(|_| "<hidden>"))
            .field("position", &self.position)
            .field("key_span", &self.key_span)
            .field("entry_span", &self.entry_span)
            .field("pass_through_value", &self.pass_through_value)
            .finish()
    }
}

/// Plans the migration of a `.env` file's text.
pub(crate) fn plan(text: &str) -> FilePlan {
    plan_with(text, registry())
}

/// [`plan`] with an explicit registry (tests inject shapes the embedded
/// file lacks, such as two deprecated names of one replacement).
fn plan_with(text: &str, registry: &Registry) -> FilePlan {
    let parsed = dotenv::parse(text);
    let variables: Vec<Variable> = parsed
        .entries
        .iter()
        .map(|entry| Variable {
            key: entry.key.clone(),
            value: Some(entry.value.clone()),
            position: Position {
                line: entry.line,
                column: column_of(text, entry.key_span.start),
            },
            key_span: entry.key_span.clone(),
            entry_span: Some(entry.span.clone()),
            pass_through_value: None,
        })
        .collect();
    let mut plan = plan_variables_with(&variables, registry);
    keep_missing_final_newline(text, &mut plan.edits);
    for error in &parsed.errors {
        plan.problems.push(
            Finding::error(
                codes::UNREADABLE_SYNTAX,
                format!("{error}; the file is not migrated while a line cannot be read"),
            )
            .at(Position {
                line: error.line(),
                column: 1,
            }),
        );
    }
    plan
}

/// Plans renames and drops for a list of assignments from one file (one
/// scope: a `.env` file, or one compose service's `environment:`).
pub(crate) fn plan_variables(variables: &[Variable]) -> FilePlan {
    plan_variables_with(variables, registry())
}

/// [`plan_variables`] with an explicit registry.
fn plan_variables_with(variables: &[Variable], registry: &Registry) -> FilePlan {
    // Group by replacement name, in order of first appearance.
    let mut groups: BTreeMap<usize, Group<'_>> = BTreeMap::new();
    let mut group_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, variable) in variables.iter().enumerate() {
        let (new, is_old) = match registry.by_old(&variable.key) {
            Some(rename) => (rename.new.as_str(), true),
            None => (variable.key.as_str(), false),
        };
        let id = *group_of.entry(new).or_insert(index);
        let group = groups.entry(id).or_insert_with(|| Group {
            new,
            olds: Vec::new(),
            news: Vec::new(),
        });
        if is_old {
            group.olds.push(variable);
        } else {
            group.news.push(variable);
        }
    }
    let mut plan = FilePlan::default();
    for group in groups.values().filter(|g| !g.olds.is_empty()) {
        group.plan(&mut plan);
    }
    plan
}

struct Group<'a> {
    new: &'a str,
    olds: Vec<&'a Variable>,
    news: Vec<&'a Variable>,
}

impl Group<'_> {
    fn plan(&self, plan: &mut FilePlan) {
        if let Some(winner) = self.news.last() {
            let conflicts: Vec<&&Variable> = self
                .olds
                .iter()
                .filter(|old| old.value != winner.value)
                .collect();
            if conflicts.is_empty() {
                for old in &self.olds {
                    self.drop(old, winner, plan);
                }
            }
            for old in conflicts {
                plan.problems.push(conflict(old, winner, self.new));
            }
            return;
        }
        // No replacement set: the deprecated names (usually one) become it.
        // Two different deprecated names with different values have no
        // defined winner: a conflict.
        let mut last_by_name: BTreeMap<&str, &Variable> = BTreeMap::new();
        for old in &self.olds {
            last_by_name.insert(old.key.as_str(), old);
        }
        let lasts: Vec<&Variable> = last_by_name.values().copied().collect();
        let mut conflicting = false;
        for pair in lasts.windows(2) {
            if let [a, b] = pair {
                if a.value != b.value {
                    plan.problems.push(conflict(a, b, self.new));
                    conflicting = true;
                }
            }
        }
        if !conflicting {
            for old in &self.olds {
                self.rename(old, plan);
            }
        }
    }

    fn rename(&self, old: &Variable, plan: &mut FilePlan) {
        // A bare compose pass-through (`- OLD`, `OLD:`) takes its value from
        // the environment compose runs in, where only OLD is set: keep it.
        let pass_through = |spelled: String| {
            format!(
                "'{}' is deprecated; the pass-through becomes '{spelled}' so the value still \
                 comes from '{}' where compose runs",
                old.key, old.key
            )
        };
        let (replacement, message) = match (&old.value, &old.pass_through_value) {
            (None, Some(value)) => {
                plan.edits.push(value.clone());
                (
                    self.new.to_string(),
                    pass_through(format!("{}: ${{{}}}", self.new, old.key)),
                )
            }
            (None, None) => {
                let spelled = format!("{}=${{{}}}", self.new, old.key);
                (spelled.clone(), pass_through(spelled))
            }
            (Some(_), _) => (
                self.new.to_string(),
                format!("'{}' is deprecated; renamed to '{}'", old.key, self.new),
            ),
        };
        plan.edits.push(TextEdit {
            range: old.key_span.clone(),
            replacement,
        });
        plan.changes.push(Change {
            code: codes::RENAME_VARIABLE,
            line: old.position.line,
            column: old.position.column,
            path: old.key.clone(),
            old: old.key.clone(),
            new: self.new.to_string(),
            message,
        });
        warn_direct_reader(old, self.new, plan);
    }

    fn drop(&self, old: &Variable, winner: &Variable, plan: &mut FilePlan) {
        let Some(range) = old.entry_span.clone() else {
            plan.problems.push(
                Finding::error(
                    codes::CANNOT_EDIT,
                    format!(
                        "'{}' must be removed ('{}' on line {} holds the same value), but it sits in a flow-style block that cannot be edited line by line",
                        old.key, self.new, winner.position.line
                    ),
                )
                .at(old.position)
                .with_path(old.key.clone())
                .with_fix(format!("delete '{}' by hand, or write the block one entry per line", old.key)),
            );
            return;
        };
        plan.edits.push(TextEdit {
            range,
            replacement: String::new(),
        });
        warn_direct_reader(old, self.new, plan);
        plan.changes.push(Change {
            code: codes::DROP_DUPLICATE,
            line: old.position.line,
            column: old.position.column,
            path: old.key.clone(),
            old: old.key.clone(),
            new: String::new(),
            message: format!(
                "'{}' (line {}) already holds the same value",
                self.new, winner.position.line
            ),
        });
    }
}

/// PH506: `old` is still read directly by service code, which will no
/// longer see it after the migration.
fn warn_direct_reader(old: &Variable, new: &str, plan: &mut FilePlan) {
    let Some(reader) = super::readers::direct_reader(&old.key) else {
        return;
    };
    plan.problems.push(
        Finding::warning(
            codes::DIRECT_READER,
            format!(
                "'{}' is still read directly by {} (not through the settings): after the \
                 migration {} if this file feeds that process",
                old.key, reader.reader, reader.effect
            ),
        )
        .at(old.position)
        .with_path(old.key.clone())
        .with_fix(format!(
            "if that process reads this file, set '{}' there as well (beside '{new}', which \
             the settings read first), else nothing to do",
            old.key
        )),
    );
}

/// The PH503 finding for `old` disagreeing with `other`; `new` is the
/// replacement name both belong to.
fn conflict(old: &Variable, other: &Variable, new: &str) -> Finding {
    Finding::error(
        codes::VARIABLE_CONFLICT,
        format!(
            "'{}' (line {}) and '{}' (line {}) are both set, to different values; \
             the file is not changed (values not shown: they may be secrets)",
            old.key, old.position.line, other.key, other.position.line
        ),
    )
    .at(old.position)
    .with_path(old.key.clone())
    .with_fix(format!(
        "keep the value you want under '{new}', delete the '{}' entry, and run cfgate migrate again",
        old.key
    ))
}

/// 1-based column (in characters) of byte `offset`.
pub(crate) fn column_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before.get(line_start..).map_or(0, |s| s.chars().count()) + 1
}

/// When the entries removed run up to the end of a file that has no final
/// newline, the line break before them goes too, so the file still has none.
fn keep_missing_final_newline(text: &str, edits: &mut Vec<TextEdit>) {
    if text.ends_with('\n') {
        return;
    }
    let mut start = text.len();
    while let Some(edit) = edits
        .iter()
        .find(|e| e.replacement.is_empty() && e.range.end == start && e.range.start < start)
    {
        start = edit.range.start;
    }
    if start == text.len() || start == 0 {
        return;
    }
    let before = text.get(..start).unwrap_or("");
    let cut = if before.ends_with("\r\n") {
        2
    } else if before.ends_with('\n') {
        1
    } else {
        0
    };
    edits.push(TextEdit {
        range: start - cut..start,
        replacement: String::new(),
    });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn migrate(text: &str) -> String {
        let plan = plan(text);
        assert!(!plan.has_errors(), "{:?}", plan.problems);
        plan.migrated(text).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn renames_only_the_key_bytes() {
        let text =
            "# comment\n\nexport  WORKER_PORT = \"5003\"  # port\r\nOTHER=1\nIB_RETRY_DELAY='2.0'";
        assert_eq!(
            migrate(text),
            "# comment\n\nexport  KTRDR_WORKER_PORT = \"5003\"  # port\r\nOTHER=1\nKTRDR_IB_RETRY_BASE_DELAY='2.0'"
        );
    }

    #[test]
    fn changes_name_line_column_old_and_new() {
        let p = plan("A=1\n  DB_HOST=x\n");
        assert_eq!(p.changes.len(), 1);
        let c = &p.changes[0];
        assert_eq!((c.line, c.column, c.code), (2, 3, "PH501"));
        assert_eq!(
            (c.old.as_str(), c.new.as_str()),
            ("DB_HOST", "KTRDR_DB_HOST")
        );
    }

    #[test]
    fn equal_values_drop_the_old_entry_whole() {
        assert_eq!(
            migrate("DB_HOST=\"h\"\r\n# keep\r\nKTRDR_DB_HOST=h\r\n"),
            "# keep\r\nKTRDR_DB_HOST=h\r\n"
        );
    }

    #[test]
    fn dropping_the_last_line_keeps_a_missing_final_newline_missing() {
        assert_eq!(migrate("KTRDR_DB_HOST=h\nDB_HOST=h"), "KTRDR_DB_HOST=h");
        assert_eq!(migrate("KTRDR_DB_HOST=h\r\nDB_HOST=h"), "KTRDR_DB_HOST=h");
        assert_eq!(migrate("DB_HOST=h"), "KTRDR_DB_HOST=h");
    }

    #[test]
    fn different_values_are_a_conflict_naming_both_lines_and_no_value() {
        let text = "DB_PASSWORD=canary-one\nKTRDR_DB_PASSWORD=canary-two\n";
        let p = plan(text);
        assert!(p.has_errors());
        assert_eq!(p.migrated(text), None);
        let f = &p.problems[0];
        assert_eq!((f.code, f.line), ("PH503", 1));
        assert!(f.message.contains("line 1") && f.message.contains("line 2"));
        assert!(!format!("{p:?}").contains("canary-"));
    }

    #[test]
    fn dropping_several_entries_up_to_a_last_line_without_newline() {
        assert_eq!(
            migrate("KTRDR_DB_HOST=h\nDB_HOST=h\nDB_HOST=h"),
            "KTRDR_DB_HOST=h"
        );
    }

    #[test]
    fn multiline_values_are_dropped_whole() {
        assert_eq!(
            migrate("DB_HOST=\"a\nb\"\nKTRDR_DB_HOST=\"a\\nb\"\n"),
            "KTRDR_DB_HOST=\"a\\nb\"\n"
        );
    }

    #[test]
    fn a_repeated_old_name_is_renamed_everywhere_keeping_last_wins() {
        assert_eq!(
            migrate("DB_HOST=a\nDB_HOST=b\n"),
            "KTRDR_DB_HOST=a\nKTRDR_DB_HOST=b\n"
        );
    }

    #[test]
    fn unreadable_lines_block_the_migration() {
        let text = "DB_PORT=a\nnot a line\n";
        let p = plan(text);
        assert_eq!(p.problems[0].code, "PH504");
        assert_eq!(p.problems[0].line, 2);
        assert_eq!(p.migrated(text), None);
    }

    #[test]
    fn second_run_changes_nothing() {
        let text = "DB_HOST=a\nKTRDR_DB_PORT=1\nDB_PORT=1\n";
        let once = migrate(text);
        assert!(!plan(&once).would_change());
    }

    /// A registry where two deprecated names share one replacement: the
    /// embedded file has no such pair, so it is injected.
    fn two_olds_one_new() -> Registry {
        Registry::parse(
            "[[rename]]\nold = 'OLD_HOST'\nnew = 'NEW_HOST'\nsince = '1.0'\n\
             [[rename]]\nold = 'LEGACY_HOST'\nnew = 'NEW_HOST'\nsince = '0.9'\n",
        )
        .unwrap()
    }

    #[test]
    fn two_deprecated_names_of_one_replacement_with_different_values_conflict() {
        let registry = two_olds_one_new();
        let text = "OLD_HOST=canary-one\nOTHER=1\nLEGACY_HOST=canary-two\n";
        let p = plan_with(text, &registry);
        assert!(p.has_errors());
        assert_eq!(p.migrated(text), None);
        assert!(p.changes.is_empty() && p.edits.is_empty(), "{p:?}");
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        let f = &p.problems[0];
        assert_eq!(f.code, "PH503");
        // Both entries are named with their lines; the fix names the replacement.
        assert!(
            f.message.contains("'LEGACY_HOST' (line 3)")
                && f.message.contains("'OLD_HOST' (line 1)"),
            "{}",
            f.message
        );
        assert!(f.fix.contains("'NEW_HOST'"), "{}", f.fix);
        assert!(!format!("{p:?}").contains("canary-"));
    }

    #[test]
    fn two_deprecated_names_of_one_replacement_with_equal_values_are_renamed() {
        let registry = two_olds_one_new();
        let text = "OLD_HOST=h\nLEGACY_HOST=h\n";
        let p = plan_with(text, &registry);
        assert!(!p.has_errors(), "{:?}", p.problems);
        assert_eq!(p.migrated(text).unwrap(), "NEW_HOST=h\nNEW_HOST=h\n");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("é=1\n  X", 7), 3);
        assert_eq!(column_of("éé=X", 5), 4);
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn env_plan() {
        use crate::migrate::env::plan;
        let text = "DB_PORT=5432\nKTRDR_DB_PORT=5432\n";
        assert_eq!(plan(text).migrated(text).unwrap(), "KTRDR_DB_PORT=5432\n");
        let text = "DB_PORT=1\nKTRDR_DB_PORT=2\n";
        assert!(plan(text).has_errors());
    }
}
