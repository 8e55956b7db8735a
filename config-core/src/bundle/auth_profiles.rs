//! `authRef` in templates and `authProfiles.yaml` (VALIDATOR.md §10.9).
//!
//! Every structured file under `templates/` that parses (authProfiles files
//! and files outside consumer roots included) is scanned for top-level
//! `auth` (PH640) and `authRef` (PH641, PH642). Any object `authRef` needs
//! `authProfiles.yaml` at the bundle root (PH643); that file, checked even
//! when nothing references it, needs a non-empty `profiles` map of typed
//! profiles (PH644) with valid storage (PH645), and must declare every
//! referenced profile (PH641).

use super::codes::{
    AUTH_APPLY_AS, AUTH_INLINE, AUTH_PROFILES_INVALID, AUTH_PROFILES_MISSING, AUTH_PROFILE_MISSING,
    AUTH_STORAGE,
};
use super::file::{at, string_value, BundleFile};
use super::templates::{is_auth_profiles_name, TemplateFile};
use super::{finding_in, Bundle, AUTH_PROFILES_FILE};
use crate::finding::{Finding, Location, Position};
use crate::source::yaml::{Node, Value};
use std::collections::HashMap;

/// How a resolved credential is applied (AUTH/AuthApplyAs.java).
pub(crate) const APPLY_AS: [&str; 8] = [
    "HTTP_AUTHORIZATION_BEARER",
    "HTTP_HEADER",
    "HTTP_QUERY_PARAM",
    "TCP_PAYLOAD_PREFIX",
    "HMAC_PAYLOAD_FIELD",
    "HMAC_HEADER",
    "ISO8583_MAC_FIELD",
    "MTLS_CLIENT_CERT",
];

/// Profile types (AUTH/AuthType.java, without `none`).
pub(crate) const TYPES: [&str; 11] = [
    "bearer-token",
    "basic-auth",
    "api-key",
    "oauth2-client-credentials",
    "oauth2-password-grant",
    "hmac-signature",
    "tls-client-cert",
    "message-field-auth",
    "static-token",
    "aws-signature-v4",
    "iso8583-mac",
];

/// Types whose token is refreshed and must be stored in Redis.
pub(crate) const REFRESHABLE: [&str; 2] = ["oauth2-client-credentials", "oauth2-password-grant"];

/// `TRIM, UPPER, - -> _`, the platform's enum normalisation.
fn enum_name(value: &str) -> String {
    value.trim().to_uppercase().replace('-', "_")
}

/// A profile type the platform does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnknownType;

/// A profile type as its kebab key, `Ok(None)` for `none`/missing.
pub(crate) fn parse_type(value: Option<&str>) -> Result<Option<&'static str>, UnknownType> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    let name = enum_name(value);
    if name == "NONE" {
        return Ok(None);
    }
    TYPES
        .iter()
        .find(|t| t.to_uppercase().replace('-', "_") == name)
        .map(|t| Some(*t))
        .ok_or(UnknownType)
}

/// A valid Redis token key: `[A-Za-z0-9._:-]{1,128}` without `..`
/// (AUTH/AuthTokenKeys.java).
pub(crate) fn is_valid_token_key(key: &str) -> bool {
    let key = key.trim();
    (1..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
        && !key.contains("..")
}

struct AuthRef<'f> {
    file: &'f BundleFile,
    profile_id: Option<String>,
    /// The `profileId` value, else the `authRef` key.
    position: Position,
}

