//! `config-core`: the typed configuration library behind `cfgate`.
//!
//! Data flows one way: sources -> raw values with provenance -> typed structs
//! -> validation -> findings -> renderers (the renderers live in the CLI).
//!
//! - [`deprecation`]: the registry of renamed variables (`deprecations.toml`).
//! - [`finding`]: findings with code, severity and position.
//! - [`scenario`]: typed worker configs and the config-block checker.
//! - [`schema`]: JSON Schema generation (`schemas/`).

pub mod deprecation;
pub mod finding;
pub mod scenario;
pub mod schema;
pub mod source;
