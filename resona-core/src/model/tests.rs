//! One contract, one test body, run against every backend this build has.
//!
//! The ONNX Runtime backend runs when its library can be found; with `RESONA_REQUIRE_ORT=1`
//! (set by CI) a missing library fails the tests instead of skipping that backend.

use super::*;
use crate::emotion::{Emotion, LabelOrder};

const MINI_XCEPTION: &[u8] = include_bytes!("../../../resona-vision/models/fer_mini_xception.onnx");

fn spec() -> ModelSpec {
    ModelSpec {
        inputs: vec![
            TensorSpec::new(
                "input",
                vec![Dim::Dynamic, Dim::Fixed(64), Dim::Fixed(64), Dim::Fixed(1)],
                TensorLayout::Nhwc,
            )
            .with_scaling(2.0 / 255.0, -1.0),
        ],
        outputs: vec![OutputSpec::new("predictions", vec![Dim::Dynamic, Dim::Fixed(7)], OutputKind::Probabilities)],
        labels: LabelOrder::Fer2013.labels().to_vec(),
    }
}

fn backends() -> Vec<Backend> {
    let mut out = vec![];
    if Backend::Tract.is_compiled() {
        out.push(Backend::Tract);
    }
    #[cfg(feature = "onnxruntime")]
    match onnxruntime::init(None) {
        Ok(_) => out.push(Backend::OnnxRuntime),
        Err(e) => {
            assert!(std::env::var("RESONA_REQUIRE_ORT").is_err(), "RESONA_REQUIRE_ORT is set but {e}");
            eprintln!("skipping the onnxruntime backend: {e}");
        }
    }
    out
}

/// A deterministic face-like gradient in 0..255.
fn pattern(n: usize) -> Vec<f32> {
    (0..n * 64 * 64).map(|i| ((i * 37 + i / 64 * 11) % 256) as f32).collect()
}

#[test]
fn model_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
}

#[test]
fn runs_batches_and_reads_scores() {
    for backend in backends() {
        let model = Model::from_bytes(MINI_XCEPTION, spec(), backend).unwrap();
        let x = pattern(3);
        let out = model.run(&[TensorRef::new(&x, &[3, 64, 64, 1])]).unwrap();
        assert_eq!(out[0].shape(), &[3, 7], "{backend}");
        let scores = model.emotion_scores(&out).unwrap();
        assert_eq!(scores.len(), 3);
        // The batch rows were identical in pattern position only; each is a distribution.
        for s in &scores {
            let sum: f64 = s.as_array().iter().map(|&p| f64::from(p)).sum();
            assert!((sum - 1.0).abs() < 1e-6);
        }
        // Batching does not change a row's result.
        let one = model.run(&[TensorRef::new(&x[..4096], &[1, 64, 64, 1])]).unwrap();
        for (a, b) in one[0].data().iter().zip(&out[0].data()[..7]) {
            assert!((a - b).abs() < 1e-5, "{backend}: {a} vs {b}");
        }
    }
}

#[test]
fn backends_agree_within_1e_4() {
    let backends = backends();
    let x = pattern(2);
    let outputs: Vec<Vec<f32>> = backends
        .iter()
        .map(|&b| {
            Model::from_bytes(MINI_XCEPTION, spec(), b).unwrap().run(&[TensorRef::new(&x, &[2, 64, 64, 1])]).unwrap()[0]
                .data()
                .to_vec()
        })
        .collect();
    for o in &outputs[1..] {
        let max = o.iter().zip(&outputs[0]).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(max <= 1e-4, "backends differ by {max}");
    }
}

#[test]
fn bad_model_bytes_are_typed_errors() {
    for backend in backends() {
        for (bytes, code) in [
            (&MINI_XCEPTION[..MINI_XCEPTION.len() / 2], "model_load"),
            (&MINI_XCEPTION[..10], "model_load"),
            (&b"definitely not an onnx model"[..], "model_load"),
            (&[][..], "empty"),
        ] {
            let e = Model::from_bytes(bytes, spec(), backend).unwrap_err();
            assert_eq!(e.code(), code, "{backend}: {e}");
        }
        let e = Model::from_bytes_with_limits(
            MINI_XCEPTION,
            spec(),
            backend,
            &crate::Limits::default().with_max_model_bytes(1000),
        )
        .unwrap_err();
        assert_eq!(e.code(), "limit_exceeded");
    }
}

#[test]
fn spec_mismatches_are_typed_errors() {
    for backend in backends() {
        let mut s = spec();
        s.inputs[0].name = "image".into();
        assert_eq!(Model::from_bytes(MINI_XCEPTION, s, backend).unwrap_err().code(), "spec_mismatch", "{backend}");
        let mut s = spec();
        s.outputs[0].name = "logits".into();
        assert_eq!(Model::from_bytes(MINI_XCEPTION, s, backend).unwrap_err().code(), "spec_mismatch", "{backend}");
        let mut s = spec();
        s.inputs[0].shape[1] = Dim::Fixed(48);
        assert_eq!(Model::from_bytes(MINI_XCEPTION, s, backend).unwrap_err().code(), "spec_mismatch", "{backend}");
        let mut s = spec();
        s.labels = vec![Emotion::Happy];
        assert_eq!(Model::from_bytes(MINI_XCEPTION, s, backend).unwrap_err().code(), "invalid_spec", "{backend}");
    }
}

#[test]
fn bad_inputs_are_typed_errors() {
    for backend in backends() {
        let model = Model::from_bytes(MINI_XCEPTION, spec(), backend).unwrap();
        let x = pattern(1);
        let e = model.run(&[TensorRef::new(&x, &[1, 32, 128, 1])]).unwrap_err();
        assert_eq!(e.code(), "input_shape");
        let e = model.run(&[TensorRef::new(&x[..100], &[1, 64, 64, 1])]).unwrap_err();
        assert_eq!(e.code(), "length_mismatch");
        let e = model.run(&[]).unwrap_err();
        assert_eq!(e.code(), "input_count");
        let mut nan = x.clone();
        nan[17] = f32::NAN;
        let e = model.run(&[TensorRef::new(&nan, &[1, 64, 64, 1])]).unwrap_err();
        assert_eq!(e.to_string(), "input tensor holds a non-finite value (NaN) at index 17");
    }
}

#[test]
fn unknown_backend_names_and_missing_features() {
    assert_eq!("tract".parse::<Backend>(), Ok(Backend::Tract));
    assert_eq!("onnxruntime".parse::<Backend>(), Ok(Backend::OnnxRuntime));
    assert_eq!("cuda".parse::<Backend>().unwrap_err().code(), "unknown_name");
    if !Backend::OnnxRuntime.is_compiled() {
        let e = Model::from_bytes(MINI_XCEPTION, spec(), Backend::OnnxRuntime).unwrap_err();
        assert_eq!(e.code(), "backend_unavailable");
    }
}
