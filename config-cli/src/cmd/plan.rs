//! `cfgate plan FILE|BUNDLE [--profile P] [--sut ID]`: what each bee's worker
//! really receives (config after the orchestrator's rewrite and the
//! controller's provisioning, with provenance), its container environment
//! and volumes, and what fails at create, provisioning or bootstrap.

use super::limits::LimitArgs;
use crate::render::findings::{human::Human, Renderer};
use crate::render::output;
use config_core::bundle::plan::plan as bundle_plan;
use config_core::bundle::Bundle;
use config_core::finding::Severity;
use config_core::runtime::Binding;
use config_core::scenario::check::{check_source_in, CheckOptions, FileReport, Summary};
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::discover::Bundle as DiscoveredBundle;
use config_core::scenario::plan::plan_with;
use config_core::source::read::{read_text, read_text_from};
use config_core::source::yaml::parse_jackson;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate plan`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The file is checked first; with errors, they are printed to stderr and
the exit status is 1 (2 when the file cannot be read).

Per bee: `config` as the worker receives it (scenario mount added to
`docker.volumes`, `vars` injected and `{{ vars.* }}` rendered for the
profile, `{{ sut.endpoints['id'].baseUrl }}` and `sut.targetEndpointId`
applied for the SUT, reserved top-level keys applied), `privateConfig`
apart, `provenance` (JSON pointer -> scenario line, variables profile,
SUT file or derived rule), `env` in the controller's order (the bee's own
`env` last, winning), and `volumes`. `findings` lists what fails or
surprises at swarm create, provisioning or bootstrap, each naming its
stage; with an error among them the exit status is 1. Secrets are masked.

A bundle (a folder holding `scenario.yaml`, or that file) adds a `bundle`
view: per template consumer the templates it loads by serviceId::callId,
and the variables each profile resolves to (secret-named values masked).

Examples:
  cfgate plan examples/scenarios/rest-pipeline/scenario.yaml
  cfgate plan examples/scenarios/rest-pipeline
  cfgate plan path/to/bundle --profile default --sut local
  cfgate plan scenario.yaml | jq '.bees[] | {role, env}'"
)]
pub struct Args {
    /// The scenario file, or a bundle folder (`-` for standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Directory of `<kind>.schema.json` files adding or overriding worker kinds.
    #[arg(long, value_name = "DIR")]
    schema_dir: Option<PathBuf>,
    /// The variables profile of the create request (`variables.yaml`).
    #[arg(long, value_name = "P")]
    profile: Option<String>,
    /// The SUT environment bound at create (`sut/<ID>/sut.yaml`).
    #[arg(long, value_name = "ID")]
    sut: Option<String>,
    /// The swarm id (names the scenario mount and the stack).
    #[arg(long, value_name = "ID", default_value = "<swarmId>")]
    swarm_id: String,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Prints the plan as JSON.
pub fn run(mut args: Args) -> ExitCode {
    let owned;
    let schemas = match &args.schema_dir {
        None => SchemaSet::builtin(),
        Some(dir) => match SchemaSet::with_dir(dir) {
            Ok(set) => {
                owned = set;
                &owned
            }
            Err(err) => {
                output::error_line(&err);
                return ExitCode::from(2);
            }
        },
    };
    let options = CheckOptions {
        limits: args.limits.limits(),
        ..CheckOptions::default()
    };
    let max = options.limits.max_bytes;
    // A bundle directory stands for its `scenario.yaml`.
    if args.file.is_dir() && args.file.join("scenario.yaml").is_file() {
        args.file = args.file.join("scenario.yaml");
    }
    let (path, read) = if args.file.as_os_str() == "-" {
        let stdin = std::io::stdin().lock();
        ("<stdin>".to_string(), read_text_from("<stdin>", stdin, max))
    } else {
        (args.file.display().to_string(), read_text(&args.file, max))
    };
    let text = match read {
        Ok(text) => text,
        Err(err) if err.is_too_large() => {
            output::error_line(&err);
            output::fix_line("split the file, or raise --max-file-bytes (CFGATE_MAX_FILE_BYTES)");
            return ExitCode::from(1);
        }
        Err(err) => {
            output::error_line(format_args!("cannot read {err}"));
            output::fix_line("check the path exists and is a readable UTF-8 file");
            return ExitCode::from(2);
        }
    };
    // A `scenario.yaml` is checked with its bundle (templates, variables, ...).
    let found = bundle_dir(&args.file).map(DiscoveredBundle::discover);
    let display = found.as_ref().map(|b| b.root.display().to_string());
    let mut report = check_source_in(
        path.clone(),
        text.clone(),
        found.as_ref(),
        schemas,
        &options,
    );
    let findings = std::mem::take(&mut report.findings);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        let report = FileReport { findings, ..report };
        let mut human = Human::new(crate::render::stderr_colour());
        let mut summary = Summary::default();
        summary.add(&report);
        let mut err = std::io::stderr().lock();
        // Best effort: the exit status carries the outcome.
        let _ = human.file(&mut err, &report);
        let _ = human.finish(&mut err, &summary);
        return ExitCode::from(1);
    }
    if !findings.is_empty() {
        output::note_line(format_args!(
            "{} warning(s); run `cfgate check {path}` to see them",
            findings.len()
        ));
    }
    // Read as the platform reads the descriptor (Jackson's YAML 1.1), as
    // `check` does: `yes` is a boolean, `007` keeps its text for strings.
    let doc = match parse_jackson(&text, &options.limits) {
        Ok(doc) => doc,
        Err(err) => {
            output::error_line(format_args!("{path}: {err}"));
            return ExitCode::from(1);
        }
    };
    let bundle = found
        .as_ref()
        .zip(display.as_deref())
        .map(|(found, display)| Bundle::new(found, display, &doc, &text, &options.limits));
    let (mut binding, issues) = match &bundle {
        Some(bundle) => Binding::from_bundle(bundle, args.profile.as_deref(), args.sut.as_deref()),
        None => (Binding::unbound(), Vec::new()),
    };
    binding.swarm_id = args.swarm_id.clone();
    let plan = plan_with(&doc, &binding, issues);
    let failed = plan.findings.iter().any(|f| f.severity == Severity::Error);
    let mut value = serde_json::to_value(plan).unwrap_or_default();
    if let (Some(bundle), Some(map)) = (&bundle, value.as_object_mut()) {
        map.insert(
            "bundle".into(),
            serde_json::to_value(bundle_plan(bundle)).unwrap_or_default(),
        );
    }
    // Bounded output (issue 17): the verdict above covers the whole plan.
    let bounds = crate::render::bounded::DEFAULT;
    let cut = crate::render::bounded::bound(&mut value, &["findings"], bounds);
    if !cut.is_empty() {
        output::note_line(cut.note(bounds, "the plan"));
    }
    match serde_json::to_string_pretty(&value) {
        Ok(json) => match output::print(&format!("{json}\n")) {
            Ok(()) if failed => ExitCode::from(1),
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        Err(err) => {
            output::error_line(&err);
            ExitCode::from(2)
        }
    }
}

/// The bundle folder of a `scenario.yaml` path (the bundle view is added
/// only for bundle descriptors).
fn bundle_dir(file: &std::path::Path) -> Option<PathBuf> {
    if file.file_name()? != "scenario.yaml" {
        return None;
    }
    let parent = file.parent()?;
    Some(if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent.to_path_buf()
    })
}
