//! Writes cases/voice.json: voice emotion segments and vocal stress, expected values from the
//! Rust API (tract), for every surface to reproduce.
//!
//! The cases are declared below with what each must show whatever the model's numbers (at
//! least one segment, no segment, an error of a given kind and code); the numbers themselves
//! are Rust's output, rounded to 7 significant digits. With `RESONA_REGENERATE_CASES=1` the
//! file is rewritten (after a retrained model or changed functionals); otherwise the test
//! checks that the file declares the same cases with the same inputs, so an edit here cannot
//! go unnoticed. Either way every declared property is checked, so a model that no longer
//! finds speech in the speech inputs fails here with the case's name.
//!
//!     RESONA_REGENERATE_CASES=1 cargo test -p resona-conformance --test regenerate_voice_cases -j 1
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

mod common;

use resona::Backend;
use resona::audio::VocalStressConfig;
use resona_conformance::{Case, Expect, Output, root, run};
use serde_json::{Value, json};

/// What a case must show, whatever the model's numbers.
enum Shape {
    /// At least this many segments, each with a distribution over the seven emotions.
    Segments(usize),
    /// The documented "no speech" result: an empty list.
    NoSegments,
    /// A vocal stress reading with its seven indicators.
    Stress,
    /// A vocal stress reading at the floor `1 / (1 + e^bias)`: nothing above its reference.
    StressFloor,
    /// This error (kind, code).
    Error(&'static str, &'static str),
}

const ONE: &str = "data/audio/voice_en_3s.pcm16";
const TWO: &str = "data/audio/voice_two_utterances.pcm16";
/// Speech too short to classify (0.4 s, under the 1 s `min_speech`).
const CRUMB: &str = "data/audio/espeak_en_300_400ms.pcm16";
const EMOTION: &str = "audio_voice_emotion_segments";
const STRESS: &str = "audio_vocal_stress";
/// f32 features and probabilities: tract, ONNX Runtime and wasm32 agree far within this.
const TOLERANCE: f64 = 1e-4;

fn declared() -> Vec<(&'static str, &'static str, Value, Shape)> {
    vec![
        ("voice_emotion_one_utterance", EMOTION, json!({"pcm": ONE, "sr": 16000, "start_ms": 0}), Shape::Segments(1)),
        (
            "voice_emotion_two_utterances",
            EMOTION,
            json!({"pcm": TWO, "sr": 16000, "start_ms": 120_000}),
            Shape::Segments(2),
        ),
        ("voice_emotion_silence", EMOTION, json!({"zeros": 48_000, "sr": 16000, "start_ms": 0}), Shape::NoSegments),
        ("voice_emotion_short_speech", EMOTION, json!({"pcm": CRUMB, "sr": 16000, "start_ms": 0}), Shape::NoSegments),
        (
            "voice_emotion_zero_rate",
            EMOTION,
            json!({"pcm": ONE, "sr": 0}),
            Shape::Error("input", "invalid_sample_rate"),
        ),
        (
            "voice_emotion_absurd_rate",
            EMOTION,
            json!({"pcm": ONE, "sr": 1_000_000}),
            Shape::Error("input", "invalid_sample_rate"),
        ),
        ("voice_emotion_empty", EMOTION, json!({"zeros": 0, "sr": 16000}), Shape::Error("input", "empty")),
        ("vocal_stress_one_utterance", STRESS, json!({"pcm": ONE, "sr": 16000}), Shape::Stress),
        ("vocal_stress_two_utterances", STRESS, json!({"pcm": TWO, "sr": 16000}), Shape::Stress),
        ("vocal_stress_silence", STRESS, json!({"zeros": 48_000, "sr": 16000}), Shape::StressFloor),
        ("vocal_stress_zero_rate", STRESS, json!({"pcm": ONE, "sr": 0}), Shape::Error("input", "invalid_sample_rate")),
        (
            "vocal_stress_absurd_rate",
            STRESS,
            json!({"pcm": ONE, "sr": 1_000_000}),
            Shape::Error("input", "invalid_sample_rate"),
        ),
        ("vocal_stress_empty", STRESS, json!({"zeros": 0, "sr": 16000}), Shape::Error("input", "empty")),
    ]
}

