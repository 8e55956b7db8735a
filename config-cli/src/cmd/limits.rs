//! `--max-*` budgets shared by the commands that read scenario files
//! (`check`, `plan`). Each can also be set by an environment variable; the
//! defaults are [`Limits::default`] (documented in docs/SECURITY.md).

use config_core::source::yaml::{Limits, MAX_SAFE_DEPTH};

/// Resource budgets for untrusted YAML input.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Input budgets")]
pub struct LimitArgs {
    /// Largest input file, in bytes; a larger file is refused before it is read
    /// [default: 16777216 (16 MiB)].
    #[arg(long, value_name = "BYTES", env = "CFGATE_MAX_FILE_BYTES")]
    pub max_file_bytes: Option<usize>,
    /// Deepest nesting of YAML collections [default: 64; at most 512, the
    /// depth the checker is proven to walk without exhausting its stack].
    #[arg(long, value_name = "N", env = "CFGATE_MAX_DEPTH", value_parser = parse_depth)]
    pub max_depth: Option<usize>,
    /// Most alias uses (`*name`) per file [default: 1000].
    #[arg(long, value_name = "N", env = "CFGATE_MAX_ALIASES")]
    pub max_aliases: Option<usize>,
    /// Most YAML nodes per file, alias copies counted in full [default: 200000].
    #[arg(long, value_name = "N", env = "CFGATE_MAX_NODES")]
    pub max_nodes: Option<usize>,
}

/// A `--max-depth` value: a number from 1 to [`MAX_SAFE_DEPTH`].
fn parse_depth(text: &str) -> Result<usize, String> {
    let depth: usize = text
        .parse()
        .map_err(|_| format!("'{text}' is not a whole number"))?;
    if depth > MAX_SAFE_DEPTH {
        return Err(format!(
            "{depth} is over {MAX_SAFE_DEPTH}, the deepest nesting cfgate can walk safely \
             (deeper trees could exhaust the stack); use at most {MAX_SAFE_DEPTH}"
        ));
    }
    Ok(depth)
}

impl LimitArgs {
    /// The budgets: each given flag (or variable) over the default.
    pub fn limits(&self) -> Limits {
        let default = Limits::default();
        Limits {
            max_bytes: self.max_file_bytes.unwrap_or(default.max_bytes),
            max_depth: self.max_depth.unwrap_or(default.max_depth),
            max_aliases: self.max_aliases.unwrap_or(default.max_aliases),
            max_nodes: self.max_nodes.unwrap_or(default.max_nodes),
        }
    }
}
