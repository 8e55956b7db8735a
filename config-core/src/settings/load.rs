//! Loading one domain: resolve each field's names across the sources,
//! parse, check its rules, build the typed struct, record every effective
//! value with its provenance. Never fails; every problem goes to the report.

use super::parse::{pydantic, ValueSyntax};
use super::report::{self, DomainValues, EffectiveValue};
use super::{Domain, FieldSpec, Kind, Report, SettingError, Warning};
use crate::deprecation::{Registry, Rename};
use crate::provenance::Provenance;
use crate::secret::{mask_secret_fields, MASK};
use crate::source::env::{fold_name, RawValue, Resolution, Sources};
use crate::source::yaml_layer::is_relaxed_name_of;
use std::borrow::Cow;

/// The errors of the file layers themselves (YAML settings files,
/// unreadable `.env.local` lines), reported once per load.
pub(crate) fn source_errors(sources: &Sources, report: &mut Report) {
    for error in sources.file_errors() {
        report.errors.push(SettingError {
            code: error.code,
            domain: "config_file",
            field: String::new(),
            env: String::new(),
            replacement: None,
            source: Provenance::file_at(error.path.clone(), error.line, error.column),
            message: error.message.clone(),
        });
    }
    // The service (python-dotenv) skips a malformed statement with a
    // logged warning and reads the rest: a warning here too, never a
    // different verdict.
    for line in sources.line_errors() {
        report.warnings.push(Warning {
            code: "env-file-syntax",
            env: String::new(),
            replacement: None,
            source: Provenance::file(line.path.clone(), line.error.line()),
            message: line.error.to_string(),
        });
    }
}

/// Loads the domains `domains` into a new report for `component`, with an
/// explicit deprecation registry.
pub fn load_domains(
    component: &'static str,
    domains: &[super::DomainEntry],
    sources: &Sources,
    registry: &Registry,
) -> Report {
    let mut report = Report::new(component);
    source_errors(sources, &mut report);
    for domain in domains {
        domain.load(sources, registry, &mut report);
    }
    report
}

/// Loads the domains of `component` as its process reads them: names in
/// any case when its inputs say so, the env file skipped for the domains
/// that read none, and unknown env-file keys rejected for the domains that
/// forbid them ([`super::Inputs`]).
pub fn load_component(
    component: &super::ComponentSpec,
    sources: &Sources,
    registry: &Registry,
) -> Report {
    let inputs = component.inputs;
    let sources = &*read_as(&inputs, sources);
    let mut report = Report::new(component.name);
    report.values.reserve(component.domains.len());
    source_errors(sources, &mut report);
    let mut without_files = None;
    for domain in component.domains {
        if inputs.env_file_ignored_by.contains(&domain.name) {
            let own = without_files.get_or_insert_with(|| sources.without_env_files());
            domain.load(own, registry, &mut report);
        } else {
            domain.load(sources, registry, &mut report);
        }
        if inputs.env_file_extras_rejected_by.contains(&domain.name) {
            super::extras::reject_env_file_extras(domain, sources, registry, &mut report);
        }
    }
    report
}

/// `sources` as a process with these inputs sees them (names in any case
/// when it reads them so).
pub fn read_as<'s>(inputs: &super::Inputs, sources: &'s Sources) -> std::borrow::Cow<'s, Sources> {
    let fold = inputs.case_insensitive_names && !sources.is_case_insensitive();
    if fold || sources.value_syntax() != inputs.value_syntax {
        let mut owned = sources.clone().with_value_syntax(inputs.value_syntax);
        if fold {
            owned = owned.case_insensitive();
        }
        std::borrow::Cow::Owned(owned)
    } else {
        std::borrow::Cow::Borrowed(sources)
    }
}

/// One field after resolution: which raw value (if any) it takes.
struct Resolved<'a, 'r> {
    new_name: Cow<'static, str>,
    raw: Option<&'a RawValue>,
    /// The rename when the value was read under a deprecated name.
    via: Option<&'r Rename>,
    /// Every value under any of the field's names, in any source, that is
    /// not UTF-8 (with its rename when under a deprecated name): each is an
    /// error, whichever name wins.
    not_utf8: Vec<(&'a RawValue, Option<&'r Rename>)>,
}

