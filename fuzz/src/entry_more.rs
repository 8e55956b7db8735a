//! Fuzz entry points of the inputs added after the first fuzz pass (issue
//! 17): the Jackson/YAML 1.1 binding reader, a whole bundle, the audit
//! capture reader, `patch`, and the editor's positions. Shared, like
//! `entry.rs`, by the libFuzzer targets and the corpus replay test
//! `config-core/tests/fuzz_corpus.rs`.
//!
//! A bundle and a capture are read from files (the library reads them from a
//! folder and paths, there is no in-memory entry): each input is written to
//! a folder of this process under `/dev/shm` (memory) when there is one.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use config_core::audit::capture::{CaptureInput, Line, LineReader};
use config_core::audit::{audit, AuditOptions};
use config_core::bundle::plan::plan as bundle_plan;
use config_core::bundle::Bundle;
use config_core::editor::locate::{completion_at, finding_ranges, node_at, offset_of};
use config_core::finding::Finding;
use config_core::patch::document::ConfigDocument;
use config_core::patch::{redacted, RuntimeConfig};
use config_core::provenance::Provenance;
use config_core::runtime::Binding;
use config_core::scenario::binding::{bind_boolean, bind_integer, bind_string, scalar_text};
use config_core::scenario::check::{check_source_in, check_text, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use config_core::scenario::plan::plan_with;
use config_core::source::yaml::{self, Node, Value};
use std::path::{Path, PathBuf};

#[path = "common.rs"]
mod common;
use common::{fuzz_limits as limits, lines_of};

fn assert_placed(what: &str, text: &str, findings: &[Finding]) {
    for f in findings {
        assert!(!f.message.is_empty(), "{what}: {} without message", f.code);
        if f.place.file.is_none() {
            assert!(
                f.line >= 1 && f.line <= lines_of(text),
                "{what}: {} on line {} of a {}-line text",
                f.code,
                f.line,
                lines_of(text)
            );
        }
    }
}

/// Every node of a tree, depth first, without recursion.
fn nodes(root: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        out.push(node);
        match &node.value {
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
            _ => {}
        }
    }
    out
}

/// The Jackson reading (YAML 1.1 scalars over SnakeYAML) and every binding
/// verdict over each node: spans in the text, a scalar's source text taken
/// from the text, and verdicts that agree with each other.
pub fn binding(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = yaml::parse_jackson(text, &limits()) else {
        return;
    };
    for node in nodes(&doc.root) {
        assert!(
            node.span.start <= node.span.end && node.span.end <= text.len(),
            "span {:?} outside a {}-byte text",
            node.span,
            text.len()
        );
        let scalar = scalar_text(node);
        let integer = bind_integer(node);
        let boolean = bind_boolean(node);
        let string = bind_string(node);
        match &node.value {
            Value::Seq(_) | Value::Map(_) => {
                assert!(scalar.is_err() && !integer && !boolean, "{node:?}");
                assert!(!string, "a collection bound as a String: {node:?}");
            }
            _ => assert!(scalar.is_ok(), "{node:?}"),
        }
    }
    let _ = doc.root.to_json();
}

