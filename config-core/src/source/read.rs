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
    let shown = path.display().to_string();
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
    if meta.is_file() && meta.len() > max_bytes as u64 {
        return Err(ReadError::TooLarge {
            path: shown,
            size: Some(meta.len()),
            max: max_bytes,
        });
    }
    let file = fs::File::open(path).map_err(|source| ReadError::Io {
        path: shown.clone(),
        source,
    })?;
    read_text_from(&shown, file, max_bytes)
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
    let mut bytes = Vec::new();
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
}
