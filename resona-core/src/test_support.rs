//! What the workspace's tests share, behind the `test-support` feature (never in a shipped
//! build: it reads an environment variable and writes to stderr, which library code does not).

use crate::model::Backend;

/// The backends a test should run: tract when compiled in, and ONNX Runtime when compiled in
/// and its library loads (`ORT_DYLIB_PATH`; see [`crate::model::onnxruntime`]).
///
/// A missing ONNX Runtime is skipped with a note on stderr, unless `RESONA_REQUIRE_ORT` is set
/// (CI sets it): then it fails the test, so a broken install cannot pass as a skip.
///
/// # Panics
///
/// When `RESONA_REQUIRE_ORT` is set and ONNX Runtime is compiled in but does not load.
#[must_use]
#[allow(clippy::print_stderr, reason = "test support: the skip must be visible in the test log")]
pub fn backends() -> Vec<Backend> {
    #[allow(unused_mut, reason = "pushed to only with the onnxruntime feature")]
    let mut out: Vec<Backend> = [Backend::Tract].into_iter().filter(|b| b.is_compiled()).collect();
    #[cfg(feature = "onnxruntime")]
    match crate::model::onnxruntime::init(None) {
        Ok(_) => out.push(Backend::OnnxRuntime),
        Err(e) => {
            assert!(std::env::var_os("RESONA_REQUIRE_ORT").is_none(), "RESONA_REQUIRE_ORT is set but {e}");
            eprintln!("skipping the onnxruntime backend: {e}");
        }
    }
    out
}
