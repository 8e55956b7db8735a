//! Checking scenarios: one text, one file, one bundle, or many paths streamed.
//!
//! [`check_paths`] finds the bundles and lone scenario files of its arguments
//! ([`super::discover`]), checks them on every core with rayon, and hands each
//! [`FileReport`] to a sink in a stable order (sorted paths), a chunk at a
//! time, so memory stays flat however large the corpus is.

use super::config_check::SchemaSet;
use super::discover::{discover, Bundle, Input, Skipped, WalkOptions};
use super::rules::check_document_in;
use crate::finding::{Finding, Severity};
use crate::secret::redact_text;
use crate::source::read::{read_listed_text, read_text, read_text_from};
use crate::source::yaml::{parse_jackson, Document, Limits, YamlError};
use rayon::prelude::*;
use std::path::PathBuf;

/// How to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Every warning (unknown keys, keys nobody reads, what the platform
    /// ignores) becomes an error.
    pub strict: bool,
    /// Unknown-key warnings (PH390, PH131) are dropped.
    pub allow_unknown: bool,
    /// YAML budgets.
    pub limits: Limits,
    /// How directories are walked.
    pub walk: WalkOptions,
}

/// The code of "key no schema names" warnings (owned by the config checks).
pub const UNKNOWN_KEY_CODE: &str = "PH390";

/// One checked input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The path as given or found (`<stdin>` for standard input).
    pub path: String,
    /// The text, kept only when there are findings (renderers quote lines).
    pub source: Option<String>,
    /// Findings, sorted by line and column.
    pub findings: Vec<Finding>,
    /// The input could not be read (usage-level failure: exit 2).
    pub unreadable: bool,
    /// A bundle descriptor's id, for the rules across bundles (issue 13).
    pub catalog: Option<crate::bundle::catalog::CatalogEntry>,
}

impl FileReport {
    /// Number of error findings.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// Number of warning findings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs checked (readable or not).
    pub files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Inputs that could not be read, or arguments that yielded nothing.
    pub unreadable: usize,
    /// Scenario bundles checked.
    pub bundles: usize,
    /// What directory walks skipped, and why.
    pub skipped: Skipped,
}

impl Summary {
    /// Adds one report.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.errors += report.errors();
        self.warnings += report.warnings();
        self.unreadable += usize::from(report.unreadable);
    }
}

/// Checks one scenario text; every finding, sorted by position.
///
/// ```
/// use config_core::scenario::check::{check_text, CheckOptions};
/// use config_core::scenario::config_check::SchemaSet;
/// let findings = check_text("id: x\n", SchemaSet::builtin(), &CheckOptions::default());
/// assert!(findings.iter().any(|f| f.code == "PH102" && f.path == "protocolVersion"));
/// ```
pub fn check_text(text: &str, schemas: &SchemaSet, options: &CheckOptions) -> Vec<Finding> {
    check_text_in(text, None, schemas, options).0
}

/// [`check_text`], plus the bundle rules when `bundle` is the discovered
/// bundle of the text; with its catalog entry.
fn check_text_in(
    text: &str,
    bundle: Option<&Bundle>,
    schemas: &SchemaSet,
    options: &CheckOptions,
) -> (Vec<Finding>, Option<crate::bundle::catalog::CatalogEntry>) {
    let mut entry = None;
    let (mut findings, doc) = match parse_jackson(text, &options.limits) {
        Ok(doc) => {
            let mut findings = check_document_in(&doc, Some(text), schemas);
            // A `scenario.yaml` is checked with its discovered bundle.
            if let Some(found) = bundle {
                let display_root = found.root.display().to_string();
                let b =
                    crate::bundle::Bundle::new(found, &display_root, &doc, text, &options.limits);
                findings.extend(crate::bundle::check(&b));
                entry = b.catalog_entry();
            }
            (findings, Some(doc))
        }
        Err(err) => (vec![yaml_error_finding(&err)], None),
    };
    apply_unknown_policy(&mut findings, options);
    settle(&mut findings, doc.as_ref());
    (findings, entry)
}

