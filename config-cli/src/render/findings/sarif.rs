//! `--format sarif`: one SARIF 2.1.0 log with one run; results streamed.

use super::Renderer;
use config_core::finding::Severity;
use config_core::scenario::check::{FileReport, Summary};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::json;
use std::io::{self, Write};

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
#[derive(Default)]
pub struct Sarif {
    first: bool,
}

fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    utf8_percent_encode(path, PATH).to_string()
}

impl Renderer for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.first = true;
        let driver = json!({
            "name": "cfgate",
            "version": env!("CARGO_PKG_VERSION"),
        });
        write!(
            out,
            "{{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", \"version\": \"2.1.0\", \"runs\": [{{\"tool\": {{\"driver\": {driver}}}, \"results\": ["
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
                    "artifactLocation": {"uri": uri(f.file_or(&report.path))},
                    "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)},
                },
            });
            if let (false, Some(map)) = (f.path.is_empty(), location.as_object_mut()) {
                map.insert(
                    "logicalLocations".into(),
                    json!([{"fullyQualifiedName": f.path}]),
                );
            }
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
                            "artifactLocation": {"uri": uri(&r.file)},
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
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("./a b/c.yaml"), "a%20b/c.yaml");
        assert_eq!(uri("dir\\x#.yaml"), "dir/x%23.yaml");
    }
}
