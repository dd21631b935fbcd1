//! Runs every conformance case on the Rust API, once per model backend.
//! With `RESONA_REQUIRE_ORT=1` (CI) the ONNX Runtime backend must be available.
// Test helpers outside #[test] fns: a panic or a line on stderr is the test report here.
#![allow(clippy::expect_used, clippy::print_stderr)]

use resona::Backend;
use resona_conformance::{check, load_cases, run};

fn run_all(backend: Backend) {
    let cases = load_cases().expect("cases load");
    assert!(cases.len() >= 30, "only {} cases found", cases.len());
    let mut failures = vec![];
    for (file, case) in &cases {
        let outcome = run(case, backend).unwrap_or_else(|e| panic!("{file}/{}: broken case: {e}", case.name));
        if let Err(e) = check(case, &outcome) {
            failures.push(format!("{file}/{}: {e}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{backend}: {} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{backend}: {} cases passed", cases.len());
}

#[test]
fn all_cases_tract() {
    run_all(Backend::Tract);
}

#[cfg(feature = "onnxruntime")]
#[test]
fn all_cases_onnxruntime() {
    // Skipped with a note when the library is missing; a failure under RESONA_REQUIRE_ORT.
    if resona_core::test_support::backends().contains(&Backend::OnnxRuntime) {
        run_all(Backend::OnnxRuntime);
    }
}
