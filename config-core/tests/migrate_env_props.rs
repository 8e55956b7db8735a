//! Property tests: migrating generated `.env` files changes exactly the
//! deprecated names (renamed, or dropped when the replacement holds the same
//! value), keeps every other byte, and is idempotent.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use config_core::deprecation::registry;
use config_core::migrate::{plan_text, FileKind};
use proptest::prelude::*;

/// Names drawn for entries: deprecated ones, their replacements, and
/// look-alikes that must never be touched.
const KEYS: &[&str] = &[
    "DB_HOST",
    "KTRDR_DB_HOST",
    "WORKER_PORT",
    "KTRDR_WORKER_PORT",
    "IB_RETRY_DELAY",
    "KTRDR_IB_RETRY_BASE_DELAY",
    "DB_PASSWORD",
    "KTRDR_DB_PASSWORD",
    "DB_HOSTNAME",
    "XDB_HOST",
    "db_host",
    "APP_MODE",
];

#[derive(Debug, Clone)]
enum Line {
    Blank(String),
    Comment(String),
    Entry {
        indent: String,
        export: bool,
        key: &'static str,
        around_eq: (String, String),
        style: u8,
        comment: Option<String>,
    },
}

/// The one value every name of a group has (so no conflicts arise here).
fn value_of(key: &str) -> String {
    let group = registry().by_old(key).map_or(key, |r| r.new.as_str());
    format!("v{}", group.len())
}

fn render_value(value: &str, style: u8) -> String {
    match style % 3 {
        0 => value.to_string(),
        1 => format!("'{value}'"),
        _ => format!("\"{value}\""),
    }
}

fn spaces() -> impl Strategy<Value = String> {
    "[ \t]{0,2}"
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        spaces().prop_map(Line::Blank),
        ("[ \t]{0,2}", "[^\r\n]{0,20}", prop::sample::select(KEYS))
            .prop_map(|(indent, text, key)| Line::Comment(format!("{indent}# {key}={text}"))),
        (
            "[ ]{0,2}",
            any::<bool>(),
            prop::sample::select(KEYS),
            (spaces(), spaces()),
            any::<u8>(),
            prop::option::of("[^\r\n]{0,10}"),
        )
            .prop_map(|(indent, export, key, around_eq, style, comment)| {
                Line::Entry {
                    indent,
                    export,
                    key,
                    around_eq,
                    style,
                    comment,
                }
            }),
    ]
}

fn file() -> impl Strategy<Value = (Vec<(Line, bool)>, bool)> {
    (
        prop::collection::vec((line(), any::<bool>()), 0..12),
        any::<bool>(),
    )
}

fn render_line(line: &Line, key: &str) -> String {
    match line {
        Line::Blank(s) | Line::Comment(s) => s.clone(),
        Line::Entry {
            indent,
            export,
            around_eq,
            style,
            comment,
            ..
        } => {
            let export = if *export { "export " } else { "" };
            let value = render_value(&value_of(key), *style);
            let comment = comment
                .as_ref()
                .map_or(String::new(), |c| format!(" # {c}"));
            format!(
                "{indent}{export}{key}{}={}{value}{comment}",
                around_eq.0, around_eq.1
            )
        }
    }
}

/// The text, and the text the migration must produce (computed from the
/// structure, independently of the migrator).
fn texts(lines: &[(Line, bool)], final_newline: bool) -> (String, String) {
    let present: Vec<&str> = lines
        .iter()
        .filter_map(|(l, _)| match l {
            Line::Entry { key, .. } => Some(*key),
            _ => None,
        })
        .collect();
    let mut before = Vec::new();
    let mut after = Vec::new();
    for (line, crlf) in lines {
        let ending = if *crlf { "\r\n" } else { "\n" };
        before.push((render_line(line, line_key(line)), ending));
        match line {
            Line::Entry { key, .. } => match registry().by_old(key) {
                Some(rename) if present.contains(&rename.new.as_str()) => {}
                Some(rename) => after.push((render_line(line, &rename.new), ending)),
                None => after.push((render_line(line, key), ending)),
            },
            _ => after.push((render_line(line, ""), ending)),
        }
    }
    (join(before, final_newline), join(after, final_newline))
}

fn line_key(line: &Line) -> &'static str {
    match line {
        Line::Entry { key, .. } => key,
        _ => "",
    }
}

fn join(lines: Vec<(String, &str)>, final_newline: bool) -> String {
    let count = lines.len();
    let mut out = String::new();
    for (i, (text, ending)) in lines.into_iter().enumerate() {
        out.push_str(&text);
        if final_newline || i + 1 < count {
            out.push_str(ending);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn migration_changes_exactly_the_deprecated_names((lines, final_newline) in file()) {
        let (text, expected) = texts(&lines, final_newline);
        let plan = plan_text(FileKind::Dotenv, &text);
        prop_assert!(!plan.has_errors(), "{:?}\n{text:?}", plan.problems);
        let migrated = plan.migrated(&text).unwrap_or_else(|| text.clone());
        prop_assert_eq!(&migrated, &expected);
        // Idempotent: nothing left to do.
        let again = plan_text(FileKind::Dotenv, &migrated);
        prop_assert!(!again.would_change() && again.problems.is_empty());
    }

    #[test]
    fn different_values_are_conflicts_and_block_the_file(
        old_value in "[a-z0-9]{0,6}",
        new_value in "[a-z0-9]{0,6}",
        old_first in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let ending = if crlf { "\r\n" } else { "\n" };
        let old = format!("DB_USER={old_value}{ending}");
        let new = format!("KTRDR_DB_USER='{new_value}'{ending}");
        let text = if old_first { format!("{old}{new}") } else { format!("{new}{old}") };
        let plan = plan_text(FileKind::Dotenv, &text);
        if old_value == new_value {
            prop_assert_eq!(plan.migrated(&text), Some(new));
        } else {
            prop_assert!(plan.has_errors());
            prop_assert_eq!(plan.problems[0].code, "PH503");
            prop_assert_eq!(plan.migrated(&text), None);
        }
    }
}
