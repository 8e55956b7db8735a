//! Renderers: turn library results into text. No decisions are made here.

pub mod findings;
