//! Spectral shape descriptors of the magnitude STFT: centroid, bandwidth, roll-off, flatness and
//! flux, with librosa's definitions.
//!
//! With `S[f, t] = |STFT|` (power 1) and bin frequencies `freq[f]`:
//!
//! - centroid `= sum_f freq[f] S[f, t] / sum_f S[f, t]` (`librosa.feature.spectral_centroid`;
//!   0 for a silent frame, as librosa's normalisation leaves it);
//! - bandwidth `= (sum_f S[f, t] / sum_f S[f, t] * (freq[f] - centroid)^2)^(1/2)`
//!   (`spectral_bandwidth(p=2, norm=True)`; 0 for a silent frame);
//! - roll-off = the lowest `freq[f]` whose cumulative magnitude reaches 85 % of the frame total
//!   (`spectral_rolloff(roll_percent=0.85)`, cumulative sum in `f32` as librosa; 0 for silence);
//! - flatness `= exp(mean_f ln P) / mean_f P` with `P = max(1e-10, S^2)`
//!   (`spectral_flatness(power=2, amin=1e-10)`; 1 for silence);
//! - flux `= mean_f max(0, S[f, t] - S[f, t - 1])`, and 0 for frame 0: the positive first
//!   difference of the magnitude spectrum, equal to
//!   `librosa.onset.onset_strength(S=S, lag=1, max_size=1, center=False)` (mean aggregation).

use resona_core::Result;

use super::mfcc::ln_fast;
use super::stft::{FrameScratch, Stft, StftConfig, magnitude};

/// Roll-off fraction (librosa's default `roll_percent`).
pub const ROLL_PERCENT: f32 = 0.85;
/// Power floor of the flatness (librosa's default `amin`).
pub const FLATNESS_AMIN: f32 = 1e-10;

/// Per-frame spectral shape features, each `n_frames` long.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ShapeFeatures {
    /// Spectral centroid in Hz.
    pub centroid: Vec<f32>,
    /// Spectral bandwidth (p = 2) in Hz.
    pub bandwidth: Vec<f32>,
    /// 85 % roll-off frequency in Hz.
    pub rolloff: Vec<f32>,
    /// Spectral flatness in [0, 1].
    pub flatness: Vec<f32>,
    /// Spectral flux (mean positive magnitude difference to the previous frame), >= 0.
    pub flux: Vec<f32>,
}

/// Shape features of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct ShapeFrame {
    pub(crate) centroid: f32,
    pub(crate) bandwidth: f32,
    pub(crate) rolloff: f32,
    pub(crate) flatness: f32,
    pub(crate) flux: f32,
}

/// Computes [`ShapeFeatures`] from the magnitude STFT of a planned [`Stft`].
#[derive(Debug, Clone)]
pub struct SpectralShape {
    stft: Stft,
    freqs: Vec<f64>,
}

impl SpectralShape {
    /// Validates `cfg` and plans the STFT.
    pub fn new(cfg: StftConfig) -> Result<Self> {
        let stft = Stft::new(cfg)?;
        let freqs = stft.frequencies();
        Ok(Self { stft, freqs })
    }

    /// Number of frames for `n_samples` samples.
    #[must_use]
    pub fn n_frames(&self, n_samples: usize) -> usize {
        self.stft.n_frames(n_samples)
    }

    /// The shape features of every frame of `y`.
    pub fn process(&self, y: &[f32]) -> Result<ShapeFeatures> {
        let n = self.stft.check_input(y)?;
        let mut out = ShapeFeatures {
            centroid: Vec::with_capacity(n),
            bandwidth: Vec::with_capacity(n),
            rolloff: Vec::with_capacity(n),
            flatness: Vec::with_capacity(n),
            flux: Vec::with_capacity(n),
        };
        let mut scratch = self.stft.make_scratch();
        let mut state = ShapeState::new(self.stft.n_bins());
        for t in 0..n {
            self.stft.frame_spectrum(y, t, &mut scratch)?;
            let f = state.frame(&scratch, &self.freqs);
            out.centroid.push(f.centroid);
            out.bandwidth.push(f.bandwidth);
            out.rolloff.push(f.rolloff);
            out.flatness.push(f.flatness);
            out.flux.push(f.flux);
        }
        Ok(out)
    }
}

/// The magnitude buffers a run of frames needs (the previous frame for flux).
#[derive(Debug, Clone)]
pub(crate) struct ShapeState {
    mag: Vec<f32>,
    prev: Vec<f32>,
    has_prev: bool,
}

