//! `cfgate validate`: run the startup gate and report every error.

use crate::render::output;
use crate::render::settings::{human, json, print};
use config_core::gate;
use config_core::scenario::config_check::UNKNOWN_KEY;
use config_core::settings::{Component, Report};
use std::path::PathBuf;
use std::process::ExitCode;

/// Which settings to load: shared by `validate` and `explain`.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// Which process's settings are checked, as its startup gate checks
    /// them. `all` is the KTRDR service's validate_all("all"): the backend's
    /// 8 domains, then the worker's 4 others (12 of 18); `ungated` is the 6
    /// domains no gate checks.
    #[arg(long, value_enum, default_value_t = ComponentArg::All)]
    pub component: ComponentArg,
    /// The env file below the process environment, read as the KTRDR
    /// service reads `.env.local` [default: .env.local if present].
    #[arg(long, value_name = "PATH")]
    pub env_file: Option<PathBuf>,
    /// A KTRDR `.env` file, read as the service's `import ktrdr` loads it:
    /// into the process environment without overriding it (so it counts
    /// for KTRDR_ENV and the API client, and is never a `.env.local` extra).
    #[arg(long, value_name = "PATH")]
    pub dotenv: Option<PathBuf>,
    /// The YAML settings file of a pockethive-worker (its `pockethive:`
    /// subtree) [default: application.yml if present].
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// `--component` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ComponentArg {
    /// The KTRDR worker gate: database, logging, observability, worker,
    /// checkpoint, orphan_detector, operations (and the JWT secret's
    /// insecure default).
    Worker,
    /// The KTRDR backend gate: database, api, auth, logging, observability,
    /// ib, ib_host, training_host.
    Backend,
    /// The KTRDR service's validate_all("all"): the backend's domains, then
    /// the worker's (12 of 18; the six others are `ungated`).
    All,
    /// The six KTRDR domains no startup gate checks: api_client, agent,
    /// agent_trigger, agent_gate, data, fred (they fail at first use).
    Ungated,
    /// PocketHive worker host settings (`pockethive.*`).
    PockethiveWorker,
}

/// `--format` values of `validate` and `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Text for people.
    Human,
    /// JSON for programs.
    Json,
}

impl SourceArgs {
    /// Loads the sources and runs the gate's checks; `Err` is exit 2.
    pub fn check(&self) -> Result<Report, ExitCode> {
        let component = match self.component {
            ComponentArg::Worker => Component::Worker,
            ComponentArg::Backend => Component::Backend,
            ComponentArg::All => Component::All,
            ComponentArg::Ungated => Component::Ungated,
            ComponentArg::PockethiveWorker => Component::PocketHiveWorker,
        };
        match component.process_sources(
            self.env_file.as_deref(),
            self.config.as_deref(),
            self.dotenv.as_deref(),
        ) {
            Ok(sources) => Ok(gate::check(component, &sources)),
            Err(error) => {
                output::error_line(&error);
                Err(ExitCode::from(2))
            }
        }
    }
}

/// Arguments of `cfgate validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 valid, 1 invalid, 2 usage or I/O error.

Examples:
  cfgate validate --component worker
  cfgate validate --component all --dotenv examples/env/.env
  KTRDR_ENV=production cfgate validate --component backend --format json
  cfgate validate --component pockethive-worker --config application.yml
  POCKETHIVE_CONTROL_PLANE_SWARM_ID=s1 cfgate validate --component pockethive-worker --allow-unknown
  POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC=5 cfgate validate --component pockethive-worker")]
pub struct Args {
    #[command(flatten)]
    sources: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    format: ReportFormat,
    /// Do not report unknown keys (PH390) of PocketHive IO sub-blocks.
    #[arg(long)]
    allow_unknown: bool,
}

/// Validates and prints the report.
pub fn run(args: Args) -> ExitCode {
    let mut report = match args.sources.check() {
        Ok(report) => report,
        Err(code) => return code,
    };
    if args.allow_unknown {
        report.drop_warnings(UNKNOWN_KEY);
    }
    // Bounded output: a hostile env file can hold 100,000 bad lines.
    report.cap_per_file(config_core::finding_cap::MAX_PER_FILE);
    match args.format {
        // Names from files may hold a BOM or control characters: shown.
        ReportFormat::Human => print(&crate::render::visible_lines(&human::validate(&report))),
        ReportFormat::Json => print(&format!("{:#}\n", json::validate(&report))),
    }
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
