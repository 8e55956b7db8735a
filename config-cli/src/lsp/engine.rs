//! The one place the language server calls the library. Every other file of
//! `lsp/` speaks protocol and uses what this module returns, so a change of
//! the library's API is absorbed here.
//!
//! Nothing is decided here: findings come from the same call as `cfgate
//! check`, edits from the same planner as `cfgate migrate`, facts from the
//! generated schemas.

use config_core::editor::bundle as editor_bundle;
use config_core::editor::check::{self as editor_check, BundleFiles};
use config_core::editor::references::{self, BundleTexts};
use config_core::editor::{fields, insert, locate, names, settings};
use config_core::finding::Position;
use config_core::migrate::{self, FileKind};
use config_core::scenario::discover::{discover, Input, WalkOptions, DESCRIPTOR};
use config_core::source::yaml::{self, Limits};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use config_core::bundle::index::FileText;
pub use config_core::editor::bundle::DiskFiles;
pub use config_core::editor::fields::FieldInfo;
pub use config_core::editor::locate::{Completion, CompletionSite, Located};
pub use config_core::editor::names::Role;
pub use config_core::editor::references::{CallId, Kind as ReferenceKind, Reference};
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
    /// Another file of a scenario bundle (templates, `variables.yaml`,
    /// `sut/<id>/sut.yaml`, `authProfiles.yaml`): checked with its bundle.
    BundleFile,
    /// Anything else: no diagnostics.
    Other,
}

/// The root of the bundle `path` belongs to: for `scenario.yaml`, its
/// folder (when it exists); for another file, the bundle `cfgate check`
/// discovers around it (the deepest). Reads the file system: asked once when
/// a document opens.
pub fn bundle_root(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    if path.file_name().is_some_and(|n| n == DESCRIPTOR) {
        return dir.is_dir().then(|| dir.to_path_buf());
    }
    // Discovery from the folder: the file itself may not be saved yet.
    let discovery = discover(&[dir.to_path_buf()], &WalkOptions::default());
    discovery
        .inputs
        .iter()
        .filter_map(|input| match input {
            Input::Bundle(b) if path.starts_with(&b.root) && b.descriptor != path => {
                Some(b.root.clone())
            }
            _ => None,
        })
        .max_by_key(|root| root.components().count())
}

/// What a document is, from its file name, whether it is in a bundle, and
/// (for YAML outside bundles) its top-level keys.
pub fn kind_of(file_name: &str, in_bundle: bool, text: &str) -> DocKind {
    let lower = file_name.to_ascii_lowercase();
    if lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env") {
        return DocKind::Dotenv;
    }
    if in_bundle && file_name != DESCRIPTOR {
        let structured = [".yaml", ".yml", ".json"]
            .iter()
            .any(|e| lower.ends_with(e));
        return if structured {
            DocKind::BundleFile
        } else {
            DocKind::Other
        };
    }
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return DocKind::Other;
    }
    if file_name == DESCRIPTOR || lower == "scenario.yml" {
        return DocKind::Scenario;
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
    /// The second place a two-file finding joins, when it has one.
    pub related: Option<Related>,
}

/// The second place of a two-file finding.
#[derive(Debug, Clone)]
pub struct Related {
    /// The file.
    pub path: PathBuf,
    /// Byte range in its text.
    pub range: Range<usize>,
    /// What is there.
    pub note: String,
}

/// A bundle as the editor holds it: every structured file, unsaved buffers
/// in place of the disk.
#[derive(Debug)]
pub struct BundleInput {
    /// The bundle root.
    pub root: PathBuf,
    /// Its structured files, `scenario.yaml` included.
    pub files: Vec<FileText>,
}

impl BundleInput {
    /// The files of the bundle at `root`: `disk` brought up to date, then
    /// `open` (path -> unsaved text) laid over it.
    pub fn new<'t>(
        root: &Path,
        disk: &mut DiskFiles,
        open: impl IntoIterator<Item = (PathBuf, &'t str)>,
    ) -> Self {
        disk.refresh(root);
        let open: HashMap<String, &str> = open
            .into_iter()
            .filter_map(|(path, text)| Some((editor_bundle::relative(root, &path)?, text)))
            .collect();
        Self {
            root: root.to_path_buf(),
            files: disk.texts(&open),
        }
    }

    /// The text of a file of the bundle.
    pub fn text_of(&self, path: &Path) -> Option<&str> {
        let rel = editor_bundle::relative(&self.root, path)?;
        self.text_rel(&rel)
    }

    fn text_rel(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.rel == rel)
            .and_then(|f| f.text.as_deref())
    }

    /// The path of a bundle-relative file.
    pub fn path_of(&self, rel: &str) -> PathBuf {
        rel.split('/')
            .fold(self.root.clone(), |p, part| p.join(part))
    }

    /// The descriptor's path.
    pub fn descriptor(&self) -> PathBuf {
        editor_bundle::descriptor(&self.root)
    }

    fn texts(&self) -> BundleTexts<'_> {
        BundleTexts {
            root: &self.root,
            files: &self.files,
        }
    }
}

