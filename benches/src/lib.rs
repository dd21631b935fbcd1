//! Benchmarks live in `benches/`; this library holds what they share.
#![forbid(unsafe_code)]

/// The backends to time: tract, plus ONNX Runtime when the feature is on and its library is
/// found (`ORT_DYLIB_PATH`; see resona-core's `model::onnxruntime`), the same rule as the tests.
pub use resona_core::test_support::backends;
