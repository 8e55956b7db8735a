//! `vars.*` references and the `variables.yaml` contract (VALIDATOR.md
//! §10.6-§10.7).
//!
//! Every `.yaml`/`.yml`/`.json` file of the bundle is scanned as raw text
//! for `vars.<name>`; any reference needs a `variables.yaml` (PH620) that
//! defines the name (PH621). The file itself is bound strictly and checked
//! in the platform's order; like the platform, only the first failure is
//! reported (PH622). Profiles lacking a required value are warnings (PH623):
//! the platform accepts the bundle and fails at swarm create.

use super::codes::{VARIABLES_INVALID, VARIABLES_MISSING, VARIABLE_REQUIRED, VARIABLE_UNKNOWN};
use super::file::{at, coerced_string, path_at, scalar, BundleFile, Parsed, Scalar};
use super::model::{
    VARIABLES_DEFINITION_FIELDS, VARIABLES_FIELDS, VARIABLES_PROFILE_FIELDS,
    VARIABLES_VALUES_FIELDS,
};
use super::{finding_in, Bundle, VARIABLES_FILE};
use crate::finding::{Finding, Location, Position};
use crate::source::yaml::{Entry, Node, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A `vars.<name>` reference: the name and where it first occurs in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    /// The variable name.
    pub name: String,
    /// 1-based position of `vars`.
    pub at: Position,
}

/// The references of a text, first occurrence of each name, in order
/// (`\bvars\.([A-Za-z_][A-Za-z0-9_]*)\b`, ASCII word characters).
///
/// ```
/// use config_core::bundle::variables::references_in;
/// let refs = references_in("a: {{ vars.x }} myvars.y $vars.z vars.9 Vars.w vars.x");
/// let names: Vec<_> = refs.iter().map(|r| r.name.as_str()).collect();
/// assert_eq!(names, ["x", "z"]);
/// ```
pub fn references_in(text: &str) -> Vec<VarRef> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out: Vec<VarRef> = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find("vars.")) {
        let start = from + i;
        from = start + 5;
        if start > 0 && bytes.get(start - 1).copied().is_some_and(word) {
            continue;
        }
        let name_start = start + 5;
        let first = bytes.get(name_start).copied();
        if !first.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            continue;
        }
        let len = bytes
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| word(b))
            .count();
        let name = text.get(name_start..name_start + len).unwrap_or_default();
        if !out.iter().any(|r| r.name == name) {
            out.push(VarRef {
                name: name.to_string(),
                at: position_of(text, start),
            });
        }
        from = name_start + len;
    }
    out
}

fn position_of(text: &str, offset: usize) -> Position {
    let head = text.get(..offset).unwrap_or_default();
    let line = head.matches('\n').count() + 1;
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let column = head.get(line_start..).unwrap_or_default().chars().count() + 1;
    Position { line, column }
}

