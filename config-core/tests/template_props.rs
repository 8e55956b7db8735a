//! Property tests of the template checker:
//! - generated valid Pebble templates (expressions, filters, tests, tags,
//!   strings, interpolation, `eval`) are never flagged (no false positives);
//! - a mutation that breaks one of them is caught at the byte it breaks,
//!   and, written into a scenario file in any YAML quoting style, the
//!   finding lands on that character's line and column in the file.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use config_core::scenario::check::{check_text, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use config_core::template::check;
use config_core::template::lexer::{tokenize, Tok};
use proptest::prelude::*;

/// Variable names that are not literals or word operators.
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        Just("payload".to_string()),
        Just("vars".to_string()),
        Just("headers".to_string()),
        Just("été".to_string()),
        "[a-z_][a-zA-Z0-9_]{0,6}".prop_filter("not a keyword", |n| !matches!(
            n.as_str(),
            "not" | "and" | "or" | "is" | "contains" | "equals" | "true" | "false" | "null" | "none"
        ) && !n.starts_with("or") && !n.starts_with("is") && !n.starts_with("and") && !n.starts_with("not")
            && !n.starts_with("contains") && !n.starts_with("equals")
            // `set` targets are `s_…`: a path never reads a set variable.
            && !n.starts_with("s_")),
    ]
    .boxed()
}

/// A string literal with quotes, escapes and interpolation.
fn string_lit() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.:/{}%-]{0,8}".prop_map(|s| format!("'{s}'")),
        "[a-zA-Z0-9 ,.:/{}%-]{0,8}".prop_map(|s| format!("\"{s}\"")),
        Just("'it\\'s'".to_string()),
        Just("\"say \\\"hi\\\"\"".to_string()),
        name().prop_map(|n| format!("\"id-#{{ {n} }}-x\"")),
        Just("'{{ %} }}'".to_string()),
    ]
    .boxed()
}

/// A variable with attribute and index accesses (null in validation).
fn path() -> BoxedStrategy<String> {
    (
        name(),
        prop::collection::vec(
            prop_oneof![
                name().prop_map(|n| format!(".{n}")),
                string_lit().prop_map(|s| format!("[{s}]")),
                (0u8..9).prop_map(|i| format!("[{i}]")),
            ],
            0..3,
        ),
    )
        .prop_map(|(n, steps)| format!("{n}{}", steps.concat()))
        .boxed()
}

/// Any value that never fails: printing, `~`, `==`, `| default`.
fn value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        path(),
        string_lit(),
        (0u32..1000).prop_map(|n| n.to_string()),
        (0u32..100, 1u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        (0u32..100).prop_map(|n| format!("{n}L")),
        Just("true".to_string()),
        Just("NULL".to_string()),
        Just("none".to_string()),
        Just("eval(\"#uuid()\")".to_string()),
        Just("eval('#randInt(1, 5)')".to_string()),
        path().prop_map(|p| format!("eval(\"#md5_hex('\" ~ {p} ~ \"')\")")),
        Just("pickWeighted('a', 1, 'b', 2)".to_string()),
        Just("range(1, 3)".to_string()),
        Just("max(1, 2)".to_string()),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} ~ {b})")),
            (inner.clone(), string_lit()).prop_map(|(a, d)| format!("{a} | default({d})")),
            inner.clone().prop_map(|a| format!("({a}) | upper | lower")),
            inner.clone().prop_map(|a| format!("{a} | length")),
            inner.clone().prop_map(|a| format!("[{a}, 1]")),
            (string_lit(), inner.clone()).prop_map(|(k, v)| format!("{{{k}: {v}}}")),
            (condition_leaf(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            (0u32..50, 1u32..50).prop_map(|(a, b)| format!("({a} + {b} * 2 - {b} / {b} % 7)")),
            inner.prop_map(|a| format!("({a})")),
        ]
    })
    .boxed()
}

/// A condition that never fails: null, booleans, comparisons, tests.
fn condition_leaf() -> BoxedStrategy<String> {
    prop_oneof![
        path(),
        Just("false".to_string()),
        Just("TRUE".to_string()),
        (path(), string_lit()).prop_map(|(p, s)| format!("{p} == {s}")),
        (path(), 0u32..9).prop_map(|(p, n)| format!("{p} >= {n}")),
        path().prop_map(|p| format!("{p} is defined")),
        path().prop_map(|p| format!("{p} is not null")),
        path().prop_map(|p| format!("{p} is empty")),
        path().prop_map(|p| format!("{p} contains 'x'")),
        (path(), path()).prop_map(|(a, b)| format!("not {a} equals {b}")),
    ]
    .boxed()
}

fn condition() -> BoxedStrategy<String> {
    condition_leaf()
        .prop_recursive(2, 8, 2, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} or {b}")),
                inner.prop_map(|a| format!("({a})")),
            ]
        })
        .boxed()
}

