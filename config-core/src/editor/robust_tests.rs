//! Property tests: a half-typed or malformed scenario never panics the
//! editor functions, and every range they give lies on the text's
//! character boundaries.

use super::fields::{field_info, keys_at};
use super::locate::{completion_at, finding_ranges, node_at};
use super::names::{bee_roles, role_definition};
use crate::scenario::check::{check_text, CheckOptions};
use crate::scenario::config_check::SchemaSet;
use crate::source::yaml::{parse, Limits};
use proptest::prelude::*;

const FIXTURE: &str = include_str!("../../../tests/fixtures/lsp/bundle/scenario.yaml");

/// One edit: at a fraction of the text, delete some characters and insert
/// a snippet of YAML punctuation, keys or non-ASCII text.
fn edit() -> impl Strategy<Value = (f64, usize, String)> {
    let snippets = prop::sample::select(vec![
        "",
        ":",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "{",
        "}",
        "[",
        "]",
        "\"",
        "'",
        "#",
        "&a ",
        "*a",
        "<<: *a",
        "role: x",
        "config:\n",
        "😀",
        "é",
        "\t",
        "|\n  ",
        "? ",
        "---\n",
        "%",
    ]);
    (0.0..1.0f64, 0usize..6, snippets.prop_map(str::to_string))
}

fn apply(text: &str, (at, delete, insert): &(f64, usize, String)) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = ((chars.len() as f64) * at) as usize;
    let end = (start + delete).min(chars.len());
    let mut out: String = chars.iter().take(start).collect();
    out.push_str(insert);
    out.extend(chars.iter().skip(end));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_never_panic_and_ranges_are_boundaries(
        edits in prop::collection::vec(edit(), 1..6),
        cursor in 0.0..1.0f64,
    ) {
        let mut text = FIXTURE.to_string();
        for e in &edits {
            text = apply(&text, e);
        }
        let findings = check_text(&text, SchemaSet::builtin(), &CheckOptions::default());
        for range in finding_ranges(&text, &findings) {
            prop_assert!(range.start <= range.end && range.end <= text.len());
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
        let mut offset = ((text.len() as f64) * cursor) as usize;
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if let Some(at) = completion_at(&text, offset) {
            prop_assert!(at.word.end <= text.len());
        }
        if let Ok(doc) = parse(&text, &Limits::default()) {
            bee_roles(&doc.root);
            if let Some(at) = node_at(&doc.root, offset) {
                field_info(&doc.root, &at.pointer);
                role_definition(&doc.root, &at.pointer);
                keys_at(&doc.root, &at.pointer);
            }
        }
    }
}
