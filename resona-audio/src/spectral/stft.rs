//! Short-time Fourier transform with librosa's framing (`librosa.stft`).

use std::sync::Arc;

use realfft::RealToComplex;
use realfft::num_complex::Complex;
use resona_core::{ConfigError, InputError, Result, SampleRate};

use super::window::{PadMode, Window, fill_padded, padded_window};
use crate::FeatureMatrix;

/// Largest accepted `n_fft`: 2^16 samples is 4 s at 16 kHz, far beyond any speech analysis,
/// and keeps plans and scratch buffers small on hostile configs.
pub const MAX_N_FFT: usize = 1 << 16;

/// STFT parameters, with librosa's names and meaning.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StftConfig {
    /// Sample rate of the input. Defaults to 16 kHz.
    pub sample_rate: SampleRate,
    /// FFT length in samples (2..=65536); the spectrum has `n_fft / 2 + 1` bins. Defaults to 512.
    pub n_fft: usize,
    /// Samples between frame starts (>= 1). Defaults to 160 (10 ms at 16 kHz).
    pub hop_length: usize,
    /// Window length in samples (1..=`n_fft`), centred in the FFT frame. Defaults to 400 (25 ms).
    pub win_length: usize,
    /// Analysis window. Defaults to [`Window::Hann`].
    pub window: Window,
    /// Centre frame `t` on sample `t * hop_length` by padding `n_fft / 2` samples on both sides.
    /// Defaults to `true`.
    pub center: bool,
    /// How `center` pads the edges. Defaults to [`PadMode::Constant`] (zeros).
    pub pad_mode: PadMode,
}

impl Default for StftConfig {
    fn default() -> Self {
        Self {
            sample_rate: SampleRate::HZ_16000,
            n_fft: 512,
            hop_length: 160,
            win_length: 400,
            window: Window::Hann,
            center: true,
            pad_mode: PadMode::Constant,
        }
    }
}

impl StftConfig {
    /// Sets [`StftConfig::sample_rate`].
    #[must_use]
    pub fn with_sample_rate(mut self, v: SampleRate) -> Self {
        self.sample_rate = v;
        self
    }
    /// Sets [`StftConfig::n_fft`].
    #[must_use]
    pub fn with_n_fft(mut self, v: usize) -> Self {
        self.n_fft = v;
        self
    }
    /// Sets [`StftConfig::hop_length`].
    #[must_use]
    pub fn with_hop_length(mut self, v: usize) -> Self {
        self.hop_length = v;
        self
    }
    /// Sets [`StftConfig::win_length`].
    #[must_use]
    pub fn with_win_length(mut self, v: usize) -> Self {
        self.win_length = v;
        self
    }
    /// Sets [`StftConfig::window`].
    #[must_use]
    pub fn with_window(mut self, v: Window) -> Self {
        self.window = v;
        self
    }
    /// Sets [`StftConfig::center`].
    #[must_use]
    pub fn with_center(mut self, v: bool) -> Self {
        self.center = v;
        self
    }
    /// Sets [`StftConfig::pad_mode`].
    #[must_use]
    pub fn with_pad_mode(mut self, v: PadMode) -> Self {
        self.pad_mode = v;
        self
    }

    /// Checks every rule of the config.
    pub fn validate(&self) -> Result<()> {
        if !(2..=MAX_N_FFT).contains(&self.n_fft) {
            return Err(invalid("n_fft", self.n_fft, "must be between 2 and 65536"));
        }
        if self.hop_length == 0 {
            return Err(invalid("hop_length", self.hop_length, "must be >= 1"));
        }
        if self.win_length == 0 || self.win_length > self.n_fft {
            return Err(invalid("win_length", self.win_length, "must be between 1 and n_fft"));
        }
        Ok(())
    }

    /// Number of frames for `n_samples` input samples (librosa: `1 + n_samples / hop_length`
    /// when centred with an even `n_fft`); 0 when the input is too short for one frame.
    #[must_use]
    pub fn n_frames(&self, n_samples: usize) -> usize {
        let padded = if self.center { n_samples.saturating_add(2 * (self.n_fft / 2)) } else { n_samples };
        if n_samples == 0 || padded < self.n_fft || self.hop_length == 0 {
            return 0;
        }
        1 + (padded - self.n_fft) / self.hop_length
    }
}

