//! Checks one bee's `config` block against its worker kind's schema.
//!
//! Pure JSON level, no spans: every [`ConfigIssue`] carries an RFC 6901
//! pointer relative to the `config` block; the scenario checker maps it to a
//! line and column. Codes are PH3xx (documented in docs/FINDINGS.md).
//!
//! What is checked, in order:
//! 1. the block is a mapping (PH370) and has no legacy wrapper (PH380);
//! 2. the IO selector rule (PH320, PH321);
//! 3. the kind's JSON Schema through the `jsonschema` crate, each error
//!    mapped to a precise code (PH301–PH306, PH330, PH340, PH341, PH399);
//! 4. rules JSON Schema cannot say: unique Redis source lists (PH331),
//!    route regexes compile (PH342), bounds of numeric strings (PH306),
//!    template syntax (PH360);
//! 5. keys no schema names (PH390, a warning, with "did you mean").
//!
//! Validators are compiled once ([`SchemaSet::builtin`]); a check walks the
//! config a few times and allocates only for the issues it reports.

use crate::finding::{Aim, Finding, Pointed, Severity};
use crate::scenario::kinds::io::{INPUT_TYPES, OUTPUT_TYPES};
use crate::scenario::kinds::value::is_template;
use crate::scenario::platform_keys;
use crate::source::yaml::{escape_segment, unescape_segment};
use crate::template::scope::{check_tree, pointer, Scope};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Missing required field.
pub const MISSING: &str = "PH301";
/// Field required by a `when` condition (or a selected IO type) is missing.
pub const MISSING_WHEN: &str = "PH302";
/// Required value is null or blank.
pub const BLANK: &str = "PH303";
/// Value has the wrong type.
pub const WRONG_TYPE: &str = "PH304";
/// Value is not one of the options.
pub const NOT_AN_OPTION: &str = "PH305";
/// Value is out of range.
pub const OUT_OF_RANGE: &str = "PH306";
/// IO sub-block present but its selector is not declared.
pub const IO_SELECTOR_MISSING: &str = "PH320";
/// IO sub-block disagrees with the declared selector.
pub const IO_SELECTOR_MISMATCH: &str = "PH321";
/// Redis dataset: not exactly one of `listName` / `sources`.
pub const REDIS_DATASET_SOURCE: &str = "PH330";
/// Redis dataset: duplicate source list.
pub const REDIS_DATASET_DUPLICATE: &str = "PH331";
/// Redis output: no target (`routes`, `targetListTemplate`, `defaultList`).
pub const REDIS_OUTPUT_TARGET: &str = "PH340";
/// Redis output: incomplete route.
pub const REDIS_ROUTE: &str = "PH341";
/// Redis output: a route regex does not compile.
pub const REDIS_ROUTE_REGEX: &str = "PH342";
/// Invalid template syntax.
pub const TEMPLATE_SYNTAX: &str = "PH360";
/// The config block is not a mapping.
pub const NOT_A_MAPPING: &str = "PH370";
/// Legacy config wrapper.
pub const LEGACY_WRAPPER: &str = "PH380";
/// Key no schema names (warning).
pub const UNKNOWN_KEY: &str = "PH390";
/// Other schema violation (user-supplied schemas).
pub const SCHEMA_VIOLATION: &str = "PH399";

/// Where a [`ConfigIssue`] is shown: the `aim` of a config issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigAim {
    /// [`Aim::Key`]: at the key (unknown/legacy key, misplaced sub-block);
    /// [`Aim::Value`]: at the value (or at the parent when missing);
    /// [`Aim::Inside`]: at a byte offset inside the (string) value, e.g. the
    /// offending token of a template, which the scenario checker maps to the
    /// exact file position.
    pub at: Aim,
    /// For a missing IO selector (PH320): the pointer of the sub-block that
    /// needs it (the issue itself sits at the selector, as on the platform).
    pub related: Option<String>,
}

/// One problem in a bee's `config` block ([`Pointed`]): its pointer is
/// relative to the bee's `config` ("" = the block); its finding holds the
/// code (PH3xx), severity, message (naming the field) and fix.
pub type ConfigIssue = Pointed<ConfigAim>;

impl Pointed<ConfigAim> {
    /// An error at the value at `pointer`.
    pub(crate) fn error(
        pointer: impl Into<String>,
        code: &'static str,
        message: String,
        fix: String,
    ) -> Self {
        Self::at_value(pointer, Finding::error(code, message).with_fix(fix))
    }

    /// A warning at the value at `pointer`.
    pub(crate) fn warning(
        pointer: impl Into<String>,
        code: &'static str,
        message: String,
        fix: String,
    ) -> Self {
        Self::at_value(pointer, Finding::warning(code, message).with_fix(fix))
    }

    /// `finding` at the value at `pointer`.
    pub(crate) fn at_value(pointer: impl Into<String>, finding: Finding) -> Self {
        let aim = ConfigAim {
            at: Aim::Value,
            related: None,
        };
        Self::new(pointer, aim, finding)
    }

    /// The same issue, shown at the key.
    pub(crate) fn at_key(mut self) -> Self {
        self.aim.at = Aim::Key;
        self
    }

    /// The same issue, shown at byte `offset` inside the value.
    fn inside(mut self, offset: usize) -> Self {
        self.aim.at = Aim::Inside(offset);
        self
    }

