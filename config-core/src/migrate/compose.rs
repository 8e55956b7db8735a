//! Renaming deprecated variables in compose files' `environment:` blocks.
//!
//! Each service's `environment:` is one scope, in map form (`KEY: value`) or
//! list form (`- KEY=value`, `- KEY`); the rules are those of
//! [`super::env`]. Only key bytes change on a rename (quotes kept); a dropped
//! entry loses its whole line(s). An entry in a flow-style block can be
//! renamed but not dropped (`PH505`).
//!
//! Example: the unit test `doc_examples::compose_plan`.

use super::env::{column_of, plan_variables, Variable};
use super::yaml_text::{content_end, line_end_after, line_start, only_comment_after, owns_lines};
use super::{codes, FilePlan, TextEdit};
use crate::finding::{Finding, Position};
use crate::source::yaml::{self, Node, Value};
use std::ops::Range;

/// Plans the migration of a compose file's text.
pub(crate) fn plan(text: &str) -> FilePlan {
    let document = match super::parse_yaml(text) {
        Ok(document) => document,
        Err(plan) => return plan,
    };
    let mut plan = FilePlan::default();
    let Some(Value::Map(services)) = document.root.get("services").map(|n| &n.value) else {
        return plan;
    };
    for service in services {
        let Some(environment) = service.value.get("environment") else {
            continue;
        };
        let name = scalar_text(text, &service.key).unwrap_or_default();
        let flow = text
            .get(environment.span.start..)
            .is_some_and(|t| t.starts_with('{'));
        let variables = match &environment.value {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|e| map_variable(text, &e.key, &e.value, flow))
                .collect(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| list_variable(text, item))
                .collect(),
            _ => Vec::new(),
        };
        let mut scope = plan_variables(&variables);
        let prefix = format!("services.{name}.environment.");
        for change in &mut scope.changes {
            change.path = format!("{prefix}{}", change.path);
        }
        for problem in &mut scope.problems {
            problem.path = format!("{prefix}{}", problem.path);
        }
        plan.changes.append(&mut scope.changes);
        plan.problems.append(&mut scope.problems);
        plan.edits.append(&mut scope.edits);
    }
    for variable in unsafe_keys(text, services) {
        plan.problems.push(variable);
    }
    super::check_reparses(text, &mut plan);
    plan
}

/// A scalar's value as a string (numbers and booleans as written).
pub(crate) fn scalar_text(text: &str, node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
            text.get(node.span.start..node.span.end).map(str::to_string)
        }
        _ => None,
    }
}

/// The bytes of a key's name inside its (possibly quoted) scalar, if the
/// source text spells it exactly (no escapes).
fn name_span(text: &str, node: &Node, name: &str) -> Option<Range<usize>> {
    let raw = text.get(node.span.start..node.span.end)?;
    let start = if raw.starts_with(['"', '\'']) {
        node.span.start + 1
    } else {
        node.span.start
    };
    let range = start..start + name.len();
    (text.get(range.clone()) == Some(name)).then_some(range)
}

fn map_variable(text: &str, key: &Node, value: &Node, flow: bool) -> Option<Variable> {
    let Value::String(name) = &key.value else {
        return None;
    };
    let key_span = name_span(text, key, name)?;
    let entry_span = owns_lines(text, key, value)
        .then(|| line_start(text, key.span.start)..line_end_after(text, content_end(text, value)));
    Some(Variable {
        key: name.clone(),
        value: scalar_text(text, value),
        position: Position {
            line: key.span.line,
            column: key.span.column,
        },
        key_span,
        entry_span,
        pass_through_value: matches!(value.value, Value::Null)
            .then(|| pass_through_value(text, key, value, name, flow)),
    })
}

/// The edit that makes a map-form pass-through (`OLD:`, `OLD: null`,
/// `OLD: ~`, or `{OLD}` in a flow map) read `OLD` explicitly once its key
/// is renamed: `NEW: ${OLD}` (quoted in a flow map, where `{` and `}` are
/// syntax). Comments and the rest of the line are kept.
fn pass_through_value(text: &str, key: &Node, value: &Node, old: &str, flow: bool) -> TextEdit {
    let reference = if flow {
        format!("\"${{{old}}}\"")
    } else {
        format!("${{{old}}}")
    };
    // An explicit null token: replace it.
    if value.span.end > value.span.start {
        return TextEdit {
            range: value.span.start..value.span.end,
            replacement: reference,
        };
    }
    // An empty value ends at its key (quotes included).
    let after_key = text.get(key.span.end..).unwrap_or("");
    let gap = after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    let Some(after_colon) = after_key.get(gap..).and_then(|t| t.strip_prefix(':')) else {
        // `{OLD}`: a flow key without a colon.
        return TextEdit {
            range: key.span.end..key.span.end,
            replacement: format!(": {reference}"),
        };
    };
    let colon_end = key.span.end + gap + 1;
    let spaces = after_colon.len() - after_colon.trim_start_matches([' ', '\t']).len();
    let rest = after_colon.get(spaces..).unwrap_or("");
    // Blanks at the end of the entry go; blanks before a comment stay.
    let entry_ends = rest.is_empty() || rest.starts_with(['\n', '\r', ',', '}']);
    TextEdit {
        range: colon_end..colon_end + if entry_ends { spaces } else { 0 },
        replacement: format!(" {reference}"),
    }
}

