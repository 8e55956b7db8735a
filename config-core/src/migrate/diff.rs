//! Unified diffs of a migration, with secret values hidden.
//!
//! A diff shows whole lines, and an env line's value may be a password. Lines
//! that assign a variable whose name looks secret (`PASSWORD`, `SECRET`,
//! `TOKEN`, `CREDENTIAL`, ... ([`crate::secret::is_secret_name`]), or ending
//! in `_KEY`) show `<hidden>` instead of the value, in both the old and the
//! new text, so the renamed key still shows. Every other line has its URL
//! credentials masked ([`crate::secret::mask_url_credentials`]).
//!
//! ```
//! use config_core::migrate::diff::unified;
//! let d = unified(".env", "DB_PASSWORD=hunter2\nDB_URL=pg://u:pw@h\n", "KTRDR_DB_PASSWORD=hunter2\nDB_URL=pg://u:pw@h\n");
//! assert!(d.contains("+KTRDR_DB_PASSWORD=<hidden>") && d.contains(" DB_URL=pg://u:****@h"));
//! assert!(!d.contains("hunter2") && !d.contains("pw@"));
//! ```

use similar::TextDiff;

/// A unified diff (3 lines of context) from `old` to `new`, headed
/// `a/PATH` / `b/PATH`; empty when the texts are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old = hide_secret_values(old);
    let new = hide_secret_values(new);
    TextDiff::from_lines(old.as_str(), new.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Whether a variable name looks like it holds a secret.
pub fn looks_secret(name: &str) -> bool {
    // The shared rule, plus `*_KEY` (API_KEY, AWS_SECRET_ACCESS_KEY): in an
    // env file a key is a credential; in a scenario it may be a routing key.
    crate::secret::is_secret_name(name) || name.to_ascii_uppercase().ends_with("_KEY")
}

/// Replaces the value of every line assigning a secret-looking variable
/// (`[export ]NAME=value`, compose `NAME: value` and `- NAME=value`) and
/// masks URL credentials on the others.
fn hide_secret_values(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            let ending = line.get(body.len()..).unwrap_or("");
            match secret_value_start(body) {
                Some(at) => format!("{}<hidden>{ending}", body.get(..at).unwrap_or("")),
                None => format!("{}{ending}", crate::secret::mask_url_credentials(body)),
            }
        })
        .collect()
}

/// Byte offset where a secret assignment's value starts, if the line is one.
fn secret_value_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix("- ").map_or(trimmed, str::trim_start);
    let rest = rest.strip_prefix("export ").map_or(rest, str::trim_start);
    let rest = rest.trim_start_matches(['"', '\'']);
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    let name = rest.get(..name_len)?;
    if name.is_empty() || !looks_secret(name) {
        return None;
    }
    let after = rest.get(name_len..)?;
    let after_quote = after.trim_start_matches(['"', '\'']);
    let separator = after_quote.trim_start();
    if !(separator.starts_with('=') || separator.starts_with(':')) {
        return None;
    }
    let value_start = line.len() - separator.len() + 1;
    let value = line.get(value_start..)?;
    let value_start = value_start + (value.len() - value.trim_start().len());
    (value_start < line.len()).then_some(value_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_values_of_secret_names_in_every_form() {
        let text = "export DB_PASSWORD = 'p1'\r\n      - JWT_SECRET=p2\n      API_KEY: \"p3\"\nDB_HOST=visible\nTOKEN=\n";
        let hidden = hide_secret_values(text);
        assert_eq!(
            hidden,
            "export DB_PASSWORD = <hidden>\r\n      - JWT_SECRET=<hidden>\n      API_KEY: <hidden>\nDB_HOST=visible\nTOKEN=\n"
        );
    }

    #[test]
    fn equal_texts_have_an_empty_diff() {
        assert_eq!(unified("x", "a\n", "a\n"), "");
    }

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified(".env", "A=1\nDB_HOST=h\n", "A=1\nKTRDR_DB_HOST=h\n");
        assert!(
            d.starts_with("--- a/.env\n+++ b/.env\n@@ -1,2 +1,2 @@\n"),
            "{d}"
        );
        assert!(d.contains("-DB_HOST=h\n+KTRDR_DB_HOST=h\n"), "{d}");
    }
}
