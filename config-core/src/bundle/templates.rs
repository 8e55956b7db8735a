//! `templates/**` (VALIDATOR.md §10.2, §10.4): every `.yaml`/`.yml`/`.json`
//! file under `templates/` (except `authProfiles.yaml`/`.yml`) must parse
//! strictly into a map (PH600) and every string in it holding `{{` or `{%`
//! must be a valid template (PH601), whether or not a worker reads the file.
//! A file some consumer sees must also meet the request-template contract
//! (PH602, PH603), checked by [`check_contract`].

use super::codes::{TEMPLATE_FIELD, TEMPLATE_PARSE, TEMPLATE_PROTOCOL, TEMPLATE_SYNTAX};
use super::file::{at, scalar, string_value, BundleFile, Parsed, Scalar};
use super::{finding_in, Bundle};
use crate::finding::{Finding, Position};
use crate::source::scalar_pos::position_in_scalar;
use crate::source::yaml::Node;
use crate::template::scope::{check_tree, dotted, Scope};

/// A template file that parsed.
pub(crate) struct TemplateFile<'b> {
    /// The file.
    pub(crate) file: &'b BundleFile,
    /// Its tree.
    pub(crate) parsed: &'b Parsed,
}

impl TemplateFile<'_> {
    /// The bundle-relative path.
    pub(crate) fn rel(&self) -> &str {
        &self.file.rel
    }

    /// The top-level value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.parsed.root().get(key)
    }

    /// A top-level String field, trimmed (the validator's `stringValue`).
    pub(crate) fn string(&self, key: &str) -> Option<String> {
        string_value(self.get(key)).map(str::to_string)
    }

    /// The `serviceId::callId` key, when both are non-blank Strings
    /// (SBV:1710-1720, 2546-2550).
    pub(crate) fn key(&self) -> Option<String> {
        let call = self.string("callId").filter(|s| !s.is_empty())?;
        let service = self.string("serviceId").filter(|s| !s.is_empty())?;
        Some(format!("{service}::{call}"))
    }

    /// Where a top-level key sits (its key), else the file start.
    pub(crate) fn key_position(&self, key: &str) -> Position {
        self.parsed
            .root()
            .get_entry(key)
            .map_or(Position { line: 1, column: 1 }, |e| at(e.key.span))
    }
}

/// `authProfiles.yaml` / `.yml` in any case are not templates (SBV:2535-2544).
pub(crate) fn is_auth_profiles_name(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    name == "authprofiles.yaml" || name == "authprofiles.yml"
}

/// Parses every template file, reporting PH600 and PH601; returns the files
/// that parsed, in path order.
pub(crate) fn read_all<'b>(
    bundle: &'b Bundle<'_>,
    findings: &mut Vec<Finding>,
) -> Vec<TemplateFile<'b>> {
    let mut out = Vec::new();
    for file in bundle.template_files() {
        if is_auth_profiles_name(&file.rel) {
            continue;
        }
        match file.parse_map(bundle.limits) {
            Ok(parsed) => {
                check_syntax(file, parsed.root(), findings);
                out.push(TemplateFile { file, parsed });
            }
            Err(e) => findings.push(finding_in(
                file,
                Finding::error(
                    TEMPLATE_PARSE,
                    format!("template could not be parsed: {}", e.message),
                )
                .with_fix(
                    "fix the syntax or the duplicate key at this position; a template file \
                     must be one YAML (or JSON) mapping",
                ),
                e.at,
            )),
        }
    }
    let prefix = format!("{}/", super::TEMPLATES_DIR);
    for rel in bundle.unreadable() {
        if rel.starts_with(&prefix) && !is_auth_profiles_name(rel) {
            findings.push(
                Finding::error(TEMPLATE_PARSE, "template could not be read as UTF-8 text")
                    .in_file(bundle.display(rel))
                    .with_fix("save the file as UTF-8"),
            );
        }
    }
    out
}

/// PH601 on every string the platform's template check reads in the file
/// (`crate::template::scope`: the same declaration as for scenario
/// configs), at the offending token's line and column inside the value.
fn check_syntax(file: &BundleFile, root: &Node, findings: &mut Vec<Finding>) {
    check_tree(root, Scope::File, |path, node, error| {
        let position =
            position_in_scalar(&file.text, node, error.offset).unwrap_or_else(|| at(node.span));
        findings.push(finding_in(
            file,
            Finding::error(
                TEMPLATE_SYNTAX,
                format!("inline template syntax is invalid: {}", error.message()),
            )
            .with_path(dotted(path))
            .with_fix(error.fix()),
            position,
        ));
    });
}

/// The request-template contract of one file a consumer sees (SBV:1722-1771).
pub(crate) fn check_contract(template: &TemplateFile<'_>, findings: &mut Vec<Finding>) {
    let file = template.file;
    for field in ["protocol", "serviceId", "callId"] {
        if template.string(field).is_none_or(|s| s.is_empty()) {
            findings.push(missing_field(template, field, "request template"));
        }
    }
    let Some(protocol) = template.string("protocol").filter(|p| !p.is_empty()) else {
        return;
    };
    let upper = protocol.to_uppercase();
    if !matches!(upper.as_str(), "HTTP" | "TCP" | "ISO8583") {
        findings.push(finding_in(
            file,
            Finding::error(
                TEMPLATE_PROTOCOL,
                format!("request template declares unsupported protocol '{protocol}'"),
            )
            .with_path("protocol")
            .with_fix("use one of HTTP, TCP or ISO8583"),
            template
                .get("protocol")
                .map_or(Position { line: 1, column: 1 }, |n| at(n.span)),
        ));
        return;
    }
    if upper == "HTTP" {
        for field in ["method", "pathTemplate"] {
            if template.string(field).is_none_or(|s| s.is_empty()) {
                findings.push(missing_field(template, field, "HTTP request template"));
            }
        }
    }
}

fn missing_field(template: &TemplateFile<'_>, field: &str, what: &str) -> Finding {
    let (position, why) = match template.get(field) {
        None => (Position { line: 1, column: 1 }, "is missing"),
        Some(node) => (
            at(node.span),
            match scalar(node) {
                Some(Scalar::Str(_)) => "is blank",
                _ => "is not a string",
            },
        ),
    };
    finding_in(
        template.file,
        Finding::error(
            TEMPLATE_FIELD,
            format!("{what} is missing required field '{field}' (it {why})"),
        )
        .with_path(field)
        .with_fix(format!(
            "add `{field}:` with a non-blank string (quote numbers: `{field}: \"123\"`)"
        )),
        position,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_profile_files_are_not_templates() {
        assert!(is_auth_profiles_name("templates/x/AuthProfiles.YML"));
        assert!(!is_auth_profiles_name("templates/x/authProfiles.json"));
    }
}
