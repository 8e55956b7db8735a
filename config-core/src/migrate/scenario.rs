//! Rewriting legacy scenario shapes (PocketHive RULES.md, "Migration of
//! legacy shapes"), as text edits guided by the YAML tree's spans.
//!
//! - `bees[].id` becomes `role` (`PH510`): the key is renamed; when `role` is
//!   also set, an equal value drops `id`, a `role` naming the bee's worker
//!   kind (from `image`) is replaced by the id (the old id wins), anything
//!   else is a conflict (`PH520`). Two bees ending with one role: `PH526`.
//! - `edges[].from|to.beeId` becomes `role` (`PH511`); it must name a bee,
//!   and an existing different `role` is a conflict (`PH521`).
//! - `config.worker.config.*`, then `config.worker.*`, then
//!   `config.pockethive.worker.config.*` move up into `config.*` (`PH512`),
//!   re-indented, with their comments; an existing key with an equal value
//!   makes the move a no-op, a different value is a conflict (`PH522`); a
//!   non-map wrapper is `PH523`; other keys under `config.pockethive` are
//!   unsupported (`PH524`).
//! - A missing `inputs.type` / `outputs.type` is added when exactly one known
//!   sub-block is present (`PH513`); more than one is ambiguous (`PH525`).
//!
//! Any error leaves the whole file unchanged. The result is re-parsed before
//! it is offered (`PH505` if it would not parse).
//!
//! Example: the unit test `doc_examples::scenario_plan`.

use super::compose::scalar_text;
use super::yaml_text::{blank_before, content_end, dedent, eol, line_end_after, line_start};
use super::{apply_edits, codes, Change, FilePlan, TextEdit};
use crate::finding::{Finding, Position};
use crate::source::yaml::{Entry, Node};
use std::collections::BTreeMap;
use std::ops::Range;

/// Plans the migration of a scenario file's text.
pub(crate) fn plan(text: &str) -> FilePlan {
    let document = match super::parse_yaml(text) {
        Ok(document) => document,
        Err(plan) => return plan,
    };
    let mut migrator = Migrator {
        text,
        plan: FilePlan::default(),
    };
    let bees = document
        .root
        .pointer("/template/bees")
        .and_then(Node::as_seq)
        .unwrap_or(&[]);
    let mut roles = BTreeMap::new();
    for (index, bee) in bees.iter().enumerate() {
        migrator.bee_identity(index, bee, &mut roles);
    }
    if let Some(edges) = document
        .root
        .pointer("/topology/edges")
        .and_then(Node::as_seq)
    {
        for (index, edge) in edges.iter().enumerate() {
            for side in ["from", "to"] {
                if let Some(endpoint) = edge.get(side) {
                    migrator.endpoint(index, side, endpoint, &roles);
                }
            }
        }
    }
    for (index, bee) in bees.iter().enumerate() {
        if let Some(config) = bee.get("config") {
            migrator.config(index, config);
        }
    }
    let mut plan = migrator.plan;
    super::check_reparses(text, &mut plan);
    plan
}

/// The worker kind an image names (declared once, in [`crate::scenario::kind`]).
pub(crate) use crate::scenario::kind::kind_of_image;

fn find<'a>(entries: &'a [Entry], key: &str) -> Option<(usize, &'a Entry)> {
    entries
        .iter()
        .enumerate()
        .find(|(_, e)| e.key.as_str() == Some(key))
}

/// How a wrapper entry is shared through a YAML anchor and alias, if it is:
/// its value is an alias (`worker: *w`), or it carries an anchor that an
/// alias elsewhere refers to (`worker: &w ...` with a `*w`). Lifting its keys
/// would edit text that stands for more than this bee (a whole `config:`
/// shared by alias is fine: its edits are the anchor's, made once).
fn shared_by_alias(text: &str, wrapper: &Entry) -> Option<String> {
    let value_text = text.get(wrapper.value.span.start..).unwrap_or("");
    if value_text.starts_with('*') {
        return Some("an alias of a wrapper defined elsewhere".into());
    }
    let between = text
        .get(wrapper.key.span.end..wrapper.value.span.start)
        .unwrap_or("");
    let anchored = between
        .find('&')
        .map(|i| between.get(i + 1..).unwrap_or(""))
        .or_else(|| value_text.strip_prefix('&'))?;
    let name: String = anchored
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect();
    (!name.is_empty() && text.contains(&format!("*{name}")))
        .then(|| format!("anchored as '&{name}' and used elsewhere through '*{name}'"))
}

fn position(node: &Node) -> Position {
    Position {
        line: node.span.line,
        column: node.span.column,
    }
}

/// A wrapper entry to move up into `config`.
struct Lifted<'a> {
    entry: &'a Entry,
    /// The key of the mapping holding it, and that mapping's entries.
    parent_key: &'a Node,
    siblings: &'a [Entry],
    index: usize,
    /// Where it comes from, relative to `config` (`worker.config`).
    from: &'static str,
}

