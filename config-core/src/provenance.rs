//! Where an effective value came from: `default`, `env:NAME` or
//! `file:PATH:LINE`.
//!
//! Provenance is generic (a variable name, a file and a line), so every
//! settings domain and every source layer share it.
//!
//! ```
//! use config_core::provenance::Provenance;
//! assert_eq!(Provenance::Default.to_string(), "default");
//! assert_eq!(Provenance::env("KTRDR_WORKER_PORT").to_string(), "env:KTRDR_WORKER_PORT");
//! assert_eq!(Provenance::file(".env.local", 3).to_string(), "file:.env.local:3");
//! ```

use serde::{Serialize, Serializer};
use std::fmt;
use std::path::PathBuf;

/// The origin of one value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// The built-in default.
    Default,
    /// The process environment, under this variable name.
    Env {
        /// The variable name that was read.
        name: String,
    },
    /// A `.env`-style file, at this 1-based line.
    File {
        /// The file as it was given (relative paths stay relative).
        path: PathBuf,
        /// 1-based line of the key.
        line: usize,
    },
}

impl Provenance {
    /// `env:NAME`.
    pub fn env(name: impl Into<String>) -> Self {
        Provenance::Env { name: name.into() }
    }

    /// `file:PATH:LINE`.
    pub fn file(path: impl Into<PathBuf>, line: usize) -> Self {
        Provenance::File {
            path: path.into(),
            line,
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Provenance::Default => f.write_str("default"),
            Provenance::Env { name } => write!(f, "env:{name}"),
            Provenance::File { path, line } => write!(f, "file:{}:{line}", path.display()),
        }
    }
}

/// Serialises as its display string, the form every report uses.
impl Serialize for Provenance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
