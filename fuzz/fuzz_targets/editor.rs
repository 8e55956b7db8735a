//! Fuzz target `editor`: see fuzz/src/entry_more.rs for what it checks.
#![no_main]

#[path = "../src/entry_more.rs"]
mod entry_more;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_more::editor(data));
