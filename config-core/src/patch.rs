//! Runtime config layering of a PocketHive worker and control-plane
//! `config-update` patches (RULES.md, "Runtime config layering").
//!
//! Effective config = defaults < host overrides < patches, each leaf keeping
//! the [`Provenance`] of the layer that set it. A patch deep-merges: maps
//! merge key by key, scalars and lists (and `null`) replace.
//!
//! [`RuntimeConfig::apply_patch`] is all-or-nothing: it merges into a copy,
//! then collects every reason to refuse it at once:
//! - after [`RuntimeConfig::start`], every field whose value the patch would
//!   change and whose schema does not mark it `x-live-mutable: true` (the
//!   nearest marker on the field's path counts; a field with no marker, e.g.
//!   a key the schema does not name, is not live-mutable). Setting a field
//!   to the value it already has is not a change;
//! - every error-severity issue of the worker kind's schema
//!   ([`SchemaSet::check`]) on the whole merged result.
//!
//! A rejected patch changes nothing. The live-mutability markers are read
//! from the generated schema ([`SchemaSet::schema`]); there is no second
//! table of fields.
//!
//! ```
//! use config_core::patch::RuntimeConfig;
//! use config_core::provenance::Provenance;
//! use config_core::scenario::config_check::SchemaSet;
//! use serde_json::json;
//! let base = json!({"message": {"bodyType": "SIMPLE", "body": "hi"}, "inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5, "maxMessages": 0}}});
//! let mut rc = RuntimeConfig::new(SchemaSet::builtin(), "generator", json!({}), base, Provenance::file("base.yaml", 1)).unwrap();
//! rc.start();
//! rc.apply_patch(&json!({"inputs": {"scheduler": {"ratePerSec": 50}}})).unwrap();
//! assert_eq!(rc.effective()["inputs"]["scheduler"]["ratePerSec"], 50);
//! let err = rc.apply_patch(&json!({"inputs": {"type": "REDIS_DATASET"}})).unwrap_err();
//! assert!(err.to_string().contains("inputs.type"));
//! assert_eq!(rc.effective()["inputs"]["type"], "SCHEDULER");
//! ```

use crate::finding::Severity;
use crate::provenance::Provenance;
use crate::runtime::dotted;
use crate::scenario::config_check::SchemaSet;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

pub mod document;
pub(crate) mod live_guard;
pub(crate) mod worker;

/// The schema keyword marking a field as changeable after start.
pub const LIVE_MUTABLE: &str = "x-live-mutable";

/// One reason a patch (or a layering) is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// The patch is not a mapping.
    #[error("the patch must be a mapping, found {found}; fix: send a map of the fields to change")]
    NotAMapping {
        /// The JSON type found.
        found: &'static str,
    },
    /// No schema for the worker kind.
    #[error("no schema for worker kind '{kind}'; fix: use an image of a known worker kind")]
    UnknownKind {
        /// The kind.
        kind: String,
    },
    /// The patch changes a field that may not change after start.
    #[error(
        "{field}: not live-mutable, cannot change after start; \
         fix: drop it from the patch, or restart the worker with the new value"
    )]
    NotLiveMutable {
        /// The field as a dotted path (`inputs.type`).
        field: String,
        /// The RFC 6901 pointer of the field.
        pointer: String,
    },
    /// The patch sets a key no schema of the worker kind names: the worker
    /// ignores it. A warning ([`Applied::unknown`]); an error under
    /// `strict` ([`RuntimeConfig::apply_patch_checked`]).
    #[error("{field}: {message} [PH390]; fix: {fix}")]
    UnknownKey {
        /// The key as a dotted path.
        field: String,
        /// The RFC 6901 pointer.
        pointer: String,
        /// What is wrong (with a did-you-mean when a known key is close).
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// The merged config breaks a schema rule.
    #[error("{field}: {message} [{code}]; fix: {fix}")]
    Invalid {
        /// The field as a dotted path (`` = the whole config).
        field: String,
        /// The RFC 6901 pointer.
        pointer: String,
        /// The checker's stable code (PH3xx).
        code: &'static str,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
}

impl PatchError {
    /// The RFC 6901 pointer of the field the error is about, if any.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            PatchError::NotLiveMutable { pointer, .. }
            | PatchError::Invalid { pointer, .. }
            | PatchError::UnknownKey { pointer, .. } => Some(pointer),
            PatchError::NotAMapping { .. } | PatchError::UnknownKind { .. } => None,
        }
    }
}

