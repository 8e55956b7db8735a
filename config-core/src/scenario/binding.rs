//! How the platform binds descriptor scalars into its Java model
//! (VALIDATOR.md §1.4, §1.5): String coercion, `Integer`/`int` and `Boolean`
//! coercion, and the typed `trafficPolicy` records.
//!
//! Only the verdict matters here: [`bind_integer`] and [`bind_boolean`] say
//! whether Jackson accepts a node for such a field, and [`scalar_text`] is
//! the text a String field receives.

use crate::source::yaml::{Node, Value};
use std::borrow::Cow;

/// A list or a mapping where the platform's model has a String.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a list or a mapping cannot be read as text")]
pub struct NotAScalar;

/// The text a String field of the platform's model receives from `node`:
/// a scalar's **source text** (`007`, `0x1F`, `yes`, `1.0` stay as written),
/// `None` for null; [`NotAScalar`] for a list or a mapping (the descriptor
/// fails).
pub fn scalar_text(node: &Node) -> Result<Option<Cow<'_, str>>, NotAScalar> {
    if let Some(raw) = &node.raw {
        return Ok(Some(Cow::Borrowed(raw)));
    }
    match &node.value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(Cow::Borrowed(s))),
        Value::Bool(b) => Ok(Some(Cow::Owned(b.to_string()))),
        Value::Int(i) => Ok(Some(Cow::Owned(i.to_string()))),
        Value::Float(f) => Ok(Some(Cow::Owned(f.to_string()))),
        Value::Seq(_) | Value::Map(_) => Err(NotAScalar),
    }
}

/// Whether Jackson binds `node` into an `Integer` (or a primitive `int`,
/// `null` then meaning 0): ints and floats (truncated) within int range,
/// numeric strings (trimmed) and `""`; not booleans, collections, `"1.5"`.
///
/// Example: the unit test `doc_examples::bind_integer`.
pub fn bind_integer(node: &Node) -> bool {
    let in_range = |v: f64| v >= f64::from(i32::MIN) && v < f64::from(i32::MAX) + 1.0;
    match &node.value {
        Value::Null => true,
        Value::Int(i) => i32::try_from(*i).is_ok(),
        Value::Float(f) => f.is_finite() && in_range(f.trunc()),
        Value::String(s) => {
            let t = s.trim();
            t.is_empty() || t.parse::<i32>().is_ok()
        }
        Value::Bool(_) | Value::Seq(_) | Value::Map(_) => false,
    }
}

/// Whether Jackson binds `node` into a `Boolean`: booleans (YAML 1.1 `on`
/// included), ints, the strings `true`/`false` in any case, `""`; not other
/// strings, floats or collections.
pub fn bind_boolean(node: &Node) -> bool {
    match &node.value {
        Value::Null | Value::Bool(_) | Value::Int(_) => true,
        Value::String(s) => {
            let t = s.trim();
            t.is_empty() || t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false")
        }
        Value::Float(_) | Value::Seq(_) | Value::Map(_) => false,
    }
}

/// Whether `node` binds into a String field (any scalar, or null).
pub fn bind_string(node: &Node) -> bool {
    scalar_text(node).is_ok()
}

/// The Java type of a record field, for binding and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    /// `Integer`.
    Integer,
    /// `Boolean`.
    Boolean,
    /// `String`.
    Text,
    /// A nested record with these fields.
    Record(&'static [(&'static str, FieldType)]),
}

impl FieldType {
    /// Whether `node` binds (records: only the shape; fields are walked by
    /// the caller).
    pub(crate) fn binds(self, node: &Node) -> bool {
        match self {
            FieldType::Integer => bind_integer(node),
            FieldType::Boolean => bind_boolean(node),
            FieldType::Text => bind_string(node),
            FieldType::Record(_) => matches!(node.value, Value::Null | Value::Map(_)),
        }
    }

    /// What the field holds, for messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            FieldType::Integer => "an integer (int range; a numeric string also binds)",
            FieldType::Boolean => "true or false",
            FieldType::Text => "a scalar (read as text)",
            FieldType::Record(_) => "a mapping",
        }
    }
}

/// `BufferGuardPolicy.Adjustment` (M/BufferGuardPolicy.java).
pub(crate) const ADJUSTMENT: &[(&str, FieldType)] = &[
    ("maxIncreasePct", FieldType::Integer),
    ("maxDecreasePct", FieldType::Integer),
    ("minRatePerSec", FieldType::Integer),
    ("maxRatePerSec", FieldType::Integer),
];

/// `BufferGuardPolicy.Prefill`.
pub(crate) const PREFILL: &[(&str, FieldType)] = &[
    ("enabled", FieldType::Boolean),
    ("lookahead", FieldType::Text),
    ("liftPct", FieldType::Integer),
];

