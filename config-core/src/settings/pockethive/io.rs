//! The IO sub-blocks of a PocketHive worker host: `pockethive.inputs.<sub>.*`
//! and `pockethive.outputs.<sub>.*` in the YAML file, and their
//! `POCKETHIVE_INPUTS_*` / `POCKETHIVE_OUTPUTS_*` variables.
//!
//! **Names.** The keys are the fields of the typed IO configs
//! (`crate::scenario::kinds::io`) as their generated schema names them
//! (camelCase: `ratePerSec`). Binding follows Spring Boot's relaxed rules:
//! - in the file, a key matches a schema field ignoring case, `-` and `_`
//!   (`rate-per-sec`, `rate_per_sec` and `ratePerSec` are one field);
//! - a variable is upper case (names are case-sensitive, as for every
//!   variable); after `POCKETHIVE_`, each `_` starts a new level and a level
//!   matches a field ignoring case, `-` and `_`: `ratePerSec` is
//!   `POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC`, and digits index a list
//!   (`POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME`): the names `cfgate plan`
//!   gives a bee's container. `..._RATE_PER_SEC` names
//!   `inputs.scheduler.rate.per.sec`, as in Spring: an unknown key, whose
//!   warning names the variable that was probably meant;
//! - a name no schema field matches keeps its spelling (lower case for a
//!   variable) and is an unknown key (`PH390`, a warning).
//!
//! `inputs.type` / `outputs.type` are declared fields of the domain
//! ([`super::PocketHiveSettings`]); here they only select the sub-block.
//!
//! **Precedence** is the layers' (file < `.env.local` < environment), field
//! by field, except that a list is taken whole from the highest source that
//! sets any of its items (Spring does not merge lists across sources). Items
//! must be numbered from 0 without gaps: Spring refuses to bind such a list,
//! so a gap is an error (`list-gap`). Two spellings of one field in the same
//! source: the later one wins, with a `duplicate-key` warning.
//!
//! **Values** are typed by their schema field, as Spring converts them:
//! integers and numbers parse (`"5"` and `5` are the same), booleans accept
//! `true/false/yes/no/on/off/1/0` in any case; anything else stays a string
//! (a template, or a value the check then reports).
//!
//! **Checks** go through [`SchemaSet::check`] on the IO part of the config.
//! The IO types are shared by every worker kind, so the schema of
//! [`IO_REFERENCE_KIND`] (which accepts every input and output type) is
//! used; which types a given kind accepts is checked when the layer meets
//! that kind in [`crate::patch::RuntimeConfig::with_host`]. The host layer is
//! partial (the worker's defaults and control-plane patches complete it), so
//! rules about absent keys are left to the layered config: a missing field
//! (`PH301`/`PH302`) outside a list item (list items replace whole, so
//! inside one it is an error), and the Redis "exactly one of" / "at least one
//! of" rules (`PH330`/`PH340`) unless the host sets every key they name. A
//! sub-block without its selector (`PH320`) is a warning: it applies only if
//! the worker's default IO is that type. Every other issue is an error
//! naming the field, at the value's `file:PATH:LINE:COL` or `env:NAME`.

use super::NAMESPACE;
use crate::finding::Severity;
use crate::finding_cap::MAX_PER_FILE;
use crate::patch::HostLayer;
use crate::provenance::Provenance;
use crate::scenario::config_check::{
    self, ConfigIssue, SchemaSet, IO_SELECTOR_MISSING, REDIS_DATASET_SOURCE, REDIS_OUTPUT_TARGET,
};
use crate::scenario::kinds::io::{INPUT_TYPES, OUTPUT_TYPES};
use crate::secret::{is_secret_name, MASK};
use crate::settings::report::CappedWarnings;
use crate::settings::{DomainValues, EffectiveValue, Report, SettingError, Warning};
use crate::source::env::{RawValue, Sources};
use crate::source::yaml::{escape_segment, pointer_segments};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The worker kind whose schema checks IO sub-blocks: its `inputs` and
/// `outputs` accept every IO type (a unit test guards this).
pub const IO_REFERENCE_KIND: &str = "postprocessor";

/// The IO selector blocks under `pockethive.`.
const BLOCKS: [&str; 2] = ["inputs", "outputs"];

