//! Worker kind `processor`: calls the system under test over HTTP or TCP.

use crate::scenario::kinds::io::{self, Input, Output};
use crate::scenario::kinds::value::{options_enum, when, NonBlank, Templated};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::json;

options_enum! {
    /// How calls are paced.
    ProcessorMode { ThreadCount => "THREAD_COUNT", RatePerSec => "RATE_PER_SEC" }
}

options_enum! {
    /// How connections are reused.
    ConnectionReuse { Global => "GLOBAL", PerThread => "PER_THREAD", None => "NONE" }
}

options_enum! {
    /// TCP transport implementation.
    TcpTransportType { Socket => "socket", Nio => "nio", Netty => "netty" }
}

/// The `config` block of a `processor` bee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(transform = processor_when)]
pub(crate) struct ProcessorConfig {
    /// Input selector: RABBITMQ or REDIS_DATASET.
    #[schemars(schema_with = "processor_inputs")]
    pub inputs: Input,
    /// Output selector: RABBITMQ, REDIS or NONE.
    #[schemars(schema_with = "processor_outputs")]
    pub outputs: Output,
    /// Base URL of the system under test.
    #[schemars(extend("x-live-mutable" = true))]
    pub base_url: Templated<NonBlank>,
    /// THREAD_COUNT or RATE_PER_SEC.
    #[schemars(extend("x-live-mutable" = true))]
    pub mode: Templated<ProcessorMode>,
    /// Maximum calls in flight.
    #[schemars(extend("x-live-mutable" = true))]
    pub thread_count: Templated<i64>,
    /// Calls per second; required when `mode` is RATE_PER_SEC.
    #[schemars(extend("x-live-mutable" = true))]
    pub rate_per_sec: Option<Templated<f64>>,
    /// HTTP keep-alive.
    #[schemars(extend("x-live-mutable" = true))]
    pub keep_alive: Option<Templated<bool>>,
    /// HTTP connection reuse.
    #[schemars(extend("x-live-mutable" = true))]
    pub connection_reuse: Option<Templated<ConnectionReuse>>,
    /// HTTP call timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub timeout_ms: Option<Templated<i64>>,
    /// Verify TLS certificates.
    #[schemars(extend("x-live-mutable" = true))]
    pub ssl_verify: Option<Templated<bool>>,
    /// TCP transport settings.
    pub tcp_transport: Option<TcpTransport>,
}

fn processor_inputs(generator: &mut SchemaGenerator) -> Schema {
    io::inputs_schema(generator, &["RABBITMQ", "REDIS_DATASET"], true)
}

fn processor_outputs(generator: &mut SchemaGenerator) -> Schema {
    io::outputs_schema(generator, &["RABBITMQ", "REDIS", "NONE"], true)
}

fn processor_when(schema: &mut Schema) {
    when(schema, "mode", json!("RATE_PER_SEC"), &["ratePerSec"]);
}

/// `tcpTransport`: settings of TCP calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TcpTransport {
    /// socket, nio or netty.
    #[serde(rename = "type")]
    #[schemars(extend("x-live-mutable" = true))]
    pub kind: Option<Templated<TcpTransportType>>,
    /// Timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub timeout: Option<Templated<i64>>,
    /// Maximum response bytes.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_bytes: Option<Templated<i64>>,
    /// TCP keep-alive.
    #[schemars(extend("x-live-mutable" = true))]
    pub keep_alive: Option<Templated<bool>>,
    /// Transport worker threads.
    #[schemars(extend("x-live-mutable" = true))]
    pub worker_threads: Option<Templated<i64>>,
    /// TCP no-delay.
    #[schemars(extend("x-live-mutable" = true))]
    pub tcp_no_delay: Option<Templated<bool>>,
    /// Verify TLS certificates.
    #[schemars(extend("x-live-mutable" = true))]
    pub ssl_verify: Option<Templated<bool>>,
    /// Connection reuse.
    #[schemars(extend("x-live-mutable" = true))]
    pub connection_reuse: Option<Templated<ConnectionReuse>>,
    /// Retries per call.
    #[schemars(extend("x-live-mutable" = true))]
    pub max_retries: Option<Templated<i64>>,
    /// Connect timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub connect_timeout_ms: Option<Templated<i64>>,
    /// Read timeout in milliseconds.
    #[schemars(extend("x-live-mutable" = true))]
    pub read_timeout_ms: Option<Templated<i64>>,
    /// TLS settings.
    pub ssl: Option<TcpSsl>,
}

/// `tcpTransport.ssl`: TLS of TCP calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TcpSsl {
    /// Use TLS.
    #[schemars(extend("x-live-mutable" = true))]
    pub enabled: Option<Templated<bool>>,
    /// Verify the host name.
    #[schemars(extend("x-live-mutable" = true))]
    pub verify_hostname: Option<Templated<bool>>,
}
