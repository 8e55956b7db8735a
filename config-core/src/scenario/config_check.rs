// TEMPORARY: replaced by the kinds-schemas helper's file at merge
//! Checking one bee's `config` block against its worker kind's schema.
//!
//! Placeholder with the agreed interface: it knows the built-in kind names and
//! reports no issues.

use crate::finding::Severity;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use thiserror::Error;

/// One problem in a bee's `config` block, without position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// RFC 6901 pointer relative to the bee's `config` (`""` = the block).
    pub pointer: String,
    /// Point at the key (true) or at the value / parent (false).
    pub at_key: bool,
    /// Stable code, PH3xx.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// A schema directory could not be read.
#[derive(Debug, Error)]
pub enum SchemaDirError {
    /// The directory could not be listed.
    #[error("cannot read schema directory {path}: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The schemas of the known worker kinds.
#[derive(Debug, Clone, Default)]
pub struct SchemaSet {
    kinds: Vec<String>,
}

const BUILTIN: [&str; 10] = [
    "clearing-export",
    "db-query",
    "generator",
    "http-sequence",
    "moderator",
    "postprocessor",
    "processor",
    "request-builder",
    "swarm-controller",
    "trigger",
];

impl SchemaSet {
    /// The built-in kinds.
    pub fn builtin() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| SchemaSet {
            kinds: BUILTIN.iter().map(|k| (*k).to_string()).collect(),
        })
    }

    /// Built-in kinds plus `<kind>.schema.json` files from `dir`.
    ///
    /// # Errors
    /// When the directory cannot be listed.
    pub fn with_dir(dir: &Path) -> Result<SchemaSet, SchemaDirError> {
        let mut set = Self::builtin().clone();
        let entries = std::fs::read_dir(dir).map_err(|source| SchemaDirError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(kind) = name.strip_suffix(".schema.json") {
                if !set.has_kind(kind) {
                    set.kinds.push(kind.to_string());
                }
            }
        }
        Ok(set)
    }

    /// Whether a schema exists for `kind`.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }

    /// All kinds.
    pub fn kinds(&self) -> Vec<String> {
        self.kinds.clone()
    }

    /// Checks a config block; `None` when there is no schema for `kind`.
    pub fn check(&self, kind: &str, _config: &serde_json::Value) -> Option<Vec<ConfigIssue>> {
        self.has_kind(kind).then(Vec::new)
    }
}
