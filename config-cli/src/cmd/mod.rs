//! One module per subcommand.

pub mod audit;
pub mod check;
pub mod completions;
pub mod deprecations;
pub mod explain;
pub mod limits;
pub mod lsp;
pub mod man;
pub mod migrate;
pub mod patch;
pub mod plan;
pub mod schema;
pub mod validate;