/// A field's variable name and its lower-cased form ([`fold_name`]): the
/// derive writes both at compile time ([`super::Domain::ENV_NAMES`]), so a
/// load builds neither; a domain without them gets them built here.
pub(crate) fn field_names(
    env_names: &'static [(&'static str, &'static str)],
    index: usize,
    prefix: &str,
    spec: &FieldSpec,
) -> (Cow<'static, str>, Cow<'static, str>) {
    match env_names.get(index) {
        Some(&(name, folded)) => (Cow::Borrowed(name), Cow::Borrowed(folded)),
        None => {
            let name = spec.env_name(prefix);
            let folded = fold_name(&name);
            (Cow::Owned(name), Cow::Owned(folded))
        }
    }
}

/// Resolves one field's names, recording deprecation and conflict warnings.
fn resolve_field<'a, 'r>(
    sources: &'a Sources,
    registry: &'r Registry,
    (new_name, folded_new): (Cow<'static, str>, Cow<'static, str>),
    spec: &FieldSpec,
    warnings: &mut Vec<Warning>,
) -> Resolved<'a, 'r> {
    // Collecting no rename allocates nothing.
    let renames: Vec<&'r Rename> = registry.by_new(&new_name).collect();
    let mut resolution = match renames.as_slice() {
        [] => sources.resolve_folded(&[&new_name], &[&folded_new]),
        // The usual rename: one old name, no list built (going through
        // `Sources::resolve` instead costs validate_all(worker) 5-7%).
        [rename] => {
            let folded_old = fold_name(&rename.old);
            sources.resolve_folded(&[&new_name, &rename.old], &[&folded_new, &folded_old])
        }
        _ => {
            let folded_old: Vec<String> = renames.iter().map(|r| fold_name(&r.old)).collect();
            let mut names: Vec<&str> = Vec::with_capacity(1 + renames.len());
            names.push(&new_name);
            names.extend(renames.iter().map(|r| r.old.as_str()));
            let mut folded: Vec<&str> = Vec::with_capacity(1 + renames.len());
            folded.push(&folded_new);
            folded.extend(folded_old.iter().map(String::as_str));
            sources.resolve_folded(&names, &folded)
        }
    };
    if spec.kind == Kind::StrList && sources.value_syntax() == ValueSyntax::Pydantic {
        resolution = skip_null_lists(resolution);
    }
    // A file value's name is its dotted path; its relaxed form is the
    // variable name the registry knows.
    let rename_of = |raw: &RawValue| {
        renames
            .iter()
            .copied()
            .find(|r| r.old == raw.name || is_relaxed_name_of(&r.old, &raw.name))
    };
    let chosen = resolution.chosen;
    if !renames.is_empty() {
        // One warning per name and place (places compared as printed).
        let mut seen: Vec<&RawValue> = Vec::new();
        for raw in chosen
            .iter()
            .copied()
            .chain(resolution.shadowed.iter().copied())
        {
            let Some(rename) = rename_of(raw) else {
                continue;
            };
            let repeated = seen.iter().any(|s| {
                s.name == raw.name
                    && (s.provenance == raw.provenance
                        || s.provenance.to_string() == raw.provenance.to_string())
            });
            if !repeated {
                seen.push(raw);
                warnings.push(Warning::deprecated(rename, raw, chosen));
            }
        }
    }
    if let Some(winner) = chosen {
        for loser in &resolution.shadowed {
            if (loser.value == winner.value && loser.not_utf8 == winner.not_utf8)
                || loser.name == winner.name
            {
                continue;
            }
            // Only a new/deprecated pair is a naming conflict.
            let rename = rename_of(winner).or_else(|| rename_of(loser));
            if let Some(rename) = rename {
                warnings.push(Warning::conflict(rename, winner, loser));
            }
        }
    }
    let not_utf8 = chosen
        .iter()
        .copied()
        .chain(resolution.shadowed.iter().copied())
        .filter(|raw| raw.not_utf8)
        .map(|raw| (raw, rename_of(raw)))
        .collect();
    Resolved {
        via: chosen.and_then(rename_of),
        new_name,
        raw: chosen,
        not_utf8,
    }
}

