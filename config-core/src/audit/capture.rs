//! Reading a capture: JSON Lines files and standard input one record per
//! line, streamed with a per-line budget; `.json` files (given or found in
//! a directory, sorted) one message each.
//!
//! Example: the unit test `doc_examples::line_reader`.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

/// One capture input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureInput {
    /// Standard input (`-`), JSON Lines.
    Stdin,
    /// A JSON Lines file (any name but `*.json`).
    Lines(PathBuf),
    /// A file holding one message (`*.json`).
    Message(PathBuf),
    /// A path that cannot be used, with the reason.
    Unreadable(PathBuf, String),
}

impl CaptureInput {
    /// The name findings use.
    pub fn name(&self) -> String {
        match self {
            Self::Stdin => "<stdin>".into(),
            Self::Lines(p) | Self::Message(p) | Self::Unreadable(p, _) => p.display().to_string(),
        }
    }
}

/// Expands the capture paths: `-` is standard input, a directory its
/// `*.json` files (recursively, sorted by name, honouring `.gitignore`), a
/// `*.json` file one message, any other file JSON Lines.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<CaptureInput> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(CaptureInput::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs);
        } else if is_json_name(path) {
            inputs.push(CaptureInput::Message(path.clone()));
        } else {
            inputs.push(CaptureInput::Lines(path.clone()));
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<CaptureInput>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_json_name(entry.path()) {
                    inputs.push(CaptureInput::Message(entry.into_path()));
                }
            }
            Err(err) => inputs.push(CaptureInput::Unreadable(dir.to_path_buf(), err.to_string())),
        }
    }
}

fn is_json_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// One line of a JSON Lines input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A non-blank line (without its line break).
    Text {
        /// 1-based line number.
        number: usize,
        /// The text.
        text: String,
    },
    /// A line over the budget (skipped without being held).
    TooLong {
        /// 1-based line number.
        number: usize,
    },
    /// A line that is not UTF-8.
    NotUtf8 {
        /// 1-based line number.
        number: usize,
    },
}

/// Reads lines of at most `max_bytes` bytes each, holding one line at a time.
pub struct LineReader<R> {
    reader: R,
    max_bytes: usize,
    number: usize,
    buffer: Vec<u8>,
}

impl<R: BufRead> LineReader<R> {
    /// A reader of `reader`'s lines.
    pub fn new(reader: R, max_bytes: usize) -> Self {
        Self {
            reader,
            max_bytes,
            number: 0,
            buffer: Vec::new(),
        }
    }

    /// The next non-blank line, `None` at the end.
    ///
    /// # Errors
    /// An I/O error of the underlying reader.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            self.buffer.clear();
            let limit = u64::try_from(self.max_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(1);
            let read =
                io::Read::take(self.reader.by_ref(), limit).read_until(b'\n', &mut self.buffer)?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            let number = self.number;
            let ended = self.buffer.last() == Some(&b'\n');
            if !ended && self.buffer.len() > self.max_bytes {
                self.skip_rest()?;
                return Ok(Some(Line::TooLong { number }));
            }
            while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
                self.buffer.pop();
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(match std::str::from_utf8(&self.buffer) {
                Ok(text) => Line::Text {
                    number,
                    text: text.to_string(),
                },
                Err(_) => Line::NotUtf8 { number },
            }));
        }
    }

    /// Discards the rest of an over-long line.
    fn skip_rest(&mut self) -> io::Result<()> {
        loop {
            let (done, used) = {
                let available = self.reader.fill_buf()?;
                if available.is_empty() {
                    return Ok(());
                }
                match available.iter().position(|b| *b == b'\n') {
                    Some(i) => (true, i + 1),
                    None => (false, available.len()),
                }
            };
            self.reader.consume(used);
            if done {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn long_and_binary_lines_are_skipped_with_their_numbers() {
        let data = b"{}\nxxxxxxxxxxxxxxxxxxxxxxxx\n\xff\xfe\n{}\r\n";
        let mut lines = LineReader::new(&data[..], 8);
        let mut seen = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            seen.push(line);
        }
        assert_eq!(
            seen,
            [
                Line::Text {
                    number: 1,
                    text: "{}".into()
                },
                Line::TooLong { number: 2 },
                Line::NotUtf8 { number: 3 },
                Line::Text {
                    number: 4,
                    text: "{}".into()
                },
            ]
        );
    }
}

/// The examples of this module's crate-private items, run as unit tests
/// (rustdoc runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod doc_examples {
    #[test]
    fn line_reader() {
        use crate::audit::capture::{Line, LineReader};
        let mut lines = LineReader::new(&b"{\"a\": 1}\n\n  \nnot json\n"[..], 64);
        assert!(matches!(
            lines.next_line().unwrap(),
            Some(Line::Text { number: 1, .. })
        ));
        assert!(matches!(
            lines.next_line().unwrap(),
            Some(Line::Text { number: 4, .. })
        ));
        assert!(lines.next_line().unwrap().is_none());
    }
}
