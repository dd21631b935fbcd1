//! Harmonics-to-noise ratio, Praat's "To Harmonicity (cc)" followed by "Get mean".
//!
//! Boersma (1993): per frame, the strength `r` of the best cross-correlation candidate
//! (accurate sinc-700 refinement, voicing threshold 0, no path costs, ceiling at Nyquist) gives
//! `HNR = 10 log10(r / (1 - r))` dB (clamped to +-150 dB near 0 and 1). Unvoiced frames (-200 dB
//! in Praat) are left out of the mean; `None` when no frame is voiced.

use super::praat_pitch::{CcParams, sound_to_pitch_cc};

/// Candidates more than this below a frame's strongest are not refined (see
/// `CcParams::refine_within`); the golden tests hold HNR to Praat's within 1 dB with it.
const HNR_REFINE_WITHIN: f64 = 0.05;

/// Mean HNR in dB over voiced frames.
pub(crate) fn mean_hnr(z: &[f64], sr: f64, time_step: f64, min_pitch: f64, silence: f64, ppw: f64) -> Option<f64> {
    let p = CcParams {
        time_step,
        min_pitch,
        periods_per_window: ppw,
        max_candidates: 15,
        accurate: true,
        silence_threshold: silence,
        voicing_threshold: 0.0,
        octave_cost: 0.0,
        octave_jump_cost: 0.0,
        voiced_unvoiced_cost: 0.0,
        ceiling: 0.5 * sr,
        refine_within: Some(HNR_REFINE_WITHIN),
    };
    let pitch = sound_to_pitch_cc(z, sr, &p)?;
    let (mut sum, mut n) = (0.0, 0usize);
    for (f, &r) in pitch.freq.iter().zip(&pitch.strength) {
        if *f == 0.0 {
            continue;
        }
        let h = if r <= 1e-15 {
            -150.0
        } else if r > 1.0 - 1e-15 {
            150.0
        } else {
            10.0 * (r / (1.0 - r)).log10()
        };
        sum += h;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}
