//! Renderers of settings reports (`validate`, `explain`, `deprecations`).

pub mod human;
pub mod json;
pub mod markdown;

/// A value as one table cell: strings bare, none as `(none)`, the rest JSON.
pub fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(none)".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes `text` to stdout; a closed pipe (`cfgate ... | head`) is not an
/// error worth a panic, so write failures are ignored.
pub fn print(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
