//! `cfgate`: the command-line face of `config-core`. Argument parsing and
//! rendering only; every decision is made in the library.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod cmd;
mod render;

/// Typed configuration gate: validate service settings, check and migrate scenario files.
#[derive(Debug, Parser)]
#[command(name = "cfgate", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario files: structure, worker kinds and config blocks.
    Check(cmd::check::Args),
    /// Show each bee's effective config and container environment (JSON).
    Plan(cmd::plan::Args),
    /// Print a shell completion script.
    Completions(cmd::completions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Plan(args) => cmd::plan::run(args),
        Command::Completions(args) => cmd::completions::run(args),
    }
}
