//! `cfgate audit CAPTURE...`: captured control-plane messages checked
//! against the envelope contract and, with `--plan`, the planned config.

use crate::render::findings::{renderer, Format};
use crate::render::output;
use config_core::audit::capture::collect_inputs;
use config_core::audit::drift::{ExpectedConfigs, RolePatch};
use config_core::audit::{audit, AuditOptions};
use config_core::source::read::DEFAULT_MAX_BYTES;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate audit`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
A capture is JSON Lines, one message per line: {\"routingKey\": \"...\", \"payload\": {...}}
(`payload` may also be the envelope's JSON text, or the line the bare envelope);
a `*.json` file or a directory of them holds one message per file; `-` reads
standard input. All inputs form one capture, in the order given. The tool never
connects to RabbitMQ: docs/AUDIT.md shows how to record a capture.

Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error, unreadable
input, or a plan or patch that cannot be used.

Examples:
  cfgate audit capture.jsonl
  cfgate audit messages/ --format json
  cfgate audit capture.jsonl --plan bundles/demo --patch generator=rate.yaml")]
pub struct Args {
    /// Capture files (JSON Lines, or `*.json` with one message), directories
    /// of `*.json` messages, or `-` for standard input.
    #[arg(required = true, value_name = "CAPTURE")]
    captures: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Compare each worker's last reported config with the plan of this
    /// scenario file or bundle directory.
    #[arg(long, value_name = "BUNDLE")]
    plan: Option<PathBuf>,
    /// A config-update patch sent to ROLE (or ALL) after start, applied to
    /// the plan in the order given.
    #[arg(long, value_name = "ROLE=FILE", requires = "plan")]
    patch: Vec<RolePatch>,
    /// Largest record (a line, or a `*.json` file), in bytes [default: 16777216].
    #[arg(long, value_name = "BYTES", env = "CFGATE_MAX_RECORD_BYTES")]
    max_record_bytes: Option<usize>,
}

/// Audits the capture, streaming findings to stdout.
pub fn run(args: Args) -> ExitCode {
    let expected = match &args.plan {
        None => None,
        Some(bundle) => match ExpectedConfigs::from_bundle(bundle, &args.patch) {
            Ok(expected) => Some(expected),
            Err(err) => {
                output::error_line(&err);
                output::fix_line(
                    "pass a scenario that checks clean and patches its workers accept",
                );
                return ExitCode::from(2);
            }
        },
    };
    let options = AuditOptions {
        expected,
        max_record_bytes: args.max_record_bytes.unwrap_or(DEFAULT_MAX_BYTES),
    };
    let inputs = collect_inputs(&args.captures);
    let mut render = renderer(args.format, crate::render::stdout_colour());
    // A closed pipe ends the run quietly with status 0 (render::output).
    let mut out = output::stdout();
    let mut io_error = render.begin(&mut out).err();
    let totals = audit(&inputs, &options, |report| {
        if io_error.is_none() {
            io_error = render.file(&mut out, &report).err();
        }
    });
    if io_error.is_none() {
        io_error = render.finish(&mut out, &totals.summary).err();
    }
    if io_error.is_none() {
        io_error = out.flush().err();
    }
    if let Some(err) = io_error {
        return output::write_failed(err);
    }
    if totals.summary.unreadable > 0 {
        ExitCode::from(2)
    } else if totals.summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
