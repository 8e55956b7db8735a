//! Unified diffs of a migration, with secret values hidden.
//!
//! A diff shows whole lines, and an env line's value may be a password. Lines
//! that assign a variable whose name looks secret (`PASSWORD`, `SECRET`,
//! `TOKEN`, `CREDENTIAL`, `DB_PASS`, ... ([`crate::secret::is_secret_env_name`],
//! which also takes `*_KEY`)) show `<hidden>` instead of the value, in both
//! the old and the new text, so the renamed key still shows; so do the
//! context lines the value runs onto (a multi-line quoted value, a YAML
//! block or folded value). Every line has its credentials masked by shape
//! ([`crate::secret::mask_shapes`]).
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
    crate::secret::is_secret_env_name(name)
}

/// Hides the value of every secret-looking assignment, with the lines it
/// runs onto (multi-line quoted env values, YAML block and folded values,
/// flow maps), and masks credentials by shape: the one secret rule
/// ([`crate::secret::redact_text_as`]) with the env-file names.
fn hide_secret_values(text: &str) -> String {
    crate::secret::redact_text_as(text, crate::secret::NameRule::Env, "<hidden>")
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
