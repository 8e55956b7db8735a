//! Benchmark: checking one scenario in-process (parse, structure rules and
//! every bee's config against its compiled kind schema), schemas warm.
#![allow(missing_docs, clippy::unwrap_used)]

use config_core::scenario::check::{check_text, CheckOptions};
use config_core::scenario::config_check::SchemaSet;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// One bundled example per shape: a REST pipeline and a Redis loop.
const SCENARIOS: [(&str, &str); 2] = [
    (
        "rest-pipeline",
        include_str!("../../examples/scenarios/rest-pipeline/scenario.yaml"),
    ),
    (
        "redis-loop",
        include_str!("../../examples/scenarios/redis-loop/scenario.yaml"),
    ),
];

fn bench(c: &mut Criterion) {
    let schemas = SchemaSet::builtin();
    let options = CheckOptions::default();
    for (name, text) in SCENARIOS {
        // Warm the lazily compiled schemas: the corpus case.
        assert!(check_text(text, schemas, &options).is_empty());
        c.bench_function(&format!("check_scenario/{name}"), |b| {
            b.iter(|| check_text(black_box(text), schemas, &options))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
