//! Fuzz entry points, shared by the libFuzzer targets in `fuzz/fuzz_targets/`
//! and by the corpus replay test `config-core/tests/fuzz_corpus.rs` (which
//! includes this file with `#[path]`), so CI exercises exactly what the fuzzer
//! does, without the fuzzing toolchain.
//!
//! Each entry point takes arbitrary bytes, drives one public entry of
//! `config-core` and asserts invariants that must hold for *every* input:
//! no panic (the fuzzer catches those), spans inside the text, positions on
//! real lines, a secret never echoed, a migration that keeps the file
//! parseable and is idempotent. A failed assertion is a bug in config-core.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use config_core::deprecation::registry;
use config_core::finding::Finding;
use config_core::gate;
use config_core::migrate::{plan_text, FileKind};
use config_core::scenario::check::{check_text, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::plan::plan;
use config_core::settings::parse::Kind;
use config_core::settings::{catalogue, Component};
use config_core::source::dotenv;
use config_core::source::env::{EnvFile, Layer, Sources};
use config_core::source::yaml::{self, Limits, Node, Value};

/// Marks secret values: it must never come back in any output.
const CANARY: &str = "FUZZCANARY";

#[path = "common.rs"]
mod common;
use common::{fuzz_limits, lines_of};

fn assert_findings_placed(text: &str, findings: &[Finding]) {
    let lines = lines_of(text);
    for f in findings {
        assert!(
            f.line <= lines,
            "finding {} on line {} of a {lines}-line text",
            f.code,
            f.line
        );
        assert!(!f.message.is_empty(), "finding {} without message", f.code);
    }
}

/// The `.env` lexer, then the settings loader and gate over the file layer.
pub fn dotenv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = dotenv::parse(text);
    let lines = lines_of(text);
    for entry in &parsed.entries {
        assert!(dotenv::is_valid_key(&entry.key), "{:?}", entry.key);
        assert_eq!(text.get(entry.key_span.clone()), Some(entry.key.as_str()));
        assert!(text.get(entry.span.clone()).is_some(), "{:?}", entry.span);
        assert!(entry.line >= 1 && entry.line <= lines);
    }
    for error in &parsed.errors {
        assert!(error.line() >= 1 && error.line() <= lines, "{error:?}");
    }
    let (layer, errors) = Layer::from_dotenv_text(".env.fuzz", text);
    assert_eq!(errors.len(), parsed.errors.len());
    assert!(layer.len() <= parsed.entries.len());
    let mut sources = Sources::new();
    sources.push(layer);
    for component in [Component::Worker, Component::Backend, Component::All] {
        let report = gate::check(component, &sources);
        for error in &report.errors {
            let _ = gate::error_line(error);
        }
    }
    // The migrator reads the same syntax: a migration renames or drops
    // entries but never makes a line unreadable, and a second migration finds
    // nothing left to do.
    let plan = plan_text(FileKind::Dotenv, text);
    assert_findings_placed(text, &plan.problems);
    if let Some(migrated) = plan.migrated(text) {
        let again = dotenv::parse(&migrated);
        assert!(again.entries.len() <= parsed.entries.len(), "{migrated:?}");
        assert_eq!(again.errors.len(), parsed.errors.len(), "{migrated:?}");
        let second = plan_text(FileKind::Dotenv, &migrated);
        assert!(!second.would_change(), "not idempotent: {migrated:?}");
    }
}

/// Names of every secret variable, new and deprecated.
fn secret_names() -> Vec<String> {
    let mut names = Vec::new();
    for (_, prefix, fields) in catalogue() {
        for spec in fields.iter().filter(|f| f.kind == Kind::Secret) {
            let name = spec.env_name(prefix);
            names.extend(registry().by_new(&name).map(|r| r.old.clone()));
            names.push(name);
        }
    }
    names
}

/// Every variable the settings know, new and deprecated.
fn known_names() -> Vec<String> {
    let mut names: Vec<String> = registry().renames().iter().map(|r| r.old.clone()).collect();
    for (_, prefix, fields) in catalogue() {
        names.extend(fields.iter().map(|f| f.env_name(prefix)));
    }
    names.extend([gate::ENV_VAR.to_string(), gate::ACK_VAR.to_string()]);
    names
}

/// An environment map from bytes: `NAME\0VALUE\0NAME\0VALUE...`. A name of
/// one byte picks a known variable (so the fuzzer reaches every domain);
/// values of secret variables carry the canary, which must never be printed.
pub fn env_map(data: &[u8]) -> Vec<(String, String)> {
    let known = known_names();
    let secrets = secret_names();
    let mut parts = data.split(|b| *b == 0);
    let mut vars = Vec::new();
    while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
        let name = match name {
            [i] => known[usize::from(*i) % known.len()].clone(),
            other => String::from_utf8_lossy(other).into_owned(),
        };
        let value = String::from_utf8_lossy(value).replace(CANARY, "");
        let value = if secrets.contains(&name) {
            format!("{CANARY}{value}")
        } else {
            value
        };
        vars.push((name, value));
    }
    vars
}

