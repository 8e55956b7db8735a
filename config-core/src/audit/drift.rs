//! The "effective config" check of the operators' loop: each worker's
//! reported config (`status-full` `data.config`, or the swarm controller's
//! `context.workers[].config`) against what `cfgate plan` computes for its
//! role, after the `config-update` patches sent since.
//!
//! Only what the plan sets is compared: a worker also reports its defaults
//! and the IO types its SDK adds (`inputs.type`), which the plan cannot
//! know, so keys the plan does not name are not drift. Secret-named keys
//! are skipped (the plan masks them; PH720 covers a reported secret).
//!
//! Example: the unit test `doc_examples::differences`.

use super::codes;
use super::contract::escape;
use super::issue::Issue;
use crate::finding::Severity;
use crate::patch::document::ConfigDocument;
use crate::patch::{PatchRejected, RuntimeConfig};
use crate::provenance::Provenance;
use crate::scenario::check::check_text;
use crate::scenario::check::CheckOptions;
use crate::scenario::config_check::SchemaSet;
use crate::scenario::plan::{deep_merge, plan};
use crate::secret::{is_secret_name, mask_url_credentials};
use crate::source::read::{read_text, ReadError};
use crate::source::yaml::{parse, YamlError};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One place where the reported config is not the planned one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    /// Pointer relative to the config.
    pub pointer: String,
    /// What differs (values shown with URL credentials masked).
    pub what: DifferenceKind,
}

/// How a reported value differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DifferenceKind {
    /// The planned key is absent.
    Missing {
        /// The planned value.
        planned: String,
    },
    /// The value differs.
    Differs {
        /// The planned value.
        planned: String,
        /// The reported value.
        reported: String,
    },
}

/// Every difference between the `planned` config and the `reported` one.
pub(crate) fn differences(planned: &Value, reported: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    compare(planned, reported, "", &mut out);
    out
}

fn compare(planned: &Value, reported: &Value, at: &str, out: &mut Vec<Difference>) {
    match (planned, reported) {
        (Value::Object(p), Value::Object(r)) => {
            for (key, want) in p {
                if is_secret_name(key) {
                    continue;
                }
                let pointer = format!("{at}/{}", escape(key));
                match r.get(key) {
                    Some(got) => compare(want, got, &pointer, out),
                    None if want.is_null() => {}
                    None => out.push(Difference {
                        pointer,
                        what: DifferenceKind::Missing {
                            planned: shown(want),
                        },
                    }),
                }
            }
        }
        (Value::Array(p), Value::Array(r)) if p.len() == r.len() => {
            for (i, (want, got)) in p.iter().zip(r).enumerate() {
                compare(want, got, &format!("{at}/{i}"), out);
            }
        }
        (Value::Number(p), Value::Number(r)) if p.as_f64() == r.as_f64() => {}
        _ if planned == reported => {}
        _ => out.push(Difference {
            pointer: at.to_string(),
            what: DifferenceKind::Differs {
                planned: shown(planned),
                reported: shown(reported),
            },
        }),
    }
}

/// A value as a finding shows it: scalars as JSON with URL credentials
/// masked, collections by size (they may hold secret-named keys).
fn shown(value: &Value) -> String {
    match value {
        Value::Object(m) => format!("an object of {} key(s)", m.len()),
        Value::Array(a) => format!("a list of {} item(s)", a.len()),
        other => mask_url_credentials(&other.to_string()).into_owned(),
    }
}

/// The issues of one reported config against the planned one;
/// `config_pointer` is where the config sits in the envelope.
pub(crate) fn drift_issues(
    role: &str,
    planned: &Value,
    reported: &Value,
    config_pointer: &str,
) -> Vec<Issue> {
    differences(planned, reported)
        .into_iter()
        .map(|d| {
            let pointer = format!("{config_pointer}{}", d.pointer);
            let field = crate::source::yaml::pointer_segments(&d.pointer).join(".");
            match d.what {
                DifferenceKind::Missing { planned } => Issue::error(
                    codes::CONFIG_MISSING,
                    pointer,
                    format!("worker '{role}' does not report `{field}`; the plan sets it to {planned}"),
                    "check the worker received its config (and the patches); re-send the config-update",
                ),
                DifferenceKind::Differs { planned, reported } => Issue::error(
                    codes::CONFIG_DRIFT,
                    pointer,
                    format!("worker '{role}' reports `{field}` = {reported}; the plan (after patches) says {planned}"),
                    "re-send the config-update, or fix the scenario / --patch files if the plan is wrong",
                ),
            }
        })
        .collect()
}

/// A `--patch ROLE=FILE` argument: a `config-update` patch for one role
/// (`ALL` for every bee), applied in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolePatch {
    /// The bee role, or `ALL`.
    pub role: String,
    /// The patch file (YAML or JSON).
    pub file: PathBuf,
}

impl std::str::FromStr for RolePatch {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((role, file)) if !role.is_empty() && !file.is_empty() => Ok(Self {
                role: role.to_string(),
                file: PathBuf::from(file),
            }),
            _ => Err(format!(
                "'{s}' is not ROLE=FILE (e.g. generator=patch.yaml, ALL=patch.yaml)"
            )),
        }
    }
}