/// What an applied patch did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applied {
    /// The pointers of the fields it changed.
    pub changed: Vec<String>,
    /// Keys of the patch no schema names ([`PatchError::UnknownKey`]):
    /// applied, but the worker ignores them.
    pub unknown: Vec<PatchError>,
}

/// Every reason a patch was refused; nothing was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchRejected {
    /// Every error, live-mutability first, then schema errors.
    pub errors: Vec<PatchError>,
}

impl fmt::Display for PatchRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "patch rejected ({} error{}), nothing applied:",
            self.errors.len(),
            if self.errors.len() == 1 { "" } else { "s" }
        )?;
        for error in &self.errors {
            write!(f, "\n  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PatchRejected {}

/// One layer of a worker config with the source of each leaf: the host
/// overrides (a worker host's file and environment) between the defaults
/// and the control-plane patches.
///
/// A leaf's source is the entry for its own pointer, else for its nearest
/// ancestor (`""` covers the whole layer), else [`Provenance::Default`].
/// `Debug` masks secret-named values ([`redacted`]). The default is an
/// empty mapping: a host that overrides nothing.
///
/// ```
/// use config_core::patch::HostLayer;
/// use config_core::provenance::Provenance;
/// use serde_json::json;
/// let layer = HostLayer::new(
///     json!({"outputs": {"redis": {"host": "r", "password": "pw"}}}),
///     [("/outputs/redis/host".to_string(), Provenance::env("POCKETHIVE_OUTPUTS_REDIS_HOST"))],
/// );
/// assert_eq!(layer.source_of("/outputs/redis/host").to_string(), "env:POCKETHIVE_OUTPUTS_REDIS_HOST");
/// assert_eq!(layer.source_of("/outputs/redis/password"), Provenance::Default);
/// assert!(!format!("{layer:?}").contains("pw"));
/// ```
#[derive(Clone, PartialEq)]
pub struct HostLayer {
    value: Value,
    sources: BTreeMap<String, Provenance>,
}

impl HostLayer {
    /// `value` with the sources of its leaves (or subtrees), by RFC 6901
    /// pointer.
    pub fn new(value: Value, sources: impl IntoIterator<Item = (String, Provenance)>) -> Self {
        Self {
            value,
            sources: sources.into_iter().collect(),
        }
    }

    /// `value` with one source for every leaf.
    pub fn uniform(value: Value, source: Provenance) -> Self {
        Self::new(value, [(String::new(), source)])
    }

    /// The layer's config (real values: mask with [`redacted`] to print).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The sources as given, by pointer.
    pub fn sources(&self) -> &BTreeMap<String, Provenance> {
        &self.sources
    }

    /// The source of the leaf at `pointer`: its own entry, else its nearest
    /// ancestor's, else [`Provenance::Default`].
    pub fn source_of(&self, pointer: &str) -> Provenance {
        let mut at = pointer;
        loop {
            if let Some(source) = self.sources.get(at) {
                return source.clone();
            }
            match at.rfind('/') {
                Some(i) => at = at.get(..i).unwrap_or(""),
                None => return Provenance::Default,
            }
        }
    }
}

impl Default for HostLayer {
    fn default() -> Self {
        Self::new(Value::Object(Map::new()), [])
    }
}

impl fmt::Debug for HostLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostLayer")
            .field("value", &redacted(&self.value))
            .field("sources", &self.sources)
            .finish()
    }
}

/// A worker's layered runtime config.
#[derive(Debug, Clone)]
pub struct RuntimeConfig<'s> {
    schemas: &'s SchemaSet,
    kind: String,
    effective: Value,
    /// Leaf pointer -> the layer that set it.
    sources: BTreeMap<String, Provenance>,
    started: bool,
    patches: usize,
    /// Notes of the last patch: reserved keys, manifest disagreements.
    notes: Vec<String>,
}

impl<'s> RuntimeConfig<'s> {
    /// Layers `host` over `defaults` for `kind` and validates the result;
    /// every leaf of `host` has the one source `host_source`.
    ///
    /// # Errors
    /// Every schema error of the layered config, or an unknown kind.
    pub fn new(
        schemas: &'s SchemaSet,
        kind: &str,
        defaults: Value,
        host: Value,
        host_source: Provenance,
    ) -> Result<Self, PatchRejected> {
        Self::with_host(
            schemas,
            kind,
            defaults,
            HostLayer::uniform(host, host_source),
        )
    }

