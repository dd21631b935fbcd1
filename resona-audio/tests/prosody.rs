//! Public-API tests of `resona_audio::prosody`: exact counts on synthetic "syllables", the
//! syllable count of espeak speech, and input validation.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use proptest::prelude::*;
use resona_audio::prosody::{ProsodyConfig, analyze};
use resona_core::{SampleRate, Seconds};

const SR: u32 = 16_000;
const F0_HOP: f64 = 0.01;

fn sr() -> SampleRate {
    SampleRate::new(SR).unwrap()
}

fn load_pcm16(name: &str) -> Vec<f32> {
    let path = format!("{}/tests/data/golden/inputs/{name}.pcm16", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).unwrap();
    bytes.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0).collect()
}

/// Phrases of Hann-shaped "syllables" (200 ms, 50 ms apart) on a 150 Hz harmonic carrier,
/// separated by pauses; returns the signal and its pitch track (150 Hz inside phrases, NaN in
/// pauses).
fn synthetic(phrases: &[usize], pauses: &[f64]) -> (Vec<f32>, Vec<f32>) {
    let syl = (0.2 * f64::from(SR)) as usize;
    let gap = (0.05 * f64::from(SR)) as usize;
    let lead = (0.3 * f64::from(SR)) as usize;
    let mut env = vec![0.0f64; lead];
    let mut voiced = vec![false; lead];
    for (i, &n) in phrases.iter().enumerate() {
        for k in 0..n {
            env.extend((0..syl).map(|j| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * j as f64 / syl as f64).cos()));
            voiced.extend(std::iter::repeat_n(true, syl));
            if k + 1 < n {
                env.extend(std::iter::repeat_n(0.0, gap));
                voiced.extend(std::iter::repeat_n(true, gap));
            }
        }
        let pause = pauses.get(i).map_or(lead, |p| (p * f64::from(SR)) as usize);
        env.extend(std::iter::repeat_n(0.0, pause));
        voiced.extend(std::iter::repeat_n(false, pause));
    }
    let x = env
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let t = i as f64 / f64::from(SR);
            let s: f64 = (1..=5).map(|h| (2.0 * std::f64::consts::PI * 150.0 * h as f64 * t).sin() / h as f64).sum();
            (0.3 * e * s) as f32
        })
        .collect();
    let hop = (F0_HOP * f64::from(SR)) as usize;
    let f0 = (0..=env.len() / hop).map(|j| if voiced.get(j * hop) == Some(&true) { 150.0 } else { f32::NAN }).collect();
    (x, f0)
}

#[test]
fn synthetic_syllables_and_pauses_are_counted_exactly() {
    let (x, f0) = synthetic(&[4, 3, 5], &[0.6, 0.5]);
    let r = analyze(&x, sr(), &f0, Seconds(F0_HOP), &ProsodyConfig::default()).unwrap();
    eprintln!("{r:?}");
    assert_eq!(r.syllable_count, 12);
    assert_eq!(r.pause_count, 2);
    // Pauses measured on the intensity contour include the quiet tails of the edge syllables.
    let mean_pause = r.mean_pause.unwrap().0;
    assert!((mean_pause - 0.55).abs() < 0.1, "mean pause {mean_pause}");
    // Phrases of 0.95, 0.7 and 1.2 s (plus tails): coefficient of variation about 0.21.
    let cv = r.phrasing_irregularity.unwrap();
    assert!((cv - 0.21).abs() < 0.06, "cv {cv}");
    let st = 12.0 * (1.5f32).log2();
    assert!((r.pitch_mean_st.unwrap() - st).abs() < 1e-3);
    assert!(r.pitch_range_st.unwrap().abs() < 1e-3 && r.pitch_sd_st.unwrap().abs() < 1e-3);
    let duration = x.len() as f32 / SR as f32;
    assert!((r.speech_rate - 12.0 / duration).abs() < 1e-4);
    assert!(r.articulation_rate > r.speech_rate);
    assert!(r.pause_ratio > 0.0 && r.pause_ratio < 0.5);
}

#[test]
fn unvoiced_peaks_are_not_syllables() {
    let (x, f0) = synthetic(&[4], &[]);
    let unvoiced = vec![f32::NAN; f0.len()];
    let r = analyze(&x, sr(), &unvoiced, Seconds(F0_HOP), &ProsodyConfig::default()).unwrap();
    assert_eq!(r.syllable_count, 0);
    assert_eq!((r.pitch_mean_st, r.voiced_ratio), (None, 0.0));
    let r = analyze(&x, sr(), &f0, Seconds(F0_HOP), &ProsodyConfig::default()).unwrap();
    assert_eq!((r.syllable_count, r.pause_count, r.phrasing_irregularity), (4, 0, None));
}

