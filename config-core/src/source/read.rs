//! Reading untrusted input files within a size budget.
//!
//! Every file cfgate reads on a user's behalf (scenario files, env files,
//! files to migrate, standard input) goes through [`read_text`] or
//! [`read_text_from`]: a regular file larger than the budget is refused from
//! its metadata before a byte is read, and any other source (a pipe, a
//! device such as `/dev/zero`) is read at most one byte past the budget, so
//! memory stays bounded whatever the input is. Directories, dangling
//! symbolic links and non-UTF-8 text get their own errors.
//!
//! Only regular files are read by path: a FIFO, socket or device named by a
//! path could block forever (a FIFO with no writer) or never end, so it is a
//! [`ReadError::NotRegular`] before a byte is read. The type is checked on
//! the path and again on the opened handle, and on Unix the file is opened
//! with `O_NONBLOCK`, so a FIFO swapped in between the two checks cannot
//! block the open either. Standard input (`-`) is the way to stream.
//!
//! A bundle's files (and its `scenario.yaml`), which a folder listing has
//! just shown to be regular, are read with [`read_listed_text`]: no stat of
//! the path or the handle, and the same non-blocking open and bounded read
//! keep a path swapped since the listing harmless.
//!
//! ```
//! use config_core::source::read::{read_text_from, ReadError};
//! let text = read_text_from("<stdin>", &b"a: 1\n"[..], 16).unwrap();
//! assert_eq!(text, "a: 1\n");
//! let err = read_text_from("<stdin>", std::io::repeat(b'x'), 16).unwrap_err();
//! assert!(matches!(err, ReadError::TooLarge { max: 16, .. }));
//! ```

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Default budget for one input file: 16 MiB (scenario and env files are a
/// few kilobytes; the budget only stops hostile or mistaken input).
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path does not exist.
    #[error("{path}: no such file or directory")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// The path is a symbolic link whose target does not exist.
    #[error("{path}: dangling symbolic link (its target does not exist)")]
    DanglingLink {
        /// The path as given.
        path: String,
    },
    /// The path is a directory where a file was expected.
    #[error("{path}: is a directory, not a file")]
    Directory {
        /// The path as given.
        path: String,
    },
    /// The path is a FIFO, socket or device: only regular files are read
    /// (reading one of these could block forever or never end).
    #[error("{path}: is a {kind}, not a regular file (cfgate reads regular files only: this could block or never end)")]
    NotRegular {
        /// The path as given.
        path: String,
        /// What it is: "FIFO (named pipe)", "socket", "character device", ...
        kind: &'static str,
    },
    /// The input is larger than the budget (refused before reading it all).
    #[error("{path}: larger than the {max}-byte limit{}", size.map(|s| format!(" ({s} bytes)")).unwrap_or_default())]
    TooLarge {
        /// The path as given.
        path: String,
        /// The size when known from metadata (`None` for streams).
        size: Option<u64>,
        /// The budget.
        max: usize,
    },
    /// The input is not UTF-8 text.
    #[error("{path}: not UTF-8 text (first invalid byte at offset {offset})")]
    NotUtf8 {
        /// The path as given.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Any other I/O error (permissions, ...).
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl ReadError {
    /// Whether this is the size budget (a finding about the file) rather
    /// than an unreadable path.
    pub fn is_too_large(&self) -> bool {
        matches!(self, ReadError::TooLarge { .. })
    }

    /// The kind of the underlying I/O error, when there is one.
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match self {
            ReadError::NotFound { .. } | ReadError::DanglingLink { .. } => {
                Some(io::ErrorKind::NotFound)
            }
            ReadError::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }
}

/// Reads the file at `path` as UTF-8 text of at most `max_bytes` bytes.
///
/// # Errors
/// [`ReadError`]: missing path, dangling link, directory, over the budget,
/// not UTF-8, or another I/O error.
pub fn read_text(path: &Path, max_bytes: usize) -> Result<String, ReadError> {
    // Messages quote the path: a name holding a line break must not forge lines.
    let shown = crate::terminal::one_line(&path.display().to_string()).into_owned();
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Err(if is_link {
                ReadError::DanglingLink { path: shown }
            } else {
                ReadError::NotFound { path: shown }
            });
        }
        Err(source) => {
            return Err(ReadError::Io {
                path: shown,
                source,
            })
        }
    };
    if meta.is_dir() {
        return Err(ReadError::Directory { path: shown });
    }
    regular_within(&shown, &meta, max_bytes)?;
    read_opened(path, shown, max_bytes)
}