/// Why the planned configs cannot be computed (usage-level: exit 2).
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The bundle or scenario cannot be read.
    #[error("cannot read the plan: {0}")]
    Read(ReadError),
    /// The scenario is not YAML.
    #[error("{path}: {error}")]
    Yaml {
        /// The scenario file.
        path: String,
        /// Why.
        error: YamlError,
    },
    /// The scenario has check errors, so its plan is not what the platform runs.
    #[error("{path} has {errors} check error(s); run `cfgate check {path}` and fix them first")]
    Invalid {
        /// The scenario file.
        path: String,
        /// How many.
        errors: usize,
    },
    /// A patch file cannot be read or parsed.
    #[error("{0}")]
    Patch(String),
    /// A patch names a role no bee has.
    #[error("--patch {role}=...: no bee has role '{role}' (roles: {known})")]
    UnknownRole {
        /// The role given.
        role: String,
        /// The plan's roles.
        known: String,
    },
    /// The worker would refuse a patch.
    #[error("--patch {role}={file}: the worker would refuse it: {rejected}")]
    Refused {
        /// The role.
        role: String,
        /// The file.
        file: String,
        /// Every reason.
        rejected: PatchRejected,
    },
}

/// The config each role should report: the plan, with the patches applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpectedConfigs {
    by_role: HashMap<String, Value>,
}

impl ExpectedConfigs {
    /// The planned config of `role`, if the plan has that bee.
    pub fn get(&self, role: &str) -> Option<&Value> {
        self.by_role.get(role)
    }

    /// Plans `bundle` (a scenario file, or a bundle directory holding
    /// `scenario.yaml`) and applies `patches` in order, each as a
    /// `config-update` to a started worker ([`RuntimeConfig::apply_patch`]:
    /// live-mutable fields only, schema-valid result).
    ///
    /// # Errors
    /// [`PlanError`]: unreadable, invalid scenario, bad or refused patch.
    pub fn from_bundle(bundle: &Path, patches: &[RolePatch]) -> Result<Self, PlanError> {
        let scenario = if bundle.is_dir() {
            bundle.join("scenario.yaml")
        } else {
            bundle.to_path_buf()
        };
        let path = scenario.display().to_string();
        let options = CheckOptions::default();
        let text = read_text(&scenario, options.limits.max_bytes).map_err(PlanError::Read)?;
        let schemas = SchemaSet::builtin();
        let errors = check_text(&text, schemas, &options)
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        if errors > 0 {
            return Err(PlanError::Invalid { path, errors });
        }
        let doc = parse(&text, &options.limits).map_err(|error| PlanError::Yaml {
            path: path.clone(),
            error,
        })?;
        let plan = plan(&doc);
        let mut by_role: HashMap<String, Value> = HashMap::new();
        let mut kinds: HashMap<String, String> = HashMap::new();
        for bee in plan.bees {
            // What the platform derives (scenario mount, ...) depends on
            // the swarm id and deployment: only written values compare.
            let config = bee.comparable_config();
            kinds.insert(bee.role.clone(), bee.kind);
            by_role.insert(bee.role, config);
        }
        for patch in patches {
            let doc =
                ConfigDocument::read(&patch.file).map_err(|e| PlanError::Patch(e.to_string()))?;
            let roles: Vec<String> = if patch.role == super::routing::ALL {
                let mut all: Vec<String> = by_role.keys().cloned().collect();
                all.sort();
                all
            } else if by_role.contains_key(&patch.role) {
                vec![patch.role.clone()]
            } else {
                let mut known: Vec<&String> = by_role.keys().collect();
                known.sort();
                let known: Vec<&str> = known.into_iter().map(String::as_str).collect();
                return Err(PlanError::UnknownRole {
                    role: patch.role.clone(),
                    known: known.join(", "),
                });
            };
            for role in roles {
                let kind = kinds.get(&role).map(String::as_str).unwrap_or_default();
                let Some(config) = by_role.get_mut(&role) else {
                    continue;
                };
                *config = patched(schemas, kind, config, doc.value(), &patch.file).map_err(
                    |rejected| PlanError::Refused {
                        role: role.clone(),
                        file: patch.file.display().to_string(),
                        rejected,
                    },
                )?;
            }
        }
        Ok(Self { by_role })
    }
}

/// `config` after `patch`, as a started worker of `kind` applies it; a kind
/// without a schema (a custom image) merges without checks.
fn patched(
    schemas: &SchemaSet,
    kind: &str,
    config: &Value,
    patch: &Value,
    file: &Path,
) -> Result<Value, PatchRejected> {
    if schemas.schema(kind).is_none() {
        let mut merged = config.clone();
        deep_merge(&mut merged, patch);
        return Ok(merged);
    }
    let empty = Value::Object(serde_json::Map::new());
    let mut runtime = RuntimeConfig::new(
        schemas,
        kind,
        empty,
        config.clone(),
        Provenance::file(file, 1),
    )?;
    runtime.start();
    runtime.apply_patch(patch)?;
    Ok(runtime.effective().clone())
}

/// The examples of this module's crate-private items, run as unit tests
/// (rustdoc runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod doc_examples {
    #[test]
    fn differences() {
        use crate::audit::drift::differences;
        use serde_json::json;
        let planned = json!({"inputs": {"scheduler": {"ratePerSec": 50}}, "password": "****"});
        let reported = json!({"inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 5.0}}});
        let diffs = differences(&planned, &reported);
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].pointer, "/inputs/scheduler/ratePerSec");
    }
}
