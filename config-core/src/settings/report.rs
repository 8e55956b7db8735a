//! What loading produces: typed settings, every effective value with its
//! provenance, errors and warnings. All of it is data for renderers; no
//! field ever holds a secret's value.

use super::Settings;
use crate::deprecation::Rename;
use crate::finding::Severity;
use crate::finding_cap::{Tally, CUT_CODE, CUT_FIX};
use crate::provenance::Provenance;
use crate::source::env::RawValue;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One parse or rule error of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingError {
    /// `parse`, `rule`, `missing`, `blank`, `not-utf8`, `insecure-default`,
    /// `env-file-syntax`, a config-file code (`yaml-syntax`,
    /// `yaml-duplicate-key`, `yaml-not-a-mapping`, `unresolved-placeholder`),
    /// for a PocketHive IO sub-block value its config-check code (`PH3xx`,
    /// docs/FINDINGS.md) or `list-gap`, or `internal`.
    pub code: &'static str,
    /// The domain key (`worker`), `env_file` for an unreadable line or
    /// `config_file` for a problem in a YAML settings file.
    pub domain: &'static str,
    /// The field name (`port`); empty for file-level errors.
    pub field: String,
    /// The variable actually read (the deprecated name when that was used).
    pub env: String,
    /// The new name, when `env` is a deprecated one.
    #[serde(skip)]
    pub replacement: Option<String>,
    /// Where the offending value came from.
    pub source: Provenance,
    /// The rule broken and the offending value (never a secret's value).
    pub message: String,
}

/// Something worth telling the user that does not fail the gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// `deprecated-name`, `conflicting-names`, `insecure-default`, or for
    /// a PocketHive IO sub-block value `PH390` (unknown key), `PH320`
    /// (sub-block without its selector) or `duplicate-key`.
    pub code: &'static str,
    /// The variable the warning is about.
    pub env: String,
    /// The name to use instead, if any.
    pub replacement: Option<String>,
    /// Where the variable was set (`default` for an untouched default).
    pub source: Provenance,
    /// The whole warning in words; never a value.
    pub message: String,
}

impl Warning {
    /// A deprecated name is set (and used, unless `winner` is another value).
    pub(crate) fn deprecated(rename: &Rename, raw: &RawValue, winner: Option<&RawValue>) -> Self {
        let mut message = format!(
            "Environment variable '{}' is deprecated. Use '{}' instead.",
            rename.old, rename.new
        );
        // Written into the one message (`write!` to a `String` cannot fail).
        if let Some(w) = winner.filter(|w| *w != raw) {
            let _ = write!(
                message,
                " It is ignored here because '{}' from {} takes precedence.",
                w.name, w.provenance
            );
        }
        if let Some(note) = &rename.note {
            let _ = write!(message, " Note: {note}.");
        }
        if !rename.service_warns {
            message.push_str(" The service itself accepts it without a warning.");
        }
        Self {
            code: "deprecated-name",
            env: rename.old.clone(),
            replacement: Some(rename.new.clone()),
            source: raw.provenance.clone(),
            message,
        }
    }

    /// A field's new and deprecated names are both set, with different
    /// values. `env`/`replacement` are always the deprecated and the new
    /// name (whichever won); `source` is where the deprecated one was set.
    pub(crate) fn conflict(rename: &Rename, winner: &RawValue, loser: &RawValue) -> Self {
        let deprecated = if winner.name == rename.old {
            winner
        } else {
            loser
        };
        Self {
            code: "conflicting-names",
            env: rename.old.clone(),
            replacement: Some(rename.new.clone()),
            source: deprecated.provenance.clone(),
            message: format!(
                "'{}' ({}) and '{}' ({}) are both set with different values; '{}' from {} wins.",
                winner.name,
                winner.provenance,
                loser.name,
                loser.provenance,
                winner.name,
                winner.provenance
            ),
        }
    }
}

/// Longest part of a value echoed in a message or a table cell, in characters.
pub const SHOWN_MAX_CHARS: usize = 80;

/// A (non-secret) value as echoed in messages and human tables: URL
/// credentials masked ([`crate::secret::mask_url_credentials`]), control
/// characters, quotes and backslashes escaped (`\u{1b}`, `\n`), so a value
/// can never move the cursor or recolour a terminal, and cut after
/// [`SHOWN_MAX_CHARS`] characters with its full length, so a 1 MiB value
/// prints as one short line.
///
/// ```
/// use config_core::settings::report::shown_value;
/// assert_eq!(shown_value("a\u{1b}[31m"), "a\\u{1b}[31m");
/// assert_eq!(shown_value("http://u:pw@otel:4317"), "http://u:****@otel:4317");
/// let long = "9".repeat(1 << 20);
/// assert_eq!(shown_value(&long), format!("{}... (1048576 bytes)", "9".repeat(80)));
/// ```
pub fn shown_value(raw: &str) -> String {
    let raw = crate::secret::mask_url_credentials(raw);
    let head: String = raw.chars().take(SHOWN_MAX_CHARS).collect();
    let mut shown = head.escape_debug().to_string();
    if head.len() < raw.len() {
        shown.push_str(&format!("... ({} bytes)", raw.len()));
    }
    shown
}

