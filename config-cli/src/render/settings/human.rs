//! Human-readable settings output.

use config_core::deprecation::Rename;
use config_core::gate::{ConfigurationError, ACK_VAR};
use config_core::settings::report::shown_value;
use config_core::settings::{Report, Warning};
use std::fmt::Write as _;

/// `cfgate validate`: one block listing every error, then the warnings (the
/// insecure-default ones in a box).
pub fn validate(report: &Report) -> String {
    let mut out = String::new();
    if report.is_ok() {
        let _ = writeln!(
            out,
            "Configuration OK for component '{}' ({} domains checked).",
            report.component,
            report.values.len()
        );
    } else {
        let error = ConfigurationError::of_report(report);
        let _ = writeln!(out, "{error}");
    }
    let (insecure, other): (Vec<&Warning>, Vec<&Warning>) = report
        .warnings
        .iter()
        .partition(|w| w.code == "insecure-default");
    if !other.is_empty() {
        let _ = writeln!(out, "\nWarnings:");
        for w in other {
            let _ = writeln!(out, "  warning[{}]: {} ({})", w.code, w.message, w.source);
        }
    }
    if !insecure.is_empty() {
        out.push('\n');
        out.push_str(&insecure_box(&insecure));
    }
    out
}

/// The insecure-defaults warning box: names only, never values.
fn insecure_box(warnings: &[&Warning]) -> String {
    let mut lines = vec!["WARNING: insecure development defaults in use:".to_string()];
    lines.extend(
        warnings
            .iter()
            .map(|w| format!("  {} ({})", w.env, w.source)),
    );
    lines.push("Set real values before production, or set".to_string());
    lines.push(format!("{ACK_VAR}=true to silence this warning."));
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let rule = format!("+{}+\n", "-".repeat(width + 2));
    let mut out = rule.clone();
    for line in &lines {
        let pad = width - line.chars().count();
        let _ = writeln!(out, "| {line}{} |", " ".repeat(pad));
    }
    out.push_str(&rule);
    out
}

/// `cfgate explain`: an aligned table of every effective value and its source.
pub fn explain(report: &Report) -> String {
    let mut rows = vec![[
        "SETTING".to_string(),
        "VALUE".to_string(),
        "SOURCE".to_string(),
        "VARIABLE".to_string(),
    ]];
    let max = crate::render::bounded::DEFAULT.entries;
    let mut cut = Vec::new();
    for domain in &report.values {
        // Bounded output: a hostile settings file can name 90,000 keys.
        for field in domain.fields.iter().take(max) {
            let mut value = super::cell(&field.value);
            if !field.valid {
                value.push_str(" (invalid)");
            }
            // Names from files are cut like values, so one long name
            // cannot widen every row of the table.
            rows.push([
                shown_value(&format!("{}.{}", domain.domain, field.field)),
                value,
                field.source.to_string(),
                shown_value(&field.env),
            ]);
        }
        if domain.fields.len() > max {
            cut.push(format!(
                "... and {} more settings of '{}' not shown (at most {max} are listed per domain)\n",
                domain.fields.len() - max,
                domain.domain
            ));
        }
    }
    let mut out = table(&rows);
    out.extend(cut);
    out
}

/// `cfgate deprecations`: an aligned table of the registry.
pub fn deprecations(renames: &[Rename]) -> String {
    let mut rows = vec![[
        "DEPRECATED".to_string(),
        "REPLACEMENT".to_string(),
        "SINCE".to_string(),
        "NOTE".to_string(),
    ]];
    rows.extend(renames.iter().map(|r| {
        [
            r.old.clone(),
            r.new.clone(),
            r.since.clone(),
            r.note.clone().unwrap_or_default(),
        ]
    }));
    table(&rows)
}

/// Left-aligned columns separated by two spaces, no trailing blanks.
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
