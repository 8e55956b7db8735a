//! Names a bundle defines in one file and uses in another, for go to
//! definition, hover and completion: a consumer's `callId` -> the template
//! with that `serviceId::callId` under its `templateRoot`, `vars.x` -> its
//! definition in `variables.yaml`, a template's `authRef.profileId` -> the
//! profile in `authProfiles.yaml`.
//!
//! What counts as a reference is the bundle rules' own reading
//! (`crate::bundle::references`, `crate::bundle::variables::references_in`);
//! this module only finds the place a name is defined.

use crate::bundle::index::FileText;
use crate::bundle::references::{bundle_root, consumers, ids, is_under, Root};
use crate::bundle::templates::{read_all, TemplateFile};
use crate::bundle::variables::references_in;
use crate::bundle::{Bundle, AUTH_PROFILES_FILE, TEMPLATES_DIR, VARIABLES_FILE};
use crate::scenario::discover::DESCRIPTOR;
use crate::source::yaml::{parse, parse_jackson, pointer_segments, Document, Limits, Node};
use std::ops::Range;
use std::path::Path;

use super::locate::node_at;

/// What a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A consumer's (or producer's `x-ph-call-id`) call id: a template.
    CallId,
    /// `vars.<name>`: a definition in `variables.yaml`.
    Variable,
    /// `authRef.profileId`: a profile in `authProfiles.yaml`.
    AuthProfile,
}

/// A place in a bundle file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The bundle-relative path.
    pub rel: String,
    /// Byte range of the defining key or value in that file's text.
    pub range: Range<usize>,
    /// Its 1-based line.
    pub line: usize,
}

/// A reference under a cursor and where its name is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What it names.
    pub kind: Kind,
    /// The name (`serviceId::callId` for a call id).
    pub name: String,
    /// Byte range of the reference in the cursor's file.
    pub range: Range<usize>,
    /// Where it is defined (none: undefined; several: ambiguous).
    pub definitions: Vec<Target>,
}

/// A call id a template under the cursor's `templateRoot` declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallId {
    /// `callId`.
    pub call_id: String,
    /// `serviceId`.
    pub service_id: String,
    /// The template file, bundle-relative.
    pub rel: String,
}

/// The files of a bundle as the editor holds them (open buffers applied).
pub struct BundleTexts<'a> {
    /// The bundle root.
    pub root: &'a Path,
    /// Every structured file, `scenario.yaml` included.
    pub files: &'a [FileText],
}

impl BundleTexts<'_> {
    fn text(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.rel == rel)
            .and_then(|f| f.text.as_deref())
    }

    fn with_bundle<T>(&self, scenario: &Document, f: impl FnOnce(&Bundle<'_>) -> T) -> T {
        let limits = Limits::default();
        let scenario_text = self.text(DESCRIPTOR).unwrap_or_default();
        let bundle = Bundle::from_texts(
            self.root,
            "",
            scenario,
            scenario_text,
            &limits,
            self.files.to_vec(),
        );
        f(&bundle)
    }
}

/// The reference at byte `offset` of the bundle file `rel` (its text is the
/// one in `bundle`), with where its name is defined.
pub fn reference_at(bundle: &BundleTexts<'_>, rel: &str, offset: usize) -> Option<Reference> {
    let text = bundle.text(rel)?;
    if let Some((name, range)) = variable_at(text, offset) {
        return Some(Reference {
            kind: Kind::Variable,
            definitions: variable_definitions(bundle, &name),
            name,
            range,
        });
    }
    let doc = parse(text, &Limits::default()).ok()?;
    let at = node_at(&doc.root, offset).filter(|at| !at.on_key)?;
    let node = doc.root.pointer(&at.pointer)?;
    let segments = pointer_segments(&at.pointer);
    let range = at.span.start..at.span.end;
    if rel == DESCRIPTOR {
        let service_key = service_key_of(&segments)?;
        let parent = parent_pointer(&at.pointer);
        let services = doc
            .root
            .pointer(&parent)
            .and_then(|m| m.get(service_key))
            .map(ids)
            .unwrap_or_default();
        let calls = ids(node);
        let keys: Vec<String> = services
            .iter()
            .flat_map(|s| calls.iter().map(move |c| format!("{s}::{c}")))
            .collect();
        let definitions = bundle.with_bundle(&doc, |b| {
            visible_templates(b, &doc.root, &at.pointer)
                .into_iter()
                .filter(|t| t.key().is_some_and(|k| keys.contains(&k)))
                .filter_map(|t| call_id_target(&t))
                .collect()
        });
        let name = keys
            .first()
            .cloned()
            .or_else(|| calls.first().cloned())
            .unwrap_or_default();
        return Some(Reference {
            kind: Kind::CallId,
            name,
            range,
            definitions,
        });
    }
    let in_templates = rel.starts_with(&format!("{TEMPLATES_DIR}/"));
    if in_templates && segments == ["authRef", "profileId"] {
        let name = node.as_str()?.trim().to_string();
        return Some(Reference {
            kind: Kind::AuthProfile,
            definitions: profile_definitions(bundle, &name),
            name,
            range,
        });
    }
    None
}

