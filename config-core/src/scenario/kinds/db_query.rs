//! Worker kind `db-query`: runs templated SQL against Postgres or Oracle.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, Json, NonBlank, Templated};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

options_enum! {
    /// Database adapter.
    Adapter { Postgres => "POSTGRES", Oracle => "ORACLE" }
}

/// The `config` block of a `db-query` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DbQueryConfig {
    /// Input selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_inputs")]
    pub inputs: Option<Input>,
    /// Output selector (worker SDK).
    #[serde(default)]
    #[schemars(schema_with = "io::any_outputs")]
    pub outputs: Option<Output>,
    /// POSTGRES or ORACLE.
    #[schemars(extend("x-live-mutable" = true))]
    pub adapter: Templated<Adapter>,
    /// Folder holding the query templates.
    #[schemars(extend("x-live-mutable" = true))]
    pub template_root: Templated<NonBlank>,
    /// Service whose templates are used.
    #[schemars(extend("x-live-mutable" = true))]
    pub service_id: Templated<NonBlank>,
    /// Query template to run.
    #[schemars(extend("x-live-mutable" = true))]
    pub query_id: Templated<NonBlank>,
    /// Queries in flight.
    #[schemars(extend("x-live-mutable" = true))]
    pub thread_count: Templated<i64>,
    /// Query timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub query_timeout_ms: Templated<i64>,
    /// Connection settings.
    pub connection: Connection,
    /// Pool settings.
    pub pool: Pool,
    /// Retry settings.
    pub retry: Retry,
}

/// `connection`: where and as whom to connect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Connection {
    /// JDBC URL.
    #[schemars(extend("x-live-mutable" = true))]
    pub jdbc_url: Templated<NonBlank>,
    /// User name (may be blank).
    #[schemars(extend("x-live-mutable" = true))]
    pub username: Templated<String>,
    /// Password (may be blank; never printed by cfgate).
    #[schemars(extend("x-live-mutable" = true))]
    pub password: Templated<String>,
}

/// `pool`: connection pool sizing and timeouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Pool {
    /// Maximum connections.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_size: Templated<i64>,
    /// Minimum idle connections.
    #[schemars(extend("x-live-mutable" = true))]
    pub min_idle: Templated<i64>,
    /// Connect timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub connection_timeout_ms: Templated<i64>,
    /// Validation timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub validation_timeout_ms: Templated<i64>,
    /// Idle timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub idle_timeout_ms: Templated<i64>,
    /// Maximum connection lifetime in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_lifetime_ms: Templated<i64>,
}

/// `retry`: retry policy of failed queries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Retry {
    /// Attempts per query.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_attempts: Templated<i64>,
    /// First backoff in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub initial_backoff_ms: Templated<i64>,
    /// Backoff growth factor.
    #[schemars(extend("x-live-mutable" = true))]
    pub backoff_multiplier: Templated<f64>,
    /// Largest backoff in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_backoff_ms: Templated<i64>,
    /// Error tokens that trigger a retry (e.g. `SQLSTATE_CLASS_08`).
    #[schemars(extend("x-live-mutable" = true))]
    pub on: Templated<Json>,
}
