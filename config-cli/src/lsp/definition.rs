//! Go to definition: a topology endpoint's role -> the bee declaring it.

use super::engine;
use super::position::LineIndex;
use lsp_types::{Location, Position, Url};

/// The definition of what is at `position`, if it names something.
pub fn definition(uri: &Url, text: &str, position: Position) -> Option<Location> {
    let index = LineIndex::new(text);
    let document = engine::parse(text)?;
    let at = engine::node_at(&document, index.offset(position))?;
    let range = engine::role_definition(&document, &at.pointer)?;
    Some(Location::new(uri.clone(), index.range(range)))
}