/// pydantic-settings decodes a list field's value with `json.loads` and
/// drops the field from a source where that gives `None`: a JSON `null`
/// (surrounding JSON white space allowed) leaves it unset there, and the
/// next source, or the default, decides (SETTINGS.md §1.5, §2.2). Within
/// one source the first name present decides, so a `null` there hides the
/// source's other names too. The `null` values stay shadowed.
fn skip_null_lists(resolution: Resolution<'_>) -> Resolution<'_> {
    let mut found = resolution.chosen.into_iter().chain(resolution.shadowed);
    let mut chosen = None;
    let mut shadowed = Vec::new();
    let mut nulled: Vec<&Provenance> = Vec::new();
    for raw in found.by_ref() {
        if nulled.iter().any(|p| same_source(p, &raw.provenance)) {
            shadowed.push(raw);
        } else if is_json_null(raw) {
            nulled.push(&raw.provenance);
            shadowed.push(raw);
        } else {
            chosen = Some(raw);
            break;
        }
    }
    shadowed.extend(found);
    Resolution { chosen, shadowed }
}

/// Whether `json.loads` of the value gives `None`.
fn is_json_null(raw: &RawValue) -> bool {
    !raw.not_utf8
        && serde_json::from_str::<serde_json::Value>(&raw.value).is_ok_and(|v| v.is_null())
}

/// Whether two values come from the same source (the process environment,
/// or one file).
fn same_source(a: &Provenance, b: &Provenance) -> bool {
    match (a, b) {
        (Provenance::Env { .. }, Provenance::Env { .. }) => true,
        (Provenance::File { path: p, .. }, Provenance::File { path: q, .. })
        | (Provenance::FileAt { path: p, .. }, Provenance::FileAt { path: q, .. }) => p == q,
        _ => a == b,
    }
}

/// What one field contributes to the report, before rule checks; it
/// borrows from the sources and the registry, and the report copies only
/// what it keeps.
struct FieldOutcome<'a> {
    value: serde_json::Value,
    parsed: bool,
    env: Cow<'a, str>,
    replacement: Option<&'a str>,
    source: &'a Provenance,
    raw: Option<&'a str>,
}

/// The source of a field left at its default.
static DEFAULT_SOURCE: Provenance = Provenance::Default;

/// Loads domain `D` into `report`: its fields, then its `after_load` hook.
pub fn load_domain_into<D: Domain>(sources: &Sources, registry: &Registry, report: &mut Report) {
    load_domain::<D>(sources, registry, report);
    D::after_load(sources, report);
}

fn load_domain<D: Domain>(sources: &Sources, registry: &Registry, report: &mut Report) {
    let first_error = report.errors.len();
    load_domain_fields::<D>(sources, registry, report);
    // Parse errors are found before rule errors; report both in field order.
    let position = |e: &SettingError| D::fields().iter().position(|f| f.name == e.field);
    if let Some(errors) = report.errors.get_mut(first_error..) {
        errors.sort_by_key(position);
    }
}

fn load_domain_fields<D: Domain>(sources: &Sources, registry: &Registry, report: &mut Report) {
    let specs = D::fields();
    let mut values: Vec<serde_json::Value> = Vec::with_capacity(specs.len());
    let mut outcomes = Vec::with_capacity(specs.len());
    for (index, spec) in specs.iter().enumerate() {
        let names = field_names(D::ENV_NAMES, index, D::PREFIX, spec);
        let resolved = resolve_field(sources, registry, names, spec, &mut report.warnings);
        let outcome = parse_field::<D>(
            spec,
            resolved,
            sources.value_syntax(),
            &mut report.errors,
            &mut report.warnings,
        );
        let mut failed = !outcome.parsed;
        if !failed {
            if let Some(rule) = spec.broken_rule(&outcome.value) {
                // Rules are data on the field: the same value prints the
                // rule in the docs and checks it here.
                report
                    .errors
                    .push(field_error::<D>(spec, &outcome, "rule", &rule));
                failed = true;
            }
        }
        // A field that failed takes its default so the struct can still be
        // built and every other field still checked.
        let value = if failed {
            fallback_value(spec)
        } else {
            outcome.value.clone()
        };
        values.push(value);
        outcomes.push((spec, outcome, failed));
    }
    let typed = match D::build(values) {
        Ok(typed) => Some(typed),
        Err(e) => {
            // A default that does not fit the field's type: a declaration
            // defect caught by each service's tests; reported, not a panic.
            report.errors.push(SettingError {
                code: "internal",
                domain: D::NAME,
                field: e.field.to_string(),
                env: String::new(),
                replacement: None,
                source: Provenance::Default,
                message: format!("settings declaration defect: {e}"),
            });
            None
        }
    };
    let all_valid = outcomes.iter().all(|(_, _, failed)| !failed);
    report.values.push(DomainValues {
        domain: D::NAME,
        fields: outcomes
            .into_iter()
            .map(|(spec, o, failed)| effective_value(spec, o, !failed))
            .collect(),
    });
    if let (true, Some(typed)) = (all_valid, typed) {
        report.settings.insert(typed);
    }
}