/// PH620 / PH621 (SBV:1773-1841).
pub fn check_references(bundle: &Bundle<'_>) -> Vec<Finding> {
    // The descriptor is among the files; its text is the checked one.
    let refs: Vec<(&BundleFile, Vec<VarRef>)> = bundle
        .files()
        .iter()
        .map(|f| (f, references_in(&f.text)))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let Some((first_file, first_refs)) = refs.first() else {
        return Vec::new();
    };
    let Some(variables) = bundle
        .file(VARIABLES_FILE)
        .filter(|_| bundle.has_file(VARIABLES_FILE))
    else {
        let mut names: Vec<&str> = Vec::new();
        for (_, rs) in &refs {
            for r in rs {
                if !names.contains(&r.name.as_str()) {
                    names.push(&r.name);
                }
            }
        }
        let listed = names
            .iter()
            .map(|n| format!("vars.{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let at = first_refs
            .first()
            .map_or(Position { line: 1, column: 1 }, |r| r.at);
        return vec![in_file_or_scenario(
            bundle,
            first_file,
            Finding::error(
                VARIABLES_MISSING,
                format!("bundle references {listed} but {VARIABLES_FILE} is missing"),
            )
            .with_fix(format!(
                "add {VARIABLES_FILE} at the bundle root (exactly that name) defining these \
                 variables, or remove the references"
            )),
            at,
        )];
    };
    // Unreadable or unbindable: the contract check reports it (SBV:1808-1810).
    let Some(Ok(parsed)) = cached(bundle) else {
        return Vec::new();
    };
    let Ok(doc) = bind_root(parsed.root()) else {
        return Vec::new();
    };
    let defined: BTreeSet<String> = doc
        .definitions
        .iter()
        .flatten()
        .filter_map(|d| d.name.as_ref())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let definitions_at = doc
        .definitions_key
        .map_or(Position { line: 1, column: 1 }, |n| at(n.span));
    let mut findings = Vec::new();
    for (file, rs) in &refs {
        for r in rs.iter().filter(|r| !defined.contains(&r.name)) {
            findings.push(
                in_file_or_scenario(
                    bundle,
                    file,
                    Finding::error(
                        VARIABLE_UNKNOWN,
                        format!("vars.{} is not defined in {VARIABLES_FILE}", r.name),
                    )
                    .with_fix(format!(
                        "add a definition named '{}' to {VARIABLES_FILE}, or correct the reference",
                        r.name
                    )),
                    r.at,
                )
                .related(Location {
                    file: variables.display.clone(),
                    line: definitions_at.line,
                    column: definitions_at.column,
                    note: "the variable definitions".into(),
                }),
            );
        }
    }
    findings
}

/// Findings in `scenario.yaml` carry no file of their own.
fn in_file_or_scenario(
    bundle: &Bundle<'_>,
    file: &BundleFile,
    finding: Finding,
    at: Position,
) -> Finding {
    if file.rel == "scenario.yaml" && file.text == bundle.scenario_text {
        finding.at(at)
    } else {
        finding_in(file, finding, at)
    }
}

/// A definition as bound.
#[derive(Debug, Clone)]
struct Definition<'f> {
    name: Option<String>,
    scope: Option<String>,
    kind: Option<String>,
    required: Option<bool>,
    node: &'f Node,
}

/// A key and its value map (`None`: null).
type ValueMap<'f> = (&'f Entry, Option<&'f [Entry]>);

/// `variables.yaml` as bound (SS:2101-2160).
struct VariablesDoc<'f> {
    version: i64,
    definitions_key: Option<&'f Node>,
    /// `None` entries are null list items.
    definitions: Vec<Option<Definition<'f>>>,
    profiles: Vec<(Option<String>, &'f Node)>,
    /// profile entry -> variable entries (None: null map).
    global: Vec<ValueMap<'f>>,
    /// profile entry -> sut entry -> variable entries.
    sut: Vec<(&'f Entry, Vec<ValueMap<'f>>)>,
    root: &'f Node,
}

/// A reason the file is invalid, and where.
struct Invalid {
    message: String,
    at: Position,
}

fn invalid(message: impl Into<String>, node: &Node) -> Invalid {
    Invalid {
        message: message.into(),
        at: at(node.span),
    }
}

const PARSE: &str = "Failed to parse variables.yaml";

/// `variables.yaml` as read (F15: blank, syntax, duplicate keys,
/// undecodable values), parsed once per bundle; `None` when absent.
fn cached<'b>(bundle: &'b Bundle<'_>) -> Option<Result<&'b Parsed, Invalid>> {
    let file = bundle.file(VARIABLES_FILE)?;
    if file.text.trim().is_empty() {
        return Some(Err(Invalid {
            message: format!("{VARIABLES_FILE} must not be empty"),
            at: Position { line: 1, column: 1 },
        }));
    }
    Some(file.parse(bundle.limits).map_err(|e| Invalid {
        message: format!("{PARSE}: {}", e.message),
        at: e.at,
    }))
}

fn bind_root<'f>(root: &'f Node) -> Result<VariablesDoc<'f>, Invalid> {
    let entries = match &root.value {
        Value::Map(entries) => &entries[..],
        Value::Null => {
            return Err(invalid(format!("{VARIABLES_FILE} parsed as null"), root));
        }
        _ => {
            return Err(invalid(
                format!("{PARSE}: the document must be a mapping"),
                root,
            ))
        }
    };
    strict_keys(entries, VARIABLES_FIELDS, "variables.yaml")?;
    let mut doc = VariablesDoc {
        version: 0,
        definitions_key: None,
        definitions: Vec::new(),
        profiles: Vec::new(),
        global: Vec::new(),
        sut: Vec::new(),
        root,
    };
    for entry in entries {
        let value = &entry.value;
        match entry.key.key_text().as_str() {
            "version" => doc.version = bind_int(value)?,
            "definitions" => {
                doc.definitions_key = Some(&entry.key);
                for item in seq_or_null(value, "definitions")? {
                    doc.definitions.push(bind_definition(item)?);
                }
            }
            "profiles" => {
                for item in seq_or_null(value, "profiles")? {
                    doc.profiles.push(bind_profile(item)?);
                }
            }
            "values" => bind_values(value, &mut doc)?,
            _ => {}
        }
    }
    Ok(doc)
}