/// The variable prefix of the domain.
const ENV_PREFIX: &str = "POCKETHIVE_";

/// Redis rules about which keys are present, with the keys they name: left
/// to the layered config unless the host sets all of them.
const PRESENCE_RULES: [(&str, &[&str]); 2] = [
    (REDIS_DATASET_SOURCE, &["listName", "sources"]),
    (
        REDIS_OUTPUT_TARGET,
        &["routes", "targetListTemplate", "defaultList"],
    ),
];

/// One step of a path on the worker-config tree. A key borrows the
/// schema's name or the layer's (only a variable's unmatched level, lower
/// cased, is owned): a host with 90,000 keys holds no second copy of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Seg<'a> {
    /// A list item.
    Index(usize),
    /// A mapping key.
    Key(Cow<'a, str>),
}

impl fmt::Display for Seg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seg::Index(i) => write!(f, "{i}"),
            Seg::Key(k) => f.write_str(k),
        }
    }
}

type Path<'a> = Vec<Seg<'a>>;

/// `/inputs/redis/sources/0/listName`.
fn pointer(path: &[Seg]) -> String {
    path.iter()
        .map(|s| format!("/{}", escape_segment(&s.to_string())))
        .collect()
}

/// `inputs.redis.sources.0.listName`, the field name in reports.
fn dotted(path: &[Seg]) -> String {
    path.iter()
        .map(Seg::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// `/inputs/redis` -> `inputs.redis`.
fn dotted_pointer(pointer: &str) -> String {
    pointer_segments(pointer).join(".")
}

/// Spring's canonical comparison form: upper case, `-` and `_` removed.
fn canon(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-' && *c != '_')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A list index: digits only.
fn index(segment: &str) -> Option<usize> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse().ok()
}

// ------------------------------------------------------------- binding

/// Where a raw value lands on the worker-config tree.
struct Placed<'a> {
    path: Path<'a>,
    /// The schema field's `x-type`, when the whole path is a known field.
    x_type: Option<&'a str>,
    /// For a variable naming no field: the variable probably meant.
    hint: Option<String>,
}

/// Places a raw value if it is an IO sub-block value: a dotted file path
/// (`pockethive.inputs.scheduler.ratePerSec`) or a variable
/// (`POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC`).
fn place<'a>(raw: &'a RawValue, schema: &'a Value) -> Option<Placed<'a>> {
    let is_env = !raw.name.contains('.');
    let segments = if is_env {
        env_segments(&raw.name)?
    } else {
        file_segments(&raw.name)?
    };
    let (written_block, rest) = segments.split_first()?;
    let block = BLOCKS.iter().find(|b| canon(b) == canon(written_block))?;
    // The selector is a declared field of the domain.
    if canon(rest.first()?) == "TYPE" {
        return None;
    }
    let block_schema = schema.pointer(&format!("/properties/{block}"));
    let mut path = vec![Seg::Key(Cow::Borrowed(*block))];
    let bound = bind(block_schema, rest, is_env, &mut path);
    // Kept per value: no spare capacity.
    path.shrink_to_fit();
    let hint = match bound.unmatched {
        Some((at, Some(parent))) if is_env => env_hint(written_block, rest, at, parent),
        _ => None,
    };
    Some(Placed {
        path,
        x_type: bound.x_type,
        hint,
    })
}

/// `pockethive.inputs.x` -> `[inputs, x]`; `None` outside the namespace.
fn file_segments(name: &str) -> Option<Vec<&str>> {
    let mut parts = name.split('.');
    if canon(parts.next()?) != canon(NAMESPACE) {
        return None;
    }
    Some(parts.collect())
}

/// `POCKETHIVE_INPUTS_X` -> `[INPUTS, X]`; `None` for other variables and
/// for names with lower-case letters (names are case-sensitive).
fn env_segments(name: &str) -> Option<Vec<&str>> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let rest = name.strip_prefix(ENV_PREFIX)?;
    Some(rest.split('_').collect())
}

/// The result of walking the schema along written segments.
struct Bound<'s> {
    x_type: Option<&'s str>,
    /// The first segment no field matched, with the schema it was looked up in.
    unmatched: Option<(usize, Option<&'s Value>)>,
}

