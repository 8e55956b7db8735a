//! One declaration, four readers: loading, `explain`, the JSON Schema and
//! `docs/SETTINGS.md` must agree on every field's default, rule and
//! secrecy, for every domain of every built-in service. Each test drives
//! the real consumers (the loader over injected sources, the schema through
//! a JSON Schema validator, the committed docs file), so a consumer that
//! stops reading the declaration fails here.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::docs;
use super::ktrdr::KTRDR;
use super::pockethive::POCKETHIVE;
use super::service::{ComponentSpec, DomainEntry, Service};
use super::{FieldSpec, Kind, Report, Rule};
use crate::secret::{is_secret_name, MASK};
use crate::source::env::{EnvFile, Sources};
use serde_json::Value;

const SERVICES: [&Service; 2] = [&KTRDR, &POCKETHIVE];

/// Values for the required fields, so every domain loads.
fn required_vars(service: &Service) -> Vec<(String, String)> {
    service
        .domains
        .iter()
        .flat_map(|d| {
            (d.fields)()
                .iter()
                .filter(|f| f.required)
                .map(|f| (f.env_name(d.prefix), "set".to_string()))
        })
        .collect()
}

fn load(service: &'static Service, extra: &[(String, String)]) -> Report {
    let mut vars = required_vars(service);
    vars.extend(extra.iter().cloned());
    let sources = Sources::from_env_and_file(vars, &EnvFile::None).unwrap();
    let every = ComponentSpec {
        name: "every-domain",
        description: "",
        domains: service.domains,
        inputs: super::Inputs::EXACT,
    };
    service.load(&every, &sources)
}

fn fields(service: &Service) -> Vec<(&'static DomainEntry, &'static FieldSpec)> {
    service
        .domains
        .iter()
        .flat_map(|d| (d.fields)().iter().map(move |f| (d, f)))
        .collect()
}

#[test]
fn defaults_agree_between_loading_explain_schema_and_docs() {
    for service in SERVICES {
        let report = load(service, &[]);
        assert!(report.is_ok(), "{}: {:?}", service.name, report.errors);
        let schema = docs::json_schema(service);
        let markdown = docs::markdown(service);
        for (domain, field) in fields(service) {
            let env = field.env_name(domain.prefix);
            let explained = report.value(domain.name, field.name).unwrap();
            let expected = if field.required {
                Value::from("set")
            } else if field.is_secret() {
                Value::from(MASK)
            } else {
                field.default_json()
            };
            assert_eq!(explained.value, expected, "explain {env}");
            let property = &schema.as_value()["properties"][&env];
            match field.default {
                Some(default) => {
                    assert_eq!(property["default"], default.to_json(), "schema {env}");
                    // The text the docs show parses to the value loaded.
                    assert_eq!(
                        field.kind.parse(&default.text()),
                        Ok(default.to_json()),
                        "{env}"
                    );
                    assert!(field.broken_rule(&default.to_json()).is_none(), "{env}");
                }
                None => assert!(property.get("default").is_none(), "schema {env}"),
            }
            let row = markdown
                .lines()
                .find(|l| l.starts_with(&format!("| `{env}` |")))
                .unwrap_or_else(|| panic!("docs miss {env}"));
            assert!(
                row.contains(&docs::default_cell(field)),
                "docs {env}: {row}"
            );
            assert!(
                row.contains(&field.rule_text().replace('|', "\\|")),
                "docs {env}"
            );
        }
    }
}

#[test]
fn secrecy_comes_from_the_type_and_agrees_everywhere() {
    for service in SERVICES {
        let canary = "canary-7f3a";
        let vars: Vec<(String, String)> = fields(service)
            .iter()
            .filter(|(_, f)| f.is_secret())
            .map(|(d, f)| (f.env_name(d.prefix), canary.to_string()))
            .collect();
        let report = load(service, &vars);
        let schema = docs::json_schema(service);
        for (domain, field) in fields(service) {
            let env = field.env_name(domain.prefix);
            // A `Secret` field's name is one the name-based secret rule
            // (used where no declaration is at hand: diffs, migrations)
            // recognises too. (Not the converse: `..._TOKEN_EXPIRE_MINUTES`.)
            if field.is_secret() {
                assert!(is_secret_name(&env), "{env}");
            }
            let explained = report.value(domain.name, field.name).unwrap();
            assert_eq!(explained.secret, field.is_secret(), "{env}");
            let write_only = schema.as_value()["properties"][&env]["writeOnly"] == true;
            assert_eq!(write_only, field.is_secret(), "schema {env}");
            if field.is_secret() {
                assert_eq!(field.kind, Kind::Secret);
                assert_eq!(explained.value, Value::from(MASK), "{env}");
            }
        }
        let shown = format!(
            "{:?} {} {}",
            report.settings,
            serde_json::to_string(&report.settings).unwrap(),
            serde_json::to_string(&report.values).unwrap()
        );
        assert!(!shown.contains(canary), "{shown}");
    }
}