/// The effective value of one field, ready to explain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectiveValue {
    /// The field name (for a PocketHive IO sub-block value, its dotted
    /// path under `pockethive.`: `inputs.scheduler.ratePerSec`).
    pub field: String,
    /// The variable it was read from (its new name when defaulted).
    pub env: String,
    /// Where the value came from.
    pub source: Provenance,
    /// The typed value; `"****"` for secrets; the raw text when invalid.
    pub value: serde_json::Value,
    /// Whether the field is a secret.
    pub secret: bool,
    /// Whether the value passed parsing and rules.
    pub valid: bool,
    /// Whether the value is still the field's insecure development default.
    pub at_insecure_default: bool,
    /// Whether the field is a secret with a non-empty default that a source
    /// set blank (`KTRDR_DB_PASSWORD=""`, a placeholder of an unset
    /// variable): the gate policy warns (error in production).
    #[serde(skip)]
    pub blank_secret: bool,
}

/// Every field of one domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainValues {
    /// The domain key.
    pub domain: &'static str,
    /// Fields in declaration order.
    pub fields: Vec<EffectiveValue>,
}

/// Everything one load produced.
#[derive(Debug, Clone)]
pub struct Report {
    /// The component that was loaded (`worker`, `pockethive-worker`).
    pub component: &'static str,
    /// Typed settings of every domain that loaded without errors.
    pub settings: Settings,
    /// Every effective value, per domain in report order.
    pub values: Vec<DomainValues>,
    /// Every error, in domain and field order.
    pub errors: Vec<SettingError>,
    /// Every warning, in domain and field order, except those a loader
    /// only counted past the per-file cap ([`Self::unbuilt_warnings`]).
    pub warnings: Vec<Warning>,
    /// Errors cut by [`Report::cap_per_file`] (summed up in its
    /// [`CUT_CODE`] entries): the full count is `errors` less those
    /// entries plus this.
    pub cut_errors: usize,
    /// Warnings a loader counted instead of building ([`CappedWarnings`]);
    /// [`Report::cap_per_file`] sums them up with the cut ones.
    pub unbuilt_warnings: Vec<UnbuiltWarnings>,
}

/// A run of warnings of one code from one source that a loader counted
/// instead of building: they sit in [`Report::warnings`] just before the
/// warning at `at` (or at its end).
#[derive(Debug, Clone, PartialEq)]
pub struct UnbuiltWarnings {
    /// Their place among the built warnings.
    pub at: usize,
    /// Their code.
    pub code: &'static str,
    /// How many there are.
    pub count: usize,
    /// The source of the first of them (each is in the same file).
    pub first: Provenance,
}

/// Warnings as a loader finds them, building at most `max` of one code
/// from one source file (the process environment, defaults and patches
/// count as one source, as in [`Report::cap_per_file`]) and counting the
/// rest. The cap keeps at most [`crate::finding_cap::MAX_PER_FILE`]
/// findings per file in report order, so with that `max` every warning
/// not built would have been cut: 90,000 unknown keys cost 200 messages,
/// and the summary (and the effect of [`Report::drop_warnings`]) is the
/// same as if all of them had been built.
#[derive(Debug)]
pub struct CappedWarnings {
    max: usize,
    built: Vec<Warning>,
    unbuilt: Vec<UnbuiltWarnings>,
    /// `(file, code, how many seen)`: few files and codes, so a list.
    seen: Vec<(Option<PathBuf>, &'static str, usize)>,
}

impl CappedWarnings {
    /// An empty list building at most `max` warnings per file and code.
    pub fn new(max: usize) -> Self {
        Self {
            max,
            built: Vec::new(),
            unbuilt: Vec::new(),
            seen: Vec::new(),
        }
    }

