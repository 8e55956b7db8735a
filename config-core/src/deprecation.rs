//! The registry of renamed environment variables (`deprecations.toml`).
//!
//! The registry is embedded at build time, so a binary always carries the exact
//! list it was built with. Alias acceptance (settings loading), deprecation
//! warnings, `cfgate deprecations` and `cfgate migrate` all read it from here:
//! no alias can exist without its warning.
//!
//! ```
//! let registry = config_core::deprecation::registry();
//! let rename = registry.by_old("WORKER_PORT").unwrap();
//! assert_eq!(rename.new, "KTRDR_WORKER_PORT");
//! ```

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The registry file's text (`config-core/deprecations.toml`, inside the
/// crate so it packages; the workspace root links to it).
pub const REGISTRY_TOML: &str = include_str!("../deprecations.toml");

/// One renamed variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// The deprecated name, still accepted with a warning.
    pub old: String,
    /// The name that replaces it, and wins when both are set.
    pub new: String,
    /// The release that deprecated the old name.
    pub since: String,
    /// Optional extra words shown with the warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Errors in the registry file itself.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The file is not valid TOML of the expected shape.
    #[error("deprecations.toml: {0}; fix: each [[rename]] needs old, new and since strings")]
    Parse(#[from] toml::de::Error),
    /// Two entries rename the same old name.
    #[error("deprecations.toml: '{0}' is listed twice; fix: keep one [[rename]] per old name")]
    DuplicateOld(String),
    /// An entry renames a name to itself.
    #[error("deprecations.toml: '{0}' is renamed to itself; fix: remove the entry")]
    SelfRename(String),
}

/// The parsed registry, in file order, with lookups by either name.
#[derive(Debug, Clone)]
pub struct Registry {
    renames: Vec<Rename>,
    // foldhash: every settings field asks `by_new` at each load.
    by_old: HashMap<String, usize, foldhash::fast::RandomState>,
    by_new: HashMap<String, Vec<usize>, foldhash::fast::RandomState>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    #[serde(default)]
    rename: Vec<Rename>,
}

impl Registry {
    /// Parses a registry from TOML text, rejecting duplicates and self-renames.
    ///
    /// ```
    /// let r = config_core::deprecation::Registry::parse(
    ///     "[[rename]]\nold = \"A\"\nnew = \"B\"\nsince = \"1.0\"\n",
    /// ).unwrap();
    /// assert_eq!(r.by_new("B").count(), 1);
    /// ```
    pub fn parse(text: &str) -> Result<Self, RegistryError> {
        let file: RegistryFile = toml::from_str(text)?;
        let mut by_old = HashMap::default();
        let mut by_new: HashMap<String, Vec<usize>, _> = HashMap::default();
        for (index, rename) in file.rename.iter().enumerate() {
            if rename.old == rename.new {
                return Err(RegistryError::SelfRename(rename.old.clone()));
            }
            if by_old.insert(rename.old.clone(), index).is_some() {
                return Err(RegistryError::DuplicateOld(rename.old.clone()));
            }
            by_new.entry(rename.new.clone()).or_default().push(index);
        }
        Ok(Self {
            renames: file.rename,
            by_old,
            by_new,
        })
    }

    /// Every rename, in file order.
    pub fn renames(&self) -> &[Rename] {
        &self.renames
    }

    /// The rename whose deprecated name is `old`, if any.
    pub fn by_old(&self, old: &str) -> Option<&Rename> {
        self.by_old.get(old).and_then(|&i| self.renames.get(i))
    }

    /// The renames whose replacement is `new` (usually zero or one).
    pub fn by_new<'a>(&'a self, new: &str) -> impl Iterator<Item = &'a Rename> + 'a {
        self.by_new
            .get(new)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.renames.get(i))
    }
}

/// The embedded registry, parsed once per process.
///
/// The embedded file is checked by this crate's tests, so a parse failure here
/// is a build defect, not user input; it degrades to an empty registry rather
/// than panicking, and the registry test fails loudly instead.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::parse(REGISTRY_TOML).unwrap_or_else(|_| Registry {
            renames: Vec::new(),
            by_old: HashMap::default(),
            by_new: HashMap::default(),
        })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn embedded_registry_parses_and_is_not_empty() {
        let parsed = Registry::parse(REGISTRY_TOML).unwrap();
        assert!(parsed.renames().len() > 30);
        assert_eq!(registry().renames().len(), parsed.renames().len());
    }

    #[test]
    fn duplicate_old_names_are_rejected() {
        let text =
            "[[rename]]\nold='A'\nnew='B'\nsince='1'\n[[rename]]\nold='A'\nnew='C'\nsince='1'\n";
        assert!(matches!(Registry::parse(text), Err(RegistryError::DuplicateOld(n)) if n == "A"));
    }

    #[test]
    fn self_rename_is_rejected() {
        let text = "[[rename]]\nold='A'\nnew='A'\nsince='1'\n";
        assert!(matches!(
            Registry::parse(text),
            Err(RegistryError::SelfRename(_))
        ));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let text = "[[rename]]\nold='A'\nnew='B'\nsince='1'\nextra=1\n";
        assert!(matches!(
            Registry::parse(text),
            Err(RegistryError::Parse(_))
        ));
    }

    #[test]
    fn lookups_by_either_name() {
        let r = registry();
        assert_eq!(
            r.by_old("IB_RETRY_DELAY").unwrap().new,
            "KTRDR_IB_RETRY_BASE_DELAY"
        );
        assert_eq!(
            r.by_new("KTRDR_DB_PASSWORD").next().unwrap().old,
            "DB_PASSWORD"
        );
        assert!(r.by_old("KTRDR_DB_PASSWORD").is_none());
    }
}
