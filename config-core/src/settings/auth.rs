//! Authentication settings, prefix `KTRDR_AUTH_`.

use super::parse::Kind;
use super::{Domain, FieldSpec, Settings};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use validator::Validate;

/// JWT signing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// Signing secret (the default `insecure-dev-secret` is insecure).
    pub jwt_secret: Secret,
    /// Signing algorithm.
    pub jwt_algorithm: String,
    /// Token lifetime in minutes.
    #[validate(range(min = 1, message = "must be greater than 0"))]
    pub token_expire_minutes: i64,
}

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new("jwt_secret", Kind::Secret, Some("insecure-dev-secret")).insecure(),
    FieldSpec::new("jwt_algorithm", Kind::Str, Some("HS256")),
    FieldSpec::new("token_expire_minutes", Kind::Int, Some("60")).rule("> 0"),
];

impl Domain for AuthSettings {
    const NAME: &'static str = "auth";
    const PREFIX: &'static str = "KTRDR_AUTH_";
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    fn store(self, settings: &mut Settings) {
        settings.auth = Some(self);
    }
    fn slot(settings: &Settings) -> Option<&Self> {
        settings.auth.as_ref()
    }
}
