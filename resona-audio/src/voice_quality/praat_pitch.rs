//! Praat's cross-correlation pitch analysis ("To Pitch (cc)") and its path finder.
//!
//! Boersma (1993), IFA Proceedings 17: per frame, the normalised forward cross-correlation
//! `r(tau) = sum x(t) x(t + tau) / sqrt(sum x(t)^2 sum x(t + tau)^2)` over one window, its
//! local maxima as candidates (parabolic frequency, sinc-interpolated strength, then a Brent
//! refinement), an unvoiced candidate whose strength grows in quiet frames, and a Viterbi
//! path finder with octave cost, octave-jump cost and voiced/unvoiced cost. Times use Praat's
//! sampling grid: sample `i` (1-based) sits at `(i - 0.5) / sr`.
//!
//! The correlations are computed by FFT (realfft) rather than Praat's direct double loop, except
//! on lags where the FFT's rounding would show (see `FFT_MIN_ENERGY_SHARE` and the constant lead
//! run); on the golden inputs frequencies agree with the direct loop to 1e-5 Hz and strengths to
//! 1e-14.

use super::interp::{improve_maximum, interpolate_sinc};
use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealToComplex};
use std::sync::Arc;

/// Smallest share of the correlated span's energy the lagged window must hold for its FFT
/// correlation to be used: the FFT error is about `eps * log2(n) * sqrt(span / window)` relative,
/// here below ~1e-13; below this share the lag is summed directly as Praat does.
const FFT_MIN_ENERGY_SHARE: f64 = 1e-4;

/// Parameters of Praat's `Sound_to_Pitch_any` for the cross-correlation methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CcParams {
    pub(crate) time_step: f64,
    pub(crate) min_pitch: f64,
    pub(crate) periods_per_window: f64,
    pub(crate) max_candidates: usize,
    pub(crate) accurate: bool,
    pub(crate) silence_threshold: f64,
    pub(crate) voicing_threshold: f64,
    pub(crate) octave_cost: f64,
    pub(crate) octave_jump_cost: f64,
    pub(crate) voiced_unvoiced_cost: f64,
    pub(crate) ceiling: f64,
    /// Refine only candidates whose sinc-30 strength is within this much of the frame's
    /// strongest (`None`: refine all, as Praat does). Sound only when the path costs are zero
    /// (HNR), where each frame's winner is simply its strongest refined candidate: refinement
    /// moves a strength by about 1e-3, so a candidate further below cannot win, and skipping
    /// its sinc-700 Brent search (most of "To Harmonicity (cc)"'s time) changes nothing.
    pub(crate) refine_within: Option<f64>,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    freq: f64,
    strength: f64,
}

/// The winning candidate per frame after the path finder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PraatPitch {
    /// Time of frame 0, s.
    pub(crate) t1: f64,
    /// Frame step, s.
    pub(crate) dt: f64,
    /// f0 per frame, 0 when unvoiced.
    pub(crate) freq: Vec<f64>,
    /// Correlation strength of the winner per frame.
    pub(crate) strength: Vec<f64>,
    /// Ceiling used for "voiced" (`0 < f < ceiling`).
    pub(crate) ceiling: f64,
    /// End time of the sound.
    pub(crate) xmax: f64,
}

impl PraatPitch {
    /// Whether frame `i` (0-based) is voiced.
    pub(crate) fn is_voiced(&self, i: usize) -> bool {
        self.freq.get(i).is_some_and(|&f| f > 0.0 && f < self.ceiling)
    }

    /// Praat's `Pitch_getValueAtTime(.., Hertz, linear)`: `None` when undefined.
    pub(crate) fn value_at(&self, t: f64) -> Option<f64> {
        let n = self.freq.len();
        if t < 0.0 || t > self.xmax || n == 0 {
            return None;
        }
        let ireal = (t - self.t1) / self.dt; // 0-based real index
        let ileft = ireal.floor();
        let mut phase = ireal - ileft;
        #[allow(clippy::cast_possible_truncation)]
        let ileft = ileft as i64;
        let (inear, ifar) = if phase < 0.5 {
            (ileft, ileft + 1)
        } else {
            phase = 1.0 - phase;
            (ileft + 1, ileft)
        };
        #[allow(clippy::cast_possible_wrap)]
        let nn = n as i64;
        if inear < 0 || inear >= nn {
            return None;
        }
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        let (inear, ifar_u) = (inear as usize, ifar.max(0) as usize);
        if !self.is_voiced(inear) {
            return None;
        }
        let fnear = self.freq[inear];
        if ifar < 0 || ifar >= nn || !self.is_voiced(ifar_u) {
            return Some(fnear);
        }
        Some(fnear + phase * (self.freq[ifar_u] - fnear))
    }
}

