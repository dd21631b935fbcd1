//! YIN fundamental frequency estimation, as `librosa.yin` (librosa 0.11.0).
//!
//! De Cheveigné & Kawahara (2002), "YIN, a fundamental frequency estimator for speech and
//! music", JASA 111(4). Per frame: the cumulative mean normalised difference function (CMNDF),
//! the first local minimum below `trough_threshold` (or the global minimum when there is none),
//! refined by parabolic interpolation. Like librosa, YIN returns a value on every frame, also on
//! silence and noise; use [`Pyin`](crate::pitch::Pyin) for a voicing decision.

use super::frames::{Cmndf, check_signal, check_yin_params, frame_at, invalid, is_trough, n_frames, parabolic_shift};
use resona_core::{InputError, Result, SampleRate};

/// Settings of [`Yin`], named and defaulted like `librosa.yin` except for the speech-oriented
/// Resona defaults noted per field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct YinConfig {
    /// Sample rate of the input. Defaults to 16 kHz.
    pub sample_rate: SampleRate,
    /// Lowest frequency searched, Hz; `sample_rate / fmin` must be `< frame_length - 1`.
    /// Defaults to 65.0 (librosa's recommended C2).
    pub fmin: f32,
    /// Highest frequency searched, Hz; `fmin < fmax <= sample_rate / 2`. Defaults to 600.0.
    pub fmax: f32,
    /// Frame length in samples. Defaults to 1024 (64 ms at 16 kHz).
    pub frame_length: usize,
    /// Kept for librosa signature compatibility: deprecated in librosa 0.11.0, where it has no
    /// effect (the whole frame is used); the same holds here. Must be `<= frame_length` when
    /// given. Defaults to `None`.
    pub win_length: Option<usize>,
    /// Samples between frames; `None` means `frame_length / 4`. Defaults to `Some(160)` (10 ms).
    pub hop_length: Option<usize>,
    /// Absolute CMNDF threshold for a trough to be taken as the period. Defaults to 0.1.
    pub trough_threshold: f32,
    /// Zero-pad `frame_length / 2` samples on both sides so frame `t` is centred on sample
    /// `t * hop`. Defaults to `true`.
    pub center: bool,
}

impl Default for YinConfig {
    fn default() -> Self {
        Self {
            sample_rate: SampleRate::HZ_16000,
            fmin: 65.0,
            fmax: 600.0,
            frame_length: 1024,
            win_length: None,
            hop_length: Some(160),
            trough_threshold: 0.1,
            center: true,
        }
    }
}