    /// Layers `host` over `defaults` for `kind` and validates the result;
    /// each leaf of `host` keeps its own source (see
    /// [`crate::settings::pockethive::PocketHiveSettings::host_layer`]).
    ///
    /// # Errors
    /// Every schema error of the layered config, or an unknown kind.
    pub fn with_host(
        schemas: &'s SchemaSet,
        kind: &str,
        defaults: Value,
        host: HostLayer,
    ) -> Result<Self, PatchRejected> {
        let mut rc = Self {
            schemas,
            kind: kind.to_string(),
            effective: Value::Object(Map::new()),
            sources: BTreeMap::new(),
            started: false,
            patches: 0,
            notes: Vec::new(),
        };
        let defaults = HostLayer::uniform(defaults, Provenance::Default);
        let mut errors = Vec::new();
        for layer in [defaults, host] {
            if !layer.value.is_object() {
                errors.push(PatchError::NotAMapping {
                    found: type_name(&layer.value),
                });
                continue;
            }
            rc.effective = deep_merge(&rc.effective, &layer.value);
            record(&mut rc.sources, "", &layer.value, &|at| layer.source_of(at));
        }
        errors.extend(rc.schema_errors(&rc.effective));
        if errors.is_empty() {
            Ok(rc)
        } else {
            Err(PatchRejected { errors })
        }
    }

    /// Marks the worker started: from now on only live-mutable fields change.
    pub fn start(&mut self) {
        self.started = true;
    }

    /// Whether [`Self::start`] was called.
    pub fn is_started(&self) -> bool {
        self.started
    }

    /// The effective config.
    pub fn effective(&self) -> &Value {
        &self.effective
    }

    /// Which layer set the leaf at `pointer` (`/inputs/type`).
    pub fn source(&self, pointer: &str) -> Option<&Provenance> {
        self.sources.get(pointer)
    }

    /// Every leaf pointer with its source, in pointer order.
    pub fn sources(&self) -> &BTreeMap<String, Provenance> {
        &self.sources
    }

    /// Deep-merges `patch`, or changes nothing and returns every reason not
    /// to. Returns the pointers of the fields it changed.
    ///
    /// # Errors
    /// [`PatchRejected`] with every live-mutability and schema error.
    pub fn apply_patch(&mut self, patch: &Value) -> Result<Vec<String>, PatchRejected> {
        self.apply_patch_checked(patch, false)
            .map(|applied| applied.changed)
    }