/// A template: text and tags around generated expressions.
fn template() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        "[a-z :/.,]{0,6}".prop_map(|t| t),
        value().prop_map(|v| format!("{{{{ {v} }}}}")),
        value().prop_map(|v| format!("{{{{- {v} -}}}}")),
        (condition(), value(), value()).prop_map(|(c, a, b)| format!(
            "{{% if {c} %}}{{{{ {a} }}}}{{% elseif {c} %}}x{{% else %}}{{{{ {b} }}}}{{% endif %}}"
        )),
        (name(), value()).prop_map(|(n, v)| format!("{{% set s_{n} = {v} %}}{{{{ s_{n} }}}}")),
        (name(), path(), value()).prop_map(|(n, p, v)| format!(
            "{{% for {n} in {p} %}}{{{{ {v} ~ loop.index }}}}{{% else %}}-{{% endfor %}}"
        )),
        Just("{# comment {{ #}".to_string()),
        Just("{% verbatim %}{{ raw {% endverbatim %}".to_string()),
        value().prop_map(|v| format!("{{% filter upper %}}{{{{ {v} }}}}{{% endfilter %}}")),
    ];
    prop::collection::vec(piece, 1..5)
        .prop_map(|p| p.concat())
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_valid_templates_are_accepted(t in template()) {
        prop_assert_eq!(check(&t), None, "{}", t);
    }

    /// A breaking edit right after the k-th `{{ ` (always outside strings):
    /// the error is at exactly that byte.
    #[test]
    fn mutations_are_caught_where_they_break(
        t in template(),
        k in 0usize..4,
        m in 0usize..5,
    ) {
        // Print tags as the lexer finds them (not in strings, comments or
        // verbatim text).
        let opens: Vec<usize> = tokenize(&t)
            .unwrap()
            .into_iter()
            .filter(|tok| tok.tok == Tok::PrintStart && t[tok.at..].starts_with("{{ "))
            .map(|tok| tok.at + 3)
            .collect();
        prop_assume!(!opens.is_empty());
        let at = opens[k % opens.len()];
        let insert = ["! ", "} ", "&& ", "# ", ") "][m];
        let mutated = format!("{}{insert}{}", &t[..at], &t[at..]);
        let e = check(&mutated);
        prop_assert!(e.is_some(), "{}", mutated);
        prop_assert_eq!(e.unwrap().offset, at, "{}", mutated);
    }

    /// The same mutations inside a scenario, in every YAML style: the
    /// finding is on the line and column where the break is written.
    #[test]
    fn mutations_are_placed_in_the_file(
        t in "[a-z ]{0,5}",
        v in value(),
        style in 0usize..4,
        m in 0usize..3,
    ) {
        let insert = ["! ", "} ", "&& "][m];
        let template = format!("{t}{{{{ {insert}{v} }}}}");
        let (yaml, marker) = encode(&template, style);
        let text = format!(
            "protocolVersion: \"2.0.0\"\nid: fixture\nname: Fixture\ntemplate:\n  image: swarm-controller:latest\n  bees:\n    - role: proc\n      image: processor:latest\n      work: {{in: {{in: q1}}}}\n      ports:\n        - {{id: in, direction: in}}\n      config:\n        inputs: {{type: RABBITMQ}}\n        outputs: {{type: RABBITMQ}}\n        mode: THREAD_COUNT\n        threadCount: 1\n        baseUrl: {yaml}\n"
        );
        let findings = check_text(&text, SchemaSet::builtin(), &CheckOptions::default());
        let f = findings.iter().find(|f| f.code == "PH360");
        prop_assert!(f.is_some(), "{}\n{:?}", text, findings);
        let f = f.unwrap();
        let at = text.find("baseUrl:").unwrap();
        let at = at + text[at..].find(marker).unwrap();
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
        prop_assert_eq!((f.line, f.column), (line, column), "{}", text);
    }
}

/// The template as a YAML value after `baseUrl: `, and a text that marks
/// the mutation in the file (the mutation and what follows).
fn encode(template: &str, style: usize) -> (String, &'static str) {
    let marker = ["{{ ! ", "{{ } ", "{{ && "]
        .into_iter()
        .find(|m| template.contains(m))
        .unwrap();
    let yaml = match style {
        // Double quotes with escapes: `\"` and a `\t` before the tag.
        0 => format!(
            "\"\\t{}\"",
            template.replace('\\', "\\\\").replace('"', "\\\"")
        ),
        // Single quotes: `''`.
        1 => format!("'{}'", template.replace('\'', "''")),
        // Literal block, two lines.
        2 => format!("|\n          first line\n          {template}"),
        // Folded block.
        _ => format!(">-\n          first\n          {template}"),
    };
    // The marker is written as-is in every style (no quote or backslash
    // in it); skip the `{{ ` to land on the inserted character.
    (yaml, &marker[3..marker.len()])
}
