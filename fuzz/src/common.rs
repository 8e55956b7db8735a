//! What both fuzz entry files need (`entry.rs`, `entry_more.rs`), included by
//! each with `#[path]` (fuzz targets include one entry file, the corpus
//! replay test both).

use config_core::source::yaml::Limits;

/// Small budgets so the fuzzer spends its time on structure, not size.
pub fn fuzz_limits() -> Limits {
    Limits {
        max_depth: 32,
        max_aliases: 64,
        max_bytes: 64 * 1024,
        max_nodes: 20_000,
    }
}

/// An upper bound of the lines of a text: YAML also breaks lines at a lone
/// `\r` (found by the fuzzer: `a\rb` reports line 2 of a "1-line" text).
pub fn lines_of(text: &str) -> usize {
    text.matches(['\n', '\r']).count() + 1
}
