//! Finding the files to migrate and reading them.
//!
//! A path given on the command line is always considered; a directory is
//! walked (sorted, symlinked directories not followed, `.git`, `target` and
//! `node_modules` skipped) for:
//! - dotenv files: named `.env` or `.env.*`, or ending in `.env`;
//! - shell scripts (`*.sh`) and Dockerfiles (`Dockerfile`, `Dockerfile.*`,
//!   `*.Dockerfile`): old names set there are reported, never rewritten;
//! - YAML files (`*.yml`, `*.yaml`) that are compose files (a top-level
//!   `services:` key) or scenarios (a top-level `template:` key). Other YAML
//!   files found by a walk are skipped; given by name they are an error.
//!
//! Only regular files are read: a FIFO, socket or device found by a walk
//! (directly or through a symbolic link) is skipped with a note
//! ([`Skipped`]), since reading it could block forever; named on the
//! command line it is an error ([`ReadError::NotRegular`]).

use super::{plan_text, FileKind, FilePlan};
use crate::source::read::{read_text, ReadError};
use crate::source::yaml::{self, Limits};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A file to consider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its path, as given or as found under a given directory.
    pub path: PathBuf,
    /// Whether the user named it (an unrecognised named file is an error).
    pub explicit: bool,
}

/// A file read and planned.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The file.
    pub path: PathBuf,
    /// What kind of file it is.
    pub kind: FileKind,
    /// Its text as read.
    pub original: String,
    /// What would change, and what blocks the change.
    pub plan: FilePlan,
}

/// A path that cannot be migrated at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist or cannot be read.
    #[error("{path}: cannot read: {source}; fix: check the path and its permissions")]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A missing path, dangling link, directory, or a file over the size
    /// budget (refused before reading it).
    #[error("{reason}; fix: name a regular text file of at most {} bytes", Limits::default().max_bytes)]
    Rejected {
        /// Why.
        reason: ReadError,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{path}: not UTF-8 text; fix: convert the file to UTF-8 (cfgate edits text files only)"
    )]
    NotUtf8 {
        /// The path.
        path: PathBuf,
    },
    /// A file named on the command line is neither a dotenv, compose nor scenario file.
    #[error("{path}: not a dotenv file (.env, .env.*, *.env), compose file (top-level 'services:') or scenario (top-level 'template:'); fix: name a file of one of those kinds, or a directory")]
    UnknownKind {
        /// The path.
        path: PathBuf,
    },
}

/// A file a walk found with a name of a migratable kind but did not read,
/// because it is not a regular file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Its path, as found under a given directory.
    pub path: PathBuf,
    /// What it is ("FIFO (named pipe)", "socket", ...).
    pub kind: &'static str,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: skipped: a {}, not a regular file (reading it could block)",
            self.path.display(),
            self.kind
        )
    }
}

/// Everything [`discover_all`] found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to read and plan, in a stable order.
    pub targets: Vec<Target>,
    /// Paths that cannot be walked or read (exit status 2).
    pub errors: Vec<InputError>,
    /// Non-regular files a walk passed over (a note, not an error).
    pub skipped: Vec<Skipped>,
}

/// Expands the given paths into files to consider, in a stable order.
/// Unreadable paths are returned as errors; the others are still walked.
/// Non-regular files found by a walk are left out silently: use
/// [`discover_all`] to hear about them.
pub fn discover(paths: &[PathBuf]) -> (Vec<Target>, Vec<InputError>) {
    let found = discover_all(paths);
    (found.targets, found.errors)
}

/// [`discover`], also listing the non-regular files a walk skipped.
pub fn discover_all(paths: &[PathBuf]) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found),
            Ok(_) => found.targets.push(Target {
                path: path.clone(),
                explicit: true,
            }),
            Err(source) => found.errors.push(InputError::Unreadable {
                path: path.clone(),
                source,
            }),
        }
    }
    found
}

fn walk(dir: &Path, found: &mut Discovery) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            found.errors.push(InputError::Unreadable {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<(PathBuf, fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_type().ok().map(|t| (e.path(), t)))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.as_deref().unwrap_or("");
        if file_type.is_dir() {
            if !matches!(name, ".git" | "target" | "node_modules") {
                walk(&path, found);
            }
        } else if name_kind(&path).is_some() {
            match special_kind(&path, &file_type) {
                Some(kind) => found.skipped.push(Skipped { path, kind }),
                None => found.targets.push(Target {
                    path,
                    explicit: false,
                }),
            }
        }
    }
}

/// `Some(kind)` when `path` (a walk entry of type `file_type`) is, or links
/// to, something other than a regular file. A dangling link is `None`: it
/// is read, and reported as such.
fn special_kind(path: &Path, file_type: &fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    let target_type = if file_type.is_symlink() {
        fs::metadata(path).ok()?.file_type()
    } else {
        *file_type
    };
    if target_type.is_file() {
        return None;
    }
    Some(describe_special(&target_type))
}

fn describe_special(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO (named pipe)";
        } else if file_type.is_socket() {
            return "socket";
        } else if file_type.is_char_device() || file_type.is_block_device() {
            return "device";
        }
    }
    if file_type.is_dir() {
        return "directory";
    }
    "special file"
}

/// What a file name says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Dotenv,
    Yaml,
    Shell,
    Dockerfile,
}

