//! Writes the generated tables of `docs/SETTINGS.md` from the settings
//! declarations (`#[derive(Settings)]`), between the `BEGIN GENERATED` /
//! `END GENERATED` markers of each built-in service; the prose around them
//! is kept. `--check` writes nothing and exits 1 when the file is stale
//! (CI runs it).
//!
//! ```sh
//! cargo run -p config-core --example settings_docs            # regenerate
//! cargo run -p config-core --example settings_docs -- --check # verify
//! ```

use config_core::settings::docs::update;
use config_core::settings::ktrdr::KTRDR;
use config_core::settings::pockethive::POCKETHIVE;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/SETTINGS.md");
    let committed = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("settings_docs: cannot read {}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let mut fresh = committed.clone();
    for service in [&KTRDR, &POCKETHIVE] {
        match update(&fresh, service) {
            Some(text) => fresh = text,
            None => {
                eprintln!(
                    "settings_docs: {} has no GENERATED markers for '{}'",
                    path.display(),
                    service.name
                );
                return ExitCode::from(2);
            }
        }
    }
    if fresh == committed {
        println!("docs/SETTINGS.md is up to date");
        return ExitCode::SUCCESS;
    }
    if check {
        eprintln!(
            "docs/SETTINGS.md is stale; fix: cargo run -p config-core --example settings_docs"
        );
        return ExitCode::from(1);
    }
    match std::fs::write(&path, fresh) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("settings_docs: cannot write {}: {error}", path.display());
            ExitCode::from(2)
        }
    }
}
