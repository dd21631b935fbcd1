//! Mel filterbank and mel spectrogram (`librosa.filters.mel`, `librosa.feature.melspectrogram`).

use resona_core::Result;

use super::stft::{FrameScratch, Stft, StftConfig, fft_frequencies, invalid, power_of};
use crate::FeatureMatrix;

/// Normalisation of the mel filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum MelNorm {
    /// Slaney's area normalisation: each triangle is scaled by `2 / (f_right - f_left)`, so every
    /// band has the same area (librosa's default `norm="slaney"`).
    #[default]
    Slaney,
    /// No normalisation: triangles peak at 1 (`norm=None`).
    None,
}

/// Mel spectrogram parameters, with librosa's names and meaning.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MelConfig {
    /// The STFT the filters apply to. Defaults to [`StftConfig::default`].
    pub stft: StftConfig,
    /// Number of mel bands (>= 1; every band must cover at least one FFT bin). Defaults to 40.
    pub n_mels: usize,
    /// Lowest filter edge in Hz (>= 0, < the effective `fmax`). Defaults to 0.0.
    pub fmin: f32,
    /// Highest filter edge in Hz (<= sample_rate / 2); `None` means sample_rate / 2. Defaults to `None`.
    pub fmax: Option<f32>,
    /// Use the HTK mel formula `2595 log10(1 + f / 700)` instead of Slaney's. Defaults to `false`.
    pub htk: bool,
    /// Filter normalisation. Defaults to [`MelNorm::Slaney`].
    pub norm: MelNorm,
    /// Exponent of the magnitude spectrum (1 = energy, 2 = power). Defaults to 2.0.
    pub power: f32,
}

impl Default for MelConfig {
    fn default() -> Self {
        Self {
            stft: StftConfig::default(),
            n_mels: 40,
            fmin: 0.0,
            fmax: None,
            htk: false,
            norm: MelNorm::Slaney,
            power: 2.0,
        }
    }
}

impl MelConfig {
    /// Sets [`MelConfig::stft`].
    #[must_use]
    pub fn with_stft(mut self, v: StftConfig) -> Self {
        self.stft = v;
        self
    }
    /// Sets [`MelConfig::n_mels`].
    #[must_use]
    pub fn with_n_mels(mut self, v: usize) -> Self {
        self.n_mels = v;
        self
    }
    /// Sets [`MelConfig::fmin`].
    #[must_use]
    pub fn with_fmin(mut self, v: f32) -> Self {
        self.fmin = v;
        self
    }
    /// Sets [`MelConfig::fmax`].
    #[must_use]
    pub fn with_fmax(mut self, v: Option<f32>) -> Self {
        self.fmax = v;
        self
    }
    /// Sets [`MelConfig::htk`].
    #[must_use]
    pub fn with_htk(mut self, v: bool) -> Self {
        self.htk = v;
        self
    }
    /// Sets [`MelConfig::norm`].
    #[must_use]
    pub fn with_norm(mut self, v: MelNorm) -> Self {
        self.norm = v;
        self
    }
    /// Sets [`MelConfig::power`].
    #[must_use]
    pub fn with_power(mut self, v: f32) -> Self {
        self.power = v;
        self
    }
}

/// Hz to mel (`librosa.hz_to_mel`): HTK's formula, or Slaney's (linear below 1 kHz, log above).
#[must_use]
pub fn hz_to_mel(hz: f64, htk: bool) -> f64 {
    if htk {
        return 2595.0 * (1.0 + hz / 700.0).log10();
    }
    // Slaney's Auditory Toolbox constants, as in librosa.
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    if hz >= min_log_hz { min_log_mel + (hz / min_log_hz).ln() / logstep } else { hz / f_sp }
}

/// Mel to Hz (`librosa.mel_to_hz`), the inverse of [`hz_to_mel`].
#[must_use]
pub fn mel_to_hz(mel: f64, htk: bool) -> f64 {
    if htk {
        return 700.0 * (10f64.powf(mel / 2595.0) - 1.0);
    }
    let f_sp = 200.0 / 3.0;
    let min_log_hz = 1000.0;
    let min_log_mel = min_log_hz / f_sp;
    let logstep = 6.4f64.ln() / 27.0;
    if mel >= min_log_mel { min_log_hz * (logstep * (mel - min_log_mel)).exp() } else { f_sp * mel }
}

/// A mel filterbank stored sparsely: for each band the first bin and its non-zero weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filterbank {
    /// `(first bin, offset into weights, length)` per band.
    bands: Vec<(usize, usize, usize)>,
    weights: Vec<f32>,
    dense: FeatureMatrix,
}

