//! A config or patch file read for [`super::RuntimeConfig`]: its JSON value
//! plus the spanned YAML tree, so every refusal can name `file:line:col`.
//!
//! ```
//! use config_core::patch::document::ConfigDocument;
//! let doc = ConfigDocument::from_text("patch.yaml", "inputs:\n  scheduler:\n    ratePerSec: 50\n").unwrap();
//! assert_eq!(doc.value()["inputs"]["scheduler"]["ratePerSec"], 50);
//! assert_eq!(doc.location("/inputs/scheduler/ratePerSec"), "patch.yaml:3:17");
//! ```

use super::{PatchError, PatchRejected};
use crate::source::read::{self, ReadError};
use crate::source::yaml::{self, Document, Limits, YamlError};
use serde_json::Value;
use std::path::Path;

/// Why a config or patch file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Missing, a directory, over the size budget, not UTF-8, unreadable.
    #[error(
        "cannot read {reason}; fix: pass a readable YAML or JSON file of at most {} bytes",
        read::DEFAULT_MAX_BYTES
    )]
    Read {
        /// Why (names the path; never quotes the content).
        reason: ReadError,
    },
    /// Not YAML, or over a parser budget.
    #[error("{path}:{line}:{column}: {error}; fix: correct the YAML at that position")]
    Yaml {
        /// The file as given.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        error: YamlError,
    },
    /// A mapping key given twice (which one wins would be a guess).
    #[error("{path}:{line}:{column}: key '{key}' is given twice; fix: keep one of them")]
    DuplicateKey {
        /// The file as given.
        path: String,
        /// 1-based line of the second occurrence.
        line: usize,
        /// 1-based column of the second occurrence.
        column: usize,
        /// The key.
        key: String,
    },
}

/// A parsed config or patch file.
#[derive(Debug, Clone)]
pub struct ConfigDocument {
    path: String,
    document: Document,
    value: Value,
}

impl ConfigDocument {
    /// Reads `path` through the bounded reader and parses it as YAML (JSON
    /// is YAML) with the default [`Limits`].
    ///
    /// # Errors
    /// [`DocumentError`]: unreadable, not YAML, or a duplicate key.
    pub fn read(path: &Path) -> Result<Self, DocumentError> {
        let text = read::read_text(path, read::DEFAULT_MAX_BYTES)
            .map_err(|reason| DocumentError::Read { reason })?;
        Self::from_text(&path.display().to_string(), &text)
    }

    /// Parses `text`, naming it `path` in positions.
    ///
    /// # Errors
    /// [`DocumentError::Yaml`] or [`DocumentError::DuplicateKey`].
    pub fn from_text(path: &str, text: &str) -> Result<Self, DocumentError> {
        let document =
            yaml::parse(text, &Limits::default()).map_err(|error| DocumentError::Yaml {
                path: path.to_string(),
                line: error.line(),
                column: error.column(),
                error,
            })?;
        if let Some(duplicate) = document.duplicate_keys.first() {
            return Err(DocumentError::DuplicateKey {
                path: path.to_string(),
                line: duplicate.duplicate.line,
                column: duplicate.duplicate.column,
                key: duplicate.key.clone(),
            });
        }
        let value = document.root.to_json();
        Ok(Self {
            path: path.to_string(),
            document,
            value,
        })
    }

    /// The file's content as JSON.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Whether the file sets the field at `pointer`.
    pub fn sets(&self, pointer: &str) -> bool {
        self.document.root.pointer(pointer).is_some()
    }

    /// `file:line:col` of the field's value at `pointer`; when the file does
    /// not set it, of the key of its deepest existing parent (where the
    /// missing field would go), as the scenario checker places them.
    pub fn location(&self, pointer: &str) -> String {
        let root = &self.document.root;
        let span = match root.pointer(pointer) {
            Some(node) => node.span,
            None => {
                let mut parent = pointer;
                loop {
                    parent = parent.rsplit_once('/').map_or("", |(head, _)| head);
                    if parent.is_empty() {
                        break root.span;
                    }
                    if root.pointer(parent).is_some() {
                        break root.key_at(parent).map_or(root.span, |key| key.span);
                    }
                }
            }
        };
        format!("{}:{}:{}", self.path, span.line, span.column)
    }
}

/// Every error of `rejected` with where it is: the first of `documents`
/// that sets the field, else the nearest parent in the first document.
///
/// ```
/// use config_core::patch::document::{locate, ConfigDocument};
/// use config_core::patch::{PatchError, PatchRejected};
/// let patch = ConfigDocument::from_text("p.yaml", "inputs:\n  type: REDIS_DATASET\n").unwrap();
/// let rejected = PatchRejected { errors: vec![PatchError::NotLiveMutable {
///     field: "inputs.type".into(), pointer: "/inputs/type".into() }] };
/// let located = locate(&rejected, &[&patch]);
/// assert_eq!(located[0].0.as_deref(), Some("p.yaml:2:9"));
/// ```
pub fn locate<'r>(
    rejected: &'r PatchRejected,
    documents: &[&ConfigDocument],
) -> Vec<(Option<String>, &'r PatchError)> {
    rejected
        .errors
        .iter()
        .map(|error| (error.pointer().and_then(|p| where_is(p, documents)), error))
        .collect()
}

fn where_is(pointer: &str, documents: &[&ConfigDocument]) -> Option<String> {
    documents
        .iter()
        .find(|doc| doc.sets(pointer))
        .or_else(|| documents.first())
        .map(|doc| doc.location(pointer))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_key_and_syntax_errors_have_positions() {
        let err = ConfigDocument::from_text("p.yaml", "a: 1\na: 2\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.yaml:2:1: key 'a' is given twice; fix: keep one of them"
        );
        let err = ConfigDocument::from_text("p.yaml", "a: [1,\n").unwrap_err();
        assert!(
            matches!(err, DocumentError::Yaml { ref path, .. } if path == "p.yaml"),
            "{err}"
        );
    }

    #[test]
    fn a_directory_is_refused_by_the_bounded_reader() {
        let dir = tempfile::tempdir().unwrap();
        let err = ConfigDocument::read(dir.path()).unwrap_err();
        assert!(matches!(
            err,
            DocumentError::Read {
                reason: ReadError::Directory { .. }
            }
        ));
    }

    #[test]
    fn errors_point_into_the_file_that_sets_the_field() {
        let base =
            ConfigDocument::from_text("base.yaml", "inputs:\n  redis:\n    port: 1\n").unwrap();
        let patch =
            ConfigDocument::from_text("p.yaml", "inputs:\n  redis:\n    host: h\n").unwrap();
        let invalid = |pointer: &str| PatchError::Invalid {
            field: String::new(),
            pointer: pointer.into(),
            code: "PH304",
            message: String::new(),
            fix: String::new(),
        };
        let rejected = PatchRejected {
            errors: vec![
                invalid("/inputs/redis/host"),
                invalid("/inputs/redis/port"),
                invalid("/inputs/redis/ssl"),
            ],
        };
        let located: Vec<_> = locate(&rejected, &[&patch, &base])
            .into_iter()
            .map(|(at, _)| at.unwrap())
            .collect();
        assert_eq!(located, ["p.yaml:3:11", "base.yaml:3:11", "p.yaml:2:3"]);
    }
}
