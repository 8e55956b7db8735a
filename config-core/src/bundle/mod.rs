//! Whole-bundle checks (issue 13): a PocketHive scenario is a directory
//! holding `scenario.yaml` plus `templates/**`, `variables.yaml`,
//! `sut/<id>/sut.yaml` and `authProfiles.yaml`. These rules are the
//! platform's upload-time validator (VALIDATOR.md §10-§11), run offline.
//!
//! - [`file`]: reading bundle files as the platform's strict mappers do.
//! - `templates`: `templates/**` parse, inline template syntax, the
//!   request-template contract.
//! - `references`: template consumers, `templateRoot`, `serviceId::callId`.
//! - [`variables`]: `vars.*` references and the `variables.yaml` contract.
//! - `sut`: the `sut/<id>/sut.yaml` contract.
//! - `auth_profiles`: `authRef` and `authProfiles.yaml`.
//! - [`catalog`]: rules across the bundles of one run (duplicate ids, ids
//!   usable as a path segment).
//! - `model`: typed models of the bundle files (JSON Schemas in `schemas/`).
//! - [`plan`]: the bundle view of `cfgate plan`.
//!
//! Every finding carries its own file (`Finding::place`), line and column;
//! one that joins two files names the second as `related`.
//!
//! ```no_run
//! use config_core::bundle::check_bundle;
//! use config_core::source::yaml::{parse_jackson, Limits};
//! let text = std::fs::read_to_string("bundle/scenario.yaml").unwrap();
//! let doc = parse_jackson(&text, &Limits::default()).unwrap();
//! let findings = check_bundle(std::path::Path::new("bundle"), "bundle", &doc, &text, &Limits::default());
//! ```

pub(crate) mod auth_profiles;
pub mod catalog;
pub(crate) mod file;
pub mod index;
pub(crate) mod model;
pub mod plan;
pub(crate) mod references;
pub(crate) mod sut;
pub(crate) mod templates;
#[cfg(test)]
mod tests;
pub mod variables;

use crate::finding::{Finding, Location, Position};
use crate::scenario::discover;
use crate::source::yaml::{Document, Limits, Node};
use file::{coerced_string, BundleFile};
use index::FileText;
use std::path::Path;

/// The finding codes of the bundle rules (docs/FINDINGS.md, PH600-PH699).
pub mod codes {
    /// A `templates/**` file does not parse into a map (TEMPLATE_PARSE_ERROR).
    pub const TEMPLATE_PARSE: &str = "PH600";
    /// A string in a template file is not a valid template (TEMPLATE_INVALID).
    pub const TEMPLATE_SYNTAX: &str = "PH601";
    /// A request template lacks `protocol`, `serviceId`, `callId`, or (HTTP)
    /// `method` / `pathTemplate` (TEMPLATE_REQUIRED_FIELD_MISSING).
    pub const TEMPLATE_FIELD: &str = "PH602";
    /// A request template's protocol is not HTTP, TCP or ISO8583.
    pub const TEMPLATE_PROTOCOL: &str = "PH603";
    /// A consumer's `templateRoot` escapes `/app/scenario` (TEMPLATE_INVALID).
    pub const ROOT_ESCAPES: &str = "PH610";
    /// A referenced `serviceId::callId` has no template (TEMPLATE_CALL_ID_MISSING).
    pub const CALL_ID_MISSING: &str = "PH611";
    /// Two templates under one root share a key (TEMPLATE_CALL_ID_DUPLICATE).
    pub const CALL_ID_DUPLICATE: &str = "PH612";
    /// Warning: a `templateRoot` outside the bundle mount; not checked.
    pub const ROOT_OUTSIDE: &str = "PH613";
    /// `vars.*` is referenced but `variables.yaml` is missing (VARIABLES_MISSING).
    pub const VARIABLES_MISSING: &str = "PH620";
    /// `vars.x` is not defined (VARIABLE_REFERENCE_UNKNOWN).
    pub const VARIABLE_UNKNOWN: &str = "PH621";
    /// `variables.yaml` breaks its contract (VARIABLES_INVALID).
    pub const VARIABLES_INVALID: &str = "PH622";
    /// Warning: a profile lacks a required variable (fails at swarm create).
    pub const VARIABLE_REQUIRED: &str = "PH623";
    /// A `sut/<id>/sut.yaml` breaks its contract (SUT_INVALID).
    pub const SUT_INVALID: &str = "PH630";
    /// A template declares inline `auth` (AUTH_REF_INLINE_NOT_ALLOWED).
    pub const AUTH_INLINE: &str = "PH640";
    /// An `authRef` is not an object, has no `profileId`, or names an
    /// undeclared profile (AUTH_REF_PROFILE_MISSING).
    pub const AUTH_PROFILE_MISSING: &str = "PH641";
    /// `authRef.applyAs` is not supported (AUTH_REF_APPLY_AS_INVALID).
    pub const AUTH_APPLY_AS: &str = "PH642";
    /// Templates use `authRef` but `authProfiles.yaml` is missing (AUTH_PROFILES_MISSING).
    pub const AUTH_PROFILES_MISSING: &str = "PH643";
    /// `authProfiles.yaml` breaks its contract (AUTH_PROFILES_INVALID).
    pub const AUTH_PROFILES_INVALID: &str = "PH644";
    /// A profile's `storage` breaks the storage rules (AUTH_STORAGE_INVALID).
    pub const AUTH_STORAGE: &str = "PH645";
    /// Two bundles of one run share a scenario id (DUPLICATE_SCENARIO_ID).
    pub const DUPLICATE_ID: &str = "PH650";
    /// The scenario id is not usable as one path segment ("Invalid scenario id").
    pub const ID_NOT_SEGMENT: &str = "PH651";
}

