//! The worked example of a third service (`examples/shop_service.rs`):
//! its own domains, rename, secret and gate policy, run through the engine
//! on injected sources.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[allow(dead_code)]
#[path = "../examples/shop_service.rs"]
mod example;

use config_core::settings::docs::{json_schema, markdown};
use config_core::source::env::{EnvFile, Sources};
use std::process::ExitCode;

fn run(vars: &[(&str, &str)]) -> (ExitCode, String, String) {
    let sources = Sources::from_env_and_file(vars.iter().copied(), &EnvFile::None).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = example::start(&sources, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn defaults_start_with_a_sandbox_warning() {
    let (code, out, err) = run(&[]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(
        out,
        "shop listening on 0.0.0.0:8080 (payments sandbox, key ****)\n"
    );
    assert!(
        err.contains("'SHOP_PAY_API_KEY' is still the insecure development default"),
        "{err}"
    );
    assert!(err.contains("SHOP_ACCEPT_SANDBOX=true"), "{err}");
}

#[test]
fn the_renamed_variable_is_read_with_a_warning_and_never_printed() {
    let (code, out, err) = run(&[("PAYMENT_KEY", "canary-key"), ("SHOP_ENV", "prod")]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(
        err.contains("'PAYMENT_KEY' is deprecated. Use 'SHOP_PAY_API_KEY' instead."),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains("canary-key"));
}

#[test]
fn the_gate_collects_every_error_and_applies_the_services_policy() {
    let (code, out, err) = run(&[
        ("SHOP_ENV", "PROD"),
        ("SHOP_HTTP_PORT", "0"),
        ("SHOP_PAY_MODE", "paper"),
    ]);
    assert_eq!(code, ExitCode::from(1));
    assert!(out.is_empty());
    assert!(
        err.starts_with("CONFIGURATION ERROR: 3 configuration errors for component 'web'"),
        "{err}"
    );
    assert!(err.contains("http.port: must be between 1 and 65535, got '0' (SHOP_HTTP_PORT from env:SHOP_HTTP_PORT)"), "{err}");
    assert!(
        err.contains("payments.mode: must be one of sandbox, live, got 'paper'"),
        "{err}"
    );
    assert!(err.contains("'SHOP_PAY_API_KEY' is still the insecure development default; SHOP_ENV=prod requires a real value"), "{err}");
    // KTRDR's policy variables mean nothing to the shop.
    let (code, _, err) = run(&[("KTRDR_ENV", "production"), ("SHOP_PAY_API_KEY", "real")]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
}

#[test]
fn docs_and_schema_come_from_the_same_declaration() {
    let md = markdown(&example::SHOP);
    assert!(md.contains("### payments — prefix `SHOP_PAY_`"), "{md}");
    assert!(
        md.contains(
            "| `SHOP_PAY_API_KEY` | secret | `sandbox-key` (insecure) |  | `PAYMENT_KEY` |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| `SHOP_HTTP_PORT` | integer | `8080` | 1..=65535 |  | Bind port. |"),
        "{md}"
    );
    let schema = json_schema(&example::SHOP);
    let key = &schema.as_value()["properties"]["SHOP_PAY_API_KEY"];
    assert_eq!(key["writeOnly"], true);
    assert_eq!(key["x-deprecated-names"][0], "PAYMENT_KEY");
    assert_eq!(
        schema.as_value()["properties"]["SHOP_PAY_MODE"]["enum"][1],
        "live"
    );
}
