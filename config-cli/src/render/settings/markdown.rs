//! Markdown settings output.

use config_core::deprecation::Rename;

/// The registry as a Markdown table.
pub fn deprecations(renames: &[Rename]) -> String {
    let mut out =
        String::from("| Deprecated | Replacement | Since | Note |\n| --- | --- | --- | --- |\n");
    for r in renames {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            r.old,
            r.new,
            r.since,
            r.note.as_deref().unwrap_or("").replace('|', "\\|")
        ));
    }
    out
}
