//! Template consumers and their `serviceId::callId` references
//! (VALIDATOR.md §10.3-§10.5).
//!
//! A consumer is a `request-builder` or `http-sequence` bee with non-blank
//! String `config.templateRoot` and `config.serviceId`. Its root must stay
//! inside `/app/scenario` (PH610); every template it sees must meet the
//! request-template contract; no two may share a key (PH612); and every key
//! it needs must have a template (PH611). Keys come from maps in its own
//! config holding `callId` with a `serviceId` beside it, and from maps in the
//! config of producers feeding its input queue holding `x-ph-call-id` with
//! `x-ph-service-id` beside it.

use super::codes::{CALL_ID_DUPLICATE, CALL_ID_MISSING, ROOT_ESCAPES, ROOT_OUTSIDE};
use super::file::{at, coerced_string, scalar, Scalar};
use super::templates::{check_contract, TemplateFile};
use super::{finding_in, Bundle, SCENARIO_MOUNT};
use crate::finding::{Finding, Location};
use crate::scenario::rules::display_path;
use crate::source::yaml::{child_pointer, Node, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A bee that loads request templates.
#[derive(Debug, Clone)]
pub(crate) struct Consumer<'s> {
    /// Index in `template.bees`.
    pub index: usize,
    /// The role (source text).
    pub role: String,
    /// `config.templateRoot` as written (trimmed).
    pub template_root: String,
    /// `config.serviceId` (trimmed).
    pub service_id: String,
    /// The bee.
    pub bee: &'s Node,
}

/// Where a consumer's templates are, bundle-relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Root {
    /// Inside the bundle: `""` is the whole bundle.
    Inside(String),
    /// Escapes `/app/scenario` (PH610).
    Escapes,
    /// Outside the mount: the platform does not check it.
    Outside,
}

/// The repository name of an image: trimmed, cut at `@`, after the last
/// `/`, cut at the last `:` (SBV:2316-2336).
pub(crate) fn image_repository(image: &str) -> &str {
    let mut name = image.trim();
    if let Some(i) = name.find('@') {
        name = name.get(..i).unwrap_or(name);
    }
    if let Some(i) = name.rfind('/') {
        name = name.get(i + 1..).unwrap_or(name);
    }
    match name.rfind(':') {
        Some(i) if i > 0 => name.get(..i).unwrap_or(name),
        _ => name,
    }
}

/// The bees of the descriptor, in order.
pub(crate) fn bees(scenario: &Node) -> &[Node] {
    scenario
        .pointer("/template/bees")
        .and_then(Node::as_seq)
        .unwrap_or_default()
}