    /// The same issue, about the sub-block at `pointer` as well.
    fn with_related(mut self, pointer: String) -> Self {
        self.aim.related = Some(pointer);
        self
    }
}

/// A config issue serializes flat, as it did before it was a [`Pointed`]
/// (the issue-list snapshots and any user's JSON keep their shape).
impl serde::Serialize for Pointed<ConfigAim> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Finding {
            code,
            severity,
            message,
            fix,
            ..
        } = &self.finding;
        Flat {
            pointer: &self.pointer,
            at_key: self.aim.at == Aim::Key,
            code,
            severity: *severity,
            message,
            fix,
            related: self.aim.related.as_deref(),
            value_offset: self.aim.at.offset(),
        }
        .serialize(s)
    }
}

/// The serialized shape of a [`ConfigIssue`].
#[derive(serde::Serialize)]
struct Flat<'a> {
    pointer: &'a str,
    at_key: bool,
    code: &'a str,
    severity: Severity,
    message: &'a str,
    fix: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    related: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_offset: Option<usize>,
}

/// An error loading a schema directory.
#[derive(Debug, thiserror::Error)]
pub enum SchemaDirError {
    /// The directory or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not JSON.
    #[error(
        "{path} is not valid JSON: {source}; fix the file or remove it from the schema directory"
    )]
    Json {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// A file is JSON but not a usable JSON Schema.
    #[error("{path} is not a valid JSON Schema: {message}")]
    Schema {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

struct CompiledKind {
    schema: Value,
    validator: Validator,
    /// The keys the schema names, precomputed for the unknown-key walk.
    keys: KeyTree,
}

impl CompiledKind {
    fn new(schema: Value, validator: Validator) -> Self {
        let keys = KeyTree::build(&[&schema]);
        Self {
            schema,
            validator,
            keys,
        }
    }
}

/// A kind's schema: built-in ones are generated and compiled on first use
/// (a single-file check pays only for the kinds it meets, which keeps the
/// pre-commit case fast); user-supplied ones are compiled when loaded, so a
/// broken schema file is reported up front.
enum KindSlot {
    Builtin(
        &'static crate::scenario::kinds::Kind,
        OnceLock<Option<CompiledKind>>,
    ),
    User(CompiledKind),
}

impl KindSlot {
    fn compiled(&self) -> Option<&CompiledKind> {
        match self {
            KindSlot::Builtin(kind, cell) => cell
                .get_or_init(|| {
                    let schema = crate::schema::kind_schema(kind.name)?;
                    // Our own schemas always compile (tested); skip rather than panic.
                    let validator = compile(&schema).ok()?;
                    Some(CompiledKind::new(schema, validator))
                })
                .as_ref(),
            KindSlot::User(compiled) => Some(compiled),
        }
    }
}

/// Compiles a schema, sharing compiled regexes between every kind: the
/// template and option patterns repeat across fields and kinds, and compiling
/// them dominates schema compilation.
fn compile(schema: &Value) -> Result<Validator, jsonschema::ValidationError<'static>> {
    static PATTERNS: OnceLock<jsonschema::PatternCache> = OnceLock::new();
    let cache = PATTERNS.get_or_init(jsonschema::PatternCache::new).clone();
    jsonschema::options()
        .with_pattern_cache(cache)
        .build(schema)
}

/// The config schemas by kind: the built-in ones plus user overrides.
pub struct SchemaSet {
    kinds: BTreeMap<String, Arc<KindSlot>>,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("kinds", &self.kinds())
            .finish()
    }
}

