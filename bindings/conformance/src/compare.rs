//! Structural comparison of a serde result with a case's expectation.
//!
//! Rules (the Python, Node and Kotlin runners implement the same ones):
//! - numbers: `|expected - actual| <= tolerance`; the string `"NaN"` expects a NaN (or null,
//!   which is how JSON carries a NaN);
//! - strings, booleans and null: equal;
//! - arrays: same length, element by element;
//! - objects: every key of the expectation must be present and match; keys the expectation
//!   does not name are not checked, so a case pins what it is about and nothing more.

use serde_json::Value;

/// Compares `expected` with `actual` under the rules above; `path` names the position in
/// error messages (`$.risk.level`).
pub fn json(expected: &Value, actual: &Value, tol: f64, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::String(s), Value::Null) if s == "NaN" => Ok(()),
        (Value::String(s), Value::Number(n)) if s == "NaN" => {
            if n.as_f64().is_some_and(f64::is_nan) {
                Ok(())
            } else {
                Err(format!("{path}: expected NaN, got {n}"))
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            if (e - a).abs() <= tol { Ok(()) } else { Err(format!("{path}: expected {e}, got {a} (tolerance {tol})")) }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} elements, got {}", e.len(), a.len()));
            }
            e.iter().zip(a).enumerate().try_for_each(|(i, (e, a))| json(e, a, tol, &format!("{path}[{i}]")))
        }
        (Value::Object(e), Value::Object(a)) => e.iter().try_for_each(|(k, ev)| match a.get(k) {
            Some(av) => json(ev, av, tol, &format!("{path}.{k}")),
            None => Err(format!("{path}: missing key {k:?}")),
        }),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

#[cfg(test)]
mod tests {
    use super::json;
    use serde_json::json as j;

    #[test]
    fn numbers_use_the_tolerance_and_objects_check_named_keys_only() {
        assert!(json(&j!({"a": 1.0}), &j!({"a": 1.0000001, "b": 2}), 1e-6, "$").is_ok());
        assert!(json(&j!({"a": 1.0}), &j!({"a": 1.01}), 1e-6, "$").is_err());
        assert!(json(&j!({"a": 1.0}), &j!({"b": 1.0}), 1e-6, "$").is_err());
        assert!(json(&j!([1, 2]), &j!([1, 2, 3]), 0.0, "$").is_err());
        assert!(json(&j!("NaN"), &j!(null), 0.0, "$").is_ok());
        assert!(json(&j!("severe"), &j!("mild"), 0.0, "$").is_err());
    }
}
