//! PocketHive scenario checking: typed worker configs and their checks.
//!
//! - [`kinds`]: one typed config per worker kind and per IO type; the schemas
//!   in `schemas/` are generated from these types.
//! - [`config_check`]: checks one bee's `config` block against its kind's
//!   schema and reports [`config_check::ConfigIssue`]s (codes PH3xx).

pub mod config_check;
pub mod kinds;
