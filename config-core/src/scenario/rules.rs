//! The structure rules of a scenario descriptor, with the platform's binding
//! semantics (VALIDATOR.md §1-§5), run on the spanned YAML tree read as
//! Jackson reads it ([`crate::source::yaml::parse_jackson`]).
//!
//! Every rule runs; none stops the others (the platform stops at the first
//! binding failure or protocol problem: the verdict is the same, we report
//! more). Each bee whose kind resolves has its `config` block checked by
//! [`SchemaSet::check`], whose issues are placed on the tree here.
//! Codes: PH002, PH005, PH009, PH010, PH1xx, PH2xx, PH370, PH371; see
//! docs/FINDINGS.md and docs/PARITY.md.

use super::binding::{
    bind_integer, scalar_text, FieldType, BUFFER_GUARD, EDGE_KEYS, PORT_KEYS, SCENARIO_KEYS,
    SELECTOR_KEYS, TEMPLATE_KEYS, TOPOLOGY_KEYS, TRAFFIC_POLICY_KEYS, WORK_KEYS,
};
use super::config_check::{ConfigIssue, SchemaSet, BLANK, NOT_A_MAPPING};
use super::kind::{is_io_manifest, is_known_manifest, kind_of_image};
use crate::finding::{Aim, Finding, Position};
use crate::source::scalar_pos::position_in_scalar;
use crate::source::yaml::{
    child_pointer, escape_segment, pointer_segments, AliasUse, Document, Node, Span, Value,
};
use std::collections::HashMap;

/// Fields a bee may have; any other is an error (bees are strict).
pub(crate) const BEE_FIELDS: [&str; 6] = ["role", "image", "work", "ports", "env", "config"];
/// Fields an edge endpoint may have; any other is an error.
pub(crate) const ENDPOINT_FIELDS: [&str; 2] = ["role", "port"];
/// A YAML alias: the platform reads the anchor's name instead.
pub(crate) const ALIAS: &str = "PH009";
/// A YAML merge key: the platform keeps `<<` as an ordinary key.
pub(crate) const MERGE_KEY: &str = "PH010";
/// A key the platform's model ignores (warning; error with `--strict`).
pub(crate) const IGNORED_KEY: &str = "PH131";
/// The controller image resolves to no capability manifest.
pub(crate) const UNKNOWN_CONTROLLER_IMAGE: &str = "PH201";
/// A null value directly under a bee's `config`.
pub(crate) const CONFIG_NULL_VALUE: &str = "PH371";

/// Compiles, in parallel, the schemas of every kind the bees' images name.
fn prepare_kinds(root: &Node, schemas: &SchemaSet) {
    let kinds: Vec<String> = root
        .pointer("/template/bees")
        .and_then(Node::as_seq)
        .into_iter()
        .flatten()
        .filter_map(|bee| bee.get("image").and_then(Node::as_str))
        .map(kind_of_image)
        .collect();
    schemas.prepare(kinds.iter().map(String::as_str));
}

/// Runs every structure rule and the config checks of `doc`.
#[cfg(test)]
pub(crate) fn check_document(doc: &Document, schemas: &SchemaSet) -> Vec<Finding> {
    check_document_in(doc, None, schemas)
}

/// [`check_document`] with the source `text` of `doc`, so findings inside
/// a string value (a template's offending token) get their exact position.
pub(crate) fn check_document_in(
    doc: &Document,
    text: Option<&str>,
    schemas: &SchemaSet,
) -> Vec<Finding> {
    let mut ctx = Ctx {
        root: &doc.root,
        text,
        findings: Vec::new(),
    };
    for dup in &doc.duplicate_keys {
        let pointer = child_pointer(&dup.parent_pointer, &dup.key);
        ctx.push(
            Finding::error(
                "PH002",
                format!(
                    "duplicate key '{}' (first defined at line {}, column {}); the platform \
                     rejects the whole scenario",
                    dup.key, dup.first.line, dup.first.column
                ),
            )
            .with_fix("remove one of the two keys; YAML keys must be unique in a mapping"),
            dup.duplicate,
            &pointer,
        );
    }
    for alias in &doc.aliases {
        ctx.push(alias_finding(alias), alias.span, &alias.pointer);
    }
    for merge in &doc.merge_keys {
        ctx.push(merge_key_finding(), merge.span, &merge.pointer);
    }
    if let Some(span) = doc.later_document {
        ctx.push(later_document_finding("scenario.yaml"), span, "");
    }
    if doc.root.as_map().is_none() {
        ctx.push(
            Finding::error(
                "PH005",
                format!(
                    "a scenario must be a mapping, found {}",
                    doc.root.type_name()
                ),
            )
            .with_fix(
                "start the file with `protocolVersion: \"2.0.0\"` and the other top-level fields",
            ),
            doc.root.span,
            "",
        );
        return ctx.findings;
    }
    ctx.top_level();
    prepare_kinds(&doc.root, schemas);
    ctx.template(schemas);
    ctx.topology();
    ctx.traffic_policy();
    ctx.plan();
    ctx.findings
}