/// The last steps of every check of a text (`cfgate check` and the
/// editor's): a secret's value copied elsewhere in `doc` (a YAML alias) is
/// masked in every message, the findings are put in file, line and column
/// order (bundle findings in other files after the checked file's own), and
/// at most [`crate::finding_cap::MAX_PER_FILE`] are kept.
pub(crate) fn settle(findings: &mut Vec<Finding>, doc: Option<&Document>) {
    // A clean file has no message to mask, so the walk is skipped.
    if let Some(doc) = doc.filter(|_| !findings.is_empty()) {
        crate::secret::SecretValues::of(&doc.root).mask_findings(findings);
    }
    findings.sort_by(|a, b| {
        (a.place.file.as_deref(), a.line, a.column).cmp(&(
            b.place.file.as_deref(),
            b.line,
            b.column,
        ))
    });
    crate::finding_cap::cap(findings, crate::finding_cap::MAX_PER_FILE);
}

/// The finding for a text that is not a usable YAML document.
pub fn yaml_error_finding(err: &YamlError) -> Finding {
    let (code, fix) = match err {
        YamlError::Syntax { .. } => (
            "PH001",
            "fix the YAML syntax at this position (indentation, quotes, brackets)",
        ),
        YamlError::MultipleDocuments { .. } => (
            "PH006",
            "keep one scenario per file; move the document after `---` to its own file",
        ),
        // Each budget names its own remedy and the flag that raises it.
        YamlError::TooLarge { .. } => (
            "PH003",
            "split the file, or raise --max-file-bytes (CFGATE_MAX_FILE_BYTES)",
        ),
        YamlError::TooDeep { .. } => (
            "PH003",
            "nest fewer levels, or raise --max-depth (CFGATE_MAX_DEPTH)",
        ),
        YamlError::TooManyAliases { .. } => (
            "PH003",
            "use fewer aliases (`*name`), or raise --max-aliases (CFGATE_MAX_ALIASES)",
        ),
        YamlError::TooManyNodes { .. } => (
            "PH003",
            "split the file, or raise --max-nodes (CFGATE_MAX_NODES)",
        ),
    };
    Finding::error(code, err.to_string())
        .at(crate::finding::Position {
            line: err.line(),
            column: err.column(),
        })
        .with_fix(fix)
}

/// Codes of "a key nobody reads" warnings: unknown config keys (PH390) and
/// keys the platform's model ignores (PH131).
pub const UNKNOWN_KEY_CODES: [&str; 2] = [UNKNOWN_KEY_CODE, super::rules::IGNORED_KEY];

fn apply_unknown_policy(findings: &mut Vec<Finding>, options: &CheckOptions) {
    let unknown = |f: &Finding| UNKNOWN_KEY_CODES.contains(&f.code);
    if options.allow_unknown {
        findings.retain(|f| !unknown(f));
    }
    if options.strict {
        // Everything cfgate knows beyond the platform is a warning; strict
        // makes every one of them an error.
        for f in findings.iter_mut() {
            f.severity = Severity::Error;
        }
    }
}

/// Checks one input: a scenario file, standard input, or a bundle (its
/// descriptor, then its bundle files). Reading is bounded by
/// `options.limits.max_bytes` (a larger regular file is refused from its
/// size, before it is read): too large is a PH003 finding; a missing path, a
/// directory given where a file is expected, a dangling link or non-UTF-8
/// bytes are PH004 (unreadable); an argument with nothing to check is PH008.
pub fn check_input(input: &Input, schemas: &SchemaSet, options: &CheckOptions) -> Vec<FileReport> {
    match input {
        Input::Stdin => {
            let max = options.limits.max_bytes;
            let text = read_text_from("<stdin>", std::io::stdin().lock(), max);
            vec![check_read(
                "<stdin>".to_string(),
                text,
                None,
                schemas,
                options,
            )]
        }
        Input::File(path) => vec![check_file(path, schemas, options)],
        Input::Bundle(bundle) => check_bundle(bundle, schemas, options),
        Input::Misnamed(path) => vec![misnamed_report(path)],
        Input::Missing(path, reason) => {
            let path = path.display().to_string();
            let message = format!("cannot read {path}: {reason}");
            vec![unreadable(path, message)]
        }
        Input::Empty(path, what) => {
            let path = path.display().to_string();
            vec![FileReport {
                findings: vec![Finding::error(
                    NOTHING_TO_CHECK,
                    format!("nothing to check in {path}: {what}"),
                )
                .with_fix(
                    "check the path (a typo in a CI path must not pass silently); name a bundle \
                     folder, a `scenario.yaml`, or a scenario file",
                )],
                path,
                source: None,
                unreadable: true,
                catalog: None,
            }]
        }
    }
}

