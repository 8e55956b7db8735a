//! `cfgate man`: the man pages, generated from the clap definitions (the one
//! description of every command and flag), so they cannot drift from
//! `--help`. The committed copies live in `man/`; a test fails when they
//! are stale (tests/e2e/packaging.rs).

use crate::render::output;
use clap::CommandFactory;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `cfgate man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Without --out, prints cfgate(1) to stdout. With --out DIR, writes cfgate.1
and one cfgate-COMMAND.1 per subcommand into DIR.

Examples:
  cfgate man | man -l -
  cfgate man --out man")]
pub struct Args {
    /// Write every page into DIR instead of printing cfgate(1).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Prints or writes the man pages.
pub fn run(args: Args) -> ExitCode {
    match args.out {
        None => match pages().map(|pages| pages.into_iter().next().unwrap_or_default().1) {
            Ok(text) => match output::print(&String::from_utf8_lossy(&text)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            },
            Err(error) => {
                output::error_line(format_args!("cannot render the man page: {error}"));
                ExitCode::from(2)
            }
        },
        Some(dir) => match write_all(&dir) {
            Ok(count) => {
                match output::print(&format!("wrote {count} man pages to {}\n", dir.display())) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(code) => code,
                }
            }
            Err(error) => {
                output::error_line(format_args!("{}: {error}", dir.display()));
                output::fix_line("check that the directory exists and is writable");
                ExitCode::from(2)
            }
        },
    }
}

/// Every page: `(file name, roff text)`, the top-level page first; one
/// `cfgate-COMMAND.1` per visible subcommand (the layout of
/// `clap_mangen::generate_to`, kept in memory so it can be compared).
pub fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut top = crate::Cli::command().disable_help_subcommand(true);
    // Built, so subcommands carry the global flags (`--color`) and their
    // display names (`cfgate-check`).
    top.build();
    let mut pages = Vec::new();
    add_pages(top, &mut pages)?;
    Ok(pages)
}

fn add_pages(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let man = clap_mangen::Man::new(command);
    let mut text = Vec::new();
    man.render(&mut text)?;
    pages.push((man.get_filename(), text));
    for sub in subcommands {
        add_pages(sub, pages)?;
    }
    Ok(())
}

fn write_all(dir: &Path) -> std::io::Result<usize> {
    let pages = pages()?;
    for (name, text) in &pages {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(pages.len())
}