/// Runs the auth rules; `templates` are the template files that parsed.
pub(crate) fn check(bundle: &Bundle<'_>, templates: &[TemplateFile<'_>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut refs = Vec::new();
    // Template files parsed once (by the template checks); only files named
    // authProfiles, which are no templates, are parsed here.
    let parsed_templates: HashMap<&str, &Node> = templates
        .iter()
        .map(|t| (t.rel(), t.parsed.root()))
        .collect();
    for file in bundle.template_files() {
        let root = match parsed_templates.get(file.rel.as_str()) {
            Some(root) => *root,
            None if is_auth_profiles_name(&file.rel) => match file.parse_map(bundle.limits) {
                Ok(parsed) => parsed.root(),
                Err(_) => continue,
            },
            // Did not parse: skipped, as upstream.
            None => continue,
        };
        let auth = root.get_entry("auth");
        let auth_ref = root.get_entry("authRef");
        if let Some(entry) = auth {
            findings.push(finding_in(
                file,
                Finding::error(
                    AUTH_INLINE,
                    "template uses inline auth, but bundle auth must use authRef",
                )
                .with_path("auth")
                .with_fix(format!(
                    "replace `auth` with `authRef: {{profileId: <id>, applyAs: <how>}}` and \
                     declare the profile in {AUTH_PROFILES_FILE}"
                )),
                at(entry.key.span),
            ));
        }
        if let (Some(_), Some(entry)) = (auth, auth_ref) {
            findings.push(finding_in(
                file,
                Finding::error(AUTH_INLINE, "template declares both auth and authRef")
                    .with_path("authRef")
                    .with_fix("keep authRef only and remove the inline auth"),
                at(entry.key.span),
            ));
        }
        if let Some(entry) = auth_ref {
            if let Some(r) = auth_ref_usage(file, &entry.key, &entry.value, &mut findings) {
                refs.push(r);
            }
        }
    }
    if !bundle.has_file(AUTH_PROFILES_FILE) {
        if let Some(first) = refs.first() {
            findings.push(finding_in(
                first.file,
                Finding::error(
                    AUTH_PROFILES_MISSING,
                    format!("templates declare authRef but {AUTH_PROFILES_FILE} is missing"),
                )
                .with_path("authRef")
                .with_fix(format!(
                    "add {AUTH_PROFILES_FILE} (exactly that name) at the bundle root with a \
                     `profiles` map"
                )),
                first.position,
            ));
        }
        return findings;
    }
    let Some(profiles_file) = bundle.file(AUTH_PROFILES_FILE) else {
        findings.push(
            Finding::error(
                AUTH_PROFILES_INVALID,
                format!("{AUTH_PROFILES_FILE} could not be parsed: not UTF-8 text"),
            )
            .in_file(bundle.display(AUTH_PROFILES_FILE))
            .with_fix("save the file as UTF-8"),
        );
        return findings;
    };
    let Some(declared) = read_profiles(profiles_file, bundle, &mut findings) else {
        return findings;
    };
    for r in refs {
        let id = r.profile_id.as_deref().unwrap_or_default();
        if id.is_empty() || !declared.ids.iter().any(|d| d == id) {
            findings.push(
                finding_in(
                    r.file,
                    Finding::error(
                        AUTH_PROFILE_MISSING,
                        format!("authRef.profileId '{id}' is not declared in {AUTH_PROFILES_FILE}"),
                    )
                    .with_path("authRef.profileId")
                    .with_fix(format!(
                        "add profile '{id}' to {AUTH_PROFILES_FILE} or correct authRef.profileId"
                    )),
                    r.position,
                )
                .related(Location {
                    file: profiles_file.display.clone(),
                    line: declared.at.line,
                    column: declared.at.column,
                    note: "the declared auth profiles".into(),
                }),
            );
        }
    }
    findings
}