/// [`read_text`] of a path a directory listing just showed to be a regular
/// file (or a link to one): opened and read, with neither the path nor the
/// opened file looked at, two system calls less per file of a bundle. What
/// keeps it safe if the path was replaced since the listing: the open never
/// blocks, a FIFO then reads as empty, a directory fails to read, and a
/// device is cut one byte past the budget, as a stream is.
///
/// ```
/// use config_core::source::read::read_listed_text;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("variables.yaml");
/// std::fs::write(&path, "version: 1\n").unwrap();
/// assert_eq!(read_listed_text(&path, 1024).unwrap(), "version: 1\n");
/// assert!(read_listed_text(&path, 4).unwrap_err().is_too_large());
/// ```
///
/// # Errors
/// [`ReadError::TooLarge`] (size unknown), [`ReadError::NotUtf8`], or
/// [`ReadError::Io`] (a path that has gone, a directory).
pub fn read_listed_text(path: &Path, max_bytes: usize) -> Result<String, ReadError> {
    /// Most bundle files fit: one read fills this and one more sees the end.
    const FIRST_READ: usize = 8 * 1024;
    let shown = crate::terminal::one_line(&path.display().to_string()).into_owned();
    let file = open_without_blocking(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    let capacity = FIRST_READ.min(max_bytes.saturating_add(1));
    let mut text = read_into(&shown, file, max_bytes, Vec::with_capacity(capacity))?;
    text.shrink_to_fit();
    Ok(text)
}

/// Opens `path` (never blocking), checks what was opened and reads it.
fn read_opened(path: &Path, shown: String, max_bytes: usize) -> Result<String, ReadError> {
    let file = open_without_blocking(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    // The path may have been replaced since it was looked at: what counts is
    // the file actually opened.
    let opened = file.metadata().map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    regular_within(&shown, &opened, max_bytes)?;
    // The size is known: one read fills the buffer and one more sees the end
    // (without it, the buffer grows from a small probe read by read).
    let size = usize::try_from(opened.len()).unwrap_or(max_bytes);
    read_into(
        &shown,
        file,
        max_bytes,
        Vec::with_capacity(size.saturating_add(1)),
    )
}

/// `Ok` when `meta` is a regular file of at most `max_bytes` bytes.
fn regular_within(shown: &str, meta: &fs::Metadata, max_bytes: usize) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            path: shown.to_string(),
            kind: special_kind(&meta.file_type()),
        });
    }
    if meta.len() > max_bytes as u64 {
        return Err(ReadError::TooLarge {
            path: shown.to_string(),
            size: Some(meta.len()),
            max: max_bytes,
        });
    }
    Ok(())
}

/// What a non-regular, non-directory file is, for the message.
fn special_kind(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "FIFO (named pipe)";
        } else if file_type.is_socket() {
            return "socket";
        } else if file_type.is_char_device() {
            return "character device";
        } else if file_type.is_block_device() {
            return "block device";
        }
    }
    let _ = file_type;
    "special file"
}

/// Opens `path` for reading; on Unix with `O_NONBLOCK`, so opening a FIFO
/// that has no writer returns at once instead of waiting for one (reads of
/// a regular file are not affected by the flag).
fn open_without_blocking(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads `reader` (standard input, a pipe, an open file) as UTF-8 text of at
/// most `max_bytes` bytes, never buffering more than one byte past it.
///
/// # Errors
/// [`ReadError::TooLarge`], [`ReadError::NotUtf8`] or [`ReadError::Io`].
pub fn read_text_from(
    name: &str,
    reader: impl Read,
    max_bytes: usize,
) -> Result<String, ReadError> {
    read_into(name, reader, max_bytes, Vec::new())
}

/// [`read_text_from`] into `bytes` (empty, with the capacity the caller
/// expects to need).
fn read_into(
    name: &str,
    reader: impl Read,
    max_bytes: usize,
    mut bytes: Vec<u8>,
) -> Result<String, ReadError> {
    let limit = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() > max_bytes {
        return Err(ReadError::TooLarge {
            path: name.to_string(),
            size: None,
            max: max_bytes,
        });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        path: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_large_regular_file_is_refused_from_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let file = fs::File::create(&path).unwrap();
        // Sparse: 1 GiB of size, no data blocks; reading it would cost 1 GiB.
        file.set_len(1 << 30).unwrap();
        let err = read_text(&path, 1024).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { size: Some(s), max: 1024, .. } if s == 1 << 30),
            "{err}"
        );
    }

    #[test]
    fn an_endless_stream_is_cut_one_byte_past_the_budget() {
        let err = read_text_from("<stdin>", io::repeat(0), 10).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { size: None, .. }));
        assert_eq!(
            read_text_from("x", &b"0123456789"[..], 10).unwrap().len(),
            10
        );
    }

    #[test]
    fn directories_links_and_bytes_have_their_own_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_text(dir.path(), 10),
            Err(ReadError::Directory { .. })
        ));
        assert!(matches!(
            read_text(&dir.path().join("nope"), 10),
            Err(ReadError::NotFound { .. })
        ));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.yaml");
            std::os::unix::fs::symlink(dir.path().join("gone"), &link).unwrap();
            let err = read_text(&link, 10).unwrap_err();
            assert!(matches!(err, ReadError::DanglingLink { .. }), "{err}");
            assert!(err.to_string().contains("dangling symbolic link"));
        }
        let bin = dir.path().join("bin");
        fs::write(&bin, b"ok\n\xff\xfe").unwrap();
        let err = read_text(&bin, 100).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { offset: 3, .. }), "{err}");
    }

    /// A FIFO with no writer would block `open` forever, and a device such
    /// as `/dev/zero` never ends: both are refused before reading, and the
    /// open of a FIFO returns at once (this test would hang otherwise).
    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = read_text(&fifo, 10).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotRegular {
                    kind: "FIFO (named pipe)",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let err = read_text(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotRegular {
                    kind: "character device",
                    ..
                }
            ),
            "{err}"
        );
        // The handle check alone also refuses what the path check would.
        let opened = open_without_blocking(&fifo).unwrap();
        let err = regular_within("p", &opened.metadata().unwrap(), 10).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular { .. }));
    }
}
