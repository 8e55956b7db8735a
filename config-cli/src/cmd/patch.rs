//! `cfgate patch`: apply a control-plane `config-update` patch to a worker
//! config and print the merged config, or every reason it is refused.

use crate::render::output;
use crate::render::settings::print;
use config_core::finding_cap::MAX_PER_FILE;
use config_core::patch::document::{locate, ConfigDocument};
use config_core::patch::{redacted, PatchError, PatchRejected, RuntimeConfig};
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
kind comes from --image). The patch is first read as the worker reads it:
`data` is the whole update, `worker`/`workerBean`/`bean`/`target` are
removed, `workers.<bean>` / `<bean>` select a sub-map, null top-level values
are dropped, every key is canonicalised (`max-retries` updates `maxRetries`),
`privateConfig` is kept apart (not merged), and numeric or boolean strings
bind leniently. Reasons point at the keys as written. Its live-update
guard applies (only `inputs.*`/`outputs.*` are guarded: with --started the
selector and every IO field outside inputs.scheduler.{ratePerSec,
maxMessages,reset}, inputs.redis.{ratePerSec,listName}, inputs.csv.ratePerSec
may not change). Where a manifest's liveMutable disagrees, the worker decides
and a note names the manifest's view (PH831). A key no schema of the kind
names is applied but ignored by the worker: a warning on stderr (with a
did-you-mean when a known key is close), a reason to refuse the patch with
--strict. A refused patch applies nothing; every reason is listed (at most
200, then how many more).

Output: the merged config as pretty JSON on stdout (secret-named values such
as passwords print as ****), or the reasons it is refused on stderr.
Exit status: 0 applied (warnings or not), 1 refused, 2 usage, I/O or YAML
syntax error.

Examples:
  cfgate patch --image generator:latest --base config.yaml patch.yaml
  cfgate patch --image ghcr.io/org/processor:0.15 --base config.yaml patch.yaml --started
  cfgate patch --strict --image generator:latest --base config.yaml patch.yaml")]
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
    /// Refuse a patch that sets a key no schema of the worker kind names
    /// (without it, such keys are a warning).
    #[arg(long)]
    strict: bool,
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
    match runtime.apply_patch_checked(patch.value(), args.strict) {
        Ok(applied) => {
            warn_unknown(&applied.unknown, &patch);
            for note in runtime.notes() {
                output::note_line(note);
            }
            // Bounded output (issue 17): the merge was checked whole.
            let mut merged = redacted(runtime.effective());
            let bounds = crate::render::bounded::DEFAULT;
            let cut = crate::render::bounded::bound(&mut merged, &[], bounds);
            if !cut.is_empty() {
                output::note_line(cut.note(bounds, "the merged config"));
            }
            print(&format!("{merged:#}\n"));
            ExitCode::SUCCESS
        }
        Err(rejected) => {
            for note in runtime.notes() {
                output::note_line(note);
            }
            refused("patch rejected", &rejected, &[&patch, &base])
        }
    }
}

/// Prints every reason, each at the position of the file that sets the field.
fn refused(what: &str, rejected: &PatchRejected, files: &[&ConfigDocument]) -> ExitCode {
    let count = rejected.errors.len();
    let mut out = format!(
        "{what} ({count} error{}), nothing applied:\n",
        if count == 1 { "" } else { "s" }
    );
    // Bounded output: a patch of many keys gives as many reasons.
    let shown = PatchRejected {
        errors: rejected.errors.iter().take(MAX_PER_FILE).cloned().collect(),
    };
    for (at, error) in locate(&shown, files) {
        match at {
            Some(at) => out.push_str(&format!("  {at}: {error}\n")),
            None => out.push_str(&format!("  {error}\n")),
        }
    }
    if count > MAX_PER_FILE {
        out.push_str(&format!(
            "  ... and {} more (at most {MAX_PER_FILE} are listed)\n",
            count - MAX_PER_FILE
        ));
    }
    // Stdout is for the merged config alone (`> merged.json`), as in `plan`.
    output::to_stderr(&out);
    ExitCode::from(1)
}

/// Warns, on stderr, of each key of the patch no schema names (at most
/// [`MAX_PER_FILE`], then how many more).
fn warn_unknown(unknown: &[PatchError], patch: &ConfigDocument) {
    let listed = PatchRejected {
        errors: unknown.iter().take(MAX_PER_FILE).cloned().collect(),
    };
    let mut out = String::new();
    for (at, error) in locate(&listed, &[patch]) {
        let at = at.map(|at| format!("{at}: ")).unwrap_or_default();
        out.push_str(&format!("warning: {at}{error}\n"));
    }
    if unknown.len() > MAX_PER_FILE {
        out.push_str(&format!(
            "warning: ... and {} more unknown keys (at most {MAX_PER_FILE} are listed)\n",
            unknown.len() - MAX_PER_FILE
        ));
    }
    if !unknown.is_empty() {
        out.push_str("warning: the worker ignores unknown keys; --strict refuses them\n");
    }
    output::to_stderr(&config_core::terminal::printable(&out));
}
