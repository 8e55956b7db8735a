//! The lenient coercions of the worker's typed binding (Jackson defaults).
//! Its reading of the update itself (reserved keys, null top-level values,
//! key canonicalisation) is `crate::runtime::worker::receive`, shared
//! with `plan`.

use serde_json::Value;

/// Whether Jackson's default coercion binds `value` to the JSON type a
/// schema expects (`"5"` to a number, `"true"` to a boolean): then a type
/// mismatch is not a failure at the worker (ConfigMerger.java:63-75).
pub(crate) fn coerces(value: &Value, expected: &str) -> bool {
    match (value, expected) {
        (Value::String(s), "integer") => s.trim().parse::<i64>().is_ok(),
        (Value::String(s), "number") => s.trim().parse::<f64>().is_ok_and(f64::is_finite),
        (Value::String(s), "boolean") => matches!(s.trim(), "true" | "false"),
        (Value::Number(_) | Value::Bool(_), "string") => true,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_strings_coerce() {
        assert!(coerces(&json!("5"), "integer"));
        assert!(!coerces(&json!("five"), "integer"));
        assert!(coerces(&json!("true"), "boolean"));
    }
}
