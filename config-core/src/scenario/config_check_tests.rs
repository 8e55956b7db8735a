#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;
use serde_json::json;

fn check(kind: &str, config: Value) -> Vec<ConfigIssue> {
    SchemaSet::builtin().check(kind, &config).unwrap()
}

fn errors(issues: &[ConfigIssue]) -> Vec<(&'static str, &str)> {
    issues
        .iter()
        .filter(|i| i.finding.severity == Severity::Error)
        .map(|i| (i.finding.code, i.pointer.as_str()))
        .collect()
}

fn has(issues: &[ConfigIssue], code: &str, pointer: &str) -> bool {
    issues
        .iter()
        .any(|i| i.finding.code == code && i.pointer == pointer)
}

#[track_caller]
fn assert_issue(kind: &str, config: Value, code: &str, pointer: &str) {
    let issues = check(kind, config);
    assert!(
        has(&issues, code, pointer),
        "expected {code} at {pointer:?}, got {issues:#?}"
    );
}

// ------------------------------------------------------------ fixtures

fn generator() -> Value {
    json!({
        "inputs": { "type": "SCHEDULER", "scheduler": { "ratePerSec": 5, "maxMessages": 0 } },
        "message": { "bodyType": "HTTP", "path": "/api", "method": "POST", "body": "{}" },
    })
}

fn moderator() -> Value {
    json!({ "mode": { "type": "rate-per-sec", "ratePerSec": 10 } })
}

fn processor() -> Value {
    json!({
        "inputs": { "type": "RABBITMQ" }, "outputs": { "type": "RABBITMQ" },
        "baseUrl": "http://sut", "mode": "THREAD_COUNT", "threadCount": 1,
    })
}

fn redis_input() -> Value {
    json!({ "host": "redis", "port": 6379, "ssl": false, "listName": "l1", "sources": [],
            "pickStrategy": "ROUND_ROBIN", "ratePerSec": 1 })
}

fn redis_output() -> Value {
    json!({ "host": "redis", "port": 6379, "ssl": false, "sourceStep": "FIRST", "pushDirection": "RPUSH",
            "routes": [], "targetListTemplate": "", "defaultList": "out", "maxLen": -1 })
}

fn request_builder() -> Value {
    json!({ "templateRoot": "/t", "serviceId": "s", "passThroughOnMissingTemplate": true })
}

fn http_sequence() -> Value {
    json!({ "baseUrl": "http://x", "templateRoot": "/t", "serviceId": "s", "threadCount": 1,
            "steps": [{ "id": "a", "callId": "a" }], "debugCapture": { "mode": "ALWAYS" } })
}

fn postprocessor() -> Value {
    json!({ "forwardToOutput": false, "txOutcomeSinkMode": "NONE", "dropTxOutcomeWithoutCallId": true })
}

fn trigger() -> Value {
    json!({ "intervalMs": 1000, "singleRequest": false, "actionType": "shell", "command": "echo hi" })
}

fn db_query() -> Value {
    json!({
        "adapter": "POSTGRES", "templateRoot": "/t", "serviceId": "db", "queryId": "q",
        "threadCount": 1, "queryTimeoutMs": 1000,
        "connection": { "jdbcUrl": "jdbc:postgresql://db/x", "username": "", "password": "" },
        "pool": { "maxSize": 4, "minIdle": 1, "connectionTimeoutMs": 1, "validationTimeoutMs": 1,
                  "idleTimeoutMs": 1, "maxLifetimeMs": 1 },
        "retry": { "maxAttempts": 3, "initialBackoffMs": 10, "backoffMultiplier": 2.0,
                   "maxBackoffMs": 100, "on": ["SQLSTATE_CLASS_08"] },
    })
}

fn clearing_export() -> Value {
    json!({
        "mode": "structured", "streamingAppendEnabled": false, "streamingWindowMs": 0,
        "strictTemplate": false, "schemaRegistryRoot": "/s", "schemaId": "x", "schemaVersion": "1.0.0",
        "localTargetDir": "/out", "localTempSuffix": ".tmp", "writeManifest": false,
        "recordSourceStep": "latest", "recordSourceStepIndex": -1, "recordBuildFailurePolicy": "stop",
        "businessCodeFilterEnabled": false, "maxRecordsPerFile": 10, "flushIntervalMs": 100,
        "maxBufferedRecords": 100,
    })
}

fn minimal(kind: &str) -> Value {
    match kind {
        "generator" => generator(),
        "moderator" => moderator(),
        "processor" => processor(),
        "request-builder" => request_builder(),
        "http-sequence" => http_sequence(),
        "postprocessor" => postprocessor(),
        "trigger" => trigger(),
        "db-query" => db_query(),
        "clearing-export" => clearing_export(),
        "swarm-controller" => json!({}),
        other => panic!("no fixture for {other}"),
    }
}

fn with(mut base: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match base.pointer_mut(parent).unwrap() {
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        other => {
            other.as_object_mut().unwrap().insert(key.into(), value);
        }
    }
    base
}

fn without(mut base: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    base.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
    base
}

// ---------------------------------------------------------- every kind

#[test]
fn every_builtin_kind_has_a_valid_minimal_config() {
    let set = SchemaSet::builtin();
    assert_eq!(set.kinds().len(), crate::scenario::kinds::KINDS.len());
    for kind in set.kinds() {
        let issues = check(&kind, minimal(&kind));
        assert!(issues.is_empty(), "{kind}: {issues:#?}");
    }
}

#[test]
fn unknown_kind_has_no_schema() {
    assert!(SchemaSet::builtin().check("nope", &json!({})).is_none());
    assert!(!SchemaSet::builtin().has_kind("nope"));
    assert!(SchemaSet::builtin().has_kind("request-builder"));
}