fn strict_keys(entries: &[Entry], allowed: &[&str], what: &str) -> Result<(), Invalid> {
    for entry in entries {
        let key = entry.key.key_text();
        if !allowed.contains(&key.as_str()) {
            return Err(invalid(
                format!(
                    "{PARSE}: unrecognized field \"{key}\" in {what} (known: {})",
                    allowed.join(", ")
                ),
                &entry.key,
            ));
        }
    }
    Ok(())
}

fn is_null(node: &Node) -> bool {
    matches!(scalar(node), Some(Scalar::Null))
}

fn seq_or_null<'f>(node: &'f Node, what: &str) -> Result<&'f [Node], Invalid> {
    match &node.value {
        Value::Seq(items) => Ok(items),
        _ if is_null(node) => Ok(&[]),
        _ => Err(invalid(format!("{PARSE}: {what} must be a list"), node)),
    }
}

fn map_or_null<'f>(node: &'f Node, what: &str) -> Result<Option<&'f [Entry]>, Invalid> {
    match &node.value {
        Value::Map(entries) => Ok(Some(entries)),
        _ if is_null(node) => Ok(None),
        _ => Err(invalid(format!("{PARSE}: {what} must be a mapping"), node)),
    }
}

fn bind_string(node: &Node, what: &str) -> Result<Option<String>, Invalid> {
    coerced_string(node).map_err(|()| invalid(format!("{PARSE}: {what} must be a string"), node))
}

/// A Java primitive `int` (D18 rules).
fn bind_int(node: &Node) -> Result<i64, Invalid> {
    let bad = || invalid(format!("{PARSE}: version must be an integer"), node);
    match scalar(node) {
        Some(Scalar::Null) => Ok(0),
        Some(Scalar::Int(Some(v))) if i32::try_from(v).is_ok() => Ok(v),
        // Truncated toward zero, as Jackson binds a float into an int.
        Some(Scalar::Float(f)) if f.is_finite() && f.abs() < 2_147_483_648.0 => {
            Ok(f.trunc() as i64)
        }
        Some(Scalar::Str(s)) => {
            let t = s.trim();
            if t.is_empty() {
                Ok(0)
            } else {
                t.parse::<i32>().map(i64::from).map_err(|_| bad())
            }
        }
        _ => Err(bad()),
    }
}

