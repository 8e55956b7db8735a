//! One canary in every secret: settings secrets (process env and
//! `.env.local`), URL passwords in settings, scenario credentials (db-query
//! `connection.password`, Redis input/output `password`, a secret-named bee
//! env variable, a trigger's `Authorization` and `Cookie` headers, the
//! password of URL-shaped values: `amqp://`, `jdbc:postgresql://`,
//! `redis://:pw@`, `?access_token=`), and env/compose files to migrate. Every
//! command runs in every output format on valid and invalid inputs, including
//! `migrate --write` (on a fresh copy each time); the canary must appear in
//! no stdout or stderr.

use crate::common::cfgate;
use std::path::Path;

const CANARY: &str = "canary-5eb1-hard";

/// A valid scenario (the redis-loop example plus a db-query bee) holding the
/// canary in every credential field.
fn valid_scenario() -> String {
    let example = std::fs::read_to_string(
        crate::common::workspace_root().join("examples/scenarios/redis-loop/scenario.yaml"),
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
    - role: hook
      image: ghcr.io/example/pockethive/trigger:0.15
      work: {{}}
      env:
        AMQP_URL: "amqp://user:{CANARY}@rabbit:5672/vh"
        REDIS_URL: "redis://:{CANARY}@redis:6379/0"
      config:
        intervalMs: 1000
        singleRequest: false
        actionType: rest
        url: "https://hook:{CANARY}@api.internal/hook?access_token={CANARY}"
        method: POST
        body: "{{}}"
        headers: {{ Authorization: "Bearer {CANARY}", Cookie: "session={CANARY}", X-Trace: t }}
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
        connection: {{ jdbcUrl: "jdbc:postgresql://app:{CANARY}@db/x", username: app, password: '{CANARY}' }}
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
    write(d, "compose.yaml", &compose());
    write(
        d,
        "old.env",
        &format!(
            "DB_PASSWORD={CANARY}\nKTRDR_DB_PASSWORD={CANARY}x\nDB_HOST=h\n\
             AMQP_URL=amqp://user:{CANARY}@rabbit\nKTRDR_API_URL=http://svc:{CANARY}@backend/api\n"
        ),
    );
    // No conflict: `--write` rewrites it (old.env has one and is left alone).
    write(
        d,
        "write.env",
        &format!("DB_PASSWORD={CANARY}\nAMQP_URL=amqp://user:{CANARY}@rabbit\nDB_HOST=h\n"),
    );
    assert_compose_is_valid(d);

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
    for mode in ["--check", "--diff", "--write"] {
        for format in ["human", "json"] {
            for file in [
                "valid.yaml",
                "invalid.yaml",
                "compose.yaml",
                "old.env",
                "write.env",
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

    let otel_url = format!("http://otel:{CANARY}@collector:4317");
    let api_url = format!("https://svc:{CANARY}@backend/api/v1");
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
        vec![
            ("KTRDR_OTEL_OTLP_ENDPOINT", &otel_url),
            ("KTRDR_API_URL", &api_url),
            ("KTRDR_WORKER_PORT", &api_url),
        ],
    ];
    let mut runs = 0;
    let (mut written_env, mut written_compose) = (0, 0);
    let mut exit_codes = std::collections::BTreeSet::new();
    for vars in &setups {
        for args in &commands {
            // `--write` rewrites the files: each run gets a fresh copy.
            let copy = args.iter().any(|a| a == "--write").then(|| fresh_copy(d));
            let mut cmd = cfgate();
            cmd.current_dir(copy.as_ref().map_or(d, |c| c.path()))
                .args(args);
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
            if let Some(copy) = &copy {
                let read = |name: &str| std::fs::read_to_string(copy.path().join(name)).unwrap();
                written_env += usize::from(read("write.env").contains("\nKTRDR_DB_HOST=h\n"));
                written_compose +=
                    usize::from(read("compose.yaml").contains(" KTRDR_DB_HOST: h\n"));
            }
            runs += 1;
        }
    }
    // The runs covered successes and failures, so error paths were exercised.
    assert!(
        exit_codes.contains(&Some(0)) && exit_codes.contains(&Some(1)),
        "{exit_codes:?}"
    );
    assert!(runs > 200, "{runs}");
    // `migrate --write` did rewrite files (so its output was the real one).
    assert!(
        written_env > 0 && written_compose > 0,
        "--write runs: {written_env} wrote write.env, {written_compose} compose.yaml"
    );
}

/// A valid compose file: map and list `environment:` forms, a secret and a
/// URL password next to renamed variables (so they sit in diff hunks).
fn compose() -> String {
    format!(
        "services:\n  w:\n    image: w\n    environment:\n      DB_PASSWORD: {CANARY}\n      \
         AMQP_URL: amqp://user:{CANARY}@rabbit:5672\n      DB_HOST: h\n  x:\n    image: x\n    \
         environment:\n      - JWT_SECRET={CANARY}\n      - KTRDR_API_URL=http://svc:{CANARY}@backend/api\n      \
         - IB_HOST=ib\n"
    )
}

/// The compose file parses and migrates without problems (the matrix must
/// not only exercise an error path).
fn assert_compose_is_valid(dir: &Path) {
    let out = cfgate()
        .current_dir(dir)
        .args(["migrate", "--check", "--format", "json", "compose.yaml"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["kind"], "compose", "{report:#}");
    // PH506 (an old name service code still reads directly) is a note.
    let problems: Vec<&serde_json::Value> = file["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] != "PH506")
        .collect();
    assert!(problems.is_empty(), "{report:#}");
    assert_eq!(file["changes"].as_array().unwrap().len(), 4, "{report:#}");
}

/// A copy of every file of `dir` (flat) in a new temporary directory.
fn fresh_copy(dir: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    copy
}

/// The canary test can fail: every path it covers does print values, so
/// the canary moved to a non-secret place (a user name, a non-secret header,
/// a URL's user rather than its password, a non-secret variable) shows.
#[test]
fn a_non_secret_field_is_shown_so_the_canary_test_is_live() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let valid = valid_scenario();
    write(d, "valid.yaml", &valid);
    let out = cfgate()
        .current_dir(d)
        .args(["plan", "valid.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = String::from_utf8(out.stdout).unwrap();
    // The masked places are in the plan, masked.
    for masked in [
        "\"Authorization\": \"****\"",
        "\"Cookie\": \"****\"",
        "\"X-Trace\": \"t\"",
        "amqp://user:****@rabbit:5672/vh",
        "redis://:****@redis:6379/0",
        "https://hook:****@api.internal/hook?access_token=****",
        "jdbc:postgresql://app:****@db/x",
    ] {
        assert!(plan.contains(masked), "{masked} not in {plan}");
    }
    // The canary leaves every secret place (a secret's value is masked
    // wherever it appears, so it must not be one here).
    let shown = valid
        .replace(CANARY, "s3cret-elsewhere")
        .replace("username: app", &format!("username: {CANARY}-user"))
        .replace("X-Trace: t", &format!("X-Trace: {CANARY}-header"))
        .replace(
            "amqp://user:s3cret-elsewhere@",
            &format!("amqp://{CANARY}-url:pw@"),
        );
    write(d, "shown.yaml", &shown);
    let out = cfgate()
        .current_dir(d)
        .args(["plan", "shown.yaml"])
        .output()
        .unwrap();
    let plan = String::from_utf8(out.stdout).unwrap();
    for place in ["-user", "-header", "-url:****@"] {
        assert!(
            plan.contains(&format!("{CANARY}{place}")),
            "{place}: {plan}"
        );
    }

    // migrate --diff and explain print values: a non-secret one shows.
    write(
        d,
        "old.env",
        &format!("DB_HOST={CANARY}\nAMQP_URL=amqp://{CANARY}:pw@rabbit\n"),
    );
    let out = cfgate()
        .current_dir(d)
        .args(["migrate", "--diff", "old.env"])
        .output()
        .unwrap();
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains(&format!("+KTRDR_DB_HOST={CANARY}"))
            && diff.contains(&format!(" AMQP_URL=amqp://{CANARY}:****@rabbit")),
        "{diff}"
    );
    let out = cfgate()
        .current_dir(d)
        .args(["explain", "--component", "worker"])
        .env(
            "KTRDR_OTEL_OTLP_ENDPOINT",
            format!("http://{CANARY}:pw@otel:4317"),
        )
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains(&format!("http://{CANARY}:****@otel:4317")),
        "{table}"
    );
}

/// The forms of issue 17: names the rule used to miss, credentials known by
/// their shape, values that run onto later lines (diff context), malformed
/// env lines, a misspelled secret key beside its did-you-mean, and a YAML
/// alias of a secret. Every command that reads them, in every format.
#[test]
fn every_new_secret_form_is_masked_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = format!(
        r#"protocolVersion: "2.0.0"
id: forms
name: forms
description: d
template:
  image: swarm-controller:latest
  bees:
    - role: hook
      image: ghcr.io/example/pockethive/trigger:0.15
      work: {{}}
      env:
        MYSQL_PWD: {CANARY}
        DB_PASS: {CANARY}
        PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\n{CANARY}\n-----END PRIVATE KEY-----"
        GIT_URL: https://{CANARY}@git.example/repo
      config:
        intervalMs: 1000
        singleRequest: false
        actionType: rest
        url: "https://api.internal/hook"
        method: POST
        body: "{{}}"
        headers: {{ X-Api-Key: {CANARY}, Api-Key: {CANARY}, api-key: {CANARY}, X-Auth: "Bearer {CANARY}", X-Trace: t }}
        pasword: {CANARY}
        secretToken: &tok {CANARY}-alias
        retries: *tok
        note: *tok
"#
    );
    write(d, "forms.yaml", &scenario);
    write(
        d,
        ".env.local",
        &format!(
            "KTRDR_DB_PASSWORD:{CANARY}=x\n{CANARY} wrapped=x\nKTRDR_AUTH_JWT_SECRET=\"{CANARY}\n{CANARY}-line2\"\nKTRDR_DB_HOST=h\n"
        ),
    );
    write(
        d,
        "old.env",
        &format!(
            "DB_PASSWORD=\"{CANARY}\n{CANARY}-2\n{CANARY}-3\"\nDB_HOST=h\nX_API_KEY={CANARY}\nDB_PASS={CANARY}\n"
        ),
    );
    write(
        d,
        "compose.yaml",
        &format!(
            "services:\n  w:\n    image: w\n    x-conn: {{password: {CANARY}, port: 1}}\n    x-token: |\n      {CANARY}\n    environment:\n      \
             DB_PASSWORD: >-\n        {CANARY}\n        {CANARY}-folded\n      DB_HOST: h\n      MYSQL_PWD: {CANARY}\n"
        ),
    );
    write(d, "ph-base.yaml", &ph_base());
    write(
        d,
        "ph-patch.yaml",
        &format!("inputs:\n  redis: {{pasword: {CANARY}, Api-Key: {CANARY}}}\n"),
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut commands: Vec<Vec<String>> = Vec::new();
    for format in ["human", "json", "github", "sarif", "junit"] {
        commands.push(s(&["check", "--format", format, "forms.yaml"]));
        commands.push(s(&["check", "--strict", "--format", format, "forms.yaml"]));
    }
    commands.push(s(&["plan", "forms.yaml"]));
    for mode in ["--check", "--diff"] {
        for format in ["human", "json"] {
            for file in ["old.env", "compose.yaml", ".env.local", "forms.yaml"] {
                commands.push(s(&["migrate", mode, "--format", format, file]));
            }
        }
    }
    for command in ["validate", "explain"] {
        for format in ["human", "json"] {
            commands.push(s(&[command, "--component", "all", "--format", format]));
        }
    }
    for strict in [None, Some("--strict")] {
        for started in [None, Some("--started")] {
            let mut args = s(&[
                "patch",
                "--image",
                "generator:latest",
                "--base",
                "ph-base.yaml",
            ]);
            args.extend(strict.map(str::to_string));
            args.extend(started.map(str::to_string));
            args.push("ph-patch.yaml".into());
            commands.push(args);
        }
    }
    let mut diffs = 0;
    for args in &commands {
        let out = cfgate().current_dir(d).args(args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !text.contains(CANARY),
            "canary printed by {args:?}:\n{text}"
        );
        diffs += usize::from(text.contains("+++ b/"));
    }
    // The diffs were made (so their context lines were printed, masked).
    assert!(diffs >= 2, "{diffs} diffs");
}

/// Two secret values and a finding quoting them: masking used to panic
/// when a file held more than one secret value (found by the bundle fuzz
/// target). Here the values are worker kinds, which PH200's fix lists.
#[test]
fn a_finding_quoting_several_secret_values_masks_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "two.yaml",
        "protocolVersion: \"2.0.0\"\nid: two\nname: two\ntemplate:\n  image: swarm-controller:latest\n  \
         bees:\n    - role: a\n      image: unknown-kind:latest\n      work: {}\n      env:\n        \
         PASSWORD: generator\n        API_TOKEN: processor\n",
    );
    let out = cfgate()
        .current_dir(d)
        .args(["check", "--format", "json", "two.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("PH200") && stdout.contains("db-query, ****, http-sequence"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("generator") && !stdout.contains("processor"),
        "{stdout}"
    );
}
