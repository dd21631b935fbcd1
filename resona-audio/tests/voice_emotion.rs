//! Voice emotion: the bundled model against the training script's reference outputs, models
//! of your own (tests/data/byo_*.onnx from models/scripts/make_test_models.py), segments,
//! streaming and bad input.

// Test helpers outside #[test] functions read fixtures and fail loudly.
#![allow(clippy::unwrap_used)]

use resona_audio::emotion::{
    BUNDLED_LABELS, EmotionSegment, EmotionStream, FEATURE_DIM, VoiceEmotionConfig, VoiceEmotionModel, VoiceFeatures,
    VoiceInput, VoiceModelSpec,
};
use resona_core::model::{Dim, OutputKind, OutputSpec, TensorLayout, TensorSpec};
use resona_core::{Emotion, ErrorKind, ModelSpec, SampleRate, TimestampMs};

/// The training script checks onnxruntime against scikit-learn to this tolerance; tract must
/// match it too.
const PROBABILITY_TOLERANCE: f32 = 1e-5;
const SR: SampleRate = SampleRate::HZ_16000;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Deterministic noise in [-1, 1).
fn lcg(seed: &mut u32) -> f32 {
    *seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
    (*seed >> 8) as f32 / 8_388_608.0 - 1.0
}

/// Speech-like test audio: `bursts` of (start s, length s) "vowels" (a harmonic complex with a
/// gliding pitch around `f0` and a syllable-rate envelope), in faint noise.
fn speechlike(total_s: f32, bursts: &[(f32, f32)], f0: f32, level: f32) -> Vec<f32> {
    let n = (total_s * 16_000.0) as usize;
    let mut seed = 7;
    let mut y: Vec<f32> = (0..n).map(|_| 1e-4 * lcg(&mut seed)).collect();
    for &(start, len) in bursts {
        let a = (start * 16_000.0) as usize;
        let b = (((start + len) * 16_000.0) as usize).min(n);
        let mut phase = 0.0f32;
        for (i, v) in y[a..b].iter_mut().enumerate() {
            let t = i as f32 / 16_000.0;
            let f = f0 * (1.0 + 0.1 * (2.0 * std::f32::consts::PI * 0.7 * t).sin());
            phase += 2.0 * std::f32::consts::PI * f / 16_000.0;
            let env = 0.6 + 0.4 * (2.0 * std::f32::consts::PI * 4.0 * t).sin();
            let s: f32 = (1..=12).map(|k| (k as f32 * phase).sin() / k as f32).sum();
            *v += level * env * s;
        }
    }
    y
}

fn softmax(logits: &[f32]) -> Vec<f32> {
    let m = logits.iter().fold(f32::MIN, |a, &b| a.max(b));
    let e: Vec<f64> = logits.iter().map(|&l| f64::from(l - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| (v / s) as f32).collect()
}

#[test]
fn bundled_model_reproduces_the_training_script() {
    let json: serde_json::Value = serde_json::from_slice(&data("voice_emotion_reference.json")).unwrap();
    let labels: Vec<Emotion> =
        json["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().parse().unwrap()).collect();
    assert_eq!(labels, BUNDLED_LABELS);
    let model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let cases = json["cases"].as_array().unwrap();
    assert!(cases.len() >= 12);
    let mut with_nan = 0;
    for case in cases {
        let x: Vec<f32> =
            case["features"].as_array().unwrap().iter().map(|v| v.as_f64().map_or(f32::NAN, |f| f as f32)).collect();
        assert_eq!(x.len(), FEATURE_DIM);
        with_nan += usize::from(x.iter().any(|v| v.is_nan()));
        let got = model.classify_features(&x).unwrap();
        for (label, want) in labels.iter().zip(case["probabilities"].as_array().unwrap()) {
            let want = want.as_f64().unwrap() as f32;
            let p = got.scores.get(*label);
            assert!((p - want).abs() < PROBABILITY_TOLERANCE, "{}: {label} {p} vs {want}", case["name"]);
        }
        assert_eq!(got.scores.get(Emotion::Surprised), 0.0);
        assert_eq!(got.label, got.scores.argmax());
        assert_eq!(got.gated, got.confidence < 0.6);
    }
    assert!(with_nan > 0, "the reference covers undefined features");
}

#[test]
fn bundled_model_classifies_audio_at_any_rate() {
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let y = speechlike(3.0, &[(0.3, 2.4)], 140.0, 0.1);
    let e = model.classify(&y, SR).unwrap();
    let sum: f32 = e.scores.as_array().iter().sum();
    assert!((sum - 1.0).abs() < 1e-5);
    assert_eq!(e.scores.get(Emotion::Surprised), 0.0);
    // The same audio at 48 kHz (naive 3x upsampling by repetition is not band-limited, so
    // build it from the same generator at the higher rate instead) is resampled and accepted.
    let y48: Vec<f32> = y.iter().flat_map(|&v| [v, v, v]).collect();
    assert!(model.classify(&y48, SampleRate::new(48_000).unwrap()).is_ok());
}

#[test]
fn real_speech_when_available() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/models/speech_samples/arctic_a0007.wav");
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("skipping: {path} not found");
        return;
    };
    let y = wav_mono_i16(&bytes);
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let e = model.classify(&y, SR).unwrap();
    assert!(e.confidence >= 1.0 / 6.0 && e.confidence <= 1.0);
    let segs = model.classify_segments(&y, SR, TimestampMs(1_000)).unwrap();
    assert!(!segs.is_empty());
    assert!(segs[0].start >= TimestampMs(1_000));
}

