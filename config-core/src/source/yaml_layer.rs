//! A YAML settings file (Spring-style `application.yml`) as a [`Layer`].
//!
//! Only the subtree under one namespace key (e.g. `pockethive:`) is read.
//! Every scalar leaf becomes one [`RawValue`]:
//!
//! - its **name** is the dotted path as written (`pockethive.control-plane.swarm-id`;
//!   list items are indexed: `pockethive.inputs.redis.sources.0.listName`);
//! - its **lookup key** is the relaxed form of that path ([`relaxed_name`]:
//!   upper case, `.` and `-` to `_`), the same name the environment variable
//!   has, so one [`crate::source::env::Sources::resolve`] call finds the file
//!   value and the environment value and the environment wins;
//! - its **provenance** is `file:PATH:LINE:COL` of the value;
//! - `${VAR}` / `${VAR:default}` placeholders in string values are resolved
//!   from the environment passed in ([`crate::source::placeholder`]).
//!
//! `null` leaves and empty collections set nothing. Syntax errors, duplicate
//! keys, a namespace that is not a mapping and unresolved placeholders are
//! returned as [`FileError`]s (all of them), never dropped.
//!
//! ```
//! use config_core::source::yaml_layer::from_yaml_text;
//! let text = "pockethive:\n  control-plane:\n    swarm-id: ${SWARM:demo}\n";
//! let (layer, errors) = from_yaml_text("application.yml", text, "pockethive", |_| None);
//! assert!(errors.is_empty());
//! let raw = layer.get("POCKETHIVE_CONTROL_PLANE_SWARM_ID").unwrap();
//! assert_eq!(raw.value, "demo");
//! assert_eq!(raw.name, "pockethive.control-plane.swarm-id");
//! assert_eq!(raw.provenance.to_string(), "file:application.yml:3:15");
//! ```

use crate::provenance::Provenance;
use crate::source::env::{ConfigFile, FileError, Layer, RawValue, SourceError, Sources};
use crate::source::placeholder::{self, EnvValue};
use crate::source::read::{self, ReadError};
use crate::source::yaml::{self, Limits, Node, Value};
use std::path::{Path, PathBuf};

/// Relaxed binding: the environment-variable form of a dotted property path.
///
/// ```
/// use config_core::source::yaml_layer::relaxed_name;
/// assert_eq!(relaxed_name("pockethive.control-plane.swarm-id"), "POCKETHIVE_CONTROL_PLANE_SWARM_ID");
/// assert_eq!(relaxed_name("pockethive.inputs.redis.sources.0.listName"), "POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME");
/// ```
pub fn relaxed_name(path: &str) -> String {
    let mut name = String::with_capacity(path.len());
    push_relaxed(&mut name, path);
    name
}

/// Whether `name` binds to the relaxed variable name `relaxed`: the same
/// as `relaxed_name(name) == relaxed`, without building the string (the
/// settings loader asks this for every value of every field).
///
/// ```
/// use config_core::source::yaml_layer::is_relaxed_name_of;
/// assert!(is_relaxed_name_of("CONTROL_PLANE_SWARM_ID", "control-plane.swarm-id"));
/// assert!(!is_relaxed_name_of("CONTROL_PLANE", "control-plane.swarm-id"));
/// ```
pub fn is_relaxed_name_of(relaxed: &str, name: &str) -> bool {
    // ASCII mapping keeps every char's length, so lengths must agree.
    relaxed.len() == name.len() && relaxed.chars().eq(name.chars().map(relaxed_char))
}

/// Appends the relaxed form of `path` to `out` (one allocation for a
/// prefixed name).
pub fn push_relaxed(out: &mut String, path: &str) {
    if path.contains(['.', '-']) {
        out.extend(path.chars().map(relaxed_char));
    } else {
        // Only case changes (every KTRDR field): copy, then upper-case in place.
        let start = out.len();
        out.push_str(path);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_uppercase();
        }
    }
}

fn relaxed_char(c: char) -> char {
    match c {
        '.' | '-' => '_',
        other => other.to_ascii_uppercase(),
    }
}

