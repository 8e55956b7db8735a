//! Editor support: what a language server needs beyond a check.
//!
//! `cfgate lsp` reports the findings of [`crate::scenario::check::check_text`]
//! and offers the edits of [`crate::migrate::plan_text`]; this module adds
//! only what a cursor needs, computed from the same spanned YAML tree and the
//! same generated schemas (nothing here re-decides a rule):
//!
//! - [`locate`]: byte offsets of findings (start *and* end of the offending
//!   key or value) and the key or value under a cursor.
//! - [`fields`]: a field's facts from the generated schema (description,
//!   type, options, range, default, `liveMutable`, when-condition) and the
//!   keys valid in a mapping.
//! - [`insert`]: the "add the missing field" edit a finding's fix names.
//! - [`names`]: bee roles and their definitions, "did you mean" suggestions.
//! - [`check`]: `cfgate check` of an editor's text, parsed once for the
//!   findings and their ranges.
//! - [`bundle`]: the whole-bundle check on the editor's texts (unsaved
//!   buffers in place of the disk), files read once and kept.
//! - [`references`]: where a `callId`, `vars.x` or `authRef.profileId` is
//!   defined, and the call ids a bundle offers.
//! - [`settings`]: the `cfgate validate` findings that point into a `.env` text.

pub mod bundle;
pub mod check;
pub mod fields;
pub mod insert;
pub mod locate;
pub mod names;
pub mod references;
pub mod settings;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod robust_tests;