/// The IO sub-blocks each selector knows, and the selector value each means.
const IO_BLOCKS: [(&str, &[(&str, &str)]); 2] = [
    (
        "inputs",
        &[
            ("scheduler", "SCHEDULER"),
            ("redis", "REDIS_DATASET"),
            ("csv", "CSV_DATASET"),
        ],
    ),
    ("outputs", &[("redis", "REDIS")]),
];

struct Migrator<'t> {
    text: &'t str,
    plan: FilePlan,
}

impl<'t> Migrator<'t> {
    fn error(&mut self, code: &'static str, at: &Node, path: String, message: String, fix: String) {
        self.plan.problems.push(
            Finding::error(code, message)
                .at(position(at))
                .with_path(path)
                .with_fix(fix),
        );
    }

    fn change(
        &mut self,
        code: &'static str,
        at: &Node,
        path: &str,
        old: String,
        new: String,
        message: String,
    ) {
        self.plan.changes.push(Change {
            code,
            line: at.span.line,
            column: at.span.column,
            path: path.to_string(),
            old,
            new,
            message,
        });
    }

    fn edit(&mut self, range: Range<usize>, replacement: impl Into<String>) {
        self.plan.edits.push(TextEdit {
            range,
            replacement: replacement.into(),
        });
    }

    /// Renames a plain key (`id` -> `role`); a quoted key keeps its quotes.
    fn rename_key(&mut self, key: &Node, old: &str, new: &str) -> bool {
        let raw = self.text.get(key.span.start..key.span.end).unwrap_or("");
        let start = key.span.start + usize::from(raw.starts_with(['"', '\'']));
        if self.text.get(start..start + old.len()) != Some(old) {
            self.cannot_edit(key, old);
            return false;
        }
        self.edit(start..start + old.len(), new);
        true
    }

    /// Removes entry `index` of a block mapping; `false` (and `PH505`) when
    /// the layout does not allow it.
    fn remove_entry(&mut self, entries: &[Entry], index: usize) -> bool {
        let Some(entry) = entries.get(index) else {
            return false;
        };
        match entry_removal(self.text, entries, index) {
            Some(range) => {
                self.edit(range, "");
                true
            }
            None => {
                let name = entry.key.key_text();
                self.cannot_edit(&entry.key, &name);
                false
            }
        }
    }

    /// Leaves one `role: <id value>` entry. The entry that starts its own
    /// line is removed, so a `- id: x` opening a sequence item keeps the dash
    /// line (renamed to `role`) and every comment stays.
    fn merge_id_into_role(
        &mut self,
        entries: &[Entry],
        id_index: usize,
        role_index: usize,
    ) -> bool {
        let (Some(id), Some(role)) = (entries.get(id_index), entries.get(role_index)) else {
            return false;
        };
        if blank_before(self.text, id.key.span.start) {
            let raw = self
                .text
                .get(id.value.span.start..id.value.span.end)
                .unwrap_or("")
                .to_string();
            if !self.remove_entry(entries, id_index) {
                return false;
            }
            if id.value.to_json() != role.value.to_json() {
                self.edit(role.value.span.start..role.value.span.end, raw);
            }
            true
        } else {
            self.rename_key(&id.key, "id", "role") && self.remove_entry(entries, role_index)
        }
    }

    fn cannot_edit(&mut self, at: &Node, name: &str) {
        self.error(
            codes::CANNOT_EDIT,
            at,
            name.to_string(),
            format!("'{name}' needs a change, but its layout (flow style, or several entries on a line) cannot be edited safely"),
            "write the enclosing block one entry per line (block style), then run cfgate migrate again".into(),
        );
    }

