//! One contract, one test body, run against every backend this build has.
//!
//! The ONNX Runtime backend runs when its library can be found; with `RESONA_REQUIRE_ORT=1`
//! (set by CI) a missing library fails the tests instead of skipping that backend.

use super::*;
use crate::emotion::{Emotion, LabelOrder};
use crate::test_support::backends;

static MINI_XCEPTION: &[u8] = include_bytes!("../../../resona-vision/models/fer_mini_xception.onnx");

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

/// Tiny int64-input model: `y = mean_t(table[ids]) + bias` with `table[v][d] = 10 v + d`;
/// made by `testdata/make_int64_model.py`.
static INT64_EMBED: &[u8] = include_bytes!("testdata/int64_embed.onnx");
/// f32 arithmetic on small integers and means of four: exact up to rounding of the mean.
const INT64_MODEL_TOLERANCE: f32 = 1e-5;

fn int64_spec() -> ModelSpec {
    ModelSpec {
        inputs: vec![
            TensorSpec::new("ids", vec![Dim::Dynamic, Dim::Dynamic], TensorLayout::Flat)
                .with_element_type(ElementType::I64),
            // Scaled, so f32 scaling is checked next to an unscaled int64 input.
            TensorSpec::new("bias", vec![Dim::Dynamic, Dim::Fixed(3)], TensorLayout::Flat).with_scaling(2.0, 0.0),
        ],
        outputs: vec![OutputSpec::new("y", vec![Dim::Dynamic, Dim::Fixed(3)], OutputKind::Values)],
        labels: vec![],
    }
}

fn int64_expected(ids: &[i64], bias: &[f32], t: usize) -> Vec<f32> {
    ids.chunks(t)
        .zip(bias.chunks(3))
        .flat_map(|(row, b)| {
            (0..3).map(move |d| {
                let mean = row.iter().map(|&v| (10 * v) as f32 + d as f32).sum::<f32>() / t as f32;
                mean + 2.0 * b[d]
            })
        })
        .collect()
}

#[test]
fn int64_inputs_run_on_every_backend() {
    let ids: [i64; 8] = [1, 2, 3, 4, 0, 0, 9, 9];
    let bias: [f32; 6] = [0.5, 0.0, 0.0, 0.0, 0.0, 1.0];
    let expected = int64_expected(&ids, &bias, 4);
    for backend in backends() {
        let model = Model::from_bytes(INT64_EMBED, int64_spec(), backend).unwrap();
        let out = model.run(&[TensorRef::from_i64(&ids, &[2, 4]), TensorRef::new(&bias, &[2, 3])]).unwrap();
        assert_eq!(out[0].shape(), &[2, 3], "{backend}");
        for (a, b) in out[0].data().iter().zip(&expected) {
            assert!((a - b).abs() <= INT64_MODEL_TOLERANCE, "{backend}: {a} vs {b}");
        }
        // Batch 1 (tract's specialised plan) and another sequence length.
        let one = model.run(&[TensorRef::from_i64(&ids[..3], &[1, 3]), TensorRef::new(&bias[..3], &[1, 3])]).unwrap();
        for (a, b) in one[0].data().iter().zip(&int64_expected(&ids[..3], &bias[..3], 3)) {
            assert!((a - b).abs() <= INT64_MODEL_TOLERANCE, "{backend}: {a} vs {b}");
        }
    }
}

#[test]
fn int64_element_types_are_checked() {
    for backend in backends() {
        let model = Model::from_bytes(INT64_EMBED, int64_spec(), backend).unwrap();
        let bias = [0.0f32; 3];
        // f32 values for the int64 input, and the reverse.
        let e = model.run(&[TensorRef::new(&[1.0, 2.0], &[1, 2]), TensorRef::new(&bias, &[1, 3])]).unwrap_err();
        assert_eq!(e.code(), "spec_mismatch", "{backend}: {e}");
        let e = model.run(&[TensorRef::from_i64(&[1, 2], &[1, 2]), TensorRef::from_i64(&[0; 3], &[1, 3])]).unwrap_err();
        assert_eq!(e.code(), "spec_mismatch", "{backend}: {e}");
        let e = model.run(&[TensorRef::from_i64(&[1, 2, 3], &[1, 2]), TensorRef::new(&bias, &[1, 3])]).unwrap_err();
        assert_eq!(e.code(), "length_mismatch", "{backend}: {e}");
        // A spec that declares the model's int64 input as f32 is refused at load time, and
        // mini-XCEPTION's f32 input declared int64 too.
        let mut s = int64_spec();
        s.inputs[0].element_type = ElementType::F32;
        let e = Model::from_bytes(INT64_EMBED, s, backend).unwrap_err();
        assert_eq!(e.code(), "spec_mismatch", "{backend}: {e}");
        let mut s = spec();
        s.inputs[0] = s.inputs[0].clone().with_scaling(1.0, 0.0).with_element_type(ElementType::I64);
        let e = Model::from_bytes(MINI_XCEPTION, s, backend).unwrap_err();
        assert_eq!(e.code(), "spec_mismatch", "{backend}: {e}");
    }
}

#[test]
fn int64_backends_agree() {
    let ids: Vec<i64> = (0..30).map(|i| (i * 7) % 10).collect();
    let bias: Vec<f32> = (0..9).map(|i| i as f32 * 0.25).collect();
    let outputs: Vec<Vec<f32>> = backends()
        .iter()
        .map(|&b| {
            let model = Model::from_bytes(INT64_EMBED, int64_spec(), b).unwrap();
            model.run(&[TensorRef::from_i64(&ids, &[3, 10]), TensorRef::new(&bias, &[3, 3])]).unwrap()[0]
                .data()
                .to_vec()
        })
        .collect();
    for o in &outputs[1..] {
        let max = o.iter().zip(&outputs[0]).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(max <= 1e-4, "backends differ by {max}");
    }
}
