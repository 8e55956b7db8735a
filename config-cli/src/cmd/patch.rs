//! `cfgate patch`: apply a control-plane `config-update` patch to a worker
//! config and print the merged config, or every reason it is refused.

use crate::render::output;
use crate::render::settings::print;
use config_core::patch::document::{locate, ConfigDocument};
use config_core::patch::{redacted, PatchRejected, RuntimeConfig};
use config_core::provenance::Provenance;
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::kind::kind_of_image;
use serde_json::Value;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `cfgate patch`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The patch deep-merges into the base: maps key by key; scalars, lists and null
replace. The merged config is checked against the worker kind's schema (the
kind comes from --image). With --started, a patch that changes a field not
marked live-mutable in the schema is refused, naming the field. A refused
patch applies nothing; every reason is listed.

Output: the merged config as pretty JSON on stdout (secret-named values such
as passwords print as ****), or the reasons it is refused on stderr.
Exit status: 0 applied, 1 refused, 2 usage, I/O or YAML syntax error.

Examples:
  cfgate patch --image generator:latest --base config.yaml patch.yaml
  cfgate patch --image ghcr.io/org/processor:0.15 --base config.yaml patch.yaml --started")]
pub struct Args {
    /// The worker's container image; its kind selects the schema.
    #[arg(long, value_name = "IMAGE")]
    image: String,
    /// The current effective config (YAML or JSON), the base of the patch.
    #[arg(long, value_name = "CONFIG.yaml")]
    base: PathBuf,
    /// The `config-update` patch (YAML or JSON).
    #[arg(value_name = "PATCH.yaml")]
    patch: PathBuf,
    /// The worker has started: only live-mutable fields may change.
    #[arg(long)]
    started: bool,
}

/// Applies the patch and prints the result.
pub fn run(args: Args) -> ExitCode {
    let (base, patch) = match (
        ConfigDocument::read(&args.base),
        ConfigDocument::read(&args.patch),
    ) {
        (Ok(base), Ok(patch)) => (base, patch),
        (base, patch) => {
            for error in [base.err(), patch.err()].into_iter().flatten() {
                output::error_line(&error);
            }
            return ExitCode::from(2);
        }
    };
    let kind = kind_of_image(&args.image);
    let source = Provenance::file_at(&args.base, 1, 1);
    // The base is the host's effective config: no defaults below it.
    let defaults = Value::Object(serde_json::Map::new());
    let mut runtime = match RuntimeConfig::new(
        SchemaSet::builtin(),
        &kind,
        defaults,
        base.value().clone(),
        source,
    ) {
        Ok(runtime) => runtime,
        Err(rejected) => return refused("the base config is invalid", &rejected, &[&base]),
    };
    if args.started {
        runtime.start();
    }
    match runtime.apply_patch(patch.value()) {
        Ok(_) => {
            print(&format!("{:#}\n", redacted(runtime.effective())));
            ExitCode::SUCCESS
        }
        Err(rejected) => refused("patch rejected", &rejected, &[&patch, &base]),
    }
}

/// Prints every reason, each at the position of the file that sets the field.
fn refused(what: &str, rejected: &PatchRejected, files: &[&ConfigDocument]) -> ExitCode {
    let count = rejected.errors.len();
    let mut out = format!(
        "{what} ({count} error{}), nothing applied:\n",
        if count == 1 { "" } else { "s" }
    );
    for (at, error) in locate(rejected, files) {
        match at {
            Some(at) => out.push_str(&format!("  {at}: {error}\n")),
            None => out.push_str(&format!("  {error}\n")),
        }
    }
    // Stdout is for the merged config alone (`> merged.json`), as in `plan`.
    output::to_stderr(&out);
    ExitCode::from(1)
}