impl Filterbank {
    /// Builds the filters of `cfg` exactly as `librosa.filters.mel(dtype=np.float32)`.
    pub(crate) fn new(cfg: &MelConfig) -> Result<Self> {
        cfg.stft.validate()?;
        let sr = cfg.stft.sample_rate.get();
        let nyquist = f64::from(sr) / 2.0;
        if cfg.n_mels == 0 || cfg.n_mels > 4096 {
            return Err(invalid("n_mels", cfg.n_mels, "must be between 1 and 4096"));
        }
        if !(cfg.fmin.is_finite() && cfg.fmin >= 0.0) {
            return Err(invalid("fmin", cfg.fmin, "must be finite and >= 0"));
        }
        let fmax = match cfg.fmax {
            None => nyquist,
            Some(f) if f.is_finite() && f64::from(f) <= nyquist => f64::from(f),
            Some(f) => return Err(invalid("fmax", f, "must be finite and <= sample_rate / 2")),
        };
        let fmin = f64::from(cfg.fmin);
        if fmin >= fmax {
            return Err(invalid("fmin", cfg.fmin, "must be < fmax"));
        }
        if !(cfg.power.is_finite() && cfg.power > 0.0) {
            return Err(invalid("power", cfg.power, "must be finite and > 0"));
        }
        let n_fft = cfg.stft.n_fft;
        let n_bins = n_fft / 2 + 1;
        let fftfreqs = fft_frequencies(sr, n_fft);
        let mel_f = mel_frequencies(cfg.n_mels + 2, fmin, fmax, cfg.htk);
        let mut dense = FeatureMatrix::zeros(cfg.n_mels, n_bins);
        let data = dense.as_mut_slice();
        for i in 0..cfg.n_mels {
            let (lo, mid, hi) = (mel_f[i], mel_f[i + 1], mel_f[i + 2]);
            let (fdiff_lo, fdiff_hi) = (mid - lo, hi - mid);
            let enorm = match cfg.norm {
                MelNorm::Slaney => 2.0 / (hi - lo),
                MelNorm::None => 1.0,
            };
            let mut max_w = 0.0f32;
            for (b, &f) in fftfreqs.iter().enumerate() {
                // librosa: lower = -(mel_f[i] - f) / fdiff[i]; upper = (mel_f[i+2] - f) / fdiff[i+1]
                let lower = -(lo - f) / fdiff_lo;
                let upper = (hi - f) / fdiff_hi;
                let w = 0f64.max(lower.min(upper));
                // librosa stores the triangle in float32, then multiplies by enorm (f64) and
                // stores float32 again: reproduce both roundings.
                let w32 = w as f32;
                let v = if matches!(cfg.norm, MelNorm::Slaney) { (f64::from(w32) * enorm) as f32 } else { w32 };
                data[i * n_bins + b] = v;
                max_w = max_w.max(v);
            }
            // librosa warns "Empty filters detected" for a band with no bin unless its lower edge
            // is 0 Hz; a filter that sees nothing is a configuration error here.
            if mel_f[i] != 0.0 && max_w <= 0.0 {
                return Err(invalid("n_mels", cfg.n_mels, "too large for n_fft: some mel bands contain no FFT bin"));
            }
        }
        let mut bands = Vec::with_capacity(cfg.n_mels);
        let mut weights = Vec::new();
        for i in 0..cfg.n_mels {
            let row = &data[i * n_bins..(i + 1) * n_bins];
            let first = row.iter().position(|&w| w != 0.0).unwrap_or(0);
            let last = row.iter().rposition(|&w| w != 0.0).map_or(first, |l| l + 1);
            bands.push((first, weights.len(), last - first));
            weights.extend_from_slice(&row[first..last]);
        }
        Ok(Self { bands, weights, dense })
    }

    pub(crate) fn n_mels(&self) -> usize {
        self.bands.len()
    }

    pub(crate) fn dense(&self) -> &FeatureMatrix {
        &self.dense
    }

    /// `out[m] = sum_b weights[m, b] * spec[b]` for every band.
    #[inline]
    pub(crate) fn apply(&self, spec: &[f32], out: &mut [f32]) {
        for (o, &(start, off, len)) in out.iter_mut().zip(&self.bands) {
            let (Some(s), Some(w)) = (spec.get(start..start + len), self.weights.get(off..off + len)) else {
                *o = 0.0;
                continue;
            };
            *o = dot(s, w);
        }
    }
}