#[test]
fn not_a_mapping_and_null() {
    assert_issue("postprocessor", json!("x"), NOT_A_MAPPING, "");
    assert_issue("postprocessor", Value::Null, MISSING, "/forwardToOutput");
    assert!(check("swarm-controller", Value::Null).is_empty());
}

// ------------------------------------------------------------ generator

#[test]
fn generator_rules() {
    // The sub-block is present: the selector finding (IO1) covers the
    // missing required `inputs.type`, at the selector's path.
    assert_issue(
        "generator",
        without(generator(), "/inputs/type"),
        IO_SELECTOR_MISSING,
        "/inputs/type",
    );
    assert!(!has(
        &check("generator", without(generator(), "/inputs/type")),
        MISSING,
        "/inputs/type"
    ));
    assert_issue(
        "generator",
        without(generator(), "/message"),
        MISSING,
        "/message",
    );
    assert_issue(
        "generator",
        with(generator(), "/message/bodyType", json!("XML")),
        NOT_AN_OPTION,
        "/message/bodyType",
    );
    assert_issue(
        "generator",
        without(generator(), "/message/path"),
        MISSING_WHEN,
        "/message/path",
    );
    assert_issue(
        "generator",
        with(generator(), "/message/method", json!("FETCH")),
        NOT_AN_OPTION,
        "/message/method",
    );
    assert_issue(
        "generator",
        with(generator(), "/message/body", json!("  ")),
        BLANK,
        "/message/body",
    );
    assert_issue(
        "generator",
        with(generator(), "/message/headers", json!(3)),
        WRONG_TYPE,
        "/message/headers",
    );
    assert_issue(
        "generator",
        with(generator(), "/inputs/type", json!("RABBITMQ")),
        NOT_AN_OPTION,
        "/inputs/type",
    );
    // SIMPLE needs neither path nor method; the when-rules do not apply.
    let simple = json!({ "inputs": { "type": "SCHEDULER", "scheduler": { "ratePerSec": 1, "maxMessages": 1 } },
                         "message": { "bodyType": "SIMPLE", "body": "x", "method": 42 } });
    assert!(errors(&check("generator", simple)).is_empty());
}

#[test]
fn options_are_trimmed() {
    let c = with(generator(), "/message/method", json!(" POST "));
    assert!(errors(&check("generator", c)).is_empty());
}

#[test]
fn scheduler_rules() {
    assert_issue(
        "generator",
        with(generator(), "/inputs/scheduler/ratePerSec", json!(-1)),
        OUT_OF_RANGE,
        "/inputs/scheduler/ratePerSec",
    );
    assert_issue(
        "generator",
        with(generator(), "/inputs/scheduler/maxMessages", json!(1.5)),
        WRONG_TYPE,
        "/inputs/scheduler/maxMessages",
    );
    assert_issue(
        "generator",
        with(generator(), "/inputs/scheduler/maxMessages", json!("many")),
        WRONG_TYPE,
        "/inputs/scheduler/maxMessages",
    );
    assert_issue(
        "generator",
        without(generator(), "/inputs/scheduler/ratePerSec"),
        MISSING,
        "/inputs/scheduler/ratePerSec",
    );
    assert_issue(
        "generator",
        without(generator(), "/inputs/scheduler"),
        MISSING_WHEN,
        "/inputs/scheduler",
    );
    assert_issue(
        "generator",
        with(generator(), "/inputs/scheduler/reset", json!("yes")),
        WRONG_TYPE,
        "/inputs/scheduler/reset",
    );
    // Numeric strings are a type error on the platform (VALIDATOR.md C2),
    // and the range check is then skipped.
    let c = with(generator(), "/inputs/scheduler/maxMessages", json!("10"));
    assert_issue("generator", c, WRONG_TYPE, "/inputs/scheduler/maxMessages");
    let c = with(generator(), "/inputs/scheduler/maxMessages", json!(" -3 "));
    let issues = check("generator", c);
    assert!(has(&issues, WRONG_TYPE, "/inputs/scheduler/maxMessages"));
    assert!(!has(&issues, OUT_OF_RANGE, "/inputs/scheduler/maxMessages"));
    let c = with(moderator(), "/mode/ratePerSec", json!("200000"));
    assert_issue("moderator", c, WRONG_TYPE, "/mode/ratePerSec");
    // Not while the `when` condition is off.
    let c = json!({ "mode": { "type": "pass-through", "ratePerSec": "-5" } });
    assert!(check("moderator", c).is_empty());
}

#[test]
fn csv_rules() {
    let csv = json!({ "filePath": "/d.csv", "ratePerSec": 1, "rotate": true, "skipHeader": true,
                      "delimiter": ",", "charset": "UTF-8", "startupDelaySeconds": 0, "tickIntervalMs": 1000 });
    let c = with(
        generator(),
        "/inputs",
        json!({ "type": "CSV_DATASET", "csv": csv }),
    );
    assert!(check("generator", c.clone()).is_empty());
    assert_issue(
        "generator",
        with(c.clone(), "/inputs/csv/tickIntervalMs", json!(99)),
        OUT_OF_RANGE,
        "/inputs/csv/tickIntervalMs",
    );
    assert_issue(
        "generator",
        with(c, "/inputs/csv/filePath", json!("")),
        BLANK,
        "/inputs/csv/filePath",
    );
}

// ------------------------------------------------------------ templates

#[test]
fn templates_are_exempt_from_type_options_and_range() {
    let c = with(
        generator(),
        "/inputs/scheduler/ratePerSec",
        json!("{{ vars.rate }}"),
    );
    let c = with(c, "/message/method", json!("{{ vars.method }}"));
    let c = with(c, "/message/headers", json!("{{ vars.headers }}"));
    assert!(check("generator", c).is_empty());
    let c = with(db_query(), "/pool/maxSize", json!("{{ vars.poolMaxSize }}"));
    assert!(check("db-query", c).is_empty());
}

