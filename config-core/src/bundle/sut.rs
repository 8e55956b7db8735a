//! `sut/<id>/sut.yaml` (VALIDATOR.md §10.8): every folder directly under
//! `sut/` (sorted) must hold a `sut.yaml` that binds strictly to a SUT
//! environment whose `id` is the folder name. As on the platform, the first
//! failure is the only finding (PH630) and it stops the variables contract.

use super::codes::SUT_INVALID;
use super::file::{at, coerced_string, join_display, path_at, BundleFile};
use super::model::{SUT_ENDPOINT_FIELDS, SUT_FIELDS};
use super::{Bundle, SUT_DIR, SUT_FILE};
use crate::finding::{Finding, Position};
use crate::scenario::discover;
use crate::source::list::EntryKind;
use crate::source::read::read_text;
use crate::source::yaml::{Node, Value};
use std::path::Path;

/// Checks every SUT folder; the valid SUT ids, or the one finding.
pub(crate) fn check(bundle: &Bundle<'_>, scenario_id: &str) -> Result<Vec<String>, Box<Finding>> {
    let mut ids = Vec::new();
    for dir in bundle.sut_dirs().iter().cloned() {
        let rel = format!("{SUT_DIR}/{dir}/{SUT_FILE}");
        let fail = |cause: String, file: String, position: Position, path: String| {
            Box::new(
                Finding::error(
                    SUT_INVALID,
                    format!(
                        "failed to parse bundle-local SUT '{dir}' in scenario '{scenario_id}': {cause}"
                    ),
                )
                .at(position)
                .in_file(file)
                .with_path(path)
                .with_fix(
                    "write sut/<id>/sut.yaml with `id: <id>` (the folder name), optional \
                     `name`/`type`, and `endpoints: {<name>: {kind: HTTP, baseUrl: http://...}}`",
                ),
            )
        };
        let not_text = || {
            fail(
                format!("{SUT_FILE} cannot be read as UTF-8 text"),
                bundle.display(&rel),
                Position { line: 1, column: 1 },
                String::new(),
            )
        };
        let through_link;
        let file = if bundle.has_file(&rel) {
            // Every structured file was read with the bundle; a missing one
            // is not UTF-8 text.
            bundle.file(&rel).ok_or_else(not_text)?
        } else {
            match read_through_link(bundle, &rel) {
                Some(Some(read)) => {
                    through_link = read;
                    &through_link
                }
                Some(None) => return Err(not_text()),
                None => {
                    return Err(fail(
                        format!("SUT '{dir}' has no {SUT_FILE}"),
                        join_display(bundle.display_root, &format!("{SUT_DIR}/{dir}")),
                        Position { line: 1, column: 1 },
                        String::new(),
                    ))
                }
            }
        };
        if let Err((cause, position, path)) = check_file(file, &dir, bundle) {
            return Err(fail(cause, file.display.clone(), position, path));
        }
        ids.push(dir);
    }
    Ok(ids)
}

/// A `sut.yaml` the bundle's listing could not see because its folder is
/// a link (the listing, like the platform's `Files.walk`, does not enter
/// links to folders), read as the platform's SUT check reads it, through
/// the link (SBV:701-708). `None` when there is no regular file there,
/// `Some(None)` when it is not UTF-8 text.
fn read_through_link(bundle: &Bundle<'_>, rel: &str) -> Option<Option<BundleFile>> {
    let path = bundle.root.join(rel);
    if !path.is_file() {
        return None;
    }
    let text = read_text(&path, bundle.limits.max_bytes).ok();
    Some(text.map(|text| BundleFile::new(rel.to_string(), bundle.display(rel), text)))
}

/// The folders (and links to folders) directly under `sut/` that
/// discovery's listing of the bundle saw ([`dir_names`]); read from disk
/// when `sut` itself is a link, which the platform follows (SBV:676-687)
/// and the listing does not enter.
pub(crate) fn listed_dirs(found: &discover::Bundle) -> Vec<String> {
    let sut = found.root.join(SUT_DIR);
    if found.dir_links.contains(&sut) {
        return dirs_on_disk(&found.root);
    }
    dir_names(found.dirs.iter().chain(&found.dir_links).filter_map(|dir| {
        let name = dir.strip_prefix(&sut).ok()?;
        let mut parts = name.components();
        match (parts.next(), parts.next()) {
            (Some(only), None) => Some(only.as_os_str().to_string_lossy().into_owned()),
            _ => None,
        }
    }))
}

/// The folders (and links to folders) directly under `root/sut/`, read
/// from disk ([`dir_names`]): a bundle built from an editor's texts has no
/// listing.
pub(crate) fn dirs_on_disk(root: &Path) -> Vec<String> {
    let sut = root.join(SUT_DIR);
    let entries = crate::source::list::entries(&sut).unwrap_or_default();
    dir_names(entries.into_iter().filter_map(|entry| {
        let is_dir = match entry.kind {
            EntryKind::Dir => true,
            EntryKind::Symlink => sut.join(&entry.name).is_dir(),
            _ => false,
        };
        is_dir.then(|| entry.name.to_string_lossy().into_owned())
    }))
}

/// SUT folder names as the platform takes them: non-blank, sorted.
fn dir_names(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut dirs: Vec<String> = names.filter(|name| !name.trim().is_empty()).collect();
    dirs.sort();
    dirs
}

type Failure = (String, Position);

