//! Unit tests of the audit module: the typed models against the published
//! contract, and the reference examples.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::envelope::EnvelopeKind;
use super::message::check_record;
use super::routing::RoutingKey;
use super::schema_diff::{definition, differences};
use serde_json::Value;
use std::path::PathBuf;

/// `../shared/reference/pockethive/control-plane` beside the checkout. The
/// contract tests need it: its absence fails them loudly, never skips.
fn reference_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/pockethive/control-plane");
    assert!(
        dir.is_dir(),
        "the published control-plane contract is missing: expected {} \
         (../shared beside the checkout); the contract tests cannot run without it",
        dir.display()
    );
    dir
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn generated_schemas_agree_with_the_published_contract() {
    let published = read_json(&reference_dir().join("control-events.schema.json"));
    let mut all = Vec::new();
    for kind in EnvelopeKind::ALL {
        let name = kind.definition();
        let Some(def) = definition(&published, name) else {
            all.push(format!("{name}: not in the published $defs"));
            continue;
        };
        let ours = kind.schema();
        for diff in differences(&published, def, &ours, &ours) {
            all.push(format!("{name}: {diff}"));
        }
    }
    let listed: Vec<&str> = published["oneOf"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["$ref"].as_str()).collect())
        .unwrap_or_default();
    let ours: Vec<String> = EnvelopeKind::ALL
        .iter()
        .map(|k| format!("#/$defs/{}", k.definition()))
        .collect();
    if listed != ours {
        all.push(format!("oneOf: published {listed:?}, ours {ours:?}"));
    }
    assert!(
        all.is_empty(),
        "the typed envelope models differ from the published contract:\n  {}",
        all.join("\n  ")
    );
}

#[test]
fn the_comparison_sees_a_moved_contract() {
    let published = read_json(&reference_dir().join("control-events.schema.json"));
    let full = definition(&published, "StatusFullMetric").unwrap();
    assert!(super::schema_diff::facts(&published, full).len() > 30);
    // Our delta model against the published full snapshot: the contract
    // "moved" by the heavy fields.
    let delta = EnvelopeKind::StatusDelta.schema();
    let diffs = differences(&published, full, &delta, &delta);
    assert!(
        diffs.iter().any(|d| d.starts_with("data: required:")),
        "{diffs:#?}"
    );
    assert!(diffs.iter().any(|d| d.starts_with("data.config: type:")));
    // A loosened published field is seen too.
    let mut loosened = published.clone();
    loosened["$defs"]["Scope"]["required"] = serde_json::json!(["swarmId", "role"]);
    let def = definition(&loosened, "ControlSignal").unwrap();
    let ours = EnvelopeKind::Signal.schema();
    assert_eq!(
        differences(&loosened, def, &ours, &ours),
        ["scope: required: published role,swarmId, ours instance,role,swarmId"]
    );
}

/// The reference examples with the upstream test's normalisation: a
/// `<<ANY>>` timestamp (a test matcher) becomes a real one
/// (ControlEventsSchemaValidationTest.normalizeEnvelope).
fn normalised(mut record: Value) -> Value {
    let envelope = if record.get("payload").is_some() {
        &mut record["payload"]
    } else {
        &mut record
    };
    if envelope["timestamp"] == "<<ANY>>" {
        envelope["timestamp"] = Value::from("2024-01-01T00:00:00Z");
    }
    record
}

fn codes_and_paths(record: &Value) -> Vec<(String, String)> {
    let checked = check_record(&record.to_string(), false);
    checked
        .issues
        .iter()
        .map(|i| (i.finding.code.to_string(), super::display_path(&i.pointer)))
        .collect()
}

/// Every envelope example in the reference folder gets the verdict the
/// published schema gives it (validated here with the published schema
/// itself, formats asserted as the platform's tests do), and the exact
/// findings below.
#[test]
fn reference_examples_check_as_the_contract_says() {
    let dir = reference_dir();
    let published = read_json(&dir.join("control-events.schema.json"));
    let contract = jsonschema::options()
        .should_validate_formats(true)
        .build(&published)
        .unwrap();
    let expected: &[(&str, &[(&str, &str)])] = &[
        ("messaging-error-event.json", &[]),
        ("messaging-ready-event.json", &[]),
        ("messaging-status-delta-event.json", &[]),
        ("payload-status-delta.json", &[]),
        ("payload-status-snapshot.json", &[]),
        // An e2e parser fixture, not a contract example: its runtime lacks
        // templateId and a queueStats entry lacks consumers.
        (
            "fixtures-status-full.json",
            &[
                (
                    "PH703",
                    "data.io.work.queueStats[\"processor.input\"].consumers",
                ),
                ("PH703", "runtime.templateId"),
            ],
        ),
    ];
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(dir.join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "routing-routing-dsl.json" {
            continue;
        }
        let record = normalised(read_json(&path));
        let Some((_, want)) = expected.iter().find(|(n, _)| *n == name) else {
            panic!("a new reference example {name}: add its expected verdict here");
        };
        seen.push(name.clone());
        let envelope = record.get("payload").unwrap_or(&record);
        let mut got = codes_and_paths(&record);
        got.sort();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(c, p)| (c.to_string(), p.to_string()))
            .collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(
            contract.is_valid(envelope),
            got.iter()
                .all(|(c, _)| c != "PH703" && c != "PH702" && c != "PH712" && c != "PH710"),
            "{name}: our schema verdict differs from the published schema's"
        );
    }
    assert_eq!(seen.len(), expected.len(), "examples missing: {seen:?}");
}