fn name_kind(path: &Path) -> Option<NameKind> {
    let name = path.file_name()?.to_str()?;
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        Some(NameKind::Dotenv)
    } else if name.ends_with(".yml") || name.ends_with(".yaml") {
        Some(NameKind::Yaml)
    } else if name.ends_with(".sh") {
        Some(NameKind::Shell)
    } else if name == "Dockerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
    {
        Some(NameKind::Dockerfile)
    } else {
        None
    }
}

/// What a YAML file is, from its top-level keys: `services` (compose) or
/// `template` (scenario). A file that does not parse is classified by a
/// `services:` / `template:` line at column 0, so its syntax error is
/// reported rather than the file silently skipped.
pub fn yaml_kind(text: &str) -> Option<FileKind> {
    if let Ok(document) = yaml::parse(text, &Limits::default()) {
        return if document.root.get("services").is_some() {
            Some(FileKind::Compose)
        } else if document.root.get("template").is_some() {
            Some(FileKind::Scenario)
        } else {
            None
        };
    }
    text.lines().find_map(|line| {
        if line.starts_with("services:") {
            Some(FileKind::Compose)
        } else if line.starts_with("template:") {
            Some(FileKind::Scenario)
        } else {
            None
        }
    })
}

/// Reads a target and plans its migration. `Ok(None)`: a file found by a
/// walk that is not a kind the migrator handles.
pub fn load_and_plan(target: &Target) -> Result<Option<Planned>, InputError> {
    let original = read_text(&target.path, Limits::default().max_bytes).map_err(|e| match e {
        ReadError::NotUtf8 { .. } => InputError::NotUtf8 {
            path: target.path.clone(),
        },
        ReadError::Io { source, .. } => InputError::Unreadable {
            path: target.path.clone(),
            source,
        },
        reason => InputError::Rejected { reason },
    })?;
    let kind = match name_kind(&target.path) {
        Some(NameKind::Dotenv) => Some(FileKind::Dotenv),
        Some(NameKind::Yaml) => yaml_kind(&original),
        Some(NameKind::Shell) => Some(FileKind::Shell),
        Some(NameKind::Dockerfile) => Some(FileKind::Dockerfile),
        None => None,
    };
    let Some(kind) = kind else {
        return if target.explicit {
            Err(InputError::UnknownKind {
                path: target.path.clone(),
            })
        } else {
            Ok(None)
        };
    };
    let plan = plan_text(kind, &original);
    Ok(Some(Planned {
        path: target.path.clone(),
        kind,
        original,
        plan,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn walks_for_env_and_yaml_files_sorted_skipping_vcs_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            (".env", "A=1\n"),
            (".env.local", "A=1\n"),
            ("prod.env", "A=1\n"),
            ("notes.txt", "x"),
            ("compose.yaml", "services: {}\n"),
            ("other.yml", "a: 1\n"),
            (".git/.env", "A=1\n"),
            ("sub/scenario.yaml", "template:\n  bees: []\n"),
        ] {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let (targets, errors) = discover(&[root.to_path_buf()]);
        assert!(errors.is_empty());
        let names: Vec<String> = targets
            .iter()
            .map(|t| {
                t.path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ".env",
                ".env.local",
                "compose.yaml",
                "other.yml",
                "prod.env",
                "sub/scenario.yaml"
            ]
        );
        let kinds: Vec<Option<FileKind>> = targets
            .iter()
            .map(|t| load_and_plan(t).unwrap().map(|p| p.kind))
            .collect();
        assert_eq!(kinds[3], None);
        assert_eq!(kinds[2], Some(FileKind::Compose));
        assert_eq!(kinds[5], Some(FileKind::Scenario));
    }

    #[test]
    fn named_unknown_files_and_missing_paths_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.yml");
        fs::write(&path, "a: 1\n").unwrap();
        let (targets, errors) = discover(&[path, dir.path().join("missing")]);
        assert_eq!(errors.len(), 1);
        assert!(matches!(
            load_and_plan(&targets[0]),
            Err(InputError::UnknownKind { .. })
        ));
    }

    #[test]
    fn yaml_kinds_from_top_level_keys() {
        assert_eq!(yaml_kind("{\"services\": {}}"), Some(FileKind::Compose));
        assert_eq!(
            yaml_kind("id: x\ntemplate:\n  bees: []\n"),
            Some(FileKind::Scenario)
        );
        assert_eq!(yaml_kind("template:\n  - [\n"), Some(FileKind::Scenario));
        assert_eq!(yaml_kind("a: 1\n"), None);
    }

    #[cfg(unix)]
    #[test]
    fn walks_skip_fifos_with_a_note_and_named_fifos_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join(".env");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink(&fifo, dir.path().join("link.env")).unwrap();
        fs::write(dir.path().join("ok.env"), "A=1\n").unwrap();
        let found = discover_all(&[dir.path().to_path_buf()]);
        assert!(found.errors.is_empty());
        assert_eq!(found.targets.len(), 1);
        assert_eq!(found.skipped.len(), 2);
        assert!(found.skipped[0].to_string().ends_with(
            ".env: skipped: a FIFO (named pipe), not a regular file (reading it could block)"
        ));
        let (targets, _) = discover(&[fifo]);
        let err = load_and_plan(&targets[0]).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn non_utf8_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        fs::write(&path, [0xff, 0xfe]).unwrap();
        let target = Target {
            path,
            explicit: true,
        };
        assert!(matches!(
            load_and_plan(&target),
            Err(InputError::NotUtf8 { .. })
        ));
    }
}
