//! A worker's entry point: warn about deprecated names, run the startup
//! gate, exit 1 before doing anything else when the configuration is bad.
//!
//! ```sh
//! WORKER_PORT=70000 cargo run -p config-core --example worker_startup   # exit 1
//! KTRDR_WORKER_PORT=5010 cargo run -p config-core --example worker_startup
//! ```

use config_core::gate::validate;
use config_core::settings::ktrdr::Worker;
use config_core::source::env::{EnvFile, Sources};
use std::io::Write;
use std::process::ExitCode;

/// A minimal `log` sink so the gate's warnings reach stderr (a real worker
/// would install its own logger here).
struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("{}: {}", record.level(), record.args());
        }
    }
    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

fn main() -> ExitCode {
    // Ignore the error: another logger may already be installed.
    let _ = log::set_logger(&LOGGER).map(|()| log::set_max_level(log::LevelFilter::Warn));

    let sources = match Sources::from_process(&EnvFile::default_local()) {
        Ok(sources) => sources,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(1);
        }
    };
    start(&sources, &mut std::io::stdout(), &mut std::io::stderr())
}

/// The worker's start-up decision on already read sources: the gate logs
/// its warnings (deprecated names, insecure defaults) through `log` before
/// it decides; on failure the error listing every problem goes to `err` and
/// the exit status is 1, before anything starts. Tested with injected
/// sources by `tests/worker_startup.rs`.
pub fn start(sources: &Sources, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    // Output is best effort: the exit status carries the decision.
    // Typed: every domain of the worker component is a field, no Option.
    let valid = match validate::<Worker>(sources) {
        Ok(valid) => valid,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return ExitCode::from(1);
        }
    };
    // The API client is not part of the worker's gate (the service builds
    // it at first use): read it the same way, and fail there if it is bad.
    let client = match config_core::gate::validate::<config_core::settings::ktrdr::Ungated>(sources)
    {
        Ok(valid) => valid.settings.api_client,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return ExitCode::from(1);
        }
    };
    let _ = writeln!(
        out,
        "worker starting on port {} (backend {}, {} warning(s))",
        valid.settings.worker.port,
        client.base_url,
        valid.report.warnings.len()
    );
    ExitCode::SUCCESS
}
