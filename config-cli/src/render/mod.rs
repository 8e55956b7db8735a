//! Renderers: turn library results into text for people and machines.

pub mod migrate;
