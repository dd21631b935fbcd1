use super::*;
use proptest::prelude::*;

const TOL: f64 = 1e-9;

fn warm_baseline() -> Baseline {
    let mut b = Baseline::new(BaselineConfig::default()).unwrap();
    // Pitch alternates 195/205 Hz: mean 200, std 5.
    for i in 0..40 {
        let p = if i % 2 == 0 { 195.0 } else { 205.0 };
        let devs =
            b.observe_voice(&VoiceFeatures { pitch_hz: Some(p), jitter: Some(0.01), ..Default::default() }).unwrap();
        assert!(devs.is_empty(), "no deviations for ordinary values: {devs:?}");
    }
    b
}

#[test]
fn warmup_then_deviations() {
    let mut b = Baseline::new(BaselineConfig::default().with_warmup(5)).unwrap();
    for _ in 0..4 {
        assert_eq!(b.observe(BaselineFeature::Loudness, 60.0).unwrap(), None);
        assert_eq!(b.z_score(BaselineFeature::Loudness, 90.0), None);
    }
    b.observe(BaselineFeature::Loudness, 60.0).unwrap();
    assert!(b.is_warm(BaselineFeature::Loudness));
    // Constant 60: std floor 2 % of 60 = 1.2 → z of 63 = 2.5.
    let z = b.z_score(BaselineFeature::Loudness, 63.0).unwrap();
    assert!((f64::from(z) - 2.5).abs() < 1e-5);
    let d = b.deviation(BaselineFeature::Loudness, 63.0).unwrap();
    assert_eq!((d.direction, d.level), (Direction::High, DeviationLevel::Notable));
    let d = b.deviation(BaselineFeature::Loudness, 50.0).unwrap();
    assert_eq!((d.direction, d.level), (Direction::Low, DeviationLevel::Strong));
}

#[test]
fn pitch_jump_is_flagged_against_the_voice_fingerprint() {
    let mut b = warm_baseline();
    let s = b.stats(BaselineFeature::PitchHz);
    assert!((s.long_term.mean() - 200.0).abs() < TOL);
    assert!((s.long_term.std() - 5.0).abs() < TOL);
    let devs = b.observe_voice(&VoiceFeatures { pitch_hz: Some(230.0), ..Default::default() }).unwrap();
    assert_eq!(devs.len(), 1);
    assert_eq!(devs[0].feature, BaselineFeature::PitchHz);
    assert!(devs[0].z > 3.0, "{:?}", devs[0]);
    // Jitter is constant: floor 2 % of 0.01 → any 10 % change is 5 sigma.
    assert!(b.deviation(BaselineFeature::Jitter, 0.011).is_some());
}

#[test]
fn ew_follows_drift() {
    let mut b = warm_baseline();
    for _ in 0..200 {
        b.observe(BaselineFeature::PitchHz, 220.0).unwrap();
    }
    // The long-term mean remembers everything; the recent one moved to the new level.
    assert!(b.stats(BaselineFeature::PitchHz).long_term.mean() < 220.0 - 1.0);
    assert!((b.stats(BaselineFeature::PitchHz).recent.mean - 220.0).abs() < 0.1);
    assert!(b.deviation(BaselineFeature::PitchHz, 221.0).is_none());
}

#[test]
fn emotion_observation_and_validation() {
    let mut b = Baseline::new(BaselineConfig::default().with_warmup(2)).unwrap();
    let s = EmotionScores::from_probabilities([0.7, 0.1, 0.1, 0.05, 0.05, 0.0, 0.0]).unwrap();
    b.observe_emotion(&s, 0.1, 0.4, 20.0).unwrap();
    assert_eq!(b.stats(BaselineFeature::EmotionNeutral).long_term.count(), 1);
    assert_eq!(b.observe_emotion(&s, 0.1, 0.4, 120.0).unwrap_err().code(), "out_of_range");
    assert_eq!(b.stats(BaselineFeature::Valence).long_term.count(), 1, "failed call changes nothing");
    let bad = VoiceFeatures { pitch_hz: Some(100.0), shimmer: Some(f32::NAN), ..Default::default() };
    assert_eq!(b.observe_voice(&bad).unwrap_err().code(), "non_finite");
    assert_eq!(b.stats(BaselineFeature::PitchHz).long_term.count(), 0);
    assert!(Baseline::new(BaselineConfig::default().with_warmup(1)).is_err());
    assert!(Baseline::new(BaselineConfig::default().with_strong_z(1.0)).is_err());
    assert_eq!(BaselineFeature::emotion(Emotion::Disgusted), BaselineFeature::EmotionDisgusted);
}