    fn bee_identity(&mut self, index: usize, bee: &Node, roles: &mut BTreeMap<String, usize>) {
        let Some(entries) = bee.as_map() else {
            return;
        };
        let path = format!("template.bees[{index}]");
        let id = find(entries, "id");
        let role = find(entries, "role");
        let final_role = match (id, role) {
            (None, None) => None,
            (None, Some((_, role))) => scalar_text(self.text, &role.value),
            (Some((_, id)), None) => {
                let Some(value) = scalar_text(self.text, &id.value) else {
                    self.error(
                        codes::BEE_ID_CONFLICT,
                        &id.value,
                        format!("{path}.id"),
                        "the legacy 'id' is not a scalar, so it cannot become the bee's role"
                            .into(),
                        "replace 'id' with 'role: <name>'".into(),
                    );
                    return;
                };
                if self.rename_key(&id.key, "id", "role") {
                    self.change(
                        codes::BEE_ID,
                        &id.key,
                        &format!("{path}.id"),
                        format!("{path}.id"),
                        format!("{path}.role"),
                        format!("the legacy 'id' ('{value}') becomes the bee's role"),
                    );
                }
                Some(value)
            }
            (Some((id_index, id)), Some((role_index, role))) => {
                let id_value = scalar_text(self.text, &id.value).unwrap_or_default();
                let role_value = scalar_text(self.text, &role.value).unwrap_or_default();
                let kind = bee
                    .get("image")
                    .and_then(Node::as_str)
                    .map(kind_of_image)
                    .unwrap_or_default();
                let role_wins_kind = !kind.is_empty() && role_value == kind;
                if id_value == role_value || role_wins_kind {
                    let message = if id_value == role_value {
                        format!(
                            "'role' already holds the same value ('{role_value}'); 'id' is removed"
                        )
                    } else {
                        format!("the legacy id wins: the old role '{role_value}' was the worker kind, which now comes from 'image'")
                    };
                    if self.merge_id_into_role(entries, id_index, role_index) {
                        self.change(
                            codes::BEE_ID,
                            &id.key,
                            &format!("{path}.id"),
                            format!("{path}.id: {id_value}, {path}.role: {role_value}"),
                            format!("{path}.role: {id_value}"),
                            message,
                        );
                    }
                } else {
                    self.error(codes::BEE_ID_CONFLICT, &id.key, format!("{path}.id"),
                        format!("the bee has the legacy id '{id_value}' and the role '{role_value}', which is not its worker kind ('{kind}'): which one names the bee is unclear; nothing is changed"),
                        format!("delete 'id' to keep the role '{role_value}', or set 'role: {id_value}' and delete 'id'"));
                    return;
                }
                Some(id_value)
            }
        };
        if let Some(role) = final_role {
            if let Some(previous) = roles.insert(role.clone(), index) {
                self.error(
                    codes::DUPLICATE_ROLE,
                    bee,
                    path,
                    format!("bees[{previous}] and bees[{index}] would both have the role '{role}'"),
                    "give each bee a unique id/role before migrating".into(),
                );
            }
        }
    }

    fn endpoint(
        &mut self,
        index: usize,
        side: &str,
        endpoint: &Node,
        roles: &BTreeMap<String, usize>,
    ) {
        let Some(entries) = endpoint.as_map() else {
            return;
        };
        let Some((bee_id_index, bee_id)) = find(entries, "beeId") else {
            return;
        };
        let path = format!("topology.edges[{index}].{side}");
        let value = scalar_text(self.text, &bee_id.value).unwrap_or_default();
        if !roles.contains_key(&value) {
            let known = crate::suggest::listed(roles.keys().map(String::as_str));
            self.error(codes::EDGE_CONFLICT, &bee_id.value, format!("{path}.beeId"),
                format!("beeId '{value}' names no bee (no bee has that id or role), so it cannot become a role"),
                format!("set it to one of: {known}"));
            return;
        }
        match find(entries, "role") {
            None => {
                if self.rename_key(&bee_id.key, "beeId", "role") {
                    self.change(
                        codes::EDGE_BEE_ID,
                        &bee_id.key,
                        &format!("{path}.beeId"),
                        format!("{path}.beeId"),
                        format!("{path}.role"),
                        format!("the legacy 'beeId' ('{value}') becomes 'role'"),
                    );
                }
            }
            Some((_, role)) => {
                let role_value = scalar_text(self.text, &role.value).unwrap_or_default();
                if role_value == value {
                    if self.remove_entry(entries, bee_id_index) {
                        self.change(
                            codes::EDGE_BEE_ID,
                            &bee_id.key,
                            &format!("{path}.beeId"),
                            format!("{path}.beeId"),
                            String::new(),
                            format!("'role' already holds the same value ('{value}')"),
                        );
                    }
                } else {
                    self.error(codes::EDGE_CONFLICT, &bee_id.key, format!("{path}.beeId"),
                        format!("the endpoint has beeId '{value}' and role '{role_value}'; nothing is changed"),
                        "delete the one that is wrong".into());
                }
            }
        }
    }