/// One explained field: secrets (by the field's type) masked, a URL's
/// password masked, the raw text when invalid.
fn effective_value(spec: &FieldSpec, o: FieldOutcome<'_>, valid: bool) -> EffectiveValue {
    let at_insecure_default = spec.insecure_default
        && (*o.source == Provenance::Default
            || o.raw
                .zip(spec.default)
                .is_some_and(|(raw, d)| d.is_text(raw)));
    let blank_secret = spec.is_secret()
        && *o.source != Provenance::Default
        && o.raw.is_some_and(|raw| raw.trim().is_empty())
        && spec.default.is_some_and(|d| !d.text().is_empty());
    EffectiveValue {
        field: spec.name.to_string(),
        env: o.env.into_owned(),
        source: o.source.clone(),
        value: if spec.is_secret() {
            serde_json::Value::from(MASK)
        } else {
            let mut value = if o.parsed {
                o.value
            } else {
                o.raw
                    .map_or(serde_json::Value::Null, serde_json::Value::from)
            };
            // A URL's password (`http://u:pw@otel:4317`) is a secret too.
            mask_secret_fields(&mut value);
            value
        },
        secret: spec.is_secret(),
        valid,
        at_insecure_default,
        blank_secret,
    }
}

/// The stand-in for a failed field: its default, or an empty string for a
/// required field without one (the domain is not stored either way).
fn fallback_value(spec: &FieldSpec) -> serde_json::Value {
    match default_value(spec) {
        serde_json::Value::Null if spec.required => serde_json::Value::from(""),
        value => value,
    }
}

fn default_value(spec: &FieldSpec) -> serde_json::Value {
    spec.default_json()
}

/// Parses the resolved value; a field whose value is not UTF-8 (under
/// any of its names) fails without a value to show.
fn parse_field<'a, D: Domain>(
    spec: &FieldSpec,
    resolved: Resolved<'a, 'a>,
    syntax: ValueSyntax,
    errors: &mut Vec<SettingError>,
    warnings: &mut Vec<Warning>,
) -> FieldOutcome<'a> {
    for (raw, rename) in &resolved.not_utf8 {
        errors.push(not_utf8_error(D::NAME, spec.name, raw, *rename));
    }
    let Some(raw) = resolved.raw else {
        let outcome = FieldOutcome {
            value: default_value(spec),
            parsed: !spec.required,
            env: resolved.new_name,
            replacement: None,
            source: &DEFAULT_SOURCE,
            raw: None,
        };
        if spec.required {
            errors.push(missing_error::<D>(spec, &outcome));
        }
        return outcome;
    };
    let mut outcome = FieldOutcome {
        value: serde_json::Value::Null,
        parsed: false,
        env: Cow::Borrowed(raw.name.as_str()),
        replacement: resolved.via.map(|r| r.new.as_str()),
        source: &raw.provenance,
        raw: raw.text(),
    };
    if !resolved.not_utf8.is_empty() {
        // Already reported above; the field fails without a value to show.
        return outcome;
    }
    if spec.required && raw.value.trim().is_empty() {
        errors.push(field_error::<D>(
            spec,
            &outcome,
            "blank",
            "required, must not be blank",
        ));
        return outcome;
    }
    match spec.kind.parse_with(&raw.value, syntax) {
        Ok(value) => {
            outcome.value = value;
            outcome.parsed = true;
            if syntax == ValueSyntax::Pydantic {
                beyond_json::<D>(spec, &raw.value, &mut outcome, errors, warnings);
            }
        }
        Err(expected) => errors.push(field_error::<D>(spec, &outcome, "parse", &expected)),
    }
    outcome
}