fn auth_ref_usage<'f>(
    file: &'f BundleFile,
    key: &Node,
    value: &Node,
    findings: &mut Vec<Finding>,
) -> Option<AuthRef<'f>> {
    if !matches!(value.value, Value::Map(_)) {
        findings.push(finding_in(
            file,
            Finding::error(
                AUTH_PROFILE_MISSING,
                "authRef must be an object with profileId and applyAs",
            )
            .with_path("authRef")
            .with_fix("write `authRef: {profileId: <id>, applyAs: HTTP_AUTHORIZATION_BEARER}`"),
            at(value.span),
        ));
        return None;
    }
    let profile_node = value.get("profileId");
    let profile_id = string_value(profile_node).map(str::to_string);
    let profile_position = profile_node.map_or(at(key.span), |n| at(n.span));
    if profile_id.as_deref().is_none_or(str::is_empty) {
        findings.push(finding_in(
            file,
            Finding::error(AUTH_PROFILE_MISSING, "authRef.profileId must not be blank")
                .with_path("authRef.profileId")
                .with_fix(format!(
                    "set authRef.profileId to a profile declared in {AUTH_PROFILES_FILE}"
                )),
            profile_position,
        ));
    }
    let apply_node = value.get("applyAs");
    let apply = string_value(apply_node);
    let valid = apply
        .filter(|a| !a.is_empty())
        .is_some_and(|a| APPLY_AS.contains(&enum_name(a).as_str()));
    if !valid {
        findings.push(finding_in(
            file,
            Finding::error(
                AUTH_APPLY_AS,
                format!(
                    "authRef.applyAs '{}' is not supported",
                    apply.unwrap_or_default()
                ),
            )
            .with_path("authRef.applyAs")
            .with_fix(format!("use one of: {}", APPLY_AS.join(", "))),
            apply_node.map_or(at(key.span), |n| at(n.span)),
        ));
    }
    Some(AuthRef {
        file,
        profile_id,
        position: profile_position,
    })
}

struct Declared {
    ids: Vec<String>,
    at: Position,
}

/// F37-F43; `None` when the file does not parse.
fn read_profiles(
    file: &BundleFile,
    bundle: &Bundle<'_>,
    findings: &mut Vec<Finding>,
) -> Option<Declared> {
    let parsed = match file.parse_map(bundle.limits) {
        Ok(parsed) => parsed,
        Err(e) => {
            findings.push(finding_in(
                file,
                Finding::error(
                    AUTH_PROFILES_INVALID,
                    format!("{AUTH_PROFILES_FILE} could not be parsed: {}", e.message),
                )
                .with_fix(format!(
                    "fix the {AUTH_PROFILES_FILE} syntax and duplicate keys"
                )),
                e.at,
            ));
            return None;
        }
    };
    let root = parsed.root();
    let entry = root.get_entry("profiles");
    let profiles = entry
        .and_then(|e| e.value.as_map())
        .filter(|m| !m.is_empty());
    let anchor = entry.map_or(at(root.span), |e| at(e.key.span));
    let Some(profiles) = profiles else {
        findings.push(finding_in(
            file,
            Finding::error(
                AUTH_PROFILES_INVALID,
                format!("{AUTH_PROFILES_FILE} must declare a non-empty profiles map"),
            )
            .with_path("profiles")
            .with_fix("add `profiles: {<profileId>: {type: bearer-token, ...}}`"),
            anchor,
        ));
        return Some(Declared {
            ids: Vec::new(),
            at: anchor,
        });
    };
    let mut ids = Vec::new();
    for profile in profiles {
        let id = profile.key.key_text();
        ids.push(id.clone());
        let path = format!("profiles.{id}");
        if !matches!(profile.value.value, Value::Map(_)) {
            findings.push(finding_in(
                file,
                Finding::error(
                    AUTH_PROFILES_INVALID,
                    format!("auth profile '{id}' must be an object"),
                )
                .with_path(path)
                .with_fix(format!("declare type and storage for profile '{id}'")),
                at(profile.value.span),
            ));
            continue;
        }
        check_profile(file, &id, &profile.key, &profile.value, findings);
    }
    Some(Declared { ids, at: anchor })
}