/// An argument yielded nothing to check (exit status 2).
pub const NOTHING_TO_CHECK: &str = "PH008";
/// A descriptor named other than exactly `scenario.yaml`.
pub const MISNAMED_DESCRIPTOR: &str = "PH007";

/// A `scenario.yml` (or `Scenario.yaml`, ...) found with no `scenario.yaml`
/// beside it: the platform reads only the exact name, so the bundle has no
/// descriptor (VALIDATOR.md F1).
fn misnamed_finding(path: &std::path::Path) -> Finding {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Finding::error(
        MISNAMED_DESCRIPTOR,
        format!(
            "'{name}' is not read by the platform: a bundle's descriptor must be named exactly \
             'scenario.yaml' (upload fails with \"Bundle does not contain a scenario.yaml\")"
        ),
    )
    .at(crate::finding::Position { line: 1, column: 1 })
    .with_fix(format!("rename '{name}' to 'scenario.yaml'"))
}

fn misnamed_report(path: &std::path::Path) -> FileReport {
    FileReport {
        findings: vec![misnamed_finding(path)],
        path: path.display().to_string(),
        source: None,
        unreadable: false,
        catalog: None,
    }
}

/// Checks one file as a scenario descriptor.
fn check_file(path: &std::path::Path, schemas: &SchemaSet, options: &CheckOptions) -> FileReport {
    let text = read_text(path, options.limits.max_bytes);
    let mut report = check_read(path.display().to_string(), text, None, schemas, options);
    if path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("scenario.yml"))
    {
        report.findings.insert(0, misnamed_finding(path));
    }
    report
}

/// Checks a bundle: its descriptor as a scenario. Bundle-file checks
/// (templates, `variables.yaml`, `sut/`, `authProfiles.yaml`) plug in here,
/// one report per file, after the descriptor's.
pub fn check_bundle(
    bundle: &Bundle,
    schemas: &SchemaSet,
    options: &CheckOptions,
) -> Vec<FileReport> {
    // Discovery saw a regular `scenario.yaml`: read it as the bundle's
    // other files are.
    let text = read_listed_text(&bundle.descriptor, options.limits.max_bytes);
    let path = bundle.descriptor.display().to_string();
    vec![check_read(path, text, Some(bundle), schemas, options)]
}

fn check_read(
    path: String,
    text: Result<String, crate::source::read::ReadError>,
    bundle: Option<&Bundle>,
    schemas: &SchemaSet,
    options: &CheckOptions,
) -> FileReport {
    match text {
        Ok(text) => check_source_in(path, text, bundle, schemas, options),
        Err(err) if err.is_too_large() => FileReport {
            findings: vec![Finding::error("PH003", err.to_string())
                .at(crate::finding::Position { line: 1, column: 1 })
                .with_fix(
                    "split the file, or raise the limit with --max-file-bytes \
                     (CFGATE_MAX_FILE_BYTES) if it is really meant to be this large",
                )],
            path,
            source: None,
            unreadable: false,
            catalog: None,
        },
        Err(err) => unreadable(path, format!("cannot read {err}")),
    }
}

fn unreadable(path: String, message: String) -> FileReport {
    FileReport {
        findings: vec![Finding::error("PH004", message)
            .with_fix("check the path exists and is a readable UTF-8 file")],
        path,
        source: None,
        unreadable: true,
        catalog: None,
    }
}

/// Checks a text read from `path` as a scenario in no bundle.
pub fn check_source(
    path: String,
    text: String,
    schemas: &SchemaSet,
    options: &CheckOptions,
) -> FileReport {
    check_source_in(path, text, None, schemas, options)
}

/// Checks a text read from `path`; with `bundle` (the discovered bundle of
/// the text, e.g. [`Bundle::discover`]), the bundle rules (templates,
/// variables, SUTs, auth) run too, on the files discovery found.
pub fn check_source_in(
    path: String,
    text: String,
    bundle: Option<&Bundle>,
    schemas: &SchemaSet,
    options: &CheckOptions,
) -> FileReport {
    let (findings, catalog) = check_text_in(&text, bundle, schemas, options);
    FileReport {
        // Renderers quote lines of it: credentials are masked first.
        source: (!findings.is_empty()).then(|| redact_text(&text)),
        findings,
        unreadable: false,
        catalog,
        path,
    }
}

/// Inputs checked in parallel per chunk: big enough to keep every core busy,
/// small enough that only a chunk of reports is ever held.
const CHUNK: usize = 256;

