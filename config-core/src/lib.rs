//! `config-core`: the typed configuration library behind `cfgate`.
//!
//! Data flows one way: sources -> raw values with provenance -> typed structs
//! -> validation -> findings -> renderers (the renderers live in the CLI).
//!
//! - [`deprecation`]: the registry of renamed variables (`deprecations.toml`).
//! - [`finding`]: findings with code, severity and position.
//! - [`migrate`]: rewriting deprecated names and legacy shapes as text edits.

pub mod deprecation;
pub mod finding;
pub mod migrate;
pub mod source;