/// A plain autocorrelation pitch tracker for the test: 40 ms frames centred every 10 ms,
/// voiced when the frame is within 35 dB of the loudest and its normalised autocorrelation
/// peak for 70-400 Hz exceeds 0.5.
fn simple_f0(x: &[f32]) -> Vec<f32> {
    let (len, hop) = (640usize, 160usize);
    let frames = x.len() / hop + 1;
    let frame = |j: usize| -> Vec<f32> {
        (0..len).map(|i| (j * hop + i).checked_sub(len / 2).and_then(|k| x.get(k)).copied().unwrap_or(0.0)).collect()
    };
    let energies: Vec<f64> = (0..frames).map(|j| frame(j).iter().map(|&v| f64::from(v).powi(2)).sum()).collect();
    let max = energies.iter().copied().fold(0.0, f64::max);
    (0..frames)
        .map(|j| {
            if energies[j] < max * 10f64.powf(-3.5) {
                return f32::NAN;
            }
            let f = frame(j);
            let (mut best, mut best_lag) = (0.0f64, 0usize);
            for lag in (SR as usize / 400)..=(SR as usize / 70) {
                let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
                for i in 0..len - lag {
                    let (a, b) = (f64::from(f[i]), f64::from(f[i + lag]));
                    ab += a * b;
                    aa += a * a;
                    bb += b * b;
                }
                let r = ab / (aa * bb).sqrt().max(1e-20);
                if r > best {
                    (best, best_lag) = (r, lag);
                }
            }
            if best > 0.5 { SR as f32 / best_lag as f32 } else { f32::NAN }
        })
        .collect()
}

/// "The quick brown fox jumps over the lazy dog." has 11 syllables.
const ESPEAK_EN_SYLLABLES: usize = 11;
/// Allowed miscount (the brief's +-2).
const SYLLABLE_TOL: usize = 2;

#[test]
fn espeak_syllable_count_is_close() {
    let x = load_pcm16("espeak_en");
    let f0 = simple_f0(&x);
    let r = analyze(&x, sr(), &f0, Seconds(F0_HOP), &ProsodyConfig::default()).unwrap();
    eprintln!("espeak_en prosody: {r:?}");
    assert!(r.syllable_count.abs_diff(ESPEAK_EN_SYLLABLES) <= SYLLABLE_TOL, "{} syllables", r.syllable_count);
    let range = r.pitch_range_st.unwrap();
    assert!(range > 1.0 && range < 24.0, "pitch range {range} st");
    assert!(r.voiced_ratio > 0.3 && r.voiced_ratio < 0.95);
}

#[test]
fn bad_inputs_are_typed_errors() {
    let x = vec![0.1f32; 1600];
    let f0 = vec![100.0f32; 11];
    let cfg = ProsodyConfig::default();
    assert_eq!(analyze(&[], sr(), &f0, Seconds(F0_HOP), &cfg).unwrap_err().code(), "empty");
    assert_eq!(analyze(&x, sr(), &[], Seconds(F0_HOP), &cfg).unwrap_err().code(), "empty");
    assert_eq!(analyze(&x, sr(), &[100.0, -1.0], Seconds(F0_HOP), &cfg).unwrap_err().code(), "out_of_range");
    assert_eq!(analyze(&x, sr(), &[f32::INFINITY], Seconds(F0_HOP), &cfg).unwrap_err().code(), "out_of_range");
    assert_eq!(analyze(&[f32::NAN], sr(), &f0, Seconds(F0_HOP), &cfg).unwrap_err().code(), "non_finite");
    assert_eq!(analyze(&x, sr(), &f0, Seconds(0.0), &cfg).unwrap_err().code(), "invalid_parameter");
    let bad = ProsodyConfig::default().with_min_pause(Seconds(0.0));
    assert_eq!(analyze(&x, sr(), &f0, Seconds(F0_HOP), &bad).unwrap_err().code(), "invalid_parameter");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn finite_in_finite_out(
        x in prop::collection::vec(-2.0f32..2.0, 1..4000),
        f0 in prop::collection::vec(prop_oneof![Just(f32::NAN), Just(0.0f32), 50.0f32..600.0], 1..50),
    ) {
        let r = analyze(&x, sr(), &f0, Seconds(F0_HOP), &ProsodyConfig::default()).unwrap();
        for v in [r.speech_rate, r.articulation_rate, r.pause_ratio, r.loudness_mean_db, r.loudness_sd_db, r.voiced_ratio] {
            prop_assert!(v.is_finite());
        }
        for v in [r.pitch_mean_st, r.pitch_range_st, r.pitch_sd_st, r.phrasing_irregularity].into_iter().flatten() {
            prop_assert!(v.is_finite());
        }
        prop_assert!((0.0..=1.0).contains(&r.pause_ratio) && (0.0..=1.0).contains(&r.voiced_ratio));
    }
}
