//! Safe file replacement: a file is either fully rewritten, with its
//! metadata, or untouched and the reason reported.
//!
//! [`write_checked`] writes the new text to a temporary file in the same
//! directory (so the final rename never crosses file systems), flushes it to
//! disk (`fsync`), gives it the original's owner and group (`fchown`; as
//! root any owner, otherwise only what the user may give), extended
//! attributes (POSIX ACLs are the `system.posix_acl_*` ones) and permissions,
//! and renames it over the original. Right before the rename it compares the
//! file with the text the plan was made from: a file changed since it was
//! read (an editor, a concurrent run) is refused, not overwritten
//! (compare-and-swap; the window left is the rename itself). Any failure
//! before the rename removes the temporary file and leaves the original as
//! it was.
//!
//! Refused, each with the reason and the flag that overrides it
//! ([`Refusal`]): a file with more than one hard link (renaming over it
//! would split the link: the other names keep the old text), a read-only
//! file, and a symbolic link whose target lies outside the tree being
//! migrated. A link inside the tree is followed: its target is replaced,
//! the link stays. Temporary files that an earlier, interrupted run left
//! (`.cfgate-migrate-*.tmp`, older than [`STALE_AFTER`]) are removed.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use config_core::migrate::write::{write_checked, WriteOptions};
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join(".env");
//! std::fs::write(&path, "DB_HOST=x\n")?;
//! write_checked(&path, "DB_HOST=x\n", "KTRDR_DB_HOST=x\n", &WriteOptions::within(dir.path()))?;
//! assert_eq!(std::fs::read_to_string(&path)?, "KTRDR_DB_HOST=x\n");
//! // Changed since it was read: refused.
//! assert!(write_checked(&path, "DB_HOST=x\n", "y\n", &WriteOptions::within(dir.path())).is_err());
//! # Ok(()) }
//! ```

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Prefix of the temporary files (with [`TEMP_SUFFIX`]).
pub const TEMP_PREFIX: &str = ".cfgate-migrate-";
/// Suffix of the temporary files.
pub const TEMP_SUFFIX: &str = ".tmp";
/// Age past which a temporary file is taken for the leftover of an
/// interrupted run (a live run keeps one for milliseconds).
pub const STALE_AFTER: Duration = Duration::from_secs(600);

/// Why a file is not written although its migration is ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file changed since it was read.
    Changed,
    /// More than one hard link points at the file.
    HardLinked {
        /// How many names the file has.
        links: u64,
    },
    /// The file is read-only.
    ReadOnly,
    /// The path is a symbolic link to a file outside the tree.
    OutsideTree {
        /// Where the link leads.
        target: PathBuf,
    },
    /// The owner or group cannot be kept (not running as root).
    Owner {
        /// The file's owner.
        uid: u32,
        /// The file's group.
        gid: u32,
    },
    /// An interrupt (SIGINT, SIGTERM) arrived before this file was started.
    Interrupted,
}

impl Refusal {
    /// The reason, in words.
    pub fn reason(&self) -> String {
        match self {
            Refusal::Changed => "the file changed since cfgate read it (edited while the run was in progress?); it is not overwritten".into(),
            Refusal::HardLinked { links } => format!("the file has {links} hard links; replacing it would split them (the other names would keep the old text)"),
            Refusal::ReadOnly => "the file is read-only".into(),
            Refusal::OutsideTree { target } => format!("it is a symbolic link to {}, outside the tree being migrated", target.display()),
            Refusal::Owner { uid, gid } => format!("its owner {uid}:{gid} cannot be kept by this user (a rewritten file would belong to the user running cfgate)"),
            Refusal::Interrupted => "interrupted before this file was started".into(),
        }
    }

    /// How to proceed.
    pub fn fix(&self) -> &'static str {
        match self {
            Refusal::Changed => "run cfgate migrate again on the current file",
            Refusal::HardLinked { .. } => {
                "pass --allow-hard-links to replace this name only, or migrate the file by hand"
            }
            Refusal::ReadOnly => {
                "make it writable, or pass --allow-read-only to rewrite it (its mode is kept)"
            }
            Refusal::OutsideTree { .. } => {
                "migrate the link's target directly, or pass --allow-outside-links"
            }
            Refusal::Owner { .. } => "run cfgate as the file's owner or as root",
            Refusal::Interrupted => "run cfgate migrate --write again",
        }
    }
}

