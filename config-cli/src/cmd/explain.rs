//! `cfgate explain`: every effective value and where it came from.

use super::validate::{ReportFormat, SourceArgs};
use crate::render::output;
use crate::render::settings::{human, json, print};
use std::process::ExitCode;

/// Arguments of `cfgate explain`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Secrets print as ****. Invalid values are shown as given and marked; run
`cfgate validate` for the reasons. Exit status: 0 shown, 2 usage or I/O error.

Examples:
  cfgate explain --component worker
  cfgate explain --dotenv examples/env/.env --format json
  cfgate explain --component pockethive-worker --config examples/pockethive/application.yml")]
pub struct Args {
    #[command(flatten)]
    sources: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    format: ReportFormat,
}

/// Prints every effective value of the component.
pub fn run(args: Args) -> ExitCode {
    let report = match args.sources.check() {
        Ok(report) => report,
        Err(code) => return code,
    };
    match args.format {
        ReportFormat::Human => {
            // Sources name files, whose names may hold a line break.
            print(&crate::render::visible_lines(&human::explain(&report)));
            if !report.is_ok() {
                output::note_line(format_args!(
                    "{} invalid setting(s); run `cfgate validate` for details",
                    report.errors.len()
                ));
            }
        }
        ReportFormat::Json => print(&format!("{:#}\n", json::explain(&report))),
    }
    ExitCode::SUCCESS
}
