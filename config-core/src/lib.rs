//! `config-core`: the typed configuration library behind `cfgate`.
//!
//! Data flows one way: sources -> raw values with provenance -> typed structs
//! -> validation -> findings -> renderers (the renderers live in the CLI).
//!
//! - [`deprecation`]: the registry of renamed variables (`deprecations.toml`).
//! - [`finding`]: findings with code, severity and position.
//! - [`scenario`]: PocketHive scenario checking and planning.
//! - [`source`]: spanned readers of `.env` and YAML files.

pub mod deprecation;
pub mod finding;
pub mod scenario;
pub mod source;
