//! Unknown env-file keys rejected by a domain (pydantic `extra="forbid"`):
//! KTRDR's `DatabaseSettings` fails on every non-empty `.env.local` key
//! that is none of its twelve names, so the real service does not start.
//! The error says so, names the key (never the value) and how to avoid it.

use super::load::field_names;
use super::service::DomainEntry;
use super::{Report, SettingError};
use crate::deprecation::Registry;
use crate::provenance::Provenance;
use crate::source::env::{fold_name, Origin, Sources};
use std::borrow::Cow;

/// The finding code.
pub const CODE: &str = "env-file-extra";

/// Adds one error per non-empty env-file key that `domain` does not read.
pub fn reject_env_file_extras(
    domain: &DomainEntry,
    sources: &Sources,
    registry: &Registry,
    report: &mut Report,
) {
    // The domain's own names, lower-cased (a dozen: a list beats a set).
    let fields = (domain.fields)();
    let mut own: Vec<Cow<'static, str>> = Vec::with_capacity(2 * fields.len());
    for (index, field) in fields.iter().enumerate() {
        let (new, folded) = field_names(domain.env_names, index, domain.prefix, field);
        own.push(folded);
        own.extend(registry.by_new(&new).map(|r| Cow::Owned(fold_name(&r.old))));
    }
    let mut extras: Vec<(&str, &Provenance)> = sources
        .layers()
        .iter()
        .filter(|layer| layer.origin() == Origin::EnvFile)
        .flat_map(|layer| layer.folded_values())
        .filter(|(folded, raw)| !raw.value.is_empty() && !own.iter().any(|name| name == *folded))
        .map(|(_, raw)| (raw.name.as_str(), &raw.provenance))
        .collect();
    extras.sort_by_key(|(_, provenance)| match provenance {
        Provenance::File { line, .. } => *line,
        _ => 0,
    });
    report.errors.reserve(extras.len());
    for (key, provenance) in extras {
        let shown = shown_key(key);
        report.errors.push(SettingError {
            code: CODE,
            domain: domain.name,
            field: String::new(),
            env: if shown.starts_with('\'') {
                key.to_string()
            } else {
                String::new()
            },
            replacement: None,
            source: provenance.clone(),
            message: format!(
                "{shown} is not a {name} setting, and the service's {name} settings reject \
                 every other non-empty key in the env file (extra=\"forbid\"): the service \
                 itself fails to start ('Extra inputs are not permitted'); fix: set it in the \
                 process environment or `.env` instead, or delete the line",
                name = domain.name
            ),
        });
    }
}

/// The key as shown: quoted when it looks like a name, else a phrase (a
/// malformed line's "key" may hold a value).
fn shown_key(key: &str) -> String {
    let name_like = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if name_like {
        format!("'{key}'")
    } else {
        "a key that is not a variable name (not shown)".to_string()
    }
}