impl SchemaSet {
    /// The built-in kinds; each is generated and compiled once per process,
    /// on first use.
    pub fn builtin() -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| {
            let kinds = crate::scenario::kinds::KINDS
                .iter()
                .map(|kind| {
                    let slot = KindSlot::Builtin(kind, OnceLock::new());
                    (kind.name.to_string(), Arc::new(slot))
                })
                .collect();
            SchemaSet { kinds }
        })
    }

    /// The built-in kinds plus every `<kind>.schema.json` in `dir`, which
    /// adds a kind or overrides a built-in one.
    pub fn with_dir(dir: &Path) -> Result<SchemaSet, SchemaDirError> {
        let mut kinds = Self::builtin().kinds.clone();
        let read_err = |path: &Path, source| SchemaDirError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut paths = Vec::new();
        for entry in fs::read_dir(dir).map_err(|e| read_err(dir, e))? {
            let path = entry.map_err(|e| read_err(dir, e))?.path();
            if path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(kind) = name.strip_suffix(".schema.json") else {
                continue;
            };
            let text = fs::read_to_string(&path).map_err(|e| read_err(&path, e))?;
            let schema: Value =
                serde_json::from_str(&text).map_err(|source| SchemaDirError::Json {
                    path: path.clone(),
                    source,
                })?;
            let validator = compile(&schema).map_err(|e| SchemaDirError::Schema {
                path: path.clone(),
                message: e.to_string(),
            })?;
            kinds.insert(
                kind.to_ascii_lowercase(),
                Arc::new(KindSlot::User(CompiledKind::new(schema, validator))),
            );
        }
        Ok(SchemaSet { kinds })
    }

    /// Compiles the schemas of `kinds` now, in parallel, so a file meeting
    /// several kinds for the first time pays for one compile, not the sum.
    pub fn prepare<'a>(&self, kinds: impl IntoIterator<Item = &'a str>) {
        use rayon::prelude::*;
        let slots: Vec<&KindSlot> = kinds
            .into_iter()
            .filter_map(|kind| self.kinds.get(kind).map(|slot| &**slot))
            .collect();
        slots.par_iter().for_each(|slot| {
            slot.compiled();
        });
    }

    /// True when a schema exists for `kind`.
    pub fn has_kind(&self, kind: &str) -> bool {
        self.kinds.contains_key(kind)
    }

    /// Every kind with a schema, sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.kinds.keys().cloned().collect()
    }

    /// The JSON Schema of `kind`, if any.
    pub fn schema(&self, kind: &str) -> Option<&Value> {
        self.kinds
            .get(kind)
            .and_then(|slot| slot.compiled())
            .map(|k| &k.schema)
    }

    /// Checks one bee's `config` block. `None` when no schema exists for
    /// `kind`. A `null` block is checked as an empty mapping.
    ///
    /// ```
    /// use config_core::scenario::config_check::SchemaSet;
    /// let config = serde_json::json!({ "forwardToOutput": "yes" });
    /// let issues = SchemaSet::builtin().check("postprocessor", &config).unwrap();
    /// assert!(issues.iter().any(|i| i.finding.code == "PH304" && i.pointer == "/forwardToOutput"));
    /// assert!(SchemaSet::builtin().check("no-such-kind", &config).is_none());
    /// ```
    pub fn check(&self, kind: &str, config: &Value) -> Option<Vec<ConfigIssue>> {
        self.check_in(kind, Scope::ConfigAlone, config)
    }

    /// [`SchemaSet::check`] of the config of a bee with image `image`: the
    /// template check leaves out what the platform leaves out for that
    /// image (a trigger's `body`, [`crate::template::scope`]).
    pub fn check_bee(&self, kind: &str, image: &str, config: &Value) -> Option<Vec<ConfigIssue>> {
        self.check_in(kind, Scope::Config { image }, config)
    }

    fn check_in(&self, kind: &str, scope: Scope<'_>, config: &Value) -> Option<Vec<ConfigIssue>> {
        let compiled = self.kinds.get(kind)?.compiled()?;
        let empty = Value::Object(Map::new());
        let config = if config.is_null() { &empty } else { config };
        let mut issues = Vec::new();
        let Some(obj) = config.as_object() else {
            issues.push(ConfigIssue::error(
                "",
                NOT_A_MAPPING,
                format!(
                    "the config of a {kind} bee must be a mapping, found {}",
                    json_type(config)
                ),
                "write the worker settings as `key: value` lines under `config:`".into(),
            ));
            return Some(issues);
        };
        let legacy = legacy_wrappers(obj, &mut issues);
        let selector_missing = io_selector_rule(obj, &mut issues);
        // Most configs are valid: the boolean check is much cheaper than
        // collecting errors, which only runs when there is one to report.
        if !compiled.validator.is_valid(config) {
            for err in compiled.validator.iter_errors(config) {
                map_error(
                    &compiled.schema,
                    config,
                    &err,
                    !legacy.is_empty(),
                    &mut issues,
                );
            }
        }
        redis_rules(obj, &mut issues);
        crate::scenario::platform_keys::check(obj, &mut issues);
        if has_numeric_string(config) {
            numeric_string_bounds(&[&compiled.schema], config, &mut String::new(), &mut issues);
        }
        check_templates(config, scope, &mut issues);
        compiled
            .keys
            .unknown_keys(config, &mut String::new(), &legacy, &mut issues);
        // IO1 covers the selector's own `required` finding (SBV:1072-1074).
        issues.retain(|i| {
            let covered = selector_missing
                .iter()
                .any(|block| i.pointer == format!("/{block}/type"));
            !(covered && matches!(i.finding.code, MISSING | MISSING_WHEN | BLANK))
        });
        // Borrowed keys: 90,000 unknown keys would hold a second copy of
        // every pointer and message at the check's peak.
        let first: Vec<bool> = {
            let mut seen = HashSet::new();
            issues
                .iter()
                .map(|i| {
                    seen.insert((
                        i.pointer.as_str(),
                        i.finding.code,
                        i.finding.message.as_str(),
                    ))
                })
                .collect()
        };
        let mut first = first.into_iter();
        issues.retain(|_| first.next().unwrap_or(true));
        Some(issues)
    }
}

// ---------------------------------------------------------------- helpers

/// `/inputs/redis/sources/0/listName` -> `inputs.redis.sources[0].listName`.
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = unescape_segment(seg);
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    if out.is_empty() {
        "config".into()
    } else {
        out
    }
}

fn last_segment(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or(pointer)
}