/// A Java `Boolean` (D21 rules).
fn bind_bool(node: &Node) -> Result<Option<bool>, Invalid> {
    let bad = || invalid(format!("{PARSE}: required must be a boolean"), node);
    match scalar(node) {
        Some(Scalar::Null) => Ok(None),
        Some(Scalar::Bool(b)) => Ok(Some(b)),
        Some(Scalar::Int(v)) => Ok(Some(v != Some(0))),
        Some(Scalar::Str(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

/// An enum bound through a trimming, upper-casing creator.
fn bind_enum(node: &Node, what: &str, allowed: &[&str]) -> Result<Option<String>, Invalid> {
    let Some(raw) = bind_string(node, what)? else {
        return Ok(None);
    };
    let value = raw.trim().to_uppercase();
    if value.is_empty() {
        return Ok(None);
    }
    if allowed.contains(&value.as_str()) {
        Ok(Some(value))
    } else {
        Err(invalid(
            format!(
                "{PARSE}: {what} '{}' is not one of {}",
                raw.trim(),
                allowed.join(", ").to_lowercase()
            ),
            node,
        ))
    }
}

/// The variable scopes.
pub const SCOPES: [&str; 2] = ["GLOBAL", "SUT"];
/// The variable types.
pub const TYPES: [&str; 5] = ["STRING", "INT", "FLOAT", "BOOL", "OBJECT"];

fn bind_definition<'f>(node: &'f Node) -> Result<Option<Definition<'f>>, Invalid> {
    let Some(entries) = map_or_null(node, "a definition")? else {
        return Ok(None);
    };
    strict_keys(entries, VARIABLES_DEFINITION_FIELDS, "a definition")?;
    let mut def = Definition {
        name: None,
        scope: None,
        kind: None,
        required: None,
        node,
    };
    for entry in entries {
        let v = &entry.value;
        match entry.key.key_text().as_str() {
            "name" => def.name = bind_string(v, "name")?,
            "scope" => def.scope = bind_enum(v, "scope", &SCOPES)?,
            "type" => def.kind = bind_enum(v, "type", &TYPES)?,
            "required" => def.required = bind_bool(v)?,
            _ => {}
        }
    }
    Ok(Some(def))
}

fn bind_profile(node: &Node) -> Result<(Option<String>, &Node), Invalid> {
    let Some(entries) = map_or_null(node, "a profile")? else {
        return Ok((None, node));
    };
    strict_keys(entries, VARIABLES_PROFILE_FIELDS, "a profile")?;
    let mut id = None;
    for entry in entries {
        match entry.key.key_text().as_str() {
            "id" => id = bind_string(&entry.value, "id")?,
            "name" => {
                bind_string(&entry.value, "name")?;
            }
            _ => {}
        }
    }
    Ok((id, node))
}

fn bind_values<'f>(node: &'f Node, doc: &mut VariablesDoc<'f>) -> Result<(), Invalid> {
    let Some(entries) = map_or_null(node, "values")? else {
        return Ok(());
    };
    strict_keys(entries, VARIABLES_VALUES_FIELDS, "values")?;
    for entry in entries {
        let Some(profiles) = map_or_null(&entry.value, "values.global / values.sut")? else {
            continue;
        };
        let is_global = entry.key.key_text() == "global";
        for profile in profiles {
            let inner = map_or_null(&profile.value, "a profile's values")?;
            if is_global {
                doc.global.push((profile, inner));
                continue;
            }
            let mut suts = Vec::new();
            for sut in inner.unwrap_or_default() {
                suts.push((sut, map_or_null(&sut.value, "a SUT's values")?));
            }
            doc.sut.push((profile, suts));
        }
    }
    Ok(())
}

/// PH622 (first failure only) and PH623 (SBV:507-673, 1930-2020).
pub fn check_contract(bundle: &Bundle<'_>, sut_ids: &[String]) -> Vec<Finding> {
    let Some(file) = bundle
        .file(VARIABLES_FILE)
        .filter(|_| bundle.has_file(VARIABLES_FILE))
    else {
        return Vec::new();
    };
    // The path of a failure is found by its position in the tree.
    let mut path = String::new();
    let Some(parsed) = cached(bundle) else {
        return Vec::new();
    };
    let result = parsed.and_then(|parsed| {
        let checked = bind_root(parsed.root()).and_then(|doc| {
            validate(&doc, sut_ids).map(|w| {
                w.into_iter()
                    .map(|(m, node)| (m, at(node.span), path_at(parsed.root(), at(node.span))))
                    .collect::<Vec<_>>()
            })
        });
        if let Err(e) = &checked {
            path = path_at(parsed.root(), e.at);
        }
        checked
    });
    match result {
        Ok(warnings) => warnings
            .into_iter()
            .map(|(message, position, path)| {
                finding_in(
                    file,
                    Finding::warning(VARIABLE_REQUIRED, message)
                        .with_path(path)
                        .with_fix(
                            "give the variable a value in this profile (and SUT); the platform \
                         accepts the bundle but refuses to create a swarm with this profile",
                        ),
                    position,
                )
            })
            .collect(),
        Err(e) => vec![finding_in(
            file,
            Finding::error(VARIABLES_INVALID, e.message)
                .with_path(path)
                .with_fix(
                    "fix variables.yaml: `version: 1`, non-empty `definitions` (name, scope \
                 global|sut, type string|int|float|bool|object), `profiles` with ids, \
                 `values.global.<profile>` and `values.sut.<profile>.<sutId>` maps of \
                 defined variables",
                ),
            e.at,
        )],
    }
}

type Warnings<'f> = Vec<(String, &'f Node)>;