    fn config(&mut self, index: usize, config: &Node) {
        let Some(entries) = config.as_map() else {
            return;
        };
        let base = format!("template.bees[{index}].config");
        let errors_before = self.plan.problems.len();
        let mut wrappers: Vec<&Entry> = Vec::new();
        let mut sources: Vec<Lifted<'_>> = Vec::new();
        if let Some((_, worker)) = find(entries, "worker") {
            wrappers.push(worker);
            self.worker_sources(worker, &base, &mut sources);
        }
        if let Some((_, pockethive)) = find(entries, "pockethive") {
            wrappers.push(pockethive);
            self.pockethive_sources(pockethive, &base, &mut sources);
        }
        for wrapper in &wrappers {
            if let Some(how) = shared_by_alias(self.text, wrapper) {
                let name = wrapper.key.key_text();
                self.error(codes::CANNOT_EDIT, &wrapper.key, format!("{base}.{name}"),
                    format!("the legacy wrapper '{name}' is {how}; moving its keys would break the alias, so nothing is changed"),
                    "write the wrapper out in full in each bee instead of sharing it with an anchor and alias, then run cfgate migrate again".into());
            }
        }
        if self.plan.problems.len() > errors_before {
            return;
        }
        let moved = self.merge_sources(&base, entries, &sources);
        for wrapper in &wrappers {
            if !owns_block(self.text, &wrapper.key, &wrapper.value) {
                self.cannot_edit(&wrapper.key, &format!("config.{}", wrapper.key.key_text()));
            }
        }
        // Moved keys must start their lines (checked once the wrappers are fine,
        // so one layout problem is reported once).
        let misplaced = moved
            .iter()
            .find(|s| !blank_before(self.text, s.entry.key.span.start));
        if let (Some(source), true) = (misplaced, self.plan.problems.len() == errors_before) {
            self.cannot_edit(&source.entry.key, &source.entry.key.key_text());
        }
        if self.plan.problems.len() > errors_before {
            return;
        }
        // IO selectors on the config as it will be: direct keys, then moved ones.
        let mut insertions: Vec<TextEdit> = Vec::new();
        for (block, known) in IO_BLOCKS {
            let node = find(entries, block).map(|(_, e)| &e.value).or_else(|| {
                moved
                    .iter()
                    .find(|s| s.entry.key.as_str() == Some(block))
                    .map(|s| &s.entry.value)
            });
            if let Some(node) = node {
                self.selector(node, &format!("{base}.{block}"), known, &mut insertions);
            }
        }
        // A config holding only wrappers whose keys all drop stays a mapping.
        let empties = wrappers.len() == entries.len() && moved.is_empty();
        self.move_up(&wrappers, &moved, insertions, empties);
    }

