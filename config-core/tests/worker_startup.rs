//! The documented worker entry point (`examples/worker_startup.rs`): warn
//! about deprecated names, run the gate, exit 1 before starting when the
//! configuration is bad. The example's own `start` runs here on injected
//! sources, so a change to the example's behaviour fails this test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

// `main` (and its stderr logger) read the process; only `start` is used.
#[allow(dead_code)]
#[path = "../examples/worker_startup.rs"]
mod example;

use config_core::source::env::{EnvFile, Sources};
use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::Mutex;

/// Every warning logged through the `log` facade.
static LOGGED: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record<'_>) {
        LOGGED.lock().unwrap().push(record.args().to_string());
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture;

fn start(sources: &Sources) -> (ExitCode, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = example::start(sources, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn env(vars: &[(&str, &str)]) -> Sources {
    Sources::from_env_and_file(vars.iter().copied(), &EnvFile::None).unwrap()
}

// One test: the logger and the gate's once-per-process warning memory are
// global, so the steps run in order.
#[test]
fn warns_then_starts_or_exits_1_before_starting() {
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Warn);

    // A deprecated name: warned through `log`, then the worker starts.
    let (code, out, err) = start(&env(&[("WORKER_PORT", "5010")]));
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(
        out.starts_with("worker starting on port 5010 (backend http://localhost:8000/api/v1"),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    let logged = LOGGED.lock().unwrap().clone();
    assert!(
        logged
            .iter()
            .any(|w| w.contains("'WORKER_PORT' is deprecated. Use 'KTRDR_WORKER_PORT'")),
        "{logged:?}"
    );
    // The insecure default database password is warned about, not fatal.
    assert!(
        logged
            .iter()
            .any(|w| w.contains("'KTRDR_DB_PASSWORD' is still the insecure development default")),
        "{logged:?}"
    );

    // Bad values: exit 1, every problem listed, nothing started.
    let (code, out, err) = start(&env(&[
        ("KTRDR_WORKER_PORT", "70000"),
        ("KTRDR_OPS_CACHE_TTL", "-1"),
    ]));
    assert_eq!(code, ExitCode::from(1));
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("CONFIGURATION ERROR: 2 configuration errors for component 'worker'"),
        "{err}"
    );
    assert!(
        err.contains("worker.port:") && err.contains("operations.cache_ttl:"),
        "{err}"
    );

    // Production with the insecure default password: exit 1.
    let (code, _, err) = start(&env(&[("KTRDR_ENV", "production")]));
    assert_eq!(code, ExitCode::from(1));
    assert!(err.contains("KTRDR_DB_PASSWORD"), "{err}");

    // A value that is not UTF-8 (as `Sources::from_process` reads it): exit 1.
    use std::os::unix::ffi::OsStringExt;
    let vars = [(
        OsString::from("KTRDR_WORKER_PORT"),
        OsString::from_vec(vec![0xff]),
    )];
    let sources = Sources::from_env_os_and_file(vars, &EnvFile::None).unwrap();
    let (code, out, err) = start(&sources);
    assert_eq!(code, ExitCode::from(1));
    assert!(out.is_empty() && err.contains("not valid UTF-8"), "{err}");
}
