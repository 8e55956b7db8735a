//! Sources of raw values, each value with where it came from.
//!
//! - [`dotenv`]: a `.env`-style file lexer that keeps byte spans, so the
//!   settings loader can say `file:PATH:LINE` and the migrator can rename a
//!   variable without touching any other byte.
//! - [`yaml`]: a spanned YAML 1.2 tree with resource budgets, for scenario
//!   files.
//! - [`env`](mod@env): layered raw values (injected env map, `.env.local`, the real
//!   process environment) and per-field name resolution.
//! - [`yaml_layer`]: a YAML settings file (one namespace, e.g. `pockethive:`)
//!   flattened into a [`env::Layer`] under relaxed names.
//! - [`placeholder`]: `${VAR}` / `${VAR:default}` resolution.
//! - [`read`]: reading untrusted files and standard input within a size
//!   budget (refused before reading when too large).
//! - [`list`]: a folder's entries with their types, from the listing itself.

pub mod dotenv;
pub mod env;
pub mod list;
pub mod placeholder;
pub mod read;
pub mod scalar_pos;
pub mod yaml;
pub mod yaml_layer;
