//! `cfgate patch`: apply a control-plane `config-update` patch to a worker
//! config and print the merged config, or every reason it is refused.

use crate::render::settings::print;
use config_core::patch::{redacted, PatchRejected, RuntimeConfig};
use config_core::provenance::Provenance;
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::kind::kind_of_image;
use config_core::source::yaml::{self, Limits};
use serde_json::Value;
use std::path::{Path, PathBuf};
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
as passwords print as ****), or the reasons it is refused.
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
    let (base, patch) = match (read_yaml(&args.base), read_yaml(&args.patch)) {
        (Ok(base), Ok(patch)) => (base, patch),
        (base, patch) => {
            for error in [base.err(), patch.err()].into_iter().flatten() {
                eprintln!("cfgate: {error}");
            }
            return ExitCode::from(2);
        }
    };
    let kind = kind_of_image(&args.image);
    let source = Provenance::file_at(&args.base, 1, 1);
    // The base is the host's effective config: no defaults below it.
    let defaults = Value::Object(serde_json::Map::new());
    let mut runtime = match RuntimeConfig::new(SchemaSet::builtin(), &kind, defaults, base, source)
    {
        Ok(runtime) => runtime,
        Err(rejected) => return refused("the base config is invalid", &rejected),
    };
    if args.started {
        runtime.start();
    }
    match runtime.apply_patch(&patch) {
        Ok(_) => {
            print(&format!("{:#}\n", redacted(runtime.effective())));
            ExitCode::SUCCESS
        }
        Err(rejected) => refused("patch rejected", &rejected),
    }
}

fn refused(what: &str, rejected: &PatchRejected) -> ExitCode {
    let count = rejected.errors.len();
    let mut out = format!(
        "{what} ({count} error{}), nothing applied:\n",
        if count == 1 { "" } else { "s" }
    );
    for error in &rejected.errors {
        out.push_str(&format!("  {error}\n"));
    }
    print(&out);
    ExitCode::from(1)
}

/// A YAML (or JSON) file as JSON; duplicate keys are errors.
fn read_yaml(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let document = yaml::parse(&text, &Limits::default())
        .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
    if let Some(duplicate) = document.duplicate_keys.first() {
        return Err(format!(
            "{}:{}:{}: key '{}' is given twice; fix: keep one of them",
            path.display(),
            duplicate.duplicate.line,
            duplicate.duplicate.column,
            duplicate.key
        ));
    }
    Ok(document.root.to_json())
}