    /// Decides, for each wrapper key in order, whether it moves up (`PH512`),
    /// is a no-op (equal value) or conflicts (`PH522`); returns the ones that move.
    fn merge_sources<'s>(
        &mut self,
        base: &str,
        entries: &[Entry],
        sources: &'s [Lifted<'s>],
    ) -> Vec<&'s Lifted<'s>> {
        // Keys directly under `config` (not the wrappers), as JSON, to compare.
        let mut present: BTreeMap<String, (serde_json::Value, String)> = entries
            .iter()
            .filter(|e| !matches!(e.key.as_str(), Some("worker" | "pockethive")))
            .map(|e| {
                let at = format!("config.{} (line {})", e.key.key_text(), e.key.span.line);
                (e.key.key_text(), (e.value.to_json(), at))
            })
            .collect();
        let mut moved: Vec<&Lifted<'_>> = Vec::new();
        for source in sources {
            let key = source.entry.key.key_text();
            let from = format!("config.{}.{key}", source.from);
            let value = source.entry.value.to_json();
            match present.get(&key) {
                Some((existing, at)) if *existing == value => {
                    self.change(
                        codes::LIFT_WRAPPER_KEY,
                        &source.entry.key,
                        &format!("{base}.{}.{key}", source.from),
                        format!("{base}.{}.{key}", source.from),
                        String::new(),
                        format!("{at} already holds the same value"),
                    );
                }
                Some((_, at)) => {
                    let at = at.clone();
                    self.error(codes::LIFT_CONFLICT, &source.entry.key, format!("{base}.{}.{key}", source.from),
                        format!("{from} moves up to config.{key}, but {at} already holds a different value; nothing is changed"),
                        "keep one of the two values and delete the other, then run cfgate migrate again".into());
                }
                None => {
                    let at = format!("{from} (line {})", source.entry.key.span.line);
                    present.insert(key.clone(), (value, at));
                    moved.push(source);
                    self.change(
                        codes::LIFT_WRAPPER_KEY,
                        &source.entry.key,
                        &format!("{base}.{}.{key}", source.from),
                        format!("{base}.{}.{key}", source.from),
                        format!("{base}.{key}"),
                        "legacy wrapper: its content belongs directly under 'config'".into(),
                    );
                }
            }
        }
        moved
    }

    fn worker_sources<'a>(&mut self, worker: &'a Entry, base: &str, sources: &mut Vec<Lifted<'a>>) {
        let Some(children) = worker.value.as_map() else {
            self.not_a_map(&worker.value, format!("{base}.worker"));
            return;
        };
        if let Some((_, inner)) = find(children, "config") {
            match inner.value.as_map() {
                Some(grandchildren) => {
                    for (i, entry) in grandchildren.iter().enumerate() {
                        sources.push(Lifted {
                            entry,
                            parent_key: &inner.key,
                            siblings: grandchildren,
                            index: i,
                            from: "worker.config",
                        });
                    }
                }
                None => self.not_a_map(&inner.value, format!("{base}.worker.config")),
            }
        }
        for (i, entry) in children.iter().enumerate() {
            if entry.key.as_str() != Some("config") {
                sources.push(Lifted {
                    entry,
                    parent_key: &worker.key,
                    siblings: children,
                    index: i,
                    from: "worker",
                });
            }
        }
    }

    fn pockethive_sources<'a>(
        &mut self,
        pockethive: &'a Entry,
        base: &str,
        sources: &mut Vec<Lifted<'a>>,
    ) {
        let Some(children) = pockethive.value.as_map() else {
            self.not_a_map(&pockethive.value, format!("{base}.pockethive"));
            return;
        };
        for entry in children {
            if entry.key.as_str() != Some("worker") {
                self.unsupported(entry, format!("{base}.pockethive.{}", entry.key.key_text()));
            }
        }
        let Some((_, worker)) = find(children, "worker") else {
            return;
        };
        let Some(worker_children) = worker.value.as_map() else {
            self.not_a_map(&worker.value, format!("{base}.pockethive.worker"));
            return;
        };
        for entry in worker_children {
            if entry.key.as_str() != Some("config") {
                self.unsupported(
                    entry,
                    format!("{base}.pockethive.worker.{}", entry.key.key_text()),
                );
            }
        }
        let Some((_, inner)) = find(worker_children, "config") else {
            return;
        };
        let Some(grandchildren) = inner.value.as_map() else {
            self.not_a_map(&inner.value, format!("{base}.pockethive.worker.config"));
            return;
        };
        for (i, entry) in grandchildren.iter().enumerate() {
            sources.push(Lifted {
                entry,
                parent_key: &inner.key,
                siblings: grandchildren,
                index: i,
                from: "pockethive.worker.config",
            });
        }
    }

    fn not_a_map(&mut self, at: &Node, path: String) {
        let message = format!("the legacy wrapper {path} is a {}, not a mapping, so its content cannot move up into config; nothing is changed", at.type_name());
        self.error(
            codes::WRAPPER_NOT_MAP,
            at,
            path,
            message,
            "move the intended keys directly under 'config' by hand and delete the wrapper".into(),
        );
    }

    fn unsupported(&mut self, entry: &Entry, path: String) {
        let message = format!("{path} is not part of a known legacy shape (only config.pockethive.worker.config.* can move up); nothing is changed");
        self.error(
            codes::UNSUPPORTED_WRAPPER_KEY,
            &entry.key,
            path,
            message,
            "move or delete this key by hand, then run cfgate migrate again".into(),
        );
    }

    fn selector(
        &mut self,
        node: &Node,
        path: &str,
        known: &[(&str, &str)],
        insertions: &mut Vec<TextEdit>,
    ) {
        let Some(entries) = node.as_map() else {
            return;
        };
        if find(entries, "type").is_some() {
            return;
        }
        let present: Vec<(&Entry, &str)> = entries
            .iter()
            .filter_map(|e| {
                known
                    .iter()
                    .find(|(k, _)| e.key.as_str() == Some(*k))
                    .map(|(_, t)| (e, *t))
            })
            .collect();
        let (sub, selector) = match present.as_slice() {
            [] => return,
            [one] => *one,
            [first, ..] => {
                let names: Vec<String> = present.iter().map(|(e, _)| e.key.key_text()).collect();
                let options: Vec<&str> = present.iter().map(|(_, t)| *t).collect();
                self.error(codes::AMBIGUOUS_IO, &first.0.key, format!("{path}.type"),
                    format!("{path} has the sub-blocks {} and no type: which one is meant is ambiguous; nothing is changed", names.join(", ")),
                    format!("add 'type:' with one of {}, and delete the unused sub-blocks", options.join(", ")));
                return;
            }
        };
        let raw = self.text.get(node.span.start..).unwrap_or("");
        let (at, line) = if let Some(inner) = raw.strip_prefix('{') {
            let padding = inner.len() - inner.trim_start_matches(' ').len();
            (node.span.start + 1 + padding, format!("type: {selector}, "))
        } else {
            let Some(first) = entries.first() else { return };
            if !blank_before(self.text, first.key.span.start) {
                self.cannot_edit(&first.key, path);
                return;
            }
            let indent = " ".repeat(first.key.span.column.saturating_sub(1));
            (
                line_start(self.text, first.key.span.start),
                format!("{indent}type: {selector}{}", eol(self.text)),
            )
        };
        insertions.push(TextEdit {
            range: at..at,
            replacement: line,
        });
        self.change(
            codes::ADD_IO_SELECTOR,
            &sub.key,
            &format!("{path}.type"),
            format!("{path}.{} (no type)", sub.key.key_text()),
            format!("{path}.type: {selector}"),
            format!("exactly one known sub-block is present, so the selector is {selector}"),
        );
    }

    /// Replaces the first wrapper with the moved entries (re-indented to the
    /// wrapper's own indentation) and removes the other wrappers. Selector
    /// insertions inside moved text travel with it.
    fn move_up(
        &mut self,
        wrappers: &[&Entry],
        moved: &[&Lifted<'_>],
        mut insertions: Vec<TextEdit>,
        empties: bool,
    ) {
        let mut wrappers: Vec<&&Entry> = wrappers.iter().collect();
        wrappers.sort_by_key(|w| w.key.span.start);
        let Some(first) = wrappers.first() else {
            self.plan.edits.append(&mut insertions);
            return;
        };
        let target = first.key.span.column.saturating_sub(1);
        let ending = eol(self.text);
        let chunks: Vec<Range<usize>> = moved.iter().map(|s| chunk_range(self.text, s)).collect();
        // Comment lines of the wrappers that belong to no moved entry (the
        // wrapper headers, dropped equal keys) come first, so none is lost.
        let mut replacement = String::new();
        for wrapper in &wrappers {
            let range = line_start(self.text, wrapper.key.span.start)
                ..line_end_after(self.text, content_end(self.text, &wrapper.value));
            let mut at = range.start;
            for line in self
                .text
                .get(range.clone())
                .unwrap_or("")
                .split_inclusive('\n')
            {
                let here = at;
                at += line.len();
                let in_chunk = chunks.iter().any(|c| c.contains(&here));
                if !in_chunk && line.trim_start().starts_with('#') {
                    replacement.push_str(&" ".repeat(target));
                    replacement.push_str(line.trim_start());
                    if !line.ends_with('\n') {
                        replacement.push_str(ending);
                    }
                }
            }
        }
        for source in moved {
            let range = chunk_range(self.text, source);
            let (inside, outside): (Vec<TextEdit>, Vec<TextEdit>) = insertions
                .into_iter()
                .partition(|e| range.contains(&e.range.start));
            insertions = outside;
            let local: Vec<TextEdit> = inside
                .into_iter()
                .map(|e| TextEdit {
                    range: e.range.start - range.start..e.range.end - range.start,
                    replacement: e.replacement,
                })
                .collect();
            let chunk = self.text.get(range.clone()).unwrap_or("");
            let chunk = apply_edits(chunk, &local).unwrap_or_else(|_| chunk.to_string());
            let by = source
                .entry
                .key
                .span
                .column
                .saturating_sub(1)
                .saturating_sub(target);
            let mut chunk = dedent(&chunk, by);
            if !chunk.ends_with('\n') {
                chunk.push_str(ending);
            }
            replacement.push_str(&chunk);
        }
        if empties {
            replacement.push_str(&format!("{}{{}}{ending}", " ".repeat(target)));
        }
        for (i, wrapper) in wrappers.iter().enumerate() {
            let range = line_start(self.text, wrapper.key.span.start)
                ..line_end_after(self.text, content_end(self.text, &wrapper.value));
            if i == 0 {
                if !self.text.get(range.clone()).unwrap_or("").ends_with('\n') {
                    let trimmed = replacement.trim_end_matches(['\n', '\r']).len();
                    replacement.truncate(trimmed);
                }
                let text = std::mem::take(&mut replacement);
                self.edit(range, text);
            } else {
                self.edit(range, "");
            }
        }
        self.plan.edits.append(&mut insertions);
    }
}

