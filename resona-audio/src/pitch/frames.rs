//! Framing and the cumulative mean normalised difference function shared by YIN and pYIN.
//!
//! Mirrors `librosa.core.pitch._cumulative_mean_normalized_difference` (librosa 0.11.0): the
//! autocorrelation of the whole `frame_length` frame by FFT (float32, like librosa on float32
//! input), the difference function `d(k) = 2 (r(0) - r(k)) - sum_{j<k} x_j^2`, and its
//! normalisation by the running mean, which librosa carries out in float64.

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealToComplex};
use resona_core::{ConfigError, InputError, Result};
use std::sync::Arc;

/// Period search range and frame geometry derived from a pitch configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PeriodRange {
    /// `floor(sr / fmax)`, as librosa.
    pub(crate) min_period: usize,
    /// `min(ceil(sr / fmin), frame_length - 1)`, as librosa.
    pub(crate) max_period: usize,
}

impl PeriodRange {
    /// Number of lags in a CMNDF frame.
    pub(crate) const fn n_lags(&self) -> usize {
        self.max_period - self.min_period + 1
    }
}

/// Validates `fmin`, `fmax` and `frame_length` with librosa's `__check_yin_params` rules.
pub(crate) fn check_yin_params(sr: f64, fmin: f32, fmax: f32, frame_length: usize) -> Result<PeriodRange> {
    let (fmin64, fmax64) = (f64::from(fmin), f64::from(fmax));
    if !fmin.is_finite() || fmin <= 0.0 {
        return Err(invalid("fmin", fmin, "must be finite and > 0").into());
    }
    if !fmax.is_finite() || fmax64 > sr / 2.0 {
        return Err(invalid("fmax", fmax, "must be finite and <= sample_rate / 2 (Nyquist)").into());
    }
    if fmin >= fmax {
        return Err(invalid("fmin", fmin, "must be < fmax").into());
    }
    if !(3..=1 << 20).contains(&frame_length) {
        return Err(invalid("frame_length", frame_length, "must be in 3..=1048576").into());
    }
    #[allow(clippy::cast_precision_loss)] // frame_length <= 2^20 is exact in f64
    let fl = frame_length as f64;
    if sr / fmin64 >= fl - 1.0 {
        return Err(
            invalid("fmin", fmin, "too small for frame_length: sample_rate / fmin must be < frame_length - 1").into()
        );
    }
    // Both periods are bounded by frame_length (checked above), so the casts are exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let min_period = (sr / fmax64).floor() as usize;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let max_period = ((sr / fmin64).ceil() as usize).min(frame_length - 1);
    if min_period < 1 || max_period <= min_period + 1 {
        return Err(
            invalid("fmax", fmax, "leaves fewer than 3 lags between sample_rate/fmax and sample_rate/fmin").into()
        );
    }
    Ok(PeriodRange { min_period, max_period })
}

/// Builds a [`ConfigError::InvalidParameter`].
pub(crate) fn invalid(name: &'static str, value: impl std::fmt::Display, rule: &'static str) -> ConfigError {
    ConfigError::InvalidParameter { name, value: value.to_string(), rule }
}

/// Number of frames librosa's `util.frame` yields for `n` samples (after centre padding).
pub(crate) fn n_frames(n: usize, frame_length: usize, hop: usize, center: bool) -> usize {
    let padded = if center { n.saturating_add(2 * (frame_length / 2)) } else { n };
    if padded < frame_length || hop == 0 { 0 } else { 1 + (padded - frame_length) / hop }
}

/// Copies frame `t` of the (virtually zero-padded) signal into `out` (`frame_length` long).
pub(crate) fn copy_frame(y: &[f32], t: usize, hop: usize, center: bool, out: &mut [f32]) {
    let pad = if center { out.len() / 2 } else { 0 };
    let start = t * hop; // index into the padded signal
    // out[j] = y[start + j - pad] where that index is inside y, else 0: leading zeros (centre
    // padding), one contiguous copy, trailing zeros.
    let lead = pad.saturating_sub(start).min(out.len());
    let src = start + lead - pad;
    let len = y.len().saturating_sub(src).min(out.len() - lead);
    out[..lead].fill(0.0);
    if len > 0 {
        out[lead..lead + len].copy_from_slice(&y[src..src + len]);
    }
    out[lead + len..].fill(0.0);
}

/// Frame `t` of the (virtually zero-padded) signal, `buf.len()` long: a slice of `y` when the
/// frame lies wholly inside the signal (no copy), else `buf` filled by [`copy_frame`].
pub(crate) fn frame_at<'a>(y: &'a [f32], t: usize, hop: usize, center: bool, buf: &'a mut [f32]) -> &'a [f32] {
    let n = buf.len();
    let pad = if center { n / 2 } else { 0 };
    if let Some(inside) = (t * hop).checked_sub(pad).and_then(|start| y.get(start..start + n)) {
        return inside;
    }
    copy_frame(y, t, hop, center, buf);
    buf
}

