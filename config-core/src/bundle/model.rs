//! Typed models of the bundle files, for the JSON Schemas in `schemas/`
//! (`template`, `sut`, `variables`, `auth-profiles`) that editors use.
//!
//! The checkers work on the spanned tree (to point at lines); the field
//! lists they hold strict files to are declared here, beside the types, and
//! a test keeps both in step.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// Keys of `sut.yaml` (strict: any other fails, M/SutEnvironment.java).
pub(crate) const SUT_FIELDS: &[&str] = &["id", "name", "type", "endpoints"];
/// Keys of a SUT endpoint (strict, M/SutEndpoint.java).
pub(crate) const SUT_ENDPOINT_FIELDS: &[&str] = &["kind", "baseUrl", "upstreamBaseUrl"];
/// Top-level keys of `variables.yaml` (strict, SS:2101-2160).
pub(crate) const VARIABLES_FIELDS: &[&str] = &["version", "definitions", "profiles", "values"];
/// Keys of a variable definition (strict).
pub(crate) const VARIABLES_DEFINITION_FIELDS: &[&str] = &["name", "scope", "type", "required"];
/// Keys of a variables profile (strict).
pub(crate) const VARIABLES_PROFILE_FIELDS: &[&str] = &["id", "name"];
/// Keys of `values` (strict).
pub(crate) const VARIABLES_VALUES_FIELDS: &[&str] = &["global", "sut"];

/// A request template under `templates/` (read by request-builder and
/// http-sequence workers). Other keys are allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "PocketHive request template", transform = template_rules)]
pub(crate) struct Template {
    /// HTTP, TCP or ISO8583 (any case).
    #[schemars(schema_with = "protocol_schema")]
    pub protocol: String,
    /// The service the consumer's `serviceId` (or a producer's
    /// `x-ph-service-id`) names.
    #[schemars(regex(pattern = r"\S"))]
    pub service_id: String,
    /// The call a consumer's `callId` (or a producer's `x-ph-call-id`) names.
    #[schemars(regex(pattern = r"\S"))]
    pub call_id: String,
    /// HTTP method (HTTP templates).
    #[serde(default)]
    #[schemars(regex(pattern = r"\S"))]
    pub method: Option<String>,
    /// Request path, may hold `{{ }}` (HTTP templates).
    #[serde(default)]
    #[schemars(regex(pattern = r"\S"))]
    pub path_template: Option<String>,
    /// Request headers, values may hold `{{ }}`.
    #[serde(default)]
    pub headers_template: Option<BTreeMap<String, String>>,
    /// Request body, may hold `{{ }}` / `{% %}`.
    #[serde(default)]
    pub body_template: Option<String>,
    /// Authentication by reference to `authProfiles.yaml` (inline `auth` is
    /// refused).
    #[serde(default)]
    pub auth_ref: Option<AuthRef>,
}

/// `authRef` of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuthRef {
    /// A profile declared in `authProfiles.yaml`.
    #[schemars(regex(pattern = r"\S"))]
    pub profile_id: String,
    /// How the credential is applied (case-insensitive, `-` for `_`).
    #[schemars(schema_with = "apply_as_schema")]
    pub apply_as: String,
}

/// `sut/<id>/sut.yaml`: a system under test. Strict: no other keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "PocketHive SUT environment")]
pub(crate) struct SutEnvironment {
    /// Must equal the folder name (`sut/<id>/`).
    #[schemars(regex(pattern = r"\S"))]
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Free-form type (`sandbox`, `http`, ...).
    #[serde(default)]
    pub r#type: Option<String>,
    /// Endpoints by id (no surrounding spaces in ids).
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^\\S(.*\\S)?$"}))]
    pub endpoints: Option<BTreeMap<String, SutEndpoint>>,
}

/// One SUT endpoint. Strict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SutEndpoint {
    /// Protocol kind (`HTTP`, `TCP`, ...).
    #[schemars(regex(pattern = r"\S"))]
    pub kind: String,
    /// Base URL (`http://host:port`).
    #[schemars(regex(pattern = r"\S"))]
    pub base_url: String,
    /// Upstream base URL (proxies), non-blank when present.
    #[serde(default)]
    #[schemars(regex(pattern = r"\S"))]
    pub upstream_base_url: Option<String>,
}

/// `variables.yaml`: typed variables and per-profile values. Strict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "PocketHive scenario variables")]
pub(crate) struct Variables {
    /// Always 1.
    #[schemars(range(min = 1, max = 1))]
    pub version: i32,
    /// At least one definition.
    #[schemars(length(min = 1))]
    pub definitions: Vec<VariableDefinition>,
    /// Required when there are definitions.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub profiles: Vec<VariablesProfile>,
    /// Values per profile.
    #[serde(default)]
    pub values: Option<VariableValues>,
}

/// One variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VariableDefinition {
    /// Unique name (referenced as `vars.<name>`).
    #[schemars(regex(pattern = r"\S"))]
    pub name: String,
    /// `global` or `sut` (any case).
    #[schemars(schema_with = "scope_schema")]
    pub scope: String,
    /// `string`, `int`, `float`, `bool` or `object` (any case).
    #[schemars(schema_with = "type_schema")]
    pub r#type: String,
    /// A profile without a value fails at swarm create.
    #[serde(default)]
    pub required: Option<bool>,
}

/// A variables profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VariablesProfile {
    /// Unique id.
    #[schemars(regex(pattern = r"\S"))]
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// `values`: global values per profile, SUT values per profile and SUT id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VariableValues {
    /// profile id -> variable -> value.
    #[serde(default)]
    pub global: Option<BTreeMap<String, Option<BTreeMap<String, serde_json::Value>>>>,
    /// profile id -> SUT id (a `sut/<id>/` folder) -> variable -> value.
    #[serde(default)]
    pub sut: Option<BTreeMap<String, Option<SutValues>>>,
}

