//! Output of `cfgate migrate`, human and JSON.
//!
//! Human: `file:line:col: CODE old -> new` per change, then
//! `file:line:col: error[CODE]: message` and a `fix:` line per problem, then
//! a one-line summary. With `--diff` the diff alone goes to stdout (so it can
//! be piped to `patch`); problems and the summary go to stderr. Control
//! characters from the files (an escape sequence in a `.env` value, a key
//! with a BEL) are replaced by U+FFFD in every human line
//! ([`config_core::terminal::printable`]); a diff of such a line is for
//! reading, `--write` is the way to apply it.

use super::output;
use config_core::finding::{Finding, Severity};
use config_core::migrate::{Change, FileKind};
use config_core::terminal::{one_line, printable};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Human,
    /// One JSON document.
    Json,
}

/// What the run does with the plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Report only.
    Check,
    /// Print a unified diff.
    Diff,
    /// Write the files.
    Write,
}

/// One file's result.
#[derive(Debug, Serialize)]
pub struct FileOutcome {
    /// The path as given or found.
    pub path: String,
    /// What kind of file it is.
    pub kind: FileKind,
    /// Planned changes.
    pub changes: Vec<Change>,
    /// Errors and warnings (errors block the file).
    pub problems: Vec<Finding>,
    /// The unified diff (`--diff` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// Whether the file was rewritten.
    pub written: bool,
    /// Why writing failed, if it did (the original is intact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_error: Option<String>,
}

impl FileOutcome {
    fn blocked(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error) || self.write_error.is_some()
    }
}

/// The whole run.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The mode.
    pub mode: Mode,
    /// Every file considered (walks skip files of other kinds).
    pub files: Vec<FileOutcome>,
    /// Paths that could not be read or are of no known kind.
    pub input_errors: Vec<String>,
    /// Non-regular files (FIFOs, sockets, devices) a walk did not read.
    pub skipped: Vec<String>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    files_to_change: usize,
    changes: usize,
    files_blocked: usize,
    files_written: usize,
}

impl Report {
    fn summary(&self) -> Summary {
        Summary {
            files: self.files.len(),
            files_to_change: self
                .files
                .iter()
                .filter(|f| !f.changes.is_empty() && !f.blocked())
                .count(),
            changes: self
                .files
                .iter()
                .filter(|f| !f.blocked())
                .map(|f| f.changes.len())
                .sum(),
            files_blocked: self.files.iter().filter(|f| f.blocked()).count(),
            files_written: self.files.iter().filter(|f| f.written).count(),
        }
    }

    /// 2: an input error; 1: a blocked file, or (check, diff) something
    /// would change; 0 otherwise.
    pub fn exit_code(&self) -> u8 {
        let summary = self.summary();
        if !self.input_errors.is_empty() {
            2
        } else if summary.files_blocked > 0
            || (self.mode != Mode::Write && summary.files_to_change > 0)
        {
            1
        } else {
            0
        }
    }
}

/// Prints the report: the report to stdout; with `--diff` (human) the diff
/// alone to stdout and the rest to stderr. `Err` is the exit status of a
/// report that could not be written.
pub fn print(report: &Report, format: Format) -> Result<(), ExitCode> {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                #[serde(flatten)]
                report: &'a Report,
                summary: Summary,
            }
            let json = Json {
                report,
                summary: report.summary(),
            };
            let json = serde_json::to_value(&json).map(cap_json_changes);
            match json.and_then(|json| serde_json::to_string_pretty(&json)) {
                Ok(text) => output::print(&format!("{text}\n")),
                Err(error) => {
                    output::error_line(format_args!("cannot render JSON: {error}"));
                    Err(ExitCode::from(2))
                }
            }
        }
        Format::Human => {
            let (out, err) = human(report);
            output::print(&out)?;
            output::to_stderr(&err);
            Ok(())
        }
    }
}

/// Bounded output: at most [`MAX_PER_FILE`](config_core::finding_cap::MAX_PER_FILE)
/// changes listed per file, as in the human listing, with
/// `changes_not_shown` counting the rest (the summary counts them all;
/// `--diff` shows them). Problems are capped where they are found.
fn cap_json_changes(mut json: serde_json::Value) -> serde_json::Value {
    let max = config_core::finding_cap::MAX_PER_FILE;
    let files = json.get_mut("files").and_then(|f| f.as_array_mut());
    for file in files.into_iter().flatten() {
        let Some(file) = file.as_object_mut() else {
            continue;
        };
        let cut = match file.get_mut("changes").and_then(|c| c.as_array_mut()) {
            Some(changes) if changes.len() > max => {
                let cut = changes.len() - max;
                changes.truncate(max);
                cut
            }
            _ => 0,
        };
        file.insert("changes_not_shown".into(), cut.into());
    }
    json
}

