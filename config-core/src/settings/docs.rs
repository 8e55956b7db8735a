//! Documentation and JSON Schema generated from the declarations: the
//! tables of `docs/SETTINGS.md` (between `<!-- BEGIN GENERATED name -->`
//! and `<!-- END GENERATED name -->` markers, so the prose around them
//! stays hand-written) and a JSON Schema of each service's variables.
//! Both read the same [`FieldSpec`]s loading reads.
//!
//! ```
//! use config_core::settings::docs::{markdown, json_schema};
//! use config_core::settings::ktrdr::KTRDR;
//! let md = markdown(&KTRDR);
//! assert!(md.contains("| `KTRDR_WORKER_PORT` | integer | `5003` | 1..=65535 | `WORKER_PORT` |"));
//! let schema = json_schema(&KTRDR);
//! assert_eq!(schema.as_value()["properties"]["KTRDR_WORKER_PORT"]["maximum"], 65535.0);
//! ```

use super::service::{DomainEntry, Service};
use super::{FieldSpec, Kind};
use serde_json::{json, Map, Value};

/// The marker line opening a generated region.
pub fn begin_marker(service: &Service) -> String {
    format!(
        "<!-- BEGIN GENERATED {} (from the declarations; regenerate with \
         `cargo run -p config-core --example settings_docs`) -->",
        service.name
    )
}

/// The marker line closing a generated region.
pub fn end_marker(service: &Service) -> String {
    format!("<!-- END GENERATED {} -->", service.name)
}

/// One table per domain of `service`: variable, type, default, rule,
/// deprecated names, description.
pub fn markdown(service: &Service) -> String {
    let mut out = String::new();
    for (i, domain) in service.domains.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        domain_table(service, domain, &mut out);
    }
    out
}

fn domain_table(service: &Service, domain: &DomainEntry, out: &mut String) {
    let source = match domain.file_namespace {
        Some(ns) => format!("`{ns}:` / prefix `{}`", domain.prefix),
        None => format!("prefix `{}`", domain.prefix),
    };
    out.push_str(&format!("### {} — {source}\n\n", domain.name));
    if !domain.description.is_empty() {
        out.push_str(domain.description);
        out.push_str("\n\n");
    }
    let file_column = domain.file_namespace.is_some();
    out.push_str(if file_column {
        "| variable | file key | type | default | rule | deprecated name | description |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n"
    } else {
        "| variable | type | default | rule | deprecated name | description |\n\
         | --- | --- | --- | --- | --- | --- |\n"
    });
    for field in (domain.fields)() {
        let env = field.env_name(domain.prefix);
        let old: Vec<String> = (service.registry)()
            .by_new(&env)
            .map(|r| format!("`{}`", r.old))
            .collect();
        let file = match domain.file_namespace {
            Some(ns) => format!(" `{ns}.{}` |", field.name),
            None => String::new(),
        };
        out.push_str(&format!(
            "| `{env}` |{file} {} | {} | {} | {} | {} |\n",
            field.kind.describe(),
            default_cell(field),
            cell(&field.rule_text()),
            old.join(", "),
            cell(field.description),
        ));
    }
}

/// `` `5003` ``, `` `localdev` (insecure) ``, `(required)` or `none`.
pub fn default_cell(field: &FieldSpec) -> String {
    match field.default {
        Some(default) => {
            let text = match default.text() {
                empty if empty.is_empty() => "`\"\"`".to_string(),
                text => format!("`{text}`"),
            };
            if field.insecure_default {
                format!("{text} (insecure)")
            } else {
                text
            }
        }
        None if field.required => "(required)".to_string(),
        None => "none".to_string(),
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Replaces the generated region of `service` in `document` with a fresh
/// one; `None` when the markers are missing.
pub fn update(document: &str, service: &Service) -> Option<String> {
    let (begin, end) = (begin_marker(service), end_marker(service));
    let start = document.find(&begin)? + begin.len();
    let stop = start + document.get(start..)?.find(&end)?;
    Some(format!(
        "{}\n\n{}\n{}",
        document.get(..start)?,
        markdown(service),
        document.get(stop..)?
    ))
}

/// The JSON Schema of `service`'s variables: one property per variable
/// (its typed value), with type, default, rule keywords, description,
/// `writeOnly` for secrets and the deprecated names (`x-deprecated-names`).
pub fn json_schema(service: &Service) -> schemars::Schema {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for domain in service.domains {
        for field in (domain.fields)() {
            let env = field.env_name(domain.prefix);
            if field.required {
                required.push(Value::from(env.clone()));
            }
            let old: Vec<Value> = (service.registry)()
                .by_new(&env)
                .map(|r| Value::from(r.old.clone()))
                .collect();
            let mut property = field_schema(field);
            if !old.is_empty() {
                property.insert("x-deprecated-names".into(), Value::from(old));
            }
            property.insert("x-domain".into(), Value::from(domain.name));
            properties.insert(env, Value::Object(property));
        }
    }
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("{} settings", service.name),
        "description": "Every variable the service reads, typed as parsed. Generated from the settings declarations.",
        "type": "object",
        "properties": properties,
        "required": required,
    });
    match schema {
        Value::Object(map) => schemars::Schema::from(map),
        _ => schemars::Schema::default(),
    }
}

/// The schema of one field's typed value.
pub fn field_schema(field: &FieldSpec) -> Map<String, Value> {
    let mut schema = Map::new();
    let (ty, options): (Value, Option<&[&str]>) = match field.kind {
        Kind::Int => (json!("integer"), None),
        Kind::Float => (json!("number"), None),
        Kind::Bool => (json!("boolean"), None),
        Kind::Str | Kind::Secret => (json!("string"), None),
        Kind::OptStr => (json!(["string", "null"]), None),
        Kind::StrList => (json!("array"), None),
        Kind::Choice {
            options, optional, ..
        } => (
            if optional {
                json!(["string", "null"])
            } else {
                json!("string")
            },
            Some(options),
        ),
    };
    schema.insert("type".into(), ty);
    if field.kind == Kind::StrList {
        schema.insert("items".into(), json!({"type": "string"}));
    }
    if let Some(options) = options {
        let mut values: Vec<Value> = options.iter().map(|o| Value::from(*o)).collect();
        if field.kind.rule_text().is_some()
            && matches!(field.kind, Kind::Choice { optional: true, .. })
        {
            values.push(Value::Null);
        }
        schema.insert("enum".into(), Value::Array(values));
    }
    if let Some(default) = field.default {
        schema.insert("default".into(), default.to_json());
    }
    for rule in field.rules {
        rule.schema_keywords(&mut schema);
    }
    if field.is_secret() {
        schema.insert("writeOnly".into(), Value::Bool(true));
    }
    if !field.description.is_empty() {
        schema.insert("description".into(), Value::from(field.description));
    }
    schema
}
