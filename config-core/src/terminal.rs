//! Text made safe to write to a terminal: the one replacement every human
//! renderer applies to text that may hold bytes from a user's file (quoted
//! source lines, migration diffs and reports).
//!
//! ```
//! use config_core::terminal::printable;
//! assert_eq!(printable("a\u{1b}]0;t\u{7}b\tc\r\n"), "a\u{fffd}]0;t\u{fffd}b\tc\r\n");
//! assert!(matches!(printable("clean\n"), std::borrow::Cow::Borrowed(_)));
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
        c.is_control()
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
}
