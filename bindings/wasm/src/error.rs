//! Resona's errors as JS `Error` objects.

use js_sys::Reflect;
use resona::ErrorKind;
use wasm_bindgen::JsValue;

/// A JS `Error` named after the error's kind (`ResonaInputError`, ...) carrying `kind` and
/// `code` properties; the message is Rust's `Display`.
pub(crate) fn to_js(e: resona::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name(match e.kind() {
        ErrorKind::Config => "ResonaConfigError",
        ErrorKind::Input => "ResonaInputError",
        ErrorKind::Limit => "ResonaLimitError",
        ErrorKind::Model => "ResonaModelError",
        _ => "ResonaError",
    });
    // Setting a property on a fresh, unfrozen Error cannot fail.
    let _ = Reflect::set(&err, &"kind".into(), &e.kind().as_str().into());
    let _ = Reflect::set(&err, &"code".into(), &e.code().into());
    err.into()
}

/// Converts any Resona-crate error (`InputError`, ...) on its way to JS.
pub(crate) fn js<E: Into<resona::Error>>(e: E) -> JsValue {
    to_js(e.into())
}