/// Floats to 7 significant digits (f32 precision); integers as they are.
fn round(v: Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap();
            json!(format!("{x:.6e}").parse::<f64>().unwrap())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(round).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, round(v))).collect()),
        other => other,
    }
}

/// Checks `shape` on Rust's outcome; returns the case's `expect`.
fn expect(name: &str, shape: &Shape, outcome: Result<Output, resona::Error>) -> Value {
    match (shape, outcome) {
        (Shape::Error(kind, code), Err(e)) => {
            assert_eq!((e.kind().as_str(), e.code()), (*kind, *code), "{name}: {e}");
            json!({"error": {"kind": kind, "code": code}})
        }
        (_, Err(e)) => panic!("{name}: unexpected error {}/{}: {e}", e.kind(), e.code()),
        (Shape::Error(kind, code), Ok(o)) => panic!("{name}: expected error {kind}/{code}, got {o:?}"),
        (_, Ok(Output::Value(v))) => {
            match shape {
                Shape::Segments(min) => {
                    let segments = v.as_array().unwrap();
                    assert!(segments.len() >= *min, "{name}: {} segments, wanted at least {min}", segments.len());
                    for s in segments {
                        let scores = s["emotion"]["scores"].as_object().unwrap();
                        let sum: f64 = scores.values().map(|p| p.as_f64().unwrap()).sum();
                        assert!(scores.len() == 7 && (sum - 1.0).abs() < 1e-4, "{name}: scores {scores:?}");
                        assert!(s["end"].as_i64() > s["start"].as_i64(), "{name}: segment {s}");
                    }
                }
                Shape::NoSegments => assert_eq!(v, json!([]), "{name}: expected no segment"),
                Shape::Stress | Shape::StressFloor => {
                    let score = v["score"].as_f64().unwrap();
                    assert!(score > 0.0 && score < 1.0, "{name}: score {score}");
                    assert_eq!(v["indicators"].as_array().map(Vec::len), Some(7), "{name}: {v}");
                    if matches!(shape, Shape::StressFloor) {
                        let floor = 1.0 / (1.0 + f64::from(VocalStressConfig::default().bias).exp());
                        assert!((score - floor).abs() < 1e-6, "{name}: score {score}, floor {floor}");
                    }
                }
                Shape::Error(..) => unreachable!(),
            }
            json!({"value": round(v)})
        }
        (_, Ok(o)) => panic!("{name}: output {o:?} is not a value"),
    }
}

#[test]
fn regenerate_voice_cases() {
    let target = root().join("cases/voice.json");
    let mut cases = vec![];
    for (name, op, input, shape) in declared() {
        let case = Case {
            name: name.to_owned(),
            op: op.to_owned(),
            input: input.clone(),
            expect: Expect::Value { value: Value::Null },
            tolerance: None,
        };
        let outcome = run(&case, Backend::Tract).unwrap_or_else(|e| panic!("{name}: broken case: {e}"));
        let expect = expect(name, &shape, outcome);
        let mut c = json!({"name": name, "op": op, "input": input, "expect": expect});
        if !matches!(shape, Shape::Error(..)) {
            c["tolerance"] = json!(TOLERANCE);
        }
        cases.push(c);
    }
    let doc = json!({
        "description": "Voice emotion segments (bundled model, VoiceEmotionModel::classify_segments) and vocal stress (FeatureExtractor + VocalStress against the population defaults): expected values are the Rust API's own on tract, rounded to 7 significant digits. Inputs under data/audio (int16 LE mono, read as int16 / 32768); sr defaults to 16000 and start_ms to 0.",
        "generated_by": "RESONA_REGENERATE_CASES=1 cargo test -p resona-conformance --test regenerate_voice_cases -j 1 (bindings/conformance/tests/regenerate_voice_cases.rs)",
        "cases": cases,
    });
    common::write_or_check(&target, &doc);
}