    /// [`Self::apply_patch`], also reporting the keys of `patch` that no
    /// schema names: warnings in [`Applied::unknown`], or (when `strict`)
    /// reasons to refuse the patch.
    ///
    /// ```
    /// use config_core::patch::{PatchError, RuntimeConfig};
    /// use config_core::provenance::Provenance;
    /// use config_core::scenario::config_check::SchemaSet;
    /// use serde_json::json;
    /// let base = json!({"message": {"bodyType": "SIMPLE", "body": "hi"},
    ///                   "inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5, "maxMessages": 0}}});
    /// let mut rc = RuntimeConfig::new(SchemaSet::builtin(), "generator", json!({}), base, Provenance::Default).unwrap();
    /// let applied = rc.apply_patch_checked(&json!({"mesage": {"body": "x"}}), false).unwrap();
    /// assert!(matches!(&applied.unknown[0], PatchError::UnknownKey { pointer, .. } if pointer == "/mesage"));
    /// assert!(rc.apply_patch_checked(&json!({"mesage": 1}), true).is_err());
    /// ```
    ///
    /// # Errors
    /// [`PatchRejected`] with every live-mutability and schema error (and
    /// unknown key, when `strict`).
    pub fn apply_patch_checked(
        &mut self,
        patch: &Value,
        strict: bool,
    ) -> Result<Applied, PatchRejected> {
        if !patch.is_object() {
            return Err(PatchRejected {
                errors: vec![PatchError::NotAMapping {
                    found: type_name(patch),
                }],
            });
        }
        // The worker's own reading of every config-update (WCPR:392-412, one
        // implementation with `plan`: runtime/worker.rs): reserved keys, null
        // top-level values, key canonicalisation, `privateConfig` split out.
        // The guard, the merge and the unknown-key check then see canonical
        // keys, as the worker's do (WCPR:418-430).
        let mut issues = Vec::new();
        let received = crate::runtime::worker::receive(patch, &self.kind, &mut issues);
        self.notes = Vec::new();
        let mut refusals = Vec::new();
        for issue in &issues {
            let pointer = issue
                .pointer
                .strip_prefix("/config")
                .unwrap_or(&issue.pointer);
            let detail = format!("{} [{}]", issue.detail(), issue.finding.code);
            if issue.finding.severity == Severity::Error {
                refusals.push(PatchError::Invalid {
                    field: dotted(pointer),
                    pointer: pointer.to_string(),
                    code: issue.finding.code,
                    message: issue.detail().to_string(),
                    fix: issue.finding.fix.clone(),
                });
            } else {
                self.notes.push(detail);
            }
        }
        if !refusals.is_empty() {
            return Err(PatchRejected { errors: refusals });
        }
        if received.private.is_some() {
            self.notes.push(
                "`privateConfig` is kept apart from the public config: the worker takes it only \
                 while it holds none, and never merges or reports it (WCPR:411-412, 440-444)"
                    .into(),
            );
        }
        let patch = &received.config;
        let mut changed = Vec::new();
        changed_fields(&self.effective, patch, "", &mut changed);
        let mut errors = self.guard_errors(patch, &changed);
        let merged = deep_merge(&self.effective, patch);
        let unknown = self.unknown_keys(&merged, patch);
        // A field the guard already refused is not reported twice.
        let guarded: Vec<String> = errors
            .iter()
            .filter_map(|e| e.pointer().map(str::to_string))
            .collect();
        errors.extend(self.schema_errors(&merged).into_iter().filter(|e| {
            !binds_leniently(e, &merged)
                && !e.pointer().is_some_and(|p| guarded.iter().any(|g| g == p))
        }));
        // Each reason about a field the patch sets points at the key as
        // written in the patch file (before selection and canonicalisation).
        let written = |e: PatchError| written_in_patch(e, &received);
        let mut errors: Vec<PatchError> = errors.into_iter().map(written).collect();
        let unknown: Vec<PatchError> = unknown.into_iter().map(written).collect();
        let unknown = if strict {
            errors.extend(unknown);
            Vec::new()
        } else {
            unknown
        };
        if !errors.is_empty() {
            return Err(PatchRejected { errors });
        }
        self.patches += 1;
        let source = Provenance::Patch {
            index: self.patches,
        };
        record(&mut self.sources, "", patch, &|_| source.clone());
        self.effective = merged;
        Ok(Applied { changed, unknown })
    }

    /// The unknown-key warnings of the kind's schema on `merged` about keys
    /// that `patch` sets (the base's own are not the patch's doing).
    fn unknown_keys(&self, merged: &Value, patch: &Value) -> Vec<PatchError> {
        let Some(issues) = self.schemas.check(&self.kind, merged) else {
            return Vec::new();
        };
        issues
            .into_iter()
            .filter(|i| i.finding.code == crate::scenario::config_check::UNKNOWN_KEY)
            .filter(|i| patch.pointer(&i.pointer).is_some())
            .map(|i| PatchError::UnknownKey {
                field: dotted(&i.pointer),
                pointer: i.pointer,
                message: i.finding.message,
                fix: i.finding.fix,
            })
            .collect()
    }

    /// What the last [`Self::apply_patch`] noted (reserved keys the worker
    /// applied; fields where a manifest's `liveMutable` and the worker disagree).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The worker's live-update guard (the worker decides, not the
    /// manifests); disagreements with `x-live-mutable` become notes.
    fn guard_errors(&mut self, patch: &Value, changed: &[String]) -> Vec<PatchError> {
        let empty = Value::Object(Map::new());
        let previous = if self.started {
            &self.effective
        } else {
            &empty
        };
        let mut errors = Vec::new();
        for e in live_guard::validate_all(&self.effective, previous, patch, true) {
            errors.push(match e {
                live_guard::GuardError::Unsafe { field } => PatchError::NotLiveMutable {
                    pointer: format!("/{}", field.replace('.', "/")),
                    field,
                },
                live_guard::GuardError::Invalid { field, reason }
                | live_guard::GuardError::DisabledOnly { field, reason } => PatchError::Invalid {
                    pointer: format!("/{}", field.replace('.', "/")),
                    field,
                    code: live_guard::GUARD_CODE,
                    message: format!("the worker's live-update guard refuses it: {reason}"),
                    fix: "send a value the worker accepts (LiveIoConfigUpdateGuard)".into(),
                },
            });
        }
        if self.started {
            let schema = self.schemas.schema(&self.kind);
            let dotted_changed: Vec<String> = changed.iter().map(|p| dotted(p)).collect();
            let manifest = |field: &str| {
                schema.and_then(|s| live_mutable(s, &format!("/{}", field.replace('.', "/"))))
            };
            for (field, says) in
                live_guard::manifest_disagreements(&dotted_changed, &manifest, &|field: &str| {
                    live_guard::worker_allows(&self.effective, field)
                })
            {
                self.notes.push(format!(
                    "{field}: the manifest marks it {}live-mutable, but the worker {} the change                      at runtime; the worker decides [{}]",
                    if says { "" } else { "not " },
                    if says { "refuses" } else { "accepts" },
                    live_guard::DISAGREE_CODE
                ));
            }
        }
        errors
    }

