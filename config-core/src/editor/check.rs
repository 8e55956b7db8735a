//! The `cfgate check` of an editor's text, parsed once: the findings and the
//! tree they were found in, so their ranges are read from that same tree
//! (no second parse per keystroke).

use crate::bundle::index::FileText;
use crate::bundle::Bundle;
use crate::finding::Finding;
use crate::scenario::check::{settle, yaml_error_finding};
use crate::scenario::config_check::SchemaSet;
use crate::scenario::rules::check_document_in;
use crate::source::yaml::{parse_jackson, Document, Limits};
use std::path::Path;

/// Findings and the tree they were read from.
#[derive(Debug)]
pub struct Checked {
    /// The findings, as `cfgate check` reports them.
    pub findings: Vec<Finding>,
    /// The parsed text (`None`: it did not parse).
    pub document: Option<Document>,
}

/// A bundle's files as the editor holds them.
pub struct BundleFiles<'a> {
    /// The bundle root (findings name other files as `<root>/<rel>`).
    pub root: &'a Path,
    /// Every structured file.
    pub files: Vec<FileText>,
}

/// `cfgate check` of a scenario text: alone (as
/// [`crate::scenario::check::check_text`]), or as the descriptor of
/// `bundle` (as `cfgate check <root>`), with the default options.
pub fn check(text: &str, bundle: Option<BundleFiles<'_>>) -> Checked {
    let limits = Limits::default();
    // The steps of `check_source_in`, keeping the tree.
    let (mut findings, document) = match parse_jackson(text, &limits) {
        Ok(doc) => {
            let mut findings = check_document_in(&doc, Some(text), SchemaSet::builtin());
            if let Some(BundleFiles { root, files }) = bundle {
                let display_root = root.display().to_string();
                let bundle = Bundle::from_texts(root, &display_root, &doc, text, &limits, files);
                findings.extend(crate::bundle::check(&bundle));
            }
            (findings, Some(doc))
        }
        Err(err) => (vec![yaml_error_finding(&err)], None),
    };
    settle(&mut findings, document.as_ref());
    Checked { findings, document }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::editor::locate::{finding_ranges, finding_ranges_in};
    use crate::scenario::check::{check_text, CheckOptions};

    /// Every scenario fixture: the same findings as `check_text`, and the
    /// same ranges from the kept tree as from a second parse (merge keys
    /// aside: see the next test).
    #[test]
    fn one_parse_gives_check_texts_findings_and_ranges() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut texts = Vec::new();
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        texts.push(text);
                    }
                }
            }
        }
        assert!(texts.len() > 50, "{}", texts.len());
        for text in texts {
            let expected = check_text(&text, SchemaSet::builtin(), &CheckOptions::default());
            let checked = check(&text, None);
            assert_eq!(checked.findings, expected, "{text}");
            let ranges = finding_ranges_in(&text, checked.document.as_ref(), &checked.findings);
            if text.contains("<<:") {
                // The platform's tree reads `<<` as an ordinary key: the
                // range is that key, not the merged entry a YAML 1.2 parse
                // sees (checked below).
                continue;
            }
            assert_eq!(ranges, finding_ranges(&text, &expected), "{text}");
        }
    }

    #[test]
    fn a_merge_key_finding_covers_the_key_the_platform_reads() {
        let text = "template:\n  bees:\n    - <<: {image: x}\n      role: a\n";
        let checked = check(text, None);
        let ranges = finding_ranges_in(text, checked.document.as_ref(), &checked.findings);
        let covered: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert!(covered.contains(&"<<"), "{covered:?}");
    }
}
