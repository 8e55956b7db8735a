//! Renderers of settings reports (`validate`, `explain`, `deprecations`).

pub mod human;
pub mod json;
pub mod markdown;

use config_core::settings::report::shown_value;

/// A value as one table cell: strings bare (control characters escaped, long
/// values cut: [`shown_value`]), none as `(none)`, the rest JSON.
pub fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(none)".to_string(),
        serde_json::Value::String(s) => shown_value(s),
        other => other.to_string(),
    }
}

/// Writes `text` to stdout; a closed pipe (`cfgate ... | head`) ends the
/// process quietly with status 0, any other failure with status 2
/// ([`crate::render::output`]).
pub fn print(text: &str) {
    crate::render::output::print_or_exit(text);
}