/// Samples of a 16-bit mono PCM WAV, walking the RIFF chunks to `data`.
fn wav_mono_i16(bytes: &[u8]) -> Vec<f32> {
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let id = &bytes[i..i + 4];
        let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().unwrap()) as usize;
        if id == b"data" {
            let end = (i + 8 + len).min(bytes.len());
            return bytes[i + 8..end]
                .chunks_exact(2)
                .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0)
                .collect();
        }
        i += 8 + len + (len & 1);
    }
    panic!("no data chunk");
}

fn features_spec(labels: Vec<Emotion>, width: usize) -> VoiceModelSpec {
    VoiceModelSpec {
        model: ModelSpec {
            inputs: vec![TensorSpec::new("x", vec![Dim::Dynamic, Dim::Fixed(width)], TensorLayout::Flat)],
            outputs: vec![OutputSpec::new("logits", vec![Dim::Dynamic, Dim::Fixed(labels.len())], OutputKind::Logits)],
            labels,
        },
        input: VoiceInput::Features,
    }
}

fn waveform_spec() -> VoiceModelSpec {
    VoiceModelSpec {
        model: ModelSpec {
            inputs: vec![TensorSpec::new("wave", vec![Dim::Fixed(1), Dim::Dynamic], TensorLayout::Flat)],
            outputs: vec![OutputSpec::new("logits", vec![Dim::Fixed(1), Dim::Fixed(2)], OutputKind::Logits)],
            labels: vec![Emotion::Neutral, Emotion::Angry],
        },
        input: VoiceInput::Waveform { zero_mean_unit_var: false },
    }
}

#[test]
fn byo_features_model_gets_resona_features() {
    let spec = features_spec(vec![Emotion::Sad, Emotion::Happy, Emotion::Angry], FEATURE_DIM);
    let mut model =
        VoiceEmotionModel::from_onnx(&data("byo_features_logits.onnx"), spec, VoiceEmotionConfig::default()).unwrap();
    let y = speechlike(3.0, &[(0.3, 2.4)], 180.0, 0.1);
    let got = model.classify(&y, SR).unwrap();
    let x = VoiceFeatures::new().unwrap().extract(&y).unwrap();
    // voiced_ratio, loudness_mean_db and speech_rate, as the model's weights pick them.
    let logits = [1.0 - 2.0 * x[1], 2.0 + 0.1 * x[9], 0.5 * x[19]];
    let want = softmax(&logits);
    for (e, w) in [Emotion::Sad, Emotion::Happy, Emotion::Angry].iter().zip(want) {
        assert!((got.scores.get(*e) - w).abs() < PROBABILITY_TOLERANCE, "{e}: {} vs {w}", got.scores.get(*e));
    }
    for e in [Emotion::Neutral, Emotion::Fearful, Emotion::Surprised, Emotion::Disgusted] {
        assert_eq!(got.scores.get(e), 0.0);
    }
}

#[test]
fn byo_waveform_model_gets_16k_samples() {
    let mut model =
        VoiceEmotionModel::from_onnx(&data("byo_waveform.onnx"), waveform_spec(), VoiceEmotionConfig::default())
            .unwrap();
    let y = speechlike(3.0, &[(0.3, 2.4)], 150.0, 0.2);
    let got = model.classify(&y, SR).unwrap();
    let (a, b) = VoiceFeatures::new().unwrap().speech_span(&y).unwrap().unwrap();
    let mean_abs = y[a..b].iter().map(|v| f64::from(v.abs())).sum::<f64>() / (b - a) as f64;
    let want = softmax(&[0.1, 10.0 * mean_abs as f32]);
    assert!((got.scores.get(Emotion::Angry) - want[1]).abs() < PROBABILITY_TOLERANCE);
    // Wrong rate for a raw-waveform model: typed error, nothing resampled behind the back.
    let e = model.classify(&y, SampleRate::new(22_050).unwrap()).unwrap_err();
    assert_eq!(e.code(), "invalid_sample_rate");
    let e = EmotionStream::with_rate(&model, SampleRate::new(8_000).unwrap(), TimestampMs(0)).unwrap_err();
    assert_eq!(e.code(), "invalid_sample_rate");
}

