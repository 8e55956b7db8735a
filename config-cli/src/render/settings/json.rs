//! JSON settings output (shapes fixed by the issue; see docs/SETTINGS.md).

use config_core::deprecation::Rename;
use config_core::settings::Report;
use serde_json::{json, Map, Value};

/// `{"ok", "errors": [{code, domain, field, env, source, message}],
/// "warnings": [{code, env, replacement, source, message}]}`.
pub fn validate(report: &Report) -> Value {
    json!({
        "ok": report.is_ok(),
        "errors": report.errors,
        "warnings": report.warnings,
    })
}

/// `{DOMAIN: {FIELD: {"value", "source", "env"}}}`, secrets as `"****"`,
/// bounded as `plan` is ([`crate::render::bounded`]).
pub fn explain(report: &Report) -> Value {
    let mut domains = Map::new();
    for domain in &report.values {
        let mut fields = Map::new();
        for field in &domain.fields {
            fields.insert(
                field.field.to_string(),
                json!({
                    "value": field.value,
                    "source": field.source.to_string(),
                    "env": field.env,
                }),
            );
        }
        domains.insert(domain.domain.to_string(), Value::Object(fields));
    }
    // Bounded output: at most 1000 fields per domain, the rest counted
    // under a "..." key (a hostile settings file can name 90,000 keys).
    let mut explained = Value::Object(domains);
    crate::render::bounded::bound(&mut explained, &[], crate::render::bounded::DEFAULT);
    explained
}

/// `[{"old", "new", "since", "note"}]`, note `null` when absent.
pub fn deprecations(renames: &[Rename]) -> Value {
    Value::Array(
        renames
            .iter()
            .map(|r| json!({"old": r.old, "new": r.new, "since": r.since, "note": r.note}))
            .collect(),
    )
}