/// The findings of a whole bundle, as `cfgate check <root>` reports them on
/// the editor's texts, each with the file it lands in.
pub fn check_bundle(input: &BundleInput) -> Vec<(PathBuf, Diagnosed)> {
    let Some(scenario) = input.text_rel(DESCRIPTOR) else {
        return Vec::new();
    };
    let bundle = BundleFiles {
        root: &input.root,
        files: input.files.clone(),
    };
    let checked = editor_check::check(scenario, Some(bundle));
    let descriptor = input.descriptor();
    let mut by_file: Vec<(PathBuf, Vec<Finding>)> = Vec::new();
    for finding in checked.findings {
        let path = finding
            .place
            .file
            .as_deref()
            .map_or_else(|| descriptor.clone(), PathBuf::from);
        match by_file.iter_mut().find(|(p, _)| *p == path) {
            Some((_, list)) => list.push(finding),
            None => by_file.push((path, vec![finding])),
        }
    }
    let mut out = Vec::new();
    for (path, findings) in by_file {
        let text = input.text_of(&path).unwrap_or_default();
        // The descriptor's tree is the check's; other files are parsed here.
        let ranges = if path == descriptor {
            locate::finding_ranges_in(text, checked.document.as_ref(), &findings)
        } else {
            locate::finding_ranges(text, &findings)
        };
        for (finding, range) in findings.into_iter().zip(ranges) {
            let related = related_of(input, &finding);
            out.push((
                path.clone(),
                Diagnosed {
                    finding,
                    range,
                    related,
                },
            ));
        }
    }
    out
}

/// The range of a finding's second place (its key or value).
fn related_of(input: &BundleInput, finding: &Finding) -> Option<Related> {
    let related = finding.place.related.as_ref()?;
    let path = PathBuf::from(&related.file);
    let text = input.text_of(&path).unwrap_or_default();
    let document = yaml::parse(text, &Limits::default()).ok();
    let at = Finding::warning(finding.code, String::new()).at(Position {
        line: related.line,
        column: related.column,
    });
    Some(Related {
        range: locate::finding_range(text, document.as_ref(), &at),
        path,
        note: related.note.clone(),
    })
}

/// The reference (`callId`, `vars.x`, `authRef.profileId`) at `offset` of
/// the bundle file at `path`, with where it is defined.
pub fn reference_at(input: &BundleInput, path: &Path, offset: usize) -> Option<Reference> {
    let rel = editor_bundle::relative(&input.root, path)?;
    references::reference_at(&input.texts(), &rel, offset)
}

/// The call ids of the bundle's templates a `callId` at `pointer` can name.
pub fn call_ids(input: &BundleInput, document: &Document, pointer: &str) -> Vec<CallId> {
    references::call_ids(&input.texts(), document, pointer)
}

/// The findings of a document at `path` outside any bundle, as the command
/// line reports them: `cfgate check` for a scenario, `cfgate validate` for a
/// `.env` file (what points into it), `cfgate migrate` for a compose file.
/// (A bundle's files are checked together: [`check_bundle`].)
pub fn check(kind: DocKind, path: &Path, text: &str) -> Vec<Diagnosed> {
    let (findings, ranges) = match kind {
        DocKind::Scenario => {
            // One parse for the findings and their ranges.
            let checked = editor_check::check(text, None);
            let ranges =
                locate::finding_ranges_in(text, checked.document.as_ref(), &checked.findings);
            (checked.findings, ranges)
        }
        DocKind::Dotenv => {
            let findings = settings::check_dotenv(path, text);
            let ranges = findings.iter().map(|f| dotenv_range(text, f)).collect();
            (findings, ranges)
        }
        DocKind::Compose => {
            let findings = compose_findings(text);
            let ranges = locate::finding_ranges(text, &findings);
            (findings, ranges)
        }
        DocKind::BundleFile | DocKind::Other => (Vec::new(), Vec::new()),
    };
    findings
        .into_iter()
        .zip(ranges)
        .map(|(finding, range)| Diagnosed {
            finding,
            range,
            related: None,
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
        DocKind::BundleFile | DocKind::Other => return None,
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

/// Whether `pointer` is a call id (`callId`, a producer's `x-ph-call-id`).
pub fn is_call_id(pointer: &str) -> bool {
    pointer.ends_with("/callId") || pointer.ends_with("/x-ph-call-id")
}

/// Whether `pointer` is a topology endpoint's role.
pub fn is_endpoint_role(pointer: &str) -> bool {
    names::is_endpoint_role(pointer)
}

/// The byte range of the bee role a topology endpoint names.
pub fn role_definition(document: &Document, pointer: &str) -> Option<Range<usize>> {
    names::role_definition(&document.root, pointer).map(|span| span.start..span.end)
}
