//! Benchmark: the template check's own cost (`config_core::template::check`
//! on every template string of a file), apart from parsing and schemas.
#![allow(missing_docs, clippy::unwrap_used)]

use config_core::source::yaml::{parse, Limits, Node, Value};
use config_core::template::{check, scope::is_checked};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// The bundled examples: their template strings are what a real check runs.
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

/// A request template of the heavy kind real bundles carry: `set`s, `eval`
/// with SpEL, an `if`/`elseif` chain, filters and a JSON body (our own text).
const REQUEST_BODY: &str = r##"{% set requestType = vars.requestType | default('SALE') %}
{% set origin = vars.origin %}
{% set customerCode = vars.customerCode %}
{% set accountNumber = payloadAsJson.AccountNumber %}
{% set serial = '' %}
{% set requestId = eval('#randInt(100000,999999)') %}
{% set timestampMode = vars.timestampMode %}
{% if timestampMode == 'ISO' %}
  {% set ts = eval("#date_format(now, 'yyyy-MM-dd''T''HH:mm:ss')") %}
{% elseif timestampMode == 'YMDHMS' %}
  {% set ts = eval("#date_format(now, 'yyyyMMddHHmmss')") %}
{% elseif timestampMode == 'ZONED' %}
  {% set ts = eval("#date_format(now, 'dd/MM/yyyy HH:mm:ss Z')") %}
{% else %}
  {% set ts = eval("#date_format(now, 'dd/MM/yyyy HH:mm:ss')") %}
{% endif %}
{% set hashData = 'request' ~ requestType ~ origin ~ customerCode ~ accountNumber ~ serial ~ ts %}
{% if vars.sendMD5 %}
  {% set hash = eval("#md5_hex('" ~ hashData ~ vars.secret ~ "')") | upper %}
{% endif %}
{
  "requestId": "{{ requestId }}",
  "type": "{{ requestType }}",
  "origin": "{{ origin }}",
  "account": "{{ accountNumber }}",
  "timestamp": "{{ ts }}",
  "hash": "{{ hash | default('') }}",
  "callId": "{{ headers['x-ph-call-id'] }}",
  "amount": {{ payloadAsJson.Amount | default(0) }},
  "flags": [{% for f in vars.flags %}"{{ f | lower }}"{% if not loop.last %},{% endif %}{% endfor %}]
}"##;

fn template_strings(text: &str) -> Vec<String> {
    fn walk(node: &Node, out: &mut Vec<String>) {
        match &node.value {
            Value::String(s) if is_checked(s) => out.push(s.clone()),
            Value::Seq(items) => items.iter().for_each(|n| walk(n, out)),
            Value::Map(entries) => entries.iter().for_each(|e| walk(&e.value, out)),
            _ => {}
        }
    }
    let doc = parse(text, &Limits::default()).unwrap();
    let mut out = Vec::new();
    walk(&doc.root, &mut out);
    out
}

fn bench(c: &mut Criterion) {
    for (name, text) in SCENARIOS {
        let strings = template_strings(text);
        assert!(!strings.is_empty(), "{name} has no templates");
        assert!(strings.iter().all(|s| check(s).is_none()));
        c.bench_function(
            &format!("templates/{name} ({} strings)", strings.len()),
            |b| {
                b.iter(|| {
                    for s in &strings {
                        black_box(check(black_box(s)));
                    }
                })
            },
        );
    }
    assert_eq!(check(REQUEST_BODY), None);
    c.bench_function(
        &format!("templates/request-body ({} bytes)", REQUEST_BODY.len()),
        |b| b.iter(|| check(black_box(REQUEST_BODY))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
