//! The one place the language server calls the library. Every other file of
//! `lsp/` speaks protocol and uses what this module returns, so a change of
//! the library's API is absorbed here.
//!
//! Nothing is decided here: findings come from the same call as `cfgate
//! check`, edits from the same planner as `cfgate migrate`, facts from the
//! generated schemas.

use config_core::editor::{fields, insert, locate, names, settings};
use config_core::finding::Position;
use config_core::migrate::{self, FileKind};
use config_core::scenario::check::{check_source_in, check_text, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::discover::{
    discover, Bundle as DiscoveredBundle, Input, WalkOptions, DESCRIPTOR,
};
use config_core::source::yaml::{self, Limits};
use std::ops::Range;
use std::path::Path;

pub use config_core::editor::fields::FieldInfo;
pub use config_core::editor::locate::{Completion, CompletionSite, Located};
pub use config_core::editor::names::Role;
pub use config_core::finding::{Finding, Severity};
pub use config_core::migrate::{FilePlan, TextEdit};
pub use config_core::source::yaml::Document;

/// What an open document is, for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A PocketHive scenario (`scenario.yaml`, or YAML with `template:`).
    Scenario,
    /// A `.env`-style settings file.
    Dotenv,
    /// A compose file (`services:`).
    Compose,
    /// Anything else: no diagnostics.
    Other,
}

/// Whether `path` is a bundle file: under a folder holding `scenario.yaml`
/// and not that descriptor (the bundle discovery of `cfgate check`). Bundle
/// files are never checked as scenarios. Reads the file system: asked once
/// when a document opens.
pub fn is_bundle_file(path: &Path) -> bool {
    // Discovery from the folder: the file itself may not be saved yet.
    let Some(dir) = path.parent() else {
        return false;
    };
    let discovery = discover(&[dir.to_path_buf()], &WalkOptions::default());
    discovery.inputs.iter().any(|input| {
        matches!(input, Input::Bundle(b) if path.starts_with(&b.root) && b.descriptor != path)
    })
}

/// What a document is, from its file name, whether it is a bundle file, and
/// (for YAML outside bundles) its top-level keys.
pub fn kind_of(file_name: &str, bundle_file: bool, text: &str) -> DocKind {
    let lower = file_name.to_ascii_lowercase();
    if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
        return DocKind::Dotenv;
    }
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return DocKind::Other;
    }
    if file_name == DESCRIPTOR || lower == "scenario.yml" {
        return DocKind::Scenario;
    }
    if bundle_file {
        // Bundle-file checks (templates, variables) are not served yet.
        return DocKind::Other;
    }
    match migrate::discover::yaml_kind(text) {
        Some(FileKind::Scenario) => DocKind::Scenario,
        Some(FileKind::Compose) => DocKind::Compose,
        _ if lower.contains("compose") => DocKind::Compose,
        _ => DocKind::Other,
    }
}

/// The largest document the server keeps (the same budget as `cfgate check`).
pub fn max_file_bytes() -> usize {
    Limits::default().max_bytes
}

/// A finding with the byte range of its key or value.
#[derive(Debug, Clone)]
pub struct Diagnosed {
    /// The finding, as `cfgate check` reports it.
    pub finding: Finding,
    /// Start and end of the offending key or value.
    pub range: Range<usize>,
}

/// The findings of a document at `path`, as the command line reports
/// them: `cfgate check` for a scenario, `cfgate validate` for a `.env`
/// file (what points into it), `cfgate migrate` for a compose file.
pub fn check(kind: DocKind, path: &Path, text: &str) -> Vec<Diagnosed> {
    let findings = match kind {
        DocKind::Scenario => check_scenario(path, text),
        DocKind::Dotenv => settings::check_dotenv(path, text),
        DocKind::Compose => compose_findings(text),
        DocKind::Other => Vec::new(),
    };
    let ranges = match kind {
        DocKind::Dotenv => findings.iter().map(|f| dotenv_range(text, f)).collect(),
        _ => locate::finding_ranges(text, &findings),
    };
    findings
        .into_iter()
        .zip(ranges)
        .map(|(finding, range)| Diagnosed { finding, range })
        .collect()
}

