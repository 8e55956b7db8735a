//! `cfgate schema`: regenerate or check the committed JSON Schemas.

use crate::render::output::{self, error_line};
use config_core::schema;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate schema`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cfgate schema --out schemas      # regenerate the committed schemas\n  cfgate schema --check            # exit 1 when schemas/ is stale (CI)\n  cfgate schema > scenario.schema.json"
)]
pub struct Args {
    /// Write every schema (draft 2020-12, plus draft-07 copies under draft-07/) into DIR.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Compare the schemas in DIR (--out, default `schemas`) with freshly generated ones; exit 1 naming stale files.
    #[arg(long)]
    check: bool,
}

/// Runs `cfgate schema`. Without flags, prints the scenario schema to stdout.
pub fn run(args: Args) -> ExitCode {
    if args.check {
        let dir = args.out.unwrap_or_else(|| PathBuf::from("schemas"));
        return match schema::check_dir(&dir) {
            Ok(stale) if stale.is_empty() => done(output::print(&format!(
                "schemas in {} are up to date\n",
                dir.display()
            ))),
            Ok(stale) => {
                error_line(format_args!(
                    "{} schema file(s) differ from the typed configs",
                    stale.len()
                ));
                for file in &stale {
                    let why = if file.missing { "missing" } else { "stale" };
                    output::to_stderr(&format!("{}: {why}\n", dir.join(&file.path).display()));
                }
                output::fix_line(format_args!(
                    "run `cfgate schema --out {}` and commit the result",
                    dir.display()
                ));
                ExitCode::from(1)
            }
            Err(e) => {
                error_line(e);
                ExitCode::from(2)
            }
        };
    }
    match args.out {
        Some(dir) => match schema::write_dir(&dir) {
            Ok(written) => done(output::print(&format!(
                "wrote {} schema files to {}\n",
                written.len(),
                dir.display()
            ))),
            Err(e) => {
                error_line(e);
                output::fix_line("check that the directory is writable");
                ExitCode::from(2)
            }
        },
        None => match serde_json::to_string_pretty(&schema::scenario_schema()) {
            Ok(text) => done(output::print(&format!("{text}\n"))),
            Err(e) => {
                error_line(format_args!("cannot render the schema: {e}"));
                ExitCode::from(2)
            }
        },
    }
}

/// Success, or the status of an output that could not be written.
fn done(printed: Result<(), ExitCode>) -> ExitCode {
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
