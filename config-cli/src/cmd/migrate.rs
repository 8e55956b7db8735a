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

Exit status: 0 nothing to change (or, with --write, everything written);
1 something would change (--check, --diff) or a file has a conflict or
error and was left untouched; 2 bad usage or an unreadable path.

Examples:
  cfgate migrate .                      # list what would change (file:line old -> new)
  cfgate migrate --diff .env.local      # show a unified diff
  cfgate migrate --write .              # rewrite files atomically, keeping permissions
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
    let mut files = Vec::new();
    for target in &found.targets {
        match load_and_plan(target) {
            Ok(Some(planned)) => files.push(outcome(planned, mode)),
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

fn outcome(planned: config_core::migrate::discover::Planned, mode: Mode) -> FileOutcome {
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
        match write::write_atomic(&planned.path, new) {
            Ok(()) => written = true,
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
