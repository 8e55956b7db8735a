//! Property tests: compose `environment:` blocks (map and list forms, random
//! quoting, comments, indentation, CRLF) migrate exactly the deprecated names,
//! keep every other byte, re-parse, and migrate to themselves a second time.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use config_core::deprecation::registry;
use config_core::migrate::{plan_text, FileKind};
use config_core::source::yaml::{parse, Limits};
use proptest::prelude::*;

const KEYS: &[&str] = &[
    "DB_HOST",
    "KTRDR_DB_HOST",
    "WORKER_PORT",
    "KTRDR_WORKER_PORT",
    "OTLP_ENDPOINT",
    "KTRDR_OTEL_OTLP_ENDPOINT",
    "DB_HOSTNAME",
    "APP_MODE",
];

#[derive(Debug, Clone)]
struct Var {
    key: &'static str,
    quote: u8,
    comment: bool,
}

#[derive(Debug, Clone)]
struct Service {
    list_form: bool,
    /// Unique keys only: a YAML map cannot repeat one.
    vars: Vec<Var>,
    comment_lines: Vec<bool>,
}

fn value_of(key: &str) -> String {
    let group = registry().by_old(key).map_or(key, |r| r.new.as_str());
    format!("v{}", group.len())
}

fn service() -> impl Strategy<Value = Service> {
    (
        any::<bool>(),
        prop::sample::subsequence(KEYS.to_vec(), 0..KEYS.len()).prop_shuffle(),
        prop::collection::vec((0u8..3, any::<bool>()), KEYS.len()),
        prop::collection::vec(any::<bool>(), KEYS.len()),
    )
        .prop_map(|(list_form, keys, styles, comment_lines)| Service {
            list_form,
            vars: keys
                .into_iter()
                .zip(styles)
                .map(|(key, (quote, comment))| Var {
                    key,
                    quote,
                    comment,
                })
                .collect(),
            comment_lines,
        })
}

fn entry(service: &Service, var: &Var, key: &str) -> String {
    let value = value_of(var.key);
    let body = if service.list_form {
        match var.quote {
            0 => format!("- {key}={value}"),
            1 => format!("- '{key}={value}'"),
            _ => format!("- \"{key}={value}\""),
        }
    } else {
        match var.quote {
            0 => format!("{key}: {value}"),
            1 => format!("'{key}': '{value}'"),
            _ => format!("\"{key}\": \"{value}\""),
        }
    };
    if var.comment {
        format!("{body}   # {key} note")
    } else {
        body
    }
}

/// The compose text and the text the migration must produce.
fn texts(services: &[Service], indent: usize, crlf: bool) -> (String, String) {
    let eol = if crlf { "\r\n" } else { "\n" };
    let pad = |n: usize| " ".repeat(n * indent);
    let mut before = format!("# generated{eol}services:{eol}");
    let mut after = before.clone();
    for (i, service) in services.iter().enumerate() {
        let head = format!("{}svc{i}:{eol}{}environment:", pad(1), pad(2));
        let empty = if service.vars.is_empty() { " {}" } else { "" };
        before.push_str(&format!("{head}{empty}{eol}"));
        after.push_str(&format!("{head}{empty}{eol}"));
        let present: Vec<&str> = service.vars.iter().map(|v| v.key).collect();
        for (n, var) in service.vars.iter().enumerate() {
            let comment = if service.comment_lines[n] {
                format!("{}# about {}{eol}", pad(3), var.key)
            } else {
                String::new()
            };
            before.push_str(&comment);
            after.push_str(&comment);
            before.push_str(&format!("{}{}{eol}", pad(3), entry(service, var, var.key)));
            match registry().by_old(var.key) {
                Some(rename) if present.contains(&rename.new.as_str()) => {}
                Some(rename) => after.push_str(&format!(
                    "{}{}{eol}",
                    pad(3),
                    entry(service, var, &rename.new).replace(
                        &format!("# {} note", rename.new),
                        &format!("# {} note", var.key)
                    )
                )),
                None => after.push_str(&format!("{}{}{eol}", pad(3), entry(service, var, var.key))),
            }
        }
    }
    (before, after)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn compose_environment_blocks_migrate_exactly_the_deprecated_names(
        services in prop::collection::vec(service(), 1..4),
        indent in 1usize..4,
        crlf in any::<bool>(),
    ) {
        let (text, expected) = texts(&services, indent, crlf);
        let plan = plan_text(FileKind::Compose, &text);
        prop_assert!(!plan.has_errors(), "{:#?}\n{text}", plan.problems);
        let migrated = plan.migrated(&text).unwrap_or_else(|| text.clone());
        prop_assert_eq!(&migrated, &expected);
        prop_assert!(parse(&migrated, &Limits::default()).is_ok());
        let again = plan_text(FileKind::Compose, &migrated);
        prop_assert!(!again.would_change() && !again.has_errors());
    }
}
