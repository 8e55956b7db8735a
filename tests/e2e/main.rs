//! End-to-end tests of the real `cfgate` binary. One module per command family.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod audit;
mod bundle;
mod check;
mod common;
mod completions;
mod hardening_env;
mod hardening_inputs;
mod hardening_secrets;
mod lsp;
mod migrate;
mod packaging;
mod pockethive;
mod process;
mod schema;
mod settings;
mod settings_secrets;
