//! `--format sarif`: one SARIF 2.1.0 log with one run; results streamed.
//!
//! The driver lists every documented code as a rule (name, short and full
//! description, help, default level; [`super::rules`], read from
//! docs/FINDINGS.md) and each result points at its rule. Artifact URIs are
//! relative to the working directory (`uriBaseId` `%SRCROOT%`, given as the
//! working directory in `originalUriBaseIds`); an input outside it keeps an
//! absolute `file://` URI.

use super::rules::{rules, Rule, FINDINGS_PATH};
use super::Renderer;
use config_core::finding::Severity;
use config_core::scenario::check::{FileReport, Summary};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::json;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Characters a relative URI reference path may not hold as-is.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The SARIF renderer.
pub struct Sarif {
    first: bool,
    rules: Vec<Rule>,
    /// The working directory, when known: relative URIs are against it.
    base: Option<PathBuf>,
}

impl Default for Sarif {
    fn default() -> Self {
        Self::new(std::env::current_dir().ok())
    }
}

impl Sarif {
    /// A renderer whose URIs are relative to `base` (the working directory).
    pub fn new(base: Option<PathBuf>) -> Self {
        Self {
            first: true,
            rules: rules(),
            base,
        }
    }

    /// The artifact location of `path`: relative to the working directory
    /// (with `uriBaseId`), or an absolute `file://` URI outside it.
    fn artifact(&self, path: &str) -> serde_json::Value {
        let as_path = Path::new(path);
        let relative = match (&self.base, as_path.is_absolute()) {
            (_, false) => Some(as_path.to_path_buf()),
            (Some(base), true) => as_path.strip_prefix(base).ok().map(Path::to_path_buf),
            (None, true) => None,
        };
        match relative {
            Some(relative) => json!({
                "uri": uri(&relative.to_string_lossy()),
                "uriBaseId": SRCROOT,
            }),
            None => json!({"uri": file_uri(path)}),
        }
    }
}

/// The `uriBaseId` of paths relative to the working directory.
const SRCROOT: &str = "%SRCROOT%";

fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    utf8_percent_encode(path, PATH).to_string()
}

/// An absolute `file://` URI (`C:\\x` becomes `file:///C:/x`).
fn file_uri(path: &str) -> String {
    let path = uri(path);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
    }
}

/// The SARIF level of a documented severity (`change` is a migration note).
fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// One `reportingDescriptor`. It has no `helpUri`: SARIF needs an absolute
/// URI there and cfgate's documentation has no published address (it ships
/// in the source tree), so `help` names the document and its section
/// instead (docs/decisions.md, "SARIF help without helpUri").
fn descriptor(rule: &Rule) -> serde_json::Value {
    let section = format!("{FINDINGS_PATH}#{}", rule.anchor);
    let fix = if rule.fix == "-" {
        ""
    } else {
        rule.fix.as_str()
    };
    let (help_text, help_markdown) = if fix.is_empty() {
        (
            format!("See {section}."),
            format!("See [{}]({section}).", rule.code),
        )
    } else {
        (
            format!("{fix} See {section}."),
            format!("{fix}\n\nSee [{}]({section}).", rule.code),
        )
    };
    json!({
        "id": rule.code,
        "name": rule.code,
        "shortDescription": {"text": rule.short()},
        "fullDescription": {"text": rule.meaning},
        "help": {
            "text": help_text,
            "markdown": help_markdown,
        },
        "defaultConfiguration": {"level": level(&rule.severity)},
    })
}

impl Renderer for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.first = true;
        let driver = json!({
            "name": "cfgate",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": self.rules.iter().map(descriptor).collect::<Vec<_>>(),
        });
        let mut run = format!("{{\"tool\": {{\"driver\": {driver}}}");
        if let Some(base) = &self.base {
            let mut root = file_uri(&base.to_string_lossy());
            if !root.ends_with('/') {
                root.push('/');
            }
            let bases = json!({ SRCROOT: {"uri": root} });
            run.push_str(&format!(", \"originalUriBaseIds\": {bases}"));
        }
        write!(
            out,
            "{{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\", \"runs\": [{run}, \"results\": ["
        )
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        for f in &report.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut text = f.message.clone();
            if !f.fix.is_empty() {
                text.push_str(&format!(" Fix: {}", f.fix));
            }
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": self.artifact(f.file_or(&report.path)),
                    "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)},
                },
            });
            if let (false, Some(map)) = (f.path.is_empty(), location.as_object_mut()) {
                map.insert(
                    "logicalLocations".into(),
                    json!([{"fullyQualifiedName": f.path}]),
                );
            }
            // `ruleId` alone names the rule: a `ruleIndex` would shift
            // whenever a code is documented above it.
            let mut result = json!({
                "ruleId": f.code,
                "level": level,
                "message": {"text": text},
                "locations": [location],
            });
            // A finding joining two files (bundle rules) names the second.
            if let (Some(r), Some(map)) = (&f.place.related, result.as_object_mut()) {
                map.insert(
                    "relatedLocations".into(),
                    json!([{
                        "id": 0,
                        "physicalLocation": {
                            "artifactLocation": self.artifact(&r.file),
                            "region": {"startLine": r.line.max(1), "startColumn": r.column.max(1)},
                        },
                        "message": {"text": r.note},
                    }]),
                );
            }
            if !self.first {
                write!(out, ",")?;
            }
            self.first = false;
            writeln!(out)?;
            serde_json::to_writer(&mut *out, &result).map_err(io::Error::other)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        writeln!(out, "\n]}}]}}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_to_the_working_directory() {
        let sarif = Sarif::new(Some(PathBuf::from("/work/repo")));
        assert_eq!(
            sarif.artifact("/work/repo/s/a b.yaml"),
            json!({"uri": "s/a%20b.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            sarif.artifact("s/x.yaml"),
            json!({"uri": "s/x.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            sarif.artifact("/elsewhere/x.yaml"),
            json!({"uri": "file:///elsewhere/x.yaml"})
        );
        assert_eq!(file_uri("C:\\a b\\x.yaml"), "file:///C:/a%20b/x.yaml");
    }

    #[test]
    fn every_documented_code_is_a_rule_with_metadata() {
        let mut out = Vec::new();
        let mut sarif = Sarif::new(Some(PathBuf::from("/w")));
        sarif.begin(&mut out).unwrap();
        sarif.finish(&mut out, &Summary::default()).unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), super::rules().len());
        let ph390 = rules.iter().find(|r| r["id"] == "PH390").unwrap();
        assert_eq!(ph390["defaultConfiguration"]["level"], "warning");
        assert!(ph390["shortDescription"]["text"].as_str().unwrap().len() > 10);
        assert!(ph390["fullDescription"]["text"].as_str().unwrap().len() > 10);
        assert!(ph390["help"]["text"]
            .as_str()
            .unwrap()
            .contains("docs/FINDINGS.md#ph3xx-worker-config-blocks"));
        // No invented address: every rule's help names the document and
        // its section, none has a helpUri (it must be absolute).
        for rule in rules {
            assert!(rule.get("helpUri").is_none(), "{rule}");
            let markdown = rule["help"]["markdown"].as_str().unwrap();
            assert!(markdown.contains("](docs/FINDINGS.md#"), "{rule}");
        }
        assert_eq!(
            log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///w/"
        );
    }

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("./a b/c.yaml"), "a%20b/c.yaml");
        assert_eq!(uri("dir\\x#.yaml"), "dir/x%23.yaml");
    }
}
