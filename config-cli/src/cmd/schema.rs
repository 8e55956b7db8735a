//! `cfgate schema`: regenerate or check the committed JSON Schemas.

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
            Ok(stale) if stale.is_empty() => {
                println!("schemas in {} are up to date", dir.display());
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                for file in &stale {
                    let why = if file.missing { "missing" } else { "stale" };
                    eprintln!("{}: {why}", dir.join(&file.path).display());
                }
                eprintln!(
                    "error: {} schema file(s) differ from the typed configs; run `cfgate schema --out {}` and commit the result",
                    stale.len(),
                    dir.display()
                );
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    match args.out {
        Some(dir) => match schema::write_dir(&dir) {
            Ok(written) => {
                println!("wrote {} schema files to {}", written.len(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}; check that the directory is writable");
                ExitCode::from(2)
            }
        },
        None => {
            let text = serde_json::to_string_pretty(&schema::scenario_schema()).unwrap_or_default();
            println!("{text}");
            ExitCode::SUCCESS
        }
    }
}
