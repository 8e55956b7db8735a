//! `cfgate completions SHELL`.

use crate::render::output;
use clap::CommandFactory;
use std::io::Write as _;
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
    // Generated in memory: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "cfgate", &mut script);
    let mut out = output::stdout();
    match out.write_all(&script).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output::write_failed(error),
    }
}