pub(crate) fn invalid(name: &'static str, value: impl std::fmt::Display, rule: &'static str) -> resona_core::Error {
    ConfigError::InvalidParameter { name, value: value.to_string(), rule }.into()
}

/// Scratch buffers for one FFT frame; one per caller so [`Stft`] stays `Sync`.
#[derive(Clone)]
pub(crate) struct FrameScratch {
    /// The windowed frame (`n_fft`); realfft uses it as scratch too.
    pub(crate) frame: Vec<f32>,
    /// The spectrum (`n_fft / 2 + 1` bins).
    pub(crate) spectrum: Vec<Complex<f32>>,
    fft_scratch: Vec<Complex<f32>>,
}

/// A planned STFT: the window and the FFT plan are built once in [`Stft::new`].
///
/// The FFT is computed in `f32` with realfft. librosa computes it in `f64` (its window is
/// `f64`) and rounds the result to `complex64`; the difference is far below every tolerance of
/// the golden tests (see `tests/golden_spectral.rs`).
#[derive(Clone)]
pub struct Stft {
    cfg: StftConfig,
    window: Vec<f32>,
    fft: Arc<dyn RealToComplex<f32>>,
}

impl std::fmt::Debug for Stft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stft").field("cfg", &self.cfg).finish_non_exhaustive()
    }
}

