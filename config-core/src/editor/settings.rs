//! A settings file as the editor sees it: the findings `cfgate validate`
//! reports that point into *this* `.env`-style text.
//!
//! The text is loaded as the file layer alone and run through the same gate
//! as `cfgate validate --component all` ([`crate::gate::check`]). Only
//! findings whose value comes from this file are kept: a variable missing
//! here may well be set in the environment the service starts with, which
//! the editor cannot know.

use crate::finding::{Finding, Position};
use crate::gate;
use crate::provenance::Provenance;
use crate::settings::Component;
use crate::source::env::Sources;
use std::path::Path;

/// The findings of a `.env`-style text: every gate error and warning whose
/// value (or unreadable line) is in this file, by line. An unreadable line
/// is the warning `validate` gives (`env-file-syntax`: the service skips
/// it), never an error.
///
/// ```
/// use config_core::editor::settings::check_dotenv;
/// use config_core::finding::Severity;
/// use std::path::Path;
/// let findings = check_dotenv(Path::new(".env.local"), "KTRDR_WORKER_PORT=abc\nBROKEN LINE\n");
/// assert!(findings
///     .iter()
///     .any(|f| f.code == "env-file-syntax" && f.line == 2 && f.severity == Severity::Warning));
/// assert!(findings.iter().any(|f| f.line == 1 && f.path == "KTRDR_WORKER_PORT"));
/// ```
pub fn check_dotenv(path: &Path, text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut sources = Sources::new();
    sources.push_env_file_text(path, text);
    let report = gate::check(Component::All, &sources);
    let here = |source: &Provenance| match source {
        Provenance::File { path: p, line } if p == path => Some(*line),
        _ => None,
    };
    for error in &report.errors {
        if let Some(line) = here(&error.source) {
            findings.push(at_name(
                Finding::error(error.code, format!("{}: {}", error.env, error.message)),
                text,
                line,
                &error.env,
            ));
        }
    }
    for warning in &report.warnings {
        if let Some(line) = here(&warning.source) {
            let mut finding = Finding::warning(warning.code, warning.message.clone());
            if let Some(new) = &warning.replacement {
                finding = finding.with_fix(format!("rename it to {new}"));
            }
            findings.push(at_name(finding, text, line, &warning.env));
        }
    }
    findings.sort_by_key(|f| (f.line, f.column));
    findings.dedup();
    findings
}

/// Places a finding at the variable's name on its line.
fn at_name(finding: Finding, text: &str, line: usize, name: &str) -> Finding {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let column = line_text.find(name).map_or(1, |byte| {
        line_text.get(..byte).map_or(0, |s| s.chars().count()) + 1
    });
    finding
        .at(Position { line, column })
        .with_path(name.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn findings_point_at_the_variable_name() {
        let text = "# settings\nexport KTRDR_WORKER_PORT=abc\n";
        let findings = check_dotenv(Path::new("x.env"), text);
        let port = findings
            .iter()
            .find(|f| f.path == "KTRDR_WORKER_PORT")
            .unwrap();
        assert_eq!((port.line, port.column), (2, 8));
    }

    #[test]
    fn unreadable_lines_are_the_warnings_validate_gives() {
        let text = "KTRDR_DB_PASSWORD: hunter2\nKTRDR_DB_PORT=5432\n";
        let findings = check_dotenv(Path::new("x.env"), text);
        let syntax: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.code == "env-file-syntax")
            .collect();
        assert_eq!(syntax.len(), 1, "{findings:?}");
        assert_eq!(syntax[0].severity, crate::finding::Severity::Warning);
        assert_eq!((syntax[0].line, syntax[0].column), (1, 1));
        assert!(
            !syntax[0].message.contains("hunter2"),
            "{}",
            syntax[0].message
        );
        assert!(
            findings
                .iter()
                .all(|f| f.severity != crate::finding::Severity::Error),
            "{findings:?}"
        );
    }

    #[test]
    fn values_not_in_the_file_are_not_reported() {
        let findings = check_dotenv(Path::new("x.env"), "# nothing set\n");
        assert!(findings.is_empty(), "{findings:?}");
    }
}
