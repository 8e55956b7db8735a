//! Authentication settings, prefix `KTRDR_AUTH_`.

use crate::secret::Secret;
use crate::settings::Settings;
use serde::Serialize;

/// JWT signing.
#[derive(Debug, Clone, PartialEq, Serialize, Settings)]
#[settings(domain = "auth", prefix = "KTRDR_AUTH_")]
pub struct AuthSettings {
    /// Signing secret (the default `insecure-dev-secret` is insecure).
    #[setting(default = "insecure-dev-secret", insecure)]
    pub jwt_secret: Secret,
    /// Signing algorithm.
    #[setting(default = "HS256")]
    pub jwt_algorithm: String,
    /// Token lifetime in minutes.
    #[setting(default = 60, gt = 0)]
    pub token_expire_minutes: i64,
}
