//! `cfgate completions SHELL`.

use clap::CommandFactory;
use std::process::ExitCode;

/// Arguments of `cfgate completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cfgate completions bash > /etc/bash_completion.d/cfgate\n  cfgate completions zsh > \"${fpath[1]}/_cfgate\""
)]
pub struct Args {
    /// The shell to generate completions for.
    shell: clap_complete::Shell,
}

/// Writes the completion script for the chosen shell to stdout.
pub fn run(args: Args) -> ExitCode {
    let mut command = crate::Cli::command();
    clap_complete::generate(args.shell, &mut command, "cfgate", &mut std::io::stdout());
    ExitCode::SUCCESS
}
