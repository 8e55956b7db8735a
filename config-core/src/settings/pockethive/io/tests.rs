//! IO sub-block tests: binding, precedence, checks, explain, host layer.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;
use crate::gate::validate_all;
use crate::patch::RuntimeConfig;
use crate::settings::{load, Component};
use crate::source::env::{Layer, Sources};
use serde_json::json;

const IDENTITY: [(&str, &str); 3] = [
    ("POCKETHIVE_CONTROL_PLANE_SWARM_ID", "swarm-a"),
    ("POCKETHIVE_CONTROL_PLANE_INSTANCE_ID", "gen-1"),
    ("POCKETHIVE_CONTROL_PLANE_WORKER_ROLE", "generator"),
];

fn sources(file: &str, env: &[(&str, &str)]) -> Sources {
    let mut vars = IDENTITY.to_vec();
    vars.extend_from_slice(env);
    let mut s = Sources::new();
    s.push(Layer::from_env(vars));
    s.push_yaml_text("application.yml".into(), file, NAMESPACE);
    s
}

fn loaded(file: &str, env: &[(&str, &str)]) -> Report {
    load(Component::PocketHiveWorker, &sources(file, env))
}

/// `(value, source, variable or file key)` of an explained field.
fn explained(report: &Report, field: &str) -> (Value, String, String) {
    let v = report
        .value(NAMESPACE, field)
        .unwrap_or_else(|| panic!("{field} not explained"));
    (v.value.clone(), v.source.to_string(), v.env.clone())
}

/// `(code, field, source)` of every error, sorted.
fn errors(report: &Report) -> Vec<(&'static str, String, String)> {
    let mut out: Vec<_> = report
        .errors
        .iter()
        .map(|e| (e.code, e.field.clone(), e.source.to_string()))
        .collect();
    out.sort();
    out
}

fn host(report: &Report) -> &HostLayer {
    report
        .settings
        .get::<crate::settings::pockethive::PocketHiveSettings>()
        .unwrap_or_else(|| panic!("not loaded: {:?}", report.errors))
        .host_layer()
}