/// Checks a whole-signal input: non-empty and finite.
pub(crate) fn check_signal(y: &[f32]) -> Result<()> {
    if y.is_empty() {
        return Err(InputError::Empty { what: "audio samples" }.into());
    }
    InputError::check_finite("audio samples", y)?;
    Ok(())
}

/// Largest frame peak used unscaled: `2^40`, so `(peak * frame_length)^2 <= 2^120` for
/// `frame_length <= 2^20`, safely inside float32.
const LOUD_PEAK: f32 = 1_099_511_627_776.0;

/// Planned CMNDF computation for one frame length and period range.
#[derive(Clone)]
pub(crate) struct Cmndf {
    frame_length: usize,
    range: PeriodRange,
    fwd: Arc<dyn RealToComplex<f32>>,
    inv: Arc<dyn ComplexToReal<f32>>,
    time: Vec<f32>,
    spec: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
    diff: Vec<f32>,
    /// Running sums of `diff` (float32, as librosa's cumsum).
    run: Vec<f32>,
    /// `tau` as float64, for the vectorisable division pass.
    taus: Vec<f64>,
}

impl std::fmt::Debug for Cmndf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cmndf").field("frame_length", &self.frame_length).field("range", &self.range).finish()
    }
}

/// Smallest `2^a 3^b 5^c >= n` (a fast size for rustfft).
fn next_fast_len(n: usize) -> usize {
    let mut best = n.next_power_of_two();
    let mut p5 = 1usize;
    while p5 < best {
        let mut p35 = p5;
        while p35 < best {
            let mut m = p35;
            while m < n {
                m *= 2;
            }
            best = best.min(m);
            p35 *= 3;
        }
        p5 *= 5;
    }
    best
}

impl Cmndf {
    /// Plans the FFTs: linear autocorrelation up to `max_period` needs `n >= frame_length + max_period`.
    pub(crate) fn new(frame_length: usize, range: PeriodRange) -> Self {
        let n = next_fast_len(frame_length + range.max_period + 1);
        let fwd = crate::fft::plan_forward(n);
        let inv = crate::fft::plan_inverse(n);
        let scratch_len = fwd.get_scratch_len().max(inv.get_scratch_len());
        Self {
            frame_length,
            range,
            time: fwd.make_input_vec(),
            spec: fwd.make_output_vec(),
            scratch: vec![Complex::new(0.0, 0.0); scratch_len],
            diff: vec![0.0; range.max_period + 1],
            run: vec![0.0; range.max_period + 1],
            #[allow(clippy::cast_precision_loss)] // periods < 2^20
            taus: (0..=range.max_period).map(|t| t as f64).collect(),
            fwd,
            inv,
        }
    }

    /// The period range.
    pub(crate) const fn range(&self) -> PeriodRange {
        self.range
    }

    /// Writes the CMNDF of `frame` (length `frame_length`) for lags `min_period..=max_period` into `out`.
    pub(crate) fn compute(&mut self, frame: &[f32], out: &mut [f64]) {
        crate::simd::cmndf(self, frame, out);
    }

    /// [`Cmndf::compute`], inlined into both builds of [`crate::simd::cmndf`].
    #[inline(always)]
    pub(crate) fn compute_impl(&mut self, frame: &[f32], out: &mut [f64]) {
        let n_fft = self.time.len();
        let PeriodRange { min_period, max_period } = self.range;
        let m = frame.len().min(self.frame_length);
        let frame = &frame[..m];
        // The CMNDF is invariant to the scale of the frame. Frames so loud that the float32 power
        // spectrum would overflow (|X|^2 <= (peak * frame_length)^2 must stay below 2^128) are
        // brought down by a power of two, which is exact, so every other frame is untouched.
        let peak = crate::spectral::max_abs(frame);
        let gain = if peak > LOUD_PEAK { (-(peak.log2().ceil())).exp2() } else { 1.0 };
        if gain == 1.0 {
            self.time[..m].copy_from_slice(frame);
        } else {
            for (t, &v) in self.time[..m].iter_mut().zip(frame) {
                *t = v * gain;
            }
        }
        self.time[m..].fill(0.0);
        // The sizes are fixed by construction, so the FFTs cannot fail; on the impossible error the
        // buffers keep their previous content and the output stays finite.
        let _ = self.fwd.process_with_scratch(&mut self.time, &mut self.spec, &mut self.scratch);
        for c in &mut self.spec {
            *c = Complex::new(c.re * c.re + c.im * c.im, 0.0);
        }
        let _ = self.inv.process_with_scratch(&mut self.spec, &mut self.time, &mut self.scratch);
        #[allow(clippy::cast_precision_loss)]
        let scale = 1.0 / n_fft as f32; // irfft normalisation
        let acf0 = self.time[0] * scale;
        // d(k) = 2 (acf0 - acf(k)) - cumsum(x^2)[k-1], and the running sum of d(1..=k), both
        // float32 like librosa. Two sequential chains; the divisions below are kept out of this
        // loop so that they vectorise.
        let (mut cs, mut run) = (0.0f32, 0.0f32);
        self.diff[0] = 0.0;
        self.run[0] = 0.0;
        let lagged = self.diff[1..=max_period].iter_mut().zip(&mut self.run[1..=max_period]);
        // max_period < frame_length, so frame[k - 1] exists for every lag k (or is 0 past a short frame).
        let energy = frame.iter().map(|&v| (v * gain) * (v * gain)).chain(std::iter::repeat(0.0));
        for (((d, r), &a), e) in lagged.zip(&self.time[1..=max_period]).zip(energy) {
            cs += e;
            *d = 2.0 * (acf0 - a * scale) - cs;
            run += *d;
            *r = run;
        }
        // Running mean (float32 sum divided by tau in float64, numpy promotion) and the ratio.
        let tiny = f64::MIN_POSITIVE;
        let lags = min_period..=max_period;
        for (((o, &d), &r), &tau) in
            out.iter_mut().zip(&self.diff[lags.clone()]).zip(&self.run[lags.clone()]).zip(&self.taus[lags])
        {
            *o = f64::from(d) / (f64::from(r) / tau + tiny);
        }
    }
}

