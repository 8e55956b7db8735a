//! Every template string the platform checks in the reference bundles
//! (`../shared/reference/pockethive/bundles/**` and the reference
//! scenarios) passes the template checker: the platform accepts them all.
//! What is checked follows TEMPLATES.md §1.1: strings holding `{{` or `{%`
//! under `template.bees[*].config` (a trigger's `config.body` exempt) and
//! every string of `templates/**/*.{yaml,yml,json}` (not `authProfiles`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use config_core::source::yaml::{parse, Limits, Node, Value};
use config_core::template::{check, is_checked, trigger_body_exempt};
use std::path::{Path, PathBuf};

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/pockethive")
}

/// Collects (path, string) for every checked string under `node`.
fn strings<'a>(node: &'a Node, path: String, out: &mut Vec<(String, &'a str)>) {
    match &node.value {
        Value::String(s) if is_checked(s) => out.push((path, s)),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Map(entries) => {
            for e in entries {
                strings(&e.value, format!("{path}.{}", e.key.key_text()), out);
            }
        }
        _ => {}
    }
}

fn scenario_strings(file: &Path, out: &mut Vec<(String, String)>) {
    let text = std::fs::read_to_string(file).unwrap();
    let doc =
        parse(&text, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let Some(bees) = doc.root.pointer("/template/bees").and_then(Node::as_seq) else {
        return;
    };
    for (i, bee) in bees.iter().enumerate() {
        let Some(Value::Map(entries)) = bee.get("config").map(|c| &c.value) else {
            continue;
        };
        let image = bee.get("image").and_then(Node::as_str).unwrap_or("");
        let mut found = Vec::new();
        for e in entries {
            if e.key.key_text() == "body" && trigger_body_exempt(image) {
                continue;
            }
            let path = format!(
                "{}:template.bees[{i}].config.{}",
                file.display(),
                e.key.key_text()
            );
            strings(&e.value, path, &mut found);
        }
        out.extend(found.into_iter().map(|(p, s)| (p, s.to_string())));
    }
}

fn template_file_strings(file: &Path, out: &mut Vec<(String, String)>) {
    let text = std::fs::read_to_string(file).unwrap();
    let doc =
        parse(&text, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut found = Vec::new();
    strings(&doc.root, file.display().to_string(), &mut found);
    out.extend(found.into_iter().map(|(p, s)| (p, s.to_string())));
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn is_template_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    let ext_ok = [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
    let in_templates = path.components().any(|c| c.as_os_str() == "templates");
    ext_ok && in_templates && name != "authprofiles.yaml" && name != "authprofiles.yml"
}

#[test]
fn reference_bundles_and_scenarios_pass_the_template_check() {
    let root = reference();
    assert!(
        root.join("bundles").is_dir(),
        "\n\n*** The reference bundles are missing: expected {} ***\n\
         *** This test needs the shared reference checkout beside the worktree. ***\n",
        root.join("bundles").display()
    );
    let mut files = Vec::new();
    walk(&root.join("bundles"), &mut files);
    walk(&root.join("scenarios"), &mut files);
    files.sort();
    let mut checked = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if is_template_file(file) {
            template_file_strings(file, &mut checked);
        } else if name == "scenario.yaml" || file.parent().is_some_and(|p| p.ends_with("scenarios"))
        {
            scenario_strings(file, &mut checked);
        }
    }
    assert!(
        checked.len() > 100,
        "expected many template strings, found {}",
        checked.len()
    );
    let flagged: Vec<String> = checked
        .iter()
        .filter_map(|(path, s)| check(s).map(|e| format!("{path}: {} in {s:?}", e.message())))
        .collect();
    assert!(
        flagged.is_empty(),
        "{} of {} flagged:\n{}",
        flagged.len(),
        checked.len(),
        flagged.join("\n")
    );
}
