//! A scenario bundle in an editor: the whole-bundle check of `cfgate check`
//! (scenario rules, then the bundle rules of [`crate::bundle`]) run on the
//! editor's texts, unsaved buffers in place of the disk, with the files read
//! from disk kept between keystrokes ([`DiskFiles`]).

use super::check::BundleFiles;
use crate::bundle::index::{read_file, structured_files, FileText};
use crate::finding::Finding;
use crate::scenario::discover::DESCRIPTOR;
use crate::source::yaml::Limits;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The findings of the bundle at `root` whose files are `files`
/// (`scenario.yaml` among them, or its text in `scenario_text`), exactly as
/// `cfgate check <root>` reports them with those texts on disk.
///
/// Findings in `scenario.yaml` carry no file; every other one names its
/// file as `<root>/<rel>` (`root` as given).
pub fn check(root: &Path, scenario_text: &str, files: Vec<FileText>) -> Vec<Finding> {
    super::check::check(scenario_text, Some(BundleFiles { root, files })).findings
}

/// The bundle-relative path of `path` under `root`, `/`-separated.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The descriptor of a bundle root.
pub fn descriptor(root: &Path) -> PathBuf {
    root.join(DESCRIPTOR)
}

/// A file's modification time and length: when both are unchanged, the text
/// read before is reused.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The structured files of one bundle as last read from disk. [`refresh`]
/// lists the folder again and reads only the files whose modification time
/// or length changed, so a keystroke does not re-read the bundle.
///
/// [`refresh`]: DiskFiles::refresh
#[derive(Debug, Default)]
pub struct DiskFiles {
    files: Vec<(String, Stamp, Option<String>)>,
}

impl DiskFiles {
    /// Nothing read yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Brings the files of `root` up to date with the disk.
    pub fn refresh(&mut self, root: &Path) {
        let limits = Limits::default();
        let mut old: HashMap<String, (Stamp, Option<String>)> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|(rel, stamp, text)| (rel, (stamp, text)))
            .collect();
        for rel in structured_files(root) {
            let now = stamp(&root.join(&rel));
            let text = match old.remove(&rel) {
                Some((before, text)) if before.is_some() && before == now => text,
                _ => read_file(root, &rel, &limits),
            };
            self.files.push((rel, now, text));
        }
    }

    /// The texts, with `open` (bundle-relative path -> unsaved text) in
    /// place of the disk's, including open files not saved yet.
    pub fn texts(&self, open: &HashMap<String, &str>) -> Vec<FileText> {
        let mut out: Vec<FileText> = self
            .files
            .iter()
            .map(|(rel, _, text)| FileText {
                rel: rel.clone(),
                text: match open.get(rel) {
                    Some(buffer) => Some((*buffer).to_string()),
                    None => text.clone(),
                },
            })
            .collect();
        for (rel, buffer) in open {
            if !self.files.iter().any(|(r, _, _)| r == rel) {
                out.push(FileText {
                    rel: rel.clone(),
                    text: Some((*buffer).to_string()),
                });
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::scenario::check::{check_source_in, CheckOptions};
    use crate::scenario::config_check::SchemaSet;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bundles")
    }

    /// Every bundle fixture: the editor's check of the disk texts is
    /// `cfgate check`'s.
    #[test]
    fn the_editor_check_is_cfgate_check_on_every_bundle_fixture() {
        let mut roots = Vec::new();
        for case in std::fs::read_dir(fixtures()).unwrap() {
            for side in std::fs::read_dir(case.unwrap().path()).unwrap() {
                let root = side.unwrap().path();
                if descriptor(&root).is_file() {
                    roots.push(root);
                }
            }
        }
        assert!(roots.len() > 20, "{}", roots.len());
        for root in roots {
            let text = std::fs::read_to_string(descriptor(&root)).unwrap();
            let found = crate::scenario::discover::Bundle::discover(root.clone());
            let expected = check_source_in(
                descriptor(&root).display().to_string(),
                text.clone(),
                Some(&found),
                SchemaSet::builtin(),
                &CheckOptions::default(),
            )
            .findings;
            let mut disk = DiskFiles::new();
            disk.refresh(&root);
            let got = check(&root, &text, disk.texts(&HashMap::new()));
            assert_eq!(got, expected, "{}", root.display());
        }
    }

    #[test]
    fn open_buffers_replace_the_disk_and_unchanged_files_are_not_reread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("variables.yaml"), "version: 1\n").unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        let mut disk = DiskFiles::new();
        disk.refresh(root);
        let texts = disk.texts(&HashMap::new());
        assert_eq!(
            texts,
            [FileText {
                rel: "variables.yaml".into(),
                text: Some("version: 1\n".into())
            }]
        );
        let open = HashMap::from([
            ("variables.yaml".to_string(), "version: 2\n"),
            ("templates/new.yaml".to_string(), "a: 1\n"),
        ]);
        let texts = disk.texts(&open);
        assert_eq!(texts[0].text.as_deref(), Some("version: 2\n"));
        assert_eq!(texts[1].rel, "templates/new.yaml");
        // A file changed on disk (another length) is read again.
        std::fs::write(root.join("variables.yaml"), "version: 10\n").unwrap();
        disk.refresh(root);
        assert_eq!(
            disk.texts(&HashMap::new())[0].text.as_deref(),
            Some("version: 10\n")
        );
    }
}
