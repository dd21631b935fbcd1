//! Rust results to plain JS objects, through their serde form.
//!
//! Result types derive `Serialize` with pinned snake_case names. Going through JSON keeps this
//! binding free of per-type code and gives JS exactly the schema Python and the conformance
//! cases see (field names stay snake_case everywhere; method names are camelCase). NaN, which
//! JSON lacks, arrives as `null`.

use wasm_bindgen::JsValue;

/// `value` as a plain JS object / array / number / string.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&json)
}
