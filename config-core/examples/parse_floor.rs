//! The parse-only floor for `bench/run.sh`: the same bundle discovery, the same
//! parallel chunking and the same YAML parser as `cfgate check`, and nothing
//! else (no rules, no schemas, no output). The checker's corpus time is
//! compared with this one.
//!
//! ```text
//! cargo run --release -p config-core --example parse_floor -- DIR_OR_FILE...
//! ```

use config_core::scenario::discover::{discover, Input, WalkOptions};
use config_core::source::yaml::{parse_jackson, Limits};
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

/// The same allocator as `cfgate`, so the floor measures the same parser
/// and allocations, not a difference in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Same chunk size as the checker, so both hold the same amount in memory.
const CHUNK: usize = 256;

fn parse_one(input: &Input, limits: &Limits) -> bool {
    let path = match input {
        Input::File(path) => path,
        Input::Bundle(bundle) => &bundle.descriptor,
        _ => return false,
    };
    std::fs::read(path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .is_some_and(|text| parse_jackson(&text, limits).is_ok())
}

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: parse_floor PATH...");
        return ExitCode::from(2);
    }
    let limits = Limits::default();
    let inputs = discover(&paths, &WalkOptions::default()).inputs;
    let mut parsed = 0usize;
    for chunk in inputs.chunks(CHUNK) {
        parsed += chunk
            .par_iter()
            .filter(|input| parse_one(input, &limits))
            .count();
    }
    println!("parsed {parsed} of {} files", inputs.len());
    ExitCode::SUCCESS
}
