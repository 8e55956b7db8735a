//! Old KTRDR names set in shell scripts (`export OLD=…`) and Dockerfiles
//! (`ENV OLD=…`, `ENV OLD value`): reported by `cfgate migrate`, never
//! rewritten (a script may feed a direct reader, and quoting rules differ).
//! Each finding names the line and the replacement; values are not shown.
//!
//! Example: the unit test `doc_examples::scan`.

use super::codes;
use crate::deprecation::registry;
use crate::finding::{Finding, Position};

/// `export OLD=…` (and `export A=1 OLD=2`) lines of a shell script.
pub(crate) fn scan_shell(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix("export") else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let offset = line.len() - rest.len();
        for (at, word) in words(rest) {
            let name = word.split('=').next().unwrap_or("");
            report(name, index + 1, offset + at, "set by `export`", &mut found);
        }
    }
    found
}

/// `ENV OLD=…` / `ENV OLD value` instructions of a Dockerfile.
pub(crate) fn scan_dockerfile(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed
            .get(..3)
            .filter(|head| head.eq_ignore_ascii_case("ENV"))
            .and_then(|_| trimmed.get(3..))
        else {
            continue;
        };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let offset = line.len() - rest.len();
        let words = words(rest);
        let pairs = words.first().is_some_and(|(_, w)| w.contains('='));
        for (at, word) in if pairs {
            &words[..]
        } else {
            words.get(..1).unwrap_or(&[])
        } {
            let name = word.split('=').next().unwrap_or("");
            report(name, index + 1, offset + at, "set by `ENV`", &mut found);
        }
    }
    found
}

/// White-space separated words with their byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, text.get(s..i).unwrap_or("")));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.get(s..).unwrap_or("")));
    }
    out
}

fn report(name: &str, line: usize, byte: usize, how: &str, found: &mut Vec<Finding>) {
    let Some(rename) = registry().by_old(name) else {
        return;
    };
    let reader = super::readers::direct_reader(name)
        .map(|r| format!("; service code also reads '{name}' directly ({})", r.reader))
        .unwrap_or_default();
    found.push(
        Finding::warning(
            codes::SCRIPT_OLD_NAME,
            format!(
                "'{name}' is deprecated (new name '{}') and {how} here; cfgate migrate does \
                 not rewrite scripts{reader}",
                rename.new
            ),
        )
        .at(Position {
            line,
            column: byte + 1,
        })
        .with_path(name.to_string())
        .with_fix(format!("rename it to '{}' by hand", rename.new)),
    );
}

/// The example of this private module's docs, run as a unit test (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod doc_examples {
    #[test]
    fn scan() {
        use crate::migrate::scripts::{scan_dockerfile, scan_shell};
        let found = scan_shell("#!/bin/sh\nexport DB_HOST=db\nexport KTRDR_DB_PORT=1\n");
        assert_eq!((found[0].line, found[0].code), (2, "PH507"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            scan_dockerfile("FROM x\nENV WORKER_PORT=5003 DB_USER=u\nENV IB_PORT 4002\n").len(),
            3
        );
    }
}