/// `BufferGuardPolicy.Backpressure`.
pub(crate) const BACKPRESSURE: &[(&str, FieldType)] = &[
    ("queueAlias", FieldType::Text),
    ("highDepth", FieldType::Integer),
    ("recoveryDepth", FieldType::Integer),
    ("moderatorReductionPct", FieldType::Integer),
];

/// `BufferGuardPolicy`: every record ignores unknown keys.
pub(crate) const BUFFER_GUARD: &[(&str, FieldType)] = &[
    ("enabled", FieldType::Boolean),
    ("queueAlias", FieldType::Text),
    ("targetDepth", FieldType::Integer),
    ("minDepth", FieldType::Integer),
    ("maxDepth", FieldType::Integer),
    ("samplePeriod", FieldType::Text),
    ("movingAverageWindow", FieldType::Integer),
    ("adjust", FieldType::Record(ADJUSTMENT)),
    ("prefill", FieldType::Record(PREFILL)),
    ("backpressure", FieldType::Record(BACKPRESSURE)),
];

/// Top-level keys of `Scenario` (SCN; unknown keys are ignored).
pub(crate) const SCENARIO_KEYS: &[&str] = &[
    "protocolVersion",
    "id",
    "name",
    "description",
    "template",
    "topology",
    "trafficPolicy",
    "plan",
];
/// Keys of `SwarmTemplate` (unknown keys are ignored).
pub(crate) const TEMPLATE_KEYS: &[&str] = &["image", "bees"];
/// Keys of `Topology` (unknown keys are ignored).
pub(crate) const TOPOLOGY_KEYS: &[&str] = &["version", "edges"];
/// Keys of `TopologyEdge` (unknown keys are ignored).
pub(crate) const EDGE_KEYS: &[&str] = &["id", "from", "to", "selector"];
/// Keys of `TopologySelector` (unknown keys are ignored).
pub(crate) const SELECTOR_KEYS: &[&str] = &["policy", "expr"];
/// Keys of `Work` (unknown keys are ignored).
pub(crate) const WORK_KEYS: &[&str] = &["in", "out"];
/// Keys of `BeePort` (unknown keys are ignored).
pub(crate) const PORT_KEYS: &[&str] = &["id", "direction"];
/// Keys of `TrafficPolicy` (unknown keys are ignored).
pub(crate) const TRAFFIC_POLICY_KEYS: &[&str] = &["bufferGuard", "bufferGuards"];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::source::yaml::{parse_jackson, Limits};

    fn node(text: &str) -> Node {
        parse_jackson(&format!("v: {text}\n"), &Limits::default())
            .unwrap()
            .root
            .get("v")
            .unwrap()
            .clone()
    }

    #[test]
    fn integers_bind_as_jackson_binds_them() {
        for ok in [
            "1",
            "0x10",
            "1.5",
            "'1'",
            "' 1 '",
            "''",
            "~",
            "1_000",
            "2147483647",
        ] {
            assert!(bind_integer(&node(ok)), "{ok}");
        }
        for bad in [
            "'1.5'",
            "'0x10'",
            "one",
            "true",
            "[1]",
            "{a: 1}",
            "2147483648",
        ] {
            assert!(!bind_integer(&node(bad)), "{bad}");
        }
    }

    #[test]
    fn booleans_bind_as_jackson_binds_them() {
        for ok in [
            "true", "on", "Off", "0", "7", "'TRUE'", "'false'", "''", "~",
        ] {
            assert!(bind_boolean(&node(ok)), "{ok}");
        }
        for bad in ["'yes'", "'on'", "'1'", "1.5", "y", "[true]"] {
            assert!(!bind_boolean(&node(bad)), "{bad}");
        }
    }

    #[test]
    fn strings_get_the_source_text() {
        for (text, want) in [
            ("007", "007"),
            ("0x1F", "0x1F"),
            ("yes", "yes"),
            ("1.0", "1.0"),
            ("1_000", "1_000"),
            ("'q'", "q"),
        ] {
            assert_eq!(scalar_text(&node(text)).unwrap().unwrap(), want);
        }
        assert_eq!(scalar_text(&node("~")).unwrap(), None);
        assert!(scalar_text(&node("[a]")).is_err());
    }
}

/// The examples of this private module's docs, run as unit tests (rustdoc
/// runs doc examples of public items only).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod doc_examples {
    #[test]
    fn bind_integer() {
        use crate::scenario::binding::bind_integer;
        use crate::source::yaml::{parse_jackson, Limits};
        let doc =
            parse_jackson("a: 1.5\nb: ' 7 '\nc: '1.5'\nd: true\n", &Limits::default()).unwrap();
        let ok = |k: &str| bind_integer(doc.root.get(k).unwrap());
        assert!(ok("a") && ok("b") && !ok("c") && !ok("d"));
    }
}