    /// Adds a warning of `code` from `source`: `build()` makes it unless
    /// `max` of that code from that file were added already.
    pub fn push_with(
        &mut self,
        code: &'static str,
        source: &Provenance,
        build: impl FnOnce() -> Warning,
    ) {
        let file = file_of(source);
        let position = self
            .seen
            .iter()
            .position(|(f, c, _)| f.as_deref() == file && *c == code);
        let seen = match position.and_then(|at| self.seen.get_mut(at)) {
            Some((.., seen)) => seen,
            None => {
                self.seen.push((file.map(Path::to_path_buf), code, 0));
                match self.seen.last_mut() {
                    Some((.., seen)) => seen,
                    None => return,
                }
            }
        };
        *seen += 1;
        if *seen <= self.max {
            self.built.push(build());
            return;
        }
        let at = self.built.len();
        match self.unbuilt.last_mut() {
            Some(run) if run.at == at && run.code == code && file_of(&run.first) == file => {
                run.count += 1;
            }
            _ => self.unbuilt.push(UnbuiltWarnings {
                at,
                code,
                count: 1,
                first: source.clone(),
            }),
        }
    }

    /// Adds a warning already built (counted like [`Self::push_with`]).
    pub fn push(&mut self, warning: Warning) {
        let (code, source) = (warning.code, warning.source.clone());
        self.push_with(code, &source, || warning);
    }
}

impl Report {
    /// An empty report for `component`.
    pub fn new(component: &'static str) -> Self {
        Self {
            component,
            settings: Settings::default(),
            values: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            cut_errors: 0,
            unbuilt_warnings: Vec::new(),
        }
    }

    /// Appends `warnings` (built and counted) to [`Self::warnings`].
    pub fn extend_warnings(&mut self, warnings: CappedWarnings) {
        let offset = self.warnings.len();
        self.warnings.extend(warnings.built);
        self.unbuilt_warnings
            .extend(warnings.unbuilt.into_iter().map(|run| UnbuiltWarnings {
                at: run.at + offset,
                ..run
            }));
    }

    /// Drops every warning of `code`, built or not (`validate
    /// --allow-unknown` drops the unknown keys).
    pub fn drop_warnings(&mut self, code: &str) {
        // New place of each run: the warnings kept before its old place.
        let mut runs = std::mem::take(&mut self.unbuilt_warnings)
            .into_iter()
            .filter(|run| run.code != code)
            .peekable();
        let mut kept_runs = Vec::new();
        let (mut index, mut kept) = (0, 0);
        self.warnings.retain(|w| {
            while let Some(run) = runs.next_if(|run| run.at <= index) {
                kept_runs.push(UnbuiltWarnings { at: kept, ..run });
            }
            index += 1;
            let keep = w.code != code;
            kept += usize::from(keep);
            keep
        });
        kept_runs.extend(runs.map(|run| UnbuiltWarnings { at: kept, ..run }));
        self.unbuilt_warnings = kept_runs;
    }

    /// Whether there is no error.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The effective value of `domain.field`, if that domain was loaded.
    pub fn value(&self, domain: &str, field: &str) -> Option<&EffectiveValue> {
        self.values
            .iter()
            .find(|d| d.domain == domain)?
            .fields
            .iter()
            .find(|f| f.field == field)
    }

    /// How many errors the load found, cut ones included.
    pub fn error_count(&self) -> usize {
        self.errors.iter().filter(|e| e.code != CUT_CODE).count() + self.cut_errors
    }

