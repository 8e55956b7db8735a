//! Open documents: the editor's text (unsaved buffers as they are), with a
//! memory budget so a long session with many files stays bounded.

use lsp_types::Url;
use std::collections::HashMap;
use std::path::PathBuf;

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The editor's current text.
    pub text: String,
    /// The editor's version of it.
    pub version: i32,
    /// The root of the bundle it belongs to (descriptor or bundle file),
    /// as found when it opened.
    pub bundle: Option<PathBuf>,
}

/// Why a document is not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The document alone is larger than the per-file limit.
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Keeping it would exceed the budget of all open documents.
    OverBudget {
        /// The budget in bytes.
        budget: usize,
    },
}

/// The open documents, at most `budget` bytes of text in all.
#[derive(Debug)]
pub struct Documents {
    docs: HashMap<Url, Document>,
    bytes: usize,
    budget: usize,
    max_file: usize,
}

impl Documents {
    /// An empty store: at most `max_file` bytes per document and `budget`
    /// bytes over all of them.
    pub fn new(max_file: usize, budget: usize) -> Self {
        Self {
            docs: HashMap::new(),
            bytes: 0,
            budget,
            max_file,
        }
    }

    /// Opens or replaces a document's text. A refused text is dropped (the
    /// previous one too), so memory never grows past the budget.
    pub fn set(
        &mut self,
        uri: Url,
        text: String,
        version: i32,
        bundle: Option<PathBuf>,
    ) -> Result<(), Refused> {
        self.close(&uri);
        if text.len() > self.max_file {
            return Err(Refused::TooLarge {
                bytes: text.len(),
                limit: self.max_file,
            });
        }
        if self.bytes + text.len() > self.budget {
            return Err(Refused::OverBudget {
                budget: self.budget,
            });
        }
        self.bytes += text.len();
        self.docs.insert(
            uri,
            Document {
                text,
                version,
                bundle,
            },
        );
        Ok(())
    }

    /// Closes a document, freeing its text.
    pub fn close(&mut self, uri: &Url) {
        if let Some(old) = self.docs.remove(uri) {
            self.bytes -= old.text.len();
        }
    }

    /// An open document.
    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// Every open document.
    pub fn iter(&self) -> impl Iterator<Item = (&Url, &Document)> {
        self.docs.iter()
    }

    /// Bytes of text held.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn uri(n: usize) -> Url {
        Url::parse(&format!("file:///f{n}.yaml")).unwrap()
    }

    #[test]
    fn memory_is_bounded_over_many_open_and_changed_files() {
        let mut docs = Documents::new(100, 1_000);
        for round in 0..50 {
            for n in 0..40 {
                let _ = docs.set(uri(n), "x".repeat(30 + round % 7), round as i32, None);
                assert!(docs.bytes() <= 1_000);
            }
        }
        for n in 0..40 {
            docs.close(&uri(n));
        }
        assert_eq!(docs.bytes(), 0);
    }

    #[test]
    fn too_large_and_over_budget_are_refused() {
        let mut docs = Documents::new(10, 15);
        assert!(matches!(
            docs.set(uri(1), "x".repeat(11), 1, None),
            Err(Refused::TooLarge { .. })
        ));
        docs.set(uri(1), "x".repeat(10), 1, None).unwrap();
        assert!(matches!(
            docs.set(uri(2), "x".repeat(10), 1, None),
            Err(Refused::OverBudget { .. })
        ));
        // Replacing a document frees its old text first.
        docs.set(uri(1), "y".repeat(10), 2, None).unwrap();
        assert_eq!(docs.get(&uri(1)).unwrap().version, 2);
    }
}
