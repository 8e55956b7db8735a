//! Where an effective value came from: `default`, `env:NAME`,
//! `file:PATH:LINE` (a `.env`-style file), `file:PATH:LINE:COL` (a YAML
//! file, at the value) or `patch:N` (the N-th control-plane patch).
//!
//! Provenance is generic (a variable name, a file and a line), so every
//! settings domain and every source layer share it.
//!
//! ```
//! use config_core::provenance::Provenance;
//! assert_eq!(Provenance::Default.to_string(), "default");
//! assert_eq!(Provenance::env("KTRDR_WORKER_PORT").to_string(), "env:KTRDR_WORKER_PORT");
//! assert_eq!(Provenance::file(".env.local", 3).to_string(), "file:.env.local:3");
//! assert_eq!(Provenance::file_at("application.yml", 4, 15).to_string(), "file:application.yml:4:15");
//! assert_eq!(Provenance::Patch { index: 2 }.to_string(), "patch:2");
//! ```

use crate::terminal::one_line;
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
    /// A YAML file, at the value's 1-based line and column.
    FileAt {
        /// The file as it was given (relative paths stay relative).
        path: PathBuf,
        /// 1-based line of the value.
        line: usize,
        /// 1-based column of the value, in characters.
        column: usize,
    },
    /// A control-plane `config-update` patch, numbered from 1 in the order
    /// they were applied.
    Patch {
        /// 1-based sequence number of the patch.
        index: usize,
    },
}

impl Provenance {
    /// `env:NAME`.
    pub fn env(name: impl Into<String>) -> Self {
        Provenance::Env { name: name.into() }
    }

    /// `file:PATH:LINE:COL`.
    pub fn file_at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Provenance::FileAt {
            path: path.into(),
            line,
            column,
        }
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
        // Names and paths stay on one line, every character visible: a file
        // name with a line break must not forge a line of a report.
        let shown = |path: &std::path::Path| one_line(&path.display().to_string()).into_owned();
        match self {
            Provenance::Default => f.write_str("default"),
            Provenance::Env { name } => write!(f, "env:{}", one_line(name)),
            Provenance::File { path, line } => write!(f, "file:{}:{line}", shown(path)),
            Provenance::FileAt { path, line, column } => {
                write!(f, "file:{}:{line}:{column}", shown(path))
            }
            Provenance::Patch { index } => write!(f, "patch:{index}"),
        }
    }
}

/// Serialises as its display string, the form every report uses.
impl Serialize for Provenance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