struct Ctx<'a> {
    root: &'a Node,
    /// The source of `root`, when known (exact positions inside values).
    text: Option<&'a str>,
    findings: Vec<Finding>,
}

/// What a required field must hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A non-blank scalar, read as its source text (String fields).
    Text,
    Mapping,
    Sequence,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::Text => "a non-blank text",
            Want::Mapping => "a mapping",
            Want::Sequence => "a list",
        }
    }
}

impl<'a> Ctx<'a> {
    fn push(&mut self, finding: Finding, span: Span, pointer: &str) {
        let path = display_path(self.root, pointer);
        self.findings.push(
            finding
                .at(Position {
                    line: span.line,
                    column: span.column,
                })
                .with_path(path),
        );
    }

    /// Checks a required field of `parent` (at `parent_ptr`); returns the
    /// value when it has the wanted shape.
    fn required(
        &mut self,
        parent: &'a Node,
        parent_ptr: &str,
        key: &str,
        want: Want,
        example: &str,
    ) -> Option<&'a Node> {
        let pointer = child_pointer(parent_ptr, key);
        let Some(value) = parent.get(key) else {
            // At the key of the mapping that lacks the field, when it has one.
            let span = locate(self.root, &pointer, false);
            self.push(
                Finding::error("PH102", format!("missing required field '{key}'"))
                    .with_fix(format!("add `{key}: {example}`")),
                span,
                &pointer,
            );
            return None;
        };
        self.shape(value, &pointer, key, want, example)
    }

    /// Checks that `value` has the wanted shape (reporting PH103/PH104).
    fn shape(
        &mut self,
        value: &'a Node,
        pointer: &str,
        key: &str,
        want: Want,
        example: &str,
    ) -> Option<&'a Node> {
        let ok = match (want, &value.value) {
            (Want::Text, Value::Seq(_) | Value::Map(_)) => false,
            (Want::Text, _) => {
                let text = scalar_text(value).ok().flatten();
                if text.as_deref().is_none_or(|t| t.trim().is_empty()) {
                    let what = if text.is_none() { "null" } else { "blank" };
                    self.push(
                        Finding::error("PH103", format!("'{key}' must not be {what}"))
                            .with_fix(format!("set `{key}: {example}`")),
                        value.span,
                        pointer,
                    );
                    return None;
                }
                true
            }
            (Want::Mapping, Value::Map(_)) | (Want::Sequence, Value::Seq(_)) => true,
            _ => false,
        };
        if ok {
            return Some(value);
        }
        self.wrong_type(value, pointer, key, want.describe(), example);
        None
    }

    fn wrong_type(&mut self, value: &Node, pointer: &str, key: &str, want: &str, example: &str) {
        self.push(
            Finding::error(
                "PH104",
                format!(
                    "'{key}' must be {want}, found {}; the platform cannot bind it and rejects \
                     the whole scenario",
                    value.type_name()
                ),
            )
            .with_fix(format!("write `{key}: {example}`")),
            value.span,
            pointer,
        );
    }

    /// An optional String field: any scalar or null; a collection fails.
    fn optional_text(&mut self, parent: &'a Node, parent_ptr: &str, key: &str, example: &str) {
        if let Some(value) = parent.get(key) {
            if scalar_text(value).is_err() {
                let pointer = child_pointer(parent_ptr, key);
                self.wrong_type(value, &pointer, key, "a scalar (read as text)", example);
            }
        }
    }

    /// Keys of a lenient record (`@JsonIgnoreProperties`): the platform
    /// ignores the others; warned, with "did you mean".
    fn ignored_keys(&mut self, node: &'a Node, ptr: &str, known: &[&str], what: &str) {
        for entry in node.as_map().unwrap_or_default() {
            let key = entry.key.key_text();
            if known.contains(&key.as_str()) {
                continue;
            }
            let fix = did_you_mean(
                &key,
                known,
                &format!("{what} reads only {}; remove it", known.join(", ")),
            );
            self.push(
                Finding::warning(
                    IGNORED_KEY,
                    format!("unknown key '{key}' in {what}: the platform ignores it"),
                )
                .with_fix(fix),
                entry.key.span,
                &child_pointer(ptr, &key),
            );
        }
    }

    fn top_level(&mut self) {
        let root = self.root;
        if let Some(version) = self.required(root, "", "protocolVersion", Want::Text, "\"2.0.0\"") {
            self.protocol_version(version);
        }
        self.required(root, "", "id", Want::Text, "my-scenario");
        // Optional: the catalog falls back to the bundle folder's name.
        self.optional_text(root, "", "name", "My scenario");
        self.optional_text(root, "", "description", "What it does");
        self.ignored_keys(root, "", SCENARIO_KEYS, "a scenario");
    }

    fn protocol_version(&mut self, node: &Node) {
        let Ok(Some(text)) = scalar_text(node) else {
            return;
        };
        let Some(major) = strict_semver_major(&text) else {
            self.push(
                Finding::error(
                    "PH100",
                    format!("protocolVersion '{text}' is not MAJOR.MINOR.PATCH"),
                )
                .with_fix("write `protocolVersion: \"2.0.0\"`"),
                node.span,
                "/protocolVersion",
            );
            return;
        };
        if major != 2 {
            self.push(
                Finding::error(
                    "PH101",
                    format!(
                        "protocolVersion '{text}' has major version {major}; only 2 is supported"
                    ),
                )
                .with_fix(
                    "write `protocolVersion: \"2.0.0\"` and bring the file to the version 2 shape",
                ),
                node.span,
                "/protocolVersion",
            );
        }
    }

    fn template(&mut self, schemas: &SchemaSet) {
        let root = self.root;
        let template = match root.get("template") {
            Some(node) if matches!(node.value, Value::Null) => {
                self.push(
                    Finding::error(
                        "PH102",
                        "'template' is null: the scenario has no swarm template",
                    )
                    .with_fix("add `template: {image: swarm-controller:latest, bees: []}`"),
                    node.span,
                    "/template",
                );
                return;
            }
            _ => self.required(
                root,
                "",
                "template",
                Want::Mapping,
                "{image: swarm-controller:latest, bees: []}",
            ),
        };
        let Some(template) = template else {
            return;
        };
        self.ignored_keys(template, "/template", TEMPLATE_KEYS, "the swarm template");
        if let Some(image) = self.required(
            template,
            "/template",
            "image",
            Want::Text,
            "swarm-controller:latest",
        ) {
            self.controller_image(image, schemas);
        }
        // Optional: a missing or null `bees` is an empty list.
        let bees = match template.get("bees") {
            None => return,
            Some(node) if matches!(node.value, Value::Null) => return,
            Some(node) => node,
        };
        let Some(bees) = self.shape(bees, "/template/bees", "bees", Want::Sequence, "[]") else {
            return;
        };
        let mut roles: HashMap<String, Span> = HashMap::new();
        for (i, bee) in bees.as_seq().unwrap_or_default().iter().enumerate() {
            let ptr = child_pointer("/template/bees", &i.to_string());
            self.bee(bee, &ptr, &mut roles, schemas);
        }
    }

    /// The controller image must resolve to some capability manifest (any,
    /// even a worker's: VALIDATOR.md I4).
    fn controller_image(&mut self, image: &Node, schemas: &SchemaSet) {
        let Ok(Some(text)) = scalar_text(image) else {
            return;
        };
        let kind = kind_of_image(&text);
        if is_known_manifest(&kind) || schemas.has_kind(&kind) {
            return;
        }
        self.push(
            Finding::error(
                UNKNOWN_CONTROLLER_IMAGE,
                format!(
                    "controller image '{text}' resolves to no capability manifest (kind \
                     '{kind}'); the platform rejects the scenario (\"No capability manifest \
                     found for image\")"
                ),
            )
            .with_fix("use the swarm controller's image, e.g. `image: swarm-controller:latest`"),
            image.span,
            "/template/image",
        );
    }

    fn bee(
        &mut self,
        bee: &'a Node,
        ptr: &str,
        roles: &mut HashMap<String, Span>,
        schemas: &SchemaSet,
    ) {
        if self
            .shape(
                bee,
                ptr,
                "bees[]",
                Want::Mapping,
                "{role: ..., image: ..., work: {}}",
            )
            .is_none()
        {
            return;
        }
        for entry in bee.as_map().unwrap_or_default() {
            let key = entry.key.key_text();
            if key == "id" {
                self.push(
                    Finding::error(
                        "PH111",
                        "'id' on a bee is a legacy field; the bee's name is its 'role'",
                    )
                    .with_fix("run `cfgate migrate FILE` (the old id becomes the role), or rename `id:` to `role:` and drop the old role"),
                    entry.key.span,
                    &child_pointer(ptr, &key),
                );
            } else if !BEE_FIELDS.contains(&key.as_str()) {
                self.push(
                    Finding::error(
                        "PH112",
                        format!(
                            "unknown bee field '{key}': bees are strict, the platform rejects \
                             the whole scenario"
                        ),
                    )
                    .with_fix(did_you_mean(
                        &key,
                        &BEE_FIELDS,
                        "bees accept only role, image, work, ports, env and config",
                    )),
                    entry.key.span,
                    &child_pointer(ptr, &key),
                );
            }
        }
        // A legacy `id` without a role is one problem (PH111), not two.
        let legacy_only = bee.get("id").is_some() && bee.get("role").is_none();
        let role = if legacy_only {
            None
        } else {
            self.required(bee, ptr, "role", Want::Text, "generator")
        };
        if let Some(role) = role {
            // Compared as the platform binds it: the source text, exactly.
            let name = scalar_text(role)
                .ok()
                .flatten()
                .unwrap_or_default()
                .into_owned();
            if let Some(first) = roles.get(&name) {
                self.push(
                    Finding::error(
                        "PH110",
                        format!(
                            "role '{name}' is used by another bee (line {}, column {})",
                            first.line, first.column
                        ),
                    )
                    .with_fix("give every bee a unique role, e.g. `generator-2`"),
                    role.span,
                    &child_pointer(ptr, "role"),
                );
            } else {
                roles.insert(name, role.span);
            }
        }
        match bee.get("work") {
            Some(work) if matches!(work.value, Value::Null) => self.push(
                Finding::error("PH102", "'work' is null; every bee needs a `work` mapping")
                    .with_fix("write `work: {}` (or the bee's queues)"),
                work.span,
                &child_pointer(ptr, "work"),
            ),
            _ => {
                if let Some(work) = self.required(bee, ptr, "work", Want::Mapping, "{}") {
                    self.work(work, &child_pointer(ptr, "work"));
                }
            }
        }
        if let Some(ports) = bee.get("ports") {
            self.ports(ports, &child_pointer(ptr, "ports"));
        }
        if let Some(env) = bee.get("env") {
            self.env(env, &child_pointer(ptr, "env"));
        }
        let config_ptr = child_pointer(ptr, "config");
        let config = match bee
            .get("config")
            .filter(|n| !matches!(n.value, Value::Null))
        {
            None => serde_json::Value::Object(serde_json::Map::new()),
            Some(node) if matches!(node.value, Value::Map(_)) => {
                self.config_nulls(node, &config_ptr);
                node.to_json()
            }
            // The config checks' code (PH370, not the generic PH104), reported
            // here so it holds whatever the image resolves to.
            Some(node) => {
                self.push(
                    Finding::error(
                        NOT_A_MAPPING,
                        format!("'config' must be a mapping, found {}", node.type_name()),
                    )
                    .with_fix("write the worker settings as `key: value` lines under `config:`"),
                    node.span,
                    &config_ptr,
                );
                return;
            }
        };
        if let Some(image) = self.required(bee, ptr, "image", Want::Text, "generator:latest") {
            self.kind_and_config(image, ptr, &config, schemas);
        }
    }

    /// A null value directly under `config` fails the whole descriptor
    /// (`Map.copyOf`, VALIDATOR.md D17); nested nulls are kept.
    fn config_nulls(&mut self, config: &Node, config_ptr: &str) {
        for entry in config.as_map().unwrap_or_default() {
            if matches!(entry.value.value, Value::Null) {
                let key = entry.key.key_text();
                self.push(
                    Finding::error(
                        CONFIG_NULL_VALUE,
                        format!(
                            "'config.{key}' is null: the platform rejects the whole scenario \
                             (a null directly under `config` cannot be stored)"
                        ),
                    )
                    .with_fix(format!("give `{key}` a value, or delete the line")),
                    entry.key.span,
                    &child_pointer(config_ptr, &key),
                );
            }
        }
    }

    fn kind_and_config(
        &mut self,
        image: &Node,
        bee_ptr: &str,
        config: &serde_json::Value,
        schemas: &SchemaSet,
    ) {
        let text = scalar_text(image).ok().flatten().unwrap_or_default();
        let kind = kind_of_image(&text);
        // An `io-*` image resolves to an IO manifest: the platform accepts
        // it; cfgate has no schema of its own for such a bee.
        if is_io_manifest(&kind) && !schemas.has_kind(&kind) {
            return;
        }
        let issues = if kind.is_empty() {
            None
        } else {
            schemas.check_bee(&kind, &text, config)
        };
        let Some(issues) = issues else {
            let mut kinds = schemas.kinds();
            kinds.sort();
            let known = kinds.join(", ");
            self.push(
                Finding::error(
                    "PH200",
                    format!("no schema for image '{text}' (worker kind '{kind}')"),
                )
                .with_fix(format!(
                    "use an image of a known kind ({known}), or pass `--schema-dir DIR` with a `{}.schema.json`",
                    if kind.is_empty() { "KIND" } else { &kind }
                )),
                image.span,
                &child_pointer(bee_ptr, "image"),
            );
            return;
        };
        let config_ptr = child_pointer(bee_ptr, "config");
        let nulls: Vec<String> = config
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| v.is_null())
            .map(|(k, _)| format!("/{}", escape_segment(k)))
            .collect();
        // A trigger's `config.body` (VALIDATOR.md T2) is left out by the
        // template check itself (`crate::template::scope`).
        for issue in issues {
            // PH371 already says it: the value is null.
            if issue.finding.code == BLANK && nulls.contains(&issue.pointer) {
                continue;
            }
            self.config_issue(issue, &config_ptr);
        }
    }

    fn config_issue(&mut self, issue: ConfigIssue, config_ptr: &str) {
        let inside = self
            .text
            .zip(issue.aim.at.offset())
            .and_then(|(text, offset)| {
                let node = self
                    .root
                    .pointer(&format!("{config_ptr}{}", issue.pointer))?;
                position_in_scalar(text, node, offset)
            });
        let mut finding = place_issue(self.root, config_ptr, issue);
        if let Some(pos) = inside {
            finding = finding.at(pos);
        }
        self.findings.push(finding);
    }

    /// `work.in` / `work.out`: maps of port id to queue. Null or blank
    /// queues (and blank ids) are dropped by the platform; a list or a
    /// mapping as a queue fails the descriptor.
    fn work(&mut self, work: &'a Node, ptr: &str) {
        self.ignored_keys(work, ptr, WORK_KEYS, "`work`");
        for direction in ["in", "out"] {
            let Some(ports) = work.get(direction) else {
                continue;
            };
            if matches!(ports.value, Value::Null) {
                continue;
            }
            let dir_ptr = child_pointer(ptr, direction);
            let Some(entries) = ports.as_map() else {
                self.push(
                    Finding::error(
                        "PH113",
                        format!(
                            "'work.{direction}' must map port ids to queue names, found {}",
                            ports.type_name()
                        ),
                    )
                    .with_fix(format!("write `{direction}: {{{direction}: my-queue}}`")),
                    ports.span,
                    &dir_ptr,
                );
                continue;
            };
            for entry in entries {
                if matches!(entry.value.value, Value::Seq(_) | Value::Map(_)) {
                    let port = entry.key.key_text();
                    self.push(
                        Finding::error(
                            "PH113",
                            format!(
                                "queue of port '{port}' in 'work.{direction}' must be a queue name, found {}",
                                entry.value.type_name()
                            ),
                        )
                        .with_fix(format!("write `{port}: my-queue`")),
                        entry.value.span,
                        &child_pointer(&dir_ptr, &port),
                    );
                }
            }
        }
    }

    fn ports(&mut self, ports: &'a Node, ptr: &str) {
        if matches!(ports.value, Value::Null) {
            return;
        }
        let Some(items) = self.shape(
            ports,
            ptr,
            "ports",
            Want::Sequence,
            "[{id: out, direction: out}]",
        ) else {
            return;
        };
        for (i, port) in items.as_seq().unwrap_or_default().iter().enumerate() {
            let port_ptr = child_pointer(ptr, &i.to_string());
            if self
                .shape(
                    port,
                    &port_ptr,
                    "ports[]",
                    Want::Mapping,
                    "{id: out, direction: out}",
                )
                .is_none()
            {
                continue;
            }
            self.ignored_keys(port, &port_ptr, PORT_KEYS, "a port");
            self.required(port, &port_ptr, "id", Want::Text, "out");
            if let Some(direction) = self.required(port, &port_ptr, "direction", Want::Text, "out")
            {
                // Trimmed and lower-cased first (M/BeePort.java:21-29).
                let text = scalar_text(direction).ok().flatten().unwrap_or_default();
                let normal = text.trim().to_lowercase();
                if normal != "in" && normal != "out" {
                    self.push(
                        Finding::error(
                            "PH114",
                            format!("port direction '{text}' is neither 'in' nor 'out'"),
                        )
                        .with_fix("write `direction: in` or `direction: out`"),
                        direction.span,
                        &child_pointer(&port_ptr, "direction"),
                    );
                }
            }
        }
    }

    /// `env`: a map of scalars (read as text); a null value, a list or a
    /// mapping fails the descriptor.
    fn env(&mut self, env: &'a Node, ptr: &str) {
        if matches!(env.value, Value::Null) {
            return;
        }
        let Some(map) = self.shape(env, ptr, "env", Want::Mapping, "{KEY: value}") else {
            return;
        };
        for entry in map.as_map().unwrap_or_default() {
            let key = entry.key.key_text();
            let problem = match &entry.value.value {
                Value::Seq(_) | Value::Map(_) => format!(
                    "env '{key}' must be a scalar, found {}",
                    entry.value.type_name()
                ),
                Value::Null => format!(
                    "env '{key}' is null: the platform rejects the whole scenario (env values \
                     cannot be null)"
                ),
                _ => continue,
            };
            // A null has no text to point at: its key says where.
            let span = if matches!(entry.value.value, Value::Null) {
                entry.key.span
            } else {
                entry.value.span
            };
            self.push(
                Finding::error("PH104", problem).with_fix(format!("write `{key}: \"value\"`")),
                span,
                &child_pointer(ptr, &key),
            );
        }
    }

    fn topology(&mut self) {
        let root = self.root;
        let Some(topology) = root.get("topology") else {
            return;
        };
        if matches!(topology.value, Value::Null) {
            return;
        }
        let Some(topology) = self.shape(
            topology,
            "/topology",
            "topology",
            Want::Mapping,
            "{version: 1, edges: []}",
        ) else {
            return;
        };
        self.ignored_keys(topology, "/topology", TOPOLOGY_KEYS, "`topology`");
        if let Some(version) = topology.get("version") {
            if !bind_integer(version) {
                self.wrong_type(version, "/topology/version", "version", "an integer", "1");
            }
        }
        let Some(edges) = topology.get("edges") else {
            return;
        };
        if matches!(edges.value, Value::Null) {
            return;
        }
        let Some(edges) = self.shape(edges, "/topology/edges", "edges", Want::Sequence, "[]")
        else {
            return;
        };
        let mut roles: Vec<String> = root
            .get("template")
            .and_then(|t| t.get("bees"))
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .filter_map(|b| b.get("role"))
            .filter_map(|r| scalar_text(r).ok().flatten().map(|t| t.into_owned()))
            .collect();
        roles.sort_unstable();
        roles.dedup();
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        for (i, edge) in edges.as_seq().unwrap_or_default().iter().enumerate() {
            let ptr = child_pointer("/topology/edges", &i.to_string());
            if self
                .shape(
                    edge,
                    &ptr,
                    "edges[]",
                    Want::Mapping,
                    "{id: e1, from: {...}, to: {...}}",
                )
                .is_none()
            {
                continue;
            }
            self.ignored_keys(edge, &ptr, EDGE_KEYS, "an edge");
            self.required(edge, &ptr, "id", Want::Text, "e1");
            for end in ["from", "to"] {
                if let Some(endpoint) = self.required(
                    edge,
                    &ptr,
                    end,
                    Want::Mapping,
                    "{role: generator, port: out}",
                ) {
                    self.endpoint(endpoint, &child_pointer(&ptr, end), &roles);
                }
            }
            if let Some(selector) = edge.get("selector") {
                let sel_ptr = child_pointer(&ptr, "selector");
                match &selector.value {
                    Value::Null => {}
                    Value::Map(_) => {
                        self.ignored_keys(selector, &sel_ptr, SELECTOR_KEYS, "a selector");
                        for key in SELECTOR_KEYS {
                            self.optional_text(selector, &sel_ptr, key, "...");
                        }
                    }
                    _ => self.wrong_type(
                        selector,
                        &sel_ptr,
                        "selector",
                        "a mapping",
                        "{policy: ..., expr: ...}",
                    ),
                }
            }
        }
    }

    fn endpoint(&mut self, endpoint: &'a Node, ptr: &str, roles: &[&str]) {
        for entry in endpoint.as_map().unwrap_or_default() {
            let key = entry.key.key_text();
            if key == "beeId" {
                self.push(
                    Finding::error(
                        "PH121",
                        "'beeId' on an edge endpoint is a legacy field; endpoints name a bee by 'role'",
                    )
                    .with_fix("run `cfgate migrate FILE` (it rewrites beeId to the bee's role), or replace `beeId:` with `role:` naming the bee's role"),
                    entry.key.span,
                    &child_pointer(ptr, &key),
                );
            } else if !ENDPOINT_FIELDS.contains(&key.as_str()) {
                self.push(
                    Finding::error("PH122", format!("unknown edge endpoint field '{key}'"))
                        .with_fix(did_you_mean(
                            &key,
                            &ENDPOINT_FIELDS,
                            "endpoints accept only role and port",
                        )),
                    entry.key.span,
                    &child_pointer(ptr, &key),
                );
            }
        }
        let legacy_only = endpoint.get("beeId").is_some() && endpoint.get("role").is_none();
        let role = if legacy_only {
            None
        } else {
            self.required(endpoint, ptr, "role", Want::Text, "generator")
        };
        if let Some(role) = role {
            let name = scalar_text(role).ok().flatten().unwrap_or_default();
            if !roles.contains(&name.as_ref()) {
                let fix = if roles.is_empty() {
                    "declare a bee with this role under template.bees".to_string()
                } else {
                    did_you_mean(
                        &name,
                        roles,
                        &format!(
                            "use one of the declared roles: {}",
                            crate::suggest::listed(roles.iter().copied())
                        ),
                    )
                };
                self.push(
                    Finding::error(
                        "PH120",
                        format!("edge endpoint names role '{name}', but no bee has that role"),
                    )
                    .with_fix(fix),
                    role.span,
                    &child_pointer(ptr, "role"),
                );
            }
        }
        self.required(endpoint, ptr, "port", Want::Text, "out");
    }

    /// `trafficPolicy`: typed records (M/TrafficPolicy.java,
    /// M/BufferGuardPolicy.java); a value of the wrong type fails the
    /// descriptor; unknown keys are ignored.
    fn traffic_policy(&mut self) {
        let Some(policy) = self.root.get("trafficPolicy") else {
            return;
        };
        if matches!(policy.value, Value::Null) {
            return;
        }
        let Some(policy) = self.shape(
            policy,
            "/trafficPolicy",
            "trafficPolicy",
            Want::Mapping,
            "{bufferGuard: {...}}",
        ) else {
            return;
        };
        self.ignored_keys(
            policy,
            "/trafficPolicy",
            TRAFFIC_POLICY_KEYS,
            "`trafficPolicy`",
        );
        if let Some(guard) = policy.get("bufferGuard") {
            self.record(
                guard,
                "/trafficPolicy/bufferGuard",
                "bufferGuard",
                BUFFER_GUARD,
            );
        }
        let Some(guards) = policy.get("bufferGuards") else {
            return;
        };
        if matches!(guards.value, Value::Null) {
            return;
        }
        let Some(items) = self.shape(
            guards,
            "/trafficPolicy/bufferGuards",
            "bufferGuards",
            Want::Sequence,
            "[{...}]",
        ) else {
            return;
        };
        for (i, guard) in items.as_seq().unwrap_or_default().iter().enumerate() {
            let ptr = child_pointer("/trafficPolicy/bufferGuards", &i.to_string());
            // Null entries are accepted (no copy of the list is made).
            self.record(guard, &ptr, "bufferGuards[]", BUFFER_GUARD);
        }
    }

    fn record(
        &mut self,
        node: &'a Node,
        ptr: &str,
        key: &str,
        fields: &'static [(&'static str, FieldType)],
    ) {
        match &node.value {
            Value::Null => return,
            Value::Map(_) => {}
            _ => {
                self.wrong_type(node, ptr, key, "a mapping", "{...}");
                return;
            }
        }
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        self.ignored_keys(node, ptr, &names, &format!("`{key}`"));
        for (name, ty) in fields {
            let Some(value) = node.get(name) else {
                continue;
            };
            let field_ptr = child_pointer(ptr, name);
            match ty {
                FieldType::Record(inner) => self.record(value, &field_ptr, name, inner),
                _ if ty.binds(value) => {}
                _ => self.wrong_type(value, &field_ptr, name, ty.describe(), "..."),
            }
        }
    }

    /// `plan`: a mapping (opaque to the scenario manager) or null.
    fn plan(&mut self) {
        let Some(plan) = self.root.get("plan") else {
            return;
        };
        if !matches!(plan.value, Value::Null | Value::Map(_)) {
            self.wrong_type(plan, "/plan", "plan", "a mapping", "{...}");
        }
    }
}