/// Praat's `Sampled_shortTermAnalysis`: number of frames and time of the first.
pub(crate) fn short_term_analysis(n: usize, dx: f64, window: f64, step: f64) -> Option<(usize, f64)> {
    let dur = dx * n as f64;
    if window > dur || step <= 0.0 {
        return None;
    }
    let nf = ((dur - window) / step).floor() + 1.0;
    if nf < 1.0 {
        return None;
    }
    let mid = 0.5 * dur; // x1 - dx/2 + dur/2 with x1 = dx/2
    let t1 = mid - 0.5 * nf * step + 0.5 * step;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some((nf as usize, t1))
}

/// Runs Praat's cc pitch analysis on `z` (sample rate `sr`). Returns `None` when the sound is
/// shorter than one analysis window (Praat: "would give zero pitch frames").
#[allow(clippy::too_many_lines, clippy::needless_range_loop)]
pub(crate) fn sound_to_pitch_cc(z: &[f64], sr: f64, p: &CcParams) -> Option<PraatPitch> {
    let dx = 1.0 / sr;
    let nx = z.len();
    let mut max_cand = p.max_candidates;
    if (max_cand as f64) < p.ceiling / p.min_pitch {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        {
            max_cand = (p.ceiling / p.min_pitch).floor() as usize;
        }
    }
    let max_cand = max_cand.max(2);
    let dt = if p.time_step > 0.0 { p.time_step } else { p.periods_per_window / p.min_pitch / 4.0 };
    let ceiling = p.ceiling.min(0.5 / dx);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let nsamp_period = (1.0 / dx / p.min_pitch).floor() as usize;
    let halfnsamp_period = nsamp_period / 2 + 1;
    let dt_window = p.periods_per_window / p.min_pitch;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let nsamp_window0 = (dt_window / dx).floor() as usize;
    let halfnsamp_window = (nsamp_window0 / 2).checked_sub(1)?;
    if halfnsamp_window < 2 {
        return None;
    }
    let nsamp_window = halfnsamp_window * 2;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let maximum_lag = ((nsamp_window as f64 / p.periods_per_window).floor() as usize + 2).min(nsamp_window);
    let (n_frames, t1) = short_term_analysis(nx, dx, 1.0 / p.min_pitch + dt_window, dt)?;
    let brent_ixmax = nsamp_window; // interpolation depth 1.0 for cc
    let brent_depth = if p.accurate { 700 } else { 70 };

    let mean = z.iter().sum::<f64>() / nx as f64;
    let global_peak = z.iter().fold(0.0f64, |m, &v| m.max((v - mean).abs()));
    let mut pitch =
        PraatPitch { t1, dt, freq: vec![0.0; n_frames], strength: vec![0.0; n_frames], ceiling, xmax: dx * nx as f64 };
    if global_peak == 0.0 {
        return Some(pitch);
    }

    // FFT cross-correlation of the window x (nsamp_window) against the span y (window + lags).
    // Lags 0..=maximum_lag only read y[i + lag] with i < nsamp_window, all below
    // nsamp_window + maximum_lag, so a transform that long has no circular wrap-around on them.
    let nfft = (nsamp_window + maximum_lag).next_power_of_two();
    let fwd: Arc<dyn RealToComplex<f64>> = crate::fft::plan_forward(nfft);
    let inv: Arc<dyn ComplexToReal<f64>> = crate::fft::plan_inverse(nfft);
    let mut xb = fwd.make_input_vec();
    let mut yb = fwd.make_input_vec();
    let mut xs = fwd.make_output_vec();
    let mut ys = fwd.make_output_vec();
    let mut scratch = vec![Complex::new(0.0, 0.0); fwd.get_scratch_len().max(inv.get_scratch_len())];
    let mut span = vec![0.0f64; nsamp_window + maximum_lag];
    let mut rbuf = vec![0.0f64; 2 * brent_ixmax + 1]; // rbuf[k] = r[k - brent_ixmax]
    let mut cands: Vec<Vec<Cand>> = Vec::with_capacity(n_frames);
    let mut intensity = vec![0.0f64; n_frames];
    let sample = |i: i64| -> f64 {
        // 1-based sample access, zero outside (Praat asserts it never happens for the frames it makes)
        if i >= 1 && (i as usize) <= nx { z[i as usize - 1] } else { 0.0 }
    };
    let low_index = |x: f64| -> i64 {
        #[allow(clippy::cast_possible_truncation)]
        let v = ((x - 0.5 * dx) / dx).floor() as i64 + 1;
        v
    };
    #[allow(clippy::cast_possible_wrap)]
    let (nsp, hnw, hnp, nsw) =
        (nsamp_period as i64, halfnsamp_window as i64, halfnsamp_period as i64, nsamp_window as i64);

    for iframe in 0..n_frames {
        let t = t1 + iframe as f64 * dt;
        let left = low_index(t);
        let right = left + 1;
        let local_mean = ((right - nsp)..=(left + nsp)).map(sample).sum::<f64>() / (2 * nsamp_period) as f64;
        let start = right - hnw;
        // local peak of the mean-removed window, half a longest period around its centre
        let j0 = (hnw + 1 - hnp).max(1);
        let j1 = (hnw + hnp).min(nsw);
        let local_peak = (j0..=j1).map(|j| (sample(start + j - 1) - local_mean).abs()).fold(0.0, f64::max);
        intensity[iframe] = if local_peak > global_peak { 1.0 } else { local_peak / global_peak };
        let mut fc = vec![Cand { freq: 0.0, strength: 0.0 }];
        if local_peak == 0.0 {
            cands.push(fc);
            continue;
        }
        // Forward cross-correlation.
        let start_time = t - 0.5 * (1.0 / p.min_pitch + dt_window);
        let s0 = low_index(start_time).max(1);
        #[allow(clippy::cast_possible_wrap)]
        let local_span = (maximum_lag as i64 + nsw).min(nx as i64 + 1 - s0);
        let local_max_lag = (local_span - nsw).max(0);
        // span = the window and the lags after it, mean removed; the window is its first nsw samples.
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        let span_len = nsamp_window + local_max_lag as usize;
        for (j, v) in span[..span_len].iter_mut().enumerate() {
            #[allow(clippy::cast_possible_wrap)]
            let j = j as i64;
            *v = sample(s0 + j) - local_mean;
        }
        let sumx2 = span[..nsamp_window].iter().fold(0.0, |acc, v| acc + v * v);
        let span2 = span[..span_len].iter().fold(0.0, |acc, v| acc + v * v);
        // Samples equal to the first one at the start of the span (digital silence after the mean
        // removal): lags whose whole window lies in that run correlate two identical constant
        // windows, a plateau of exactly equal r that only the direct sum reproduces (FFT rounding
        // would turn it into spurious local maxima with r ~ 1).
        let lead_run = span[..span_len].iter().take_while(|&&v| v == span[0]).count();
        xb.fill(0.0);
        yb.fill(0.0);
        xb[..nsamp_window].copy_from_slice(&span[..nsamp_window]);
        yb[..span_len].copy_from_slice(&span[..span_len]);
        let _ = fwd.process_with_scratch(&mut xb, &mut xs, &mut scratch);
        let _ = fwd.process_with_scratch(&mut yb, &mut ys, &mut scratch);
        for (a, b) in xs.iter_mut().zip(&ys) {
            *a = a.conj() * b;
        }
        let _ = inv.process_with_scratch(&mut xs, &mut xb, &mut scratch);
        let scale = 1.0 / nfft as f64;
        rbuf.fill(0.0);
        rbuf[brent_ixmax] = 1.0;
        let mut sumy2 = sumx2;
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        for i in 1..=(local_max_lag as usize).min(brent_ixmax) {
            let y0 = sample(s0 + i as i64 - 1) - local_mean;
            let yz = sample(s0 + i as i64 - 1 + nsw) - local_mean;
            sumy2 += yz * yz - y0 * y0;
            let den = (sumx2 * sumy2).sqrt();
            // Direct sums (Praat's own computation) where the FFT value is unreliable: on the constant
            // lead run, and where the lagged window holds a tiny share of the span energy (the FFT's
            // rounding error scales with the whole span, Praat's sum with the window).
            let r = if den <= 0.0 {
                0.0
            } else if i + nsamp_window > lead_run && sumy2 >= FFT_MIN_ENERGY_SHARE * span2 {
                xb[i] * scale / den
            } else {
                let lagged = &span[i..i + nsamp_window];
                span[..nsamp_window].iter().zip(lagged).fold(0.0, |acc, (a, b)| acc + a * b) / den
            };
            rbuf[brent_ixmax + i] = r;
            rbuf[brent_ixmax - i] = r;
        }
        let r = |lag: usize| rbuf[brent_ixmax + lag];
        let mut imax = vec![0usize];
        let top = maximum_lag.min(brent_ixmax);
        for i in 2..top {
            let ri = r(i);
            if !(ri > 0.5 * p.voicing_threshold && ri > r(i - 1) && ri >= r(i + 1)) {
                continue;
            }
            let dr = 0.5 * (r(i + 1) - r(i - 1));
            let d2r = 2.0 * ri - r(i - 1) - r(i + 1);
            let freq = 1.0 / dx / (i as f64 + dr / d2r);
            let mut strength = interpolate_sinc(&rbuf, 1.0 / dx / freq + brent_ixmax as f64, 30);
            if strength > 1.0 {
                strength = 1.0 / strength;
            }
            let mut place = None;
            if fc.len() < max_cand {
                fc.push(Cand { freq, strength });
                imax.push(i);
                continue;
            }
            let mut weakest = 2.0;
            for (k, c) in fc.iter().enumerate().skip(1) {
                let ls = c.strength - p.octave_cost * (p.min_pitch / c.freq).log2();
                if ls < weakest {
                    weakest = ls;
                    place = Some(k);
                }
            }
            if strength - p.octave_cost * (p.min_pitch / freq).log2() <= weakest {
                place = None;
            }
            if let Some(k) = place {
                fc[k] = Cand { freq, strength };
                imax[k] = i;
            }
        }
        let floor = p
            .refine_within
            .map_or(f64::NEG_INFINITY, |m| fc.iter().skip(1).map(|c| c.strength).fold(f64::NEG_INFINITY, f64::max) - m);
        for k in 1..fc.len() {
            if fc[k].strength < floor {
                continue;
            }
            let depth = if fc[k].freq > 0.3 / dx { 700 } else { brent_depth };
            let (xmid, ymid) = improve_maximum(&rbuf, imax[k] + brent_ixmax, depth);
            let lag = xmid - brent_ixmax as f64;
            fc[k].freq = 1.0 / dx / lag;
            fc[k].strength = if ymid > 1.0 { 1.0 / ymid } else { ymid };
        }
        cands.push(fc);
    }
    path_finder(&mut pitch, &cands, &intensity, p, ceiling);
    Some(pitch)
}

