//! Public API of the emotion classifier and its bundled model.

// `classifier()` sits outside `#[test]` functions, where clippy's test exemptions stop.
#![allow(clippy::unwrap_used, reason = "a test binary: a panic is a failed test")]

use proptest::prelude::*;
use resona_text::emotion::{BUNDLED_MODEL, EmotionClassifier, EmotionConfig, ModelData, tokenize};
use resona_text::{Emotion, Error, Limits};

fn classifier() -> EmotionClassifier {
    EmotionClassifier::new(EmotionConfig::default()).unwrap()
}

#[test]
fn bundled_model_loads_and_is_documented_size() {
    let m = ModelData::from_bytes(BUNDLED_MODEL).unwrap();
    assert!(m.features.len() > 10_000, "{} features", m.features.len());
    // models/README.md promises a small file; keep it under 3 MB.
    assert!(BUNDLED_MODEL.len() < 3_000_000, "{} bytes", BUNDLED_MODEL.len());
    // Loading twice shares the decoded model and gives the same answers.
    let (a, b) = (classifier(), classifier());
    assert_eq!(a.classify("what a day").unwrap(), b.classify("what a day").unwrap());
}

#[test]
fn obvious_sentences() {
    let c = classifier();
    let cases = [
        ("I am so happy today!", Emotion::Happy),
        ("this is disgusting", Emotion::Disgusted),
        ("I'm terrified", Emotion::Fearful),
        ("I am so angry at you, this is infuriating", Emotion::Angry),
        ("I'm so sad, I miss her so much", Emotion::Sad),
        ("Wow, I did not expect that at all!", Emotion::Surprised),
        ("The meeting is at 3pm in room 4.", Emotion::Neutral),
    ];
    for (text, want) in cases {
        let got = c.classify(text).unwrap();
        assert_eq!(got.argmax(), want, "{text:?}: {got:?}");
    }
}

#[test]
fn batch_equals_single() {
    let c = classifier();
    let texts = ["I love this 😍", "ugh, gross", ""];
    let batch = c.classify_batch(&texts).unwrap();
    for (t, s) in texts.iter().zip(&batch) {
        assert_eq!(c.classify(t).unwrap(), *s);
    }
    let small =
        EmotionClassifier::new(EmotionConfig::default().with_limits(Limits::default().with_max_batch(2))).unwrap();
    assert_eq!(small.classify_batch(&texts).unwrap_err().code(), "limit_exceeded");
}

#[test]
fn long_text_is_a_limit_error() {
    let c =
        EmotionClassifier::new(EmotionConfig::default().with_limits(Limits::default().with_max_text_bytes(8))).unwrap();
    assert!(c.classify("12345678").is_ok());
    let e = c.classify("123456789").unwrap_err();
    assert!(matches!(e, Error::Limit(_)), "{e:?}");
}

#[test]
fn corrupt_model_bytes_are_typed_errors() {
    let config = EmotionConfig::default;
    let mut flipped = BUNDLED_MODEL.to_vec();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    let mut bad_version = BUNDLED_MODEL.to_vec();
    bad_version[8] = 99;
    for bytes in [&flipped[..], &BUNDLED_MODEL[..100], b"not a model", &bad_version[..], &[]] {
        let e = EmotionClassifier::from_model_bytes(bytes, config()).unwrap_err();
        assert_eq!(e.code(), "model_load", "{e}");
    }
    let tiny = EmotionConfig::default().with_limits(Limits::default().with_max_model_bytes(1000));
    assert_eq!(EmotionClassifier::from_model_bytes(BUNDLED_MODEL, tiny).unwrap_err().code(), "limit_exceeded");
    // The bundled bytes round-trip through the public loader.
    assert!(EmotionClassifier::from_model_bytes(BUNDLED_MODEL, config()).is_ok());
}

#[test]
fn tokenizer_is_public_and_handles_emoji_and_multibyte() {
    assert_eq!(tokenize("So HAPPY 😂😂 :D"), ["so", "happy", "😂", "😂", ":d"]);
    assert_eq!(tokenize("Niko sawa, asante!"), ["niko", "sawa", "asante", "!"]);
    assert_eq!(tokenize("naïve Ünïcödé"), ["naïve", "ünïcödé"]);
}

proptest! {
    #[test]
    fn any_string_gives_a_distribution(text in any::<String>()) {
        let scores = classifier().classify(&text).unwrap();
        let sum: f32 = scores.iter().map(|(_, p)| p).sum();
        prop_assert!((sum - 1.0).abs() < 1e-5);
        prop_assert!(scores.iter().all(|(_, p)| p.is_finite() && (0.0..=1.0).contains(&p)));
        for t in tokenize(&text) {
            prop_assert!(!t.is_empty());
        }
    }

    #[test]
    fn random_model_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = ModelData::from_bytes(&bytes);
    }

    /// A valid header and checksum around random contents reach every check past the
    /// checksum; none may panic, and whatever loads must classify.
    #[test]
    fn random_model_bodies_with_valid_checksum_never_panic(
        flags in 0u8..3,
        body in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut bytes = b"RESONAEM".to_vec();
        bytes.extend_from_slice(&1u16.to_le_bytes());
        bytes.extend_from_slice(&[7, flags, 0, 0]);
        bytes.extend_from_slice(&body);
        let sum = bytes.iter().fold(0x811c_9dc5_u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        bytes.extend_from_slice(&sum.to_le_bytes());
        if let Ok(c) = EmotionClassifier::from_model_bytes(&bytes, EmotionConfig::default()) {
            let _ = c.classify("a b c 😀");
        }
    }
}