#[test]
fn broken_templates_are_errors() {
    assert_issue(
        "generator",
        with(generator(), "/message/body", json!("{{ payload ")),
        TEMPLATE_SYNTAX,
        "/message/body",
    );
    assert_issue(
        "generator",
        with(generator(), "/message/body", json!("{% if x %}y")),
        TEMPLATE_SYNTAX,
        "/message/body",
    );
    assert_issue(
        "generator",
        with(generator(), "/message/body", json!("{{ a + }}")),
        TEMPLATE_SYNTAX,
        "/message/body",
    );
    // Inside free-form json too.
    let c = with(generator(), "/message/headers", json!({ "x-id": "{{ id" }));
    assert_issue("generator", c, TEMPLATE_SYNTAX, "/message/headers/x-id");
    // A half template is not exempt from the type check either.
    let c = with(
        generator(),
        "/inputs/scheduler/ratePerSec",
        json!("{{ rate"),
    );
    let issues = check("generator", c);
    assert!(has(
        &issues,
        TEMPLATE_SYNTAX,
        "/inputs/scheduler/ratePerSec"
    ));
    assert!(has(&issues, WRONG_TYPE, "/inputs/scheduler/ratePerSec"));
}

#[test]
fn pebble_like_templates_parse() {
    for t in [
        "{{ sut.endpoints['default'].baseUrl }}/api",
        "D|{{ steps.selected.payload }}",
        "{{ now | date('yyyy') }}",
        "{% for x in xs %}{{ x ~ ',' }}{% endfor %}",
        "{# comment #}{{ a is defined }}{{ b | default('x') }}",
    ] {
        assert_eq!(crate::template::check(t), None, "{t}");
    }
}

// ------------------------------------------------------------ moderator

#[test]
fn moderator_rules() {
    assert_issue(
        "moderator",
        without(moderator(), "/mode/ratePerSec"),
        MISSING_WHEN,
        "/mode/ratePerSec",
    );
    assert_issue(
        "moderator",
        with(moderator(), "/mode/ratePerSec", json!(100001)),
        OUT_OF_RANGE,
        "/mode/ratePerSec",
    );
    assert_issue(
        "moderator",
        with(moderator(), "/mode/type", json!("sine")),
        MISSING_WHEN,
        "/mode/sine",
    );
    let sine = json!({ "mode": { "type": "sine", "sine": { "minRatePerSec": 1, "maxRatePerSec": 2, "periodSeconds": 0, "phaseOffsetSeconds": 0 } } });
    assert_issue(
        "moderator",
        sine.clone(),
        OUT_OF_RANGE,
        "/mode/sine/periodSeconds",
    );
    assert_issue(
        "moderator",
        without(sine, "/mode/sine/maxRatePerSec"),
        MISSING,
        "/mode/sine/maxRatePerSec",
    );
    // pass-through ignores ratePerSec, even out of range.
    let pass = json!({ "mode": { "type": "pass-through", "ratePerSec": -5 } });
    assert!(check("moderator", pass).is_empty());
}

#[test]
fn when_required_message_names_the_condition() {
    let issues = check("moderator", without(moderator(), "/mode/ratePerSec"));
    let i = issues
        .iter()
        .find(|i| i.finding.code == MISSING_WHEN)
        .unwrap();
    assert_eq!(
        i.finding.message,
        "`mode.ratePerSec` is required because `type` is `rate-per-sec`"
    );
    assert_eq!(i.finding.fix, "add `ratePerSec: <number>` under `mode`");
}

// ------------------------------------------------------------ processor & IO

#[test]
fn processor_rules() {
    assert_issue(
        "processor",
        without(processor(), "/outputs"),
        MISSING,
        "/outputs",
    );
    assert_issue(
        "processor",
        with(processor(), "/mode", json!("RATE_PER_SEC")),
        MISSING_WHEN,
        "/ratePerSec",
    );
    assert_issue(
        "processor",
        with(processor(), "/inputs/type", json!("SCHEDULER")),
        NOT_AN_OPTION,
        "/inputs/type",
    );
    assert_issue(
        "processor",
        with(processor(), "/baseUrl", Value::Null),
        BLANK,
        "/baseUrl",
    );
    assert_issue(
        "processor",
        with(processor(), "/threadCount", json!(true)),
        WRONG_TYPE,
        "/threadCount",
    );
    let tcp = with(
        processor(),
        "/tcpTransport",
        json!({ "type": "udp", "ssl": { "enabled": "no" } }),
    );
    let issues = check("processor", tcp);
    assert!(has(&issues, NOT_AN_OPTION, "/tcpTransport/type"));
    assert!(has(&issues, WRONG_TYPE, "/tcpTransport/ssl/enabled"));
}

#[test]
fn io_selector_rule() {
    let c = with(processor(), "/inputs", json!({ "redis": redis_input() }));
    let issues = check("processor", c);
    let i = issues
        .iter()
        .find(|i| i.finding.code == IO_SELECTOR_MISSING)
        .unwrap();
    assert_eq!((i.pointer.as_str(), i.aim.at), ("/inputs/type", Aim::Value));
    assert_eq!(i.aim.related.as_deref(), Some("/inputs/redis"));
    let c = with(
        processor(),
        "/inputs",
        json!({ "type": "RABBITMQ", "redis": redis_input() }),
    );
    assert_issue("processor", c, IO_SELECTOR_MISMATCH, "/inputs/type");
    let c = with(
        processor(),
        "/outputs",
        json!({ "type": "NONE", "redis": redis_output() }),
    );
    assert_issue("processor", c, IO_SELECTOR_MISMATCH, "/outputs/type");
    let c = with(processor(), "/outputs", json!({ "type": "REDIS" }));
    assert_issue("processor", c, MISSING_WHEN, "/outputs/redis");
}

