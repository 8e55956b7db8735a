//! Observability (OpenTelemetry) settings, prefix `KTRDR_OTEL_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use serde::{Deserialize, Serialize};
use validator::Validate;

/// Tracing export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct ObservabilitySettings {
    /// Export traces.
    pub enabled: bool,
    /// OTLP collector endpoint.
    pub otlp_endpoint: String,
    /// Service name in traces.
    pub service_name: String,
    /// Also print spans to the console.
    pub console_output: bool,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("enabled", Kind::Bool, Some("true")),
    FieldSpec::new("otlp_endpoint", Kind::Str, Some("http://jaeger:4317")),
    FieldSpec::new("service_name", Kind::Str, Some("ktrdr")),
    FieldSpec::new("console_output", Kind::Bool, Some("false")),
];

impl Domain for ObservabilitySettings {
    const NAME: &'static str = "observability";
    const PREFIX: &'static str = "KTRDR_OTEL_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.observability = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.observability.as_ref()
    }
}
