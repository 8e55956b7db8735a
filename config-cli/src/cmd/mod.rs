//! One module per subcommand.

pub mod completions;
pub mod deprecations;
pub mod explain;
pub mod migrate;
pub mod schema;
pub mod validate;
