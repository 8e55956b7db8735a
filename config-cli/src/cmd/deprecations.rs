//! `cfgate deprecations`: the registry of renamed variables.

use crate::render::settings::{human, json, markdown, print};
use config_core::deprecation::registry;
use std::process::ExitCode;

/// `--format` values of `deprecations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table.
    Human,
    /// JSON array.
    Json,
    /// Markdown table.
    Markdown,
}

/// Arguments of `cfgate deprecations`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Every deprecated name still accepted (with a warning) and its replacement.

Examples:
  cfgate deprecations
  cfgate deprecations --format markdown >> docs/SETTINGS.md
  cfgate deprecations --format json | jq -r '.[].old'")]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Prints the registry.
pub fn run(args: Args) -> ExitCode {
    let renames = registry().renames();
    match args.format {
        Format::Human => print(&human::deprecations(renames)),
        Format::Json => print(&format!("{:#}\n", json::deprecations(renames))),
        Format::Markdown => print(&markdown::deprecations(renames)),
    }
    ExitCode::SUCCESS
}