/// Praat's `Pitch_pathFinder` (without formant pulling).
fn path_finder(pitch: &mut PraatPitch, cands: &[Vec<Cand>], intensity: &[f64], p: &CcParams, ceiling: f64) {
    let n = cands.len();
    if n == 0 {
        return;
    }
    let correction = 0.01 / pitch.dt;
    let jump_cost = p.octave_jump_cost * correction;
    let vuv_cost = p.voiced_unvoiced_cost * correction;
    let voiceless = |f: f64| f <= 0.0 || f >= ceiling;
    let mut delta: Vec<Vec<f64>> = Vec::with_capacity(n);
    for (fr, cs) in cands.iter().enumerate() {
        let mut unvoiced = if p.silence_threshold <= 0.0 {
            0.0
        } else {
            2.0 - intensity[fr] / (p.silence_threshold / (1.0 + p.voicing_threshold))
        };
        unvoiced = p.voicing_threshold + unvoiced.max(0.0);
        delta.push(
            cs.iter()
                .map(|c| {
                    if c.freq == 0.0 || c.freq > ceiling {
                        unvoiced
                    } else {
                        c.strength - p.octave_cost * (ceiling / c.freq).log2()
                    }
                })
                .collect(),
        );
    }
    let mut psi: Vec<Vec<usize>> = vec![Vec::new(); n];
    for fr in 1..n {
        let (prev, cur) = delta.split_at_mut(fr);
        let (prev, cur) = (&prev[fr - 1], &mut cur[0]);
        let mut ps = vec![0usize; cur.len()];
        for (k2, c2) in cands[fr].iter().enumerate() {
            let mut maximum = f64::NEG_INFINITY;
            let mut place = 0;
            for (k1, c1) in cands[fr - 1].iter().enumerate() {
                let (v1, v2) = (voiceless(c1.freq), voiceless(c2.freq));
                let cost = if v1 != v2 {
                    vuv_cost
                } else if v2 {
                    0.0
                } else {
                    jump_cost * (c1.freq / c2.freq).log2().abs()
                };
                let value = prev[k1] - cost + cur[k2];
                if value > maximum {
                    maximum = value;
                    place = k1;
                }
            }
            cur[k2] = maximum;
            ps[k2] = place;
        }
        psi[fr] = ps;
    }
    let last = &delta[n - 1];
    let mut place = 0;
    for k in 1..last.len() {
        if last[k] > last[place] {
            place = k;
        }
    }
    for fr in (0..n).rev() {
        let c = cands[fr].get(place).copied().unwrap_or(Cand { freq: 0.0, strength: 0.0 });
        pitch.freq[fr] = c.freq;
        pitch.strength[fr] = c.strength;
        if fr > 0 {
            place = psi[fr].get(place).copied().unwrap_or(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Praat's "To Harmonicity (cc)" settings at 16 kHz (as `hnr::mean_hnr`).
    fn hnr_params() -> CcParams {
        CcParams {
            time_step: 0.01,
            min_pitch: 75.0,
            periods_per_window: 1.0,
            max_candidates: 15,
            accurate: true,
            silence_threshold: 0.1,
            voicing_threshold: 0.0,
            octave_cost: 0.0,
            octave_jump_cost: 0.0,
            voiced_unvoiced_cost: 0.0,
            ceiling: 8000.0,
            refine_within: None,
        }
    }

    #[test]
    fn digital_silence_before_onset_gives_no_spurious_candidates() {
        // Zeros minus a non-zero local mean are a constant window: Praat's direct sums give a
        // plateau of equal r (no local maximum), an FFT alone gave r ~ 1 peaks at ~6 kHz.
        const MAX_PLAUSIBLE_HZ: f64 = 1000.0;
        let sr = 16_000.0;
        let z: Vec<f64> = (0..16_000)
            .map(|i| if i < 4800 { 0.0 } else { 0.5 * (2.0 * std::f64::consts::PI * 200.0 * f64::from(i) / sr).sin() })
            .collect();
        let pitch = sound_to_pitch_cc(&z, sr, &hnr_params()).unwrap();
        assert!(pitch.freq.iter().any(|&f| (f - 200.0).abs() < 1.0));
        for (i, &f) in pitch.freq.iter().enumerate() {
            assert!(f < MAX_PLAUSIBLE_HZ, "frame {i}: {f} Hz, strength {}", pitch.strength[i]);
        }
    }

    #[test]
    fn refining_only_the_strongest_candidates_keeps_the_hnr_track() {
        // With zero path costs each frame's winner is its strongest refined candidate; skipping
        // the refinement of candidates 0.05 below the strongest must not change the winner.
        const MAX_STRENGTH_DIFF: f64 = 1e-12;
        let sr = 16_000.0;
        let mut seed = 12345u64;
        let mut noise = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let z: Vec<f64> = (0..24_000)
            .map(|i| {
                let t = f64::from(i) / sr;
                let f0 = 140.0 + 30.0 * (2.0 * std::f64::consts::PI * 1.5 * t).sin();
                (1..6).map(|h| (2.0 * std::f64::consts::PI * f0 * f64::from(h) * t).sin() / f64::from(h)).sum::<f64>()
                    + 0.3 * noise()
            })
            .collect();
        let all = sound_to_pitch_cc(&z, sr, &hnr_params()).unwrap();
        let pruned = sound_to_pitch_cc(&z, sr, &CcParams { refine_within: Some(0.05), ..hnr_params() }).unwrap();
        assert!(all.freq.iter().filter(|&&f| f > 0.0).count() > 100);
        for (i, (a, b)) in all.strength.iter().zip(&pruned.strength).enumerate() {
            assert!((a - b).abs() <= MAX_STRENGTH_DIFF, "frame {i}: {a} vs {b}");
        }
        assert_eq!(all.freq, pruned.freq);
    }
}