/// Appends the schema's names for `segments` to `path`, matching each
/// level ignoring case, `-` and `_`; unmatched levels keep their spelling.
fn bind<'s>(
    mut node: Option<&'s Value>,
    segments: &[&'s str],
    is_env: bool,
    path: &mut Path<'s>,
) -> Bound<'s> {
    let mut unmatched = None;
    for (at, segment) in segments.iter().enumerate() {
        match node.and_then(|n| child(n, segment)) {
            Some((step, next)) => {
                path.push(step);
                node = Some(next);
            }
            None => {
                if unmatched.is_none() {
                    unmatched = Some((at, node));
                }
                path.push(as_written(segment, is_env));
                node = None;
            }
        }
    }
    let x_type = node.and_then(|n| n.get("x-type")).and_then(Value::as_str);
    Bound { x_type, unmatched }
}

/// The schema step for one written segment: a list item, or the property
/// whose canonical name matches.
fn child<'s>(schema: &'s Value, segment: &str) -> Option<(Seg<'s>, &'s Value)> {
    if let Some(i) = index(segment) {
        return schema.get("items").map(|items| (Seg::Index(i), items));
    }
    let wanted = canon(segment);
    schema
        .get("properties")?
        .as_object()?
        .iter()
        .find(|(name, _)| canon(name) == wanted)
        .map(|(name, sub)| (Seg::Key(Cow::Borrowed(name.as_str())), sub))
}

/// An unmatched segment as Spring would name it: a variable's in lower case.
fn as_written(segment: &str, is_env: bool) -> Seg<'_> {
    match index(segment) {
        Some(i) => Seg::Index(i),
        None if is_env => Seg::Key(Cow::Owned(segment.to_ascii_lowercase())),
        None => Seg::Key(Cow::Borrowed(segment)),
    }
}

/// For a variable whose levels from `at` name no field: the variable with
/// some of those levels joined, when that names a field of `parent`
/// (`..._RATE_PER_SEC` -> `..._RATEPERSEC`).
fn env_hint(block: &str, rest: &[&str], at: usize, parent: &Value) -> Option<String> {
    let tail = rest.get(at..)?;
    (2..=tail.len()).rev().find_map(|take| {
        let joined = tail.get(..take)?.concat();
        let (Seg::Key(_), _) = child(parent, &joined)? else {
            return None;
        };
        let mut parts: Vec<&str> = vec![block];
        parts.extend(rest.get(..at)?.iter().copied());
        parts.push(&joined);
        parts.extend(tail.get(take..)?.iter().copied());
        Some(format!("{ENV_PREFIX}{}", parts.join("_")))
    })
}

/// The raw text typed by the schema field's `x-type`, as Spring converts.
fn coerce(text: &str, x_type: Option<&str>) -> Value {
    let trimmed = text.trim();
    let typed = match x_type {
        Some("integer") => trimmed.parse::<i64>().ok().map(Value::from),
        Some("number") => number(trimmed),
        Some("boolean") => boolean(trimmed).map(Value::Bool),
        _ => None,
    };
    typed.unwrap_or_else(|| Value::from(text))
}

fn number(text: &str) -> Option<Value> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(Value::from(i));
    }
    let f = text.parse::<f64>().ok()?;
    serde_json::Number::from_f64(f).map(Value::Number)
}

/// Spring's `StringToBooleanConverter` words.
fn boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------- collecting

/// One IO value that takes effect (borrowing its layer's value).
struct Entry<'a> {
    raw: &'a RawValue,
    layer: usize,
    value: Value,
    hint: Option<String>,
}

type Entries<'a> = BTreeMap<Path<'a>, Entry<'a>>;

/// The entries once resolved, in path order: a list holds them in half
/// the memory of the map (which the precedence needs, the rest does not).
type Resolved<'a> = Vec<(Path<'a>, Entry<'a>)>;