fn parent_pointer(pointer: &str) -> &str {
    pointer
        .rfind('/')
        .map_or("", |i| pointer.get(..i).unwrap_or(""))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// The value as shown in a message; never shows a secret-looking field.
fn shown(value: &Value, pointer: &str) -> String {
    if crate::secret::is_secret_name(last_segment(pointer)) {
        return "a value (hidden)".into();
    }
    match value {
        Value::String(s) => {
            let s = crate::secret::mask_url_credentials(s);
            let short: String = s.chars().take(60).collect();
            let ellipsis = if s.chars().count() > 60 { "…" } else { "" };
            format!("{short:?}{ellipsis}")
        }
        Value::Array(_) | Value::Object(_) => json_type(value).into(),
        other => other.to_string(),
    }
}

fn expected_type(node: &Value) -> String {
    let x = node
        .get("x-type")
        .and_then(Value::as_str)
        .unwrap_or_else(|| match node.get("type") {
            Some(Value::String(s)) => match s.as_str() {
                "object" | "array" => "json",
                "integer" => "integer",
                "number" => "number",
                "boolean" => "boolean",
                _ => "string",
            },
            _ => "string",
        });
    let base = match x {
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "json" => json_shape(node),
        _ => "a string",
    };
    let templated = match node.get("type") {
        Some(Value::Array(t)) => x != "string" && t.iter().any(|t| t == "string"),
        _ => false,
    };
    if templated {
        format!("{base} (or a {{{{ template }}}})")
    } else {
        base.into()
    }
}

/// What a `json` field accepts, from the JSON Schema `type` it carries
/// where the platform needs one shape (`inputs.redis.sources` is a list):
/// naming both shapes to a value of one of them would say nothing.
fn json_shape(node: &Value) -> &'static str {
    let has = |t: &str| match node.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(types)) => types.iter().any(|x| x == t),
        _ => false,
    };
    match (has("object"), has("array")) {
        (true, false) => "a mapping",
        (false, true) => "a list",
        _ => "a mapping or a list",
    }
}

fn placeholder(node: &Value) -> &str {
    if let Some(first) = node
        .get("x-options")
        .and_then(|o| o.get(0))
        .and_then(Value::as_str)
    {
        return first;
    }
    match node.get("x-type").and_then(Value::as_str) {
        Some("integer") => "<integer>",
        Some("number") => "<number>",
        Some("boolean") => "<true|false>",
        Some("json")
            if node
                .get("type")
                .is_some_and(|t| !t.to_string().contains("object")) =>
        {
            "[ ... ]"
        }
        Some("json") => "{ ... }",
        _ => "<value>",
    }
}

/// The schema node of every prefix of `schema_path`, root first.
fn schema_nodes<'s>(schema: &'s Value, schema_path: &str) -> Vec<&'s Value> {
    let mut nodes = vec![schema];
    let mut cur = schema;
    for seg in schema_path.split('/').skip(1) {
        let seg = unescape_segment(seg);
        let next = match cur {
            Value::Object(m) => m.get(seg.as_ref()),
            Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        };
        match next {
            Some(n) => {
                nodes.push(n);
                cur = n;
            }
            None => break,
        }
    }
    nodes
}

