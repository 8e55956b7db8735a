//! `cfgate check PATH...`: check scenario files and report every finding.

use super::limits::LimitArgs;
use crate::render::findings::{renderer, Format};
use crate::render::output;
use config_core::scenario::check::{check_paths, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error or unreadable input.

Examples:
  cfgate check examples/scenarios
  cfgate check scenario.yaml other/ --format json
  cat scenario.yaml | cfgate check -
  cfgate check scenarios/ --format github          # annotations in GitHub Actions
  cfgate check scenarios/ --format sarif > cfgate.sarif
  cfgate check scenarios/ --strict --schema-dir my-schemas/"
)]
pub struct Args {
    /// Files or directories to check (directories recursively: `*.yaml`,
    /// `*.yml`, honouring .gitignore); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat unknown-key warnings (PH390) as errors.
    #[arg(long, conflicts_with = "allow_unknown")]
    strict: bool,
    /// Do not report unknown keys (PH390) at all.
    #[arg(long)]
    allow_unknown: bool,
    /// Directory of `<kind>.schema.json` files adding or overriding worker
    /// kinds (for images cfgate does not ship).
    #[arg(long, value_name = "DIR")]
    schema_dir: Option<PathBuf>,
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
    if summary.unreadable > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
