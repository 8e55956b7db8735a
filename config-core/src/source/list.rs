//! Listing one folder: each entry's name and type, from the directory read
//! itself.
//!
//! A bundle is five folders or so, read 2,000 times in a large run, so the
//! system calls per folder count. `std::fs::read_dir` asks for the folder's
//! metadata after opening it (glibc's `opendir`); on Unix this reads the
//! open handle's entries directly (`rustix`): open, read the entries, close.
//! Elsewhere it is `std::fs::read_dir`. An entry whose type the file system
//! does not report is looked at without following links, so a caller never
//! sees an unknown type.
//!
//! ```
//! use config_core::source::list::{entries, EntryKind};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.yaml"), "a: 1\n").unwrap();
//! std::fs::create_dir(dir.path().join("sub")).unwrap();
//! let mut found = entries(dir.path()).unwrap();
//! found.sort_by(|a, b| a.name.cmp(&b.name));
//! assert_eq!(found[0].name, "a.yaml");
//! assert_eq!(found[0].kind, EntryKind::File);
//! assert_eq!(found[1].kind, EntryKind::Dir);
//! ```

use std::ffi::OsString;
use std::io;
use std::path::Path;

/// What an entry is, links not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link (to anything, or dangling).
    Symlink,
    /// A FIFO, socket or device.
    Special,
}

/// One entry of a folder (`.` and `..` left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name in its folder.
    pub name: OsString,
    /// Its type.
    pub kind: EntryKind,
}

/// The entries of `dir`, in the order the file system returns them.
///
/// # Errors
/// The folder cannot be opened or read (missing, not a folder, no
/// permission).
pub fn entries(dir: &Path) -> io::Result<Vec<Entry>> {
    imp::entries(dir)
}

/// The type of `path` itself, for a file system that does not report it in
/// listings.
fn looked_at(path: &Path) -> io::Result<EntryKind> {
    let kind = std::fs::symlink_metadata(path)?.file_type();
    Ok(if kind.is_symlink() {
        EntryKind::Symlink
    } else if kind.is_dir() {
        EntryKind::Dir
    } else if kind.is_file() {
        EntryKind::File
    } else {
        EntryKind::Special
    })
}

#[cfg(unix)]
mod imp {
    use super::{looked_at, Entry, EntryKind};
    use rustix::fs::{Dir, FileType, Mode, OFlags, CWD};
    use std::ffi::OsStr;
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    pub(super) fn entries(dir: &Path) -> io::Result<Vec<Entry>> {
        let fd = rustix::fs::openat(
            CWD,
            dir,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let mut found = Vec::new();
        for entry in Dir::new(fd)? {
            let entry = entry?;
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            let name = OsStr::from_bytes(name);
            let kind = match entry.file_type() {
                FileType::RegularFile => EntryKind::File,
                FileType::Directory => EntryKind::Dir,
                FileType::Symlink => EntryKind::Symlink,
                FileType::Fifo
                | FileType::Socket
                | FileType::CharacterDevice
                | FileType::BlockDevice => EntryKind::Special,
                FileType::Unknown => looked_at(&dir.join(name))?,
            };
            found.push(Entry {
                name: name.to_os_string(),
                kind,
            });
        }
        Ok(found)
    }
}

#[cfg(not(unix))]
mod imp {
    use super::{looked_at, Entry, EntryKind};
    use std::io;
    use std::path::Path;

    pub(super) fn entries(dir: &Path) -> io::Result<Vec<Entry>> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => EntryKind::Symlink,
                Ok(t) if t.is_dir() => EntryKind::Dir,
                Ok(t) if t.is_file() => EntryKind::File,
                Ok(_) => EntryKind::Special,
                Err(_) => looked_at(&entry.path())?,
            };
            found.push(Entry {
                name: entry.file_name(),
                kind,
            });
        }
        Ok(found)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn sorted(dir: &Path) -> Vec<(String, EntryKind)> {
        let mut found: Vec<(String, EntryKind)> = entries(dir)
            .unwrap()
            .into_iter()
            .map(|e| (e.name.to_string_lossy().into_owned(), e.kind))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    #[test]
    fn entries_carry_their_types_and_leave_out_dot_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("gone", dir.path().join("l")).unwrap();
        let found = sorted(dir.path());
        assert_eq!(found[0], ("d".to_string(), EntryKind::Dir));
        assert_eq!(found[1], ("f".to_string(), EntryKind::File));
        #[cfg(unix)]
        assert_eq!(found[2], ("l".to_string(), EntryKind::Symlink));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_listed_as_special() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo is needed for this test"
        );
        assert_eq!(
            sorted(dir.path()),
            vec![("p".to_string(), EntryKind::Special)]
        );
    }

    #[test]
    fn a_missing_or_non_folder_path_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(entries(&dir.path().join("nope")).is_err());
        std::fs::write(dir.path().join("f"), "x").unwrap();
        assert!(entries(&dir.path().join("f")).is_err());
    }
}