    /// Keeps at most `max` errors and warnings per source (each file, the
    /// process environment, the rest), errors first, in report order, and
    /// sums up the cut ones of each source in one entry (code
    /// [`CUT_CODE`], the same [`Tally`] as the scenario checker's): an
    /// error when any cut one was, so the verdict never changes. A
    /// 100,000-line `.env.local` gives 200 lines and a summary, not 9 MB.
    /// The [`Self::unbuilt_warnings`] are counted among the cut ones.
    pub fn cap_per_file(&mut self, max: usize) {
        let mut seen: HashMap<Option<PathBuf>, usize> = HashMap::new();
        // Sources in the order of their first cut finding, with its place.
        let mut cuts: Vec<(Option<PathBuf>, Tally, Provenance, &'static str)> = Vec::new();
        // Whether a finding of `source` is kept; `unbuilt` ones (`n` of
        // them) are always cut (with the loader's `max`, each comes after
        // `max` built ones of its file anyway).
        let mut keep = |source: &Provenance, severity: Severity, code, domain, unbuilt: usize| {
            let key = file_of(source).map(Path::to_path_buf);
            let count = seen.entry(key.clone()).or_default();
            *count += unbuilt.max(1);
            if unbuilt == 0 && *count <= max {
                return true;
            }
            let at = match cuts.iter().position(|(k, ..)| *k == key) {
                Some(at) => at,
                None => {
                    cuts.push((key, Tally::default(), source.clone(), domain));
                    cuts.len() - 1
                }
            };
            if let Some((_, tally, ..)) = cuts.get_mut(at) {
                for _ in 0..unbuilt.max(1) {
                    tally.add(severity, code);
                }
            }
            false
        };
        self.errors
            .retain(|e| keep(&e.source, Severity::Error, e.code, e.domain, 0));
        // A warnings-only cut is summed up as a warning: no domain needed.
        // Unbuilt warnings are counted at their place.
        let mut runs = std::mem::take(&mut self.unbuilt_warnings)
            .into_iter()
            .peekable();
        let mut index = 0;
        self.warnings.retain(|w| {
            while let Some(run) = runs.next_if(|run| run.at <= index) {
                keep(&run.first, Severity::Warning, run.code, "", run.count);
            }
            index += 1;
            keep(&w.source, Severity::Warning, w.code, "", 0)
        });
        for run in runs {
            keep(&run.first, Severity::Warning, run.code, "", run.count);
        }
        for (_, tally, source, domain) in cuts {
            let message = format!("{}; {CUT_FIX}", tally.message(max));
            self.cut_errors += tally.errors();
            match tally.severity() {
                Severity::Error => self.errors.push(SettingError {
                    code: CUT_CODE,
                    domain,
                    field: String::new(),
                    env: String::new(),
                    replacement: None,
                    source,
                    message,
                }),
                Severity::Warning => self.warnings.push(Warning {
                    code: CUT_CODE,
                    env: String::new(),
                    replacement: None,
                    source,
                    message,
                }),
            }
        }
    }
}

/// The file a finding's source is in; `None` for the process environment,
/// defaults and patches (one source together).
fn file_of(source: &Provenance) -> Option<&Path> {
    match source {
        Provenance::File { path, .. } | Provenance::FileAt { path, .. } => Some(path),
        Provenance::Default | Provenance::Env { .. } | Provenance::Patch { .. } => None,
    }
}

/// Where the reference of every variable, default and rule lives.
pub const DOCS: &str = "docs/SETTINGS.md";

/// Every problem that stops a service from starting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ConfigurationError {
    /// Stable code: `invalid-configuration` or `env-file-unreadable`.
    pub code: &'static str,
    /// One sentence: how many errors, for which component.
    pub message: String,
    /// Every error, in domain and field order.
    pub errors: Vec<SettingError>,
    /// How to fix it, with a pointer to the docs.
    pub suggestion: String,
    /// The warnings found on the way (deprecated names and the like).
    pub warnings: Vec<Warning>,
}

impl ConfigurationError {
    /// An error listing `errors` for `component`.
    pub fn new(
        component: impl std::fmt::Display,
        errors: Vec<SettingError>,
        warnings: Vec<Warning>,
    ) -> Self {
        Self {
            code: "invalid-configuration",
            message: headline(errors.len(), component),
            errors,
            suggestion: format!(
                "set valid values for the variables above (in the environment or .env.local); \
                 every variable, default and rule is listed in {DOCS}"
            ),
            warnings,
        }
    }
}

impl ConfigurationError {
    /// The error of a failed `report` (its errors, possibly capped by
    /// [`Report::cap_per_file`]), counting the cut errors too.
    pub fn of_report(report: &Report) -> Self {
        let mut error = Self::new(report.component, report.errors.clone(), Vec::new());
        error.message = headline(report.error_count(), report.component);
        error
    }
}

/// `N configuration error(s) for component 'C'`.
fn headline(count: usize, component: impl std::fmt::Display) -> String {
    format!(
        "{count} configuration error{} for component '{component}'",
        if count == 1 { "" } else { "s" }
    )
}

impl From<crate::source::env::SourceError> for ConfigurationError {
    fn from(error: crate::source::env::SourceError) -> Self {
        Self {
            code: "env-file-unreadable",
            message: error.to_string(),
            errors: Vec::new(),
            suggestion: format!("fix or remove the env file; see {DOCS}"),
            warnings: Vec::new(),
        }
    }
}

/// One `field: message` line of the human report, naming the variable read
/// and its source.
pub fn error_line(error: &SettingError) -> String {
    if error.field.is_empty() {
        format!("{}: {}", error.source, error.message)
    } else if error.replacement.is_some() {
        // The message already names the deprecated and the new name.
        format!(
            "{}.{}: {} ({})",
            error.domain, error.field, error.message, error.source
        )
    } else {
        format!(
            "{}.{}: {} ({} from {})",
            error.domain, error.field, error.message, error.env, error.source
        )
    }
}

/// The human report: a `CONFIGURATION ERROR` header, one `field: message`
/// line per error, the fix and the docs pointer.
impl std::fmt::Display for ConfigurationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "CONFIGURATION ERROR: {}", self.message)?;
        for error in &self.errors {
            writeln!(f, "  {}", error_line(error))?;
        }
        write!(f, "Fix: {}", self.suggestion)
    }
}
