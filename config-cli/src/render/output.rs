//! Where output goes, for every command: reports to stdout, errors and notes
//! to stderr, colour decided once.
//!
//! A reader that stops reading (`cfgate schema | head`) is the reader's
//! choice, not a failure: a write to a closed stdout ends the process at
//! once with status 0 and no message, as ripgrep does. Any other write
//! failure (a full disk behind `> file`) is an error with status 2.

use config_core::terminal::one_line;
use std::fmt::Display;
use std::io::{self, BufWriter, StdoutLock, Write};
use std::process::ExitCode;

/// Exit status of a report that could not be written.
const WRITE_FAILED: u8 = 2;

/// Buffered standard output whose writes end the process quietly (status 0)
/// when the reader has gone.
pub struct Stdout {
    inner: BufWriter<StdoutLock<'static>>,
}

/// Locked, buffered standard output (see [`Stdout`]).
pub fn stdout() -> Stdout {
    Stdout {
        inner: BufWriter::new(io::stdout().lock()),
    }
}

/// `result`, unless it is a closed pipe: then the process ends with status 0.
fn quiet_when_closed<T>(result: io::Result<T>) -> io::Result<T> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other,
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        quiet_when_closed(self.inner.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        quiet_when_closed(self.inner.flush())
    }
}

/// Writes `text` to stdout and flushes. `Err` carries the exit status of a
/// failed write (after saying why on stderr); a closed pipe never returns.
pub fn print(text: &str) -> Result<(), ExitCode> {
    let mut out = stdout();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(write_failed)
}

/// [`print()`] for commands whose status is decided before they print: a
/// failed write ends the process with status 2 (after saying why).
pub fn print_or_exit(text: &str) {
    if print(text).is_err() {
        std::process::exit(i32::from(WRITE_FAILED));
    }
}

/// Says on stderr that the report could not be written; the exit status.
pub fn write_failed(error: io::Error) -> ExitCode {
    error_line(format_args!("cannot write the output: {error}"));
    ExitCode::from(WRITE_FAILED)
}

/// `cfgate: error: MESSAGE` on stderr, on one line whatever the message
/// holds (a path with a line break is shown `\n`: [`one_line`]). Failures
/// to write to stderr are ignored: there is nowhere left to report them.
pub fn error_line(message: impl Display) {
    to_stderr(&format!(
        "cfgate: error: {}\n",
        one_line(&message.to_string())
    ));
}

/// `  fix: TEXT` on stderr, the line after an [`error_line`].
pub fn fix_line(text: impl Display) {
    to_stderr(&format!("  fix: {}\n", one_line(&text.to_string())));
}

/// `cfgate: note: MESSAGE` on stderr.
pub fn note_line(message: impl Display) {
    to_stderr(&format!(
        "cfgate: note: {}\n",
        one_line(&message.to_string())
    ));
}

/// Writes `text` to stderr, ignoring failures (a closed stderr must not
/// panic, unlike `eprintln!`).
pub fn to_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}