/// SUT id -> variable -> value (one profile's SUT values).
pub(crate) type SutValues = BTreeMap<String, Option<BTreeMap<String, serde_json::Value>>>;

/// `authProfiles.yaml`: credentials templates reference by `authRef`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "PocketHive auth profiles")]
pub(crate) struct AuthProfiles {
    /// Profiles by id (at least one).
    #[schemars(extend("minProperties" = 1))]
    pub profiles: BTreeMap<String, AuthProfile>,
}

/// One auth profile; fields beyond `type` and `storage` depend on the type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = storage_rules)]
pub(crate) struct AuthProfile {
    /// The profile type (case-insensitive, `_` for `-`).
    #[schemars(schema_with = "auth_type_schema")]
    pub r#type: String,
    /// Token storage: REDIS for OAuth2 types, NONE otherwise.
    #[serde(default)]
    pub storage: Option<AuthStorage>,
}

/// `storage` of an auth profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuthStorage {
    /// REDIS or NONE (any case).
    #[serde(default)]
    #[schemars(schema_with = "storage_mode_schema")]
    pub mode: Option<String>,
    /// Redis key of the token: `[A-Za-z0-9._:-]{1,128}`, no `..`.
    #[serde(default)]
    #[schemars(
        regex(pattern = r"^\s*[A-Za-z0-9_:-]*(\.[A-Za-z0-9_:-]+)*\.?\s*$"),
        length(max = 128)
    )]
    pub token_key: Option<String>,
}

/// A case-insensitive pattern over `words` (`-` and `_` interchangeable,
/// surrounding spaces allowed), written without inline flags so ECMAScript
/// editors read it.
pub(crate) fn words_pattern(words: &[&str], optional: bool) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars()
                .map(|c| match c {
                    '-' | '_' => "[-_]".to_string(),
                    c if c.is_ascii_alphabetic() => {
                        format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                    }
                    c => c.to_string(),
                })
                .collect()
        })
        .collect();
    let q = if optional { "?" } else { "" };
    format!(r"^\s*({}){q}\s*$", alternatives.join("|"))
}

fn string_of(words: &[&str], optional: bool) -> Schema {
    json_schema!({"type": "string", "pattern": words_pattern(words, optional)})
}

fn protocol_schema(_: &mut SchemaGenerator) -> Schema {
    string_of(&["http", "tcp", "iso8583"], false)
}

fn apply_as_schema(_: &mut SchemaGenerator) -> Schema {
    string_of(&crate::bundle::auth_profiles::APPLY_AS, false)
}

fn scope_schema(_: &mut SchemaGenerator) -> Schema {
    string_of(&crate::bundle::variables::SCOPES, false)
}

fn type_schema(_: &mut SchemaGenerator) -> Schema {
    string_of(&crate::bundle::variables::TYPES, false)
}

fn auth_type_schema(_: &mut SchemaGenerator) -> Schema {
    string_of(&crate::bundle::auth_profiles::TYPES, false)
}

fn storage_mode_schema(_: &mut SchemaGenerator) -> Schema {
    string_of(&["redis", "none"], true)
}

fn template_rules(schema: &mut Schema) {
    schema.insert(
        "required".into(),
        json!(["protocol", "serviceId", "callId"]),
    );
    schema.insert(
        "if".into(),
        json!({"properties": {"protocol": {"pattern": words_pattern(&["http"], false)}}, "required": ["protocol"]}),
    );
    schema.insert(
        "then".into(),
        json!({"required": ["method", "pathTemplate"]}),
    );
}

fn storage_rules(schema: &mut Schema) {
    let refreshable = words_pattern(&crate::bundle::auth_profiles::REFRESHABLE, false);
    schema.insert(
        "if".into(),
        json!({"properties": {"type": {"pattern": refreshable}}}),
    );
    schema.insert(
        "then".into(),
        json!({"required": ["storage"], "properties": {"storage": {"required": ["mode", "tokenKey"], "properties": {"mode": {"pattern": words_pattern(&["redis"], false)}}}}}),
    );
    schema.insert(
        "else".into(),
        json!({"properties": {"storage": {"properties": {"mode": {"pattern": words_pattern(&["none"], true)}}}}}),
    );
}

/// The bundle file schemas: (file stem, title, schema).
pub(crate) fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    let settings =
        schemars::generate::SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true);
    let gen = |f: fn(&mut schemars::SchemaGenerator) -> schemars::Schema| {
        let mut generator = settings.clone().into_generator();
        f(&mut generator).to_value()
    };
    vec![
        ("template", gen(Template::json_schema)),
        ("sut", gen(SutEnvironment::json_schema)),
        ("variables", gen(Variables::json_schema)),
        ("auth-profiles", gen(AuthProfiles::json_schema)),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn keys(schema: &serde_json::Value, pointer: &str) -> Vec<String> {
        let mut k: Vec<String> = schema
            .pointer(pointer)
            .and_then(|p| p.as_object())
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn strict_field_lists_match_the_models() {
        let all = schemas();
        let get = |name: &str| all.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        let sut = get("sut");
        assert_eq!(keys(&sut, "/properties"), sorted(SUT_FIELDS));
        let vars = get("variables");
        assert_eq!(keys(&vars, "/properties"), sorted(VARIABLES_FIELDS));
        assert_eq!(
            keys(&vars, "/properties/definitions/items/properties"),
            sorted(VARIABLES_DEFINITION_FIELDS)
        );
        assert_eq!(
            keys(&vars, "/properties/profiles/items/properties"),
            sorted(VARIABLES_PROFILE_FIELDS)
        );
    }
}