    fn schema_errors(&self, config: &Value) -> Vec<PatchError> {
        match self.schemas.check(&self.kind, config) {
            None => vec![PatchError::UnknownKind {
                kind: self.kind.clone(),
            }],
            Some(issues) => issues
                .into_iter()
                .filter(|i| i.finding.severity == Severity::Error)
                .map(|i| PatchError::Invalid {
                    field: dotted(&i.pointer),
                    pointer: i.pointer,
                    code: i.finding.code,
                    message: i.finding.message,
                    fix: i.finding.fix,
                })
                .collect(),
        }
    }
}

/// `base` with `patch` deep-merged: maps key by key; scalars, lists and
/// `null` replace.
///
/// ```
/// use config_core::patch::deep_merge;
/// use serde_json::json;
/// let merged = deep_merge(&json!({"a": {"x": 1, "y": [1, 2]}, "b": 1}), &json!({"a": {"y": [3]}}));
/// assert_eq!(merged, json!({"a": {"x": 1, "y": [3]}, "b": 1}));
/// ```
pub fn deep_merge(base: &Value, patch: &Value) -> Value {
    let mut merged = base.clone();
    crate::runtime::deep_merge(&mut merged, patch);
    merged
}

/// The pointers of the fields `patch` would change in `base`: a map merged
/// into a map (or into nothing) is followed key by key; anything else is a
/// replacement at its own pointer, counted when the value differs.
fn changed_fields(base: &Value, patch: &Value, at: &str, out: &mut Vec<String>) {
    match (base, patch) {
        (Value::Object(_) | Value::Null, Value::Object(map)) => {
            for (key, value) in map {
                let pointer = format!("{at}/{}", crate::source::yaml::escape_segment(key));
                let existing = base.get(key).unwrap_or(&Value::Null);
                if value.is_object() && (existing.is_object() || !has(base, key)) {
                    changed_fields(existing, value, &pointer, out);
                } else if !has(base, key) || existing != value {
                    out.push(pointer);
                }
            }
        }
        _ if base != patch => out.push(at.to_string()),
        _ => {}
    }
}

/// `error` with its pointer moved to where the patch file writes the field
/// (`/data/max-retries` for the canonical `/maxRetries`), when the patch
/// sets it; an unknown key also names its written spelling.
fn written_in_patch(error: PatchError, received: &crate::runtime::worker::Received) -> PatchError {
    let Some(canonical) = error.pointer().map(str::to_string) else {
        return error;
    };
    if received.config.pointer(&canonical).is_none() {
        return error;
    }
    let at = received.written_pointer(&canonical);
    if at == canonical {
        return error;
    }
    match error {
        PatchError::UnknownKey {
            field,
            message,
            fix,
            ..
        } => PatchError::UnknownKey {
            fix: fix.replace(
                &format!("`{}`", last_segment(&canonical)),
                &format!("`{}`", last_segment(&at)),
            ),
            message: format!(
                "{message} (written `{}`; the worker reads it as `{field}`)",
                dotted(&at)
            ),
            field,
            pointer: at,
        },
        PatchError::NotLiveMutable { field, .. } => {
            PatchError::NotLiveMutable { field, pointer: at }
        }
        PatchError::Invalid {
            field,
            code,
            message,
            fix,
            ..
        } => PatchError::Invalid {
            field,
            pointer: at,
            code,
            message,
            fix,
        },
        other => other,
    }
}

/// The last key of an RFC 6901 pointer, unescaped.
fn last_segment(pointer: &str) -> String {
    crate::source::yaml::pointer_segments(pointer)
        .pop()
        .unwrap_or_default()
}