/// The settings gate over an arbitrary environment map.
pub fn gate_env(data: &[u8]) {
    let vars = env_map(data);
    let sources = Sources::from_env_and_file(vars, &EnvFile::None).unwrap();
    for component in [Component::Worker, Component::Backend, Component::All] {
        let report = gate::check(component, &sources);
        let mut shown = String::new();
        for error in &report.errors {
            shown.push_str(&gate::error_line(error));
        }
        for warning in &report.warnings {
            shown.push_str(&warning.message);
            shown.push_str(&warning.source.to_string());
        }
        shown.push_str(&serde_json::to_string(&report.values).unwrap());
        shown.push_str(&format!("{:?}", report.settings));
        shown.push_str(&serde_json::to_string(&report.settings).unwrap());
        assert!(!shown.contains(CANARY), "a secret was printed:\n{shown}");
        if let Err(error) = gate::validate_all(component, &sources) {
            assert!(!error.to_string().contains(CANARY), "{error}");
        }
    }
}

fn assert_spans(text: &str, node: &Node) {
    assert!(
        node.span.start <= node.span.end && node.span.end <= text.len(),
        "span {:?} outside a {}-byte text",
        node.span,
        text.len()
    );
    assert!(node.span.line >= 1 && node.span.column >= 1);
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|n| assert_spans(text, n)),
        Value::Map(entries) => entries.iter().for_each(|e| {
            assert_spans(text, &e.key);
            assert_spans(text, &e.value);
        }),
        _ => {}
    }
}

/// The YAML tree, the scenario checker and the plan over arbitrary text.
pub fn scenario_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = fuzz_limits();
    if let Ok(doc) = yaml::parse(text, &limits) {
        assert_spans(text, &doc.root);
        let _ = doc.root.to_json();
        let _ = serde_json::to_string(&plan(&doc)).unwrap();
    }
    for (strict, allow_unknown) in [(false, false), (true, false), (false, true)] {
        let options = CheckOptions {
            strict,
            allow_unknown,
            limits,
            ..CheckOptions::default()
        };
        let findings = check_text(text, SchemaSet::builtin(), &options);
        assert_findings_placed(text, &findings);
    }
}

/// The scenario and compose migrators over arbitrary text: a planned
/// migration applies, keeps a YAML file parseable, and is idempotent.
pub fn migrate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > fuzz_limits().max_bytes {
        return;
    }
    let parses = yaml::parse(text, &Limits::default()).is_ok();
    for kind in [FileKind::Scenario, FileKind::Compose] {
        let plan = plan_text(kind, text);
        assert_findings_placed(text, &plan.problems);
        let Some(migrated) = plan.migrated(text) else {
            continue;
        };
        if parses {
            if let Err(e) = yaml::parse(&migrated, &Limits::default()) {
                panic!("{kind:?} migration broke the YAML: {e}\n--- before\n{text}\n--- after\n{migrated}");
            }
        }
        let again = plan_text(kind, &migrated);
        assert!(
            again.has_errors() || !again.would_change(),
            "{kind:?} migration is not idempotent\n--- before\n{text}\n--- after\n{migrated}"
        );
    }
}

/// The template checker on arbitrary text, directly and as a double-quoted
/// YAML value: no panic and a verdict in bounded time (deep nesting and
/// recursion are cut by explicit limits, never by a stack overflow); an
/// error sits on a character boundary of the text, says what and how to
/// fix; its position in the YAML file is on a real line and, for text that
/// needs no escaping, on exactly the offending character.
pub fn template_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(err) = config_core::template::check(text) else {
        return;
    };
    assert!(err.offset <= text.len(), "{err:?}");
    assert!(text.is_char_boundary(err.offset), "{err:?}");
    assert!(
        !err.message().is_empty() && !err.fix().is_empty(),
        "{err:?}"
    );
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c if c.is_control() || !c.is_ascii() => format!("\\U{:08x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect();
    let yaml_text = format!("k: \"{escaped}\"\n");
    let Ok(doc) = yaml::parse(&yaml_text, &Limits::default()) else {
        return;
    };
    let Some(node) = doc.root.get("k") else {
        return;
    };
    if node.as_str() != Some(text) {
        return;
    }
    let pos = config_core::source::scalar_pos::position_in_scalar(&yaml_text, node, err.offset);
    let pos = pos.unwrap_or_else(|| panic!("no position for {err:?} in {yaml_text:?}"));
    assert_eq!(pos.line, 1, "{yaml_text:?}");
    if escaped.len() == text.len() && err.offset < text.len() {
        // No escape: the value's byte i is the file's column 5 + i.
        assert_eq!(pos.column, 5 + err.offset, "{yaml_text:?} {err:?}");
    }
}