/// PH009: a YAML alias, which the platform reads as its anchor's name
/// (VALIDATOR.md D8; the same for every file its strict mapper reads).
pub(crate) fn alias_finding(alias: &AliasUse) -> Finding {
    Finding::error(
        ALIAS,
        format!(
            "YAML alias `*{0}`: the platform does not expand aliases; it reads the text \
             \"{0}\" here",
            alias.name
        ),
    )
    .with_fix(format!(
        "write the value out in full instead of `*{}` (and drop the `&{}` anchor)",
        alias.name, alias.name
    ))
}

/// PH010: a YAML merge key, which the platform keeps as an ordinary key
/// (VALIDATOR.md D10).
pub(crate) fn merge_key_finding() -> Finding {
    Finding::error(
        MERGE_KEY,
        "YAML merge key `<<`: the platform does not merge; it reads an ordinary key \
         `<<` and none of the merged fields",
    )
    .with_fix("write the merged fields out in full and delete the `<<` entry")
}

/// PH006: a second YAML document in `file`, which the platform never reads
/// (VALIDATOR.md D5).
pub(crate) fn later_document_finding(file: &str) -> Finding {
    Finding::warning(
        "PH006",
        format!(
            "a second YAML document starts here: the platform reads only the first \
             document of {file} and ignores the rest (not even its syntax is checked)"
        ),
    )
    .with_fix(if file == "scenario.yaml" {
        "keep one scenario per file; move or delete everything from this `---` on"
    } else {
        "keep one document per file; move or delete everything from this `---` on"
    })
}