#[test]
fn redis_dataset_rules() {
    let base = with(
        processor(),
        "/inputs",
        json!({ "type": "REDIS_DATASET", "redis": redis_input() }),
    );
    assert!(check("processor", base.clone()).is_empty());
    let both = with(
        base.clone(),
        "/inputs/redis/sources",
        json!([{ "listName": "a", "weight": 1 }]),
    );
    assert_issue("processor", both, REDIS_DATASET_SOURCE, "/inputs/redis");
    let neither = with(base.clone(), "/inputs/redis/listName", json!(" "));
    assert_issue("processor", neither, REDIS_DATASET_SOURCE, "/inputs/redis");
    let multi = with(base.clone(), "/inputs/redis/listName", json!(""));
    let multi = with(
        multi,
        "/inputs/redis/sources",
        json!([{ "listName": "a", "weight": 1 }, { "listName": "b", "weight": 2 }]),
    );
    assert!(check("processor", multi.clone()).is_empty());
    let dup = with(
        multi.clone(),
        "/inputs/redis/sources/1/listName",
        json!("a"),
    );
    assert_issue(
        "processor",
        dup,
        REDIS_DATASET_DUPLICATE,
        "/inputs/redis/sources/1/listName",
    );
    let zero = with(multi.clone(), "/inputs/redis/sources/0/weight", json!(0));
    assert_issue(
        "processor",
        zero,
        OUT_OF_RANGE,
        "/inputs/redis/sources/0/weight",
    );
    let blank = with(multi, "/inputs/redis/sources/0/listName", json!(""));
    assert_issue(
        "processor",
        blank,
        BLANK,
        "/inputs/redis/sources/0/listName",
    );
    assert_issue(
        "processor",
        with(base.clone(), "/inputs/redis/port", json!(70000)),
        OUT_OF_RANGE,
        "/inputs/redis/port",
    );
    assert_issue(
        "processor",
        with(base, "/inputs/redis/pickStrategy", json!("RANDOM")),
        NOT_AN_OPTION,
        "/inputs/redis/pickStrategy",
    );
}

#[test]
fn redis_output_rules() {
    let base = with(
        processor(),
        "/outputs",
        json!({ "type": "REDIS", "redis": redis_output() }),
    );
    assert!(check("processor", base.clone()).is_empty());
    let none = with(base.clone(), "/outputs/redis/defaultList", json!(""));
    assert_issue("processor", none, REDIS_OUTPUT_TARGET, "/outputs/redis");
    let routed = with(base.clone(), "/outputs/redis/defaultList", json!(""));
    let routed = with(
        routed,
        "/outputs/redis/routes",
        json!([{ "header": "x-list", "headerMatch": "^a\\.b$", "list": "l" }]),
    );
    assert!(check("processor", routed.clone()).is_empty());
    let no_match = with(
        routed.clone(),
        "/outputs/redis/routes/0",
        json!({ "list": "l" }),
    );
    assert_issue(
        "processor",
        no_match,
        REDIS_ROUTE,
        "/outputs/redis/routes/0",
    );
    let no_header_match = with(
        routed.clone(),
        "/outputs/redis/routes/0",
        json!({ "list": "l", "header": "h" }),
    );
    assert_issue(
        "processor",
        no_header_match,
        REDIS_ROUTE,
        "/outputs/redis/routes/0",
    );
    let no_list = with(
        routed.clone(),
        "/outputs/redis/routes/0",
        json!({ "match": "x" }),
    );
    assert_issue(
        "processor",
        no_list,
        MISSING,
        "/outputs/redis/routes/0/list",
    );
    let bad_re = with(
        routed.clone(),
        "/outputs/redis/routes/0/headerMatch",
        json!("^(a"),
    );
    assert_issue(
        "processor",
        bad_re,
        REDIS_ROUTE_REGEX,
        "/outputs/redis/routes/0/headerMatch",
    );
    // Java look-around is fine.
    let look = with(
        routed,
        "/outputs/redis/routes/0/headerMatch",
        json!("^(?!tmp).*"),
    );
    assert!(check("processor", look).is_empty());
    assert_issue(
        "processor",
        with(base.clone(), "/outputs/redis/maxLen", json!(-2)),
        OUT_OF_RANGE,
        "/outputs/redis/maxLen",
    );
    assert_issue(
        "processor",
        with(base, "/outputs/redis/sourceStep", json!("MIDDLE")),
        NOT_AN_OPTION,
        "/outputs/redis/sourceStep",
    );
}

// ------------------------------------------------------------ other kinds

#[test]
fn request_builder_rules() {
    assert_issue(
        "request-builder",
        without(request_builder(), "/serviceId"),
        MISSING,
        "/serviceId",
    );
    assert_issue(
        "request-builder",
        with(
            request_builder(),
            "/passThroughOnMissingTemplate",
            json!("true"),
        ),
        WRONG_TYPE,
        "/passThroughOnMissingTemplate",
    );
}

#[test]
fn http_sequence_rules() {
    assert_issue(
        "http-sequence",
        with(http_sequence(), "/steps", json!("step-1")),
        WRONG_TYPE,
        "/steps",
    );
    assert_issue(
        "http-sequence",
        without(http_sequence(), "/debugCapture"),
        MISSING,
        "/debugCapture",
    );
}

