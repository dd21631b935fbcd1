//! Amplitude perturbation measures with Praat's definitions ("Voice 3. Shimmer";
//! `PointProcess_Sound_to_AmplitudeTier_period` + `AmplitudeTier_getShimmer_*`).
//!
//! The amplitude of pulse `i` is the Hann-windowed RMS of the sound from `0.2 * p1` before to
//! `0.2 * p2` after it (`p1`, `p2` the surrounding periods), taken only where both periods lie in
//! `[period_floor, period_ceiling]` with ratio at most `max_period_factor`. Consecutive
//! amplitudes count when their period is in range and their ratio is at most
//! `max_amplitude_factor`. The denominator is the mean of all amplitudes.

use super::points::Sound;

/// Praat's `Sound_getHannWindowedRms`.
fn hann_rms(s: &Sound<'_>, tmid: f64, wl: f64, wr: f64) -> Option<f64> {
    let x1 = 0.5 * s.dx;
    let n = s.z.len();
    #[allow(clippy::cast_possible_truncation)]
    let imin = (((tmid - wl - x1) / s.dx).ceil() as i64 + 1).max(1);
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let imax = (((tmid + wr - x1) / s.dx).floor() as i64 + 1).min(n as i64);
    if imax - imin + 1 < 3 {
        return None;
    }
    let (mut ss, mut ws) = (0.0, 0.0);
    for i in imin..=imax {
        let t = x1 + (i - 1) as f64 * s.dx;
        let width = if t < tmid { wl } else { wr };
        let w = 0.5 + 0.5 * (std::f64::consts::PI * (t - tmid) / width).cos();
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        let v = s.z[(i - 1) as usize] * w;
        ss += v * v;
        ws += w * w;
    }
    (ws > 0.0).then(|| (ss / ws).sqrt())
}

/// Amplitude points `(time, amplitude)` (Praat's AmplitudeTier from the pulses).
pub(crate) fn amplitudes(s: &Sound<'_>, t: &[f64], pmin: f64, pmax: f64, factor: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for i in 1..t.len().saturating_sub(1) {
        let (p1, p2) = (t[i] - t[i - 1], t[i + 1] - t[i]);
        let f = if p1 > p2 { p1 / p2 } else { p2 / p1 };
        if pmin == pmax || (p1 >= pmin && p1 <= pmax && p2 >= pmin && p2 <= pmax && f <= factor) {
            if let Some(a) = hann_rms(s, t[i], 0.2 * p1, 0.2 * p2).filter(|&a| a > 0.0) {
                out.push((t[i], a));
            }
        }
    }
    out
}

/// Shimmer measures from amplitude points.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Shimmer {
    pub(crate) local: Option<f64>,
    pub(crate) local_db: Option<f64>,
    pub(crate) apq3: Option<f64>,
    pub(crate) apq5: Option<f64>,
    pub(crate) apq11: Option<f64>,
}

fn window_measure(a: &[(f64, f64)], k: usize, pmin: f64, pmax: f64, amax: f64, mean: f64) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for w in a.windows(k) {
        let periods_ok = w.windows(2).all(|p| {
            let d = p[1].0 - p[0].0;
            pmin == pmax || (d >= pmin && d <= pmax)
        });
        let amps_ok = w.windows(2).all(|p| (if p[0].1 > p[1].1 { p[0].1 / p[1].1 } else { p[1].1 / p[0].1 }) <= amax);
        if periods_ok && amps_ok {
            let avg = w.iter().map(|p| p.1).sum::<f64>() / k as f64;
            sum += (w[k / 2].1 - avg).abs();
            n += 1;
        }
    }
    (n > 0 && mean > 0.0).then(|| sum / n as f64 / mean)
}

/// Praat's local, local-dB, apq3, apq5 and apq11 shimmer.
pub(crate) fn shimmer(a: &[(f64, f64)], pmin: f64, pmax: f64, amax: f64) -> Shimmer {
    if a.len() < 2 {
        return Shimmer::default();
    }
    let mean = a.iter().map(|p| p.1).sum::<f64>() / a.len() as f64;
    let (mut num, mut db, mut n) = (0.0, 0.0, 0usize);
    for w in a.windows(2) {
        let d = w[1].0 - w[0].0;
        if pmin == pmax || (d >= pmin && d <= pmax) {
            let (a1, a2) = (w[0].1, w[1].1);
            let f = if a1 > a2 { a1 / a2 } else { a2 / a1 };
            if f <= amax {
                num += (a1 - a2).abs();
                db += (20.0 * (a2 / a1).log10()).abs();
                n += 1;
            }
        }
    }
    let local = (n > 0 && mean > 0.0).then(|| num / n as f64 / mean);
    let local_db = (n > 0).then(|| db / n as f64);
    Shimmer {
        local,
        local_db,
        apq3: window_measure(a, 3, pmin, pmax, amax, mean),
        apq5: window_measure(a, 5, pmin, pmax, amax, mean),
        apq11: window_measure(a, 11, pmin, pmax, amax, mean),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternating_amplitudes_give_known_shimmer() {
        // amplitudes alternate 0.9 / 1.1 every 10 ms: mean |da| = 0.2, mean a = 1.0
        let a: Vec<(f64, f64)> = (0..21).map(|i| (f64::from(i) * 0.01, if i % 2 == 0 { 0.9 } else { 1.1 })).collect();
        let s = shimmer(&a, 1e-4, 0.02, 1.6);
        let mean = (11.0 * 0.9 + 10.0 * 1.1) / 21.0;
        assert!((s.local.unwrap() - 0.2 / mean).abs() < 1e-12);
        assert!((s.local_db.unwrap() - 20.0 * (1.1f64 / 0.9).log10()).abs() < 1e-12);
        assert!(s.apq3.unwrap() > 0.0 && s.apq11.unwrap() > 0.0);
    }
}
