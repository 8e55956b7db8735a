//! Observability (OpenTelemetry) settings, prefix `KTRDR_OTEL_`.

use crate::settings::Settings;
use serde::Serialize;

/// Tracing export.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "observability", prefix = "KTRDR_OTEL_")]
pub struct ObservabilitySettings {
    /// Export traces.
    #[setting(default = true)]
    pub enabled: bool,
    /// OTLP collector endpoint.
    #[setting(default = "http://jaeger:4317")]
    pub otlp_endpoint: String,
    /// Service name in traces.
    #[setting(default = "ktrdr")]
    pub service_name: String,
    /// Also print spans to the console.
    #[setting(default = false)]
    pub console_output: bool,
}