/// The container path the bundle is mounted at (SBV:59).
pub const SCENARIO_MOUNT: &str = "/app/scenario";
/// The template folder (VC/ScenarioBundleLayout.java).
pub const TEMPLATES_DIR: &str = "templates";
/// The variables file.
pub const VARIABLES_FILE: &str = "variables.yaml";
/// The auth profiles file.
pub const AUTH_PROFILES_FILE: &str = "authProfiles.yaml";
/// The SUT folder.
pub const SUT_DIR: &str = "sut";
/// The SUT descriptor in `sut/<id>/`.
pub const SUT_FILE: &str = "sut.yaml";

/// A bundle being checked: where it is and its parsed descriptor.
pub struct Bundle<'a> {
    /// The bundle directory (the folder of `scenario.yaml`).
    pub root: &'a Path,
    /// The directory as shown in findings (`""` for the current one).
    pub display_root: &'a str,
    /// The parsed `scenario.yaml`.
    pub scenario: &'a Node,
    /// Its text (values are read as the platform reads them).
    pub scenario_text: &'a str,
    /// Budgets for every file read.
    pub limits: &'a Limits,
    /// Every `.yaml`/`.yml`/`.json` file of the bundle, read once, sorted
    /// (`scenario.yaml` among them, with the text already read).
    files: Vec<BundleFile>,
    /// Structured files that are not UTF-8 text (or unreadable).
    unreadable: Vec<String>,
    /// The folders directly under `sut/` ([`sut::dir_names`]).
    sut_dirs: Vec<String>,
}

/// The structured files (`.yaml`, `.yml`, `.json`) discovery found in a
/// bundle besides `scenario.yaml`, relative to its root, in the sorted path
/// order the platform processes them (byte order, as Java compares them).
pub(crate) fn structured_rels(found: &discover::Bundle) -> Vec<String> {
    let mut rels: Vec<String> = found
        .files
        .iter()
        .map(|f| found.relative(f))
        .filter(|rel| file::is_structured(rel))
        .collect();
    rels.sort_unstable();
    rels
}

