//! Patch tests: merge semantics, live mutability, all-or-nothing.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use serde_json::json;

fn base() -> Value {
    json!({
        "inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5, "maxMessages": 0}},
        "outputs": {"type": "RABBITMQ"},
        "message": {"bodyType": "SIMPLE", "body": "hello"},
    })
}

fn runtime() -> RuntimeConfig<'static> {
    RuntimeConfig::new(
        SchemaSet::builtin(),
        "generator",
        json!({"inputs": {"scheduler": {"reset": false}}}),
        base(),
        Provenance::file("host.yaml", 1),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn merge_maps_key_by_key_scalars_and_lists_replace() {
    let merged = deep_merge(
        &json!({"a": {"x": 1, "l": [1, 2], "m": {"k": 1}}, "s": "v"}),
        &json!({"a": {"l": [9], "m": 3, "n": {"new": true}}, "s": null}),
    );
    assert_eq!(
        merged,
        json!({"a": {"x": 1, "l": [9], "m": 3, "n": {"new": true}}, "s": null})
    );
    assert_eq!(deep_merge(&json!(1), &json!({"a": 1})), json!({"a": 1}));
}

#[test]
fn layers_keep_provenance_and_patches_are_numbered() {
    let mut rc = runtime();
    assert_eq!(
        rc.source("/inputs/scheduler/reset"),
        Some(&Provenance::Default)
    );
    assert_eq!(
        rc.source("/inputs/type").unwrap().to_string(),
        "file:host.yaml:1"
    );
    let changed = rc
        .apply_patch(&json!({"inputs": {"scheduler": {"ratePerSec": 10}}}))
        .unwrap();
    assert_eq!(changed, vec!["/inputs/scheduler/ratePerSec"]);
    rc.apply_patch(&json!({"inputs": {"scheduler": {"maxMessages": 3}}}))
        .unwrap();
    assert_eq!(
        rc.source("/inputs/scheduler/ratePerSec")
            .unwrap()
            .to_string(),
        "patch:1"
    );
    assert_eq!(
        rc.source("/inputs/scheduler/maxMessages")
            .unwrap()
            .to_string(),
        "patch:2"
    );
    assert_eq!(rc.effective()["inputs"]["scheduler"]["ratePerSec"], 10);
    assert_eq!(rc.effective()["inputs"]["scheduler"]["reset"], false);
}

#[test]
fn before_start_any_valid_patch_applies() {
    let mut rc = runtime();
    rc.apply_patch(&json!({"outputs": {"type": "NONE"}}))
        .unwrap();
    assert_eq!(rc.effective()["outputs"]["type"], "NONE");
}

#[test]
fn after_start_non_live_mutable_fields_are_rejected_by_name() {
    let mut rc = runtime();
    rc.start();
    let before = rc.effective().clone();
    let err = rc
        .apply_patch(&json!({
            "inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 7}},
            "outputs": {"type": "NONE"},
            "someUnknownKey": 1,
        }))
        .unwrap_err();
    let fields: Vec<String> = err
        .errors
        .iter()
        .map(|e| match e {
            PatchError::NotLiveMutable { field, .. } => field.clone(),
            other => panic!("{other}"),
        })
        .collect();
    // inputs.type is unchanged (same value): not a change. ratePerSec is live.
    // Keys outside inputs/outputs are not guarded by the worker
    // (LiveIoConfigUpdateGuard.java:24-52): someUnknownKey may change.
    assert_eq!(fields, vec!["outputs.type"]);
    assert_eq!(rc.effective(), &before, "a rejected patch applies nothing");
    assert!(err.to_string().contains("outputs.type: not live-mutable"));
}

#[test]
fn invalid_result_reports_every_error_and_changes_nothing() {
    let mut rc = runtime();
    rc.start();
    let before = rc.effective().clone();
    let sources_before = rc.sources().clone();
    let err = rc
        .apply_patch(&json!({
            "inputs": {"type": "CSV_DATASET", "scheduler": {"ratePerSec": -1, "maxMessages": "lots"}}
        }))
        .unwrap_err();
    let live = err
        .errors
        .iter()
        .filter(|e| matches!(e, PatchError::NotLiveMutable { .. }))
        .count();
    let invalid = err
        .errors
        .iter()
        .filter(|e| matches!(e, PatchError::Invalid { .. }))
        .count();
    assert_eq!(live, 1, "{err}");
    assert!(invalid >= 2, "{err}");
    assert_eq!(rc.effective(), &before);
    assert_eq!(rc.sources(), &sources_before);
    // And the next good patch is numbered 1: the rejected one did not count.
    rc.apply_patch(&json!({"inputs": {"scheduler": {"ratePerSec": 1}}}))
        .unwrap();
    assert_eq!(
        rc.source("/inputs/scheduler/ratePerSec")
            .unwrap()
            .to_string(),
        "patch:1"
    );
}

#[test]
fn unknown_kind_and_non_mapping_patch_are_rejected() {
    let err = RuntimeConfig::new(
        SchemaSet::builtin(),
        "no-such-kind",
        json!({}),
        json!({}),
        Provenance::Default,
    )
    .unwrap_err();
    assert!(matches!(err.errors[0], PatchError::UnknownKind { .. }));
    let mut rc = runtime();
    let err = rc.apply_patch(&json!([1])).unwrap_err();
    assert!(matches!(
        err.errors[0],
        PatchError::NotAMapping { found: "a list" }
    ));
}

#[test]
fn live_mutable_markers_come_from_the_generated_schema() {
    let schema = SchemaSet::builtin().schema("generator").unwrap();
    assert_eq!(
        live_mutable(schema, "/inputs/scheduler/ratePerSec"),
        Some(true)
    );
    assert_eq!(live_mutable(schema, "/inputs/type"), Some(false));
    assert_eq!(live_mutable(schema, "/not-a-field"), None);
}

#[test]
fn a_host_layer_keeps_the_source_of_each_leaf_under_patches() {
    let host = HostLayer::new(
        base(),
        [
            (String::new(), Provenance::file_at("application.yml", 1, 1)),
            (
                "/inputs/scheduler/ratePerSec".to_string(),
                Provenance::env("POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC"),
            ),
        ],
    );
    let mut rc = RuntimeConfig::with_host(SchemaSet::builtin(), "generator", json!({}), host)
        .unwrap_or_else(|e| panic!("{e}"));
    let source = |rc: &RuntimeConfig<'_>, p: &str| rc.source(p).unwrap().to_string();
    assert_eq!(
        source(&rc, "/inputs/scheduler/ratePerSec"),
        "env:POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC"
    );
    // A leaf with no entry of its own takes its nearest ancestor's.
    assert_eq!(
        source(&rc, "/inputs/scheduler/maxMessages"),
        "file:application.yml:1:1"
    );
    rc.apply_patch(&json!({"inputs": {"scheduler": {"maxMessages": 9}}}))
        .unwrap();
    assert_eq!(source(&rc, "/inputs/scheduler/maxMessages"), "patch:1");
    assert_eq!(
        source(&rc, "/inputs/scheduler/ratePerSec"),
        "env:POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC"
    );
    let err = RuntimeConfig::with_host(
        SchemaSet::builtin(),
        "generator",
        json!({}),
        HostLayer::uniform(json!([1]), Provenance::Default),
    )
    .unwrap_err();
    assert!(matches!(
        err.errors[0],
        PatchError::NotAMapping { found: "a list" }
    ));
}

/// LiveIoConfigUpdateGuard.java:100-120 vs a manifest: the worker decides,
/// and a note names the manifest's view (PH831).
#[test]
fn worker_decides_over_the_manifest_and_notes_the_disagreement() {
    let mut rc = runtime();
    rc.start();
    // The manifest marks inputs.redis.ratePerSec live-mutable, but this
    // worker's input is SCHEDULER: the worker refuses the redis field.
    let err = rc
        .apply_patch(&json!({"inputs": {"redis": {"ratePerSec": 3}}}))
        .unwrap_err();
    assert!(err.to_string().contains("inputs.redis.ratePerSec"), "{err}");
    assert!(
        rc.notes()
            .iter()
            .any(|n| n.contains("PH831") && n.contains("inputs.redis.ratePerSec")),
        "{:?}",
        rc.notes()
    );
}

/// WCPR:624-634 and ConfigMerger.java:63-75: reserved keys are removed and
/// a numeric string binds to a number.
#[test]
fn reserved_keys_are_removed_before_the_merge() {
    let mut rc = runtime();
    rc.start();
    rc.apply_patch(&json!({"target": "x", "inputs": {"scheduler": {"ratePerSec": 9}}}))
        .unwrap();
    assert!(rc.effective().get("target").is_none());
    assert!(rc.notes().iter().any(|n| n.contains("`target`")));
}

/// WCPR:401 (`command.data()`, WCC:73-84): a `data` that is not a map
/// fails the config-update: the patch is refused, nothing applied.
#[test]
fn a_data_that_is_not_a_map_refuses_the_patch() {
    let mut rc = runtime();
    let err = rc.apply_patch(&json!({"data": 5})).unwrap_err();
    assert!(
        matches!(&err.errors[..], [PatchError::Invalid { code: "PH820", pointer, .. }] if pointer == "/data"),
        "{err}"
    );
}

/// WCPR:410-423: the guard and the merge see canonical keys; a reason
/// points at the key as written.
#[test]
fn keys_are_canonicalised_before_the_guard_and_the_merge() {
    let mut rc = runtime();
    rc.start();
    rc.apply_patch(&json!({"inputs": {"scheduler": {"rate-per-sec": 7}}}))
        .unwrap();
    assert_eq!(rc.effective()["inputs"]["scheduler"]["ratePerSec"], 7);
    let err = rc
        .apply_patch(&json!({"Inputs": {"Type": "REDIS_DATASET"}}))
        .unwrap_err();
    assert!(
        matches!(&err.errors[0], PatchError::NotLiveMutable { field, pointer } if field == "inputs.type" && pointer == "/Inputs/Type"),
        "{err}"
    );
}
