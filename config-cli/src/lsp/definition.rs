//! Go to definition: a topology endpoint's role -> the bee declaring it; in
//! a bundle, a `callId` -> its template, `vars.x` -> its definition in
//! `variables.yaml`, `authRef.profileId` -> the profile in
//! `authProfiles.yaml`.

use super::engine::{self, BundleInput};
use super::position::LineIndex;
use lsp_types::{GotoDefinitionResponse, Location, Position, Url};
use std::path::Path;

/// The definition of what is at `position`, if it names something.
pub fn definition(
    uri: &Url,
    text: &str,
    position: Position,
    scenario: bool,
    bundle: Option<(&BundleInput, &Path)>,
) -> Option<GotoDefinitionResponse> {
    let index = LineIndex::new(text);
    let offset = index.offset(position);
    if scenario {
        let role = engine::parse(text).and_then(|document| {
            let at = engine::node_at(&document, offset)?;
            engine::role_definition(&document, &at.pointer)
        });
        if let Some(range) = role {
            return Some(GotoDefinitionResponse::Scalar(Location::new(
                uri.clone(),
                index.range(range),
            )));
        }
    }
    let (input, path) = bundle?;
    let reference = engine::reference_at(input, path, offset)?;
    let mut locations: Vec<Location> = reference
        .definitions
        .iter()
        .filter_map(|target| {
            let file = input.path_of(&target.rel);
            let text = input.text_of(&file)?;
            let uri = Url::from_file_path(&file).ok()?;
            Some(Location::new(
                uri,
                LineIndex::new(text).range(target.range.clone()),
            ))
        })
        .collect();
    match locations.len() {
        0 => None,
        1 => locations.pop().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}