#[test]
fn file_sub_block_values_are_typed_by_their_field_and_explained_with_positions() {
    let file = "\
pockethive:
  inputs:
    type: scheduler
    scheduler:
      ratePerSec: 5
      max-messages: \"10\"
      reset: \"off\"
";
    let report = loaded(file, &[]);
    assert!(report.is_ok(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        explained(&report, "inputs.scheduler.ratePerSec"),
        (
            json!(5),
            "file:application.yml:5:19".into(),
            "pockethive.inputs.scheduler.ratePerSec".into()
        )
    );
    // Kebab case binds the camelCase field; a quoted number is a number.
    assert_eq!(
        explained(&report, "inputs.scheduler.maxMessages"),
        (
            json!(10),
            "file:application.yml:6:21".into(),
            "pockethive.inputs.scheduler.max-messages".into()
        )
    );
    assert_eq!(explained(&report, "inputs.scheduler.reset").0, json!(false));
    let host = host(&report);
    assert_eq!(
        host.value(),
        &json!({"inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5, "maxMessages": 10, "reset": false}}})
    );
    assert_eq!(
        host.source_of("/inputs/type").to_string(),
        "file:application.yml:3:11"
    );
    assert_eq!(
        host.source_of("/inputs/scheduler/maxMessages").to_string(),
        "file:application.yml:6:21"
    );
}

#[test]
fn variables_bind_by_spring_relaxed_rules_and_beat_the_file() {
    let file = "\
pockethive:
  inputs:
    scheduler:
      ratePerSec: 1
      maxMessages: 2
";
    let env = [
        ("POCKETHIVE_INPUTS_TYPE", "SCHEDULER"),
        ("POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC", "7.5"),
        ("pockethive_inputs_scheduler_maxmessages", "9"),
        ("POCKETHIVE_OUTPUTS_TYPE", "REDIS"),
        ("POCKETHIVE_OUTPUTS_REDIS_SSL", "yes"),
        ("POCKETHIVE_OUTPUTS_REDIS_PORT", "6380"),
        ("POCKETHIVE_OUTPUTS_REDIS_DEFAULTLIST", "out"),
    ];
    let report = loaded(file, &env);
    assert!(report.is_ok(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        explained(&report, "inputs.scheduler.ratePerSec"),
        (
            json!(7.5),
            "env:POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC".into(),
            "POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC".into()
        )
    );
    // Names are case-sensitive: the lower-case variable is not read.
    assert_eq!(
        explained(&report, "inputs.scheduler.maxMessages").0,
        json!(2)
    );
    assert!(report
        .value(NAMESPACE, "inputs.scheduler.maxmessages")
        .is_none());
    assert_eq!(
        host(&report).value()["outputs"],
        json!({"type": "REDIS", "redis": {"ssl": true, "port": 6380, "defaultList": "out"}})
    );
}

#[test]
fn invalid_values_are_errors_naming_the_key_and_its_position_all_at_once() {
    let file = "\
pockethive:
  inputs:
    type: REDIS_DATASET
    redis:
      host: redis
      port: 6379
      pickStrategy: BOGUS
      ratePerSec: -5
";
    let env = [
        ("POCKETHIVE_OUTPUTS_TYPE", "REDIS"),
        ("POCKETHIVE_OUTPUTS_REDIS_PORT", "70000"),
        ("POCKETHIVE_OUTPUTS_REDIS_MAXLEN", "abc"),
    ];
    let report = loaded(file, &env);
    assert_eq!(
        errors(&report),
        vec![
            (
                "PH304",
                "outputs.redis.maxLen".into(),
                "env:POCKETHIVE_OUTPUTS_REDIS_MAXLEN".into()
            ),
            (
                "PH305",
                "inputs.redis.pickStrategy".into(),
                "file:application.yml:7:21".into()
            ),
            (
                "PH306",
                "inputs.redis.ratePerSec".into(),
                "file:application.yml:8:19".into()
            ),
            (
                "PH306",
                "outputs.redis.port".into(),
                "env:POCKETHIVE_OUTPUTS_REDIS_PORT".into()
            ),
        ]
    );
    assert!(!report
        .settings
        .contains::<crate::settings::pockethive::PocketHiveSettings>());
    let rate = report.value(NAMESPACE, "inputs.redis.ratePerSec").unwrap();
    assert!(!rate.valid);
    assert!(report.value(NAMESPACE, "inputs.redis.host").unwrap().valid);
    let err = validate_all(Component::PocketHiveWorker, &sources(file, &env)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "pockethive.inputs.redis.ratePerSec: `inputs.redis.ratePerSec` is -5, but must be >= 0 \
             [PH306]; fix: use a value >= 0 (pockethive.inputs.redis.ratePerSec from \
             file:application.yml:8:19)"
        ),
        "{text}"
    );
    assert!(text.contains("(POCKETHIVE_OUTPUTS_REDIS_PORT from env:POCKETHIVE_OUTPUTS_REDIS_PORT)"));
}

#[test]
fn unknown_keys_are_warnings_naming_what_was_meant() {
    let file = "\
pockethive:
  inputs:
    type: SCHEDULER
    scheduler:
      ratePerSecond: 5
";
    let env = [("POCKETHIVE_INPUTS_SCHEDULER_RATE_PER_SEC", "3")];
    let report = loaded(file, &env);
    assert!(report.is_ok(), "{:?}", report.errors);
    let mut warnings: Vec<(&str, String, String)> = report
        .warnings
        .iter()
        .map(|w| (w.code, w.source.to_string(), w.message.clone()))
        .collect();
    warnings.sort();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let (code, source, message) = &warnings[0];
    assert_eq!(
        (*code, source.as_str()),
        ("PH390", "env:POCKETHIVE_INPUTS_SCHEDULER_RATE_PER_SEC")
    );
    assert!(
        message.contains("set 'POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC' instead"),
        "{message}"
    );
    let (code, source, message) = &warnings[1];
    assert_eq!(
        (*code, source.as_str()),
        ("PH390", "file:application.yml:5:22")
    );
    assert!(message.contains("did you mean `ratePerSec`"), "{message}");
    // Spring reads the variable as `inputs.scheduler.rate.per.sec`.
    assert_eq!(
        explained(&report, "inputs.scheduler.rate.per.sec").0,
        json!("3")
    );
}

#[test]
fn a_partial_host_layer_leaves_absent_keys_to_the_layered_config() {
    let file = "\
pockethive:
  outputs:
    type: REDIS
    redis:
      host: r
";
    let report = loaded(file, &[]);
    assert!(report.is_ok(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        host(&report).value(),
        &json!({"outputs": {"type": "REDIS", "redis": {"host": "r"}}})
    );
}

#[test]
fn list_items_are_complete_and_rules_the_host_decides_alone_are_errors() {
    let file = "\
pockethive:
  inputs:
    type: REDIS_DATASET
    redis:
      listName: single
      sources:
        - listName: a
";
    let report = loaded(file, &[]);
    assert_eq!(
        errors(&report),
        vec![
            (
                "PH301",
                "inputs.redis.sources.0.weight".into(),
                "file:application.yml:7:21".into()
            ),
            (
                "PH330",
                "inputs.redis".into(),
                "file:application.yml:5:17".into()
            ),
        ]
    );
}

#[test]
fn a_sub_block_without_its_selector_is_a_warning_unless_the_selector_is_invalid() {
    let file = "pockethive:\n  inputs:\n    scheduler:\n      ratePerSec: 1\n";
    let report = loaded(file, &[]);
    assert!(report.is_ok(), "{:?}", report.errors);
    let w = &report.warnings[0];
    assert_eq!(w.code, "PH320");
    assert!(
        w.message.contains("default input is SCHEDULER")
            && w.message.contains("POCKETHIVE_INPUTS_TYPE=SCHEDULER"),
        "{}",
        w.message
    );
    let report = loaded(file, &[("POCKETHIVE_INPUTS_TYPE", "KAFKA")]);
    assert_eq!(
        errors(&report),
        vec![(
            "parse",
            "inputs.type".into(),
            "env:POCKETHIVE_INPUTS_TYPE".into()
        )]
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // A mismatching selector is an error at the selector.
    let report = loaded(file, &[("POCKETHIVE_INPUTS_TYPE", "CSV_DATASET")]);
    assert_eq!(
        errors(&report),
        vec![(
            "PH321",
            "inputs.type".into(),
            "env:POCKETHIVE_INPUTS_TYPE".into()
        )]
    );
}

#[test]
fn a_list_comes_whole_from_the_highest_source_and_a_gap_is_an_error() {
    let file = "\
pockethive:
  inputs:
    type: REDIS_DATASET
    redis:
      sources:
        - listName: a
          weight: 1
        - listName: b
          weight: 2
";
    let env = [
        ("POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME", "e"),
        ("POCKETHIVE_INPUTS_REDIS_SOURCES_0_WEIGHT", "3"),
    ];
    let report = loaded(file, &env);
    assert!(report.is_ok(), "{:?}", report.errors);
    let host = host(&report);
    assert_eq!(
        host.value()["inputs"]["redis"]["sources"],
        json!([{"listName": "e", "weight": 3}])
    );
    assert_eq!(
        host.source_of("/inputs/redis/sources/0/weight").to_string(),
        "env:POCKETHIVE_INPUTS_REDIS_SOURCES_0_WEIGHT"
    );
    assert!(report
        .value(NAMESPACE, "inputs.redis.sources.1.listName")
        .is_none());
    let env = [
        ("POCKETHIVE_INPUTS_REDIS_SOURCES_1_LISTNAME", "x"),
        ("POCKETHIVE_INPUTS_REDIS_SOURCES_1_WEIGHT", "1"),
    ];
    let report = loaded("", &env);
    assert_eq!(
        errors(&report),
        vec![(
            "list-gap",
            "inputs.redis.sources".into(),
            "env:POCKETHIVE_INPUTS_REDIS_SOURCES_1_LISTNAME".into()
        )]
    );
    assert!(report.errors[0]
        .message
        .contains("item 1 of `inputs.redis.sources` is set but item 0 is not"));
    assert!(
        !report
            .value(NAMESPACE, "inputs.redis.sources.1.weight")
            .unwrap()
            .valid
    );
}

#[test]
fn two_spellings_in_one_source_warn_and_the_later_wins() {
    let file = "\
pockethive:
  inputs:
    type: SCHEDULER
    scheduler:
      ratePerSec: 1
      rate-per-sec: 2
";
    let report = loaded(file, &[]);
    assert!(report.is_ok(), "{:?}", report.errors);
    let w = &report.warnings[0];
    assert_eq!(
        (w.code, w.env.as_str(), w.replacement.as_deref()),
        (
            "duplicate-key",
            "pockethive.inputs.scheduler.ratePerSec",
            Some("pockethive.inputs.scheduler.rate-per-sec")
        )
    );
    assert_eq!(
        explained(&report, "inputs.scheduler.ratePerSec").1,
        "file:application.yml:6:21"
    );
}

#[test]
fn secrets_are_masked_in_explain_and_debug_but_kept_for_the_worker() {
    let file = "\
pockethive:
  outputs:
    type: REDIS
    redis:
      host: r
      password: hunter2
";
    let env = [("POCKETHIVE_INPUTS_REDIS_PASSWORD", "s3cret")];
    let report = loaded(file, &env);
    assert!(report.is_ok(), "{:?}", report.errors);
    for field in ["outputs.redis.password", "inputs.redis.password"] {
        let v = report.value(NAMESPACE, field).unwrap();
        assert_eq!((&v.value, v.secret), (&json!(MASK), true), "{field}");
    }
    let debug = format!("{:?} {:?}", report.settings, report.values);
    assert!(
        !debug.contains("hunter2") && !debug.contains("s3cret"),
        "{debug}"
    );
    assert_eq!(
        host(&report).value()["outputs"]["redis"]["password"],
        "hunter2"
    );
}

#[test]
fn the_host_layer_sits_between_defaults_and_patches_with_its_provenance() {
    let file = "\
pockethive:
  inputs:
    type: SCHEDULER
    scheduler:
      ratePerSec: 5
";
    let env = [("POCKETHIVE_INPUTS_SCHEDULER_MAXMESSAGES", "100")];
    let report = loaded(file, &env);
    let defaults = json!({
        "inputs": {"scheduler": {"ratePerSec": 1, "maxMessages": 0}},
        "message": {"bodyType": "SIMPLE", "body": "hi"},
    });
    let mut rc = RuntimeConfig::with_host(
        SchemaSet::builtin(),
        "generator",
        defaults,
        host(&report).clone(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let source = |rc: &RuntimeConfig<'_>, p: &str| rc.source(p).unwrap().to_string();
    assert_eq!(source(&rc, "/inputs/type"), "file:application.yml:3:11");
    assert_eq!(
        source(&rc, "/inputs/scheduler/ratePerSec"),
        "file:application.yml:5:19"
    );
    assert_eq!(
        source(&rc, "/inputs/scheduler/maxMessages"),
        "env:POCKETHIVE_INPUTS_SCHEDULER_MAXMESSAGES"
    );
    assert_eq!(source(&rc, "/message/body"), "default");
    rc.start();
    let changed = rc
        .apply_patch(&json!({"inputs": {"scheduler": {"ratePerSec": 50}}}))
        .unwrap();
    assert_eq!(changed, vec!["/inputs/scheduler/ratePerSec"]);
    assert_eq!(source(&rc, "/inputs/scheduler/ratePerSec"), "patch:1");
    assert_eq!(
        source(&rc, "/inputs/scheduler/maxMessages"),
        "env:POCKETHIVE_INPUTS_SCHEDULER_MAXMESSAGES"
    );
    assert_eq!(
        rc.effective()["inputs"]["scheduler"],
        json!({"ratePerSec": 50, "maxMessages": 100})
    );
    // A host value a patch may not change after start stays, with its source.
    assert!(rc
        .apply_patch(&json!({"inputs": {"type": "REDIS_DATASET"}}))
        .is_err());
    assert_eq!(source(&rc, "/inputs/type"), "file:application.yml:3:11");
}

#[test]
fn the_variables_cfgate_plan_derives_bind_back_to_the_same_config() {
    let config = json!({
        "inputs": {"type": "REDIS_DATASET", "redis": {
            "host": "r", "port": 6379, "ssl": false,
            "sources": [{"listName": "a", "weight": 2.5}, {"listName": "b", "weight": 1}],
            "pickStrategy": "WEIGHTED_RANDOM", "ratePerSec": 10}},
        "outputs": {"type": "REDIS", "redis": {
            "host": "o", "port": 6380, "ssl": true, "sourceStep": "LAST",
            "pushDirection": "RPUSH", "routes": [{"list": "l", "match": "^a"}],
            "defaultList": "d", "maxLen": -1}},
    });
    let env = crate::scenario::plan::container_env("demo", "gen", &json!({}), &config);
    let vars: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let mut s = Sources::new();
    s.push(Layer::from_env(IDENTITY));
    s.push(Layer::from_env(vars));
    let report = load(Component::PocketHiveWorker, &s);
    assert!(report.is_ok(), "{:?}", report.errors);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(host(&report).value(), &config);
}

#[test]
fn the_reference_kind_accepts_every_io_type_without_requiring_one() {
    let schema = SchemaSet::builtin().schema(IO_REFERENCE_KIND).unwrap();
    for (block, types) in [("inputs", INPUT_TYPES), ("outputs", OUTPUT_TYPES)] {
        let io = &schema["properties"][block];
        let names: Vec<&str> = types.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            io["properties"]["type"]["x-options"],
            json!(names),
            "{block}"
        );
        assert!(io.get("required").is_none(), "{block}");
        assert!(!schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == block));
    }
}

#[test]
fn values_convert_as_spring_converts_them() {
    assert_eq!(coerce(" 5 ", Some("integer")), json!(5));
    assert_eq!(coerce("5.5", Some("integer")), json!("5.5"));
    assert_eq!(coerce("1e3", Some("number")), json!(1000.0));
    assert_eq!(coerce("NaN", Some("number")), json!("NaN"));
    assert_eq!(coerce("ON", Some("boolean")), json!(true));
    assert_eq!(coerce("0", Some("boolean")), json!(false));
    assert_eq!(coerce("maybe", Some("boolean")), json!("maybe"));
    assert_eq!(coerce("5", Some("string")), json!("5"));
    assert_eq!(coerce("{{ rate }}", Some("number")), json!("{{ rate }}"));
}

#[test]
fn names_outside_the_io_blocks_are_not_placed() {
    let schema = SchemaSet::builtin().schema(IO_REFERENCE_KIND).unwrap();
    let raw = |name: &str| RawValue::new(name, "1", Provenance::env(name));
    for name in [
        "POCKETHIVE_INPUTS_TYPE",
        "POCKETHIVE_INPUT_RABBIT_QUEUE",
        "POCKETHIVE_CONTROL_PLANE_SWARM_ID",
        "POCKETHIVE_INPUTS",
        "OTHER_INPUTS_SCHEDULER_RATEPERSEC",
        "pockethive.control-plane.swarm-id",
        "pockethive.inputs.type",
    ] {
        assert!(place(&raw(name), schema).is_none(), "{name}");
    }
    let list_name = raw("POCKETHIVE_INPUTS_REDIS_SOURCES_0_LIST_NAME");
    let placed = place(&list_name, schema).unwrap();
    assert_eq!(dotted(&placed.path), "inputs.redis.sources.0.list.name");
    assert_eq!(
        placed.hint.as_deref(),
        Some("POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME")
    );
}

#[test]
fn a_sub_block_variable_that_is_not_utf8_is_an_error_naming_it() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    let mut vars: Vec<(OsString, OsString)> = IDENTITY
        .iter()
        .map(|(k, v)| (OsString::from(k), OsString::from(v)))
        .collect();
    vars.push((
        "POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC".into(),
        OsString::from_vec(vec![0xff, 0xfe]),
    ));
    let mut sources = Sources::new();
    sources.push(Layer::from_env_os(vars));
    // The file's valid value loses to the variable: no silent fallback.
    sources.push_yaml_text(
        "application.yml".into(),
        "pockethive:\n  inputs:\n    scheduler:\n      ratePerSec: 5\n",
        NAMESPACE,
    );
    let report = load(Component::PocketHiveWorker, &sources);
    assert_eq!(
        errors(&report),
        [(
            "not-utf8",
            "inputs.scheduler.ratePerSec".to_string(),
            "env:POCKETHIVE_INPUTS_SCHEDULER_RATEPERSEC".to_string()
        )]
    );
    assert!(!report
        .settings
        .contains::<crate::settings::pockethive::PocketHiveSettings>());
}

/// A warning of `code` from `file` (`None`: the environment), numbered.
fn numbered_warning(code: &'static str, file: Option<&str>, n: usize) -> Warning {
    Warning {
        code,
        env: format!("V{n}"),
        replacement: None,
        source: match file {
            Some(path) => Provenance::file_at(path, n + 1, 7),
            None => Provenance::env(format!("V{n}")),
        },
        message: format!("warning {n}"),
    }
}

/// The same warnings built whole or through [`CappedWarnings`] (after
/// `before` warnings and errors already in the report) give the same
/// capped report, with or without dropping one code first.
fn capped_like_built(warnings: &[Warning], before: usize, max: usize) {
    for drop in [None, Some("PH390"), Some("duplicate-key")] {
        let mut whole = Report::new("pockethive-worker");
        let mut counted = Report::new("pockethive-worker");
        for report in [&mut whole, &mut counted] {
            for n in 0..before {
                report
                    .warnings
                    .push(numbered_warning("PH320", Some("a.yml"), 10_000 + n));
                report.errors.push(internal("e"));
            }
        }
        whole.warnings.extend(warnings.iter().cloned());
        let mut sink = CappedWarnings::new(max);
        for warning in warnings {
            sink.push_with(warning.code, &warning.source, || warning.clone());
        }
        counted.extend_warnings(sink);
        for report in [&mut whole, &mut counted] {
            report
                .warnings
                .push(numbered_warning("PH390", Some("a.yml"), 20_000));
            if let Some(code) = drop {
                report.drop_warnings(code);
            }
            report.cap_per_file(max);
        }
        assert_eq!(counted.warnings, whole.warnings, "drop {drop:?}");
        assert_eq!(counted.errors, whole.errors, "drop {drop:?}");
        assert_eq!(counted.error_count(), whole.error_count());
    }
}

#[test]
fn warnings_past_the_cap_are_counted_and_summed_up_as_if_built() {
    let files = [Some("a.yml"), Some("b.yml"), None];
    let codes = ["PH390", "duplicate-key", "PH320"];
    // Interleaved codes and files, long runs of one code, and a short list.
    let mixed: Vec<Warning> = (0..500)
        .map(|n| numbered_warning(codes[n % 3], files[n / 7 % 3], n))
        .collect();
    let runs: Vec<Warning> = (0..300)
        .map(|n| numbered_warning(codes[n / 100], files[n / 150], n))
        .collect();
    for (warnings, before, max) in [
        (mixed.as_slice(), 0, 20),
        (&mixed, 5, 20),
        (&mixed, 30, 20),
        (&runs, 0, 50),
        (&runs, 3, 200),
        (&mixed[..10], 2, 20),
    ] {
        capped_like_built(warnings, before, max);
    }
}

#[test]
fn a_host_with_thousands_of_unknown_keys_builds_a_bounded_number_of_warnings() {
    let mut file = "pockethive:\n  inputs:\n    type: SCHEDULER\n    scheduler:\n".to_string();
    for n in 0..5_000 {
        file.push_str(&format!("      unknownKey{n}: {n}\n"));
    }
    let report = loaded(&file, &[("POCKETHIVE_INPUTS_SCHEDULER_UNKNOWNENV", "1")]);
    let unknown = |r: &Report| r.warnings.iter().filter(|w| w.code == "PH390").count();
    // 200 from the file, 1 from the environment; the rest only counted.
    assert_eq!(unknown(&report), MAX_PER_FILE + 1);
    let [run] = report.unbuilt_warnings.as_slice() else {
        panic!("{:?}", report.unbuilt_warnings);
    };
    assert_eq!((run.code, run.count), ("PH390", 5_000 - MAX_PER_FILE));
    // The first one not built: the 201st key in the check's (sorted) order.
    let mut keys: Vec<String> = (0..5_000).map(|n| format!("unknownKey{n}")).collect();
    keys.sort();
    assert_eq!(keys[200], "unknownKey1178");
    let first = "file:application.yml:1183:23";
    assert_eq!(run.first.to_string(), first);
    // Every value is still explained and in the host layer.
    let scheduler = report.values[0]
        .fields
        .iter()
        .filter(|f| f.field.starts_with("inputs.scheduler."))
        .count();
    assert_eq!(scheduler, 5_001);
    let host = report
        .settings
        .get::<crate::settings::pockethive::PocketHiveSettings>()
        .unwrap()
        .host_layer()
        .value();
    assert_eq!(
        host["inputs"]["scheduler"].as_object().unwrap().len(),
        5_001
    );
    let mut capped = report.clone();
    capped.cap_per_file(MAX_PER_FILE);
    let summary = capped.warnings.last().unwrap();
    assert_eq!(summary.code, "PH011");
    assert_eq!(summary.source.to_string(), first);
    assert!(
        summary
            .message
            .starts_with("4800 more findings not shown (0 errors, 4800 warnings: PH390 x4800)"),
        "{}",
        summary.message
    );
}
