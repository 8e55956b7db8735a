//! Control-plane routing keys (ARCHITECTURE §3.3, `asyncapi.yaml`):
//! `signal.<type>.<swarmId>.<role>.<instance>` for commands and
//! `event.<category>.<name>.<swarmId>.<role>.<instance>` for everything else.
//!
//! Parsed as the platform's `ControlPlaneRouting.parsePrefixed` does: the
//! first segment is the prefix, the last three are swarm, role and instance,
//! and everything between is the type (`outcome.config-update` for events).
//!
//! Example: the unit test `doc_examples::routing_key`.

/// The literal standing for every swarm, role or instance.
pub(crate) const ALL: &str = "ALL";

/// A parsed routing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoutingKey {
    /// `signal` or `event`.
    pub prefix: &'static str,
    /// The segments between the prefix and the scope, joined with `.`.
    pub r#type: String,
    /// Swarm segment.
    pub swarm_id: String,
    /// Role segment.
    pub role: String,
    /// Instance segment.
    pub instance: String,
}

impl RoutingKey {
    /// Parses `key`; `None` when the prefix is not `signal`/`event`, fewer
    /// than four segments follow it, or a segment is empty.
    pub(crate) fn parse(key: &str) -> Option<Self> {
        let (prefix, rest) = key.split_once('.')?;
        let prefix = match prefix {
            "signal" => "signal",
            "event" => "event",
            _ => return None,
        };
        let parts: Vec<&str> = rest.split('.').collect();
        if parts.len() < 4 || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let (type_parts, scope) = parts.split_at(parts.len() - 3);
        let [swarm_id, role, instance] = scope else {
            return None;
        };
        Some(Self {
            prefix,
            r#type: type_parts.join("."),
            swarm_id: (*swarm_id).to_string(),
            role: (*role).to_string(),
            instance: (*instance).to_string(),
        })
    }

    /// The routing key an envelope of `kind`/`type` must be published with,
    /// up to the scope: `signal.<type>` or `event.<category>.<name>`.
    /// `None` for a kind with no routing family.
    pub(crate) fn family_for(kind: &str, r#type: &str) -> Option<(&'static str, String)> {
        match kind {
            "signal" => Some(("signal", r#type.to_string())),
            "outcome" => Some(("event", format!("outcome.{type}"))),
            "metric" => Some(("event", format!("metric.{type}"))),
            // The alert family uses the envelope type as its name (today
            // only `alert`): `event.alert.alert.*`.
            "event" => Some(("event", format!("alert.{type}"))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dotted_types_and_short_keys() {
        let key = RoutingKey::parse("signal.config-update.ALL.generator.ALL").unwrap();
        assert_eq!(key.r#type, "config-update");
        assert_eq!(key.swarm_id, ALL);
        assert!(RoutingKey::parse("event.metric.a..b.c").is_none());
        assert!(RoutingKey::parse("ph.control.a.b.c.d").is_none());
        assert!(RoutingKey::parse("").is_none());
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn routing_key() {
        use crate::audit::routing::RoutingKey;
        let key = RoutingKey::parse("event.outcome.config-update.swarmA.generator.gen-1").unwrap();
        assert_eq!(
            (key.prefix, key.r#type.as_str(), key.role.as_str()),
            ("event", "outcome.config-update", "generator")
        );
        assert!(RoutingKey::parse("signal.swarm-start.alpha").is_none());
    }
}
