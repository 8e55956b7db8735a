//! Renderers: library data in, text out. No decisions are made here.

pub mod migrate;
pub mod settings;
