//! Options objects: plain JS objects with camelCase keys; a missing, `undefined` or `null` key
//! takes Resona's default, as Python's keyword defaults do.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The value of `key` in `opts`, if set.
pub(crate) fn get(opts: &JsValue, key: &str) -> Option<JsValue> {
    if opts.is_undefined() || opts.is_null() {
        return None;
    }
    Reflect::get(opts, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

pub(crate) fn num(opts: &JsValue, key: &str, default: f64) -> f64 {
    get(opts, key).and_then(|v| v.as_f64()).unwrap_or(default)
}

/// A count option; negative or fractional values saturate/truncate and Resona then checks
/// the result against its rules.
pub(crate) fn count(opts: &JsValue, key: &str, default: usize) -> usize {
    get(opts, key).and_then(|v| v.as_f64()).map_or(default, |v| if v <= 0.0 { 0 } else { v as usize })
}

pub(crate) fn flag(opts: &JsValue, key: &str, default: bool) -> bool {
    get(opts, key).and_then(|v| v.as_bool()).unwrap_or(default)
}
