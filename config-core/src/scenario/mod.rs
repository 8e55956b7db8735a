//! PocketHive scenario checking.
//!
//! - `binding`: how the platform binds scalars into its model (String,
//!   Integer, Boolean coercion; typed `trafficPolicy`).
//! - `rules`: the structure rules of a scenario file (PH002, PH005, PH1xx,
//!   PH2xx) on the spanned YAML tree, placing config issues on it.
//! - [`kind`]: image -> worker kind resolution.
//! - `kinds`: one typed config per worker kind and per IO type; the schemas
//!   in `schemas/` are generated from these types.
//! - [`config_check`]: checks one bee's `config` block against its kind's
//!   schema and reports [`config_check::ConfigIssue`]s (codes PH3xx).
//! - [`discover`]: bundles, lone scenario files, and what a walk skipped.
//! - [`check`]: one text, one file, one bundle, or many paths (parallel, streamed).
//! - `platform_keys`: config keys the platform reads beyond the manifests.
//! - `java_regex`: route regexes in the `java.util.regex` dialect.
//! - [`plan`]: each bee's effective config and container environment.

pub mod binding;
pub mod check;
pub mod config_check;
pub mod discover;
pub(crate) mod java_regex;
pub mod kind;
pub(crate) mod kinds;
pub mod plan;
pub(crate) mod platform_keys;
pub(crate) mod rules;