/// A type error on a value the worker's Jackson binding coerces (`"5"`
/// to a number, `"true"` to a boolean) is not a failure at runtime.
fn binds_leniently(error: &PatchError, merged: &Value) -> bool {
    match error {
        PatchError::Invalid { code, pointer, .. } if *code == "PH304" => merged
            .pointer(pointer)
            .is_some_and(|v| ["number", "boolean"].iter().any(|t| worker::coerces(v, t))),
        _ => false,
    }
}

fn has(value: &Value, key: &str) -> bool {
    value.get(key).is_some()
}

/// The live-mutability marker governing `pointer` in a kind schema: the
/// nearest `x-live-mutable` on the path from the field up to the root.
/// `None` when no marker applies (the field is not live-mutable).
///
/// ```
/// use config_core::patch::live_mutable;
/// use serde_json::json;
/// let schema = json!({"properties": {
///     "a": {"x-live-mutable": true, "properties": {"b": {}}},
///     "h": {"x-live-mutable": true, "type": "object"},
/// }});
/// assert_eq!(live_mutable(&schema, "/a/b"), Some(true));
/// assert_eq!(live_mutable(&schema, "/h/any-key"), Some(true));
/// assert_eq!(live_mutable(&schema, "/a/unknown"), None);
/// assert_eq!(live_mutable(&schema, "/c"), None);
/// ```
pub fn live_mutable(schema: &Value, pointer: &str) -> Option<bool> {
    let mut node = schema;
    let mut marker = schema.get(LIVE_MUTABLE).and_then(Value::as_bool);
    for segment in crate::source::yaml::pointer_segments(pointer) {
        match child_schema(node, &segment) {
            Child::Field(next) => {
                node = next;
                if let Some(m) = node.get(LIVE_MUTABLE).and_then(Value::as_bool) {
                    marker = Some(m);
                }
            }
            // Inside a free-form value (a `json` field such as headers):
            // the field's own marker governs everything in it.
            Child::FreeForm => break,
            // A key the schema does not name has no marker of its own.
            Child::Unknown => return None,
        }
    }
    marker
}

enum Child<'a> {
    Field(&'a Value),
    FreeForm,
    Unknown,
}

/// The subschema of property `key` (or of list items for an index).
fn child_schema<'a>(schema: &'a Value, key: &str) -> Child<'a> {
    if let Some(properties) = schema.get("properties") {
        return properties.get(key).map_or(Child::Unknown, Child::Field);
    }
    if key.parse::<usize>().is_ok() {
        if let Some(items) = schema.get("items") {
            return Child::Field(items);
        }
    }
    Child::FreeForm
}

/// Records the source of every leaf of `layer` under `at` (`source_of`
/// gets the leaf's pointer), dropping what the layer replaced.
fn record(
    sources: &mut BTreeMap<String, Provenance>,
    at: &str,
    layer: &Value,
    source_of: &dyn Fn(&str) -> Provenance,
) {
    match layer {
        Value::Object(map) if !map.is_empty() => {
            // A map replacing a non-map leaf removes that leaf.
            sources.remove(at);
            for (key, value) in map {
                record(
                    sources,
                    &format!("{at}/{}", crate::source::yaml::escape_segment(key)),
                    value,
                    source_of,
                );
            }
        }
        _ => {
            remove_below(sources, at);
            sources.insert(at.to_string(), source_of(at));
        }
    }
}

/// Removes the sources of every pointer below `at` (`{at}/...`). They sort
/// together, between `{at}/` and `{at}0` (`0` follows `/`), so this is a
/// range, not a scan of every source: recording a patch of many keys stays
/// linear.
fn remove_below(sources: &mut BTreeMap<String, Provenance>, at: &str) {
    let from = format!("{at}/");
    let to = format!("{at}0");
    let below: Vec<String> = sources
        .range::<str, _>((
            std::ops::Bound::Included(from.as_str()),
            std::ops::Bound::Excluded(to.as_str()),
        ))
        .map(|(k, _)| k.clone())
        .collect();
    for key in below {
        sources.remove(&key);
    }
}

/// A copy of `config` safe to print: the value of every secret-named key
/// ([`crate::secret::is_secret_name`]) is replaced by `****`.
///
/// ```
/// use config_core::patch::redacted;
/// use serde_json::json;
/// let shown = redacted(&json!({"outputs": {"redis": {"password": "hunter2", "host": "r"}}}));
/// assert_eq!(shown, json!({"outputs": {"redis": {"password": "****", "host": "r"}}}));
/// ```
pub fn redacted(config: &Value) -> Value {
    let mut shown = config.clone();
    crate::secret::mask_secret_fields(&mut shown);
    shown
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests;
