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

use config_core::source::yaml::{parse_jackson, Limits, Node};
use config_core::template::scope::{check_tree, dotted, Scope};
use std::path::{Path, PathBuf};

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/pockethive")
}

/// The platform's checked strings of `root` in `scope` that fail, as
/// `place: message in "string"`; counts the checked ones in `checked`.
fn failures(root: &Node, scope: Scope<'_>, place: &str, out: &mut Vec<String>) {
    check_tree(root, scope, |path, node, e| {
        let s = node.as_str().unwrap_or_default();
        out.push(format!("{place}{}: {} in {s:?}", dotted(path), e.message()));
    });
}

/// Every string the platform checks under `node`, for the count.
fn checked_strings(node: &Node, count: &mut usize) {
    use config_core::source::yaml::Value;
    match &node.value {
        Value::String(s) if config_core::template::scope::is_checked(s) => *count += 1,
        Value::Seq(items) => items.iter().for_each(|n| checked_strings(n, count)),
        Value::Map(entries) => entries
            .iter()
            .for_each(|e| checked_strings(&e.value, count)),
        _ => {}
    }
}

fn read(file: &Path) -> config_core::source::yaml::Document {
    let text = std::fs::read_to_string(file).unwrap();
    parse_jackson(&text, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn scenario_strings(file: &Path, count: &mut usize, out: &mut Vec<String>) {
    let doc = read(file);
    let Some(bees) = doc.root.pointer("/template/bees").and_then(Node::as_seq) else {
        return;
    };
    for (i, bee) in bees.iter().enumerate() {
        let Some(config) = bee.get("config") else {
            continue;
        };
        let image = bee.get("image").and_then(Node::as_str).unwrap_or("");
        checked_strings(config, count);
        let place = format!("{}:template.bees[{i}].config.", file.display());
        failures(config, Scope::Config { image }, &place, out);
    }
}

fn template_file_strings(file: &Path, count: &mut usize, out: &mut Vec<String>) {
    let doc = read(file);
    checked_strings(&doc.root, count);
    failures(&doc.root, Scope::File, &format!("{}:", file.display()), out);
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
    let mut checked = 0;
    let mut flagged = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if is_template_file(file) {
            template_file_strings(file, &mut checked, &mut flagged);
        } else if name == "scenario.yaml" || file.parent().is_some_and(|p| p.ends_with("scenarios"))
        {
            scenario_strings(file, &mut checked, &mut flagged);
        }
    }
    assert!(
        checked > 100,
        "expected many template strings, found {checked}"
    );
    assert!(
        flagged.is_empty(),
        "{} of {checked} flagged:\n{}",
        flagged.len(),
        flagged.join("\n")
    );
}