/// A value that breaks `rule` for a field of `kind`, as the text a user
/// would set.
fn breaking_text(rule: &Rule, kind: Kind) -> Option<String> {
    let step = if kind == Kind::Int { 1.0 } else { 0.5 };
    let number = |v: f64| {
        if kind == Kind::Int {
            format!("{}", v as i64)
        } else {
            format!("{v:?}")
        }
    };
    Some(match rule {
        Rule::Gt(b) | Rule::Lt(b) => number(*b),
        Rule::Ge(b) => number(b - step),
        Rule::Le(b) | Rule::Between(_, b) => number(b + step),
        Rule::OneOf(_) => "not-an-option".to_string(),
        Rule::NonEmpty => " ".to_string(),
        Rule::Custom { .. } => return None,
    })
}

#[test]
fn every_rule_is_checked_by_loading_and_by_the_schema_alike() {
    let mut checked = 0;
    for service in SERVICES {
        let schema = docs::json_schema(service);
        for (domain, field) in fields(service) {
            let env = field.env_name(domain.prefix);
            let property = schema.as_value()["properties"][&env].clone();
            let validator = jsonschema::validator_for(&property).unwrap();
            for rule in field.rules {
                let Some(text) = breaking_text(rule, field.kind) else {
                    continue;
                };
                let report = load(service, &[(env.clone(), text.clone())]);
                let error = report
                    .errors
                    .iter()
                    .find(|e| e.env == env)
                    .unwrap_or_else(|| panic!("{env}={text} loaded"));
                assert_eq!(error.code, "rule", "{env}={text}");
                let typed = field.kind.parse(&text).unwrap();
                let message = field.broken_rule(&typed).unwrap();
                assert!(
                    error.message.starts_with(&message),
                    "{env}: {}",
                    error.message
                );
                assert!(!validator.is_valid(&typed), "schema accepts {env}={text}");
                // The docs print the same rule.
                assert!(field.rule_text().contains(&rule.text()), "{env}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 39, "only {checked} rules checked");
}

#[test]
fn committed_docs_are_generated_from_the_declarations() {
    let committed = include_str!("../../../docs/SETTINGS.md");
    for service in SERVICES {
        let fresh = docs::update(committed, service)
            .unwrap_or_else(|| panic!("docs/SETTINGS.md has no markers for {}", service.name));
        assert!(
            fresh == committed,
            "docs/SETTINGS.md is stale for {}; run `cargo run -p config-core --example settings_docs`",
            service.name
        );
    }
}

#[test]
fn every_declared_variable_name_is_unique_within_a_service() {
    for service in SERVICES {
        let mut seen = std::collections::BTreeSet::new();
        for (domain, field) in fields(service) {
            let env = field.env_name(domain.prefix);
            // `all` lists each KTRDR domain once; a name twice would be read
            // by two fields.
            assert!(seen.insert(env.clone()), "{env} declared twice");
        }
    }
}

/// The derive writes each field's variable name and its lower-cased form at
/// compile time; they must be the names `FieldSpec::env_name` and
/// `fold_name` give, one per field, or loading would read another variable
/// than explain, the docs and the schema name.
#[test]
fn compiled_variable_names_agree_with_the_declaration() {
    use crate::source::env::fold_name;
    for service in SERVICES {
        for domain in service.domains {
            let fields = (domain.fields)();
            assert_eq!(domain.env_names.len(), fields.len(), "{}", domain.name);
            for (field, &(name, folded)) in fields.iter().zip(domain.env_names) {
                let expected = field.env_name(domain.prefix);
                assert_eq!(name, expected, "{}.{}", domain.name, field.name);
                assert_eq!(
                    folded,
                    fold_name(&expected),
                    "{}.{}",
                    domain.name,
                    field.name
                );
            }
        }
    }
}