/// `scenario.yaml` as a bundle file: always the text being checked.
pub(crate) fn descriptor_file(display_root: &str, scenario_text: &str) -> BundleFile {
    BundleFile::new(
        discover::DESCRIPTOR.to_string(),
        file::join_display(display_root, discover::DESCRIPTOR),
        scenario_text.to_string(),
    )
}

impl<'a> Bundle<'a> {
    /// Reads the structured files that discovery found in the bundle
    /// (`found.files`: no second walk of the folder); `scenario.yaml` is the
    /// text already read.
    pub fn new(
        found: &'a discover::Bundle,
        display_root: &'a str,
        scenario: &'a Document,
        scenario_text: &'a str,
        limits: &'a Limits,
    ) -> Self {
        let root = found.root.as_path();
        let texts = structured_rels(found)
            .into_iter()
            .map(|rel| FileText {
                text: file::read(root, &rel, limits),
                rel,
            })
            .collect();
        let sut_dirs = sut::listed_dirs(found);
        Self::assemble(
            (root, display_root),
            (scenario, scenario_text),
            limits,
            texts,
            sut_dirs,
        )
    }

    /// The folders directly under `sut/` with a non-blank name, sorted.
    pub(crate) fn sut_dirs(&self) -> &[String] {
        &self.sut_dirs
    }

    /// Whether `rel` is a regular structured file of the bundle (read or
    /// not): every one was listed once, so no further file-system call.
    pub(crate) fn has_file(&self, rel: &str) -> bool {
        self.file(rel).is_some() || self.unreadable.iter().any(|u| u == rel)
    }

    /// Structured files that could not be read as UTF-8 text.
    pub(crate) fn unreadable(&self) -> &[String] {
        &self.unreadable
    }

    /// The structured files under `templates/`.
    pub(crate) fn template_files(&self) -> impl Iterator<Item = &BundleFile> {
        let prefix = format!("{TEMPLATES_DIR}/");
        self.files
            .iter()
            .filter(move |f| f.rel.starts_with(&prefix))
    }

    /// The structured file at `rel`, when read.
    pub(crate) fn file(&self, rel: &str) -> Option<&BundleFile> {
        self.files.iter().find(|f| f.rel == rel)
    }

    /// Every structured file.
    pub(crate) fn files(&self) -> &[BundleFile] {
        &self.files
    }

    /// The display path of a bundle-relative path.
    pub fn display(&self, rel: &str) -> String {
        file::join_display(self.display_root, rel)
    }

    /// The display path of `scenario.yaml`.
    pub fn scenario_display(&self) -> String {
        self.display("scenario.yaml")
    }

    /// The scenario id as the platform binds it (source text of a scalar).
    pub fn scenario_id(&self) -> Option<String> {
        let node = self.scenario.get("id")?;
        coerced_string(node).ok().flatten()
    }

    /// A location in `scenario.yaml`.
    pub(crate) fn scenario_location(&self, node: &Node, note: impl Into<String>) -> Location {
        Location {
            file: self.scenario_display(),
            line: node.span.line,
            column: node.span.column,
            note: note.into(),
        }
    }
}

/// Runs every bundle rule on the bundle at `root` whose descriptor is
/// `scenario` (already parsed by the scenario checker), in the platform's
/// order: SUT and variables contract, templates, `vars.*` references, auth.
/// As on the platform, nothing runs when the scenario `id` is blank.
///
/// Findings in `scenario.yaml` carry no file of their own; every other one
/// names its file.
///
/// ```
/// use config_core::bundle::check_bundle;
/// use config_core::source::yaml::{parse, Limits};
/// let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bundles/ph620-variables-missing/fail"));
/// let text = std::fs::read_to_string(root.join("scenario.yaml")).unwrap();
/// let doc = parse(&text, &Limits::default()).unwrap();
/// let findings = check_bundle(root, "shop", &doc, &text, &Limits::default());
/// assert!(findings.iter().any(|f| f.code == "PH620"));
/// ```
pub fn check_bundle(
    root: &Path,
    display_root: &str,
    scenario: &Document,
    scenario_text: &str,
    limits: &Limits,
) -> Vec<Finding> {
    let found = discover::Bundle::discover(root.to_path_buf());
    let bundle = Bundle::new(&found, display_root, scenario, scenario_text, limits);
    check(&bundle)
}