macro_rules! setter {
    ($(#[$m:meta])* $name:ident, $field:ident: $t:ty) => {
        $(#[$m])*
        #[must_use]
        pub fn $name(mut self, v: $t) -> Self {
            self.$field = v;
            self
        }
    };
}
pub(crate) use setter;

impl YinConfig {
    setter!(/// Sets [`YinConfig::sample_rate`].
        with_sample_rate, sample_rate: SampleRate);
    setter!(/// Sets [`YinConfig::fmin`].
        with_fmin, fmin: f32);
    setter!(/// Sets [`YinConfig::fmax`].
        with_fmax, fmax: f32);
    setter!(/// Sets [`YinConfig::frame_length`].
        with_frame_length, frame_length: usize);
    setter!(/// Sets [`YinConfig::win_length`].
        with_win_length, win_length: Option<usize>);
    setter!(/// Sets [`YinConfig::hop_length`].
        with_hop_length, hop_length: Option<usize>);
    setter!(/// Sets [`YinConfig::trough_threshold`].
        with_trough_threshold, trough_threshold: f32);
    setter!(/// Sets [`YinConfig::center`].
        with_center, center: bool);
}

/// Resolves and validates the hop (`None` = `frame_length / 4`) and the ignored `win_length`.
pub(crate) fn resolve_hop(frame_length: usize, win_length: Option<usize>, hop_length: Option<usize>) -> Result<usize> {
    if let Some(w) = win_length {
        if w == 0 || w > frame_length {
            return Err(invalid("win_length", w, "must be in 1..=frame_length").into());
        }
    }
    let hop = hop_length.unwrap_or(frame_length / 4);
    if hop == 0 {
        return Err(invalid("hop_length", hop, "must be >= 1").into());
    }
    Ok(hop)
}

/// A planned YIN estimator. Build once with [`Yin::new`], run on many signals.
#[derive(Debug, Clone)]
pub struct Yin {
    cfg: YinConfig,
    hop: usize,
    sr: f64,
    cmndf: Cmndf,
    frame: Vec<f32>,
    lags: Vec<f64>,
}

impl Yin {
    /// Validates `cfg` (librosa's `__check_yin_params` rules, as [`resona_core::ConfigError`]) and plans the FFTs.
    pub fn new(cfg: YinConfig) -> Result<Self> {
        let sr = f64::from(cfg.sample_rate.get());
        let range = check_yin_params(sr, cfg.fmin, cfg.fmax, cfg.frame_length)?;
        let hop = resolve_hop(cfg.frame_length, cfg.win_length, cfg.hop_length)?;
        if !cfg.trough_threshold.is_finite() || cfg.trough_threshold <= 0.0 {
            return Err(invalid("trough_threshold", cfg.trough_threshold, "must be finite and > 0").into());
        }
        Ok(Self {
            hop,
            sr,
            cmndf: Cmndf::new(cfg.frame_length, range),
            frame: vec![0.0; cfg.frame_length],
            lags: vec![0.0; range.n_lags()],
            cfg,
        })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &YinConfig {
        &self.cfg
    }

    /// The resolved hop length in samples.
    #[must_use]
    pub const fn hop_length(&self) -> usize {
        self.hop
    }

    /// Number of frames for `n` input samples (librosa's framing; 0 when the input is too short
    /// for one frame with `center = false`).
    #[must_use]
    pub fn n_frames(&self, n: usize) -> usize {
        n_frames(n, self.cfg.frame_length, self.hop, self.cfg.center)
    }

    /// f0 in Hz for every frame, as `librosa.yin`.
    ///
    /// # Errors
    /// [`InputError::Empty`] for no samples, [`InputError::NonFinite`] for NaN/inf samples,
    /// [`InputError::BufferTooShort`] when `center = false` and `y` is shorter than one frame.
    pub fn process(&mut self, y: &[f32]) -> Result<Vec<f32>> {
        check_signal(y)?;
        let mut out = vec![0.0; self.n_frames(y.len())];
        self.process_into(y, &mut out)?;
        Ok(out)
    }

    /// Allocation-free form of [`Yin::process`]: writes `n_frames(y.len())` values into `out`
    /// and returns how many.
    ///
    /// # Errors
    /// As [`Yin::process`], plus [`InputError::BufferTooShort`] when `out` is too small.
    pub fn process_into(&mut self, y: &[f32], out: &mut [f32]) -> Result<usize> {
        check_signal(y)?;
        let n = self.n_frames(y.len());
        if n == 0 {
            return Err(InputError::BufferTooShort {
                what: "audio samples",
                expected: self.cfg.frame_length,
                received: y.len(),
            }
            .into());
        }
        if out.len() < n {
            return Err(InputError::BufferTooShort { what: "yin output", expected: n, received: out.len() }.into());
        }
        let mut frame = std::mem::take(&mut self.frame);
        for (t, o) in out.iter_mut().take(n).enumerate() {
            *o = self.frame_f0_unchecked(frame_at(y, t, self.hop, self.cfg.center, &mut frame));
        }
        self.frame = frame;
        Ok(n)
    }

    /// f0 of one `frame_length` window (for streams that frame the signal themselves).
    ///
    /// # Errors
    /// [`InputError::LengthMismatch`] unless `frame.len() == frame_length`;
    /// [`InputError::NonFinite`] for NaN/inf samples.
    pub fn frame_f0(&mut self, frame: &[f32]) -> Result<f32> {
        if frame.len() != self.cfg.frame_length {
            return Err(InputError::LengthMismatch {
                what: "yin frame",
                expected: self.cfg.frame_length,
                received: frame.len(),
            }
            .into());
        }
        InputError::check_finite("yin frame", frame)?;
        Ok(self.frame_f0_unchecked(frame))
    }

    fn frame_f0_unchecked(&mut self, frame: &[f32]) -> f32 {
        self.cmndf.compute(frame, &mut self.lags);
        let x = &self.lags;
        let thr = f64::from(self.cfg.trough_threshold);
        let idx = first_trough_below(x, thr).unwrap_or_else(|| argmin(x));
        let period = self.cmndf.range().min_period as f64 + idx as f64 + parabolic_shift(x, idx);
        #[allow(clippy::cast_possible_truncation)]
        let f0 = (self.sr / period) as f32;
        f0
    }
}

/// First trough (`is_trough`) below `thr`. Blocks of eight lags with none below the threshold,
/// almost all of them, are passed over with one vectorised test.
fn first_trough_below(x: &[f64], thr: f64) -> Option<usize> {
    const BLOCK: usize = 8;
    for (b, block) in x.chunks(BLOCK).enumerate() {
        if block.iter().fold(false, |any, &v| any | (v < thr)) {
            let start = b * BLOCK;
            if let Some(i) = (start..start + block.len()).find(|&i| x[i] < thr && is_trough(x, i)) {
                return Some(i);
            }
        }
    }
    None
}

/// First index of the minimum (numpy `argmin`; NaN never occurs for finite input): the minimum
/// over four independent lanes (a select each, which vectorises), then its first position.
pub(crate) fn argmin(x: &[f64]) -> usize {
    let mut lanes = [f64::INFINITY; 4];
    let chunks = x.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for (m, &v) in lanes.iter_mut().zip(c) {
            *m = if v < *m { v } else { *m };
        }
    }
    let min = rest.iter().chain(&lanes).fold(f64::INFINITY, |m, &v| if v < m { v } else { m });
    x.iter().position(|&v| v == min).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(f: f32, n: usize) -> Vec<f32> {
        (0..n).map(|i| 0.5 * (2.0 * std::f32::consts::PI * f * i as f32 / 16000.0).sin()).collect()
    }

    #[test]
    fn finds_tone_frequency() {
        const CENTS_TOL: f32 = 10.0; // parabolic interpolation bias of YIN on a pure tone (~5 cents here)
        let mut yin = Yin::new(YinConfig::default()).unwrap();
        let f0 = yin.process(&tone(220.0, 16000)).unwrap();
        assert_eq!(f0.len(), 1 + 16000 / 160);
        for &f in &f0[10..90] {
            assert!((1200.0 * (f / 220.0).log2()).abs() < CENTS_TOL, "{f}");
        }
    }

    #[test]
    fn trough_search_and_argmin_match_their_definitions() {
        // Coarse values, so ties and equal neighbours are common.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for len in [1usize, 2, 7, 8, 9, 33, 247] {
            for _ in 0..200 {
                let x: Vec<f64> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state % 6) as f64 * 0.05
                    })
                    .collect();
                let naive_first = (0..len).find(|&i| is_trough(&x, i) && x[i] < 0.1);
                assert_eq!(first_trough_below(&x, 0.1), naive_first, "{x:?}");
                let naive_min = (0..len).fold(0, |b, i| if x[i] < x[b] { i } else { b });
                assert_eq!(argmin(&x), naive_min, "{x:?}");
            }
        }
    }

    #[test]
    fn validation_mirrors_librosa() {
        let bad = [
            YinConfig::default().with_fmin(0.0),
            YinConfig::default().with_fmin(700.0),
            YinConfig::default().with_fmax(9000.0),
            YinConfig::default().with_fmin(15.0), // 16000/15 >= 1023
            YinConfig::default().with_hop_length(Some(0)),
            YinConfig::default().with_win_length(Some(4096)),
            YinConfig::default().with_trough_threshold(f32::NAN),
        ];
        for cfg in bad {
            assert_eq!(Yin::new(cfg.clone()).unwrap_err().code(), "invalid_parameter", "{cfg:?}");
        }
    }

    #[test]
    fn input_errors_are_typed() {
        let mut yin = Yin::new(YinConfig::default()).unwrap();
        assert_eq!(yin.process(&[]).unwrap_err().code(), "empty");
        assert_eq!(yin.process(&[0.0, f32::NAN]).unwrap_err().code(), "non_finite");
        let mut short = Yin::new(YinConfig::default().with_center(false)).unwrap();
        assert_eq!(short.process(&[0.0; 100]).unwrap_err().code(), "buffer_too_short");
        assert_eq!(yin.frame_f0(&[0.0; 10]).unwrap_err().code(), "length_mismatch");
    }
}