/// Dot product with eight independent accumulators, so the compiler vectorises it.
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut tail = 0.0f32;
    for (x, y) in ra.iter().zip(rb) {
        tail += x * y;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

/// `librosa.mel_frequencies(n, fmin, fmax, htk)`: `n` points evenly spaced on the mel scale.
fn mel_frequencies(n: usize, fmin: f64, fmax: f64, htk: bool) -> Vec<f64> {
    let (lo, hi) = (hz_to_mel(fmin, htk), hz_to_mel(fmax, htk));
    // np.linspace: start + i * step, with the last point set exactly to stop.
    let step = (hi - lo) / (n - 1) as f64;
    (0..n).map(|i| if i + 1 == n { hi } else { lo + i as f64 * step }).map(|m| mel_to_hz(m, htk)).collect()
}

/// Mel spectrogram: `librosa.feature.melspectrogram(y, sr, n_fft, hop_length, win_length, window,
/// center, pad_mode, power, n_mels, fmin, fmax, htk, norm)`.
#[derive(Debug, Clone)]
pub struct MelSpectrogram {
    cfg: MelConfig,
    stft: Stft,
    bank: Filterbank,
}

impl MelSpectrogram {
    /// Validates `cfg`, plans the STFT and builds the filterbank.
    pub fn new(cfg: MelConfig) -> Result<Self> {
        let bank = Filterbank::new(&cfg)?;
        let stft = Stft::new(cfg.stft.clone())?;
        Ok(Self { cfg, stft, bank })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &MelConfig {
        &self.cfg
    }

    /// The filters as an `n_mels x (n_fft / 2 + 1)` matrix (equal to `librosa.filters.mel`).
    #[must_use]
    pub fn filters(&self) -> &FeatureMatrix {
        self.bank.dense()
    }

    /// Number of frames for `n_samples` samples.
    #[must_use]
    pub fn n_frames(&self, n_samples: usize) -> usize {
        self.stft.n_frames(n_samples)
    }

    /// The `n_mels x n_frames` mel spectrogram of `y`.
    pub fn process(&self, y: &[f32]) -> Result<FeatureMatrix> {
        let n_frames = self.stft.check_input(y)?;
        let n_mels = self.bank.n_mels();
        let mut out = FeatureMatrix::zeros(n_mels, n_frames);
        let mut scratch = MelScratch::new(self);
        let data = out.as_mut_slice();
        for t in 0..n_frames {
            let col = self.frame(y, t, &mut scratch)?;
            for (m, v) in col.iter().enumerate() {
                data[m * n_frames + t] = *v;
            }
        }
        Ok(out)
    }

    pub(crate) fn stft(&self) -> &Stft {
        &self.stft
    }

    /// Mel energies of frame `t` of `y`, in `scratch.mel`.
    pub(crate) fn frame<'s>(&self, y: &[f32], t: usize, scratch: &'s mut MelScratch) -> Result<&'s [f32]> {
        self.stft.frame_spectrum(y, t, &mut scratch.fft)?;
        Ok(self.mel_of_spectrum(scratch))
    }

    /// Mel energies of the spectrum already in `scratch.fft.spectrum`.
    pub(crate) fn mel_of_spectrum<'s>(&self, scratch: &'s mut MelScratch) -> &'s [f32] {
        let p = self.cfg.power;
        if p == 2.0 {
            // The common case, as a branch-free loop the compiler vectorises.
            for (o, c) in scratch.power.iter_mut().zip(&scratch.fft.spectrum) {
                *o = c.re * c.re + c.im * c.im;
            }
        } else {
            for (o, c) in scratch.power.iter_mut().zip(&scratch.fft.spectrum) {
                *o = power_of(*c, p);
            }
        }
        self.bank.apply(&scratch.power, &mut scratch.mel);
        &scratch.mel
    }
}

/// Per-caller buffers for [`MelSpectrogram`].
#[derive(Clone)]
pub(crate) struct MelScratch {
    pub(crate) fft: FrameScratch,
    pub(crate) power: Vec<f32>,
    pub(crate) mel: Vec<f32>,
}

impl MelScratch {
    pub(crate) fn new(m: &MelSpectrogram) -> Self {
        Self { fft: m.stft.make_scratch(), power: vec![0.0; m.stft.n_bins()], mel: vec![0.0; m.bank.n_mels()] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-9;

    #[test]
    fn mel_scales_round_trip() {
        for htk in [false, true] {
            for hz in [0.0, 100.0, 999.0, 1000.0, 4000.0, 8000.0] {
                assert!((mel_to_hz(hz_to_mel(hz, htk), htk) - hz).abs() < TOL * hz.max(1.0));
            }
        }
        // Slaney: 1 kHz is mel 15.
        assert!((hz_to_mel(1000.0, false) - 15.0).abs() < TOL);
    }

    #[test]
    fn too_many_mels_is_an_error() {
        let cfg =
            MelConfig::default().with_n_mels(128).with_stft(StftConfig::default().with_n_fft(256).with_win_length(256));
        match MelSpectrogram::new(cfg) {
            Err(resona_core::Error::Config(resona_core::ConfigError::InvalidParameter { name, .. })) => {
                assert_eq!(name, "n_mels");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sparse_matches_dense() {
        let m = MelSpectrogram::new(MelConfig::default()).unwrap();
        let spec: Vec<f32> = (0..257).map(|i| (i as f32 * 0.37).sin().abs()).collect();
        let mut sparse = vec![0.0; 40];
        m.bank.apply(&spec, &mut sparse);
        for (i, s) in sparse.iter().enumerate() {
            let row = &m.filters().as_slice()[i * 257..(i + 1) * 257];
            let d: f64 = row.iter().zip(&spec).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum();
            assert!((f64::from(*s) - d).abs() < 1e-5 * d.abs().max(1.0));
        }
    }
}
