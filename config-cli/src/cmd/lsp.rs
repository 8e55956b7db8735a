//! `cfgate lsp`: the Language Server (diagnostics, code actions, hover,
//! completion, go to definition) over stdio.

use std::process::ExitCode;

/// Arguments of `cfgate lsp`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Speaks the Language Server Protocol on standard input and output; an editor
starts it (set-up for VS Code, Neovim, Helix, IntelliJ: docs/EDITORS.md).
Exit status: 0 after shutdown and exit, 1 otherwise.

Examples:
  cfgate lsp                 # what an editor runs
  cfgate lsp --stdio         # the same, for clients that pass --stdio")]
pub struct Args {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

/// Serves one editor until it exits.
pub fn run(args: Args) -> ExitCode {
    let _ = args.stdio;
    crate::lsp::run()
}