fn validate<'f>(doc: &VariablesDoc<'f>, sut_ids: &[String]) -> Result<Warnings<'f>, Invalid> {
    let root = doc.root;
    if doc.version != 1 {
        let node = root.get("version").unwrap_or(root);
        return Err(invalid(format!("{VARIABLES_FILE} version must be 1"), node));
    }
    if doc.definitions.is_empty() {
        let node = doc.definitions_key.unwrap_or(root);
        return Err(invalid(
            format!("{VARIABLES_FILE} must contain non-empty definitions[]"),
            node,
        ));
    }
    let mut by_name: BTreeMap<String, &Definition<'f>> = BTreeMap::new();
    let mut names_in_order: Vec<String> = Vec::new();
    for (i, def) in doc.definitions.iter().enumerate() {
        let item_node = doc
            .definitions_key
            .and_then(|_| root.get("definitions"))
            .and_then(Node::as_seq)
            .and_then(|s| s.get(i))
            .unwrap_or(root);
        let Some(def) = def
            .as_ref()
            .filter(|d| d.name.as_ref().is_some_and(|n| !n.trim().is_empty()))
        else {
            return Err(invalid(
                format!("{VARIABLES_FILE} definitions[].name must not be blank"),
                item_node,
            ));
        };
        let name = def.name.as_deref().unwrap_or_default().trim().to_string();
        if by_name.insert(name.clone(), def).is_some() {
            return Err(invalid(
                format!("Duplicate variable definition name '{name}'"),
                def.node,
            ));
        }
        names_in_order.push(name.clone());
        if def.scope.is_none() {
            return Err(invalid(
                format!("Variable '{name}' missing scope"),
                def.node,
            ));
        }
        if def.kind.is_none() {
            return Err(invalid(format!("Variable '{name}' missing type"), def.node));
        }
    }
    let mut profile_ids: Vec<String> = Vec::new();
    for (id, node) in &doc.profiles {
        let Some(id) = id.as_deref().map(str::trim).filter(|i| !i.is_empty()) else {
            return Err(invalid(
                format!("{VARIABLES_FILE} profiles[].id must not be blank"),
                node,
            ));
        };
        if profile_ids.iter().any(|p| p == id) {
            return Err(invalid(format!("Duplicate profile id '{id}'"), node));
        }
        profile_ids.push(id.to_string());
    }
    if !profile_ids.is_empty() {
        for (label, entry) in doc
            .global
            .iter()
            .map(|(e, _)| ("values.global", *e))
            .chain(doc.sut.iter().map(|(e, _)| ("values.sut", *e)))
        {
            let key = entry.key.key_text();
            if !profile_ids.contains(&key) {
                return Err(invalid(
                    format!("{label} contains unknown profile '{key}' (not present in profiles[])"),
                    &entry.key,
                ));
            }
        }
    }
    for (profile, suts) in &doc.sut {
        for (sut, _) in suts {
            let sut_id = sut.key.key_text();
            if !sut_ids.contains(&sut_id) {
                return Err(invalid(
                    format!(
                        "values.sut[{}] references unknown sutId '{sut_id}' (not present as sut/<sutId>/sut.yaml)",
                        profile.key.key_text()
                    ),
                    &sut.key,
                ));
            }
        }
    }
    for (profile, values) in &doc.global {
        check_values(
            &by_name,
            values.unwrap_or_default(),
            &format!("values.global[{}]", profile.key.key_text()),
        )?;
    }
    for (profile, suts) in &doc.sut {
        for (sut, values) in suts {
            let label = format!(
                "values.sut[{}][{}]",
                profile.key.key_text(),
                sut.key.key_text()
            );
            check_values(&by_name, values.unwrap_or_default(), &label)?;
        }
    }
    if profile_ids.is_empty() {
        let node = doc.definitions_key.unwrap_or(root);
        return Err(invalid(
            format!("{VARIABLES_FILE} must declare profiles[] when definitions[] are present"),
            node,
        ));
    }
    Ok(required_warnings(
        doc,
        &by_name,
        &names_in_order,
        &profile_ids,
        sut_ids,
    ))
}

