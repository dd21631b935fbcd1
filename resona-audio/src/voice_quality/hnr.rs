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
        sum += hnr_db(r);
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Lags searched on each side of the track's period: this share of the period, at least
/// [`TRACK_MIN_SLACK`] samples.
const TRACK_SLACK_SHARE: f64 = 0.05;
const TRACK_MIN_SLACK: usize = 2;

/// Mean HNR in dB over the voiced frames of an f0 track (NaN or `<= 0` = unvoiced), with the
/// window and silence rule of "To Harmonicity (cc)": per frame, a window of `ppw / min_pitch`
/// seconds centred on the frame is correlated (normalised cross-correlation, Boersma's `r`)
/// with the same span one lag later, for integer lags within [`TRACK_SLACK_SHARE`] of the
/// track's period; the best lag is refined by a parabola through its neighbours and gives
/// `10 log10(r / (1 - r))`. Frames whose window peak is below `silence` times the signal's
/// peak are unvoiced, as in Praat; frames whose span leaves the signal are skipped. The pitch
/// search of "To Harmonicity (cc)" is replaced by the track: one short lag range per frame
/// instead of every lag down to `min_pitch`. `None` when no frame remains.
pub(crate) fn mean_hnr_along_track(
    z: &[f64],
    sr: f64,
    f0: &[f32],
    hop: usize,
    (min_pitch, silence, ppw): (f64, f64, f64),
) -> Option<f64> {
    let global_peak = z.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let w = (ppw / min_pitch * sr).round() as usize;
    if w == 0 || global_peak == 0.0 {
        return None;
    }
    let mut r = Vec::new();
    let (mut sum, mut n) = (0.0, 0usize);
    for (t, &f) in f0.iter().enumerate() {
        if !(f.is_finite() && f > 0.0) {
            continue;
        }
        let period = sr / f64::from(f);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (p, slack) =
            (period.round() as usize, ((TRACK_SLACK_SHARE * period).round() as usize).max(TRACK_MIN_SLACK));
        // Lags p - slack - 1 ..= p + slack + 1; the outer two only feed the parabola.
        if p <= slack + 1 {
            continue;
        }
        let Some(start) = (t * hop).checked_sub(w / 2) else { continue };
        if start + w + p + slack + 1 > z.len() {
            continue;
        }
        let a = &z[start..start + w];
        if a.iter().fold(0.0f64, |m, v| m.max(v.abs())) < silence * global_peak {
            continue;
        }
        let ea: f64 = a.iter().map(|v| v * v).sum();
        r.clear();
        for lag in p - slack - 1..=p + slack + 1 {
            let (eb, ab) = super::points::energy_and_dot(&z[start + lag..start + lag + w], a);
            r.push(if ea > 0.0 && eb > 0.0 { ab / (ea * eb).sqrt() } else { 0.0 });
        }
        let best = (1..r.len() - 1).fold(1, |b, k| if r[k] > r[b] { k } else { b });
        let d2 = 2.0 * r[best] - r[best - 1] - r[best + 1];
        let peak = if d2 > 0.0 { r[best] + 0.125 * (r[best + 1] - r[best - 1]).powi(2) / d2 } else { r[best] };
        sum += hnr_db(peak);
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// Boersma's HNR of a correlation strength, clamped to +-150 dB as Praat does.
fn hnr_db(r: f64) -> f64 {
    if r <= 1e-15 {
        -150.0
    } else if r > 1.0 - 1e-15 {
        150.0
    } else {
        10.0 * (r / (1.0 - r)).log10()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "To Harmonicity (cc)" defaults: 75 Hz, silence threshold 0.1, one period per window.
    const PRAAT: (f64, f64, f64) = (75.0, 0.1, 1.0);

    /// A 150 Hz harmonic signal (period 106.67 samples at 16 kHz) plus deterministic white noise
    /// at `snr_db`, with its f0 track at hop 160.
    fn voiced(snr_db: f64) -> (Vec<f64>, Vec<f32>) {
        let (sr, f0, n) = (16_000.0, 150.0, 16_000);
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut noise = || {
            // Sum of 12 uniforms: close to a unit Gaussian.
            (0..12)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 11) as f64 / (1u64 << 53) as f64
                })
                .sum::<f64>()
                - 6.0
        };
        let h: Vec<f64> = (0..n)
            .map(|i| {
                let t = f64::from(i) / sr;
                (1..=5).map(|k| (2.0 * std::f64::consts::PI * f0 * f64::from(k) * t).sin() / f64::from(k)).sum()
            })
            .collect();
        let ph = h.iter().map(|v| v * v).sum::<f64>() / f64::from(n);
        let gain = (ph / 10f64.powf(snr_db / 10.0)).sqrt();
        let z = h.iter().map(|v| v + gain * noise()).collect();
        (z, vec![150.0; 101])
    }

    #[test]
    fn hnr_along_track_reads_the_mixing_ratio() {
        // Boersma's r/(1-r) is the harmonic-to-noise power ratio for white noise, up to the
        // noise's own small correlation over a finite window.
        const TOL_DB: f64 = 1.5;
        for snr in [0.0, 10.0, 20.0] {
            let (z, f0) = voiced(snr);
            let h = mean_hnr_along_track(&z, 16_000.0, &f0, 160, PRAAT).unwrap();
            assert!((h - snr).abs() < TOL_DB, "snr {snr}: {h}");
        }
        let (clean, f0) = voiced(200.0);
        assert!(mean_hnr_along_track(&clean, 16_000.0, &f0, 160, PRAAT).unwrap() > 40.0);
    }

    #[test]
    fn hnr_along_track_skips_unvoiced_and_edge_frames() {
        let (z, mut f0) = voiced(10.0);
        // Frames whose span leaves the signal (the first and the last) are skipped, never read
        // out of bounds; an all-unvoiced track and silence give None.
        assert!(mean_hnr_along_track(&z[..1000], 16_000.0, &f0[..7], 160, PRAAT).is_some());
        f0.fill(f32::NAN);
        assert_eq!(mean_hnr_along_track(&z, 16_000.0, &f0, 160, PRAAT), None);
        assert_eq!(mean_hnr_along_track(&[0.0; 4000], 16_000.0, &[150.0; 26], 160, PRAAT), None);
    }
}