/// Parabolic interpolation shift at lag index `i` of `x` (`librosa.core.pitch._pi_stencil`), 0 at the edges.
pub(crate) fn parabolic_shift(x: &[f64], i: usize) -> f64 {
    if i == 0 || i + 1 >= x.len() {
        return 0.0;
    }
    let a = x[i + 1] + x[i - 1] - 2.0 * x[i];
    let b = (x[i + 1] - x[i - 1]) / 2.0;
    if b.abs() >= a.abs() { 0.0 } else { -b / a }
}

/// `librosa.util.localmin` along a frame, with pitch.py's override of the first element.
pub(crate) fn is_trough(x: &[f64], i: usize) -> bool {
    let n = x.len();
    if n < 2 {
        return false;
    }
    if i == 0 {
        x[0] < x[1]
    } else if i + 1 == n {
        x[i] < x[i - 1]
    } else {
        x[i] < x[i - 1] && x[i] <= x[i + 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_len_is_smooth_and_large_enough() {
        for n in [1usize, 7, 1271, 2047, 3001] {
            let m = next_fast_len(n);
            assert!(m >= n);
            let mut r = m;
            for p in [2, 3, 5] {
                while r % p == 0 {
                    r /= p;
                }
            }
            assert_eq!(r, 1, "{m}");
        }
    }

    #[test]
    fn loud_frames_do_not_overflow() {
        // A power-of-two gain is exact, so a frame 2^80 times louder must give the same CMNDF.
        let fl = 512;
        let range = PeriodRange { min_period: 10, max_period: 200 };
        let mut c = Cmndf::new(fl, range);
        let frame: Vec<f32> = (0..fl).map(|i| ((i as f32) * 0.21).sin()).collect();
        let loud: Vec<f32> = frame.iter().map(|v| v * 80f32.exp2()).collect();
        let (mut a, mut b) = (vec![0.0; range.n_lags()], vec![0.0; range.n_lags()]);
        c.compute(&frame, &mut a);
        c.compute(&loud, &mut b);
        assert!(b.iter().all(|v| v.is_finite()));
        assert_eq!(a, b);
    }

    #[test]
    fn cmndf_matches_direct_definition() {
        const TOL: f64 = 1e-3;
        let fl = 256;
        let range = PeriodRange { min_period: 10, max_period: 100 };
        let mut c = Cmndf::new(fl, range);
        let frame: Vec<f32> = (0..fl).map(|i| ((i as f32) * 0.37).sin() + 0.3 * ((i as f32) * 1.3).cos()).collect();
        let mut out = vec![0.0; range.n_lags()];
        c.compute(&frame, &mut out);
        // direct: d(k) = 2(r0 - rk) - sum_{j<k} x_j^2 with full-frame autocorrelation
        let r = |k: usize| -> f64 { (0..fl - k).map(|j| f64::from(frame[j]) * f64::from(frame[j + k])).sum() };
        let r0 = r(0);
        let d: Vec<f64> = (0..=100)
            .map(|k| {
                if k == 0 { 0.0 } else { 2.0 * (r0 - r(k)) - (0..k).map(|j| f64::from(frame[j]).powi(2)).sum::<f64>() }
            })
            .collect();
        for tau in 10..=100 {
            let mean = d[1..=tau].iter().sum::<f64>() / tau as f64;
            let want = d[tau] / mean;
            assert!((out[tau - 10] - want).abs() < TOL * want.abs().max(1.0), "tau {tau}: {} vs {want}", out[tau - 10]);
        }
    }
}