fn check_values(
    by_name: &BTreeMap<String, &Definition<'_>>,
    values: &[Entry],
    label: &str,
) -> Result<(), Invalid> {
    for entry in values {
        let key = entry.key.key_text();
        if key.trim().is_empty() {
            return Err(invalid(
                format!("{label} contains blank variable name"),
                &entry.key,
            ));
        }
        let Some(def) = by_name.get(&key) else {
            return Err(invalid(
                format!("{label} contains unknown variable '{key}'"),
                &entry.key,
            ));
        };
        let value = &entry.value;
        let ok = match (def.kind.as_deref(), &value.value) {
            (_, _) if is_null(value) => true,
            (Some("OBJECT"), v) => matches!(v, Value::Map(_)),
            (_, Value::Map(_) | Value::Seq(_)) => false,
            (Some("STRING"), _) => matches!(scalar(value), Some(Scalar::Str(_))),
            (Some("BOOL"), _) => matches!(scalar(value), Some(Scalar::Bool(_))),
            (Some("INT"), _) => {
                matches!(scalar(value), Some(Scalar::Int(Some(v))) if i32::try_from(v).is_ok())
            }
            (Some("FLOAT"), _) => matches!(scalar(value), Some(Scalar::Int(_) | Scalar::Float(_))),
            _ => true,
        };
        if !ok {
            let want = match def.kind.as_deref() {
                Some("STRING") => "a string",
                Some("BOOL") => "a bool",
                Some("INT") => "an int",
                Some("FLOAT") => "a float",
                _ => "an object",
            };
            return Err(invalid(format!("{label}.{key} must be {want}"), value));
        }
    }
    Ok(())
}

fn required_warnings<'f>(
    doc: &VariablesDoc<'f>,
    by_name: &BTreeMap<String, &Definition<'f>>,
    names: &[String],
    profiles: &[String],
    sut_ids: &[String],
) -> Warnings<'f> {
    let required = |scope: &str| -> Vec<&String> {
        names
            .iter()
            .filter(|n| {
                by_name
                    .get(*n)
                    .is_some_and(|d| d.scope.as_deref() == Some(scope) && d.required == Some(true))
            })
            .collect()
    };
    let has = |values: Option<&[Entry]>, name: &str| {
        values
            .unwrap_or_default()
            .iter()
            .any(|e| e.key.key_text() == name && !is_null(&e.value))
    };
    let mut out = Vec::new();
    let anchor = doc.root.get("profiles").unwrap_or(doc.root);
    for profile in profiles {
        let global = doc
            .global
            .iter()
            .find(|(e, _)| e.key.key_text() == *profile);
        let missing: Vec<&str> = required("GLOBAL")
            .into_iter()
            .filter(|n| !has(global.and_then(|g| g.1), n))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let node = global.map_or(anchor, |(e, _)| &e.key);
            out.push((
                format!(
                    "profile '{profile}' is missing required global variables: {}",
                    missing.join(", ")
                ),
                node,
            ));
        }
        let per_sut = doc.sut.iter().find(|(e, _)| e.key.key_text() == *profile);
        for sut in sut_ids {
            let values = per_sut
                .and_then(|(_, s)| s.iter().find(|(e, _)| e.key.key_text() == *sut))
                .and_then(|(_, v)| *v);
            let missing: Vec<&str> = required("SUT")
                .into_iter()
                .filter(|n| !has(values, n))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let node = per_sut.map_or(anchor, |(e, _)| &e.key);
                out.push((
                    format!(
                        "profile '{profile}' sut '{sut}' is missing required sut variables: {}",
                        missing.join(", ")
                    ),
                    node,
                ));
            }
        }
    }
    out
}

/// The resolved variables of each profile (for `cfgate plan`): global
/// values, then per SUT the SUT values over them. Values are JSON.
pub fn resolve(bundle: &Bundle<'_>) -> Option<BTreeMap<String, serde_json::Value>> {
    let parsed = cached(bundle)?.ok()?;
    let doc = bind_root(parsed.root()).ok()?;
    let mut out = BTreeMap::new();
    for (id, _) in &doc.profiles {
        let Some(id) = id.as_deref().map(str::trim) else {
            continue;
        };
        let mut global = serde_json::Map::new();
        if let Some((_, values)) = doc.global.iter().find(|(e, _)| e.key.key_text() == id) {
            for e in values.unwrap_or_default() {
                global.insert(e.key.key_text(), e.value.to_json());
            }
        }
        let mut suts = serde_json::Map::new();
        if let Some((_, per_sut)) = doc.sut.iter().find(|(e, _)| e.key.key_text() == id) {
            for (sut, values) in per_sut {
                let mut merged = global.clone();
                for e in values.unwrap_or_default() {
                    merged.insert(e.key.key_text(), e.value.to_json());
                }
                suts.insert(sut.key.key_text(), serde_json::Value::Object(merged));
            }
        }
        out.insert(
            id.to_string(),
            serde_json::json!({"global": global, "sut": suts}),
        );
    }
    Some(out)
}