/// Why a file could not be replaced. The original is intact in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An I/O step failed.
    #[error("{}: could not write the migrated file ({step}): {source}; the original is unchanged; fix: check that the directory is writable and has free space, then run again", path.display())]
    Io {
        /// The file that was to be replaced.
        path: PathBuf,
        /// The step that failed.
        step: &'static str,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The file is not written, for a reason given.
    #[error("{}: not written: {}; fix: {}", path.display(), refusal.reason(), refusal.fix())]
    Refused {
        /// The file.
        path: PathBuf,
        /// Why.
        refusal: Refusal,
    },
}

impl WriteError {
    /// The step that failed (`None` for a refusal).
    pub fn step(&self) -> Option<&'static str> {
        match self {
            WriteError::Io { step, .. } => Some(step),
            WriteError::Refused { .. } => None,
        }
    }
}

/// What a write may do. The defaults refuse every risky case.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// The trees being migrated: a symbolic link is followed only to a
    /// target under one of them. Empty: links are followed anywhere.
    pub roots: Vec<PathBuf>,
    /// Replace a hard-linked file's name (splitting the link).
    pub allow_hard_links: bool,
    /// Rewrite a read-only file (its mode is kept).
    pub allow_read_only: bool,
    /// Follow a symbolic link to a target outside `roots`.
    pub allow_outside_links: bool,
}

impl WriteOptions {
    /// The defaults, with one tree.
    pub fn within(root: &Path) -> Self {
        Self {
            roots: vec![root.to_path_buf()],
            ..Self::default()
        }
    }

    /// The trees of the command-line arguments: a directory is its own
    /// tree; a file's tree is the directory holding it (the file itself may
    /// be a link).
    pub fn roots_of(paths: &[PathBuf]) -> Vec<PathBuf> {
        paths
            .iter()
            .map(|p| {
                if p.is_dir() {
                    p.clone()
                } else {
                    match p.parent() {
                        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                        _ => PathBuf::from("."),
                    }
                }
            })
            .collect()
    }
}

/// A hook run after the temporary file is complete and before the rename.
/// Tests use it to simulate a crash, a failure or a concurrent edit at the
/// last moment.
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
/// permissions, with no tree (links followed anywhere) and no check of the
/// contents; prefer [`write_checked`].
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), WriteError> {
    write_with(path, None, contents, &WriteOptions::default(), &NoHook)
}

/// Replaces `path`'s contents with `contents` if the file still holds
/// `original` (the text the migration was planned from), keeping owner,
/// group, mode and extended attributes, under the refusals of `options`.
pub fn write_checked(
    path: &Path,
    original: &str,
    contents: &str,
    options: &WriteOptions,
) -> Result<(), WriteError> {
    write_with(path, Some(original), contents, options, &NoHook)
}