fn options_of(node: &Value) -> Option<String> {
    let opts = node
        .get("x-options")
        .or_else(|| node.get("enum"))?
        .as_array()?;
    Some(
        opts.iter()
            .map(|o| o.as_str().map_or_else(|| o.to_string(), String::from))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

// ------------------------------------------------------- schema errors

fn map_error(
    schema: &Value,
    config: &Value,
    err: &ValidationError<'_>,
    legacy: bool,
    issues: &mut Vec<ConfigIssue>,
) {
    let ptr = err.instance_path().as_str().to_string();
    let spath = err.schema_path().as_str();
    let nodes = schema_nodes(schema, spath);
    let rule = nodes
        .iter()
        .rev()
        .find_map(|n| n.get("x-rule").and_then(Value::as_str));
    // The node holding the failing keyword.
    let node = nodes
        .len()
        .checked_sub(2)
        .and_then(|i| nodes.get(i))
        .copied()
        .unwrap_or(schema);
    let field = dotted(&ptr);
    match rule {
        Some("io-selector") => {} // reported by io_selector_rule with a clearer message
        Some("redis-dataset-source") => issues.push(ConfigIssue::error(
            ptr,
            REDIS_DATASET_SOURCE,
            format!("`{field}` must set exactly one of a non-blank `listName` (single source) or a non-empty `sources` list (multi-source)"),
            "keep `listName: my.list` with `sources: []`, or list `sources:` and set `listName: \"\"`".into(),
        )),
        Some("redis-output-target") => issues.push(ConfigIssue::error(
            ptr,
            REDIS_OUTPUT_TARGET,
            format!("`{field}` has no target list: set at least one of a non-empty `routes`, a non-blank `targetListTemplate` or a non-blank `defaultList`"),
            "add `defaultList: my.list` (or routes / targetListTemplate)".into(),
        )),
        Some("redis-route") => {
            let (message, fix) = match err.kind() {
                ValidationErrorKind::Required { property } => (
                    format!("route `{field}` has `header` but no `{}`", property.as_str().unwrap_or("headerMatch")),
                    "add `headerMatch: <regex>` to the route".to_string(),
                ),
                _ => (
                    format!("route `{field}` needs a `match` (payload regex) or a `header` with `headerMatch`"),
                    "add `match: <regex>`, or `header:` and `headerMatch:`".to_string(),
                ),
            };
            issues.push(ConfigIssue::error(ptr, REDIS_ROUTE, message, fix));
        }
        _ => map_generic(schema, config, err, spath, node, &ptr, legacy, issues),
    }
}

#[allow(clippy::too_many_arguments)]
fn map_generic(
    schema: &Value,
    config: &Value,
    err: &ValidationError<'_>,
    spath: &str,
    node: &Value,
    ptr: &str,
    legacy: bool,
    issues: &mut Vec<ConfigIssue>,
) {
    let field = dotted(ptr);
    let instance = config.pointer(ptr).unwrap_or(&Value::Null);
    match err.kind() {
        ValidationErrorKind::Required { property } => {
            if legacy {
                return; // the fields are probably inside the legacy wrapper
            }
            let prop = property.as_str().unwrap_or_default();
            let missing = format!("{ptr}/{}", escape_segment(prop));
            let missing_field = dotted(&missing);
            let prop_node = node
                .pointer(&format!("/properties/{}", escape_segment(prop)))
                .unwrap_or(&Value::Null);
            let under = if ptr.is_empty() {
                "`config`".to_string()
            } else {
                format!("`{field}`")
            };
            let fix = format!("add `{prop}: {}` under {under}", placeholder(prop_node));
            match when_condition(schema, spath) {
                Some(cond) => issues.push(ConfigIssue::error(
                    missing,
                    MISSING_WHEN,
                    format!("`{missing_field}` is required because {cond}"),
                    fix,
                )),
                None => issues.push(ConfigIssue::error(
                    missing,
                    MISSING,
                    format!("missing required field `{missing_field}`"),
                    fix,
                )),
            }
        }
        ValidationErrorKind::Type { .. } if instance.is_null() => issues.push(ConfigIssue::error(
            ptr,
            BLANK,
            format!(
                "`{field}` is null but needs a value: {}",
                expected_type(node)
            ),
            format!("set `{}: {}`", last_segment(ptr), placeholder(node)),
        )),
        ValidationErrorKind::Type { .. } => issues.push(wrong_type(node, instance, ptr)),
        ValidationErrorKind::Pattern { .. } => {
            if let Some(opts) = options_of(node) {
                issues.push(ConfigIssue::error(
                    ptr,
                    NOT_AN_OPTION,
                    format!(
                        "`{field}` is {}, not one of the options: {opts}",
                        shown(instance, ptr)
                    ),
                    format!("use one of: {opts}"),
                ));
            } else if matches!(
                node.get("x-type").and_then(Value::as_str),
                None | Some("string")
            ) {
                issues.push(ConfigIssue::error(
                    ptr,
                    BLANK,
                    format!("`{field}` must not be blank"),
                    format!("set a non-blank value for `{}`", last_segment(ptr)),
                ));
            } else {
                issues.push(wrong_type(node, instance, ptr));
            }
        }
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
            let opts = options_of(node)
                .unwrap_or_else(|| node.get("const").map(Value::to_string).unwrap_or_default());
            issues.push(ConfigIssue::error(
                ptr,
                NOT_AN_OPTION,
                format!(
                    "`{field}` is {}, not one of the options: {opts}",
                    shown(instance, ptr)
                ),
                format!("use one of: {opts}"),
            ));
        }
        ValidationErrorKind::Minimum { limit } => issues.push(range(ptr, instance, ">=", limit)),
        ValidationErrorKind::Maximum { limit } => issues.push(range(ptr, instance, "<=", limit)),
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            issues.push(range(ptr, instance, ">", limit))
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            issues.push(range(ptr, instance, "<", limit))
        }
        other => issues.push(ConfigIssue::error(
            ptr,
            SCHEMA_VIOLATION,
            format!(
                "`{field}` does not satisfy the schema keyword `{}`",
                other.keyword()
            ),
            format!(
                "see the `{}` rule at `{spath}` in the kind's schema",
                other.keyword()
            ),
        )),
    }
}

fn wrong_type(node: &Value, instance: &Value, ptr: &str) -> ConfigIssue {
    let field = dotted(ptr);
    let expected = expected_type(node);
    ConfigIssue::error(
        ptr,
        WRONG_TYPE,
        format!(
            "`{field}` must be {expected}, found {}",
            if instance.is_string() {
                shown(instance, ptr)
            } else {
                json_type(instance).into()
            }
        ),
        format!("set `{}` to {expected}", last_segment(ptr)),
    )
}

fn range(ptr: &str, instance: &Value, op: &str, limit: &Value) -> ConfigIssue {
    let field = dotted(ptr);
    ConfigIssue::error(
        ptr,
        OUT_OF_RANGE,
        format!(
            "`{field}` is {}, but must be {op} {limit}",
            shown(instance, ptr)
        ),
        format!("use a value {op} {limit}"),
    )
}

/// For an error under `.../then/...`, the `if` condition that made it apply.
fn when_condition(schema: &Value, spath: &str) -> Option<String> {
    let idx = spath.strip_suffix("/then/required")?.len();
    let if_path = format!("{}/if", spath.get(..idx)?);
    let cond = schema.pointer(&if_path)?.get("properties")?.as_object()?;
    let (name, rule) = cond.iter().next()?;
    let value = rule.get("const")?;
    let shown = value
        .as_str()
        .map_or_else(|| value.to_string(), String::from);
    Some(format!("`{name}` is `{shown}`"))
}

// ------------------------------------------------------- rules in Rust

