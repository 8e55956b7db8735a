//! What a swarm-create request binds: the swarm id, the variables resolved
//! for the chosen profile and SUT (SS:1468-1533), and the SUT environment
//! (ORC:254-266). Read from a bundle by [`Binding::from_bundle`].

use super::{codes, Issue, Origin, Stage};
use crate::bundle::{variables, Bundle, SUT_DIR, SUT_FILE};
use crate::finding::Finding;
use crate::source::yaml::parse;
use serde_json::{Map, Value};

/// A bound SUT environment (`sut/<id>/sut.yaml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Sut {
    /// Its id.
    pub id: String,
    /// `name`.
    pub name: Option<String>,
    /// `type`.
    pub kind: Option<String>,
    /// Endpoints by id: `{kind, baseUrl, upstreamBaseUrl?}`.
    pub endpoints: Map<String, Value>,
    /// Display path of its file (provenance).
    pub file: String,
}

impl Sut {
    /// The endpoint's trimmed `baseUrl`, if non-blank.
    pub fn base_url(&self, endpoint: &str) -> Option<&str> {
        self.endpoints
            .get(endpoint)?
            .get("baseUrl")?
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The SUT as JSON (`{id, name, type, endpoints}`), as the platform
    /// serialises `SutEnvironment`.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("id".into(), Value::String(self.id.clone()));
        map.insert(
            "name".into(),
            self.name.clone().map_or(Value::Null, Value::String),
        );
        map.insert(
            "type".into(),
            self.kind.clone().map_or(Value::Null, Value::String),
        );
        map.insert("endpoints".into(), Value::Object(self.endpoints.clone()));
        Value::Object(map)
    }
}

/// The create request's choices and what they resolve to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Binding {
    /// The swarm id (chosen at create; `<swarmId>` when not known).
    pub swarm_id: String,
    /// The resolved variables (empty: nothing is injected, ORC:309).
    pub vars: Map<String, Value>,
    /// Where the variables come from.
    pub vars_origin: Option<Origin>,
    /// The bound SUT.
    pub sut: Option<Sut>,
}

impl Binding {
    /// No profile, no SUT, swarm id `<swarmId>`.
    pub fn unbound() -> Self {
        Self {
            swarm_id: "<swarmId>".into(),
            ..Self::default()
        }
    }

    /// Resolves `profile` and `sut` against the bundle. Failures the
    /// create request would meet are returned as issues (stage C).
    pub fn from_bundle(
        bundle: &Bundle<'_>,
        profile: Option<&str>,
        sut: Option<&str>,
    ) -> (Self, Vec<Issue>) {
        let mut issues = Vec::new();
        let mut binding = Self::unbound();
        if let Some(id) = sut {
            match read_sut(bundle, id) {
                Some(s) => binding.sut = Some(s),
                None => issues.push(Issue::at_stage(
                    Stage::Create,
                    "",
                    Finding::error(
                        codes::SUT_ENDPOINT,
                        format!(
                            "SUT '{id}' is not in the bundle ({SUT_DIR}/{id}/{SUT_FILE}): \
                             \"Failed to resolve SUT environment '{id}'\""
                        ),
                    )
                    .with_fix("pass an id of a folder under sut/ (--sut), or add that SUT"),
                )),
            }
        }
        if let Some(resolved) = variables::resolve(bundle) {
            resolve_vars(&resolved, profile, sut, &mut binding, &mut issues);
        }
        (binding, issues)
    }
}

/// Picks the profile's values: global, or the SUT's merged over them
/// (SS:1468-1533, "Failed to resolve scenario variables", ORC:272-282).
fn resolve_vars(
    resolved: &std::collections::BTreeMap<String, Value>,
    profile: Option<&str>,
    sut: Option<&str>,
    binding: &mut Binding,
    issues: &mut Vec<Issue>,
) {
    let any_values = resolved.values().any(|p| {
        p.get("global")
            .and_then(Value::as_object)
            .is_some_and(|g| !g.is_empty())
            || p.get("sut")
                .and_then(Value::as_object)
                .is_some_and(|s| !s.is_empty())
    });
    let fail = |message: String, fix: &str| {
        Issue::at_stage(
            Stage::Create,
            "",
            Finding::error(
                codes::VARS_UNRESOLVED,
                format!("\"Failed to resolve scenario variables\": {message}"),
            )
            .with_fix(fix.to_string()),
        )
    };
    let Some(profile) = profile else {
        if any_values {
            let names: Vec<&str> = resolved.keys().map(String::as_str).collect();
            issues.push(fail(
                "variables.yaml has values but no variables profile was chosen".into(),
                &format!("choose one with --profile ({})", names.join(", ")),
            ));
        }
        return;
    };
    let Some(values) = resolved.get(profile) else {
        issues.push(fail(
            format!("variables.yaml has no profile '{profile}'"),
            "pass a profile declared under `profiles` in variables.yaml",
        ));
        return;
    };
    let per_sut = values.get("sut").and_then(Value::as_object);
    let chosen = match sut {
        Some(id) => per_sut.and_then(|s| s.get(id)).map(|v| (v, Some(id))),
        None => {
            if per_sut.is_some_and(|s| !s.is_empty()) {
                issues.push(fail(
                    format!("profile '{profile}' has SUT variables but no SUT was chosen"),
                    "choose the SUT with --sut",
                ));
                return;
            }
            None
        }
    };
    let (map, sut_id) = match chosen {
        Some((v, id)) => (v.as_object(), id),
        None => (values.get("global").and_then(Value::as_object), None),
    };
    binding.vars = map.cloned().unwrap_or_default();
    binding.vars_origin = Some(Origin::Profile {
        profile: profile.to_string(),
        sut: sut_id.map(str::to_string),
    });
}

/// Reads `sut/<id>/sut.yaml` (already checked by the bundle rules).
fn read_sut(bundle: &Bundle<'_>, id: &str) -> Option<Sut> {
    let rel = format!("{SUT_DIR}/{id}/{SUT_FILE}");
    let file = bundle.file(&rel)?;
    let doc = parse(&file.text, bundle.limits).ok()?;
    let json = doc.root.to_json();
    let text = |key: &str| json.get(key).and_then(Value::as_str).map(str::to_string);
    Some(Sut {
        id: text("id").unwrap_or_else(|| id.to_string()),
        name: text("name"),
        kind: text("type"),
        endpoints: json
            .get("endpoints")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        file: rel,
    })
}
