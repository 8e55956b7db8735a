//! `docker.*` in a bee config, declared once for `plan` and `check`: what
//! the orchestrator keeps of it at swarm create (ORC:806-846) and which
//! `docker.volumes` specs the compute adapter or the Docker daemon rejects
//! at provisioning (DSN:74-110, 129-158; moby `linux_parser.go`;
//! PLATFORM-KEYS.md §5).

use super::text::var_placeholders;
use super::{child, codes, java_text, Issue, Stage, Vars};
use crate::finding::Finding;
use serde_json::{Map, Value};

/// What the orchestrator does with `docker` at create: PH352 for a null
/// value directly inside it (`volumes` excepted: it is replaced, ORC:843),
/// PH351 for what it drops silently. Pointers are relative to the bee
/// (`/config/docker/...`).
pub(crate) fn create_issues(config: &Map<String, Value>) -> Vec<Issue> {
    let mut issues = Vec::new();
    let docker = match config.get("docker") {
        None => return issues,
        Some(Value::Object(map)) => map,
        Some(other) => {
            issues.push(Issue::at_stage(
                Stage::Create,
                "/config/docker",
                Finding::warning(
                    codes::DOCKER_DROPPED,
                    format!(
                        "`docker` is not a map ({}); the orchestrator replaces it, so none of \
                         it is used (ORC:814-822)",
                        java_text(other)
                    ),
                )
                .with_fix(
                    "write `docker` as a map (`docker: {volumes: [\"/host:/container:ro\"]}`)",
                ),
            ));
            return issues;
        }
    };
    for (key, value) in docker {
        if key != "volumes" && value.is_null() {
            issues.push(Issue::at_stage(
                Stage::Create,
                child("/config/docker", key),
                Finding::error(
                    codes::DOCKER_NULL,
                    format!(
                        "`docker.{key}` is null: `Map.copyOf` throws and the create fails \
                         (ORC:844)"
                    ),
                )
                .with_fix("remove the key, or give it a value"),
            ));
        }
    }
    match docker.get("volumes") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if kept_volume(item).is_none() {
                    issues.push(dropped_volume(format!("/config/docker/volumes/{i}")));
                }
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => issues.push(dropped_volume("/config/docker/volumes".into())),
    }
    issues
}