#[test]
fn model_bytes_or_spec_that_do_not_fit_are_typed_errors() {
    let cfg = VoiceEmotionConfig::default;
    let e = VoiceEmotionModel::from_onnx(b"not an onnx model", waveform_spec(), cfg()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model, "{e}");
    // A features model declared as having two classes: the model has three.
    let spec = features_spec(vec![Emotion::Sad, Emotion::Happy], FEATURE_DIM);
    let e = VoiceEmotionModel::from_onnx(&data("byo_features_logits.onnx"), spec, cfg()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model, "{e}");
    // A features input must have Resona's width.
    let spec = features_spec(vec![Emotion::Sad, Emotion::Happy, Emotion::Angry], 100);
    let e = VoiceEmotionModel::from_onnx(&data("byo_features_logits.onnx"), spec, cfg()).unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
    // The bundled bytes with a waveform spec.
    let e = VoiceEmotionModel::from_onnx(resona_audio::emotion::BUNDLED_MODEL, waveform_spec(), cfg()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Model, "{e}");
    let e = VoiceEmotionModel::bundled(cfg().with_gate(1.5)).unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
}

#[test]
fn silence_noise_and_short_speech() {
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let silence = vec![0.0f32; 48_000];
    assert_eq!(model.classify(&silence, SR).unwrap_err().code(), "empty");
    assert!(model.classify_segments(&silence, SR, TimestampMs(0)).unwrap().is_empty());
    let mut seed = 3;
    let noise: Vec<f32> = (0..48_000).map(|_| 0.05 * lcg(&mut seed)).collect();
    assert!(model.classify_segments(&noise, SR, TimestampMs(0)).unwrap().is_empty());
    let short = speechlike(1.5, &[(0.5, 0.5)], 150.0, 0.1);
    assert_eq!(model.classify(&short, SR).unwrap_err().code(), "buffer_too_short");
    assert!(model.classify_segments(&short, SR, TimestampMs(0)).unwrap().is_empty());
    assert_eq!(model.classify(&[], SR).unwrap_err().code(), "empty");
    assert_eq!(model.classify(&[f32::NAN; 100], SR).unwrap_err().code(), "non_finite");
}

/// Ten bursts: short ones that merge, a pause too long to bridge, and a 7 s monologue that is
/// split.
fn long_recording() -> Vec<f32> {
    speechlike(20.0, &[(0.5, 1.2), (2.0, 1.0), (3.3, 1.0), (6.0, 1.5), (9.0, 7.0), (17.0, 1.8)], 160.0, 0.1)
}

#[test]
fn segments_are_at_most_five_seconds_and_carry_timestamps() {
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let y = long_recording();
    let start = TimestampMs(1_700_000_000_000);
    let segs = model.classify_segments(&y, SR, start).unwrap();
    assert!(segs.len() >= 4, "{segs:?}");
    let mut previous_end = start;
    for s in &segs {
        let len = s.end.since(s.start);
        assert!((1_000..=5_000).contains(&len), "{s:?}");
        assert!(s.start >= previous_end);
        previous_end = s.end;
        assert_eq!(s.emotion.scores.get(Emotion::Surprised), 0.0);
    }
    // The 7 s monologue (9-16 s) is split into two halves of about 3.5 s.
    let inside: Vec<&EmotionSegment> =
        segs.iter().filter(|s| s.start.since(start) >= 8_500 && s.end.since(start) <= 16_500).collect();
    assert_eq!(inside.len(), 2, "{segs:?}");
}

#[test]
fn stream_emits_the_same_segments_for_any_chunking() {
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let y = long_recording();
    let start = TimestampMs(5_000);
    let whole = model.classify_segments(&y, SR, start).unwrap();
    for chunk in [160, 1_234, 16_000] {
        let mut stream = EmotionStream::new(&model, start).unwrap();
        let mut got = Vec::new();
        for c in y.chunks(chunk) {
            stream.push(&mut model, c, &mut got).unwrap();
        }
        stream.finish(&mut model, &mut got).unwrap();
        assert_eq!(got.len(), whole.len(), "chunk {chunk}");
        for (g, w) in got.iter().zip(&whole) {
            assert_eq!((g.start, g.end), (w.start, w.end), "chunk {chunk}");
            for (a, b) in g.emotion.scores.as_array().iter().zip(w.emotion.scores.as_array()) {
                assert!((a - b).abs() < 1e-6, "chunk {chunk}");
            }
        }
    }
}

/// Information only (not a timed assertion): `cargo test --release -p resona-audio --test
/// voice_emotion -- --ignored --nocapture`.
#[test]
#[ignore = "timing information, run by hand"]
#[allow(clippy::print_stderr)]
fn timing_of_a_five_second_segment() {
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    let y = speechlike(5.0, &[(0.0, 5.0)], 150.0, 0.1);
    model.classify(&y, SR).unwrap();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        model.classify(&y, SR).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
    }
    eprintln!("classify 5 s: {:.2} ms", best * 1e3);
}