/// The human rendering: (stdout, stderr).
pub fn human(report: &Report) -> (String, String) {
    let mut out = String::new();
    let mut err = String::new();
    for file in &report.files {
        if report.mode == Mode::Diff {
            if let Some(diff) = &file.diff {
                out.push_str(diff);
            }
        } else if !(report.mode == Mode::Write && file.blocked()) {
            // A blocked file is not written: listing its changes as done would lie.
            // Bounded like findings: a file of many legacy shapes lists the
            // first ones and how many more.
            let max = config_core::finding_cap::MAX_PER_FILE;
            for change in file.changes.iter().take(max) {
                let _ = writeln!(out, "{}", change_line(&file.path, change));
            }
            if file.changes.len() > max {
                let _ = writeln!(
                    out,
                    "{}: ... and {} more changes (at most {max} are listed; --diff shows them all)",
                    file.path,
                    file.changes.len() - max
                );
            }
        }
        let sink = if report.mode == Mode::Diff {
            &mut err
        } else {
            &mut out
        };
        for problem in &file.problems {
            let _ = writeln!(
                sink,
                "{}:{}:{}: {}[{}]: {}",
                one_line(&file.path),
                problem.line,
                problem.column,
                problem.severity,
                problem.code,
                one_line(&problem.message)
            );
            if !problem.fix.is_empty() {
                let _ = writeln!(sink, "  fix: {}", one_line(&problem.fix));
            }
        }
        if let Some(error) = &file.write_error {
            // Not written: an error of the run, so on stderr like every error.
            let _ = writeln!(err, "cfgate: error: {}", one_line(error));
        }
    }
    for error in &report.input_errors {
        let _ = writeln!(err, "cfgate: error: {}", one_line(error));
    }
    for skipped in &report.skipped {
        let _ = writeln!(err, "cfgate: note: {}", one_line(skipped));
    }
    let summary_line = summary_line(report);
    if report.mode == Mode::Diff {
        let _ = writeln!(err, "{summary_line}");
    } else {
        let _ = writeln!(out, "{summary_line}");
    }
    // Diff lines, paths, names and messages can all carry bytes from a file.
    (printable(&out).into_owned(), printable(&err).into_owned())
}

fn change_line(path: &str, change: &Change) -> String {
    let head = format!(
        "{}:{}:{}: {}",
        one_line(path),
        change.line,
        change.column,
        change.code
    );
    if change.new.is_empty() {
        format!(
            "{head} {} removed: {}",
            one_line(&change.old),
            one_line(&change.message)
        )
    } else {
        format!(
            "{head} {} -> {}",
            one_line(&change.old),
            one_line(&change.new)
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let mut line = match report.mode {
        Mode::Write if s.files_written > 0 => format!(
            "migrated {} ({}).",
            plural(s.files_written, "file", "files"),
            plural(s.changes, "change", "changes")
        ),
        _ if s.changes > 0 => format!(
            "{} in {} would be made; run `cfgate migrate --write` to apply.",
            plural(s.changes, "change", "changes"),
            plural(s.files_to_change, "file", "files")
        ),
        _ if s.files_blocked == s.files && s.files > 0 => String::from("no file migrated."),
        _ => format!(
            "nothing to migrate in {}.",
            plural(s.files - s.files_blocked, "file", "files")
        ),
    };
    if s.files_blocked > 0 {
        let _ = write!(
            line,
            " {} not changed because of errors above.",
            plural(s.files_blocked, "file was", "files were")
        );
    }
    line
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn report(mode: Mode) -> Report {
        let change = Change {
            code: "PH501",
            line: 1,
            column: 1,
            path: "DB_HOST".into(),
            old: "DB_\u{7}HOST".into(),
            new: "KTRDR_DB_HOST".into(),
            message: "renamed".into(),
        };
        let mut problem = Finding::error("PH520", "conflict at \u{1b}[2J");
        problem.fix = "keep \u{9b}31m one".into();
        Report {
            mode,
            files: vec![FileOutcome {
                path: "a\u{1b}]0;t\u{7}.env".into(),
                kind: FileKind::Dotenv,
                changes: vec![change],
                problems: vec![problem],
                diff: Some(
                    "--- a/.env\r\n-DB_HOST=h\u{1b}]0;t\u{7}\r\n+KTRDR_DB_HOST=h\r\n".into(),
                ),
                written: false,
                write_error: Some("cannot write \u{1b}[31m".into()),
            }],
            input_errors: vec!["no such file \u{1b}[2J".into()],
            skipped: vec!["fifo\n.env: skipped".into()],
        }
    }

    #[test]
    fn no_human_line_carries_a_control_character() {
        for mode in [Mode::Check, Mode::Diff, Mode::Write] {
            let (out, err) = human(&report(mode));
            for text in [&out, &err] {
                let raw: Vec<char> = text
                    .char_indices()
                    .filter(|(i, c)| {
                        c.is_control()
                            && *c != '\n'
                            && !(*c == '\r' && text.get(i + 1..).unwrap().starts_with('\n'))
                    })
                    .map(|(_, c)| c)
                    .collect();
                assert!(raw.is_empty(), "{mode:?}: {raw:?} in {text:?}");
            }
            let all = format!("{out}{err}");
            assert!(
                all.contains('\u{fffd}') || all.contains("\\u{1b}"),
                "{mode:?}"
            );
        }
        let (out, _) = human(&report(Mode::Diff));
        assert!(
            out.contains("-DB_HOST=h\u{fffd}]0;t\u{fffd}\r\n"),
            "{out:?}"
        );
    }

    #[test]
    fn a_line_break_in_a_name_cannot_forge_a_line() {
        let mut report = report(Mode::Check);
        report.files[0].path = "x\nerror: forged.env".into();
        report.files[0].write_error = None;
        report.input_errors.clear();
        let (out, err) = human(&report);
        for text in [&out, &err] {
            assert!(
                text.lines().all(|line| !line.starts_with("error: forged")),
                "{text}"
            );
        }
        assert!(out.contains("x\\nerror: forged.env:1:1: PH501"), "{out}");
        assert!(err.contains("cfgate: note: fifo\\n.env: skipped"), "{err}");
    }
}
