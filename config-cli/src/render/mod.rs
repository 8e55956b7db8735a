//! Renderers: library data in, text out. No decisions are made here.

pub mod findings;
pub mod migrate;
pub mod settings;