/// Every IO sub-block value of every layer, resolved by precedence.
fn collect<'a>(
    sources: &'a Sources,
    schema: &'a Value,
    warnings: &mut CappedWarnings,
) -> Resolved<'a> {
    let mut entries = Entries::new();
    for (layer, values) in sources.layers().iter().enumerate() {
        let mut placed: Vec<(Placed, &RawValue)> = values
            .values()
            .filter_map(|raw| place(raw, schema).map(|p| (p, raw)))
            .collect();
        placed.sort_by(|a, b| source_order(a.1).cmp(&source_order(b.1)));
        for (placed, raw) in placed {
            let entry = Entry {
                value: coerce(&raw.value, placed.x_type),
                raw,
                layer,
                hint: placed.hint,
            };
            insert(&mut entries, placed.path, entry, warnings);
        }
    }
    let mut resolved = Resolved::with_capacity(entries.len());
    resolved.extend(entries);
    resolved
}

/// Order within one layer: position in the file, then name.
fn source_order(raw: &RawValue) -> (usize, usize, &str) {
    let (line, column) = match &raw.provenance {
        Provenance::FileAt { line, column, .. } => (*line, *column),
        Provenance::File { line, .. } => (*line, 0),
        _ => (0, 0),
    };
    (line, column, raw.name.as_str())
}

/// Adds `entry` at `path`, replacing what it overrides: the same field,
/// its ancestors and descendants, and (from a lower layer) every item of a
/// list it sets an item of.
fn insert<'a>(
    entries: &mut Entries<'a>,
    path: Path<'a>,
    entry: Entry<'a>,
    warnings: &mut CappedWarnings,
) {
    for old in overridden(entries, &path, entry.layer) {
        let Some(dropped) = entries.remove(&old) else {
            continue;
        };
        if dropped.layer == entry.layer {
            warnings.push_with(DUPLICATE_KEY, &dropped.raw.provenance, || {
                duplicate_warning(&old, &dropped, &entry)
            });
        }
    }
    entries.insert(path, entry);
}

/// The keys of `entries` that a value at `path` from `layer` overrides.
fn overridden<'a>(entries: &Entries<'a>, path: &[Seg<'a>], layer: usize) -> Vec<Path<'a>> {
    let mut out: Vec<Path<'a>> = (1..path.len())
        .filter_map(|n| path.get(..n))
        .filter(|ancestor| entries.contains_key(*ancestor))
        .map(<[Seg]>::to_vec)
        .collect();
    out.extend(under(entries, path).map(|(k, _)| k.clone()));
    for (n, segment) in path.iter().enumerate() {
        let (Seg::Index(_), Some(list)) = (segment, path.get(..n)) else {
            continue;
        };
        out.extend(
            under(entries, list)
                .filter(|(_, e)| e.layer < layer)
                .map(|(k, _)| k.clone()),
        );
    }
    out.sort();
    out.dedup();
    out
}

/// The entries at `path` or below it.
fn under<'e, 'a>(
    entries: &'e Entries<'a>,
    path: &'e [Seg<'a>],
) -> impl Iterator<Item = (&'e Path<'a>, &'e Entry<'a>)> {
    entries
        .range(path.to_vec()..)
        .take_while(move |(k, _)| k.starts_with(path))
}

/// Two spellings of one field in one source.
const DUPLICATE_KEY: &str = "duplicate-key";

fn duplicate_warning(path: &[Seg], dropped: &Entry, winner: &Entry) -> Warning {
    Warning {
        code: DUPLICATE_KEY,
        env: dropped.raw.name.clone(),
        replacement: Some(winner.raw.name.clone()),
        source: dropped.raw.provenance.clone(),
        message: format!(
            "'{}' ({}) and '{}' ({}) both set `{}` (or a key containing it); '{}' is used; \
             fix: keep one of them",
            dropped.raw.name,
            dropped.raw.provenance,
            winner.raw.name,
            winner.raw.provenance,
            dotted(path),
            winner.raw.name,
        ),
    }
}

// ------------------------------------------------------------ selectors

/// `inputs.type` / `outputs.type` as the domain loaded them.
struct Selector {
    block: &'static str,
    /// The normalised type, when set and valid.
    value: Option<String>,
    /// Set but invalid (already reported by the field).
    invalid: bool,
    name: String,
    source: Provenance,
}