/// Values pydantic accepts that JSON and `i64` cannot hold: `nan`, `inf`
/// and integers beyond 64 bits. Their rules are checked on the real value
/// (`nan` breaks every rule, as in Python); the typed value is the nearest
/// one that fits, and a warning says so.
fn beyond_json<D: Domain>(
    spec: &FieldSpec,
    raw: &str,
    outcome: &mut FieldOutcome<'_>,
    errors: &mut Vec<SettingError>,
    warnings: &mut Vec<Warning>,
) {
    let what = match spec.kind {
        Kind::Float => match pydantic::float(raw) {
            Ok(v) if v.is_nan() => {
                if let Some(rule) = spec.broken_rule(&serde_json::Value::from(-1.0)) {
                    errors.push(field_error::<D>(spec, outcome, "rule", &rule));
                    outcome.parsed = false;
                    return;
                }
                outcome.value = serde_json::Value::from(0.0);
                "nan (shown and typed here as 0.0)"
            }
            Ok(v) if v.is_infinite() => {
                "infinite (shown and typed here as the largest finite number)"
            }
            _ => return,
        },
        Kind::Int => match pydantic::int(raw) {
            Ok((_, true)) => {
                "an integer beyond 64 bits (shown and typed here as the nearest 64-bit one)"
            }
            _ => return,
        },
        _ => return,
    };
    warnings.push(Warning {
        code: BEYOND_RANGE,
        message: format!(
            "'{}' is {what}: the service accepts it and keeps the exact value; its rules were \
             checked on the exact value",
            outcome.env
        ),
        env: outcome.env.to_string(),
        replacement: None,
        source: outcome.source.clone(),
    });
}

/// The warning code of a value beyond what JSON and `i64` hold.
pub(super) const BEYOND_RANGE: &str = "beyond-range";

/// A required field set in no source: names every place it can be set.
fn missing_error<D: Domain>(spec: &FieldSpec, outcome: &FieldOutcome<'_>) -> SettingError {
    let file = D::FILE_NAMESPACE
        .map(|ns| format!(" or '{ns}.{}' in the config file", spec.name))
        .unwrap_or_default();
    SettingError {
        code: "missing",
        domain: D::NAME,
        field: spec.name.to_string(),
        env: outcome.env.to_string(),
        replacement: None,
        source: Provenance::Default,
        message: format!(
            "required but not set; fix: set '{}' in the environment{file}",
            outcome.env
        ),
    }
}

/// A variable holding bytes that are not UTF-8, read for `domain.field`:
/// names the variable and its source, never the bytes.
pub(crate) fn not_utf8_error(
    domain: &'static str,
    field: &str,
    raw: &RawValue,
    rename: Option<&Rename>,
) -> SettingError {
    let alias = rename
        .map(|r| format!(" ('{}' is deprecated; its new name is '{}')", r.old, r.new))
        .unwrap_or_default();
    SettingError {
        code: "not-utf8",
        domain,
        field: field.to_string(),
        env: raw.name.clone(),
        replacement: None,
        source: raw.provenance.clone(),
        message: format!(
            "value is not valid UTF-8 text{alias}; fix: set '{}' to UTF-8 text, or unset it",
            raw.name
        ),
    }
}

/// An error naming the variable read (both names for a deprecated one), its
/// source, the rule and the value unless secret.
fn field_error<D: Domain>(
    spec: &FieldSpec,
    outcome: &FieldOutcome<'_>,
    code: &'static str,
    rule: &str,
) -> SettingError {
    let shown = match (outcome.raw, spec.kind) {
        (_, super::Kind::Secret) => String::new(),
        (Some(raw), _) => format!(", got '{}'", report::shown_value(raw)),
        (None, _) => String::from(", got the default"),
    };
    let alias = outcome
        .replacement
        .map(|new| {
            format!(
                " (read from deprecated '{}'; its new name is '{new}')",
                outcome.env
            )
        })
        .unwrap_or_default();
    SettingError {
        code,
        domain: D::NAME,
        field: spec.name.to_string(),
        env: outcome.env.to_string(),
        replacement: outcome.replacement.map(str::to_string),
        source: outcome.source.clone(),
        message: format!("{rule}{shown}{alias}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_built_for_a_domain_without_compiled_ones() {
        let spec = FieldSpec::new("control-plane.swarm-id", Kind::Str);
        let (name, folded) = field_names(&[], 0, "Ph_", &spec);
        assert_eq!(name, "Ph_CONTROL_PLANE_SWARM_ID");
        assert_eq!(folded, "ph_control_plane_swarm_id");
        let compiled = &[("A_B", "a_b")];
        assert_eq!(
            field_names(compiled, 0, "X_", &spec),
            ("A_B".into(), "a_b".into())
        );
    }
}
