//! Renderers: library data in, text out. No decisions are made here.

pub mod bounded;
pub mod findings;
pub mod migrate;
pub mod output;
pub mod settings;

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless `NO_COLOR` is set to a non-empty value
    /// (or `CLICOLOR=0`, or `TERM=dumb`); `CLICOLOR_FORCE` forces it.
    #[default]
    Auto,
    /// Always colour, even into a pipe or file.
    Always,
    /// Never colour.
    Never,
}

impl ColorWhen {
    /// The `--color` value among raw command-line arguments (the last one
    /// given, before any `--`), or `Auto`. Unknown values are left for clap
    /// to reject.
    pub fn from_args<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> Self {
        let mut choice = ColorWhen::Auto;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let value = match arg.to_str() {
                Some("--") => break,
                Some("--color") => args.next(),
                Some(other) => other.strip_prefix("--color=").map(Into::into),
                None => None,
            };
            if let Some(value) = value.as_ref().and_then(|v| v.to_str()) {
                if let Ok(parsed) = <ColorWhen as clap::ValueEnum>::from_str(value, false) {
                    choice = parsed;
                }
            }
        }
        choice
    }

    /// The same choice for clap's own help and error output.
    pub fn for_clap(self) -> clap::ColorChoice {
        match self {
            ColorWhen::Auto => clap::ColorChoice::Auto,
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
        }
    }

    /// Makes this the choice of every later [`stdout_colour`] /
    /// [`stderr_colour`] call (anstream's process-wide setting).
    pub fn apply(self) {
        let choice = match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

/// Whether to colour what goes to stdout: `--color`, then the conventions
/// anstream follows (`NO_COLOR` as no-color.org says, `CLICOLOR`,
/// `CLICOLOR_FORCE`, `TERM`, whether stdout is a terminal).
pub fn stdout_colour() -> bool {
    colour_on(&std::io::stdout())
}

/// [`stdout_colour`] for stderr.
pub fn stderr_colour() -> bool {
    colour_on(&std::io::stderr())
}

fn colour_on<S: anstream::stream::RawStream + IsTerminal>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

/// The styles of every renderer, in one place.
pub mod style {
    use super::*;

    /// `error[...]` labels and failed summaries.
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    /// `warning[...]` labels.
    pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    /// Passed summaries.
    pub const OK: Style = AnsiColor::Green.on_default().bold();
    /// Gutters, arrows and `=` notes beside quoted source.
    pub const GUTTER: Style = AnsiColor::Blue.on_default().bold();
    /// Emphasis (a finding's message).
    pub const EMPHASIS: Style = Style::new().bold();
}

/// `text` with each line made [`one_line`](config_core::terminal::one_line):
/// line breaks kept, every other control or invisible character (a BOM in a
/// variable name) spelled out. For human reports built as one string.
pub fn visible_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(&config_core::terminal::one_line(body));
        out.push_str(end);
    }
    out
}

/// `text` in `style` when `on`, else as is.
pub fn paint(on: bool, style: Style, text: &str) -> String {
    if on {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_color_flag_is_found_before_parsing() {
        let args = |list: &[&str]| ColorWhen::from_args(list.iter().map(Into::into));
        assert_eq!(
            args(&["cfgate", "--color", "never", "check"]),
            ColorWhen::Never
        );
        assert_eq!(
            args(&["cfgate", "check", "--color=always"]),
            ColorWhen::Always
        );
        assert_eq!(
            args(&["cfgate", "check", "--", "--color=always"]),
            ColorWhen::Auto
        );
        assert_eq!(args(&["cfgate", "--color", "bogus"]), ColorWhen::Auto);
    }

    #[test]
    fn visible_lines_keeps_line_breaks_and_shows_the_rest() {
        assert_eq!(
            visible_lines("a '\u{feff}K'\n\tb\u{1b}\nc"),
            "a '\\u{feff}K'\n\\tb\\u{1b}\nc"
        );
        assert_eq!(visible_lines("x\n"), "x\n");
    }
}
