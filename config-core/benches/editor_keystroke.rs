//! Benchmark: what `cfgate lsp` does per keystroke on a 500-line scenario,
//! once typing pauses: the `cfgate check` findings of the buffer and the
//! range (start and end) of each. Target: under 5 ms (issue 19).
//!
//! - `check_only`: the library's `check_text`.
//! - `check_and_ranges`: what the server does: `editor::check` (one parse)
//!   and the ranges from that tree.
//! - `check_and_ranges_reparsed`: the server's former path (`check_text`,
//!   then `finding_ranges` parsing again and scanning lines per finding),
//!   kept to compare.
#![allow(missing_docs, clippy::unwrap_used)]

use config_core::editor::check::check;
use config_core::editor::locate::{finding_ranges, finding_ranges_in};
use config_core::scenario::check::{check_text, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A scenario of `bees` generator bees (13 lines each) feeding one
/// processor, with a topology edge per bee.
fn scenario(bees: usize) -> String {
    let mut text = String::from(
        "protocolVersion: \"2.0.0\"\nid: bench\nname: Keystroke bench\ntemplate:\n  image: ghcr.io/x/swarm-controller:0.15\n  bees:\n",
    );
    for i in 0..bees {
        text.push_str(&format!(
            "    - role: gen-{i}\n      image: ghcr.io/x/generator:0.15\n      work: {{}}\n      config:\n        inputs:\n          type: SCHEDULER\n          scheduler:\n            ratePerSec: {i}\n            maxMessages: 100\n        message:\n          bodyType: SIMPLE\n          body: \"payload {i}\"\n        retries: 3\n"
        ));
    }
    text.push_str("topology:\n  version: 1\n  edges:\n");
    for i in 0..bees {
        text.push_str(&format!(
            "    - {{ from: {{ role: gen-{i}, port: out }}, to: {{ role: gen-{}, port: in }} }}\n",
            (i + 1) % bees
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let schemas = SchemaSet::builtin();
    let options = CheckOptions::default();
    let text = scenario(36);
    assert!(text.lines().count() >= 500, "{}", text.lines().count());
    // One keystroke: a letter typed into a key (one unknown-key finding).
    let typed = text.replacen("retries: 3\n", "retriesx: 3\n", 1);
    let findings = check_text(&typed, schemas, &options);
    assert!(!findings.is_empty());
    c.bench_function("editor_keystroke/check_only_500_lines", |b| {
        b.iter(|| check_text(black_box(&typed), schemas, &options))
    });
    c.bench_function("editor_keystroke/check_and_ranges_500_lines", |b| {
        b.iter(|| {
            let checked = check(black_box(&typed), None);
            finding_ranges_in(&typed, checked.document.as_ref(), &checked.findings)
        })
    });
    c.bench_function(
        "editor_keystroke/check_and_ranges_reparsed_500_lines",
        |b| {
            b.iter(|| {
                let findings = check_text(black_box(&typed), schemas, &options);
                finding_ranges(&typed, &findings)
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