impl ShapeState {
    pub(crate) fn new(n_bins: usize) -> Self {
        Self { mag: vec![0.0; n_bins], prev: vec![0.0; n_bins], has_prev: false }
    }

    pub(crate) fn reset(&mut self) {
        self.has_prev = false;
    }

    /// Features of the spectrum in `scratch.spectrum`; remembers its magnitude for the next flux.
    pub(crate) fn frame(&mut self, scratch: &FrameScratch, freqs: &[f64]) -> ShapeFrame {
        for (m, c) in self.mag.iter_mut().zip(&scratch.spectrum) {
            *m = magnitude(*c);
        }
        let mut f = shape_of(&self.mag, freqs);
        f.flux = if self.has_prev { flux(&self.mag, &self.prev) } else { 0.0 };
        std::mem::swap(&mut self.mag, &mut self.prev);
        self.has_prev = true;
        f
    }
}

/// Centroid, bandwidth, roll-off and flatness of one magnitude spectrum (flux left at 0).
pub(crate) fn shape_of(mag: &[f32], freqs: &[f64]) -> ShapeFrame {
    let n = mag.len().max(1) as f64;
    let mut total = 0.0f64;
    let mut weighted = 0.0f64;
    let mut log_sum = 0.0f64;
    let mut p_sum = 0.0f64;
    for (&m, &f) in mag.iter().zip(freqs) {
        let m64 = f64::from(m);
        total += m64;
        weighted += m64 * f;
        let p = (m * m).max(FLATNESS_AMIN);
        // p >= 1e-10 is a positive normal f32, the domain of the fast log.
        log_sum += ln_fast(p);
        p_sum += f64::from(p);
    }
    // librosa.util.normalize leaves a frame whose norm is below the smallest normal f32 unscaled
    // (divides by 1), so an all-zero frame has centroid and bandwidth 0.
    let norm = if total < f64::from(f32::MIN_POSITIVE) { 1.0 } else { total };
    let centroid = weighted / norm;
    let var: f64 = mag.iter().zip(freqs).map(|(&m, &f)| f64::from(m) / norm * (f - centroid) * (f - centroid)).sum();
    // Roll-off: librosa's cumulative sum and threshold are float32; reproduce their rounding.
    let total32: f32 = mag.iter().sum();
    let threshold = ROLL_PERCENT * total32;
    let mut cum = 0.0f32;
    let mut rolloff = 0.0f64;
    for (&m, &f) in mag.iter().zip(freqs) {
        cum += m;
        if cum >= threshold {
            rolloff = f;
            break;
        }
    }
    let flatness = (log_sum / n).exp() / (p_sum / n);
    ShapeFrame {
        centroid: centroid as f32,
        bandwidth: var.sqrt() as f32,
        rolloff: rolloff as f32,
        flatness: flatness as f32,
        flux: 0.0,
    }
}

/// Mean positive difference `mean_f max(0, cur[f] - prev[f])`.
pub(crate) fn flux(cur: &[f32], prev: &[f32]) -> f32 {
    let s: f64 = cur.iter().zip(prev).map(|(&c, &p)| f64::from((c - p).max(0.0))).sum();
    (s / cur.len().max(1) as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f32 = 1e-3;

    #[test]
    fn silence_has_defined_shape() {
        let s = SpectralShape::new(StftConfig::default()).unwrap().process(&[0.0; 800]).unwrap();
        assert!(s.centroid.iter().all(|&v| v == 0.0));
        assert!(s.bandwidth.iter().all(|&v| v == 0.0));
        assert!(s.rolloff.iter().all(|&v| v == 0.0));
        assert!(s.flatness.iter().all(|&v| (v - 1.0).abs() < TOL));
        assert!(s.flux.iter().all(|&v| v == 0.0));
    }

    #[test]
    fn tone_centroid_is_its_frequency() {
        let y: Vec<f32> = (0..8000).map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16000.0).sin()).collect();
        let s = SpectralShape::new(StftConfig::default()).unwrap().process(&y).unwrap();
        // Hann leakage is symmetric around an on-bin tone.
        assert!((s.centroid[20] - 1000.0).abs() < 1.0, "{}", s.centroid[20]);
        assert!(s.bandwidth[20] < 150.0, "{}", s.bandwidth[20]);
        assert!((s.rolloff[20] - 1000.0).abs() < 32.0);
        assert!(s.flatness[20] < 0.01);
        assert!(s.flux[20] < 1e-2 && s.flux[1] > 0.0);
    }
}
