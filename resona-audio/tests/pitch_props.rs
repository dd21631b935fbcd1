//! Property tests of YIN, pYIN and VoiceQuality on arbitrary finite signals: no panics, finite
//! outputs inside the documented ranges, and output lengths equal to `n_frames`.
//!
//! Signals are silence, DC, uniform noise, clipped square waves and sines, of length 0..20000,
//! with amplitudes from 1e-30 to 1e30 (values are built from a seed so shrinking stays cheap).
#![allow(clippy::unwrap_used, clippy::cast_precision_loss, clippy::cast_possible_truncation)]

use proptest::prelude::*;
use resona_audio::SampleRate;
use resona_audio::pitch::{Pyin, PyinConfig, Yin, YinConfig};
use resona_audio::voice_quality::{VoiceQuality, VoiceQualityConfig};

/// Cases per property: enough variety while the whole file runs in seconds in debug builds.
const CASES: u32 = 32;
/// Longest generated signal, samples.
const MAX_LEN: usize = 20_000;
/// Relative slack on frequency bounds for the f32 rounding of `sr / period` and `fmin * 2^k`.
const FREQ_REL_TOL: f32 = 1e-5;

#[derive(Debug, Clone, Copy)]
enum Kind {
    Silence,
    Dc,
    Noise,
    ClippedSquare,
    Sine,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Silence), Just(Kind::Dc), Just(Kind::Noise), Just(Kind::ClippedSquare), Just(Kind::Sine)]
}

fn amplitude() -> impl Strategy<Value = f32> {
    prop_oneof![
        Just(1e-30f32),
        Just(1e-6f32),
        Just(1.0f32),
        Just(1e6f32),
        Just(1e30f32), // beyond the brief's 1e6: float32 power spectra would overflow without rescaling
        (-30.0f32..6.0).prop_map(|e| 10f32.powf(e)),
    ]
}