#[test]
fn postprocessor_rules() {
    assert_issue(
        "postprocessor",
        with(postprocessor(), "/txOutcomeSinkMode", json!("KAFKA")),
        NOT_AN_OPTION,
        "/txOutcomeSinkMode",
    );
    assert_issue(
        "postprocessor",
        without(postprocessor(), "/forwardToOutput"),
        MISSING,
        "/forwardToOutput",
    );
}

#[test]
fn trigger_rules() {
    assert_issue(
        "trigger",
        without(trigger(), "/command"),
        MISSING_WHEN,
        "/command",
    );
    let rest = with(trigger(), "/actionType", json!("rest"));
    let issues = check("trigger", rest);
    for field in ["/url", "/method", "/body", "/headers"] {
        assert!(has(&issues, MISSING_WHEN, field), "{field}: {issues:#?}");
    }
    assert_issue(
        "trigger",
        with(trigger(), "/intervalMs", json!(-1)),
        OUT_OF_RANGE,
        "/intervalMs",
    );
}

#[test]
fn db_query_rules() {
    assert_issue(
        "db-query",
        without(db_query(), "/connection/jdbcUrl"),
        MISSING,
        "/connection/jdbcUrl",
    );
    assert_issue(
        "db-query",
        with(db_query(), "/adapter", json!("MYSQL")),
        NOT_AN_OPTION,
        "/adapter",
    );
    assert_issue(
        "db-query",
        with(db_query(), "/retry/on", json!("SQLSTATE")),
        WRONG_TYPE,
        "/retry/on",
    );
    assert_issue(
        "db-query",
        with(db_query(), "/retry/backoffMultiplier", json!("fast")),
        WRONG_TYPE,
        "/retry/backoffMultiplier",
    );
    // allowBlank: username and password may be blank, but not missing.
    assert_issue(
        "db-query",
        without(db_query(), "/connection/password"),
        MISSING,
        "/connection/password",
    );
}

#[test]
fn secrets_are_never_shown() {
    let c = with(db_query(), "/connection/password", json!(12345678));
    let issues = check("db-query", c);
    let i = issues
        .iter()
        .find(|i| i.pointer == "/connection/password")
        .unwrap();
    assert!(
        !i.finding.message.contains("12345678"),
        "{}",
        i.finding.message
    );
    let c = with(redis_input(), "/password", json!(["hunter2"]));
    let c = with(
        processor(),
        "/inputs",
        json!({ "type": "REDIS_DATASET", "redis": c }),
    );
    for i in check("processor", c) {
        assert!(!i.finding.message.contains("hunter2"));
    }
}

#[test]
fn clearing_export_rules() {
    let template_mode = with(clearing_export(), "/mode", json!("template"));
    let issues = check("clearing-export", template_mode);
    for f in [
        "/lineSeparator",
        "/fileNameTemplate",
        "/headerTemplate",
        "/recordTemplate",
        "/footerTemplate",
    ] {
        assert!(has(&issues, MISSING_WHEN, f), "{f}");
    }
    assert!(!has(&issues, MISSING_WHEN, "/schemaId"));
    assert_issue(
        "clearing-export",
        with(clearing_export(), "/writeManifest", json!(true)),
        MISSING_WHEN,
        "/localManifestPath",
    );
    let filter = with(clearing_export(), "/businessCodeFilterEnabled", json!(true));
    assert_issue(
        "clearing-export",
        filter,
        MISSING_WHEN,
        "/businessCodeAllowList",
    );
    assert_issue(
        "clearing-export",
        with(
            clearing_export(),
            "/recordBuildFailurePolicy",
            json!("retry"),
        ),
        NOT_AN_OPTION,
        "/recordBuildFailurePolicy",
    );
}

#[test]
fn swarm_controller_rules() {
    let c = json!({ "trafficPolicy": { "bufferGuard": { "enabled": "on", "targetDepth": 5 } } });
    assert_issue(
        "swarm-controller",
        c,
        WRONG_TYPE,
        "/trafficPolicy/bufferGuard/enabled",
    );
}

// ------------------------------------------------------------ keys

#[test]
fn legacy_wrappers_are_errors_with_migrate_hint() {
    let c = json!({ "worker": { "config": postprocessor() } });
    let issues = check("postprocessor", c);
    let i = issues
        .iter()
        .find(|i| i.finding.code == LEGACY_WRAPPER)
        .unwrap();
    assert_eq!((i.pointer.as_str(), i.aim.at), ("/worker", Aim::Key));
    assert!(i.finding.fix.contains("cfgate migrate"));
    assert!(
        !issues
            .iter()
            .any(|i| i.finding.code == MISSING || i.finding.code == UNKNOWN_KEY),
        "{issues:#?}"
    );
    let c = json!({ "pockethive": { "worker": { "config": {} } } });
    assert_issue("postprocessor", c, LEGACY_WRAPPER, "/pockethive");
}

#[test]
fn unknown_keys_warn_with_did_you_mean() {
    let c = with(postprocessor(), "/forwardToOuput", json!(true));
    let issues = check("postprocessor", c);
    let i = issues
        .iter()
        .find(|i| i.finding.code == UNKNOWN_KEY)
        .unwrap();
    assert_eq!(i.finding.severity, Severity::Warning);
    assert_eq!(
        (i.pointer.as_str(), i.aim.at),
        ("/forwardToOuput", Aim::Key)
    );
    assert!(
        i.finding.message.contains("did you mean `forwardToOutput`"),
        "{}",
        i.finding.message
    );
    // Nested, inside IO sub-blocks and in arrays of typed items.
    assert_issue(
        "generator",
        with(generator(), "/inputs/scheduler/rate", json!(1)),
        UNKNOWN_KEY,
        "/inputs/scheduler/rate",
    );
    let c = with(
        processor(),
        "/outputs",
        json!({ "type": "REDIS", "redis": with(redis_output(), "/routes", json!([{ "list": "l", "match": "x", "lst": 1 }])) }),
    );
    assert_issue("processor", c, UNKNOWN_KEY, "/outputs/redis/routes/0/lst");
    // Keys under `when` fields are known; free-form json is not checked.
    let c = with(moderator(), "/mode/sine", json!({ "minRatePerSec": 1 }));
    assert!(!check("moderator", c)
        .iter()
        .any(|i| i.finding.code == UNKNOWN_KEY));
    let c = with(
        generator(),
        "/message/headers",
        json!({ "anything": "goes" }),
    );
    assert!(check("generator", c).is_empty());
    // inputs/outputs are SDK keys of every worker kind.
    let c = with(postprocessor(), "/outputs", json!({ "type": "NONE" }));
    assert!(check("postprocessor", c).is_empty());
}