/// A scenario as `cfgate check` checks it: a bundle's `scenario.yaml` with
/// its bundle (the folder), any other file alone. Findings placed in another
/// bundle file are left to that file; a related place is named in the message.
fn check_scenario(path: &Path, text: &str) -> Vec<Finding> {
    let schemas = SchemaSet::builtin();
    let options = CheckOptions::default();
    let root = path
        .parent()
        .filter(|dir| path.file_name().is_some_and(|n| n == DESCRIPTOR) && dir.is_dir());
    let Some(root) = root else {
        return check_text(text, schemas, &options);
    };
    let found = DiscoveredBundle::discover(root.to_path_buf());
    let report = check_source_in(
        path.display().to_string(),
        text.to_string(),
        Some(&found),
        schemas,
        &options,
    );
    report
        .findings
        .into_iter()
        .filter(|f| f.place.file.is_none())
        .map(|mut f| {
            if let Some(related) = &f.place.related {
                f.message = format!(
                    "{} (see {}:{}:{}: {})",
                    f.message, related.file, related.line, related.column, related.note
                );
            }
            f
        })
        .collect()
}

/// A `.env` finding covers the variable's name, or the token at its
/// position (an unreadable line).
fn dotenv_range(text: &str, finding: &Finding) -> Range<usize> {
    let start = locate::offset_of(text, finding.line, finding.column);
    let names_it = !finding.path.is_empty()
        && text
            .get(start..)
            .is_some_and(|t| t.starts_with(&finding.path));
    if names_it {
        start..start + finding.path.len()
    } else {
        locate::finding_range(text, None, finding)
    }
}

/// A compose file's deprecated variables (the changes `cfgate migrate`
/// would make, as warnings) and what blocks migrating it.
fn compose_findings(text: &str) -> Vec<Finding> {
    let plan = migrate::plan_text(FileKind::Compose, text);
    let mut findings: Vec<Finding> = plan
        .changes
        .iter()
        .map(|c| {
            Finding::warning(c.code, c.message.clone())
                .at(Position {
                    line: c.line,
                    column: c.column,
                })
                .with_path(c.path.clone())
                .with_fix("run `cfgate migrate --write FILE`, or apply the quick fix")
        })
        .collect();
    findings.extend(plan.problems);
    findings.sort_by_key(|f| (f.line, f.column));
    findings
}

/// The migration `cfgate migrate` would make of this document.
pub fn migration(kind: DocKind, text: &str) -> Option<FilePlan> {
    let kind = match kind {
        DocKind::Scenario => FileKind::Scenario,
        DocKind::Dotenv => FileKind::Dotenv,
        DocKind::Compose => FileKind::Compose,
        DocKind::Other => return None,
    };
    Some(migrate::plan_text(kind, text))
}

/// The name a finding suggests instead ("did you mean").
pub fn suggestion(finding: &Finding) -> Option<String> {
    names::suggestion(finding)
}

/// The edit adding the field a "missing field" finding names.
pub fn add_missing_field(text: &str, document: &Document, finding: &Finding) -> Option<TextEdit> {
    insert::add_missing_field(text, document, finding)
}

/// The YAML tree of a text, when it parses.
pub fn parse(text: &str) -> Option<Document> {
    yaml::parse(text, &Limits::default()).ok()
}

/// The key or value under a cursor.
pub fn node_at(document: &Document, offset: usize) -> Option<Located> {
    locate::node_at(&document.root, offset)
}

/// Schema facts of the field at `pointer`.
pub fn field_info(document: &Document, pointer: &str) -> Option<FieldInfo> {
    fields::field_info(&document.root, pointer)
}

/// Keys the schema names for the mapping at `pointer`.
pub fn keys_at(document: &Document, pointer: &str) -> Vec<FieldInfo> {
    fields::keys_at(&document.root, pointer)
}

/// Keys already present in the mapping at `pointer`.
pub fn present_keys(document: &Document, pointer: &str) -> Vec<String> {
    document
        .root
        .pointer(pointer)
        .and_then(|n| n.as_map())
        .into_iter()
        .flatten()
        .map(|e| e.key.key_text())
        .collect()
}

/// The completion site at a cursor.
pub fn completion_at(text: &str, offset: usize) -> Option<Completion> {
    locate::completion_at(text, offset)
}

/// Every bee role of a scenario.
pub fn bee_roles(document: &Document) -> Vec<Role> {
    names::bee_roles(&document.root)
}

/// Whether `pointer` is a topology endpoint's role.
pub fn is_endpoint_role(pointer: &str) -> bool {
    names::is_endpoint_role(pointer)
}

/// The byte range of the bee role a topology endpoint names.
pub fn role_definition(document: &Document, pointer: &str) -> Option<Range<usize>> {
    names::role_definition(&document.root, pointer).map(|span| span.start..span.end)
}
