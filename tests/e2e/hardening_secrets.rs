//! One canary in every secret: settings secrets (process env and
//! `.env.local`) and scenario credentials (db-query `connection.password`,
//! Redis input/output `password`, a secret-named bee env variable). Every
//! command runs in every output format on valid and invalid inputs; the
//! canary must appear in no stdout or stderr.

use crate::common::cfgate;
use std::path::Path;

const CANARY: &str = "canary-5eb1-hard";

/// A valid scenario (the redis-loop example plus a db-query bee) holding the
/// canary in every credential field.
fn valid_scenario() -> String {
    let example = std::fs::read_to_string(
        crate::common::workspace_root().join("examples/scenarios/redis-loop.yaml"),
    )
    .unwrap();
    let with_passwords = example
        .replace(
            "            port: 6379\n            ssl: false\n            listName: \"\"",
            &format!("            port: 6379\n            ssl: false\n            password: {CANARY}\n            listName: \"\""),
        )
        .replace(
            "            sourceStep: LAST",
            &format!("            password: \"{CANARY}\"\n            sourceStep: LAST"),
        );
    assert_eq!(with_passwords.matches(CANARY).count(), 2, "example changed");
    let db_bee = format!(
        r#"  bees:
    - role: query
      image: ghcr.io/example/pockethive/db-query:0.15
      work: {{}}
      env: {{ DB_PASSWORD: {CANARY} }}
      config:
        adapter: POSTGRES
        templateRoot: /t
        serviceId: db
        queryId: q
        threadCount: 1
        queryTimeoutMs: 1000
        connection: {{ jdbcUrl: "jdbc:postgresql://db/x", username: app, password: '{CANARY}' }}
        pool: {{ maxSize: 4, minIdle: 1, connectionTimeoutMs: 1, validationTimeoutMs: 1, idleTimeoutMs: 1, maxLifetimeMs: 1 }}
        retry: {{ maxAttempts: 3, initialBackoffMs: 10, backoffMultiplier: 2.0, maxBackoffMs: 100, on: [SQLSTATE_CLASS_08] }}
"#
    );
    with_passwords.replacen("  bees:\n", &db_bee, 1)
}

/// Invalid in many ways, with the canary next to (and inside) the problems.
fn invalid_scenario() -> String {
    format!(
        r#"protocolVersion: "2.0.0"
id: canary-bad
template:
  bees:
    - id: query
      image: ghcr.io/example/pockethive/db-query:0.15
      config:
        pockethive:
          worker:
            config:
              connection: {{ url: 5, password: {CANARY}, user: [x] }}
        surprise: {CANARY}-not-secret-but-near
      env: {{ KTRDR_DB_PASSWORD: {CANARY} }}
    - role: feeder
      image: ghcr.io/example/pockethive/generator:0.15
      config:
        inputs:
          type: REDIS_DATASET
          redis: {{ password: {CANARY}, port: "nope" }}
          redis: {{ password: {CANARY} }}
"#
    )
    .replace(&format!("{CANARY}-not-secret-but-near"), "near")
}

/// A valid generator config with the canary as its Redis password.
fn ph_base() -> String {
    format!(
        "inputs:\n  type: REDIS_DATASET\n  redis: {{host: r, port: 6379, ssl: false, password: {CANARY}, \
         listName: l, sources: [], pickStrategy: ROUND_ROBIN, ratePerSec: 1}}\n\
         outputs:\n  type: RABBITMQ\nmessage:\n  bodyType: SIMPLE\n  body: hi\n"
    )
}

/// A worker settings file with the canary in secret-named keys (a
/// placeholder's default among them).
fn ph_application() -> String {
    format!(
        "pockethive:\n  control-plane:\n    swarm-id: s\n    instance-id: i\n    \
         password: ${{NOPE:{CANARY}}}\n    worker:\n      role: [r]\n      token: {CANARY}\n"
    )
}

