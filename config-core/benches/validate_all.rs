//! Benchmark: `validate_all(worker)` from a 40-variable injected environment
//! plus a `.env.local` file, including reading and lexing the file.
#![allow(missing_docs)]

use config_core::gate::validate_all;
use config_core::settings::Component;
use config_core::source::env::{EnvFile, Sources};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// 40 variables: worker-domain names (new and deprecated), backend names the
/// worker gate ignores, and unrelated process variables.
fn environment() -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = [
        ("KTRDR_WORKER_PORT", "5010"),
        ("KTRDR_WORKER_HEARTBEAT_INTERVAL", "15"),
        ("KTRDR_WORKER_REGISTRATION_TIMEOUT", "20"),
        ("KTRDR_WORKER_ENDPOINT_URL", "http://worker-1:5010"),
        ("WORKER_HEALTH_CHECK_INTERVAL", "12"),
        ("KTRDR_WORKER_HEALTH_CHECK_TIMEOUT", "4"),
        ("KTRDR_CHECKPOINT_EPOCH_INTERVAL", "5"),
        ("CHECKPOINT_DIR", "/data/checkpoints"),
        ("KTRDR_ORPHAN_TIMEOUT_SECONDS", "90"),
        ("KTRDR_OPS_CACHE_TTL", "0"),
        ("KTRDR_OPS_MAX_OPERATIONS", "5000"),
        ("KTRDR_DB_HOST", "db.internal"),
        ("KTRDR_DB_PASSWORD", "bench-secret"),
        ("DB_USER", "ktrdr_app"),
        ("KTRDR_LOG_LEVEL", "debug"),
        ("KTRDR_LOG_JSON_OUTPUT", "yes"),
        ("KTRDR_OTEL_ENABLED", "false"),
        ("OTLP_ENDPOINT", "http://otel:4317"),
        ("KTRDR_API_CLIENT_TIMEOUT", "12.5"),
        ("KTRDR_API_URL", "http://backend:8000/api/v1"),
        ("KTRDR_IB_PORT", "4001"),
        ("KTRDR_AUTH_JWT_SECRET", "bench-jwt"),
        ("KTRDR_API_PORT", "8001"),
        ("USE_IB_HOST_SERVICE", "true"),
        ("KTRDR_ENV", "development"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for i in 0..15 {
        vars.push((format!("UNRELATED_VAR_{i}"), format!("value-{i}")));
    }
    vars
}

const ENV_LOCAL: &str = "\
# local overrides
KTRDR_WORKER_REMOVAL_THRESHOLD=600
KTRDR_CHECKPOINT_MAX_AGE_DAYS=14
export KTRDR_DB_NAME=ktrdr_bench
KTRDR_DB_ECHO=off
WORKER_PORT=5999
KTRDR_OPS_RETENTION_DAYS=3
KTRDR_API_CLIENT_MAX_RETRIES=5
KTRDR_LOG_FORMAT=\"%(levelname)s %(message)s\"
";

fn bench(c: &mut Criterion) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join(".env.local");
    if std::fs::write(&path, ENV_LOCAL).is_err() {
        return;
    }
    let vars = environment();
    assert_eq!(vars.len(), 40);
    let file = EnvFile::Optional(path);
    // The whole startup cost: build the sources (copy the environment, read
    // and lex the file), gate, drop everything.
    c.bench_function("validate_all(worker), 40 vars + .env.local", |b| {
        b.iter(|| {
            let sources = Sources::from_env_and_file(vars.iter().cloned(), &file);
            let result = sources.map(|s| validate_all(Component::Worker, &s).is_ok());
            black_box(result)
        })
    });
    // The gate alone, over sources read once.
    let Ok(sources) = Sources::from_env_and_file(vars.iter().cloned(), &file) else {
        return;
    };
    c.bench_function("validate_all(worker), sources read once", |b| {
        b.iter(|| black_box(validate_all(Component::Worker, black_box(&sources)).is_ok()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