fn selectors(report: &Report) -> Vec<Selector> {
    BLOCKS
        .iter()
        .filter_map(|block| {
            let field = report.value(NAMESPACE, &format!("{block}.type"))?;
            Some(Selector {
                block,
                value: field
                    .value
                    .as_str()
                    .filter(|_| field.valid)
                    .map(str::to_string),
                invalid: !field.valid,
                name: field.env.clone(),
                source: field.source.clone(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------- tree

/// An intermediate tree: leaves and branches keyed by path step.
enum Node<'a> {
    Leaf(Value),
    Branch(BTreeMap<Seg<'a>, Node<'a>>),
}

/// A list whose items skip a number: items from `next` on are left out.
struct Gap<'a> {
    list: Path<'a>,
    missing: usize,
    next: usize,
}

/// The worker config the entries and selectors set, and the list gaps.
fn build<'a>(entries: &[(Path<'a>, Entry<'a>)], selectors: &[Selector]) -> (Value, Vec<Gap<'a>>) {
    let mut root = BTreeMap::new();
    for selector in selectors {
        if let Some(value) = &selector.value {
            let path = [
                Seg::Key(Cow::Borrowed(selector.block)),
                Seg::Key(Cow::Borrowed("type")),
            ];
            put(&mut root, &path, Value::from(value.as_str()));
        }
    }
    for (path, entry) in entries {
        put(&mut root, path, entry.value.clone());
    }
    let mut gaps = Vec::new();
    let value = to_value(Node::Branch(root), &mut Vec::new(), &mut gaps);
    (value, gaps)
}

fn put<'a>(branch: &mut BTreeMap<Seg<'a>, Node<'a>>, path: &[Seg<'a>], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        branch.insert(first.clone(), Node::Leaf(value));
        return;
    }
    let node = branch
        .entry(first.clone())
        .or_insert_with(|| Node::Branch(BTreeMap::new()));
    if let Node::Leaf(_) = node {
        // Precedence removed overlaps; a branch replaces a stray leaf.
        *node = Node::Branch(BTreeMap::new());
    }
    if let Node::Branch(children) = node {
        put(children, rest, value);
    }
}

/// A branch whose steps are all list items becomes a list (up to its first
/// gap); any other branch a mapping.
fn to_value<'a>(node: Node<'a>, at: &mut Path<'a>, gaps: &mut Vec<Gap<'a>>) -> Value {
    let children = match node {
        Node::Leaf(value) => return value,
        Node::Branch(children) => children,
    };
    let is_list = children.keys().all(|k| matches!(k, Seg::Index(_)));
    if is_list && !children.is_empty() {
        let mut items = Vec::new();
        for (expected, (step, child)) in children.into_iter().enumerate() {
            if step != Seg::Index(expected) {
                if let Seg::Index(next) = step {
                    gaps.push(Gap {
                        list: at.clone(),
                        missing: expected,
                        next,
                    });
                }
                break;
            }
            at.push(step);
            items.push(to_value(child, at, gaps));
            at.pop();
        }
        return Value::Array(items);
    }
    let mut map = Map::new();
    for (step, child) in children {
        let key = step.to_string();
        at.push(step);
        map.insert(key, to_value(child, at, gaps));
        at.pop();
    }
    Value::Object(map)
}

// ------------------------------------------------------------- origins

/// Which variable (or file key) set a value, and where (borrowed from
/// the layer's value or the selector).
struct Origin<'a> {
    name: &'a str,
    source: &'a Provenance,
    hint: Option<String>,
}

/// The origin of every leaf, sorted by pointer: a list holds them in half
/// the memory of a map, and is built once and only searched.
struct Origins<'a>(Vec<(String, Origin<'a>)>);

impl<'a> Origins<'a> {
    fn new(entries: &[(Path<'a>, Entry<'a>)], selectors: &'a [Selector]) -> Self {
        let mut list = Vec::with_capacity(entries.len() + selectors.len());
        for selector in selectors.iter().filter(|s| s.value.is_some()) {
            let origin = Origin {
                name: &selector.name,
                source: &selector.source,
                hint: None,
            };
            list.push((format!("/{}/type", selector.block), origin));
        }
        for (path, entry) in entries {
            let origin = Origin {
                name: &entry.raw.name,
                source: &entry.raw.provenance,
                hint: entry.hint.clone(),
            };
            list.push((pointer(path), origin));
        }
        // As a map would: sorted, and of one pointer the later one wins
        // (the sort is stable; reversed, dedup keeps the first).
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.reverse();
        list.dedup_by(|a, b| a.0 == b.0);
        list.reverse();
        Self(list)
    }