impl Stft {
    /// Validates `cfg` and plans the FFT.
    pub fn new(cfg: StftConfig) -> Result<Self> {
        cfg.validate()?;
        let window = padded_window(cfg.window, cfg.win_length, cfg.n_fft);
        let fft = crate::fft::plan_forward(cfg.n_fft);
        Ok(Self { cfg, window, fft })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &StftConfig {
        &self.cfg
    }

    /// Number of frequency bins, `n_fft / 2 + 1`.
    #[must_use]
    pub const fn n_bins(&self) -> usize {
        self.cfg.n_fft / 2 + 1
    }

    /// Number of frames for `n_samples` samples; see [`StftConfig::n_frames`].
    #[must_use]
    pub fn n_frames(&self, n_samples: usize) -> usize {
        self.cfg.n_frames(n_samples)
    }

    /// Centre frequency of each bin in Hz (`librosa.fft_frequencies`).
    #[must_use]
    pub fn frequencies(&self) -> Vec<f64> {
        fft_frequencies(self.cfg.sample_rate.get(), self.cfg.n_fft)
    }

    /// `|STFT|^power` as an `(n_fft / 2 + 1) x n_frames` matrix (power 1 = magnitude, 2 = power),
    /// as `np.abs(librosa.stft(y, ...)) ** power`.
    pub fn power(&self, y: &[f32], power: f32) -> Result<FeatureMatrix> {
        if !(power.is_finite() && power > 0.0) {
            return Err(invalid("power", power, "must be finite and > 0"));
        }
        let n_frames = self.check_input(y)?;
        let n_bins = self.n_bins();
        let mut out = FeatureMatrix::zeros(n_bins, n_frames);
        let mut scratch = self.make_scratch();
        let data = out.as_mut_slice();
        for t in 0..n_frames {
            self.frame_spectrum(y, t, &mut scratch)?;
            for (b, c) in scratch.spectrum.iter().enumerate() {
                data[b * n_frames + t] = power_of(*c, power);
            }
        }
        Ok(out)
    }

    /// Validates `y` (non-empty, finite, long enough) and returns its frame count.
    pub(crate) fn check_input(&self, y: &[f32]) -> Result<usize> {
        if y.is_empty() {
            return Err(InputError::Empty { what: "audio samples" }.into());
        }
        InputError::check_finite("audio samples", y)?;
        match self.n_frames(y.len()) {
            0 => Err(InputError::BufferTooShort { what: "audio samples", expected: self.cfg.n_fft, received: y.len() }
                .into()),
            n => Ok(n),
        }
    }

    pub(crate) fn make_scratch(&self) -> FrameScratch {
        FrameScratch {
            frame: vec![0.0; self.cfg.n_fft],
            spectrum: self.fft.make_output_vec(),
            fft_scratch: self.fft.make_scratch_vec(),
        }
    }

    /// Fills `scratch.spectrum` with the spectrum of frame `t` of `y` (padding per config).
    pub(crate) fn frame_spectrum(&self, y: &[f32], t: usize, scratch: &mut FrameScratch) -> Result<()> {
        let pad = if self.cfg.center { (self.cfg.n_fft / 2) as isize } else { 0 };
        let start = (t * self.cfg.hop_length) as isize - pad;
        fill_padded(y, start, self.cfg.pad_mode, &mut scratch.frame);
        self.spectrum_in_place(scratch)
    }

    /// Windows `scratch.frame` (already holding `n_fft` samples) and transforms it.
    pub(crate) fn spectrum_in_place(&self, scratch: &mut FrameScratch) -> Result<()> {
        for (x, w) in scratch.frame.iter_mut().zip(&self.window) {
            *x *= *w;
        }
        self.fft.process_with_scratch(&mut scratch.frame, &mut scratch.spectrum, &mut scratch.fft_scratch).map_err(
            |_| InputError::LengthMismatch {
                what: "fft frame",
                expected: self.cfg.n_fft,
                received: scratch.frame.len(),
            },
        )?;
        Ok(())
    }
}

/// `|c|^power`, with the exact square for power 2 and the magnitude for power 1.
#[inline]
pub(crate) fn power_of(c: Complex<f32>, power: f32) -> f32 {
    let p2 = c.re * c.re + c.im * c.im;
    if power == 2.0 {
        p2
    } else if power == 1.0 {
        magnitude(c)
    } else {
        magnitude(c).powf(power)
    }
}

/// `|c|`, computed in f64 so tiny values neither underflow nor lose digits (numpy uses hypotf).
#[inline]
pub(crate) fn magnitude(c: Complex<f32>) -> f32 {
    let (re, im) = (f64::from(c.re), f64::from(c.im));
    (re * re + im * im).sqrt() as f32
}

/// `np.fft.rfftfreq(n_fft, 1 / sr)`, as `librosa.fft_frequencies`.
#[must_use]
pub fn fft_frequencies(sample_rate: u32, n_fft: usize) -> Vec<f64> {
    let step = 1.0 / (n_fft as f64 * (1.0 / f64::from(sample_rate)));
    (0..=n_fft / 2).map(|i| i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f32 = 1e-4;

    #[test]
    fn frame_counts_follow_librosa() {
        let c = StftConfig::default();
        assert_eq!(c.n_frames(16000), 101);
        assert_eq!(c.n_frames(1), 1);
        assert_eq!(c.n_frames(0), 0);
        let nc = c.clone().with_center(false);
        assert_eq!(nc.n_frames(511), 0);
        assert_eq!(nc.n_frames(512), 1);
        assert_eq!(nc.n_frames(512 + 160), 2);
    }

    #[test]
    fn rejects_bad_configs() {
        for (cfg, name) in [
            (StftConfig::default().with_hop_length(0), "hop_length"),
            (StftConfig::default().with_win_length(513), "win_length"),
            (StftConfig::default().with_n_fft(1), "n_fft"),
        ] {
            match Stft::new(cfg) {
                Err(resona_core::Error::Config(ConfigError::InvalidParameter { name: n, .. })) => assert_eq!(n, name),
                other => panic!("expected {name} error, got {other:?}"),
            }
        }
    }

    #[test]
    fn sine_peaks_at_its_bin() {
        // 1 kHz at 16 kHz with n_fft 512 falls exactly on bin 32.
        let y: Vec<f32> = (0..4000).map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16000.0).sin()).collect();
        let stft = Stft::new(StftConfig::default()).unwrap();
        let m = stft.power(&y, 1.0).unwrap();
        assert_eq!(m.shape(), (257, 26));
        let col: Vec<f32> = (0..257).map(|b| m.get(b, 10).unwrap()).collect();
        let peak = col.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
        assert_eq!(peak, 32);
        // Hann window sum is 200; a unit sine puts half of it in the peak bin.
        assert!((col[32] - 100.0).abs() < 100.0 * TOL, "{}", col[32]);
    }

    #[test]
    fn input_errors_are_typed() {
        let stft = Stft::new(StftConfig::default().with_center(false)).unwrap();
        assert!(matches!(stft.power(&[], 2.0), Err(resona_core::Error::Input(InputError::Empty { .. }))));
        assert!(matches!(
            stft.power(&[0.0; 100], 2.0),
            Err(resona_core::Error::Input(InputError::BufferTooShort { expected: 512, .. }))
        ));
        assert!(matches!(
            stft.power(&[f32::NAN; 600], 2.0),
            Err(resona_core::Error::Input(InputError::NonFinite { .. }))
        ));
    }
}