/// The template consumers of a scenario (SBV:2296-2312).
pub(crate) fn consumers<'s>(scenario: &'s Node) -> Vec<Consumer<'s>> {
    let mut out = Vec::new();
    for (index, bee) in bees(scenario).iter().enumerate() {
        let image = bee.get("image").and_then(Node::as_str).unwrap_or_default();
        if !matches!(image_repository(image), "request-builder" | "http-sequence") {
            continue;
        }
        let config = bee.get("config");
        let string = |key: &str| {
            config
                .and_then(|c| c.get(key))
                .and_then(|n| match scalar(n) {
                    Some(Scalar::Str(s)) => Some(s.trim().to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
        };
        let (Some(template_root), Some(service_id)) = (string("templateRoot"), string("serviceId"))
        else {
            continue;
        };
        out.push(Consumer {
            index,
            role: role_of(bee),
            template_root,
            service_id,
            bee,
        });
    }
    out
}

fn role_of(bee: &Node) -> String {
    bee.get("role")
        .and_then(|n| coerced_string(n).ok().flatten())
        .unwrap_or_else(|| "null".into())
}

/// Normalises a `templateRoot` (SBV:2345-2391).
pub(crate) fn bundle_root(template_root: &str) -> Root {
    let mut root = template_root.trim().replace('\\', "/");
    while root.contains("//") {
        root = root.replace("//", "/");
    }
    while root.len() > 1 && root.ends_with('/') {
        root.pop();
    }
    if root == SCENARIO_MOUNT {
        return Root::Inside(String::new());
    }
    let Some(rest) = root.strip_prefix(&format!("{SCENARIO_MOUNT}/")) else {
        return Root::Outside;
    };
    let normalized = normalize(rest);
    // A string-prefix test, as upstream: `..foo` also "escapes".
    if normalized.starts_with("..") || normalized.starts_with('/') {
        Root::Escapes
    } else {
        Root::Inside(normalized)
    }
}

/// `Path.of(p).normalize()` for a relative `/`-separated path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether a relative path is the root or under it (segment-wise).
pub(crate) fn is_under(rel: &str, root: &str) -> bool {
    root.is_empty() || rel == root || rel.strip_prefix(root).is_some_and(|r| r.starts_with('/'))
}

/// One needed key: the map that names it.
struct Reference<'s> {
    service: String,
    call: String,
    /// The role whose config holds it (the consumer or a producer).
    source_role: String,
    /// The `callId` / `x-ph-call-id` value.
    node: &'s Node,
    /// Its pointer in the descriptor.
    pointer: String,
}

/// Runs the consumer rules; `templates` are the parsed template files.
pub(crate) fn check(
    bundle: &Bundle<'_>,
    templates: &[TemplateFile<'_>],
    findings: &mut Vec<Finding>,
) {
    let mut contract_checked: HashSet<&str> = HashSet::new();
    let mut duplicates_reported: HashSet<String> = HashSet::new();
    for consumer in consumers(bundle.scenario) {
        let root_node = consumer
            .bee
            .get("config")
            .and_then(|c| c.get("templateRoot"));
        let config_ptr = format!("/template/bees/{}/config", consumer.index);
        let root_ptr = child_pointer(&config_ptr, "templateRoot");
        let root = match bundle_root(&consumer.template_root) {
            Root::Inside(root) => root,
            Root::Escapes => {
                if let Some(node) = root_node {
                    findings.push(
                        Finding::error(
                            ROOT_ESCAPES,
                            format!(
                                "worker '{}' templateRoot '{}' escapes {SCENARIO_MOUNT}",
                                consumer.role, consumer.template_root
                            ),
                        )
                        .at(at(node.span))
                        .with_path(display_path(bundle.scenario, &root_ptr))
                        .with_fix(format!(
                            "set templateRoot to {SCENARIO_MOUNT}/<folder in the bundle>"
                        )),
                    );
                }
                continue;
            }
            Root::Outside => {
                if let Some(node) = root_node {
                    findings.push(
                        Finding::warning(
                            ROOT_OUTSIDE,
                            format!(
                                "worker '{}' templateRoot '{}' is outside the bundle mount \
                                 {SCENARIO_MOUNT}: its templates are not in the bundle, so \
                                 neither the platform nor cfgate checks them",
                                consumer.role, consumer.template_root
                            ),
                        )
                        .at(at(node.span))
                        .with_path(display_path(bundle.scenario, &root_ptr))
                        .with_fix(format!(
                            "ship the templates in the bundle and set templateRoot to \
                             {SCENARIO_MOUNT}/<folder>"
                        )),
                    );
                }
                continue;
            }
        };
        // Visible templates by key, in path order (SBV:1697-1721).
        let mut visible: BTreeMap<String, Vec<&TemplateFile<'_>>> = BTreeMap::new();
        for template in templates.iter().filter(|t| is_under(t.rel(), &root)) {
            if contract_checked.insert(template.rel()) {
                check_contract(template, findings);
            }
            if let Some(key) = template.key() {
                visible.entry(key).or_default().push(template);
            }
        }
        for (key, files) in &visible {
            let report = format!("{root}::{}::{key}", consumer.service_id);
            if files.len() > 1 && duplicates_reported.insert(report) {
                findings.push(duplicate(&consumer, key, files));
            }
        }
        let shown_root = if root.is_empty() {
            ".".to_string()
        } else {
            root
        };
        for reference in references(bundle, &consumer) {
            let key = format!("{}::{}", reference.service, reference.call);
            if visible.contains_key(&key) {
                continue;
            }
            let mut finding = Finding::error(
                CALL_ID_MISSING,
                format!(
                    "worker '{}' references template key '{key}' but no matching template \
                     exists under templateRoot '{}'{}",
                    consumer.role,
                    consumer.template_root,
                    if reference.source_role == consumer.role {
                        String::new()
                    } else {
                        format!(" (the key comes from producer '{}')", reference.source_role)
                    }
                ),
            )
            .at(at(reference.node.span))
            .with_path(display_path(bundle.scenario, &reference.pointer))
            .with_fix(format!(
                "add a template with serviceId '{}' and callId '{}' under {shown_root}, or \
                 correct the reference",
                reference.service, reference.call
            ));
            if let Some(node) = root_node {
                finding = finding.related(bundle.scenario_location(
                    node,
                    format!("templateRoot of '{}': {shown_root}", consumer.role),
                ));
            }
            findings.push(finding);
        }
    }
}

fn duplicate(consumer: &Consumer<'_>, key: &str, files: &[&TemplateFile<'_>]) -> Finding {
    let paths: BTreeSet<&str> = files.iter().map(|t| t.rel()).collect();
    let list = paths.into_iter().collect::<Vec<_>>().join(", ");
    let (first, second) = match files {
        [first, second, ..] => (first, second),
        _ => return Finding::error(CALL_ID_DUPLICATE, String::new()),
    };
    finding_in(
        second.file,
        Finding::error(
            CALL_ID_DUPLICATE,
            format!(
                "worker '{}' sees template key '{key}' more than once under templateRoot '{}': {list}",
                consumer.role, consumer.template_root
            ),
        )
        .with_path("callId")
        .with_fix(
            "keep one template per serviceId::callId under the root, or point the worker at \
             a narrower templateRoot",
        ),
        second.key_position("callId"),
    )
    .related(Location {
        file: first.file.display.clone(),
        line: first.key_position("callId").line,
        column: first.key_position("callId").column,
        note: format!("first template with key '{key}'"),
    })
}

/// The keys a consumer needs, once per (key, source bee) as upstream
/// (SBV:2393-2526).
fn references<'s>(bundle: &Bundle<'s>, consumer: &Consumer<'s>) -> Vec<Reference<'s>> {
    let mut found = Vec::new();
    if let Some(config) = consumer.bee.get("config") {
        let ptr = format!("/template/bees/{}/config", consumer.index);
        collect(
            config,
            &ptr,
            ("callId", "serviceId"),
            &consumer.role,
            &mut found,
        );
    }
    let inputs = queues(consumer.bee, "in");
    if !inputs.is_empty() {
        for (index, producer) in bees(bundle.scenario).iter().enumerate() {
            if index == consumer.index || queues(producer, "out").is_disjoint(&inputs) {
                continue;
            }
            if let Some(config) = producer.get("config") {
                let ptr = format!("/template/bees/{index}/config");
                let role = role_of(producer);
                collect(
                    config,
                    &ptr,
                    ("x-ph-call-id", "x-ph-service-id"),
                    &role,
                    &mut found,
                );
            }
        }
    }
    let mut seen = HashSet::new();
    found.retain(|r| seen.insert((r.service.clone(), r.call.clone(), r.source_role.clone())));
    found
}

/// Non-blank `work.<direction>` queue names, trimmed.
fn queues(bee: &Node, direction: &str) -> BTreeSet<String> {
    bee.get("work")
        .and_then(|w| w.get(direction))
        .and_then(Node::as_map)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| coerced_string(&e.value).ok().flatten())
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty())
        .collect()
}