/// A raw `<<ANY>>` timestamp is not a date-time: the contract rejects it.
#[test]
fn a_matcher_timestamp_is_not_a_date_time() {
    let path = reference_dir().join("examples/payload-status-delta.json");
    let got = codes_and_paths(&read_json(&path));
    assert_eq!(got, [("PH703".to_string(), "timestamp".to_string())]);
}

/// The routing examples parse: every listed key, the outcome key into the
/// listed `parsed.event`, and `parsed.signal` round-trips through its key.
#[test]
fn reference_routing_keys_parse_as_listed() {
    let dsl = read_json(&reference_dir().join("examples/routing-routing-dsl.json"));
    for key in [
        &dsl["signals"]["scoped"],
        &dsl["signals"]["broadcast"],
        &dsl["events"]["outcome"],
        &dsl["events"]["status"],
    ] {
        assert!(RoutingKey::parse(key.as_str().unwrap()).is_some(), "{key}");
    }
    let signal = &dsl["parsed"]["signal"];
    let text = format!(
        "signal.{}.{}.{}.{}",
        signal["type"].as_str().unwrap(),
        signal["swarmId"].as_str().unwrap(),
        signal["role"].as_str().unwrap(),
        signal["instance"].as_str().unwrap()
    );
    let event = &dsl["parsed"]["event"];
    for (key, parsed) in [
        (text.as_str(), signal),
        (dsl["events"]["outcome"].as_str().unwrap(), event),
    ] {
        let key = RoutingKey::parse(key).unwrap();
        assert_eq!(key.prefix, parsed["prefix"]);
        assert_eq!(key.r#type, parsed["type"]);
        assert_eq!(key.swarm_id, parsed["swarmId"]);
        assert_eq!(key.role, parsed["role"]);
        assert_eq!(key.instance, parsed["instance"]);
    }
}

mod properties {
    use super::super::capture::{Line, LineReader};
    use super::super::message::check_record;
    use super::super::routing::RoutingKey;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn routing_keys_round_trip(
            prefix in prop::sample::select(vec!["signal", "event"]),
            kind in "[a-z][a-z-]{0,12}(\\.[a-z][a-z-]{0,8})?",
            swarm in "[A-Za-z0-9_-]{1,10}",
            role in "[A-Za-z0-9_-]{1,10}",
            instance in "[A-Za-z0-9_-]{1,10}",
        ) {
            let text = format!("{prefix}.{kind}.{swarm}.{role}.{instance}");
            let key = RoutingKey::parse(&text).unwrap();
            prop_assert_eq!(key.prefix, prefix);
            prop_assert_eq!(key.r#type, kind);
            prop_assert_eq!((key.swarm_id, key.role, key.instance), (swarm, role, instance));
        }

        #[test]
        fn routing_parse_never_panics(text in ".{0,80}") {
            let _ = RoutingKey::parse(&text);
        }

        #[test]
        fn line_numbers_increase_whatever_the_bytes(
            bytes in prop::collection::vec(any::<u8>(), 0..400),
            max in 1usize..40,
        ) {
            let mut lines = LineReader::new(&bytes[..], max);
            let mut last = 0;
            let breaks = bytes.iter().filter(|b| **b == b'\n').count();
            while let Some(line) = lines.next_line().unwrap() {
                let number = match line {
                    Line::Text { number, ref text } => {
                        prop_assert!(text.len() <= max);
                        number
                    }
                    Line::TooLong { number } | Line::NotUtf8 { number } => number,
                };
                prop_assert!(number > last && number <= breaks + 1);
                last = number;
            }
        }

        #[test]
        fn any_record_text_gets_a_verdict(text in ".{0,200}") {
            let checked = check_record(&text, true);
            prop_assert!(checked.issues.iter().all(|i| !i.finding.message.is_empty() && !i.finding.fix.is_empty()));
        }
    }
}

#[test]
fn rules_on_small_envelopes() {
    use super::rules::*;
    let ctl_delta = serde_json::json!({"kind": "metric", "type": "status-delta",
        "scope": {"swarmId": "s", "role": "swarm-controller", "instance": "c"},
        "data": {"context": {"workers": [], "computeAdapter": "docker"}}});
    let codes: Vec<_> = delta_is_light(&ctl_delta)
        .iter()
        .map(|i| i.pointer.clone())
        .collect();
    assert_eq!(
        codes,
        ["/data/context/workers", "/data/context/computeAdapter"]
    );
    let orchestrator_full = serde_json::json!({"type": "status-full",
        "scope": {"role": "orchestrator"}, "data": {"context": {"workers": []}}});
    assert!(workers_list_only_from_controller(&orchestrator_full).is_empty());
    let masked = serde_json::json!({"type": "status-full", "data": {"config": {
        "password": "****", "token": null, "passwordless": true, "apiKeys": ["k1"],
        "url": "amqp://u:p@h", "auth": {"bearerToken": "<redacted>"},
        "headers": {"Authorization": "Bearer {{ vars.token }}"}}}});
    let found: Vec<_> = no_secrets_in_status(&masked)
        .iter()
        .map(|i| i.pointer.clone())
        .collect();
    assert_eq!(found, ["/data/config/apiKeys", "/data/config/url"]);
}
