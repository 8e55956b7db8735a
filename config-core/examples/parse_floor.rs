//! The parse-only floor for `bench/run.sh`: the same bundle discovery, the same
//! parallel chunking and the same YAML parser as `cfgate check`, and nothing
//! else (no rules, no schemas, no output). The checker's corpus time is
//! compared with this one.
//!
//! ```text
//! cargo run --release -p config-core --example parse_floor -- [--bundle-files] DIR_OR_FILE...
//! ```
//!
//! With `--bundle-files`, a bundle's other YAML and JSON files are read and
//! parsed too (the floor of `bench/bundles.sh`); without it, only its
//! `scenario.yaml`.

use config_core::scenario::discover::{discover, Input, WalkOptions};
use config_core::source::read::{read_listed_text, read_text, ReadError};
use config_core::source::yaml::{parse_jackson, Limits};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The same allocator as `cfgate`, so the floor measures the same parser
/// and allocations, not a difference in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Same chunk size as the checker, so both hold the same amount in memory.
const CHUNK: usize = 256;

/// Reads as `cfgate check` reads: a lone file with [`read_text`], a
/// bundle's files (its descriptor among them) as its listing showed them.
fn parse_one(input: &Input, limits: &Limits, bundle_files: bool) -> bool {
    match input {
        Input::File(path) => parses(read_text(path, limits.max_bytes), limits),
        Input::Bundle(bundle) => {
            if bundle_files {
                for file in bundle.files.iter().filter(|f| is_structured(f)) {
                    parses(read_listed_text(file, limits.max_bytes), limits);
                }
            }
            parses(
                read_listed_text(&bundle.descriptor, limits.max_bytes),
                limits,
            )
        }
        _ => false,
    }
}

fn is_structured(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
}

fn parses(text: Result<String, ReadError>, limits: &Limits) -> bool {
    text.is_ok_and(|text| parse_jackson(&text, limits).is_ok())
}

fn main() -> ExitCode {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let bundle_files = args
        .first()
        .is_some_and(|a| a.as_os_str() == "--bundle-files");
    let paths = if bundle_files {
        args.split_off(1)
    } else {
        args
    };
    if paths.is_empty() {
        eprintln!("usage: parse_floor [--bundle-files] PATH...");
        return ExitCode::from(2);
    }
    let limits = Limits::default();
    let inputs = discover(&paths, &WalkOptions::default()).inputs;
    let mut parsed = 0usize;
    for chunk in inputs.chunks(CHUNK) {
        parsed += chunk
            .par_iter()
            .filter(|input| parse_one(input, &limits, bundle_files))
            .count();
    }
    println!("parsed {parsed} of {} files", inputs.len());
    ExitCode::SUCCESS
}