/// Turns a config issue of the `config` block at `config_ptr` (e.g.
/// `/template/bees/2/config`) into a finding: at the key or the value it
/// names, or at the nearest existing ancestor's key when it names a missing
/// field; with the display path of the issue's pointer.
pub(crate) fn place_issue(root: &Node, config_ptr: &str, issue: ConfigIssue) -> Finding {
    let pointer = format!("{config_ptr}{}", issue.pointer);
    let span = locate(root, &pointer, issue.aim.at == Aim::Key);
    let at = Position {
        line: span.line,
        column: span.column,
    };
    issue.placed(at, display_path(root, &pointer))
}

/// The span a finding about `pointer` should point at: the key (when
/// `at_key` and the key exists), else the value, else the key (or value) of
/// the nearest existing ancestor.
pub(crate) fn locate(root: &Node, pointer: &str, at_key: bool) -> Span {
    if at_key {
        if let Some(key) = root.key_at(pointer) {
            return key.span;
        }
    }
    let (node, rest) = root.nearest(pointer);
    if rest.is_empty() {
        return node.span;
    }
    // Missing field: point at the key of the deepest existing map entry.
    let segments = pointer_segments(pointer);
    let existing = segments.len().saturating_sub(rest.len());
    let prefix: String = segments
        .iter()
        .take(existing)
        .map(|s| format!("/{}", escape_segment(s)))
        .collect();
    root.key_at(&prefix).map_or(node.span, |k| k.span)
}