/// [`check_bundle`] on an already read bundle.
pub fn check(bundle: &Bundle<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(id) = bundle.scenario_id().filter(|id| !id.trim().is_empty()) else {
        return findings;
    };
    findings.extend(catalog::check_id_segment(bundle, &id));
    // SBV:2022-2031: the SUT contract first; its failure skips the variables.
    match sut::check(bundle, &id) {
        Ok(sut_ids) => findings.extend(variables::check_contract(bundle, &sut_ids)),
        Err(finding) => findings.push(*finding),
    }
    let templates = templates::read_all(bundle, &mut findings);
    references::check(bundle, &templates, &mut findings);
    findings.extend(variables::check_references(bundle));
    findings.extend(auth_profiles::check(bundle, &templates));
    yaml_notes(bundle, &mut findings);
    findings
}

/// PH009, PH010 and PH006 in every bundle file a rule read as YAML, as for
/// `scenario.yaml`: the platform's strict mapper reads them all the same
/// way (aliases as their anchor's name, `<<` as a key, the first document
/// only).
fn yaml_notes(bundle: &Bundle<'_>, findings: &mut Vec<Finding>) {
    use crate::scenario::rules::{
        alias_finding, display_path, later_document_finding, merge_key_finding,
    };
    for file in &bundle.files {
        if file.rel == discover::DESCRIPTOR {
            continue;
        }
        let Some(parsed) = file.parsed() else {
            continue;
        };
        let doc = &parsed.doc;
        let place = |finding: Finding, span, pointer: &str| {
            let path = display_path(&doc.root, pointer);
            finding_in(file, finding.with_path(path), file::at(span))
        };
        for alias in &doc.aliases {
            findings.push(place(alias_finding(alias), alias.span, &alias.pointer));
        }
        for merge in &doc.merge_keys {
            findings.push(place(merge_key_finding(), merge.span, &merge.pointer));
        }
        if let Some(span) = doc.later_document {
            findings.push(finding_in(
                file,
                later_document_finding(&file.rel),
                file::at(span),
            ));
        }
    }
}

/// A finding at `position` in the bundle file `file`.
pub(crate) fn finding_in(file: &BundleFile, finding: Finding, position: Position) -> Finding {
    finding.at(position).in_file(file.display.clone())
}

#[cfg(test)]
mod docs_tests {
    #[test]
    fn every_code_is_documented() {
        let doc = include_str!("../../../docs/FINDINGS.md");
        let parity = include_str!("../../../docs/PARITY.md");
        let codes = [
            super::codes::TEMPLATE_PARSE,
            super::codes::TEMPLATE_SYNTAX,
            super::codes::TEMPLATE_FIELD,
            super::codes::TEMPLATE_PROTOCOL,
            super::codes::ROOT_ESCAPES,
            super::codes::CALL_ID_MISSING,
            super::codes::CALL_ID_DUPLICATE,
            super::codes::ROOT_OUTSIDE,
            super::codes::VARIABLES_MISSING,
            super::codes::VARIABLE_UNKNOWN,
            super::codes::VARIABLES_INVALID,
            super::codes::VARIABLE_REQUIRED,
            super::codes::SUT_INVALID,
            super::codes::AUTH_INLINE,
            super::codes::AUTH_PROFILE_MISSING,
            super::codes::AUTH_APPLY_AS,
            super::codes::AUTH_PROFILES_MISSING,
            super::codes::AUTH_PROFILES_INVALID,
            super::codes::AUTH_STORAGE,
            super::codes::DUPLICATE_ID,
            super::codes::ID_NOT_SEGMENT,
        ];
        for code in codes {
            assert!(
                doc.contains(&format!("| {code} |")),
                "{code} not in docs/FINDINGS.md"
            );
            assert!(parity.contains(code), "{code} not in docs/PARITY.md");
        }
    }
}
