//! Atomic file replacement: a file is either fully rewritten or untouched.
//!
//! The new text goes to a temporary file in the same directory (so the final
//! rename never crosses file systems), is flushed to disk (`fsync`), gets the
//! original's permissions, and is renamed over the original. Any failure
//! before the rename removes the temporary file and leaves the original as it
//! was. A symbolic link is followed: its target is replaced, the link stays.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join(".env");
//! std::fs::write(&path, "DB_HOST=x\n")?;
//! config_core::migrate::write::write_atomic(&path, "KTRDR_DB_HOST=x\n")?;
//! assert_eq!(std::fs::read_to_string(&path)?, "KTRDR_DB_HOST=x\n");
//! # Ok(()) }
//! ```

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be replaced. The original is intact in every case.
#[derive(Debug, thiserror::Error)]
#[error("{path}: could not write the migrated file ({step}): {source}; the original is unchanged; fix: check that the directory is writable and has free space, then run again")]
pub struct WriteError {
    /// The file that was to be replaced.
    pub path: PathBuf,
    /// The step that failed.
    pub step: &'static str,
    /// The underlying error.
    #[source]
    pub source: io::Error,
}

/// A hook run after the temporary file is complete and before the rename.
/// Tests use it to simulate a crash or failure at the last moment.
pub trait BeforeRename {
    /// Called with the temporary file's path; an error aborts the write.
    fn before_rename(&self, temporary: &Path) -> io::Result<()>;
}

/// The production hook: does nothing.
struct NoHook;

impl BeforeRename for NoHook {
    fn before_rename(&self, _: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// Replaces `path`'s contents with `contents` atomically, keeping its
/// permissions.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), WriteError> {
    write_atomic_with(path, contents, &NoHook)
}

/// [`write_atomic`] with a hook called just before the rename.
pub fn write_atomic_with(
    path: &Path,
    contents: &str,
    hook: &dyn BeforeRename,
) -> Result<(), WriteError> {
    let fail = |step: &'static str| {
        move |source: io::Error| WriteError {
            path: path.to_path_buf(),
            step,
            source,
        }
    };
    // Replace a link's target, not the link.
    let target = fs::canonicalize(path).map_err(fail("resolving the path"))?;
    let permissions = fs::metadata(&target)
        .map_err(fail("reading permissions"))?
        .permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".cfgate-migrate-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail("creating a temporary file"))?;
    temporary
        .write_all(contents.as_bytes())
        .map_err(fail("writing the temporary file"))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(fail("flushing the temporary file"))?;
    fs::set_permissions(temporary.path(), permissions).map_err(fail("copying permissions"))?;
    hook.before_rename(temporary.path())
        .map_err(fail("preparing the rename"))?;
    // On error `persist` hands the temporary file back; dropping it deletes it.
    temporary
        .persist(&target)
        .map_err(|e| fail("renaming over the original")(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Makes the rename durable. Best effort: not every platform can open a
/// directory, and the data is already safe in the renamed file.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    struct Fail;
    impl BeforeRename for Fail {
        fn before_rename(&self, temporary: &Path) -> io::Result<()> {
            // The temporary file is complete at this point.
            assert_eq!(fs::read_to_string(temporary)?, "new\n");
            Err(io::Error::other("simulated crash before rename"))
        }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_interrupted_before_the_rename_leaves_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        fs::write(&path, "old\n").unwrap();
        let error = write_atomic_with(&path, "new\n", &Fail).unwrap_err();
        assert_eq!(error.step, "preparing the rename");
        assert!(error.to_string().contains("the original is unchanged"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(entries(dir.path()), vec![".env".to_string()]);
    }

    #[test]
    fn replaces_contents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.env");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(dir.path()), vec!["a.env".to_string()]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_follows_links() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.env");
        let link = dir.path().join(".env");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        symlink(&real, &link).unwrap();
        write_atomic(&link, "new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomic(&dir.path().join("nope"), "x").unwrap_err();
        assert!(error.to_string().contains("nope"));
    }
}