    fn get(&self, pointer: &str) -> Option<&Origin<'a>> {
        let at = self
            .0
            .binary_search_by(|(k, _)| k.as_str().cmp(pointer))
            .ok()?;
        self.0.get(at).map(|(_, o)| o)
    }

    /// The origin of `pointer`: its own, else the first leaf below it, else
    /// its nearest ancestor's (a missing field is placed on its parent).
    fn find(&self, pointer: &str) -> Option<&Origin<'a>> {
        let mut at = pointer;
        loop {
            if let Some(origin) = self.get(at) {
                return Some(origin);
            }
            let prefix = format!("{at}/");
            let first = self.0.partition_point(|(k, _)| *k < prefix);
            if let Some((key, origin)) = self.0.get(first) {
                if key.starts_with(&prefix) {
                    return Some(origin);
                }
            }
            at = at.get(..at.rfind('/')?)?;
        }
    }

    /// `(variable or file key, source)` of `pointer`; the domain's
    /// defaults when nothing is known (cannot happen for checked values).
    fn name_and_source(&self, pointer: &str) -> (String, Provenance) {
        name_and_source(self.find(pointer))
    }

    /// The source of every leaf, by pointer (the host layer's).
    fn into_sources(self) -> impl Iterator<Item = (String, Provenance)> + 'a {
        self.0.into_iter().map(|(k, o)| (k, o.source.clone()))
    }
}

/// `(variable or file key, source)` of an origin; the domain's defaults
/// when nothing is known (cannot happen for checked values).
fn name_and_source(origin: Option<&Origin>) -> (String, Provenance) {
    origin.map_or_else(
        || (String::new(), Provenance::Default),
        |o| (o.name.to_string(), o.source.clone()),
    )
}

// ------------------------------------------------------------ checking

/// What an issue of the check means for a host layer.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Error,
    Warning,
    /// Left to the layered config (or outside the IO blocks).
    Skip,
}

fn verdict(issue: &ConfigIssue, config: &Value, selectors: &[Selector]) -> Verdict {
    if issue.finding.severity != Severity::Error {
        return Verdict::Warning;
    }
    let segments = pointer_segments(&issue.pointer);
    let Some(block) = segments.first() else {
        return Verdict::Skip;
    };
    if !BLOCKS.contains(&block.as_str()) {
        return Verdict::Skip;
    }
    match issue.finding.code {
        config_check::MISSING | config_check::MISSING_WHEN
            if !inside_list_item(config, &issue.pointer) =>
        {
            Verdict::Skip
        }
        IO_SELECTOR_MISSING if selectors.iter().any(|s| s.block == *block && s.invalid) => {
            Verdict::Skip
        }
        IO_SELECTOR_MISSING => Verdict::Warning,
        code => match PRESENCE_RULES.iter().find(|(c, _)| *c == code) {
            Some((_, keys)) if !sets_all(config, &issue.pointer, keys) => Verdict::Skip,
            _ => Verdict::Error,
        },
    }
}

