//! `FeatureExtractor`: functionals behave as their definitions say on signals with known
//! answers (a louder copy, a pitch octave up, silence, another sample rate).
#![allow(clippy::unwrap_used)]

use resona_audio::{FEATURE_NAMES, FeatureExtractor};
use resona_core::SampleRate;

/// A 1.5 s harmonic "voice" at `f0` with a 0.5 s pause in the middle, at 16 kHz.
fn voice(f0: f32, gain: f32) -> Vec<f32> {
    (0..24_000)
        .map(|i| {
            let t = i as f32 / 16_000.0;
            let on = !(0.5..1.0).contains(&t);
            let x: f32 = (1..=6).map(|k| (2.0 * std::f32::consts::PI * f0 * k as f32 * t).sin() / k as f32).sum();
            if on { gain * 0.2 * x } else { 0.0 }
        })
        .collect()
}

#[test]
fn loudness_follows_gain_and_pitch_follows_f0() {
    let mut fx = FeatureExtractor::new().unwrap();
    let base = fx.extract(&voice(150.0, 1.0), SampleRate::HZ_16000).unwrap();
    let louder = fx.extract(&voice(150.0, 2.0), SampleRate::HZ_16000).unwrap();
    let octave = fx.extract(&voice(300.0, 1.0), SampleRate::HZ_16000).unwrap();

    // 12 * log2(150 / 27.5) = 29.37 semitones re 27.5 Hz.
    let st = base.pitch_p50_st.unwrap();
    assert!((st - 29.37).abs() < 0.2, "median pitch {st} st");
    assert!((octave.pitch_p50_st.unwrap() - st - 12.0).abs() < 0.2, "an octave is 12 st");
    assert!(base.pitch_range_st.unwrap() < 0.5, "a steady tone has no range");
    // Doubling the amplitude adds 20 log10(2) = 6.02 dB to every sounding frame.
    assert!((louder.loudness_p80_db - base.loudness_p80_db - 6.02).abs() < 0.05);
    assert_eq!(louder.pitch_p50_st, base.pitch_p50_st, "gain does not move pitch");
    assert!(base.voiced_ratio > 0.55 && base.voiced_ratio < 0.75, "{}", base.voiced_ratio);
    assert_eq!(base.pause_count, 1.0, "one 0.5 s pause");
    assert!(base.jitter_local.unwrap() < 0.002, "a synthetic tone has almost no jitter");
    assert!(base.hnr_db.unwrap() > 20.0);
    let pairs = base.to_pairs();
    assert_eq!(pairs.len(), FEATURE_NAMES.len());
    assert_eq!(pairs[0], ("duration_s", 1.5));
}

#[test]
fn silence_is_defined_where_it_can_be_and_undefined_where_not() {
    let mut fx = FeatureExtractor::new().unwrap();
    let s = fx.extract(&vec![0.0; 16_000], SampleRate::HZ_16000).unwrap();
    assert_eq!(s.voiced_ratio, 0.0);
    assert!(s.pitch_mean_st.is_none() && s.jitter_local.is_none() && s.hnr_db.is_none());
    assert_eq!(s.loudness_mean_db, -100.0);
    assert!(s.to_vec().iter().enumerate().all(|(i, v)| v.is_finite() || FEATURE_NAMES[i] != "duration_s"));
    assert!(fx.extract(&[], SampleRate::HZ_16000).is_err());
    assert_eq!(fx.extract(&[0.0, f32::NAN], SampleRate::HZ_16000).unwrap_err().code(), "non_finite");
}

#[test]
fn other_rates_are_resampled_first() {
    let mut fx = FeatureExtractor::new().unwrap();
    let at16 = fx.extract(&voice(150.0, 1.0), SampleRate::HZ_16000).unwrap();
    let y48: Vec<f32> = (0..72_000)
        .map(|i| {
            let t = i as f32 / 48_000.0;
            let on = !(0.5..1.0).contains(&t);
            let x: f32 = (1..=6).map(|k| (2.0 * std::f32::consts::PI * 150.0 * k as f32 * t).sin() / k as f32).sum();
            if on { 0.2 * x } else { 0.0 }
        })
        .collect();
    let at48 = fx.extract(&y48, SampleRate::new(48_000).unwrap()).unwrap();
    assert!((at48.duration_s - 1.5).abs() < 1e-3);
    assert!((at48.pitch_p50_st.unwrap() - at16.pitch_p50_st.unwrap()).abs() < 0.1);
}