/// A moved entry's text: from the end of the previous entry (so its leading
/// comments come along) to the end of its last line.
fn chunk_range(text: &str, source: &Lifted<'_>) -> Range<usize> {
    let start = match source
        .index
        .checked_sub(1)
        .and_then(|i| source.siblings.get(i))
    {
        Some(previous) => line_end_after(text, content_end(text, &previous.value)),
        None => line_end_after(text, source.parent_key.span.end),
    };
    let start = start.min(line_start(text, source.entry.key.span.start));
    start..line_end_after(text, content_end(text, &source.entry.value))
}

/// Whether a wrapper owns its lines (its key starts a line, nothing but a
/// comment follows its value). A flow-style value is fine to remove whole;
/// moving keys out of one is refused by the moved-key check.
fn owns_block(text: &str, key: &Node, value: &Node) -> bool {
    super::yaml_text::owns_lines(text, key, value)
}

/// The bytes to remove to drop entry `index` of a block mapping, or `None`
/// when the layout does not allow a clean removal.
fn entry_removal(text: &str, entries: &[Entry], index: usize) -> Option<Range<usize>> {
    let entry = entries.get(index)?;
    let end = content_end(text, &entry.value);
    let after = text.get(end..line_end_after(text, end))?.trim();
    let after = after.strip_prefix(':').map_or(after, str::trim);
    if after.starts_with(',') || after.starts_with('}') {
        // Flow mapping: take the entry with the separator next to it.
        return match (
            index.checked_sub(1).and_then(|i| entries.get(i)),
            entries.get(index + 1),
        ) {
            (_, Some(next)) => Some(entry.key.span.start..next.key.span.start),
            (Some(previous), None) => Some(content_end(text, &previous.value)..end),
            (None, None) => Some(entry.key.span.start..end),
        };
    }
    if !(after.is_empty() || after.starts_with('#')) {
        return None;
    }
    let start = line_start(text, entry.key.span.start);
    if blank_before(text, entry.key.span.start) {
        return Some(start..line_end_after(text, end));
    }
    // `- id: x` opening a sequence item: pull the next key onto the dash line.
    let prefix = text.get(start..entry.key.span.start)?;
    let next = entries.get(index + 1)?;
    (prefix.trim() == "-" && blank_before(text, next.key.span.start))
        .then_some(entry.key.span.start..next.key.span.start)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::source::yaml::{parse, Limits};

    /// Migrates, checks the result parses and a second run changes nothing.
    fn migrate(text: &str) -> String {
        let p = plan(text);
        assert!(!p.has_errors(), "{:#?}", p.problems);
        let out = p.migrated(text).unwrap_or_else(|| text.to_string());
        parse(&out, &Limits::default()).unwrap();
        let again = plan(&out);
        assert!(
            !again.would_change() && !again.has_errors(),
            "not idempotent:\n{out}\n{again:#?}"
        );
        out
    }

    fn codes_of(text: &str) -> Vec<&'static str> {
        plan(text).problems.iter().map(|p| p.code).collect()
    }

    #[test]
    fn a_wrapper_shared_by_alias_is_refused_not_an_internal_error() {
        let text = "template:\n  bees:\n    - role: a\n      image: generator:latest\n      config:\n        worker: &w\n          config:\n            x: 1\n    - role: b\n      image: generator:latest\n      config:\n        worker: *w\n";
        let plan = plan(text);
        let messages: Vec<&str> = plan.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.iter().all(|m| !m.contains("internal error")),
            "{messages:?}"
        );
        assert_eq!(plan.problems.len(), 2, "{messages:?}");
        assert!(messages[0].contains("anchored as '&w'"), "{messages:?}");
        assert!(
            messages[1].contains("an alias of a wrapper"),
            "{messages:?}"
        );
        assert!(plan.migrated(text).is_none());
        // A whole config shared by alias migrates once, through its anchor.
        let whole = "template:\n  bees:\n    - role: a\n      image: generator:latest\n      config: &c\n        worker:\n          config:\n            x: 1\n    - role: b\n      image: generator:latest\n      config: *c\n";
        let migrated = super::plan(whole).migrated(whole).unwrap();
        assert!(
            migrated.contains("config: &c\n        x: 1\n"),
            "{migrated}"
        );
    }

    #[test]
    fn kinds_from_images() {
        assert_eq!(kind_of_image("processor:0.15"), "processor");
        assert_eq!(
            kind_of_image("ghcr.io/x/pockethive/Processor@sha256:abc"),
            "processor"
        );
        assert_eq!(kind_of_image("generator"), "generator");
    }

    #[test]
    fn bee_id_becomes_role_and_edges_follow() {
        let text = "template:\n  bees:\n    - id: gen   # the generator\n      image: generator:latest\n    - image: moderator\n      role: mod\ntopology:\n  edges:\n    - id: e1\n      from: { beeId: gen, port: out }\n      to:\n        beeId: mod\n        port: in\n";
        assert_eq!(
            migrate(text),
            "template:\n  bees:\n    - role: gen   # the generator\n      image: generator:latest\n    - image: moderator\n      role: mod\ntopology:\n  edges:\n    - id: e1\n      from: { role: gen, port: out }\n      to:\n        role: mod\n        port: in\n"
        );
    }

    #[test]
    fn old_role_naming_the_kind_yields_to_the_id() {
        let text = "template:\n  bees:\n    - id: gen-1\n      role: generator\n      image: ghcr.io/x/generator:0.15\n";
        assert_eq!(
            migrate(text),
            "template:\n  bees:\n    - role: gen-1\n      image: ghcr.io/x/generator:0.15\n"
        );
        let text = "template:\n  bees:\n    - image: generator\n      role: gen\n      id: gen\n";
        assert_eq!(
            migrate(text),
            "template:\n  bees:\n    - image: generator\n      role: gen\n"
        );
    }

    #[test]
    fn conflicting_id_and_role_is_an_error() {
        let text = "template:\n  bees:\n    - id: a\n      role: b\n      image: generator\n";
        assert_eq!(codes_of(text), vec!["PH520"]);
        assert_eq!(plan(text).migrated(text), None);
    }

    #[test]
    fn edge_errors() {
        let text = "template:\n  bees:\n    - role: a\ntopology:\n  edges:\n    - from: {beeId: nope}\n      to: {beeId: a, role: b}\n";
        assert_eq!(codes_of(text), vec!["PH521", "PH521"]);
    }

    #[test]
    fn flow_endpoints_drop_equal_bee_ids_with_their_separator() {
        let base = "template:\n  bees:\n    - role: a\ntopology:\n  edges:\n";
        assert_eq!(
            migrate(&format!("{base}    - from: {{ role: a, beeId: a, port: out }}\n      to: {{beeId: a}}\n      via: {{port: p, beeId: a}}\n")),
            format!("{base}    - from: {{ role: a, port: out }}\n      to: {{role: a}}\n      via: {{port: p, beeId: a}}\n")
        );
        assert_eq!(
            migrate(&format!(
                "{base}    - from: {{port: out, role: a, beeId: a}}\n"
            )),
            format!("{base}    - from: {{port: out, role: a}}\n")
        );
    }

    #[test]
    fn duplicate_roles_are_an_error() {
        let text = "template:\n  bees:\n    - id: a\n    - role: a\n";
        assert_eq!(codes_of(text), vec!["PH526"]);
    }

    #[test]
    fn wrappers_move_up_with_comments_in_order() {
        let text = "template:\n  bees:\n    - role: p\n      config:\n        # role keys\n        mode: fast\n        worker:\n          config:\n            # the input\n            inputs:\n              scheduler:\n                ratePerSec: 5\n          retries: 3 # kept\n        pockethive:\n          worker:\n            config:\n              outputs: {redis: {defaultList: l}}\n        timeout: 10\n";
        assert_eq!(
            migrate(text),
            "template:\n  bees:\n    - role: p\n      config:\n        # role keys\n        mode: fast\n        # the input\n        inputs:\n          type: SCHEDULER\n          scheduler:\n            ratePerSec: 5\n        retries: 3 # kept\n        outputs: {type: REDIS, redis: {defaultList: l}}\n        timeout: 10\n"
        );
    }

    #[test]
    fn equal_values_are_no_ops_and_different_values_conflict() {
        let text = "template:\n  bees:\n    - role: p\n      config:\n        mode: fast\n        worker:\n          mode: fast\n";
        assert_eq!(
            migrate(text),
            "template:\n  bees:\n    - role: p\n      config:\n        mode: fast\n"
        );
        let text = "template:\n  bees:\n    - role: p\n      config:\n        mode: fast\n        worker:\n          mode: slow\n";
        assert_eq!(codes_of(text), vec!["PH522"]);
    }

    #[test]
    fn a_config_left_empty_stays_a_mapping() {
        let text = "template:\n  bees:\n    - role: p\n      config:\n        worker: {}\n      image: x\n";
        assert_eq!(
            migrate(text),
            "template:\n  bees:\n    - role: p\n      config:\n        {}\n      image: x\n"
        );
    }

    #[test]
    fn wrapper_shape_errors() {
        let base = "template:\n  bees:\n    - role: p\n      config:\n";
        assert_eq!(
            codes_of(&format!("{base}        worker: 3\n")),
            vec!["PH523"]
        );
        assert_eq!(
            codes_of(&format!("{base}        worker:\n          config: [1]\n")),
            vec!["PH523"]
        );
        assert_eq!(
            codes_of(&format!("{base}        pockethive:\n          other: 1\n          worker:\n            config:\n              a: 1\n")),
            vec!["PH524"]
        );
    }

    #[test]
    fn selectors_are_added_or_ambiguous() {
        let base = "template:\n  bees:\n    - role: p\n      config:\n        inputs:\n";
        assert_eq!(
            migrate(&format!("{base}          csv:\n            file: a.csv\n")),
            format!("{base}          type: CSV_DATASET\n          csv:\n            file: a.csv\n")
        );
        assert_eq!(
            codes_of(&format!(
                "{base}          csv: {{}}\n          redis: {{}}\n"
            )),
            vec!["PH525"]
        );
        let typed = format!("{base}          type: RABBITMQ\n          csv: {{}}\n");
        assert!(!plan(&typed).would_change());
    }

    #[test]
    fn crlf_and_missing_final_newline_survive() {
        let text = "template:\r\n  bees:\r\n    - id: g\r\n      config:\r\n        worker:\r\n          a: 1";
        assert_eq!(
            migrate(text),
            "template:\r\n  bees:\r\n    - role: g\r\n      config:\r\n        a: 1"
        );
    }
}

/// The example of this private module's docs, run as a unit test (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn scenario_plan() {
        use crate::migrate::scenario::plan;
        let text = "template:\n  bees:\n    - id: gen\n      image: generator:latest\n";
        let migrated = plan(text).migrated(text).unwrap();
        assert_eq!(
            migrated,
            "template:\n  bees:\n    - role: gen\n      image: generator:latest\n"
        );
    }
}
