//! `cfgate migrate`: rename deprecated variables and rewrite legacy scenario
//! shapes. Argument parsing and orchestration only: the library plans the
//! edits and writes files; `render::migrate` prints.

use crate::render::migrate::{self as render, FileOutcome, Mode, Report};
use config_core::migrate::discover::{discover_all, load_and_plan};
use config_core::migrate::{diff, write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate migrate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Files: dotenv files (.env, .env.*, *.env), compose files (environment: blocks,
map and list forms) and scenario files. A directory is searched recursively;
only regular files are read (a FIFO, socket or device found there is skipped
with a note; named on the command line it is an error).

Writing (--write) is safe for files in use: each file is replaced
atomically (a temporary file in the same directory, flushed, renamed over
it) keeping its owner, group, mode, ACLs and extended attributes, and only
if it still holds the text the migration was planned from (a file edited
while the run is in progress is refused and reported, not overwritten).
Refused unless a flag allows it: a file with several hard links
(--allow-hard-links replaces this name only), a read-only file
(--allow-read-only), a symbolic link to a file outside the trees given
(--allow-outside-links). Temporary files left by an interrupted run
(.cfgate-migrate-*.tmp, older than 10 minutes) are removed. Each file is
reported on stderr as it is written; on SIGINT or SIGTERM the file being
written is finished and no further one is started (a second signal stops at
once). See docs/SECURITY.md.

Exit status: 0 nothing to change (or, with --write, everything written);
1 something would change (--check, --diff) or a file has a conflict or
error, or was refused, and was left untouched; 2 bad usage or an
unreadable path.

Examples:
  cfgate migrate .                      # list what would change (file:line old -> new)
  cfgate migrate --diff .env.local      # show a unified diff
  cfgate migrate --write .              # rewrite files atomically, keeping owner and mode
  cfgate migrate --format json deploy/  # machine-readable report")]
pub struct Args {
    /// Report what would change, exit 1 if anything would (the default).
    #[arg(long, group = "mode")]
    check: bool,
    /// Print a unified diff of what would change (secret values hidden).
    #[arg(long, group = "mode")]
    diff: bool,
    /// Rewrite each changed file atomically; files with conflicts are left untouched.
    #[arg(long, group = "mode")]
    write: bool,
    /// With --write: replace a file that has several hard links (the other
    /// names keep the old text).
    #[arg(long)]
    allow_hard_links: bool,
    /// With --write: rewrite a read-only file (its mode is kept).
    #[arg(long)]
    allow_read_only: bool,
    /// With --write: follow a symbolic link to a file outside the given
    /// paths' trees.
    #[arg(long)]
    allow_outside_links: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = render::Format::Human)]
    format: render::Format,
    /// Files or directories to migrate.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Plans (and with `--write`, applies) the migration of every given path.
pub fn run(args: Args) -> ExitCode {
    let mode = if args.write {
        Mode::Write
    } else if args.diff {
        Mode::Diff
    } else {
        Mode::Check
    };
    let found = discover_all(&args.paths);
    let mut input_errors = found.errors;
    let writing = Writing {
        options: write::WriteOptions {
            roots: write::WriteOptions::roots_of(&args.paths),
            allow_hard_links: args.allow_hard_links,
            allow_read_only: args.allow_read_only,
            allow_outside_links: args.allow_outside_links,
        },
        // Without handlers a signal ends the run between two renames all
        // the same: every file is still whole.
        interrupt: if mode == Mode::Write {
            write::Interrupt::on_signals().unwrap_or_default()
        } else {
            write::Interrupt::default()
        },
    };
    let mut files = Vec::new();
    for target in &found.targets {
        match load_and_plan(target) {
            Ok(Some(planned)) => files.push(outcome(planned, mode, &writing)),
            Ok(None) => {}
            Err(error) => input_errors.push(error),
        }
    }
    let report = Report {
        mode,
        files,
        input_errors: input_errors.iter().map(ToString::to_string).collect(),
        skipped: found.skipped.iter().map(ToString::to_string).collect(),
    };
    match render::print(&report, args.format) {
        Ok(()) => ExitCode::from(report.exit_code()),
        Err(code) => code,
    }
}

/// How `--write` writes.
struct Writing {
    options: write::WriteOptions,
    interrupt: write::Interrupt,
}

fn outcome(
    planned: config_core::migrate::discover::Planned,
    mode: Mode,
    writing: &Writing,
) -> FileOutcome {
    let migrated = planned.plan.migrated(&planned.original);
    let display = planned.path.display().to_string();
    let diff = match (&migrated, mode) {
        // The `---`/`+++` labels are lines: a name's line break is escaped.
        (Some(new), Mode::Diff) => Some(diff::unified(
            &config_core::terminal::one_line(&display),
            &planned.original,
            new,
        )),
        _ => None,
    };
    let mut write_error = None;
    let mut written = false;
    if let (Some(new), Mode::Write) = (&migrated, mode) {
        let result = if writing.interrupt.is_set() {
            Err(write::WriteError::Refused {
                path: planned.path.clone(),
                refusal: write::Refusal::Interrupted,
            })
        } else {
            write::write_checked(&planned.path, &planned.original, new, &writing.options)
        };
        match result {
            Ok(()) => {
                written = true;
                // Reported as it completes: a run killed later has said
                // which files it wrote.
                eprintln!(
                    "wrote {} ({} change{})",
                    config_core::terminal::printable(&display),
                    planned.plan.changes.len(),
                    if planned.plan.changes.len() == 1 {
                        ""
                    } else {
                        "s"
                    }
                );
            }
            Err(error) => write_error = Some(error.to_string()),
        }
    }
    FileOutcome {
        path: display,
        kind: planned.kind,
        changes: planned.plan.changes,
        problems: planned.plan.problems,
        diff,
        written,
        write_error,
    }
}