/// Reads the `namespace` subtree of a YAML text into a layer keyed by
/// relaxed names. `env` resolves placeholders (an `Option<String>` or an
/// [`EnvValue`]).
pub fn from_yaml_text<F, R>(
    path: impl Into<PathBuf>,
    text: &str,
    namespace: &str,
    env: F,
) -> (Layer, Vec<FileError>)
where
    F: Fn(&str) -> R,
    R: Into<EnvValue>,
{
    let path = path.into();
    let mut errors = Vec::new();
    let document = match yaml::parse(text, &Limits::default()) {
        Ok(document) => document,
        Err(e) => {
            errors.push(FileError {
                path,
                line: e.line(),
                column: e.column(),
                code: "yaml-syntax",
                message: format!("{e}; fix: correct the YAML at this position"),
            });
            return (Layer::default(), errors);
        }
    };
    for duplicate in &document.duplicate_keys {
        errors.push(FileError {
            path: path.clone(),
            line: duplicate.duplicate.line,
            column: duplicate.duplicate.column,
            code: "yaml-duplicate-key",
            message: format!(
                "key '{}' is given twice (first at line {}); fix: keep one of them",
                duplicate.key, duplicate.first.line
            ),
        });
    }
    let mut flattener = Flattener {
        path: &path,
        env: &env,
        values: Vec::new(),
        errors,
    };
    match &document.root.value {
        Value::Null => {}
        Value::Map(_) => {
            if let Some(node) = document.root.get(namespace) {
                flattener.namespace(namespace, node);
            }
        }
        _ => flattener.not_a_mapping("the file", &document.root),
    }
    let Flattener { values, errors, .. } = flattener;
    // The parsed tree is not needed once flattened: free it before the
    // layer's maps are built (a 90,000-key file holds both otherwise).
    drop(document);
    (Layer::from_values(values), errors)
}

struct Flattener<'a, F> {
    path: &'a Path,
    env: &'a F,
    values: Vec<(String, RawValue)>,
    errors: Vec<FileError>,
}

impl<F: Fn(&str) -> R, R: Into<EnvValue>> Flattener<'_, F> {
    fn namespace(&mut self, namespace: &str, node: &Node) {
        match &node.value {
            Value::Map(_) | Value::Null => self.walk(namespace, node),
            _ => self.not_a_mapping(&format!("'{namespace}'"), node),
        }
    }

    fn not_a_mapping(&mut self, what: &str, node: &Node) {
        self.errors.push(FileError {
            path: self.path.to_path_buf(),
            line: node.span.line,
            column: node.span.column,
            code: "yaml-not-a-mapping",
            message: format!(
                "{what} must be a mapping, found a {}; fix: write 'key: value' entries",
                node.type_name()
            ),
        });
    }

    fn walk(&mut self, name: &str, node: &Node) {
        match &node.value {
            Value::Null => {}
            Value::Map(entries) => {
                for entry in entries {
                    self.walk(&format!("{name}.{}", entry.key.key_text()), &entry.value);
                }
            }
            Value::Seq(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.walk(&format!("{name}.{index}"), item);
                }
            }
            Value::Bool(b) => self.leaf(name, b.to_string(), node),
            Value::Int(i) => self.leaf(name, i.to_string(), node),
            Value::Float(f) => self.leaf(name, f.to_string(), node),
            Value::String(s) => self.string_leaf(name, s, node),
        }
    }

    fn string_leaf(&mut self, name: &str, text: &str, node: &Node) {
        if !placeholder::has_placeholder(text) {
            return self.leaf(name, text.to_string(), node);
        }
        match placeholder::resolve(text, self.env) {
            Ok(resolved) => self.leaf(name, resolved, node),
            Err(problems) => {
                for problem in problems {
                    self.errors.push(FileError {
                        path: self.path.to_path_buf(),
                        line: node.span.line,
                        column: node.span.column,
                        code: "unresolved-placeholder",
                        message: format!("{name}: {problem}"),
                    });
                }
            }
        }
    }

    fn leaf(&mut self, name: &str, value: String, node: &Node) {
        let provenance = Provenance::file_at(self.path, node.span.line, node.span.column);
        let raw = RawValue::new(name, value, provenance);
        self.values.push((relaxed_name(name), raw));
    }
}