/// Legacy wrappers: `worker`, `worker.config`, `pockethive.worker.config`.
/// Returns the top-level keys reported.
fn legacy_wrappers(obj: &Map<String, Value>, issues: &mut Vec<ConfigIssue>) -> Vec<&'static str> {
    let mut found = Vec::new();
    let fix = "run `cfgate migrate FILE` to move the content up into `config`";
    if let Some(worker) = obj.get("worker") {
        let inner = if worker.get("config").is_some() {
            "config.worker.config"
        } else {
            "config.worker"
        };
        issues.push(
            ConfigIssue::error(
                "/worker",
                LEGACY_WRAPPER,
                format!("legacy wrapper `{inner}`: its content belongs directly under `config`"),
                fix.into(),
            )
            .at_key(),
        );
        found.push("worker");
    }
    // Any `pockethive` key, whatever its value (SBV:867-873).
    if obj.contains_key("pockethive") {
        let nested = obj
            .get("pockethive")
            .and_then(|p| p.get("worker"))
            .and_then(|w| w.get("config"))
            .is_some();
        let (message, fix) = if nested {
            (
                "legacy wrapper `config.pockethive.worker.config`: its content belongs directly under `config`",
                fix,
            )
        } else {
            (
                "`config.pockethive` is not supported: the platform rejects any `pockethive` key in a bee's config",
                "move the settings directly under `config` and delete `pockethive`",
            )
        };
        issues.push(
            ConfigIssue::error("/pockethive", LEGACY_WRAPPER, message.into(), fix.into()).at_key(),
        );
        found.push("pockethive");
    }
    found
}

/// A present IO sub-block (any value, even null) needs its selector: a
/// String, non-blank after trimming (IO1), equal to the sub-block's type
/// (IO2; a template is not exempt). Reported at the selector's path, as the
/// platform does (SBV:961-991). Returns the blocks whose selector is missing
/// (their `required` finding on the selector is then dropped).
fn io_selector_rule(obj: &Map<String, Value>, issues: &mut Vec<ConfigIssue>) -> Vec<&'static str> {
    let mut missing = Vec::new();
    for (block, types) in [("inputs", INPUT_TYPES), ("outputs", OUTPUT_TYPES)] {
        let Some(io) = obj.get(block).and_then(Value::as_object) else {
            continue;
        };
        let selector = io
            .get("type")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty());
        for (name, sub) in types {
            let Some(sub) = sub else { continue };
            if !io.contains_key(*sub) {
                continue;
            }
            match selector {
                None => {
                    if !missing.contains(&block) {
                        missing.push(block);
                    }
                    issues.push(
                        ConfigIssue::error(
                            format!("/{block}/type"),
                            IO_SELECTOR_MISSING,
                            format!(
                                "`{block}.{sub}` is configured but the selector `{block}.type` \
                                 is missing, blank or not a string; the platform requires \
                                 `{block}.type: {name}`"
                            ),
                            format!("add `type: {name}` under `{block}`"),
                        )
                        .with_related(format!("/{block}/{sub}")),
                    )
                }
                Some(t) if t != *name => issues.push(ConfigIssue::error(
                    format!("/{block}/type"),
                    IO_SELECTOR_MISMATCH,
                    format!(
                        "`{block}.type` is `{t}` but `{block}.{sub}` configures {name} (the \
                         platform compares the selector as written, templates included)"
                    ),
                    format!("set `{block}.type: {name}`, or remove `{block}.{sub}`"),
                )),
                Some(_) => {}
            }
        }
    }
    missing
}

/// Redis rules JSON Schema cannot express: unique source lists, regexes.
fn redis_rules(obj: &Map<String, Value>, issues: &mut Vec<ConfigIssue>) {
    // Only when the sub-block's type is selected (SBV:1241-1248).
    let selected = |block: &str, name: &str| {
        obj.get(block)
            .and_then(|io| io.get("type"))
            .and_then(Value::as_str)
            .is_some_and(|t| t.trim() == name)
    };
    let sources = obj
        .get("inputs")
        .filter(|_| selected("inputs", "REDIS_DATASET"))
        .and_then(|i| i.get("redis"))
        .and_then(|r| r.get("sources"));
    if let Some(Value::Array(sources)) = sources {
        // Compared as text, exactly (untrimmed; `5` and `'5'` collide);
        // templated names are exempt (SBV:1310-1316).
        let mut seen = HashSet::new();
        for (i, source) in sources.iter().enumerate() {
            let name = match source.get("listName") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => continue,
                Some(other) => other.to_string(),
            };
            if name.trim().is_empty() || is_template(&name) {
                continue;
            }
            if !seen.insert(name.clone()) {
                let ptr = format!("/inputs/redis/sources/{i}/listName");
                issues.push(ConfigIssue::error(
                    ptr.clone(),
                    REDIS_DATASET_DUPLICATE,
                    format!(
                        "`{}` repeats the list {name:?}; each source list must be unique",
                        dotted(&ptr)
                    ),
                    "remove the duplicate source or merge the weights".into(),
                ));
            }
        }
    }
    let routes = obj
        .get("outputs")
        .filter(|_| selected("outputs", "REDIS"))
        .and_then(|o| o.get("redis"))
        .and_then(|r| r.get("routes"));
    if let Some(Value::Array(routes)) = routes {
        for (i, route) in routes.iter().enumerate() {
            for key in ["match", "headerMatch"] {
                let Some(re) = route.get(key).and_then(Value::as_str) else {
                    continue;
                };
                if is_template(re) {
                    continue;
                }
                if let Some(why) = regex_error(re) {
                    let ptr = format!("/outputs/redis/routes/{i}/{key}");
                    issues.push(ConfigIssue::error(
                        ptr.clone(),
                        REDIS_ROUTE_REGEX,
                        format!("`{}` is not a valid regex: {why}", dotted(&ptr)),
                        "fix the regex (escape literal dots as `\\.`)".into(),
                    ));
                }
            }
        }
    }
}

