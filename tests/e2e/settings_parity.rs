//! Issue 16, the gate's verdict equals the KTRDR service's: one table per
//! parsing table and per gate rule of SETTINGS.md (the reference), each row
//! the real binary run on an environment (and `.env.local`): value or error
//! out, exit code. Expectations are our own, written from the reference.

use crate::common::{cfgate, dir_with, exit_and_json};
use serde_json::{json, Value};

struct Out {
    code: i32,
    json: Value,
}

/// `cfgate ARGS --format json` in a fresh directory holding `env_local`
/// (if any) as `.env.local`, with exactly `vars` in the environment.
fn run(args: &[&str], vars: &[(&str, &str)], env_local: Option<&str>) -> Out {
    let dir = dir_with(env_local.map(|text| (".env.local", text)).as_slice());
    let mut cmd = cfgate();
    cmd.current_dir(dir.path())
        .args(args)
        .args(["--format", "json"]);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let (code, json) = exit_and_json(&cmd.output().unwrap());
    Out { code, json }
}

fn validate(component: &str, vars: &[(&str, &str)], env_local: Option<&str>) -> Out {
    run(&["validate", "--component", component], vars, env_local)
}

fn explain(component: &str, vars: &[(&str, &str)], env_local: Option<&str>) -> Value {
    let out = run(&["explain", "--component", component], vars, env_local);
    assert_eq!(out.code, 0, "{}", out.json);
    out.json
}