fn parse_failure(message: impl std::fmt::Display, position: Position) -> Failure {
    (format!("Failed to parse {SUT_FILE}: {message}"), position)
}

/// F27-F30 on one file; a failure with its path in the file.
fn check_file(
    file: &BundleFile,
    dir: &str,
    bundle: &Bundle<'_>,
) -> Result<(), (String, Position, String)> {
    let parsed = file.parse(bundle.limits).map_err(|e| {
        let (m, p) = parse_failure(e.message, e.at);
        (m, p, String::new())
    })?;
    let root = parsed.root();
    check_tree(root, dir).map_err(|(m, p)| {
        let path = path_at(root, p);
        (m, p, path)
    })
}

fn check_tree(root: &Node, dir: &str) -> Result<(), Failure> {
    let entries = match &root.value {
        Value::Map(entries) => entries,
        Value::Null if root.style.is_some() => {
            return Err((format!("{SUT_FILE} parsed as null"), at(root.span)))
        }
        Value::Null => {
            return Err(parse_failure(
                "No content to map due to end-of-input",
                at(root.span),
            ))
        }
        _ => {
            return Err(parse_failure(
                format!("a SUT must be a mapping, found {}", root.type_name()),
                at(root.span),
            ))
        }
    };
    let mut id: Option<(String, Position)> = None;
    for entry in entries {
        let key = entry.key.key_text();
        if !SUT_FIELDS.contains(&key.as_str()) {
            return Err(parse_failure(
                format!(
                    "Unrecognized field \"{key}\" (known: {})",
                    SUT_FIELDS.join(", ")
                ),
                at(entry.key.span),
            ));
        }
        if key == "endpoints" {
            check_endpoints(&entry.value)?;
            continue;
        }
        let value = coerced_string(&entry.value).map_err(|()| {
            parse_failure(format!("'{key}' must be a string"), at(entry.value.span))
        })?;
        if key == "id" {
            id = value.map(|v| (v, at(entry.value.span)));
        }
    }
    let position = id.as_ref().map_or(at(root.span), |(_, p)| *p);
    match id {
        Some((id, _)) if !id.trim().is_empty() => {
            if id == dir {
                Ok(())
            } else {
                Err((
                    format!("{SUT_FILE} id '{id}' does not match directory name '{dir}'"),
                    position,
                ))
            }
        }
        _ => Err((format!("{SUT_FILE} id must not be blank"), position)),
    }
}

fn check_endpoints(node: &Node) -> Result<(), Failure> {
    let entries = match &node.value {
        Value::Map(entries) => entries,
        _ if coerced_string(node) == Ok(None) => return Ok(()),
        _ => {
            return Err(parse_failure(
                "endpoints must be a mapping of endpoint id to {kind, baseUrl}",
                at(node.span),
            ))
        }
    };
    for entry in entries {
        let id = entry.key.key_text();
        if id.trim().is_empty() {
            return Err(parse_failure(
                "SUT endpoint map key must not be blank",
                at(entry.key.span),
            ));
        }
        if id != id.trim() {
            return Err(parse_failure(
                format!("SUT endpoint map key must not have surrounding whitespace: '{id}'"),
                at(entry.key.span),
            ));
        }
        let fields = match &entry.value.value {
            Value::Map(fields) => fields,
            _ if coerced_string(&entry.value) == Ok(None) => {
                return Err(parse_failure(
                    format!("SUT endpoint '{id}' must not be null"),
                    at(entry.value.span),
                ))
            }
            _ => {
                return Err(parse_failure(
                    format!("SUT endpoint '{id}' must be a mapping"),
                    at(entry.value.span),
                ))
            }
        };
        let mut seen = Vec::new();
        for field in fields {
            let key = field.key.key_text();
            if !SUT_ENDPOINT_FIELDS.contains(&key.as_str()) {
                return Err(parse_failure(
                    format!(
                        "Unrecognized field \"{key}\" in endpoint '{id}' (known: {})",
                        SUT_ENDPOINT_FIELDS.join(", ")
                    ),
                    at(field.key.span),
                ));
            }
            let value = coerced_string(&field.value).map_err(|()| {
                parse_failure(format!("'{key}' must be a string"), at(field.value.span))
            })?;
            match value {
                Some(v) if v.trim().is_empty() => {
                    return Err(parse_failure(
                        format!("SUT endpoint {key} must not be blank"),
                        at(field.value.span),
                    ))
                }
                Some(_) => seen.push(key),
                // null: required fields fail below, upstreamBaseUrl is optional.
                None => {}
            }
        }
        for required in ["kind", "baseUrl"] {
            if !seen.iter().any(|k| k == required) {
                return Err(parse_failure(
                    format!("SUT endpoint {required} must not be blank (endpoint '{id}')"),
                    at(entry.key.span),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sut_folders_from_the_listing_match_those_read_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("scenario.yaml"), "id: x\n").unwrap();
        for folder in ["sut/b/deeper", "sut/a", "sut/ ", "elsewhere"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        std::fs::write(root.join("sut/notes.yaml"), "x: 1\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("sut/linked")).unwrap();
        let mut expected = vec!["a", "b"];
        if cfg!(unix) {
            expected.push("linked");
        }
        let found = discover::Bundle::discover(root.to_path_buf());
        assert_eq!(listed_dirs(&found), expected);
        assert_eq!(dirs_on_disk(root), expected);
    }
}