/// Why `re` does not compile as a `java.util.regex` pattern.
fn regex_error(re: &str) -> Option<String> {
    crate::scenario::java_regex::syntax_error(re)
}

/// Every string the platform checks in this config
/// ([`crate::template::scope`]) must pass its template check; the issue
/// carries the offending token's offset in the string.
fn check_templates(value: &Value, scope: Scope<'_>, issues: &mut Vec<ConfigIssue>) {
    check_tree(value, scope, |path, _, e| {
        let ptr = pointer(path);
        let issue = ConfigIssue::error(
            ptr.clone(),
            TEMPLATE_SYNTAX,
            format!(
                "`{}` is not a valid template: {}",
                dotted(&ptr),
                e.message()
            ),
            e.fix(),
        )
        .inside(e.offset);
        issues.push(issue);
    });
}

// ----------------------------------------------------------- unknown keys

/// Collects the property schemas a set of schemas declares, looking into
/// `allOf`, `anyOf`, `oneOf` and `then`/`else`. With `instance`, a `then`
/// counts only when its `if` (a `const` condition, as generated) holds.
fn collect_props<'s>(
    schema: &'s Value,
    instance: Option<&Map<String, Value>>,
    out: &mut Vec<(&'s str, &'s Value)>,
    declares: &mut bool,
) {
    let Some(obj) = schema.as_object() else {
        return;
    };
    if let Some(Value::Object(props)) = obj.get("properties") {
        *declares = true;
        for (k, v) in props {
            out.push((k.as_str(), v));
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(subs)) = obj.get(key) {
            for s in subs {
                collect_props(s, instance, out, declares);
            }
        }
    }
    let active = match (instance, obj.get("if")) {
        (Some(inst), Some(cond)) => condition_holds(cond, inst),
        _ => true,
    };
    if active {
        if let Some(s) = obj.get("then") {
            collect_props(s, instance, out, declares);
        }
    }
    if instance.is_none() {
        if let Some(s) = obj.get("else") {
            collect_props(s, instance, out, declares);
        }
    }
}

/// Evaluates an `if` of the generated shape `{properties: {k: {const: v}}}`;
/// anything else counts as holding (lenient).
fn condition_holds(cond: &Value, instance: &Map<String, Value>) -> bool {
    let Some(props) = cond.get("properties").and_then(Value::as_object) else {
        return true;
    };
    props.iter().all(|(k, rule)| match rule.get("const") {
        Some(expected) => instance.get(k) == Some(expected),
        None => true,
    })
}

