//! The finding codes' metadata, read from their one declaration: the tables
//! of docs/FINDINGS.md (code, severity, meaning, fix, under a section
//! heading). SARIF rule descriptions are derived from it, so a code
//! documented there is described in every SARIF log and nothing is copied.

/// The documentation, embedded at build time.
const FINDINGS_MD: &str = include_str!("../../../../docs/FINDINGS.md");

/// Where the documentation lives in the repository.
pub const FINDINGS_PATH: &str = "docs/FINDINGS.md";

/// One documented code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `PH003`.
    pub code: String,
    /// `error`, `warning`, or `change` (migration).
    pub severity: String,
    /// What the finding means.
    pub meaning: String,
    /// How to fix it (`-` when there is nothing to fix).
    pub fix: String,
    /// The GitHub anchor of the section heading above the row.
    pub anchor: String,
}

impl Rule {
    /// The first sentence of the meaning: a short description.
    pub fn short(&self) -> &str {
        first_sentence(&self.meaning)
    }
}

/// Every documented code, in the order of the document.
pub fn rules() -> Vec<Rule> {
    parse(FINDINGS_MD)
}

fn parse(markdown: &str) -> Vec<Rule> {
    let mut anchor = String::new();
    let mut rules = Vec::new();
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            anchor = github_anchor(heading);
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
        if let [first, severity, meaning, fix] = cells.as_slice() {
            let Some(code) = first.strip_prefix("| ") else {
                continue;
            };
            if !code.starts_with("PH") {
                continue;
            }
            rules.push(Rule {
                code: code.to_string(),
                severity: severity.to_string(),
                meaning: meaning.to_string(),
                fix: fix.trim_end_matches('|').trim().to_string(),
                anchor: anchor.clone(),
            });
        }
    }
    rules
}

/// The anchor GitHub gives a heading: lower case, letters, digits, `-`,
/// `_` and spaces kept, spaces turned into `-`.
fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// Up to the first `. ` (or the whole text), without Markdown backticks.
fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => text.get(..=end).unwrap_or(text),
        None => text,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_document_is_a_rule() {
        let rules = rules();
        let rows = FINDINGS_MD
            .lines()
            .filter(|l| l.starts_with("| PH"))
            .count();
        assert_eq!(rules.len(), rows);
        let ph003 = rules.iter().find(|r| r.code == "PH003").unwrap();
        assert_eq!(ph003.severity, "error");
        assert_eq!(ph003.anchor, "file-and-yaml-level-ph001-ph099");
        assert!(!ph003.fix.is_empty() && !ph003.fix.ends_with('|'));
        assert!(rules
            .iter()
            .all(|r| !r.meaning.is_empty() && !r.anchor.is_empty()));
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(
            github_anchor("Image -> kind (PH200-PH299)"),
            "image---kind-ph200-ph299"
        );
        assert_eq!(
            github_anchor("PH3xx: worker config blocks (`template.bees[].config`)"),
            "ph3xx-worker-config-blocks-templatebeesconfig"
        );
    }
}