/// A `docker.volumes` entry as the orchestrator and the controller keep
/// it: a String, trimmed, non-empty (ORC:826-835, SRC:1028-1051).
pub(crate) fn kept_volume(item: &Value) -> Option<&str> {
    item.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn dropped_volume(pointer: String) -> Issue {
    Issue::at_stage(
        Stage::Create,
        pointer,
        Finding::warning(
            codes::DOCKER_DROPPED,
            "the orchestrator drops this `docker.volumes` value silently (only non-blank \
             strings in a list are kept, ORC:824-835)",
        )
        .with_fix("write each volume as a `\"/host/path:/container/path[:ro]\"` string"),
    )
}

/// PH350 for each kept `docker.volumes` spec the compute adapter or the
/// daemon rejects at provisioning. With [`Vars::Unrendered`], a spec
/// holding `{{ vars.* }}` is skipped: what it renders to is not known.
pub(crate) fn provision_issues(config: &Map<String, Value>, vars: Vars) -> Vec<Issue> {
    let Some(items) = config
        .get("docker")
        .and_then(|d| d.get("volumes"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let spec = kept_volume(item)?;
            if vars == Vars::Unrendered && !var_placeholders(spec).is_empty() {
                return None;
            }
            let why = bind_error(spec)?;
            Some(Issue::at_stage(
                Stage::Provision,
                format!("/config/docker/volumes/{i}"),
                Finding::error(
                    codes::DOCKER_VOLUME_INVALID,
                    format!("`docker.volumes[{i}]` {spec:?} fails provisioning: {why}"),
                )
                .with_fix(
                    "write `HOST:CONTAINER[:MODE]` with a non-empty host, an absolute container \
                     path and modes among ro, rw, z, Z, nocopy or a propagation",
                ),
            ))
        })
        .collect()
}

/// Why docker-java's `Bind.parse` or the Docker daemon rejects `spec`
/// (PLATFORM-KEYS.md §5.2-5.3); examples in the unit test
/// `bind_error_examples` (a crate-private item has no doc test).
pub(crate) fn bind_error(spec: &str) -> Option<String> {
    // Split on ':' not followed by '\' (Windows drives); Java's split drops
    // trailing empty parts.
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = spec.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b':' && bytes.get(i + 1) != Some(&b'\\') {
            parts.push(spec.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    parts.push(spec.get(start..).unwrap_or_default());
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    let (host, container, modes) = match parts[..] {
        [host, container] => (host, container, None),
        [host, container, modes] => (host, container, Some(modes)),
        _ => {
            return Some(format!(
                "docker-java cannot parse it (\"Error parsing Bind\"): {} part(s) separated by \
                 `:`, expected 2 or 3",
                parts.len()
            ))
        }
    };
    if let Some(modes) = modes {
        for flag in modes.split(',').filter(|f| !f.is_empty()) {
            if flag.len() == 2 && !matches!(flag.to_ascii_lowercase().as_str(), "rw" | "ro") {
                return Some(format!(
                    "docker-java rejects the access mode '{flag}' (\"Error parsing Bind\")"
                ));
            }
        }
    }
    if host.is_empty() {
        return Some(
            "the host part is empty: the Docker daemon answers \"invalid volume specification\""
                .into(),
        );
    }
    if !container.starts_with('/') || container == "/" {
        return Some(format!(
            "the container path '{container}' must be absolute and not `/` (the Docker daemon \
             rejects it)"
        ));
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn bind_error_examples() {
        assert_eq!(bind_error("/data:/app/data:ro"), None);
        assert_eq!(bind_error("named:/app/x"), None);
        assert!(bind_error(":/app/invalid").is_some());
        assert!(bind_error("/h:relative").is_some());
        assert!(bind_error("/h").is_some());
        assert!(bind_error("/h:/c:xx").is_some());
    }
    use serde_json::json;

    fn codes_at(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues
            .iter()
            .map(|i| (i.pointer.as_str(), i.finding.code))
            .collect()
    }

    /// ORC:843-844: `volumes` is replaced, every other null makes
    /// `Map.copyOf` throw.
    #[test]
    fn null_inside_docker_fails_create_but_null_volumes_is_replaced() {
        let config = json!({"docker": {"network": null, "volumes": null}});
        let issues = create_issues(config.as_object().unwrap());
        assert_eq!(
            codes_at(&issues),
            [("/config/docker/network", codes::DOCKER_NULL)]
        );
    }

    /// ORC:824-835: non-strings and blanks are dropped.
    #[test]
    fn dropped_volumes_are_warnings() {
        let config = json!({"docker": {"volumes": ["/a:/b", 5, " "]}});
        let issues = create_issues(config.as_object().unwrap());
        assert_eq!(
            codes_at(&issues),
            [
                ("/config/docker/volumes/1", codes::DOCKER_DROPPED),
                ("/config/docker/volumes/2", codes::DOCKER_DROPPED)
            ]
        );
        assert!(issues
            .iter()
            .all(|i| i.finding.severity == crate::finding::Severity::Warning));
    }

    /// DSN:129-158 (`Bind.parse`): a templated spec is judged only once rendered.
    #[test]
    fn bind_errors_skip_unrendered_placeholders() {
        let config = json!({"docker": {"volumes": ["{{ vars.dir }}", ":/x"]}});
        let map = config.as_object().unwrap();
        assert_eq!(
            codes_at(&provision_issues(map, Vars::Unrendered)),
            [("/config/docker/volumes/1", codes::DOCKER_VOLUME_INVALID)]
        );
        assert_eq!(provision_issues(map, Vars::Rendered).len(), 2);
    }
}