fn collect<'s>(
    node: &'s Node,
    pointer: &str,
    (call_key, service_key): (&str, &str),
    role: &str,
    out: &mut Vec<Reference<'s>>,
) {
    match &node.value {
        Value::Map(entries) => {
            if let Some(call_node) = node.get(call_key).filter(|n| !is_null(n)) {
                let calls = ids(call_node);
                let services = node.get(service_key).map(ids).unwrap_or_default();
                for service in &services {
                    for call in &calls {
                        out.push(Reference {
                            service: service.clone(),
                            call: call.clone(),
                            source_role: role.to_string(),
                            node: call_node,
                            pointer: child_pointer(pointer, call_key),
                        });
                    }
                }
            }
            for entry in entries {
                let ptr = child_pointer(pointer, &entry.key.key_text());
                collect(&entry.value, &ptr, (call_key, service_key), role, out);
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let ptr = format!("{pointer}/{i}");
                collect(item, &ptr, (call_key, service_key), role, out);
            }
        }
        _ => {}
    }
}

fn is_null(node: &Node) -> bool {
    matches!(scalar(node), Some(Scalar::Null))
}

/// The ids a value names (SBV:2552-2581): only a String counts; every
/// single-quoted token, else the whole trimmed text unless it holds `{{`.
pub(crate) fn ids(node: &Node) -> Vec<String> {
    let Some(Scalar::Str(value)) = scalar(node) else {
        return Vec::new();
    };
    extract_ids(value)
}

/// [`ids`] on a text.
pub(crate) fn extract_ids(value: &str) -> Vec<String> {
    let trimmed = value.trim();
    let mut ids: Vec<String> = Vec::new();
    let mut rest = trimmed;
    while let Some(open) = rest.find('\'') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('\'') else {
            break;
        };
        let token = after.get(..close).unwrap_or_default().trim();
        if !token.is_empty() && !ids.iter().any(|i| i == token) {
            ids.push(token.to_string());
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if ids.is_empty() && !trimmed.is_empty() && !trimmed.contains("{{") {
        ids.push(trimmed.to_string());
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_as_upstream() {
        assert_eq!(
            image_repository("request-builder@sha256:ab"),
            "request-builder"
        );
        assert_eq!(
            image_repository(" reg:5000/ph/http-sequence:1.0 "),
            "http-sequence"
        );
        assert_eq!(
            image_repository("Request-Builder:latest"),
            "Request-Builder"
        );
    }

    #[test]
    fn roots_normalise_as_upstream() {
        assert_eq!(bundle_root("/app/scenario"), Root::Inside(String::new()));
        assert_eq!(
            bundle_root("/app/scenario//templates/http/"),
            Root::Inside("templates/http".into())
        );
        assert_eq!(bundle_root("/app/scenario/../etc"), Root::Escapes);
        assert_eq!(bundle_root("/app/scenario/..foo"), Root::Escapes);
        assert_eq!(bundle_root("/app/scenario/a/../../x"), Root::Escapes);
        assert_eq!(bundle_root("/app/templates"), Root::Outside);
        assert_eq!(bundle_root("templates"), Root::Outside);
        assert!(is_under("templates/http/a.yaml", "templates/http"));
        assert!(!is_under("templates/http2/a.yaml", "templates/http"));
    }

    #[test]
    fn ids_from_quoted_tokens_or_whole_text() {
        assert_eq!(extract_ids("{{ pick('a','b') }}"), ["a", "b"]);
        assert_eq!(extract_ids(" start "), ["start"]);
        assert!(extract_ids("{{ x }}").is_empty());
    }
}
