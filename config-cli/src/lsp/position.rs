//! Byte offsets <-> LSP positions (0-based line, UTF-16 code units, as the
//! protocol's default `positionEncoding` requires).

use lsp_types::{Position, Range};

/// Line starts of one text, for conversions both ways.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The LSP position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character: usize = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of a byte range.
    pub fn range(&self, range: std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The byte offset of an LSP position (clamped to its line, and to a
    /// character boundary when it points inside a surrogate pair).
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = self.text.get(start..).unwrap_or_default();
        let mut units = 0usize;
        let mut offset = start;
        for c in line.chars() {
            if units >= position.character as usize || c == '\n' {
                break;
            }
            units += c.len_utf16();
            offset += c.len_utf8();
        }
        offset
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_as_two() {
        let text = "a: \"😀é\"\nb: x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position::new(1, 3));
        let quote = text.rfind('"').unwrap();
        // `a: "` is 4 units, the emoji 2, `é` 1.
        assert_eq!(index.position(quote), Position::new(0, 7));
        assert_eq!(index.offset(Position::new(0, 7)), quote);
        assert_eq!(index.offset(Position::new(1, 3)), x);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(9, 0)), 5);
        assert_eq!(index.position(99), Position::new(1, 2));
    }
}