/// A folder of this process for files the library must read from disk.
fn scratch(name: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("cfgate-fuzz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The files of a fuzzed bundle, in the order the input's NUL-separated
/// parts fill them.
const BUNDLE_FILES: [&str; 5] = [
    "scenario.yaml",
    "templates/t.yaml",
    "variables.yaml",
    "sut/s1/sut.yaml",
    "authProfiles.yaml",
];

/// A whole bundle (descriptor, a template, variables, a SUT, auth profiles)
/// checked as `cfgate check` does, then planned for the profile and SUT the
/// last part names, as `cfgate plan` does: no panic, findings on real lines
/// of their file, the plan and bundle view serialise.
pub fn bundle(data: &[u8]) {
    let parts: Vec<&[u8]> = data.split(|b| *b == 0).collect();
    let Ok(texts) = parts
        .iter()
        .map(|p| std::str::from_utf8(p))
        .collect::<Result<Vec<&str>, _>>()
    else {
        return;
    };
    let root = scratch("bundle");
    for (rel, text) in BUNDLE_FILES.iter().zip(&texts) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let scenario = texts.first().copied().unwrap_or_default();
    let options = CheckOptions {
        limits: limits(),
        ..CheckOptions::default()
    };
    let found = config_core::scenario::discover::Bundle::discover(root.clone());
    let report = check_source_in(
        "scenario.yaml".into(),
        scenario.to_string(),
        Some(&found),
        SchemaSet::builtin(),
        &options,
    );
    assert_placed("bundle", scenario, &report.findings);
    for f in &report.findings {
        if let Some(file) = &f.place.file {
            let rel = file.strip_prefix("b/").unwrap_or(file);
            if let Some(i) = BUNDLE_FILES.iter().position(|r| *r == rel) {
                let text = texts.get(i).copied().unwrap_or_default();
                assert!(
                    f.line >= 1 && f.line <= lines_of(text),
                    "{} on line {} of {rel} ({} lines)",
                    f.code,
                    f.line,
                    lines_of(text)
                );
            }
        }
    }
    if let Ok(doc) = yaml::parse(scenario, &options.limits) {
        let bundle = Bundle::new(&found, "b", &doc, scenario, &options.limits);
        let profile = texts.get(5).copied().filter(|p| !p.is_empty());
        let (binding, issues) = Binding::from_bundle(&bundle, profile, Some("s1"));
        let plan = plan_with(&doc, &binding, issues);
        serde_json::to_string(&plan).unwrap();
        serde_json::to_string(&bundle_plan(&bundle)).unwrap();
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// The audit capture reader over a JSON Lines capture: the line reader
/// holds at most its budget and counts every line; the whole audit (every
/// rule, the drift at the end) places its findings on real lines.
pub fn audit_capture(data: &[u8]) {
    const MAX: usize = 512;
    let mut lines = LineReader::new(data, MAX);
    let mut last = 0;
    let total = data.iter().filter(|b| **b == b'\n').count() + 1;
    while let Some(line) = lines.next_line().unwrap() {
        let number = match line {
            Line::Text { number, text } => {
                assert!(text.len() <= MAX && !text.contains('\n'), "{text:?}");
                number
            }
            Line::TooLong { number } | Line::NotUtf8 { number } => number,
        };
        assert!(
            number > last && number <= total,
            "line {number} after {last}"
        );
        last = number;
    }
    let dir = scratch("audit");
    let path = dir.join("capture.jsonl");
    std::fs::write(&path, data).unwrap();
    let options = AuditOptions {
        max_record_bytes: 4096,
        ..AuditOptions::default()
    };
    audit(&[CaptureInput::Lines(path)], &options, |report| {
        for f in &report.findings {
            assert!(!f.message.is_empty(), "{} without message", f.code);
            assert!(f.line <= total, "{} on line {} of {total}", f.code, f.line);
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// Worker kinds a patch is fuzzed against.
const KINDS: [&str; 5] = ["generator", "processor", "moderator", "trigger", "db-query"];

/// `cfgate patch`: a base and a patch (NUL-separated; the first byte picks
/// the kind and whether the worker has started) read as YAML, applied as
/// the worker does: a refused patch changes nothing; an applied one leaves
/// an object that serialises, with secret-named values masked.
pub fn patch(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut parts = rest.splitn(2, |b| *b == 0);
    let (Some(base), Some(patch)) = (parts.next(), parts.next()) else {
        return;
    };
    let (Ok(base), Ok(patch)) = (std::str::from_utf8(base), std::str::from_utf8(patch)) else {
        return;
    };
    let (Ok(base), Ok(patch)) = (
        ConfigDocument::from_text("base.yaml", base),
        ConfigDocument::from_text("patch.yaml", patch),
    ) else {
        return;
    };
    let kind = KINDS[usize::from(pick) % KINDS.len()];
    let Ok(mut runtime) = RuntimeConfig::new(
        SchemaSet::builtin(),
        kind,
        serde_json::json!({}),
        base.value().clone(),
        Provenance::file_at("base.yaml", 1, 1),
    ) else {
        return;
    };
    if pick & 0x80 != 0 {
        runtime.start();
    }
    let before = runtime.effective().clone();
    match runtime.apply_patch_checked(patch.value(), pick & 0x40 != 0) {
        Ok(_) => {
            assert!(runtime.effective().is_object());
            serde_json::to_string(&redacted(runtime.effective())).unwrap();
        }
        Err(rejected) => {
            assert!(!rejected.errors.is_empty());
            assert_eq!(
                runtime.effective(),
                &before,
                "a refused patch changed the config"
            );
        }
    }
}

/// The editor's positions over arbitrary text: every finding's range, every
/// cursor's node and completion site stay inside the text, on character
/// boundaries.
pub fn editor(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = CheckOptions {
        limits: limits(),
        ..CheckOptions::default()
    };
    let findings = check_text(text, SchemaSet::builtin(), &options);
    for range in finding_ranges(text, &findings) {
        assert!(
            range.start <= range.end && text.get(range.clone()).is_some(),
            "range {range:?} of a {}-byte text",
            text.len()
        );
    }
    for f in &findings {
        let offset = offset_of(text, f.line, f.column);
        assert!(
            text.is_char_boundary(offset),
            "{offset} for {}:{}",
            f.line,
            f.column
        );
    }
    let doc = yaml::parse(text, &limits()).ok();
    // At most 64 cursors, spread over the text.
    let step = (text.len() / 64).max(1);
    for offset in (0..=text.len()).step_by(step) {
        if !text.is_char_boundary(offset) {
            continue;
        }
        if let Some(doc) = &doc {
            if let Some(at) = node_at(&doc.root, offset) {
                assert!(at.span.end <= text.len(), "{at:?}");
                assert!(
                    at.pointer.is_empty() || at.pointer.starts_with('/'),
                    "{at:?}"
                );
            }
        }
        if let Some(completion) = completion_at(text, offset) {
            assert!(
                text.get(completion.word.clone()).is_some(),
                "word {:?} at {offset} of a {}-byte text",
                completion.word,
                text.len()
            );
        }
    }
}
