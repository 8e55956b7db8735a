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
mod hardening_budgets;
mod hardening_env;
mod hardening_inputs;
mod hardening_secrets;
#[cfg(unix)]
mod hardening_writes;
mod lsp;
mod migrate;
mod migrate_parity;
mod packaging;
mod plan;
mod pockethive;
mod process;
mod schema;
mod settings;
mod settings_domains;
mod settings_parity;
mod settings_secrets;
