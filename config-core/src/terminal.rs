//! Text made safe to write to a terminal: the one replacement every human
//! renderer applies to text that may hold bytes from a user's file (quoted
//! source lines, migration diffs and reports).
//!
//! ```
//! use config_core::terminal::printable;
//! assert_eq!(printable("a\u{1b}]0;t\u{7}b\tc\r\n"), "a\u{fffd}]0;t\u{fffd}b\tc\r\n");
//! assert!(matches!(printable("clean\n"), std::borrow::Cow::Borrowed(_)));
//! ```
//!
//! Text that must stay on one line (a path, a key, a message) goes through
//! [`one_line`] instead: line breaks and tabs are escaped as `\n`, `\r`,
//! `\t`, so a file named `a\nerror: forged` cannot start a line of its own.
//!
//! Both also make invisible characters visible: a byte-order mark, zero-width
//! spaces and joiners, bidirectional overrides, and the Unicode line and
//! paragraph separators. A BOM at the start of a key is a real difference
//! (the key is not the one it looks like), so it must show.
//!
//! ```
//! use config_core::terminal::one_line;
//! assert_eq!(one_line("a\nb\tc"), "a\\nb\\tc");
//! assert_eq!(one_line("\u{feff}id"), "\\u{feff}id");
//! ```

use std::borrow::Cow;

/// What a control character is replaced by: one character, so a caret
/// under a quoted line stays aligned.
pub const REPLACEMENT: char = '\u{FFFD}';

/// `text` with every control character (C0, DEL, C1: ESC, BEL, a lone CR,
/// CSI, ...) replaced by [`REPLACEMENT`], except tab, line feed and a
/// carriage return directly before a line feed (a CRLF line ending), which
/// cannot move the cursor anywhere a line break would not. Borrowed when
/// there is nothing to replace.
pub fn printable(text: &str) -> Cow<'_, str> {
    let is_unsafe = |(i, c): (usize, char)| {
        is_invisible(c)
            || c.is_control()
                && c != '\t'
                && c != '\n'
                && !(c == '\r' && text.get(i + 1..).is_some_and(|rest| rest.starts_with('\n')))
    };
    if !text.char_indices().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.char_indices()
            .map(|(i, c)| if is_unsafe((i, c)) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// Characters that take no room on a terminal, or move text around, while
/// changing what the text means: BOM and zero-width characters, bidirectional
/// controls (`U+202A`-`U+202E`, `U+2066`-`U+2069`), line and paragraph
/// separators.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// `text` on one line, every character visible: `\n`, `\r` and `\t` are
/// written as those two-character escapes, a backslash stays as is, and any
/// other control or [invisible](is_invisible) character is written
/// `\u{hex}`. Borrowed when there is nothing to escape.
pub fn one_line(text: &str) -> Cow<'_, str> {
    let needs = |c: char| c.is_control() || is_invisible(c);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_but_tab_and_line_endings_is_replaced() {
        let every: String = (0u32..=0x9f).filter_map(char::from_u32).collect();
        let shown = printable(&every);
        let kept: String = shown.chars().filter(|c| c.is_control()).collect();
        assert_eq!(kept, "\t\n");
        assert_eq!(shown.chars().count(), every.chars().count());
        assert_eq!(printable("a\rb\r\nc\r"), "a\u{fffd}b\r\nc\u{fffd}");
    }

    #[test]
    fn one_line_never_breaks_a_line_nor_hides_a_character() {
        let every: String = (0u32..=0x9f)
            .chain([0xfeff, 0x200b, 0x202e, 0x2028, 0x2066])
            .filter_map(char::from_u32)
            .collect();
        let shown = one_line(&every);
        assert!(shown.chars().all(|c| !c.is_control() && !is_invisible(c)));
        assert_eq!(one_line("a\nb"), "a\\nb");
        assert_eq!(one_line("\u{feff}k"), "\\u{feff}k");
        assert!(matches!(one_line("plain/path.yaml"), Cow::Borrowed(_)));
        assert_eq!(printable("\u{feff}id: 1"), "\u{fffd}id: 1");
    }
}
