//! Secret values (database password, JWT secret): never printed.
//!
//! `Debug`, `Display` and `Serialize` all print `****`; the only way to the
//! value is the explicit [`Secret::expose`].
//!
//! ```
//! use config_core::secret::Secret;
//! let s = Secret::new("hunter2");
//! assert_eq!(format!("{s} {s:?}"), "**** ****");
//! assert_eq!(serde_json::to_string(&s).unwrap(), "\"****\"");
//! assert_eq!(s.expose(), "hunter2");
//! ```

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// What a secret prints as, everywhere.
pub const MASK: &str = "****";

/// A string that must never be shown.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The real value; call only where it is used (a connection), never to print.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(MASK)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_printing_path_is_masked() {
        let s = Secret::new("canary-7f3a");
        let wrapped = Some(s.clone());
        for text in [
            format!("{s}"),
            format!("{s:?}"),
            format!("{s:#?}"),
            format!("{wrapped:?}"),
            serde_json::to_string(&s).unwrap(),
        ] {
            assert!(!text.contains("canary"), "{text}");
            assert!(text.contains(MASK), "{text}");
        }
    }

    #[test]
    fn deserialises_from_a_plain_string() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(s.expose(), "abc");
    }
}