/// Builds a deterministic signal; every value is finite.
fn signal(kind: Kind, len: usize, amp: f32, seed: u64, freq: f32) -> Vec<f32> {
    let mut s = seed | 1;
    let mut noise = move || {
        // xorshift64*: uniform in [-1, 1)
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        let v = (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32;
        2.0 * v - 1.0
    };
    (0..len)
        .map(|i| {
            let ph = 2.0 * std::f32::consts::PI * freq * i as f32 / 16_000.0;
            let v = match kind {
                Kind::Silence => 0.0,
                Kind::Dc => amp,
                Kind::Noise => amp * noise(),
                // A square wave overdriven 3x and hard-clipped to +-amp.
                Kind::ClippedSquare => (3.0 * amp * ph.sin().signum()).clamp(-amp, amp),
                Kind::Sine => amp * ph.sin(),
            };
            debug_assert!(v.is_finite());
            v
        })
        .collect()
}

fn any_signal() -> impl Strategy<Value = Vec<f32>> {
    (kind(), 0..MAX_LEN, amplitude(), any::<u64>(), 40.0f32..2000.0)
        .prop_map(|(k, len, amp, seed, freq)| signal(k, len, amp, seed, freq))
}

/// librosa.yin's period range: `min_period = floor(sr / fmax)`,
/// `max_period = min(ceil(sr / fmin), frame_length - 1)`, and the parabolic shift is strictly
/// inside (-1, 1) and 0 at the two ends of the lag range, so every YIN period lies in
/// `[min_period, max_period]` and every f0 in `[sr / max_period, sr / min_period]`
/// (which contains `[fmin, fmax]` up to the integer rounding of the periods).
fn yin_bounds(sr: f32, fmin: f32, fmax: f32, frame_length: usize) -> (f32, f32) {
    let min_period = (sr / fmax).floor();
    let max_period = (sr / fmin).ceil().min(frame_length as f32 - 1.0);
    (sr / max_period, sr / min_period)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn yin_is_finite_and_within_librosa_period_range(y in any_signal(), center in any::<bool>()) {
        let cfg = YinConfig::default().with_center(center);
        let (lo, hi) = yin_bounds(16_000.0, cfg.fmin, cfg.fmax, cfg.frame_length);
        let mut yin = Yin::new(cfg).unwrap();
        let n = yin.n_frames(y.len());
        match yin.process(&y) {
            Ok(f0) => {
                prop_assert_eq!(f0.len(), n);
                prop_assert!(n > 0);
                for &f in &f0 {
                    prop_assert!(f.is_finite(), "non-finite f0 {}", f);
                    prop_assert!(f >= lo * (1.0 - FREQ_REL_TOL) && f <= hi * (1.0 + FREQ_REL_TOL), "f0 {} outside [{}, {}]", f, lo, hi);
                }
            }
            Err(e) => {
                // Only an empty signal, or one shorter than a frame without centring, is rejected.
                prop_assert!(y.is_empty() || (n == 0 && !center), "unexpected error {:?} for len {}", e, y.len());
            }
        }
    }

    #[test]
    fn pyin_flags_probs_and_f0_are_consistent(y in any_signal(), center in any::<bool>()) {
        let cfg = PyinConfig::default().with_center(center);
        let (fmin, fmax) = (cfg.fmin, cfg.fmax);
        let mut pyin = Pyin::new(cfg).unwrap();
        let n = pyin.n_frames(y.len());
        match pyin.process(&y) {
            Ok(tr) => {
                prop_assert!(n > 0);
                prop_assert_eq!(tr.len(), n);
                prop_assert_eq!(tr.voiced_flag.len(), n);
                prop_assert_eq!(tr.voiced_prob.len(), n);
                for t in 0..n {
                    let (f, v, p) = (tr.f0[t], tr.voiced_flag[t], tr.voiced_prob[t]);
                    prop_assert!((0.0..=1.0).contains(&p), "voiced_prob {} at {}", p, t);
                    if v {
                        prop_assert!(f >= fmin * (1.0 - FREQ_REL_TOL) && f <= fmax * (1.0 + FREQ_REL_TOL), "voiced f0 {} at {}", f, t);
                    } else {
                        prop_assert!(f.is_nan(), "unvoiced frame {} has f0 {}", t, f);
                    }
                }
            }
            Err(e) => {
                prop_assert!(y.is_empty() || (n == 0 && !center), "unexpected error {:?} for len {}", e, y.len());
            }
        }
    }

    #[test]
    fn voice_quality_report_is_finite_or_none(y in any_signal()) {
        let vq = VoiceQuality::new(VoiceQualityConfig::default()).unwrap();
        match vq.analyze(&y, SampleRate::HZ_16000) {
            Ok(r) => {
                let perturbations = [
                    r.jitter_local,
                    r.jitter_local_absolute,
                    r.jitter_rap,
                    r.jitter_ppq5,
                    r.shimmer_local,
                    r.shimmer_local_db,
                    r.shimmer_apq3,
                    r.shimmer_apq5,
                    r.shimmer_apq11,
                ];
                for v in perturbations.into_iter().flatten() {
                    prop_assert!(v.is_finite() && v >= 0.0, "perturbation {} in {:?}", v, r);
                }
                if let Some(h) = r.hnr_db {
                    prop_assert!(h.is_finite(), "hnr {}", h);
                }
                if let Some(f) = r.mean_f0_hz {
                    prop_assert!(f.is_finite() && f > 0.0, "mean f0 {}", f);
                }
                prop_assert_eq!(r.n_pulses, r.pulses.len());
                prop_assert!(r.n_periods <= r.n_pulses.saturating_sub(1));
                let dur = y.len() as f64 / 16_000.0;
                prop_assert!(r.pulses.windows(2).all(|w| w[0] < w[1]), "pulses not strictly increasing");
                prop_assert!(r.pulses.iter().all(|&t| t.is_finite() && (0.0..=dur).contains(&t)));
            }
            Err(e) => prop_assert!(y.is_empty(), "unexpected error {:?} for len {}", e, y.len()),
        }
    }
}