fn check_profile(
    file: &BundleFile,
    id: &str,
    key: &Node,
    profile: &Node,
    findings: &mut Vec<Finding>,
) {
    let type_node = profile.get("type");
    let raw_type = string_value(type_node);
    let type_position = type_node.map_or(at(key.span), |n| at(n.span));
    let type_path = format!("profiles.{id}.type");
    let kind = match parse_type(raw_type) {
        Ok(Some(kind)) => kind,
        Ok(None) => {
            findings.push(finding_in(
                file,
                Finding::error(
                    AUTH_PROFILES_INVALID,
                    format!("auth profile '{id}' must declare type"),
                )
                .with_path(type_path)
                .with_fix(format!("set a concrete type: one of {}", TYPES.join(", "))),
                type_position,
            ));
            return;
        }
        Err(UnknownType) => {
            findings.push(finding_in(
                file,
                Finding::error(
                    AUTH_PROFILES_INVALID,
                    format!(
                        "auth profile '{id}' declares unsupported type '{}'",
                        raw_type.unwrap_or_default()
                    ),
                )
                .with_path(type_path)
                .with_fix(format!("use one of: {}", TYPES.join(", "))),
                type_position,
            ));
            return;
        }
    };
    let storage = profile
        .get("storage")
        .filter(|s| matches!(s.value, Value::Map(_)));
    let mode_node = storage.and_then(|s| s.get("mode"));
    let mode_path = format!("profiles.{id}.storage.mode");
    let mode_position = mode_node
        .or(profile.get("storage"))
        .map_or(at(key.span), |n| at(n.span));
    let raw_mode = string_value(mode_node);
    let mode = match raw_mode.filter(|m| !m.is_empty()) {
        None => "NONE".to_string(),
        Some(m) => enum_name(m),
    };
    if mode != "NONE" && mode != "REDIS" {
        findings.push(finding_in(
            file,
            Finding::error(
                AUTH_STORAGE,
                format!(
                    "auth profile '{id}' declares unsupported storage.mode '{}'",
                    raw_mode.unwrap_or_default()
                ),
            )
            .with_path(mode_path)
            .with_fix("use one of: REDIS, NONE"),
            mode_position,
        ));
        return;
    }
    let refreshable = REFRESHABLE.contains(&kind);
    if refreshable && mode != "REDIS" {
        findings.push(finding_in(
            file,
            Finding::error(
                AUTH_STORAGE,
                format!("refreshable auth profile '{id}' must use storage.mode=REDIS"),
            )
            .with_path(mode_path.clone())
            .with_fix("set `storage: {mode: REDIS, tokenKey: <key>}`"),
            mode_position,
        ));
    }
    if mode == "REDIS" {
        let key_node = storage.and_then(|s| s.get("tokenKey"));
        let token_key = string_value(key_node);
        if !token_key.is_some_and(is_valid_token_key) {
            findings.push(finding_in(
                file,
                Finding::error(
                    AUTH_STORAGE,
                    format!("auth profile '{id}' must declare a valid storage.tokenKey"),
                )
                .with_path(format!("profiles.{id}.storage.tokenKey"))
                .with_fix("use a non-blank tokenKey matching [A-Za-z0-9._:-]{1,128} without '..'"),
                key_node.map_or(mode_position, |n| at(n.span)),
            ));
        }
    }
    if !refreshable && mode != "NONE" {
        findings.push(finding_in(
            file,
            Finding::error(
                AUTH_STORAGE,
                format!("non-refresh auth profile '{id}' must use storage.mode=NONE"),
            )
            .with_path(mode_path)
            .with_fix("set `storage: {mode: NONE}` or remove storage"),
            mode_position,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_token_keys_as_upstream() {
        assert_eq!(
            parse_type(Some("OAUTH2_CLIENT_CREDENTIALS")),
            Ok(Some("oauth2-client-credentials"))
        );
        assert_eq!(parse_type(Some("Bearer-Token")), Ok(Some("bearer-token")));
        assert_eq!(parse_type(Some("none")), Ok(None));
        assert_eq!(parse_type(None), Ok(None));
        assert!(parse_type(Some("kerberos")).is_err());
        assert!(is_valid_token_key("a.b:c-d_e"));
        assert!(!is_valid_token_key("a..b"));
        assert!(!is_valid_token_key("a b"));
        assert!(!is_valid_token_key(&"x".repeat(129)));
    }
}