/// The call ids completion offers for the value at `pointer` of the
/// scenario `document`: those of the templates
/// visible under the bee's `templateRoot`, for the `serviceId` beside it
/// when one is set.
pub fn call_ids(bundle: &BundleTexts<'_>, document: &Document, pointer: &str) -> Vec<CallId> {
    let segments = pointer_segments(pointer);
    let Some(service_key) = service_key_of(&segments) else {
        return Vec::new();
    };
    let service = document
        .root
        .pointer(&parent_pointer(pointer))
        .and_then(|m| m.get(service_key))
        .map(ids)
        .unwrap_or_default();
    bundle.with_bundle(document, |b| {
        let mut out: Vec<CallId> = Vec::new();
        for t in visible_templates(b, &document.root, pointer) {
            let (Some(call_id), Some(service_id)) = (t.string("callId"), t.string("serviceId"))
            else {
                continue;
            };
            if call_id.is_empty() || !(service.is_empty() || service.contains(&service_id)) {
                continue;
            }
            if !out.iter().any(|c| c.call_id == call_id) {
                out.push(CallId {
                    call_id,
                    service_id,
                    rel: t.rel().to_string(),
                });
            }
        }
        out
    })
}

/// The templates a reference at `pointer` can name: under its bee's
/// `templateRoot` when the bee is a template consumer, else under any
/// consumer's (a producer's `x-ph-call-id` feeds one), else all of them.
fn visible_templates<'b>(
    bundle: &'b Bundle<'_>,
    scenario: &Node,
    pointer: &str,
) -> Vec<TemplateFile<'b>> {
    let bee = match pointer_segments(pointer).as_slice() {
        [t, b, index, ..] if t == "template" && b == "bees" => index.parse::<usize>().ok(),
        _ => None,
    };
    let all = consumers(scenario);
    let own: Vec<_> = all.iter().filter(|c| Some(c.index) == bee).collect();
    let chosen = if own.is_empty() {
        all.iter().collect()
    } else {
        own
    };
    let roots: Vec<String> = chosen
        .iter()
        .filter_map(|c| match bundle_root(&c.template_root) {
            Root::Inside(root) => Some(root),
            Root::Escapes | Root::Outside => None,
        })
        .collect();
    let any_root = all.is_empty();
    read_all(bundle, &mut Vec::new())
        .into_iter()
        .filter(|t| any_root || roots.iter().any(|r| is_under(t.rel(), r)))
        .collect()
}

fn call_id_target(template: &TemplateFile<'_>) -> Option<Target> {
    let node = template.get("callId")?;
    Some(Target {
        rel: template.rel().to_string(),
        range: node.span.start..node.span.end,
        line: node.span.line,
    })
}

/// `vars.<name>` under the cursor: the name and the range of `vars.<name>`.
fn variable_at(text: &str, offset: usize) -> Option<(String, Range<usize>)> {
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(offset..)?
        .find('\n')
        .map_or(text.len(), |i| offset + i);
    let line = text.get(line_start..line_end)?;
    let mut from = 0;
    while let Some(i) = line.get(from..).and_then(|l| l.find("vars.")) {
        let start = from + i;
        from = start + 1;
        // The reference rule decides from `vars.` on, with the byte before
        // it (a word character there means no reference).
        let before = start
            .checked_sub(1)
            .filter(|&b| line.as_bytes().get(b).is_some_and(u8::is_ascii))
            .unwrap_or(start);
        let column = 1 + (start - before);
        let Some(found) = line
            .get(before..)
            .map(references_in)
            .unwrap_or_default()
            .into_iter()
            .find(|r| r.at.line == 1 && r.at.column == column)
        else {
            continue;
        };
        let range = line_start + start..line_start + start + "vars.".len() + found.name.len();
        if range.contains(&offset) || range.end == offset {
            return Some((found.name, range));
        }
    }
    None
}

fn variable_definitions(bundle: &BundleTexts<'_>, name: &str) -> Vec<Target> {
    let Some(text) = bundle.text(VARIABLES_FILE) else {
        return Vec::new();
    };
    let Ok(doc) = parse_jackson(text, &Limits::default()) else {
        return Vec::new();
    };
    doc.root
        .get("definitions")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d.get("name"))
        .filter(|n| n.as_str().is_some_and(|s| s.trim() == name))
        .map(|n| Target {
            rel: VARIABLES_FILE.to_string(),
            range: n.span.start..n.span.end,
            line: n.span.line,
        })
        .collect()
}