/// Whether some ancestor of `pointer` in `config` is a list.
fn inside_list_item(config: &Value, pointer: &str) -> bool {
    let mut node = config;
    let segments = pointer_segments(pointer);
    for segment in segments.iter().take(segments.len().saturating_sub(1)) {
        if node.is_array() {
            return true;
        }
        let next = match node {
            Value::Array(items) => index(segment).and_then(|i| items.get(i)),
            other => other.get(segment.as_str()),
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    node.is_array()
}

fn sets_all(config: &Value, pointer: &str, keys: &[&str]) -> bool {
    config
        .pointer(pointer)
        .and_then(Value::as_object)
        .is_some_and(|map| keys.iter().all(|k| map.contains_key(*k)))
}

fn issue_error(issue: &ConfigIssue, origins: &Origins) -> SettingError {
    let (env, source) = origins.name_and_source(&issue.pointer);
    SettingError {
        code: issue.finding.code,
        domain: NAMESPACE,
        field: dotted_pointer(&issue.pointer),
        env,
        replacement: None,
        source,
        message: format!(
            "{} [{}]; fix: {}",
            issue.finding.message, issue.finding.code, issue.finding.fix
        ),
    }
}

/// A missing selector is reported at the selector; its sub-block is where
/// the value (and its source) is.
fn warning_pointer(issue: &ConfigIssue) -> &str {
    issue.aim.related.as_deref().unwrap_or(&issue.pointer)
}

fn issue_warning(issue: &ConfigIssue, origin: Option<&Origin>) -> Warning {
    let pointer = warning_pointer(issue);
    let (env, source) = name_and_source(origin);
    let (message, fix) = if issue.finding.code == IO_SELECTOR_MISSING {
        selector_missing_text(pointer)
    } else {
        let fix = match origin.and_then(|o| o.hint.as_deref()) {
            Some(hint) => format!(
                "Spring reads each `_` of '{env}' as a new level; \
                 for the field of that name set '{hint}' instead"
            ),
            None => issue.finding.fix.clone(),
        };
        (issue.finding.message.clone(), fix)
    };
    Warning {
        code: issue.finding.code,
        env,
        replacement: None,
        source,
        message: format!("{message}; fix: {fix}"),
    }
}

/// `inputs.scheduler` set without `inputs.type`: what it means for a host.
fn selector_missing_text(pointer: &str) -> (String, String) {
    let segments = pointer_segments(pointer);
    let block = segments.first().map_or("", String::as_str);
    let sub = segments.get(1).map_or("", String::as_str);
    let types = if block == "outputs" {
        OUTPUT_TYPES
    } else {
        INPUT_TYPES
    };
    let name = types
        .iter()
        .find(|(_, s)| *s == Some(sub))
        .map_or("", |(n, _)| *n);
    let variable = format!("{ENV_PREFIX}{}_TYPE", block.to_ascii_uppercase());
    (
        format!(
            "`{block}.{sub}` is set but `{block}.type` is not: it takes effect only if \
             the worker's default {} is {name}",
            if block == "outputs" {
                "output"
            } else {
                "input"
            }
        ),
        format!("set `{NAMESPACE}.{block}.type: {name}` (or {variable}={name})"),
    )
}

fn gap_error(gap: &Gap, origins: &Origins) -> SettingError {
    let mut item = gap.list.clone();
    item.push(Seg::Index(gap.next));
    let (env, source) = origins.name_and_source(&pointer(&item));
    let field = dotted(&gap.list);
    SettingError {
        code: "list-gap",
        domain: NAMESPACE,
        message: format!(
            "item {} of `{field}` is set but item {} is not; Spring binds a list only when \
             its items are numbered from 0 without gaps, and refuses to start otherwise; \
             fix: number the items 0, 1, 2, ... (`{field}.{}.*`)",
            gap.next, gap.missing, gap.missing
        ),
        field,
        env,
        replacement: None,
        source,
    }
}

// -------------------------------------------------------------- loading

/// Reads, checks and explains the IO sub-blocks of the `pockethive`
/// domain (run right after its fields): appends their errors, warnings and
/// effective values to `report`, and stores the host layer in the typed
/// settings, which are dropped when an IO value is in error.
pub fn load(sources: &Sources, report: &mut Report) {
    let schemas = SchemaSet::builtin();
    let Some(schema) = schemas.schema(IO_REFERENCE_KIND) else {
        report
            .errors
            .push(internal("the IO reference schema is missing"));
        return;
    };
    // Past the per-file cap, warnings are counted, not built (90,000
    // unknown keys would otherwise hold 90,000 messages).
    let mut warnings = CappedWarnings::new(MAX_PER_FILE);
    let entries = collect(sources, schema, &mut warnings);
    let selectors = selectors(report);
    let (config, gaps) = build(&entries, &selectors);
    let issues = if entries.is_empty() {
        Vec::new()
    } else {
        let Some(issues) = schemas.check(IO_REFERENCE_KIND, &config) else {
            report
                .errors
                .push(internal("the IO reference kind has no schema"));
            return;
        };
        issues
    };
    // Built after the check, which needs only the config: the check's
    // own peak is the load's.
    let origins = Origins::new(&entries, &selectors);
    let mut outcome = Outcome {
        errors: gaps.iter().map(|g| gap_error(g, &origins)).collect(),
        warnings,
        invalid: BTreeSet::new(),
    };
    outcome.not_utf8(&entries);
    outcome.add(issues, &config, &selectors, &origins);
    let values = effective_values(entries, &outcome.invalid, &gaps);
    outcome.record(
        report,
        values,
        HostLayer::new(config, origins.into_sources()),
    );
}

/// What the IO values add to a report.
struct Outcome {
    errors: Vec<SettingError>,
    warnings: CappedWarnings,
    /// Pointers of the values in error.
    invalid: BTreeSet<String>,
}

impl Outcome {
    /// Sorts the check's issues into errors and warnings (each issue is
    /// dropped once sorted: only one of the two lists is ever whole).
    fn add(
        &mut self,
        issues: Vec<ConfigIssue>,
        config: &Value,
        selectors: &[Selector],
        origins: &Origins,
    ) {
        for issue in issues {
            // A value already in error (not UTF-8) is reported once.
            if self.invalid.contains(&issue.pointer) {
                continue;
            }
            match verdict(&issue, config, selectors) {
                Verdict::Error => {
                    self.errors.push(issue_error(&issue, origins));
                    self.invalid.insert(issue.pointer);
                }
                Verdict::Warning => {
                    let origin = origins.find(warning_pointer(&issue));
                    let source = origin.map_or(&Provenance::Default, |o| o.source);
                    self.warnings
                        .push_with(issue.finding.code, source, || issue_warning(&issue, origin));
                }
                Verdict::Skip => {}
            }
        }
    }

    /// A winning value whose bytes are not UTF-8 is an error naming its
    /// variable (never the bytes), not an empty string checked as a value.
    fn not_utf8(&mut self, entries: &[(Path, Entry)]) {
        for (path, entry) in entries.iter().filter(|(_, e)| e.raw.not_utf8) {
            self.invalid.insert(pointer(path));
            self.errors.push(crate::settings::not_utf8_error(
                NAMESPACE,
                &dotted(path),
                entry.raw,
                None,
            ));
        }
    }

    /// Appends everything to `report`; keeps the typed settings (with
    /// `host`) only when no IO value is in error.
    fn record(self, report: &mut Report, values: Vec<EffectiveValue>, host: HostLayer) {
        match report.values.iter_mut().find(|d| d.domain == NAMESPACE) {
            Some(domain) => domain.fields.extend(values),
            None => report.values.push(DomainValues {
                domain: NAMESPACE,
                fields: values,
            }),
        }
        report.extend_warnings(self.warnings);
        if self.errors.is_empty() {
            if let Some(settings) = report.settings.get_mut::<super::PocketHiveSettings>() {
                settings.host = host;
            }
        } else {
            report.errors.extend(self.errors);
            report.settings.remove::<super::PocketHiveSettings>();
        }
    }
}

fn internal(message: &str) -> SettingError {
    SettingError {
        code: "internal",
        domain: NAMESPACE,
        field: String::new(),
        env: String::new(),
        replacement: None,
        source: Provenance::Default,
        message: format!("{message}; fix: report this cfgate bug"),
    }
}

/// One explained value per IO entry, secrets masked.
fn effective_values(
    entries: Resolved,
    invalid: &BTreeSet<String>,
    gaps: &[Gap],
) -> Vec<EffectiveValue> {
    entries
        .into_iter()
        .map(|(path, entry)| {
            let field = dotted(&path);
            let secret = is_secret_name(&field) || is_secret_name(&entry.raw.name);
            EffectiveValue {
                env: entry.raw.name.clone(),
                source: entry.raw.provenance.clone(),
                value: if secret {
                    Value::from(MASK)
                } else {
                    entry.value
                },
                secret,
                valid: !invalid.contains(&pointer(&path)) && !after_gap(&path, gaps),
                at_insecure_default: false,
                blank_secret: false,
                field,
            }
        })
        .collect()
}

/// Whether `path` is in an item a list gap left out.
fn after_gap(path: &[Seg], gaps: &[Gap]) -> bool {
    gaps.iter().any(|gap| {
        path.starts_with(&gap.list)
            && matches!(path.get(gap.list.len()), Some(Seg::Index(i)) if *i >= gap.missing)
    })
}

#[cfg(test)]
mod tests;