fn codes(out: &Out, list: &str) -> Vec<String> {
    out.json[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

/// What one raw value gives: the typed value, or an error of this code.
#[derive(Debug, Clone, Copy)]
enum Want {
    Value(&'static str),
    Error(&'static str),
}
use Want::{Error, Value as Val};

/// Runs one table: `name` set to each raw value in `component`; checks the
/// exit code, the error code, and the explained value of `domain.field`.
fn table(component: &str, name: &str, domain: &str, field: &str, rows: &[(&str, Want)]) {
    for (raw, want) in rows {
        let vars = [
            (name, *raw),
            ("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true"),
        ];
        let out = validate(component, &vars, None);
        match want {
            Val(expected) => {
                assert_eq!(out.code, 0, "{name}={raw:?}: {}", out.json);
                let expected: Value = serde_json::from_str(expected).unwrap();
                let got = &explain(component, &vars, None)[domain][field]["value"];
                assert_eq!(got, &expected, "{name}={raw:?}");
            }
            Error(code) => {
                assert_eq!(out.code, 1, "{name}={raw:?}: {}", out.json);
                assert_eq!(codes(&out, "errors"), vec![*code], "{name}={raw:?}");
                assert_eq!(out.json["errors"][0]["env"], *name, "{name}={raw:?}");
            }
        }
    }
}

/// SETTINGS.md §1.1 on an unconstrained `int` (the DB port), then the
/// range rule of a constrained one.
#[test]
fn integers_as_pydantic_reads_them() {
    let nines = "9".repeat(4300);
    let too_long = "9".repeat(4301);
    let neg_too_long = format!("-{nines}");
    let rows: Vec<(&str, Want)> = vec![
        ("5", Val("5")),
        (" 5 ", Val("5")),
        ("5\n", Val("5")),
        ("\t5\t", Val("5")),
        ("\u{a0}5", Val("5")),
        ("05", Val("5")),
        ("0005", Val("5")),
        ("+5", Val("5")),
        ("-1", Val("-1")),
        ("-0", Val("0")),
        ("+0", Val("0")),
        ("00", Val("0")),
        ("0_0", Val("0")),
        ("5.0", Val("5")),
        ("5.00", Val("5")),
        ("5.000", Val("5")),
        ("-5.0", Val("-5")),
        ("+5.0", Val("5")),
        ("5.0 ", Val("5")),
        ("1_000", Val("1000")),
        ("0_5", Val("5")),
        ("1_0_0", Val("100")),
        ("+1_000", Val("1000")),
        ("1_000.0", Val("1000")),
        // Beyond 64 bits: accepted (the service keeps the exact int).
        ("99999999999999999999", Val("9223372036854775807")),
        (&nines, Val("9223372036854775807")),
        (&too_long, Error("parse")),
        (&neg_too_long, Error("parse")),
        ("0-2", Val("-2")),
        ("00-2", Val("-2")),
        ("0_-2", Val("-2")),
        ("0-_2", Val("-2")),
        ("5.5", Error("parse")),
        ("5.0000000001", Error("parse")),
        ("5.", Error("parse")),
        (".5", Error("parse")),
        ("5.0_0", Error("parse")),
        ("1.0.0", Error("parse")),
        ("1e3", Error("parse")),
        ("5.0e0", Error("parse")),
        ("0x10", Error("parse")),
        ("0b1", Error("parse")),
        ("0o7", Error("parse")),
        ("1__000", Error("parse")),
        ("_1", Error("parse")),
        ("1_", Error("parse")),
        ("+_1", Error("parse")),
        ("-_1", Error("parse")),
        ("+-5", Error("parse")),
        ("--5", Error("parse")),
        ("-+5", Error("parse")),
        ("0+2", Error("parse")),
        ("5 5", Error("parse")),
        ("-", Error("parse")),
        ("+", Error("parse")),
        ("", Error("parse")),
        (" ", Error("parse")),
        ("abc", Error("parse")),
        ("true", Error("parse")),
        ("\u{663}", Error("parse")),
        ("\u{661}\u{662}", Error("parse")),
        ("\u{ff15}", Error("parse")),
        ("\u{1c}5", Error("parse")),
        ("\u{200b}5", Error("parse")),
    ];
    table("worker", "KTRDR_DB_PORT", "database", "port", &rows);
    // Range rules are checked after parsing: a huge port breaks `le`.
    table(
        "worker",
        "KTRDR_WORKER_PORT",
        "worker",
        "port",
        &[
            ("99999999999999999999", Error("rule")),
            ("5_010", Val("5010")),
            ("0", Error("rule")),
        ],
    );
}

/// SETTINGS.md §1.2 on the one unconstrained float, then the `>0` and
/// `>=0` constraints.
#[test]
fn floats_as_pydantic_reads_them() {
    let max = "1.7976931348623157e308";
    let min = "-1.7976931348623157e308";
    let rows: Vec<(&str, Want)> = vec![
        ("1.5", Val("1.5")),
        ("+1.5", Val("1.5")),
        (" 2 ", Val("2.0")),
        ("3", Val("3.0")),
        ("0", Val("0.0")),
        (".5", Val("0.5")),
        ("5.", Val("5.0")),
        ("1e-3", Val("0.001")),
        ("1.5e2", Val("150.0")),
        ("1E3", Val("1000.0")),
        ("1e+3", Val("1000.0")),
        ("inf", Val(max)),
        ("Infinity", Val(max)),
        ("INF", Val(max)),
        ("+inf", Val(max)),
        ("-inf", Val(min)),
        ("iNF\t", Val(max)),
        // nan is kept by the service; JSON cannot hold it (a warning says so).
        ("nan", Val("0.0")),
        ("NaN", Val("0.0")),
        ("-nan", Val("0.0")),
        ("+nan", Val("0.0")),
        ("1e400", Val(max)),
        ("-1e400", Val(min)),
        ("1e-400", Val("0.0")),
        ("1_0", Val("10.0")),
        ("1_0.5", Val("10.5")),
        ("1_2_3.4_5", Val("123.45")),
        ("1_e5", Val("100000.0")),
        ("._5", Val("0.5")),
        ("5._0", Val("5.0")),
        ("+_1", Val("1.0")),
        ("in_f", Val(max)),
        ("i_n_f", Val(max)),
        ("n_an", Val("0.0")),
        (" 1_0", Error("parse")),
        ("1_0 ", Error("parse")),
        ("\t6_14", Error("parse")),
        ("1__0", Error("parse")),
        ("_1", Error("parse")),
        ("1_", Error("parse")),
        ("_.5", Error("parse")),
        (".5_", Error("parse")),
        ("", Error("parse")),
        ("  ", Error("parse")),
        ("abc", Error("parse")),
        ("1e", Error("parse")),
        ("infinit", Error("parse")),
        ("0x1p3", Error("parse")),
        ("1,5", Error("parse")),
        ("1.5f", Error("parse")),
        ("nan(1)", Error("parse")),
        ("\u{663}", Error("parse")),
        ("\u{ff15}", Error("parse")),
    ];
    table(
        "ungated",
        "KTRDR_API_CLIENT_HEALTH_CHECK_INTERVAL",
        "api_client",
        "health_check_interval",
        &rows,
    );
    table(
        "ungated",
        "KTRDR_API_CLIENT_TIMEOUT",
        "api_client",
        "timeout",
        &[
            ("inf", Val(max)),
            ("nan", Error("rule")),
            ("-0", Error("rule")),
            ("0", Error("rule")),
            ("-inf", Error("rule")),
            ("1e-400", Error("rule")),
        ],
    );
    table(
        "worker",
        "KTRDR_OPS_CACHE_TTL",
        "operations",
        "cache_ttl",
        &[
            ("-0", Val("-0.0")),
            ("-0.0", Val("-0.0")),
            ("-1e-400", Val("-0.0")),
            ("inf", Val(max)),
            ("nan", Error("rule")),
            ("-0.1", Error("rule")),
        ],
    );
}

/// SETTINGS.md §1.3: exact words, any ASCII case, never trimmed.
#[test]
fn booleans_as_pydantic_reads_them() {
    let mut rows: Vec<(&str, Want)> = Vec::new();
    for t in [
        "1", "t", "y", "on", "yes", "true", "TRUE", "True", "Yes", "oN",
    ] {
        rows.push((t, Val("true")));
    }
    for f in ["0", "f", "n", "no", "off", "false", "F", "OFF", "FaLsE"] {
        rows.push((f, Val("false")));
    }
    for bad in [
        "", " true ", "false ", "true\n", "\ttrue", " 1", "2", "-1", "+1", "00", "01", "1.0",
        "0.0", "enabled", "tru", "ye", "none", "null",
    ] {
        rows.push((bad, Error("parse")));
    }
    table("worker", "KTRDR_DB_ECHO", "database", "echo", &rows);
}

/// SETTINGS.md §1.6: Python `upper()`/`lower()`, never trimmed.
#[test]
fn validators_fold_case_and_never_trim() {
    let rejected = |values: &[&'static str]| -> Vec<(&'static str, Want)> {
        values.iter().map(|v| (*v, Error("parse"))).collect()
    };
    let mut level = vec![
        ("debug", Val("\"DEBUG\"")),
        ("Warning", Val("\"WARNING\"")),
        ("\u{131}nfo", Val("\"INFO\"")),
        ("warn\u{131}ng", Val("\"WARNING\"")),
    ];
    level.extend(rejected(&[" debug ", "debug\n", "INFO ", "", "warn"]));
    table("worker", "KTRDR_LOG_LEVEL", "logging", "level", &level);
    let mut environment = vec![
        ("Staging", Val("\"staging\"")),
        ("PRODUCTION", Val("\"production\"")),
    ];
    environment.extend(rejected(&[" production", "staging\n", "prod", ""]));
    table(
        "backend",
        "KTRDR_API_ENVIRONMENT",
        "api",
        "environment",
        &environment,
    );
    let mut mode = vec![("LIVE", Val("\"live\""))];
    mode.extend(rejected(&[" live", "l\u{131}ve", "paper"]));
    table("ungated", "KTRDR_GATE_MODE", "agent_gate", "mode", &mode);
}

/// SETTINGS.md §1.5: a JSON array of strings; anything else stops the
/// backend (a validation error, or a SettingsError that escapes the gate).
#[test]
fn lists_are_json_arrays_of_strings() {
    let mut rows: Vec<(&str, Want)> = vec![
        ("[\"a\",\"b\"]", Val("[\"a\",\"b\"]")),
        ("  [ \"a\" ]  ", Val("[\"a\"]")),
        ("[]", Val("[]")),
        // `json.loads` gives None: the field is unset, the default applies.
        ("null", Val("[\"*\"]")),
        (" null\n", Val("[\"*\"]")),
        ("\tnull\r", Val("[\"*\"]")),
    ];
    for bad in [
        "\"*\"",
        "NULL",
        "None",
        "\"abc\"",
        "123",
        "true",
        "{}",
        "[1]",
        "[\"a\",1]",
        "[null]",
        "*",
        "a,b",
        "",
        "[\"a\",\"b\",]",
        "[\"a\"]x",
    ] {
        rows.push((bad, Error("parse")));
    }
    table(
        "backend",
        "KTRDR_API_CORS_ORIGINS",
        "api",
        "cors_origins",
        &rows,
    );
    let unset = [("null", Val("[\"*\"]")), ("x", Error("parse"))];
    for (name, field) in [
        ("KTRDR_API_CORS_ALLOW_METHODS", "cors_allow_methods"),
        ("KTRDR_API_CORS_ALLOW_HEADERS", "cors_allow_headers"),
    ] {
        table("backend", name, "api", field, &unset);
    }
}

/// §1.5 and §2.1: a `null` list in the process environment leaves the
/// field unset there, so `.env.local` decides; the default only when no
/// source has a list.
#[test]
fn a_null_list_defers_to_the_next_source() {
    let vars = [("KTRDR_API_CORS_ORIGINS", "null")];
    let file = "KTRDR_API_CORS_ORIGINS=[\"https://a\"]\n";
    let v = explain("backend", &vars, Some(file));
    let origins = &v["api"]["cors_origins"];
    assert_eq!(origins["value"], json!(["https://a"]), "{origins}");
    assert_eq!(origins["source"], "file:.env.local:1", "{origins}");
    let v = explain("backend", &vars, Some("KTRDR_API_CORS_ORIGINS=null\n"));
    let origins = &v["api"]["cors_origins"];
    assert_eq!(origins["value"], json!(["*"]), "{origins}");
    assert_eq!(origins["source"], "default", "{origins}");
}

/// "How a name is resolved": names match in any case, in both sources;
/// the explicit names replace the prefix rule.
#[test]
fn names_are_case_insensitive_in_env_and_env_local() {
    for name in [
        "KTRDR_DB_HOST",
        "ktrdr_db_host",
        "Ktrdr_Db_Host",
        "db_host",
        "DB_HOST",
    ] {
        let v = explain("worker", &[(name, "h1")], None);
        assert_eq!(v["database"]["host"]["value"], "h1", "{name}");
        let line = format!("{name}=h2\n");
        let v = explain("worker", &[], Some(&line));
        assert_eq!(v["database"]["host"]["value"], "h2", "{name} in .env.local");
    }
    let v = explain("worker", &[("ktrdr_worker_id", "w-1")], None);
    assert_eq!(v["worker"]["worker_id"]["value"], "w-1");
}

/// §3.2: the classes each gate validates, in the service's order.
#[test]
fn each_component_checks_exactly_the_services_classes() {
    let rows: &[(&str, &[&str])] = &[
        (
            "worker",
            &[
                "database",
                "logging",
                "observability",
                "worker",
                "checkpoint",
                "orphan_detector",
                "operations",
            ],
        ),
        (
            "backend",
            &[
                "database",
                "api",
                "auth",
                "logging",
                "observability",
                "ib",
                "ib_host",
                "training_host",
            ],
        ),
        (
            "all",
            &[
                "database",
                "api",
                "auth",
                "logging",
                "observability",
                "ib",
                "ib_host",
                "training_host",
                "worker",
                "checkpoint",
                "orphan_detector",
                "operations",
            ],
        ),
        (
            "ungated",
            &[
                "api_client",
                "agent",
                "agent_trigger",
                "agent_gate",
                "data",
                "fred",
            ],
        ),
    ];
    let mut every = Vec::new();
    for (component, domains) in rows {
        let v = explain(component, &[], None);
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(&keys, domains, "{component}");
        every.extend(keys.iter().map(|k| k.to_string()));
    }
    every.sort();
    every.dedup();
    assert_eq!(every.len(), 18, "all 18 domains, between all and ungated");
    // The worker does not validate the API client: a bad value there
    // passes the worker gate (it fails at first use, in `ungated`).
    let bad = [
        ("KTRDR_API_CLIENT_TIMEOUT", "0"),
        ("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true"),
    ];
    assert_eq!(validate("worker", &bad, None).code, 0);
    assert_eq!(validate("ungated", &bad, None).code, 1);
}

/// §3.4: `KTRDR_ENV` and the acknowledgement, read from the process
/// environment only, by exact name, untrimmed.
#[test]
fn gate_switches_as_the_service_reads_them() {
    // (KTRDR_ENV value, production?)
    for (value, production) in [
        (None, false),
        (Some("production"), true),
        (Some("PRODUCTION"), true),
        (Some("Production"), true),
        (Some(" production"), false),
        (Some("production "), false),
        (Some("prod"), false),
        (Some("staging"), false),
        (Some(""), false),
    ] {
        let vars: Vec<(&str, &str)> = value.map(|v| ("KTRDR_ENV", v)).into_iter().collect();
        let out = validate("worker", &vars, None);
        let want = if production { 1 } else { 0 };
        assert_eq!(out.code, want, "KTRDR_ENV={value:?}: {}", out.json);
        if production {
            assert_eq!(
                codes(&out, "errors"),
                vec!["insecure-default", "insecure-default"]
            );
        }
    }
    // Lower-case name: not read; a warning says so.
    let out = validate("worker", &[("ktrdr_env", "production")], None);
    assert_eq!(out.code, 0);
    assert!(codes(&out, "warnings").contains(&"gate-switch-ignored".to_string()));
    // (acknowledgement value, silenced?)
    for (value, silenced) in [
        ("true", true),
        ("TRUE", true),
        ("True", true),
        ("1", false),
        ("yes", false),
        ("maybe", false),
        (" true", false),
    ] {
        let out = validate(
            "worker",
            &[("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", value)],
            None,
        );
        assert_eq!(out.code, 0, "never an error: {value:?}");
        let warned = codes(&out, "warnings").contains(&"insecure-default".to_string());
        assert_eq!(warned, !silenced, "{value:?}");
    }
    // Acknowledged production still fails.
    let out = validate(
        "worker",
        &[
            ("KTRDR_ENV", "production"),
            ("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true"),
        ],
        None,
    );
    assert_eq!(out.code, 1);
    // In .env.local: not read (a warning), and a key the database rejects.
    for line in [
        "KTRDR_ENV=production\n",
        "KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS=true\n",
    ] {
        let out = validate("worker", &[], Some(line));
        assert_eq!(codes(&out, "errors"), vec!["env-file-extra"], "{line}");
        assert!(codes(&out, "warnings").contains(&"gate-switch-ignored".to_string()));
        assert!(
            codes(&out, "warnings").contains(&"insecure-default".to_string()),
            "{line}"
        );
    }
    // The worker's JWT secret is checked in production too (oracle S28).
    let out = validate(
        "worker",
        &[("KTRDR_ENV", "production"), ("KTRDR_DB_PASSWORD", "real")],
        None,
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.json["errors"][0]["env"], "KTRDR_AUTH_JWT_SECRET");
}

/// §2.4: DatabaseSettings rejects any non-empty non-database key in
/// `.env.local`, so every gate fails; the API client reads no `.env.local`.
#[test]
fn env_local_extras_stop_every_gate_and_the_api_client_ignores_the_file() {
    let ack = [("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true")];
    for (text, extras) in [
        ("KTRDR_DB_HOST=h\ndb_port=5\n", &[][..]),
        (
            "ktrdr_otel_otlp_endpoint=http://x:4317\n",
            &["ktrdr_otel_otlp_endpoint"][..],
        ),
        (
            "KTRDR_IB_PORT=4001\nEMPTY=\nKEY_ONLY\n",
            &["KTRDR_IB_PORT"][..],
        ),
        ("KTRDR_AUTH_JWT_SECRET=s\n", &["KTRDR_AUTH_JWT_SECRET"][..]),
    ] {
        for component in ["worker", "backend", "all"] {
            let out = validate(component, &ack, Some(text));
            let envs: Vec<&str> = out.json["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["env"].as_str().unwrap())
                .collect();
            assert_eq!(envs, extras, "{component}: {text:?}");
            assert_eq!(
                out.code,
                i32::from(!extras.is_empty()),
                "{component}: {text:?}"
            );
            for e in out.json["errors"].as_array().unwrap() {
                let message = e["message"].as_str().unwrap();
                assert!(
                    message.contains("the service itself fails to start"),
                    "{message}"
                );
                assert!(message.contains("fix:"), "{message}");
            }
        }
    }
    let out = validate(
        "ungated",
        &ack,
        Some("KTRDR_API_CLIENT_TIMEOUT=0\nKTRDR_API_URL=x\n"),
    );
    assert_eq!(out.code, 0, "{}", out.json);
    let v = explain("ungated", &[], Some("KTRDR_API_CLIENT_TIMEOUT=0\n"));
    assert_eq!(v["api_client"]["timeout"]["source"], "default");
    // Other ungated classes do read it.
    let v = explain("ungated", &[], Some("KTRDR_FRED_RATE_LIMIT=7\n"));
    assert_eq!(v["fred"]["rate_limit"]["value"], 7);
}

/// §2.5 and §2.6: `.env.local` syntax and interpolation, through the
/// database host (the one class that accepts these keys there).
#[test]
fn env_local_syntax_and_interpolation() {
    let env = [("H", "env"), ("E", "")];
    for (text, host) in [
        ("KTRDR_DB_HOST=${H}\n", "env"),
        ("KTRDR_DB_HOST=${DB_NAME}\nDB_NAME=n\n", ""),
        ("DB_NAME=file\nKTRDR_DB_HOST=${DB_NAME}\n", "file"),
        ("KTRDR_DB_HOST=${NOPE:-dflt}\n", "dflt"),
        ("KTRDR_DB_HOST=${E:-dflt}\n", ""),
        ("KTRDR_DB_HOST=$H\n", "$H"),
        ("KTRDR_DB_HOST='${H}'\n", "env"),
        ("KTRDR_DB_HOST=${A:-${B}}\n", "${B}"),
        ("KTRDR_DB_HOST=a #c\n", "a"),
        ("KTRDR_DB_HOST=a#c\n", "a#c"),
        ("export KTRDR_DB_HOST = \"x\\ty\"\n", "x\ty"),
        ("  KTRDR_DB_HOST='it\\'s'\r\n", "it's"),
        ("KTRDR_DB_HOST\n", "localhost"),
        ("ktrdr_db_host=a\nKTRDR_DB_HOST=b\n", "b"),
    ] {
        let v = explain("worker", &env, Some(text));
        assert_eq!(v["database"]["host"]["value"], host, "{text:?}");
    }
    // A malformed line is skipped with a warning, as python-dotenv does;
    // the service starts. Its text is never echoed.
    let out = validate(
        "worker",
        &[("KTRDR_ACKNOWLEDGE_INSECURE_DEFAULTS", "true")],
        Some("KTRDR_DB_HOST=h\ncanary garbage line\nDB_PASSWORD='canary\n"),
    );
    assert_eq!(out.code, 0, "{}", out.json);
    assert_eq!(
        codes(&out, "warnings"),
        vec!["env-file-syntax", "env-file-syntax"]
    );
    assert!(!out.json.to_string().contains("canary"));
    // Process-env values are never expanded.
    let v = explain("worker", &[("KTRDR_DB_HOST", "${H}"), ("H", "x")], None);
    assert_eq!(v["database"]["host"]["value"], json!("${H}"));
}
