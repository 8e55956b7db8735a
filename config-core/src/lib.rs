//! `config-core`: the typed configuration library behind `cfgate`.
//!
//! Data flows one way: sources -> raw values with provenance -> typed structs
//! -> validation -> findings -> renderers (the renderers live in the CLI).
//!
//! - [`audit`]: captured control-plane traffic against the envelope contract and the plan.
//! - [`bundle`]: whole-bundle checks (templates, variables, SUTs, auth, catalog).
//! - [`deprecation`]: the registry of renamed variables (`deprecations.toml`).
//! - [`editor`]: ranges, schema facts and names at a cursor (for `cfgate lsp`).
//! - [`finding`]: findings with code, severity and position.
//! - [`migrate`]: rewriting deprecated names and legacy shapes as text edits.
//! - [`source`]: raw values from the environment and `.env`-style files.
//! - [`provenance`]: where a value came from (`default`, `env:NAME`, `file:PATH:LINE`).
//! - [`secret`]: values that never print.
//! - [`settings`]: the typed KTRDR settings domains and their loader.
//! - [`gate`]: `validate_all`, the startup gate.
//! - [`patch`]: PocketHive runtime config layering and `config-update` patches.
//! - [`scenario`]: typed worker configs and the config-block checker.
//! - [`runtime`]: what each bee receives after swarm create, provisioning and bootstrap.
//! - [`schema`]: JSON Schema generation (`schemas/`).
//! - [`template`]: template strings checked as the platform's Pebble engine does.
//! - [`terminal`]: text made safe to print (control characters replaced).

// Public API: the `pub mod` lines here and in each module's root decide what
// a user sees; everything else is `pub(crate)`. After adding or merging code,
// re-derive the visibilities with (recipe in docs/decisions.md, "Public API"):
//   cargo fix --lib -p config-core --allow-dirty
//   cargo clippy --workspace --all-targets --locked -- -D warnings
// then delete what `dead_code` reports, or move test-only items under `#[cfg(test)]`.
#![warn(unreachable_pub)]

// The derive macro names `::config_core::...`; this makes those paths
// resolve inside the crate too.
extern crate self as config_core;

pub mod audit;
pub mod bundle;
pub mod deprecation;
pub mod editor;
pub mod finding;
pub mod finding_cap;
pub mod gate;
pub mod migrate;
pub mod patch;
pub mod provenance;
pub mod runtime;
pub mod scenario;
pub mod schema;
pub mod secret;
pub mod settings;
pub mod source;
pub(crate) mod suggest;
pub mod template;
pub mod terminal;
