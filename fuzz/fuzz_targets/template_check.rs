//! Fuzz target `template_check`: see fuzz/src/entry.rs for what it checks.
#![no_main]

#[path = "../src/entry.rs"]
mod entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::template_check(data));