// The YAML settings file as a source layer: defined here, beside the
// flattening, so `env` (the layers) does not depend on this module.
impl Sources {
    /// Reads the `namespace` subtree of a YAML settings file and inserts it
    /// as the LOWEST layer (a file is overridden by every environment layer).
    /// Placeholders are resolved from the layers pushed so far, so push the
    /// environment first. A missing optional file adds nothing; problems
    /// inside the file are kept in [`Self::file_errors`].
    pub fn push_yaml_file(
        &mut self,
        file: &ConfigFile,
        namespace: &str,
    ) -> Result<(), SourceError> {
        let (path, required) = match file {
            ConfigFile::None => return Ok(()),
            ConfigFile::Optional(path) => (path, false),
            ConfigFile::Required(path) => (path, true),
        };
        let text = match read::read_text(path, read::DEFAULT_MAX_BYTES) {
            Ok(text) => text,
            Err(ReadError::NotFound { .. }) if !required => return Ok(()),
            Err(ReadError::NotFound { .. }) => {
                return Err(SourceError::ConfigNotFound { path: path.clone() })
            }
            Err(ReadError::Io { source, .. }) => {
                return Err(SourceError::ConfigUnreadable {
                    path: path.clone(),
                    source,
                })
            }
            Err(reason) => return Err(SourceError::ConfigRejected { reason }),
        };
        self.push_yaml_text(path.clone(), &text, namespace);
        Ok(())
    }

    /// [`Self::push_yaml_file`] for text already read (tests, stdin).
    pub fn push_yaml_text(&mut self, path: PathBuf, text: &str, namespace: &str) {
        let (layer, errors) = from_yaml_text(path, text, namespace, |name| match self.get(name) {
            None => EnvValue::Unset,
            Some(raw) if raw.not_utf8 => EnvValue::NotUtf8,
            Some(raw) => EnvValue::Set(raw.value.clone()),
        });
        self.push_lowest(layer, errors);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "SWARM").then(|| "swarm-a".to_string())
    }

    fn load(text: &str) -> (Layer, Vec<FileError>) {
        from_yaml_text("app.yml", text, "pockethive", env)
    }

    #[test]
    fn leaves_are_flattened_under_relaxed_names_with_positions() {
        let text = "\
other: ignored
pockethive:
  control-plane:
    worker:
      skip-self-signals: true
  inputs:
    redis:
      sources:
        - listName: a
          weight: 1.5
";
        let (layer, errors) = load(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(layer.len(), 3);
        let skip = layer
            .get("POCKETHIVE_CONTROL_PLANE_WORKER_SKIP_SELF_SIGNALS")
            .unwrap();
        assert_eq!(skip.value, "true");
        assert_eq!(skip.provenance.to_string(), "file:app.yml:5:26");
        let list = layer
            .get("POCKETHIVE_INPUTS_REDIS_SOURCES_0_LISTNAME")
            .unwrap();
        assert_eq!(list.name, "pockethive.inputs.redis.sources.0.listName");
        assert_eq!(
            layer
                .get("POCKETHIVE_INPUTS_REDIS_SOURCES_0_WEIGHT")
                .unwrap()
                .value,
            "1.5"
        );
        assert!(layer.get("OTHER").is_none());
    }

    #[test]
    fn placeholders_resolve_default_or_fail_with_position() {
        let text = "\
pockethive:
  control-plane:
    swarm-id: ${SWARM}
    instance-id: ${INSTANCE:bee-1}
    exchange: x-${MISSING}-${ALSO_MISSING}
";
        let (layer, errors) = load(text);
        assert_eq!(
            layer
                .get("POCKETHIVE_CONTROL_PLANE_SWARM_ID")
                .unwrap()
                .value,
            "swarm-a"
        );
        assert_eq!(
            layer
                .get("POCKETHIVE_CONTROL_PLANE_INSTANCE_ID")
                .unwrap()
                .value,
            "bee-1"
        );
        assert!(layer.get("POCKETHIVE_CONTROL_PLANE_EXCHANGE").is_none());
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[0].column), (5, 15));
        assert!(errors[0].message.contains("'MISSING' is not set"));
        assert!(errors[1].message.contains("'ALSO_MISSING' is not set"));
        assert_eq!(errors[0].code, "unresolved-placeholder");
    }

    #[test]
    fn syntax_duplicates_and_shape_errors_are_reported() {
        let (_, errors) = load("pockethive: [\n");
        assert_eq!(errors[0].code, "yaml-syntax");
        let (layer, errors) = load("pockethive:\n  a: 1\n  a: 2\n");
        assert_eq!(errors[0].code, "yaml-duplicate-key");
        assert_eq!(errors[0].line, 3);
        assert_eq!(layer.get("POCKETHIVE_A").unwrap().value, "1");
        let (_, errors) = load("pockethive: 3\n");
        assert_eq!(errors[0].code, "yaml-not-a-mapping");
        let (_, errors) = load("- a\n");
        assert_eq!(errors[0].code, "yaml-not-a-mapping");
        let (layer, errors) = load("");
        assert!(errors.is_empty() && layer.is_empty());
    }
}
