//! A canary secret must appear in no output of any command and format.

use crate::common::cfgate;

const CANARY: &str = "canary-9d1e-s3cr3t";
const CANARY_FILE: &str = "canary-file-77ab";

/// Every command and format, run with the canary in every secret variable
/// (new and deprecated names, process env and `.env.local`), in both a valid
/// and an invalid setup, in development and production.
#[test]
fn canary_secret_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".env.local"),
        format!(
            "KTRDR_DB_PASSWORD={CANARY_FILE}\nDB_PASSWORD='{CANARY_FILE}'\n\
             KTRDR_AUTH_JWT_SECRET=\"{CANARY_FILE}\"\n\
             KTRDR_DB_PASSWORD: {CANARY_FILE}=oops\nKTRDR_AUTH_JWT_SECRET='{CANARY_FILE}\n"
        ),
    )
    .unwrap();
    let commands: Vec<Vec<&str>> = {
        let mut c = Vec::new();
        for component in ["worker", "backend", "all"] {
            for format in ["human", "json"] {
                c.push(vec![
                    "validate",
                    "--component",
                    component,
                    "--format",
                    format,
                ]);
                c.push(vec![
                    "explain",
                    "--component",
                    component,
                    "--format",
                    format,
                ]);
            }
        }
        for format in ["human", "json", "markdown"] {
            c.push(vec!["deprecations", "--format", format]);
        }
        c.push(vec!["completions", "bash"]);
        c.push(vec!["--help"]);
        c
    };
    let setups: Vec<Vec<(&str, &str)>> = vec![
        vec![("DB_PASSWORD", CANARY)],
        vec![
            ("KTRDR_DB_PASSWORD", CANARY),
            ("DB_PASSWORD", "other"),
            ("KTRDR_AUTH_JWT_SECRET", CANARY),
        ],
        vec![
            ("KTRDR_DB_PASSWORD", CANARY),
            ("KTRDR_WORKER_PORT", "0"),
            ("KTRDR_ENV", "production"),
        ],
        vec![("KTRDR_ENV", "production")],
        vec![
            ("DB_PASSWORD", CANARY),
            ("KTRDR_AUTH_JWT_SECRET", CANARY),
            ("KTRDR_ENV", "production"),
            ("KTRDR_IB_PORT", "x"),
        ],
    ];
    let mut runs = 0;
    for vars in &setups {
        for args in &commands {
            for with_file in [true, false] {
                let mut cmd = cfgate();
                if with_file {
                    cmd.current_dir(dir.path());
                } else {
                    cmd.current_dir(std::env::temp_dir());
                }
                cmd.args(args);
                for (k, v) in vars {
                    cmd.env(k, v);
                }
                let out = cmd.output().unwrap();
                let text = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                let leaked = text.contains(CANARY) || text.contains(CANARY_FILE);
                assert!(!leaked, "secret printed by {args:?} with {vars:?}:\n{text}");
                runs += 1;
            }
        }
    }
    assert!(runs > 100);
}
