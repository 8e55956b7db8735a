//! The two template forms the orchestrator renders itself, matched exactly
//! as its regular expressions do (no regex engine needed for two fixed
//! shapes):
//!
//! - `\{\{\s*vars\.([A-Za-z0-9_.-]+)\s*}}` (ORC:109-110, 861-916);
//! - `\{\{\s*sut\.endpoints\['([^']+)'\]\.baseUrl\s*}}(.*)` on the trimmed
//!   `baseUrl` (ORC:107-108, 1472-1475).

/// Java's `\s`: space, tab, line feed, vertical tab, form feed, carriage return.
fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}

fn skip_space(s: &str) -> &str {
    s.trim_start_matches(is_java_space)
}

/// One `{{ vars.path }}` occurrence: byte range in the text and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VarPlaceholder {
    /// Byte offset of `{{`.
    pub start: usize,
    /// Byte offset one past `}}`.
    pub end: usize,
    /// The captured path (`a.b-c`).
    pub path: String,
}

/// The placeholder starting exactly at the start of `s`, if any: its length
/// and path.
fn var_at(s: &str) -> Option<(usize, String)> {
    let rest = s.strip_prefix("{{")?;
    let rest = skip_space(rest);
    let rest = rest.strip_prefix("vars.")?;
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .unwrap_or(rest.len());
    if len == 0 {
        return None;
    }
    let path = rest.get(..len)?.to_string();
    let after = skip_space(rest.get(len..)?);
    let after = after.strip_prefix("}}")?;
    Some((s.len() - after.len(), path))
}

/// Every `{{ vars.x }}` occurrence, left to right, not overlapping (as
/// `Matcher.find` scans).
pub(crate) fn var_placeholders(text: &str) -> Vec<VarPlaceholder> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find("{{")) {
        let start = from + i;
        match text.get(start..).and_then(var_at) {
            Some((len, path)) => {
                out.push(VarPlaceholder {
                    start,
                    end: start + len,
                    path,
                });
                from = start + len;
            }
            None => from = start + 1,
        }
    }
    out
}

/// The path when the trimmed text is exactly one placeholder (then the
/// typed value replaces the whole string, ORC:897-900).
pub(crate) fn whole_var(text: &str) -> Option<String> {
    let trimmed = text.trim_matches(|c: char| c <= ' ');
    let (len, path) = var_at(trimmed)?;
    (len == trimmed.len()).then_some(path)
}

/// `{{ sut.endpoints['id'].baseUrl }}<suffix>` on the trimmed text: the
/// endpoint id and the suffix.
pub(crate) fn sut_base_url(text: &str) -> Option<(String, String)> {
    // Java's String.trim drops chars <= U+0020.
    let trimmed = text.trim_matches(|c: char| c <= ' ');
    let rest = trimmed.strip_prefix("{{")?;
    let rest = skip_space(rest).strip_prefix("sut.endpoints['")?;
    let close = rest.find('\'')?;
    if close == 0 {
        return None;
    }
    let id = rest.get(..close)?.to_string();
    let rest = rest.get(close..)?.strip_prefix("'].baseUrl")?;
    let suffix = skip_space(rest).strip_prefix("}}")?;
    // `.` does not match a line terminator.
    if suffix.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return None;
    }
    Some((id, suffix.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_vars_placeholder_with_dashes_and_dots() {
        let found = var_placeholders("a {{vars.x}} b {{  vars.o.k-1 }} {{ vars.y | upper }}");
        let paths: Vec<_> = found.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["x", "o.k-1"]);
    }

    #[test]
    fn whole_placeholder_only_when_alone_after_trim() {
        assert_eq!(whole_var("  {{ vars.n }} "), Some("n".into()));
        assert_eq!(whole_var("x{{ vars.n }}"), None);
        assert_eq!(whole_var("{{ vars['n'] }}"), None);
    }

    #[test]
    fn sut_template_takes_single_quotes_and_a_suffix() {
        assert_eq!(
            sut_base_url(" {{ sut.endpoints['api'].baseUrl }}/v1 "),
            Some(("api".into(), "/v1".into()))
        );
        assert_eq!(sut_base_url("{{ sut.endpoints[\"api\"].baseUrl }}"), None);
        assert_eq!(sut_base_url("x{{ sut.endpoints['api'].baseUrl }}"), None);
        assert_eq!(
            sut_base_url("{{ sut.endpoints['api'].baseUrl | trim }}"),
            None
        );
    }
}
