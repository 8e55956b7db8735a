//! A bundle from texts an editor already holds (issue 19): the same
//! [`Bundle`] the checks read, built from files read earlier (kept between
//! keystrokes) with unsaved buffers in place of what is on disk.

use super::file::{self, BundleFile};
use super::Bundle;
use crate::scenario::discover;
use crate::source::yaml::{Document, Limits};
use std::path::Path;

/// One structured file of a bundle, as an editor holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileText {
    /// Path relative to the bundle root, `/`-separated.
    pub rel: String,
    /// The text; `None` when it cannot be read as UTF-8 text.
    pub text: Option<String>,
}

/// The bundle's structured files (`.yaml`, `.yml`, `.json`) relative to
/// `root`, sorted as [`Bundle::new`] lists them.
pub fn structured_files(root: &Path) -> Vec<String> {
    let found = discover::Bundle::discover(root.to_path_buf());
    let mut rels = super::structured_rels(&found);
    if found.descriptor.is_file() {
        rels.push(discover::DESCRIPTOR.to_string());
        rels.sort_unstable();
    }
    rels
}

/// Reads one structured file as [`Bundle::new`] does (`None`: unreadable).
pub fn read_file(root: &Path, rel: &str, limits: &Limits) -> Option<String> {
    file::read(root, rel, limits)
}

impl<'a> Bundle<'a> {
    /// The bundle whose structured files are `texts` (any order; the checks
    /// see them sorted, as [`Bundle::new`] reads them), without reading the
    /// file system for them.
    pub fn from_texts(
        root: &'a Path,
        display_root: &'a str,
        scenario: &'a Document,
        scenario_text: &'a str,
        limits: &'a Limits,
        texts: Vec<FileText>,
    ) -> Self {
        Self::assemble(
            (root, display_root),
            (scenario, scenario_text),
            limits,
            texts,
            super::sut::dirs_on_disk(root),
        )
    }

    /// The bundle at `root` (shown as `display_root`) whose descriptor is
    /// `scenario` and whose other structured files are `texts`.
    pub(super) fn assemble(
        (root, display_root): (&'a Path, &'a str),
        (scenario, scenario_text): (&'a Document, &'a str),
        limits: &'a Limits,
        texts: Vec<FileText>,
        sut_dirs: Vec<String>,
    ) -> Self {
        let mut files = Vec::new();
        let mut unreadable = Vec::new();
        files.push(super::descriptor_file(display_root, scenario_text));
        for FileText { rel, text } in texts {
            if rel == discover::DESCRIPTOR {
                continue;
            }
            match text {
                Some(text) => {
                    let display = file::join_display(display_root, &rel);
                    files.push(BundleFile::new(rel, display, text));
                }
                None => unreadable.push(rel),
            }
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        unreadable.sort();
        Self {
            root,
            display_root,
            scenario: &scenario.root,
            scenario_text,
            limits,
            files,
            unreadable,
            sut_dirs,
        }
    }
}