/// [`write_checked`] with a hook called just before the rename.
pub fn write_with(
    path: &Path,
    original: Option<&str>,
    contents: &str,
    options: &WriteOptions,
    hook: &dyn BeforeRename,
) -> Result<(), WriteError> {
    let fail = |step: &'static str| {
        move |source: io::Error| WriteError::Io {
            path: path.to_path_buf(),
            step,
            source,
        }
    };
    let refuse = |refusal: Refusal| WriteError::Refused {
        path: path.to_path_buf(),
        refusal,
    };
    // Replace a link's target, not the link.
    let target = fs::canonicalize(path).map_err(fail("resolving the path"))?;
    if !options.allow_outside_links && !options.roots.is_empty() && !inside(&target, &options.roots)
    {
        return Err(refuse(Refusal::OutsideTree { target }));
    }
    let metadata = fs::metadata(&target).map_err(fail("reading the file's metadata"))?;
    if metadata.permissions().readonly() && !options.allow_read_only {
        return Err(refuse(Refusal::ReadOnly));
    }
    if let Some(links) = hard_links(&metadata) {
        if links > 1 && !options.allow_hard_links {
            return Err(refuse(Refusal::HardLinked { links }));
        }
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    remove_stale_temporaries(dir);
    let mut temporary = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(fail("creating a temporary file"))?;
    temporary
        .write_all(contents.as_bytes())
        .map_err(fail("writing the temporary file"))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(fail("flushing the temporary file"))?;
    keep_owner(temporary.as_file(), &metadata).map_err(|e| match e {
        OwnerError::Refused(refusal) => refuse(refusal),
        OwnerError::Io(source) => fail("keeping the owner")(source),
    })?;
    copy_xattrs(&target, temporary.path()).map_err(fail("copying extended attributes"))?;
    // After chown, which clears set-id bits.
    fs::set_permissions(temporary.path(), metadata.permissions())
        .map_err(fail("copying permissions"))?;
    hook.before_rename(temporary.path())
        .map_err(fail("preparing the rename"))?;
    if let Some(original) = original {
        let now = fs::read(&target).map_err(fail("reading the file again"))?;
        if now != original.as_bytes() {
            return Err(refuse(Refusal::Changed));
        }
    }
    // On error `persist` hands the temporary file back; dropping it deletes it.
    temporary
        .persist(&target)
        .map_err(|e| fail("renaming over the original")(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Whether `target` (canonical) lies under one of `roots`.
fn inside(target: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|root| {
        fs::canonicalize(root)
            .map(|root| target.starts_with(root))
            .unwrap_or(false)
    })
}

#[cfg(unix)]
fn hard_links(metadata: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(metadata.nlink())
}

#[cfg(not(unix))]
fn hard_links(_: &fs::Metadata) -> Option<u64> {
    None
}

enum OwnerError {
    Refused(Refusal),
    Io(io::Error),
}

/// Gives the temporary file the original's owner and group. Only when they
/// differ from what the file got (so a normal user's own file costs
/// nothing); refused when this user may not give them.
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) -> Result<(), OwnerError> {
    use std::os::unix::fs::MetadataExt;
    let current = file.metadata().map_err(OwnerError::Io)?;
    if current.uid() == original.uid() && current.gid() == original.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid())).map_err(|e| {
        if e.kind() == io::ErrorKind::PermissionDenied {
            OwnerError::Refused(Refusal::Owner {
                uid: original.uid(),
                gid: original.gid(),
            })
        } else {
            OwnerError::Io(e)
        }
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) -> Result<(), OwnerError> {
    Ok(())
}

/// Copies every extended attribute (POSIX ACLs included) of `from` to
/// `to`. A file system without them, or a namespace this user may not
/// write (`security.*`, `trusted.*` as a normal user), is skipped; a
/// failure to copy a `user.*` or ACL attribute stops the write.
#[cfg(unix)]
fn copy_xattrs(from: &Path, to: &Path) -> io::Result<()> {
    let names = match xattr::list(from) {
        Ok(names) => names,
        Err(e) if unsupported(&e) => return Ok(()),
        Err(e) => return Err(e),
    };
    for name in names {
        let Some(value) = xattr::get(from, &name)? else {
            continue;
        };
        if let Err(e) = xattr::set(to, &name, &value) {
            let text = name.to_string_lossy();
            let essential = text.starts_with("user.") || text.starts_with("system.posix_acl");
            if essential && !unsupported(&e) {
                return Err(e);
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn unsupported(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported || e.raw_os_error() == Some(95) // EOPNOTSUPP
}

#[cfg(not(unix))]
fn copy_xattrs(_: &Path, _: &Path) -> io::Result<()> {
    Ok(())
}

/// Removes `.cfgate-migrate-*.tmp` files older than [`STALE_AFTER`] from
/// `dir`: what a killed run left. Best effort.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename durable. Best effort: not every platform can open a
/// directory, and the data is already safe in the renamed file.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Set by SIGINT or SIGTERM once [`Interrupt::on_signals`] is installed;
/// `--write` checks it between files, so the file being written is
/// finished (or abandoned before its rename) and no later one is started. A
/// second signal ends the process at once (status 130).
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// A flag set by SIGINT and SIGTERM (where the platform has them).
    ///
    /// # Errors
    /// When the handlers cannot be installed.
    pub fn on_signals() -> io::Result<Self> {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            // First the exit on a second signal, then the flag (in this
            // order, so the first signal only sets the flag).
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag))?;
            signal_hook::flag::register(signal, Arc::clone(&flag))?;
        }
        Ok(Self(flag))
    }

    /// Whether a signal arrived.
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Sets the flag (tests).
    pub fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
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

    /// Someone edits the file while the temporary one is being prepared.
    struct ConcurrentEdit(PathBuf);
    impl BeforeRename for ConcurrentEdit {
        fn before_rename(&self, _: &Path) -> io::Result<()> {
            fs::write(&self.0, "edited meanwhile\n")
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
        let options = WriteOptions::within(dir.path());
        let error = write_with(&path, Some("old\n"), "new\n", &options, &Fail).unwrap_err();
        assert_eq!(error.step(), Some("preparing the rename"));
        assert!(error.to_string().contains("the original is unchanged"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(entries(dir.path()), vec![".env".to_string()]);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        fs::write(&path, "old\n").unwrap();
        let options = WriteOptions::within(dir.path());
        let hook = ConcurrentEdit(path.clone());
        let error = write_with(&path, Some("old\n"), "new\n", &options, &hook).unwrap_err();
        assert!(
            matches!(
                &error,
                WriteError::Refused {
                    refusal: Refusal::Changed,
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile\n");
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
    fn keeps_permissions_and_follows_links_inside_the_tree() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.env");
        let link = dir.path().join(".env");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        symlink(&real, &link).unwrap();
        write_checked(&link, "old", "new", &WriteOptions::within(dir.path())).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_out_of_the_tree_hard_links_and_read_only_files() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let outside = tempfile::tempdir().unwrap();
        let tree = tempfile::tempdir().unwrap();
        let secret = outside.path().join("app.env");
        fs::write(&secret, "old").unwrap();
        let link = tree.path().join(".env");
        symlink(&secret, &link).unwrap();
        let options = WriteOptions::within(tree.path());
        let error = write_checked(&link, "old", "new", &options).unwrap_err();
        assert!(error.to_string().contains("outside the tree"), "{error}");
        assert!(
            error.to_string().contains("--allow-outside-links"),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&secret).unwrap(), "old");
        let allowed = WriteOptions {
            allow_outside_links: true,
            ..options.clone()
        };
        write_checked(&link, "old", "new", &allowed).unwrap();
        assert_eq!(fs::read_to_string(&secret).unwrap(), "new");

        let a = tree.path().join("a.env");
        let b = tree.path().join("b.env");
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, &b).unwrap();
        let error = write_checked(&a, "old", "new", &options).unwrap_err();
        assert!(error.to_string().contains("2 hard links"), "{error}");
        assert!(error.to_string().contains("--allow-hard-links"), "{error}");
        let allowed = WriteOptions {
            allow_hard_links: true,
            ..options.clone()
        };
        write_checked(&a, "old", "new", &allowed).unwrap();
        assert_eq!(fs::read_to_string(&b).unwrap(), "old", "the link is split");

        let ro = tree.path().join("ro.env");
        fs::write(&ro, "old").unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_checked(&ro, "old", "new", &options).unwrap_err();
        assert!(error.to_string().contains("read-only"), "{error}");
        assert!(error.to_string().contains("--allow-read-only"), "{error}");
        let allowed = WriteOptions {
            allow_read_only: true,
            ..options
        };
        write_checked(&ro, "old", "new", &allowed).unwrap();
        assert_eq!(fs::read_to_string(&ro).unwrap(), "new");
        let mode = fs::metadata(&ro).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o444);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_owner_group_and_extended_attributes() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        fs::write(&path, "old").unwrap();
        let xattrs = xattr::set(&path, "user.cfgate-test", b"kept").is_ok();
        // As root, give the file to nobody:nogroup (65534), as a service's
        // file would be; otherwise the user's own.
        let root = fs::metadata(dir.path()).unwrap().uid() == 0
            && std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_ok();
        let before = fs::metadata(&path).unwrap();
        write_checked(&path, "old", "new", &WriteOptions::within(dir.path())).unwrap();
        let after = fs::metadata(&path).unwrap();
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        if root {
            assert_eq!(after.uid(), 65534);
        }
        if xattrs {
            assert_eq!(
                xattr::get(&path, "user.cfgate-test").unwrap().as_deref(),
                Some(&b"kept"[..])
            );
        }
    }

    #[test]
    fn stale_temporaries_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".cfgate-migrate-old1.tmp");
        let fresh = dir.path().join(".cfgate-migrate-new1.tmp");
        let other = dir.path().join("keep.tmp");
        for p in [&stale, &fresh, &other] {
            fs::write(p, "x").unwrap();
        }
        let old = std::time::SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let path = dir.path().join(".env");
        fs::write(&path, "old").unwrap();
        write_checked(&path, "old", "new", &WriteOptions::within(dir.path())).unwrap();
        assert_eq!(
            entries(dir.path()),
            vec![".cfgate-migrate-new1.tmp", ".env", "keep.tmp"]
        );
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_atomic(&dir.path().join("nope"), "x").unwrap_err();
        assert!(error.to_string().contains("nope"));
    }

    /// The handlers set the flag instead of ending the process (the first
    /// signal); installing them is process-wide, so this is the one test
    /// that raises a signal.
    #[cfg(unix)]
    #[test]
    fn a_signal_sets_the_flag_and_the_process_goes_on() {
        let flag = Interrupt::on_signals().unwrap();
        assert!(!flag.is_set());
        signal_hook::low_level::raise(signal_hook::consts::SIGTERM).unwrap();
        assert!(flag.is_set());
    }

    #[test]
    fn the_interrupt_flag_starts_clear() {
        let flag = Interrupt::default();
        assert!(!flag.is_set());
        flag.set();
        assert!(flag.is_set());
    }
}
