//! Benchmarks live in `benches/`; this library holds what they share.
#![forbid(unsafe_code)]

use resona::Backend;

/// The backends to time: tract, plus ONNX Runtime when the feature is on and its library is
/// found (`ORT_DYLIB_PATH`; see resona-core's `model::onnxruntime`).
#[must_use]
pub fn backends() -> Vec<Backend> {
    #[allow(unused_mut, reason = "pushed to only with the onnxruntime feature")]
    let mut out = vec![Backend::Tract];
    #[cfg(feature = "onnxruntime")]
    if resona::model::onnxruntime::init(None).is_ok() {
        out.push(Backend::OnnxRuntime);
    }
    out
}
