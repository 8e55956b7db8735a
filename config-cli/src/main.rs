//! `cfgate`: the command-line face of `config-core`. Argument parsing and
//! rendering only; every decision is made in the library.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

mod cmd;
mod lsp;
mod render;

/// The checker allocates many small nodes per file (YAML tree, JSON values,
/// pointers); mimalloc serves them faster than glibc's malloc (see
/// docs/decisions.md and docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Typed configuration gate: validate service settings, check and migrate scenario files.
#[derive(Debug, Parser)]
#[command(name = "cfgate", version, about, long_about = None)]
struct Cli {
    /// When to colour the output: `auto` colours a terminal unless
    /// `NO_COLOR` is set to a non-empty value.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = render::ColorWhen::Auto)]
    color: render::ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario files: structure, worker kinds and config blocks.
    Check(cmd::check::Args),
    /// Show each bee's effective config and container environment (JSON).
    Plan(cmd::plan::Args),
    /// Validate service settings (the startup gate) and list every error.
    Validate(cmd::validate::Args),
    /// Show every effective setting and where its value came from.
    Explain(cmd::explain::Args),
    /// List deprecated variable names and their replacements.
    Deprecations(cmd::deprecations::Args),
    /// Apply a control-plane config-update patch to a worker config.
    Patch(cmd::patch::Args),
    /// Print a shell completion script.
    Completions(cmd::completions::Args),
    /// Regenerate (--out DIR) or check (--check) the JSON Schemas in schemas/.
    Schema(cmd::schema::Args),
    /// Rename deprecated variables and rewrite legacy scenario shapes, without losing a byte.
    Migrate(cmd::migrate::Args),
    /// Print or write the man pages (generated from these definitions).
    #[command(hide = true)]
    Man(cmd::man::Args),
    /// Audit captured control-plane messages against the envelope contract and the plan.
    Audit(cmd::audit::Args),
    /// Serve editors: a Language Server over stdio (diagnostics, fixes, hover, completion).
    Lsp(cmd::lsp::Args),
}

fn main() -> ExitCode {
    // clap prints help and usage errors itself, before `cli.color` exists:
    // give it the same choice, read from the raw arguments.
    let early = render::ColorWhen::from_args(std::env::args_os());
    early.apply();
    let matches = Cli::command().color(early.for_clap()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    cli.color.apply();
    match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Plan(args) => cmd::plan::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Deprecations(args) => cmd::deprecations::run(args),
        Command::Patch(args) => cmd::patch::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Migrate(args) => cmd::migrate::run(args),
        Command::Man(args) => cmd::man::run(args),
        Command::Audit(args) => cmd::audit::run(args),
        Command::Lsp(args) => cmd::lsp::run(args),
    }
}