fn broken_yaml() -> String {
    format!("a: [1,\npassword: {CANARY}\nb: {{password: {CANARY}\n")
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn canary_appears_in_no_output_of_any_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "valid.yaml", &valid_scenario());
    write(d, "invalid.yaml", &invalid_scenario());
    write(d, "broken.yaml", &broken_yaml());
    write(
        d,
        ".env.local",
        &format!(
            "DB_PASSWORD={CANARY}\nKTRDR_DB_PASSWORD='{CANARY}'\nKTRDR_AUTH_JWT_SECRET=\"{CANARY}\"\n\
             KTRDR_DB_PASSWORD: {CANARY}=oops\nKTRDR_AUTH_JWT_SECRET='{CANARY}\n"
        ),
    );
    write(
        d,
        "compose.yaml",
        &format!("services:\n  w:\n    environment:\n      DB_PASSWORD: {CANARY}\n      - JWT_SECRET={CANARY}\n"),
    );
    write(
        d,
        "old.env",
        &format!("DB_PASSWORD={CANARY}\nKTRDR_DB_PASSWORD={CANARY}x\nDB_HOST=h\n"),
    );

    let mut commands: Vec<Vec<String>> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    for format in ["human", "json", "github", "sarif", "junit"] {
        for file in ["valid.yaml", "invalid.yaml", "broken.yaml", "."] {
            commands.push(s(&["check", "--format", format, file]));
            commands.push(s(&["check", "--strict", "--format", format, file]));
        }
    }
    for file in ["valid.yaml", "invalid.yaml", "broken.yaml"] {
        commands.push(s(&["plan", file]));
    }
    for component in ["worker", "backend", "all"] {
        for format in ["human", "json"] {
            commands.push(s(&[
                "validate",
                "--component",
                component,
                "--format",
                format,
            ]));
            commands.push(s(&[
                "explain",
                "--component",
                component,
                "--format",
                format,
            ]));
        }
    }
    for format in ["human", "json", "markdown"] {
        commands.push(s(&["deprecations", "--format", format]));
    }
    for mode in ["--check", "--diff"] {
        for format in ["human", "json"] {
            for file in [
                "valid.yaml",
                "invalid.yaml",
                "compose.yaml",
                "old.env",
                ".env.local",
                ".",
            ] {
                commands.push(s(&["migrate", mode, "--format", format, file]));
            }
        }
    }
    commands.push(s(&["schema", "--check"]));
    // PocketHive worker runtime config: patches and the settings file.
    write(d, "ph-base.yaml", &ph_base());
    write(
        d,
        "ph-patch.yaml",
        &format!("inputs:\n  redis: {{password: {CANARY}-new}}\n"),
    );
    write(
        d,
        "ph-bad-patch.yaml",
        &format!("inputs:\n  redis: {{password: [{CANARY}], port: \"nope\"}}\n"),
    );
    for patch in ["ph-patch.yaml", "ph-bad-patch.yaml", "broken.yaml"] {
        for started in [None, Some("--started")] {
            let mut args = s(&[
                "patch",
                "--image",
                "generator:latest",
                "--base",
                "ph-base.yaml",
            ]);
            args.extend(started.map(str::to_string));
            args.push(patch.to_string());
            commands.push(args);
        }
    }
    write(d, "application.yml", &ph_application());
    for config in ["application.yml", "broken.yaml"] {
        for command in ["validate", "explain"] {
            for format in ["human", "json"] {
                commands.push(s(&[
                    command,
                    "--component",
                    "pockethive-worker",
                    "--config",
                    config,
                    "--format",
                    format,
                ]));
            }
        }
    }

    let setups: Vec<Vec<(&str, &str)>> = vec![
        vec![],
        vec![
            ("KTRDR_DB_PASSWORD", CANARY),
            ("KTRDR_AUTH_JWT_SECRET", CANARY),
        ],
        vec![
            ("DB_PASSWORD", CANARY),
            ("KTRDR_ENV", "production"),
            ("KTRDR_WORKER_PORT", "x"),
        ],
    ];
    let mut runs = 0;
    let mut exit_codes = std::collections::BTreeSet::new();
    for vars in &setups {
        for args in &commands {
            let mut cmd = cfgate();
            cmd.current_dir(d).args(args);
            for (k, v) in vars {
                cmd.env(k, v);
            }
            let out = cmd.output().unwrap();
            exit_codes.insert(out.status.code());
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !text.contains(CANARY),
                "canary printed by {args:?} with {vars:?}:\n{text}"
            );
            runs += 1;
        }
    }
    // The runs covered successes and failures, so error paths were exercised.
    assert!(
        exit_codes.contains(&Some(0)) && exit_codes.contains(&Some(1)),
        "{exit_codes:?}"
    );
    assert!(runs > 200, "{runs}");
}

/// The canary test can fail: a non-secret field holding the canary does show.
#[test]
fn a_non_secret_field_is_shown_so_the_canary_test_is_live() {
    let dir = tempfile::tempdir().unwrap();
    let valid = valid_scenario();
    write(dir.path(), "valid.yaml", &valid);
    let out = cfgate()
        .current_dir(dir.path())
        .args(["plan", "valid.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = valid.replace("username: app", &format!("username: {CANARY}"));
    write(dir.path(), "shown.yaml", &shown);
    let out = cfgate()
        .current_dir(dir.path())
        .args(["plan", "shown.yaml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(CANARY));
}