fn profile_definitions(bundle: &BundleTexts<'_>, name: &str) -> Vec<Target> {
    let Some(text) = bundle.text(AUTH_PROFILES_FILE) else {
        return Vec::new();
    };
    let Ok(doc) = parse_jackson(text, &Limits::default()) else {
        return Vec::new();
    };
    doc.root
        .get("profiles")
        .and_then(Node::as_map)
        .unwrap_or_default()
        .iter()
        .filter(|e| e.key.key_text() == name)
        .map(|e| Target {
            rel: AUTH_PROFILES_FILE.to_string(),
            range: e.key.span.start..e.key.span.end,
            line: e.key.span.line,
        })
        .collect()
}

/// The key naming the service beside a call-id key (the reference rules'
/// pairs), when the last segment is one.
fn service_key_of(segments: &[String]) -> Option<&'static str> {
    match segments.last().map(String::as_str) {
        Some("callId") => Some("serviceId"),
        Some("x-ph-call-id") => Some("x-ph-service-id"),
        _ => None,
    }
}

fn parent_pointer(pointer: &str) -> String {
    pointer.rfind('/').map_or(String::new(), |i| {
        pointer.get(..i).unwrap_or_default().to_string()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const SCENARIO: &str = "id: s\ntemplate:\n  bees:\n    - role: rb\n      image: x/request-builder:1\n      config:\n        templateRoot: /app/scenario/templates/http\n        serviceId: shop\n        callId: buy\n        body: \"{{ vars.host }} vars.x myvars.y\"\n";

    fn files() -> Vec<FileText> {
        let file = |rel: &str, text: &str| FileText {
            rel: rel.into(),
            text: Some(text.into()),
        };
        vec![
            file(DESCRIPTOR, SCENARIO),
            file(
                "templates/http/buy.yaml",
                "protocol: HTTP\nserviceId: shop\ncallId: buy\nmethod: GET\npathTemplate: /\nauthRef:\n  profileId: main\n  applyAs: BEARER\n",
            ),
            file(
                "templates/http/list.yaml",
                "protocol: HTTP\nserviceId: shop\ncallId: list\nmethod: GET\npathTemplate: /\n",
            ),
            file(
                "templates/other/buy.yaml",
                "protocol: HTTP\nserviceId: shop\ncallId: buy\nmethod: GET\npathTemplate: /\n",
            ),
            file(
                VARIABLES_FILE,
                "version: 1\ndefinitions:\n  - name: host\n    scope: global\n    type: string\n",
            ),
            file(AUTH_PROFILES_FILE, "profiles:\n  main:\n    type: bearer-token\n"),
        ]
    }

    fn at(bundle: &BundleTexts<'_>, rel: &str, needle: &str) -> Option<Reference> {
        let text = bundle.text(rel).unwrap();
        reference_at(bundle, rel, text.find(needle).unwrap() + 1)
    }

    #[test]
    fn call_id_leads_to_the_template_under_the_consumers_root() {
        let files = files();
        let bundle = BundleTexts {
            root: Path::new("/b"),
            files: &files,
        };
        let found = at(&bundle, DESCRIPTOR, "buy\n").unwrap();
        assert_eq!(
            (found.kind, found.name.as_str()),
            (Kind::CallId, "shop::buy")
        );
        assert_eq!(&SCENARIO[found.range.clone()], "buy");
        let template = bundle.text("templates/http/buy.yaml").unwrap();
        assert_eq!(
            found.definitions,
            [Target {
                rel: "templates/http/buy.yaml".into(),
                range: 39..42,
                line: 3
            }]
        );
        assert_eq!(&template[39..42], "buy");
        let offered: Vec<String> = {
            let doc = parse(SCENARIO, &Limits::default()).unwrap();
            call_ids(&bundle, &doc, "/template/bees/0/config/callId")
                .into_iter()
                .map(|c| c.call_id)
                .collect()
        };
        assert_eq!(offered, ["buy", "list"]);
    }

    #[test]
    fn variables_and_profiles_lead_to_their_definitions() {
        let files = files();
        let bundle = BundleTexts {
            root: Path::new("/b"),
            files: &files,
        };
        let found = at(&bundle, DESCRIPTOR, "vars.host").unwrap();
        assert_eq!((found.kind, found.name.as_str()), (Kind::Variable, "host"));
        assert_eq!(&SCENARIO[found.range.clone()], "vars.host");
        assert_eq!(found.definitions[0].line, 3);
        let undefined = at(&bundle, DESCRIPTOR, "vars.x").unwrap();
        assert!(undefined.definitions.is_empty());
        // `myvars.y` is no reference (the rule's word boundary).
        assert!(at(&bundle, DESCRIPTOR, "vars.y").is_none());
        let profile = at(&bundle, "templates/http/buy.yaml", "main").unwrap();
        assert_eq!(profile.kind, Kind::AuthProfile);
        assert_eq!(
            profile.definitions,
            [Target {
                rel: AUTH_PROFILES_FILE.into(),
                range: 12..16,
                line: 2
            }]
        );
    }
}
