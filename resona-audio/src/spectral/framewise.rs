//! Time-domain frame features: RMS energy and zero-crossing rate, with librosa's framing.

use resona_core::{InputError, Result};

use super::stft::invalid;

/// Framing of the time-domain features, with librosa's names and defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FrameConfig {
    /// Samples per frame (>= 1). Defaults to 2048 (librosa's default).
    pub frame_length: usize,
    /// Samples between frame starts (>= 1). Defaults to 512 (librosa's default).
    pub hop_length: usize,
    /// Centre frame `t` on sample `t * hop_length` by padding `frame_length / 2` samples on both
    /// sides (zeros for RMS, edge samples for ZCR, as librosa). Defaults to `true`.
    pub center: bool,
}

impl Default for FrameConfig {
    fn default() -> Self {
        Self { frame_length: 2048, hop_length: 512, center: true }
    }
}

impl FrameConfig {
    /// Sets [`FrameConfig::frame_length`].
    #[must_use]
    pub fn with_frame_length(mut self, v: usize) -> Self {
        self.frame_length = v;
        self
    }
    /// Sets [`FrameConfig::hop_length`].
    #[must_use]
    pub fn with_hop_length(mut self, v: usize) -> Self {
        self.hop_length = v;
        self
    }
    /// Sets [`FrameConfig::center`].
    #[must_use]
    pub fn with_center(mut self, v: bool) -> Self {
        self.center = v;
        self
    }

    /// Number of frames for `n_samples` samples (0 when too short for one frame).
    #[must_use]
    pub fn n_frames(&self, n_samples: usize) -> usize {
        let padded = if self.center { n_samples.saturating_add(2 * (self.frame_length / 2)) } else { n_samples };
        if n_samples == 0 || self.hop_length == 0 || self.frame_length == 0 || padded < self.frame_length {
            return 0;
        }
        1 + (padded - self.frame_length) / self.hop_length
    }

    /// Validates the config and `y`, returning the frame count and the left padding.
    fn check(&self, y: &[f32]) -> Result<(usize, usize)> {
        if self.frame_length == 0 {
            return Err(invalid("frame_length", self.frame_length, "must be >= 1"));
        }
        if self.hop_length == 0 {
            return Err(invalid("hop_length", self.hop_length, "must be >= 1"));
        }
        if y.is_empty() {
            return Err(InputError::Empty { what: "audio samples" }.into());
        }
        InputError::check_finite("audio samples", y)?;
        match self.n_frames(y.len()) {
            0 => Err(InputError::BufferTooShort {
                what: "audio samples",
                expected: self.frame_length,
                received: y.len(),
            }
            .into()),
            n => Ok((n, if self.center { self.frame_length / 2 } else { 0 })),
        }
    }
}

/// Root-mean-square energy per frame, as `librosa.feature.rms(y=y, frame_length, hop_length,
/// center)`: `sqrt(mean(x^2))` over each frame, with zero padding when centred. Sums are
/// accumulated in `f64`.
pub fn rms(y: &[f32], cfg: &FrameConfig) -> Result<Vec<f32>> {
    let (n, pad) = cfg.check(y)?;
    Ok((0..n).map(|t| frame_rms(y, (t * cfg.hop_length) as isize - pad as isize, cfg.frame_length)).collect())
}

/// Zero-crossing rate per frame, as `librosa.feature.zero_crossing_rate(y, frame_length,
/// hop_length, center)`: the fraction of the `frame_length` sample pairs `(x[i-1], x[i])` of the
/// frame whose sign bits differ, after values with `|x| <= 1e-10` are set to +0
/// (`librosa.zero_crossings(threshold=1e-10, zero_pos=True, pad=False)`). Centring pads with the
/// edge samples (`mode="edge"`), which adds no crossings.
pub fn zero_crossing_rate(y: &[f32], cfg: &FrameConfig) -> Result<Vec<f32>> {
    let (n, pad) = cfg.check(y)?;
    Ok((0..n).map(|t| frame_zcr(y, (t * cfg.hop_length) as isize - pad as isize, cfg.frame_length, y.len())).collect())
}

/// RMS of `y[start..start + len]`, zeros outside `y`.
pub(crate) fn frame_rms(y: &[f32], start: isize, len: usize) -> f32 {
    let lo = start.max(0) as usize;
    let hi = ((start + len as isize).max(0) as usize).min(y.len());
    (sum_of_squares(y.get(lo..hi).unwrap_or(&[])) / len as f64).sqrt() as f32
}

