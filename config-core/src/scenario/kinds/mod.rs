//! Typed worker configs: one file per worker kind, one per IO type
//! (`io/`), and the shared value types (`value`).
//!
//! The JSON Schemas in `schemas/` are generated from these types (see
//! [`crate::schema`]); [`KINDS`] lists every built-in kind with its schema.

pub(crate) mod clearing_export;
pub(crate) mod db_query;
pub(crate) mod generator;
pub(crate) mod http_sequence;
pub(crate) mod io;
pub(crate) mod moderator;
pub(crate) mod postprocessor;
pub(crate) mod processor;
pub(crate) mod request_builder;
pub(crate) mod swarm_controller;
pub(crate) mod trigger;
pub(crate) mod value;

use schemars::{Schema, SchemaGenerator};

/// A built-in worker kind: its name (as resolved from an image) and its
/// config schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    /// Kind name, e.g. `request-builder`.
    pub name: &'static str,
    /// Builds the kind's config schema.
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

fn root<T: schemars::JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.root_schema_for::<T>()
}

/// Every built-in kind, sorted by name.
pub(crate) const KINDS: &[Kind] = &[
    Kind {
        name: "clearing-export",
        schema: root::<clearing_export::ClearingExportConfig>,
    },
    Kind {
        name: "db-query",
        schema: root::<db_query::DbQueryConfig>,
    },
    Kind {
        name: "generator",
        schema: root::<generator::GeneratorConfig>,
    },
    Kind {
        name: "http-sequence",
        schema: root::<http_sequence::HttpSequenceConfig>,
    },
    Kind {
        name: "moderator",
        schema: root::<moderator::ModeratorConfig>,
    },
    Kind {
        name: "postprocessor",
        schema: root::<postprocessor::PostprocessorConfig>,
    },
    Kind {
        name: "processor",
        schema: root::<processor::ProcessorConfig>,
    },
    Kind {
        name: "request-builder",
        schema: root::<request_builder::RequestBuilderConfig>,
    },
    Kind {
        name: "swarm-controller",
        schema: root::<swarm_controller::SwarmControllerConfig>,
    },
    Kind {
        name: "trigger",
        schema: root::<trigger::TriggerConfig>,
    },
];