/// Chunks checked ahead of the one being handed to the sink: enough to keep
/// the cores busy while the sink renders, few enough to bound memory.
const CHUNKS_AHEAD: usize = 2;

/// Checks every input, in parallel, handing reports to `sink` in input order.
///
/// A producer thread checks chunk after chunk on rayon's pool while this
/// thread hands the previous chunk's reports to `sink`, so rendering (which
/// may not be `Send`: it usually holds the locked stdout) overlaps checking.
///
/// ```
/// use config_core::scenario::check::{check_paths, CheckOptions};
/// use config_core::scenario::config_check::SchemaSet;
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/scenarios/ph102-missing-id.yaml");
/// let mut codes = Vec::new();
/// let options = CheckOptions::default();
/// let summary = check_paths(&[path.into()], SchemaSet::builtin(), &options, |report| {
///     codes.extend(report.findings.iter().map(|f| f.code.to_string()));
/// });
/// assert_eq!((summary.files, summary.unreadable), (1, 0));
/// assert!(summary.errors > 0 && codes.iter().any(|c| c == "PH102"));
/// ```
pub fn check_paths(
    paths: &[PathBuf],
    schemas: &SchemaSet,
    options: &CheckOptions,
    mut sink: impl FnMut(FileReport),
) -> Summary {
    let discovery = discover(paths, &options.walk);
    let inputs = discovery.inputs;
    let mut summary = Summary {
        skipped: discovery.skipped,
        bundles: inputs
            .iter()
            .filter(|i| matches!(i, Input::Bundle(_)))
            .count(),
        ..Summary::default()
    };
    let mut catalog = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<FileReport>>>(CHUNKS_AHEAD);
        let inputs = &inputs;
        scope.spawn(move || {
            for chunk in inputs.chunks(CHUNK) {
                let reports = chunk
                    .par_iter()
                    .map(|input| check_input(input, schemas, options))
                    .collect();
                // The receiver only stops early if this thread's scope ends.
                if tx.send(reports).is_err() {
                    return;
                }
            }
        });
        for mut report in rx.into_iter().flatten().flatten() {
            summary.add(&report);
            // Bundle ids are kept (a few bytes each) for the catalog rules.
            catalog.extend(report.catalog.take());
            sink(report);
        }
    });
    // ---- catalog hook (issue 13): rules across the bundles of the run,
    // reported once every bundle is seen, as one more report.
    if let Some(report) = crate::bundle::catalog::catalog_report(&catalog) {
        summary.errors += report.errors();
        summary.warnings += report.warnings();
        sink(report);
    }
    summary
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn syntax_error_is_a_finding_with_position() {
        let f = check_text(
            "a: [1,\nb: 2\n",
            SchemaSet::builtin(),
            &CheckOptions::default(),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "PH001");
        assert_eq!((f[0].line, f[0].column), (1, 4), "{f:?}");
    }

    #[test]
    fn unknown_policy() {
        let mut findings = vec![Finding::warning(UNKNOWN_KEY_CODE, "x")];
        apply_unknown_policy(
            &mut findings,
            &CheckOptions {
                strict: true,
                ..CheckOptions::default()
            },
        );
        assert_eq!(findings[0].severity, Severity::Error);
        apply_unknown_policy(
            &mut findings,
            &CheckOptions {
                allow_unknown: true,
                ..CheckOptions::default()
            },
        );
        assert!(findings.is_empty());
    }

    #[test]
    fn missing_and_unreadable_inputs_are_reported_and_others_still_checked() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("bad.yaml"), [0xff, 0xfe]).unwrap();
        fs::write(dir.path().join("ok.yaml"), "a: [").unwrap();
        let paths = [
            dir.path().join("nope.yaml"),
            dir.path().join("bad.yaml"),
            dir.path().join("ok.yaml"),
        ];
        let mut reports = Vec::new();
        let summary = check_paths(
            &paths,
            SchemaSet::builtin(),
            &CheckOptions::default(),
            |r| reports.push(r),
        );
        assert_eq!(summary.files, 3);
        assert_eq!(summary.unreadable, 2);
        assert_eq!(summary.bundles, 0);
        assert_eq!(reports[0].findings[0].code, "PH004");
        assert_eq!(reports[1].findings[0].code, "PH004");
        assert_eq!(reports[2].findings[0].code, "PH001");
        assert!(reports[2].source.is_some());
    }
}