/// Where the platform parses a numeric string (`x-numeric-string`), its
/// bounds are checked here: JSON Schema cannot compare a string numerically.
fn numeric_string_bounds(
    schemas: &[&Value],
    value: &Value,
    ptr: &mut String,
    issues: &mut Vec<ConfigIssue>,
) {
    match value {
        Value::String(s) => {
            let Ok(n) = s.trim().parse::<f64>() else {
                return;
            };
            if !n.is_finite() {
                return;
            }
            // Only where the platform parses numeric strings (a Redis
            // source weight); elsewhere a numeric string is a type error.
            let lenient = schemas.iter().filter(|s| {
                s.get("x-numeric-string")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            });
            for schema in lenient {
                let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
                let violated = [
                    ("minimum", ">=", bound("minimum").is_some_and(|b| n < b)),
                    ("maximum", "<=", bound("maximum").is_some_and(|b| n > b)),
                    (
                        "exclusiveMinimum",
                        ">",
                        bound("exclusiveMinimum").is_some_and(|b| n <= b),
                    ),
                    (
                        "exclusiveMaximum",
                        "<",
                        bound("exclusiveMaximum").is_some_and(|b| n >= b),
                    ),
                ];
                for (key, op, bad) in violated {
                    if let (true, Some(limit)) = (bad, schema.get(key)) {
                        issues.push(range(ptr, value, op, limit));
                        return;
                    }
                }
            }
        }
        Value::Object(map) => {
            let mut props = Vec::new();
            let mut declares = false;
            for s in schemas {
                collect_props(s, Some(map), &mut props, &mut declares);
            }
            for (k, v) in map {
                let subs: Vec<&Value> = props
                    .iter()
                    .filter(|(name, _)| *name == k)
                    .map(|(_, s)| *s)
                    .collect();
                if subs.is_empty() {
                    continue;
                }
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&escape_segment(k));
                numeric_string_bounds(&subs, v, ptr, issues);
                ptr.truncate(len);
            }
        }
        Value::Array(items) => {
            let subs: Vec<&Value> = schemas.iter().filter_map(|s| s.get("items")).collect();
            if subs.is_empty() {
                return;
            }
            for (i, item) in items.iter().enumerate() {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                numeric_string_bounds(&subs, item, ptr, issues);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether any string in `value` reads as a finite number (the only values
/// [`numeric_string_bounds`] can report on), so most configs skip that walk.
fn has_numeric_string(value: &Value) -> bool {
    match value {
        Value::String(s) => s.trim().parse::<f64>().is_ok_and(f64::is_finite),
        Value::Array(items) => items.iter().any(has_numeric_string),
        Value::Object(map) => map.values().any(has_numeric_string),
        _ => false,
    }
}

/// The keys a schema names at each level, merged over `allOf`/`anyOf`/
/// `oneOf`/`then`/`else` (every branch counts: a key valid in some branch is
/// not unknown). Built once per kind, so the unknown-key walk over a config
/// is a map lookup per key instead of a walk of the schema.
#[derive(Debug, Default)]
struct KeyTree {
    /// The schema declares `properties` here (otherwise free-form: no key
    /// is unknown).
    declares: bool,
    /// Known names in schema order (for "did you mean").
    names: Vec<String>,
    /// The tree of each known key.
    children: std::collections::HashMap<String, KeyTree>,
    /// The tree of array items, when the schema has `items`.
    items: Option<Box<KeyTree>>,
}

impl KeyTree {
    fn build(schemas: &[&Value]) -> KeyTree {
        let mut props = Vec::new();
        let mut declares = false;
        for schema in schemas {
            collect_props(schema, None, &mut props, &mut declares);
        }
        let mut children = std::collections::HashMap::new();
        for (name, _) in &props {
            if children.contains_key(*name) {
                continue;
            }
            let subs: Vec<&Value> = props
                .iter()
                .filter(|(other, _)| other == name)
                .map(|(_, s)| *s)
                .collect();
            children.insert((*name).to_string(), KeyTree::build(&subs));
        }
        let items: Vec<&Value> = schemas.iter().filter_map(|s| s.get("items")).collect();
        KeyTree {
            declares,
            names: props.iter().map(|(name, _)| (*name).to_string()).collect(),
            children,
            items: (!items.is_empty()).then(|| Box::new(KeyTree::build(&items))),
        }
    }

    /// Reports every key of `value` the schema does not name (PH390).
    fn unknown_keys(
        &self,
        value: &Value,
        ptr: &mut String,
        legacy: &[&str],
        issues: &mut Vec<ConfigIssue>,
    ) {
        match value {
            Value::Object(map) if self.declares => {
                for (k, v) in map {
                    let top_known = legacy.contains(&k.as_str())
                        || crate::scenario::platform_keys::PLATFORM_KEYS.contains(&k.as_str());
                    if ptr.is_empty() && top_known {
                        continue;
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&escape_segment(k));
                    // The worker reads kebab-, snake- and Capitalised keys
                    // under their canonical (camelCase) name (WCPR:410).
                    let canonical = platform_keys::canonical_key(k);
                    let child = self.children.get(k);
                    let respelt = child.is_none()
                        && (self.children.contains_key(&canonical)
                            || (len == 0
                                && platform_keys::CANONICAL_PLATFORM_KEYS
                                    .contains(&canonical.as_str())));
                    // With the canonical spelling written beside it, that
                    // one is checked; the collision is `plan`'s PH824.
                    if respelt && !map.contains_key(&canonical) {
                        issues.push(spelling_issue(k, &canonical, ptr));
                    }
                    match child.or_else(|| self.children.get(&canonical)) {
                        Some(child) => child.unknown_keys(v, ptr, legacy, issues),
                        None if respelt => {}
                        None => issues.push(unknown_key_issue(k, ptr, &self.names)),
                    }
                    ptr.truncate(len);
                }
            }
            Value::Array(items) => {
                let Some(tree) = &self.items else {
                    return;
                };
                for (i, item) in items.iter().enumerate() {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&i.to_string());
                    tree.unknown_keys(item, ptr, legacy, issues);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// PH392 on `key`, which the worker reads as `canonical`: the manifest
/// checks (as the upload's, SBV:1057-1234) look up `canonical` as written,
/// so they do not see this value.
fn spelling_issue(key: &str, canonical: &str, ptr: &str) -> ConfigIssue {
    // The worker canonicalises every key on the path (list indexes stay).
    let canonical_pointer: String = crate::source::yaml::pointer_segments(ptr)
        .iter()
        .map(|segment| {
            format!(
                "/{}",
                escape_segment(&platform_keys::canonical_key(segment))
            )
        })
        .collect();
    let canonical_field = dotted(&canonical_pointer);
    ConfigIssue::warning(
        ptr,
        platform_keys::SPELLING,
        format!(
            "`{}` is read by the worker as `{canonical_field}` \
             (ConfigKeyCanonicalizer.java:56-90), but the upload's checks (required, type, \
             options, ranges), the orchestrator and the swarm controller look up `{canonical}` \
             as written: this value is not checked there",
            dotted(ptr)
        ),
        format!("rename `{key}` to `{canonical}`"),
    )
    .at_key()
}

fn unknown_key_issue(key: &str, ptr: &str, known: &[String]) -> ConfigIssue {
    let field = dotted(ptr);
    let suggestion = known
        .iter()
        .map(String::as_str)
        .filter(|name| *name != key)
        .map(|name| {
            let score = if name.eq_ignore_ascii_case(key) {
                1.0
            } else {
                strsim::jaro_winkler(key, name)
            };
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let (message, fix) = match suggestion {
        Some((_, name)) => (
            format!("unknown key `{field}`; did you mean `{name}`?"),
            format!("rename `{key}` to `{name}`, or remove it"),
        ),
        None => (
            format!("unknown key `{field}`: no schema names it, the worker will ignore it"),
            format!(
                "remove `{key}`, or check its spelling and level (it sits under `{}`)",
                dotted(parent_pointer(ptr))
            ),
        ),
    };
    ConfigIssue::warning(ptr, UNKNOWN_KEY, message, fix).at_key()
}

#[cfg(test)]
#[path = "config_check_tests.rs"]
mod tests;