fn list_variable(text: &str, item: &Node) -> Option<Variable> {
    let Value::String(assignment) = &item.value else {
        return None;
    };
    let (name, value) = match assignment.split_once('=') {
        Some((name, value)) => (name, Some(value.to_string())),
        None => (assignment.as_str(), None),
    };
    let key_span = name_span(text, item, name)?;
    // `- KEY=value` owns its line when only `-` and spaces precede it.
    let start = line_start(text, item.span.start);
    let prefix = text.get(start..item.span.start).unwrap_or("");
    let block = prefix.trim() == "-";
    let end = content_end(text, item);
    let entry_span =
        (block && only_comment_after(text, end)).then(|| start..line_end_after(text, end));
    Some(Variable {
        key: name.to_string(),
        value,
        position: Position {
            line: item.span.line,
            column: column_of(text, key_span.start),
        },
        key_span,
        entry_span,
        pass_through_value: None,
    })
}

/// Deprecated names whose key bytes cannot be located exactly (escapes in a
/// quoted key): reported rather than silently skipped.
fn unsafe_keys(text: &str, services: &[yaml::Entry]) -> Vec<Finding> {
    let registry = crate::deprecation::registry();
    let mut problems = Vec::new();
    for service in services {
        let Some(environment) = service.value.get("environment") else {
            continue;
        };
        let keys: Vec<(&Node, String)> = match &environment.value {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|e| match &e.key.value {
                    Value::String(s) => Some((&e.key, s.clone())),
                    _ => None,
                })
                .collect(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| match &i.value {
                    Value::String(s) => {
                        Some((i, s.split_once('=').map_or(s.as_str(), |p| p.0).to_string()))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (node, name) in keys {
            if registry.by_old(&name).is_some() && name_span(text, node, &name).is_none() {
                problems.push(
                    Finding::error(
                        codes::CANNOT_EDIT,
                        format!("'{name}' is deprecated, but its key is written with escapes that cannot be edited safely"),
                    )
                    .at(Position {
                        line: node.span.line,
                        column: node.span.column,
                    })
                    .with_fix(format!("write the key '{name}' without escapes, or rename it by hand")),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn migrate(text: &str) -> String {
        let p = plan(text);
        assert!(!p.has_errors(), "{:?}", p.problems);
        p.migrated(text).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn map_form_renames_keys_keeping_quotes_and_comments() {
        let text = "services:\n  api:\n    # env\n    environment:\n      DB_HOST: db   # host\n      \"DB_PORT\": 5432\n      APP: x\n";
        assert_eq!(
            migrate(text),
            "services:\n  api:\n    # env\n    environment:\n      KTRDR_DB_HOST: db   # host\n      \"KTRDR_DB_PORT\": 5432\n      APP: x\n"
        );
    }

    #[test]
    fn list_form_renames_and_drops_equal_duplicates() {
        let text = "services:\n  w:\n    environment:\n      - WORKER_PORT=5003\n      - KTRDR_WORKER_PORT=5003\n      - 'DB_HOST=x'\n      - DB_USER\n";
        assert_eq!(
            migrate(text),
            "services:\n  w:\n    environment:\n      - KTRDR_WORKER_PORT=5003\n      - 'KTRDR_DB_HOST=x'\n      - KTRDR_DB_USER=${DB_USER}\n"
        );
    }

    #[test]
    fn map_form_pass_through_keeps_its_value() {
        let text = "services:\n  w:\n    environment:\n      DB_USER:\n      \"DB_NAME\": \n      DB_HOST: null   # from the host\n      WORKER_ID: ~\n      DB_ECHO: \"\"\n";
        assert_eq!(
            migrate(text),
            "services:\n  w:\n    environment:\n      KTRDR_DB_USER: ${DB_USER}\n      \"KTRDR_DB_NAME\": ${DB_NAME}\n      KTRDR_DB_HOST: ${DB_HOST}   # from the host\n      KTRDR_WORKER_ID: ${WORKER_ID}\n      KTRDR_DB_ECHO: \"\"\n"
        );
        let text = "services:\n  w:\n    environment:\n      DB_USER:   # from the host\n";
        assert_eq!(
            migrate(text),
            "services:\n  w:\n    environment:\n      KTRDR_DB_USER: ${DB_USER}   # from the host\n"
        );
        let text = "services:\n  w:\n    environment: {DB_USER, DB_NAME: , DB_HOST: null, X: y}\n";
        assert_eq!(
            migrate(text),
            "services:\n  w:\n    environment: {KTRDR_DB_USER: \"${DB_USER}\", KTRDR_DB_NAME: \"${DB_NAME}\", KTRDR_DB_HOST: \"${DB_HOST}\", X: y}\n"
        );
    }

    #[test]
    fn map_form_pass_through_migrates_to_what_compose_reads_as_new_from_old() {
        let text = "services:\n  w:\n    environment:\n      DB_USER:\n      DB_NAME: null\n";
        let migrated = migrate(text);
        let doc =
            crate::source::yaml::parse(&migrated, &crate::source::yaml::Limits::default()).unwrap();
        let env = doc.root.pointer("/services/w/environment").unwrap();
        for (new, old) in [("KTRDR_DB_USER", "DB_USER"), ("KTRDR_DB_NAME", "DB_NAME")] {
            assert_eq!(
                env.get(new).map(|n| &n.value),
                Some(&Value::String(format!("${{{old}}}"))),
                "{migrated}"
            );
        }
        assert!(!plan(&migrated).would_change());
    }

    #[test]
    fn numbers_compare_as_written() {
        let text = "services:\n  w:\n    environment:\n      DB_PORT: 5432\n      KTRDR_DB_PORT: \"5432\"\n";
        assert_eq!(
            migrate(text),
            "services:\n  w:\n    environment:\n      KTRDR_DB_PORT: \"5432\"\n"
        );
    }

    #[test]
    fn each_service_is_its_own_scope() {
        let text = "services:\n  a:\n    environment:\n      DB_HOST: x\n  b:\n    environment:\n      KTRDR_DB_HOST: y\n";
        let p = plan(text);
        assert!(!p.has_errors());
        assert_eq!(p.changes[0].path, "services.a.environment.DB_HOST");
    }

    #[test]
    fn conflicts_block_the_file() {
        let text =
            "services:\n  a:\n    environment:\n      - DB_HOST=x\n      - KTRDR_DB_HOST=y\n";
        let p = plan(text);
        assert_eq!(p.problems[0].code, "PH503");
        assert_eq!(p.problems[0].line, 4);
        assert_eq!(p.migrated(text), None);
    }

    #[test]
    fn flow_blocks_rename_but_cannot_drop() {
        let text = "services:\n  a:\n    environment: {DB_HOST: x, OTHER: y}\n";
        assert_eq!(
            migrate(text),
            "services:\n  a:\n    environment: {KTRDR_DB_HOST: x, OTHER: y}\n"
        );
        let text = "services:\n  a:\n    environment: [DB_HOST=x, KTRDR_DB_HOST=x]\n";
        assert_eq!(plan(text).problems[0].code, "PH505");
    }

    #[test]
    fn empty_values_and_aliases() {
        let text = "x: &env\n  DB_HOST: db\nservices:\n  a:\n    environment: *env\n  b:\n    environment:\n      DB_ECHO:\n      KTRDR_DB_ECHO:   # unset\n";
        assert_eq!(
            migrate(text),
            "x: &env\n  KTRDR_DB_HOST: db\nservices:\n  a:\n    environment: *env\n  b:\n    environment:\n      KTRDR_DB_ECHO:   # unset\n"
        );
    }

    #[test]
    fn idempotent() {
        let text = "services:\n  w:\n    environment:\n      - DB_HOST=x\n      - DB_PORT=1\n      - KTRDR_DB_PORT=1\n";
        let once = migrate(text);
        assert!(!plan(&once).would_change());
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn compose_plan() {
        use crate::migrate::compose::plan;
        let text = "services:\n  api:\n    environment:\n      - DB_HOST=db # primary\n";
        let migrated = plan(text).migrated(text).unwrap();
        assert_eq!(
            migrated,
            "services:\n  api:\n    environment:\n      - KTRDR_DB_HOST=db # primary\n"
        );
    }
}