/// Largest absolute value of a slice (0 for an empty one; NaNs are passed over, as by
/// `f32::max`), over eight lanes of selects so the loop vectorises. A maximum does not depend on
/// the order of comparison, so this equals a sequential fold.
pub(crate) fn max_abs(x: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let chunks = x.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (m, &v) in lanes.iter_mut().zip(c) {
            let a = v.abs();
            *m = if a > *m { a } else { *m };
        }
    }
    rest.iter().chain(&lanes).fold(0.0f32, |m, &v| if v.abs() > m { v.abs() } else { m })
}

/// `sum(x^2)` in `f64`, over eight interleaved partial sums so the loop vectorises (one running
/// sum is a chain of dependent additions, four times slower). The summation order is fixed by
/// the code, not by the SIMD width, so every target gives the same bits.
#[inline]
fn sum_of_squares(x: &[f32]) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a += f64::from(v) * f64::from(v);
        }
    }
    let mut sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for &v in tail {
        sum += f64::from(v) * f64::from(v);
    }
    sum
}

/// Threshold below which librosa treats a sample as zero.
const ZC_THRESHOLD: f32 = 1e-10;

#[inline]
fn negative(x: f32) -> bool {
    x < -ZC_THRESHOLD
}

/// ZCR of the frame `[start, start + len)` of a signal whose known real samples are
/// `y[..n_real]`; edge padding outside adds no crossings.
pub(crate) fn frame_zcr(y: &[f32], start: isize, len: usize, n_real: usize) -> f32 {
    let lo = start.max(0) as usize;
    let hi = ((start + len as isize).max(0) as usize).min(n_real).min(y.len());
    let seg = y.get(lo..hi).unwrap_or(&[]);
    // Sign pairs as 0/1 summed in u32: a loop that vectorises, unlike `windows(2).filter`.
    let crossings: u32 = match seg.split_first() {
        Some((_, rest)) => seg.iter().zip(rest).map(|(&a, &b)| u32::from(negative(a) != negative(b))).sum(),
        None => 0,
    };
    (f64::from(crossings) / len as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f32 = 1e-6;

    #[test]
    fn rms_of_a_constant() {
        let y = vec![0.5f32; 4096];
        let cfg = FrameConfig::default();
        let r = rms(&y, &cfg).unwrap();
        assert_eq!(r.len(), 1 + 4096 / 512);
        // Frame 0 is half padding: sqrt(0.25 * 1024 / 2048).
        assert!((r[0] - (0.125f32).sqrt()).abs() < TOL);
        assert!((r[4] - 0.5).abs() < TOL);
    }

    #[test]
    fn sum_of_squares_matches_a_plain_sum() {
        // Lengths around the 8-lane chunking, values with many significant bits.
        for n in [0usize, 1, 7, 8, 9, 15, 16, 17, 400, 401] {
            let x: Vec<f32> = (0..n).map(|i| ((i * 7919 % 1000) as f32 - 500.0) / 333.0).collect();
            let plain: f64 = x.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
            let fast = sum_of_squares(&x);
            assert!((fast - plain).abs() <= 1e-12 * plain.max(1.0), "n {n}: {fast} vs {plain}");
        }
    }

    #[test]
    fn zcr_of_alternating_signs() {
        let y: Vec<f32> = (0..64).map(|i| if i % 2 == 0 { 1.0 } else { -1.0 }).collect();
        let cfg = FrameConfig::default().with_frame_length(16).with_hop_length(16).with_center(false);
        let z = zero_crossing_rate(&y, &cfg).unwrap();
        // 15 crossings among 16 samples (pad=False: the first sample has no predecessor).
        assert!(z.iter().all(|v| (v - 15.0 / 16.0).abs() < TOL), "{z:?}");
        // Tiny negative values count as zero.
        let tiny = [1.0, -1e-12, 1.0, -1e-12];
        let z = zero_crossing_rate(&tiny, &cfg.with_frame_length(4).with_hop_length(1)).unwrap();
        assert_eq!(z, vec![0.0]);
    }

    #[test]
    fn short_and_empty_inputs_error() {
        let cfg = FrameConfig::default().with_center(false);
        assert!(rms(&[0.0; 100], &cfg).is_err());
        assert!(zero_crossing_rate(&[], &FrameConfig::default()).is_err());
        assert!(rms(&[0.0; 10], &FrameConfig::default().with_hop_length(0)).is_err());
    }
}