#[test]
fn binary_and_json_round_trip() {
    let b = warm_baseline();
    let bytes = b.to_bytes();
    assert_eq!(&bytes[..6], b"RSBL\x01\x00");
    assert_eq!(Baseline::from_bytes(&bytes).unwrap(), b);
    let json = serde_json::to_string(&b).unwrap();
    assert!(json.starts_with(r#"{"version":1,"config":{"#));
    assert_eq!(serde_json::from_str::<Baseline>(&json).unwrap(), b);
}

#[test]
fn corrupted_and_newer_state_is_rejected() {
    let bytes = warm_baseline().to_bytes();
    let mut newer = bytes.clone();
    newer[4] = 2;
    assert!(matches!(Baseline::from_bytes(&newer), Err(StateError::UnsupportedVersion { found: 2, supported: 1, .. })));
    assert_eq!(Baseline::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err().code(), "truncated");
    assert_eq!(Baseline::from_bytes(b"").unwrap_err().code(), "bad_magic");
    let mut extra = bytes.clone();
    extra.push(0);
    assert_eq!(Baseline::from_bytes(&extra).unwrap_err().code(), "corrupted");
    // A NaN mean of the first feature (offset: 6 header + 20 config + 4 count + 8 count).
    let mut nan = bytes.clone();
    nan[38..46].copy_from_slice(&f64::NAN.to_le_bytes());
    assert_eq!(Baseline::from_bytes(&nan).unwrap_err().code(), "corrupted");
    // Negative m2.
    let mut neg = bytes.clone();
    neg[46..54].copy_from_slice(&(-1.0f64).to_le_bytes());
    assert_eq!(Baseline::from_bytes(&neg).unwrap_err().code(), "corrupted");
    let json = serde_json::to_string(&warm_baseline()).unwrap().replacen(r#""version":1"#, r#""version":9"#, 1);
    let err = serde_json::from_str::<Baseline>(&json).unwrap_err().to_string();
    assert!(err.contains("version 9"), "{err}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        let _ = Baseline::from_bytes(&bytes);
        let mut framed = b"RSBL\x01\x00".to_vec();
        framed.extend_from_slice(&bytes);
        let _ = Baseline::from_bytes(&framed);
    }

    #[test]
    fn round_trips(values in proptest::collection::vec((0usize..16, -1e4f32..1e4), 0..120)) {
        let mut b = Baseline::new(BaselineConfig::default().with_warmup(3)).unwrap();
        for (f, v) in values {
            b.observe(BaselineFeature::ALL[f], v).unwrap();
        }
        prop_assert_eq!(&Baseline::from_bytes(&b.to_bytes()).unwrap(), &b);
        let json = serde_json::to_string(&b).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Baseline>(&json).unwrap(), &b);
    }

    #[test]
    fn welford_part_is_order_independent(mut xs in proptest::collection::vec(50f32..400.0, 1..100)) {
        let mut a = Baseline::new(BaselineConfig::default()).unwrap();
        xs.iter().for_each(|&x| { a.observe(BaselineFeature::PitchHz, x).unwrap(); });
        xs.reverse();
        let mut b = Baseline::new(BaselineConfig::default()).unwrap();
        xs.iter().for_each(|&x| { b.observe(BaselineFeature::PitchHz, x).unwrap(); });
        let (sa, sb) = (a.stats(BaselineFeature::PitchHz).long_term, b.stats(BaselineFeature::PitchHz).long_term);
        prop_assert!((sa.mean() - sb.mean()).abs() <= TOL);
        prop_assert!((sa.variance() - sb.variance()).abs() <= TOL * sa.variance().max(1.0));
    }
}
