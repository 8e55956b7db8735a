//! `cfgate check PATH...`: check scenario files and report every finding.

use super::limits::LimitArgs;
use crate::render::findings::{renderer, Format};
use crate::render::output;
use config_core::scenario::check::{check_paths, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::discover::WalkOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error or unreadable input.

Examples:
  cfgate check examples/scenarios                  # every bundle below
  cfgate check bundle/scenario.yaml other/ --format json
  cfgate check bundle/templates/t.yaml             # checks the file's bundle
  cat scenario.yaml | cfgate check -
  cfgate check scenarios/ --format github          # annotations in GitHub Actions
  cfgate check scenarios/ --format sarif > cfgate.sarif
  cfgate check scenarios/ --strict --schema-dir my-schemas/"
)]
pub struct Args {
    /// Bundles, files or directories to check; `-` reads standard input.
    /// A directory is searched for bundles (folders holding a file named
    /// exactly `scenario.yaml`), honouring .gitignore; a file inside a bundle
    /// checks its bundle; any other file is checked as a scenario.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat every warning (unknown keys PH390/PH131, keys nothing reads,
    /// what the platform ignores) as an error.
    #[arg(long, conflicts_with = "allow_unknown")]
    strict: bool,
    /// Do not report unknown keys (PH390, PH131) at all.
    #[arg(long)]
    allow_unknown: bool,
    /// Directory of `<kind>.schema.json` files adding or overriding worker
    /// kinds (for images cfgate does not ship).
    #[arg(long, value_name = "DIR")]
    schema_dir: Option<PathBuf>,
    /// Search hidden files and directories too.
    #[arg(long)]
    hidden: bool,
    /// Do not honour .gitignore, .ignore and git exclude files.
    #[arg(long)]
    no_ignore: bool,
    /// Follow symbolic links.
    #[arg(short = 'L', long)]
    follow: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Checks every input, streaming findings to stdout.
pub fn run(args: Args) -> ExitCode {
    let owned;
    let schemas = match &args.schema_dir {
        None => SchemaSet::builtin(),
        Some(dir) => match SchemaSet::with_dir(dir) {
            Ok(set) => {
                owned = set;
                &owned
            }
            Err(err) => {
                output::error_line(&err);
                output::fix_line(
                    "pass a readable directory of `<kind>.schema.json` files to --schema-dir",
                );
                return ExitCode::from(2);
            }
        },
    };
    let options = CheckOptions {
        strict: args.strict,
        allow_unknown: args.allow_unknown,
        limits: args.limits.limits(),
        walk: WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
            follow: args.follow,
        },
    };
    let mut render = renderer(args.format, crate::render::stdout_colour());
    // A closed pipe ends the run quietly with status 0 (render::output).
    let mut out = output::stdout();
    let mut io_error = render.begin(&mut out).err();
    let summary = check_paths(&args.paths, schemas, &options, |report| {
        if io_error.is_none() {
            io_error = render.file(&mut out, &report).err();
        }
    });
    if io_error.is_none() {
        io_error = render.finish(&mut out, &summary).err();
    }
    if io_error.is_none() {
        io_error = out.flush().err();
    }
    if let Some(err) = io_error {
        return output::write_failed(err);
    }
    // What the walk skipped goes to stderr: machine formats stay unchanged.
    if let Some(note) = summary.skipped.describe() {
        output::note_line(note);
    }
    if summary.unreadable > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