/// `template.bees[2].config.inputs.type` for `/template/bees/2/config/inputs/type`,
/// using the tree to tell list indexes from keys.
pub(crate) fn display_path(root: &Node, pointer: &str) -> String {
    let mut out = String::new();
    let mut node = Some(root);
    for segment in pointer_segments(pointer) {
        let in_seq = node.is_some_and(|n| matches!(n.value, Value::Seq(_)));
        if in_seq && segment.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
            node = node
                .and_then(|n| n.as_seq())
                .and_then(|items| segment.parse::<usize>().ok().and_then(|i| items.get(i)));
            continue;
        }
        let plain = !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
        if plain {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        } else {
            out.push_str(&format!("[{}]", serde_json::Value::String(segment.clone())));
        }
        node = node.and_then(|n| n.get(&segment));
    }
    out
}

fn did_you_mean(key: &str, known: &[&str], otherwise: &str) -> String {
    crate::suggest::did_you_mean(key, known, otherwise)
}

/// The major version of a strict `MAJOR.MINOR.PATCH` (digits only, no
/// leading zeros), or `None`.
fn strict_semver_major(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 3 {
        return None;
    }
    let mut numbers = parts.iter().map(|p| {
        let digits = !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let leading_zero = p.len() > 1 && p.starts_with('0');
        if digits && !leading_zero {
            p.parse::<u64>().ok()
        } else {
            None
        }
    });
    let major = numbers.next()??;
    numbers.all(|n| n.is_some()).then_some(major)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse, Limits};

    fn codes(text: &str) -> Vec<(&'static str, usize, usize, String)> {
        let doc = parse(text, &Limits::default()).unwrap();
        check_document(&doc, SchemaSet::builtin())
            .into_iter()
            .map(|f| (f.code, f.line, f.column, f.path))
            .collect()
    }

    const VALID: &str = "protocolVersion: \"2.0.0\"\nid: s\nname: S\ntemplate:\n  image: swarm-controller:latest\n  bees:\n    - role: mod\n      image: moderator:latest\n      work: {}\n      config: {mode: {type: pass-through}}\n";

    #[test]
    fn valid_minimal_file_has_no_findings() {
        assert_eq!(codes(VALID), vec![]);
    }

    #[test]
    fn semver_is_strict() {
        assert_eq!(strict_semver_major("2.0.0"), Some(2));
        assert_eq!(strict_semver_major("10.1.2"), Some(10));
        for bad in ["2.0", "2.0.0.0", "02.0.0", "v2.0.0", "2.0.x", "2..0", ""] {
            assert_eq!(strict_semver_major(bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_version_does_not_hide_other_findings() {
        let text = VALID
            .replace("\"2.0.0\"", "\"1.0.0\"")
            .replace("id: s\n", "");
        let found = codes(&text);
        assert_eq!(found[0], ("PH101", 1, 18, "protocolVersion".to_string()));
        assert_eq!(found[1].0, "PH102");
        assert_eq!(found[1].3, "id");
    }

    #[test]
    fn display_paths() {
        let doc = parse("a:\n  - b: {c: 1}\n", &Limits::default()).unwrap();
        assert_eq!(display_path(&doc.root, "/a/0/b/c"), "a[0].b.c");
        assert_eq!(display_path(&doc.root, "/a/0/x.y"), "a[0][\"x.y\"]");
        assert_eq!(display_path(&doc.root, ""), "");
    }

    #[test]
    fn config_issues_are_placed_on_key_value_or_nearest_ancestor() {
        let text = "template:\n  bees:\n    - role: a\n      config:\n        inputs:\n          type: NOPE\n          extra: 1\n";
        let doc = parse(text, &Limits::default()).unwrap();
        let issue = |pointer: &str, at_key: bool| {
            let issue = ConfigIssue::error(pointer, "PH3xx", "m".into(), "f".into());
            if at_key {
                issue.at_key()
            } else {
                issue
            }
        };
        let base = "/template/bees/0/config";
        let f = place_issue(&doc.root, base, issue("/inputs/type", false));
        assert_eq!(
            (f.line, f.column, f.path.as_str()),
            (6, 17, "template.bees[0].config.inputs.type")
        );
        let f = place_issue(&doc.root, base, issue("/inputs/extra", true));
        assert_eq!((f.line, f.column), (7, 11));
        let f = place_issue(
            &doc.root,
            base,
            issue("/inputs/scheduler/ratePerSec", false),
        );
        assert_eq!(
            (f.line, f.column, f.path.as_str()),
            (5, 9, "template.bees[0].config.inputs.scheduler.ratePerSec")
        );
        let f = place_issue(&doc.root, base, issue("", false));
        assert_eq!(
            (f.line, f.column, f.path.as_str()),
            (5, 9, "template.bees[0].config")
        );
    }

    #[test]
    fn locate_falls_back_to_nearest_key() {
        let doc = parse("a:\n  b:\n    c: 1\n", &Limits::default()).unwrap();
        let span = locate(&doc.root, "/a/b/missing", false);
        assert_eq!((span.line, span.column), (2, 3));
        let span = locate(&doc.root, "/a/b/c", true);
        assert_eq!((span.line, span.column), (3, 5));
        let span = locate(&doc.root, "/a/b/c", false);
        assert_eq!((span.line, span.column), (3, 8));
    }
}