// ------------------------------------------------------------ schema dir

#[test]
fn with_dir_adds_and_overrides_kinds() {
    let dir = std::env::temp_dir().join(format!("cfgate-schemas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("custom-worker.schema.json"), r#"{"type":"object","required":["speed"],"properties":{"speed":{"type":"integer","maximum":3}}}"#).unwrap();
    std::fs::write(
        dir.join("postprocessor.schema.json"),
        r#"{"type":"object","properties":{"x":{"enum":["a"]}}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
    let set = SchemaSet::with_dir(&dir).unwrap();
    assert!(set.has_kind("custom-worker") && set.has_kind("generator"));
    let issues = set
        .check("custom-worker", &json!({ "speed": 4, "sped": 1 }))
        .unwrap();
    assert!(has(&issues, OUT_OF_RANGE, "/speed"), "{issues:#?}");
    assert!(has(&issues, UNKNOWN_KEY, "/sped"));
    assert_eq!(
        errors(&set.check("custom-worker", &json!({})).unwrap()),
        vec![(MISSING, "/speed")]
    );
    assert_eq!(
        errors(&set.check("postprocessor", &json!({ "x": "b" })).unwrap()),
        vec![(NOT_AN_OPTION, "/x")]
    );
    std::fs::write(dir.join("bad.schema.json"), "{").unwrap();
    assert!(matches!(
        SchemaSet::with_dir(&dir),
        Err(SchemaDirError::Json { .. })
    ));
    std::fs::write(dir.join("bad.schema.json"), r#"{"type": 5}"#).unwrap();
    assert!(matches!(
        SchemaSet::with_dir(&dir),
        Err(SchemaDirError::Schema { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(
        SchemaSet::with_dir(&dir),
        Err(SchemaDirError::Read { .. })
    ));
}

// ------------------------------------------------------------ snapshots

#[test]
fn snapshot_processor_issue_list() {
    let c = json!({
        "inputs": { "type": "RABBITMQ", "redis": { "host": "" } },
        "outputs": { "type": "REDIS", "redis": { "host": "r", "port": 0, "ssl": "no", "sourceStep": "LAST",
                     "pushDirection": "RPUSH", "routes": [{ "list": "l", "header": "h" }],
                     "targetListTemplate": "", "defaultList": "", "maxLen": -1 } },
        "baseUrl": "{{ sut.url ", "mode": "RATE_PER_SEC", "threadCount": "two", "keepAlive": true, "keepAlvie": false,
    });
    insta::assert_yaml_snapshot!(check("processor", c));
}

#[test]
fn snapshot_generator_issue_list() {
    let c = json!({
        "inputs": { "scheduler": { "ratePerSec": -1, "maxMessages": 0 } },
        "message": { "bodyType": "HTTP", "method": "FETCH", "body": "" },
        "worker": { "config": {} },
    });
    insta::assert_yaml_snapshot!(check("generator", c));
}

// ------------------------------------------------------------ reference scenarios

/// Kind of an image per RULES.md (test-only copy; the scenario checker owns
/// the real resolution).
fn kind_of(image: &str) -> String {
    let image = image.trim().to_ascii_lowercase();
    let image = image.split('@').next().unwrap_or_default();
    let last = image.rsplit('/').next().unwrap_or_default();
    last.split(':').next().unwrap_or_default().to_string()
}

/// Every bee of every reference scenario: (file, role, kind, config).
fn reference_bees() -> Option<Vec<(String, String, String, Value)>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/pockethive/scenarios");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "note: {} absent, reference scenarios skipped",
            dir.display()
        );
        return None;
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let mut bees = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_saphyr::from_str(&text).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        for bee in doc["template"]["bees"].as_array().unwrap() {
            let config = bee.get("config").cloned().unwrap_or(Value::Null);
            let kind = kind_of(bee["image"].as_str().unwrap());
            bees.push((
                file.clone(),
                bee["role"].as_str().unwrap().to_string(),
                kind,
                config,
            ));
        }
    }
    Some(bees)
}

#[test]
fn every_reference_scenario_bee_has_zero_errors() {
    let Some(bees) = reference_bees() else { return };
    assert!(bees.len() > 40);
    for (file, role, kind, config) in bees {
        let issues = SchemaSet::builtin()
            .check(&kind, &config)
            .unwrap_or_else(|| panic!("{file}: no schema for {kind}"));
        let errs: Vec<_> = issues
            .iter()
            .filter(|i| i.finding.severity == Severity::Error)
            .collect();
        assert!(errs.is_empty(), "{file} bee {role}: {errs:#?}");
        let warnings: Vec<_> = issues
            .iter()
            .map(|i| format!("{} {}", i.finding.code, i.pointer))
            .collect();
        assert!(
            warnings.is_empty(),
            "{file} bee {role}: unexpected warnings {warnings:?}"
        );
    }
}

#[test]
fn every_reference_scenario_template_parses() {
    let Some(bees) = reference_bees() else { return };
    let mut templates = 0;
    for (file, role, _, config) in bees {
        let mut issues = Vec::new();
        check_templates(&config, Scope::ConfigAlone, &mut issues);
        assert!(issues.is_empty(), "{file} bee {role}: {issues:#?}");
        templates += config.to_string().matches("{{").count();
    }
    assert!(
        templates > 20,
        "expected the reference scenarios to hold templates, found {templates}"
    );
}

#[test]
fn every_reference_scenario_bee_deserializes_into_its_typed_config() {
    use crate::scenario::kinds::*;
    let Some(bees) = reference_bees() else { return };
    for (file, role, kind, config) in bees {
        let result = match kind.as_str() {
            "generator" => serde_json::from_value::<generator::GeneratorConfig>(config).map(drop),
            "moderator" => serde_json::from_value::<moderator::ModeratorConfig>(config).map(drop),
            "processor" => serde_json::from_value::<processor::ProcessorConfig>(config).map(drop),
            "request-builder" => {
                serde_json::from_value::<request_builder::RequestBuilderConfig>(config).map(drop)
            }
            "http-sequence" => {
                serde_json::from_value::<http_sequence::HttpSequenceConfig>(config).map(drop)
            }
            "postprocessor" => {
                serde_json::from_value::<postprocessor::PostprocessorConfig>(config).map(drop)
            }
            "db-query" => serde_json::from_value::<db_query::DbQueryConfig>(config).map(drop),
            "clearing-export" => {
                serde_json::from_value::<clearing_export::ClearingExportConfig>(config).map(drop)
            }
            other => panic!("unexpected kind {other}"),
        };
        assert!(result.is_ok(), "{file} bee {role} ({kind}): {result:?}");
    }
}

// ------------------------------------------------------------ agreement

/// (kind, config, whether JSON Schema can express every rule it breaks).
fn agreement_fixtures() -> Vec<(&'static str, Value, bool)> {
    let mut f: Vec<(&'static str, Value, bool)> = Vec::new();
    for kind in crate::scenario::kinds::KINDS {
        f.push((kind.name, minimal(kind.name), true));
    }
    let g = generator;
    f.extend([
        ("generator", without(g(), "/inputs/type"), true),
        ("generator", with(g(), "/message/bodyType", json!("XML")), true),
        ("generator", with(g(), "/message/bodyType", json!(" HTTP ")), true),
        ("generator", without(g(), "/message/path"), true),
        ("generator", with(g(), "/message/body", json!(" ")), true),
        ("generator", with(g(), "/message/headers", json!(3)), true),
        ("generator", with(g(), "/inputs/scheduler/ratePerSec", json!(-1)), true),
        ("generator", with(g(), "/inputs/scheduler/ratePerSec", json!("{{ vars.r }}")), true),
        ("generator", with(g(), "/inputs/scheduler/maxMessages", json!("12")), true),
        ("generator", with(g(), "/inputs/scheduler/maxMessages", json!(1.5)), true),
        ("generator", without(g(), "/inputs/scheduler"), true),
        ("generator", with(g(), "/unknownKey", json!(1)), true),
        ("generator", with(g(), "/inputs/type", json!("REDIS_DATASET")), true),
        ("moderator", without(moderator(), "/mode/ratePerSec"), true),
        ("moderator", with(moderator(), "/mode/type", json!("sine")), true),
        ("moderator", json!({ "mode": { "type": "pass-through", "ratePerSec": -1 } }), true),
        ("processor", with(processor(), "/inputs", json!({ "redis": redis_input() })), true),
        ("processor", with(processor(), "/inputs", json!({ "type": "RABBITMQ", "redis": redis_input() })), true),
        ("processor", with(processor(), "/inputs", json!({ "type": "REDIS_DATASET", "redis": redis_input() })), true),
        ("processor", with(processor(), "/inputs", json!({ "type": "REDIS_DATASET", "redis": with(redis_input(), "/listName", json!("")) })), true),
        ("processor", with(processor(), "/inputs", json!({ "type": "REDIS_DATASET", "redis": with(redis_input(), "/sources", json!([{ "listName": "a", "weight": 1 }])) })), true),
        ("processor", with(processor(), "/outputs", json!({ "type": "REDIS", "redis": redis_output() })), true),
        ("processor", with(processor(), "/outputs", json!({ "type": "REDIS", "redis": with(redis_output(), "/defaultList", json!("")) })), true),
        ("processor", with(processor(), "/outputs", json!({ "type": "REDIS", "redis": with(redis_output(), "/routes", json!([{ "list": "l", "header": "h" }])) })), true),
        ("processor", with(processor(), "/mode", json!("RATE_PER_SEC")), true),
        ("processor", with(processor(), "/threadCount", Value::Null), true),
        ("trigger", with(trigger(), "/actionType", json!("rest")), true),
        ("db-query", with(db_query(), "/connection/username", json!("")), true),
        ("db-query", without(db_query(), "/pool"), true),
        ("clearing-export", with(clearing_export(), "/writeManifest", json!(true)), true),
        ("clearing-export", with(clearing_export(), "/businessCodeFilterEnabled", json!(true)), true),
        ("postprocessor", with(postprocessor(), "/txOutcomeSinkMode", json!("KAFKA")), true),
        // Rules only the checker knows (JSON Schema cannot say them):
        ("generator", with(g(), "/message/body", json!("{{ payload ")), false),
        ("processor", with(processor(), "/inputs", json!({ "type": "REDIS_DATASET", "redis": with(with(redis_input(), "/listName", json!("")), "/sources", json!([{ "listName": "a", "weight": 1 }, { "listName": "a", "weight": 1 }])) })), false),
        ("processor", with(processor(), "/outputs", json!({ "type": "REDIS", "redis": with(redis_output(), "/routes", json!([{ "list": "l", "match": "(" }])) })), false),
        ("postprocessor", with(postprocessor(), "/worker", json!({ "config": {} })), false),
        ("generator", with(g(), "/inputs/scheduler/ratePerSec", json!("-1")), true),
    ]);
    f
}

#[test]
fn generated_schemas_agree_with_the_checker() {
    let scenario = jsonschema::validator_for(&crate::schema::scenario_schema()).unwrap();
    for (i, (kind, config, expressible)) in agreement_fixtures().into_iter().enumerate() {
        let checker_ok = errors(&check(kind, config.clone())).is_empty();
        let kind_schema = crate::schema::kind_schema(kind).unwrap();
        let schema_ok = jsonschema::is_valid(&kind_schema, &config);
        // The same config as a bee of a whole scenario, through scenario.schema.json.
        let file = json!({
            "protocolVersion": "2.0.0", "id": "s", "name": "s",
            "template": { "image": "swarm-controller:latest", "bees": [
                { "role": "r", "image": format!("ghcr.io/acme/pockethive/{kind}:0.15"), "work": {}, "config": config } ] },
        });
        let scenario_ok = scenario.is_valid(&file);
        // The scenario schema rejects any `worker` / `pockethive` key of a
        // bee's config, as the platform does (the kind schemas, shared with
        // the settings layer, leave them to the checker).
        let legacy = config.get("worker").is_some() || config.get("pockethive").is_some();
        assert_eq!(
            schema_ok && !legacy,
            scenario_ok,
            "fixture {i} ({kind}): kind schema vs scenario schema"
        );
        let draft07 = crate::schema::to_draft07(&kind_schema);
        assert_eq!(
            schema_ok,
            jsonschema::is_valid(&draft07, &config),
            "fixture {i} ({kind}): draft-07 copy"
        );
        if expressible {
            assert_eq!(
                checker_ok, schema_ok,
                "fixture {i} ({kind}): checker {checker_ok}, schema {schema_ok}: {config}"
            );
        } else {
            assert!(!checker_ok && schema_ok, "fixture {i} ({kind}) is a checker-only rule: checker {checker_ok}, schema {schema_ok}");
        }
    }
}

#[test]
fn every_reference_scenario_validates_against_scenario_schema() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/pockethive/scenarios");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("note: {} absent, skipped", dir.display());
        return;
    };
    let schema = crate::schema::scenario_schema();
    let draft07 = crate::schema::to_draft07(&schema);
    let validators = [
        jsonschema::validator_for(&schema).unwrap(),
        jsonschema::validator_for(&draft07).unwrap(),
    ];
    for path in entries.map(|e| e.unwrap().path()) {
        let doc: Value = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for v in &validators {
            let errs: Vec<String> = v
                .iter_errors(&doc)
                .map(|e| format!("{} {e}", e.instance_path().as_str()))
                .collect();
            assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        }
        // And a broken bee config makes the file invalid through the image dispatch.
        let mut broken = doc.clone();
        broken["template"]["bees"][0]["config"] = json!({ "inputs": 5 });
        assert!(!validators[0].is_valid(&broken), "{}", path.display());
    }
}

/// Every manifest field carries `x-live-mutable` (a later patch builder
/// relies on it); only list items (route and source entries) do not.
#[test]
fn every_manifest_field_declares_live_mutability() {
    fn walk(node: &Value, path: &str, in_items: bool, missing: &mut Vec<String>) {
        let Some(obj) = node.as_object() else { return };
        if obj.contains_key("x-type") && !in_items && !obj.contains_key("x-live-mutable") {
            missing.push(path.to_string());
        }
        for (k, v) in obj {
            match (k.as_str(), v) {
                ("items", _) => walk(v, &format!("{path}/items"), true, missing),
                ("if", _) | ("examples", _) | ("x-options", _) => {}
                (_, Value::Object(_)) => walk(v, &format!("{path}/{k}"), in_items, missing),
                (_, Value::Array(a)) => {
                    for (i, x) in a.iter().enumerate() {
                        walk(x, &format!("{path}/{k}/{i}"), in_items, missing);
                    }
                }
                _ => {}
            }
        }
    }
    for kind in crate::scenario::kinds::KINDS {
        let schema = crate::schema::kind_schema(kind.name).unwrap();
        let mut missing = Vec::new();
        walk(&schema, "", false, &mut missing);
        // The rule sub-schemas (x-rule) restate fields without annotations.
        missing.retain(|p| !p.contains("/allOf/") || p.contains("/then/"));
        assert!(missing.is_empty(), "{}: {missing:#?}", kind.name);
    }
}

#[test]
fn snapshot_clearing_export_and_db_query_issue_lists() {
    let mut c = with(clearing_export(), "/mode", json!("template"));
    c = with(c, "/lineSeparator", json!("\n"));
    c = with(c, "/fileNameTemplate", json!("OUT_{{ now }}.txt"));
    c = with(c, "/headerTemplate", json!("H|{% if x %}"));
    c = with(c, "/businessCodeFilterEnabled", json!(true));
    c = with(c, "/businessCodeSourceStep", json!("last"));
    c = with(c, "/maxRecordsPerFile", json!("ten"));
    let export = check("clearing-export", c);
    let mut d = with(db_query(), "/connection/password", json!(42));
    d = with(d, "/pool/maxSize", json!("{{ vars.poolMaxSize }}"));
    d = without(d, "/retry/on");
    d = with(d, "/retry/onn", json!([]));
    d = with(d, "/threadcount", json!(2));
    let db = check("db-query", d);
    insta::assert_yaml_snapshot!(json!({ "clearing-export": export, "db-query": db }));
}
