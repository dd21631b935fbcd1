//! Voice activity detection: a per-frame speech probability and merged speech segments, for a
//! whole buffer ([`Vad`]) or a stream ([`VadStream`]); both run the same causal code, so the
//! stream gives the same probabilities and segments as the whole buffer for any chunking.
//!
//! # Frame score
//! Frame `i` holds samples `[i*hop, i*hop + frame_length)` (no centring, no padding; a partial
//! last frame is dropped). Three features are computed per frame:
//!
//! - `dE`: log energy (mean square after removing the frame mean, smoothed by a one-pole
//!   filter of coefficient 0.5 across frames, in dB) above an adaptive noise floor. The floor follows the frame energy down at once and rises at most
//!   [`VadConfig::floor_rise_db_per_s`] (a minimum tracker in the spirit of Martin's minimum
//!   statistics), starting at the first frame's energy.
//! - `r`: periodicity, the largest normalised autocorrelation of the frame for lags of
//!   60-400 Hz (voiced speech 0.6-0.95, white noise about 0.15).
//! - `F`: spectral flatness (geometric over arithmetic mean of the Hann-windowed power
//!   spectrum, 100-4,000 Hz): about 0.56 for white noise, 0.01-0.1 for voiced speech.
//!
//! The score is `z = 0.5*(dE - 7) + g*(4*(r - 0.5) + (-log10(F) - 1))` with
//! `g = clamp(dE/7, 0, 1)`, so spectral evidence only counts once the frame is louder than the
//! floor (a stationary hum is tonal and periodic but stays at the floor), and the speech
//! probability is the logistic `1 / (1 + exp(-z))`.
//!
//! # Segments
//! Runs of frames with probability `>= threshold` form segments. A segment closes once
//! `min_silence` of non-speech frames follows it (shorter gaps are bridged); segments shorter
//! than `min_speech` are dropped; `padding` is added on both sides. Frame `i` stands for the
//! time `i*hop + frame_length/2 +- hop/2`.

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealToComplex};
use resona_core::{ConfigError, Error, InputError, Result, SampleRate, Seconds};
use std::sync::Arc;

/// Weight of the energy term, per dB above the floor.
const W_ENERGY: f32 = 0.5;
/// Energy above the floor (dB) at which the energy term is neutral.
const E0_DB: f32 = 7.0;
/// Weight of the periodicity term.
const W_PERIODICITY: f32 = 4.0;
/// Periodicity at which its term is neutral.
const R0: f32 = 0.5;
/// Weight of the flatness term (per decade of flatness).
const W_FLATNESS: f32 = 1.0;
/// `-log10(flatness)` at which the flatness term is neutral.
const F0: f32 = 1.0;
/// Energy floor in dB: 10*log10(1e-10), far below any 16-bit signal.
const MIN_ENERGY_DB: f32 = -100.0;
/// One-pole smoothing of the frame power before the floor tracker (about two frames).
const SMOOTH: f64 = 0.5;
/// Pitch range searched for periodicity (Hz).
const PERIOD_FMIN: f32 = 60.0;
const PERIOD_FMAX: f32 = 400.0;
/// Band for spectral flatness (Hz).
const FLAT_FMIN: f32 = 100.0;
const FLAT_FMAX: f32 = 4000.0;

/// Settings of [`Vad`] and [`VadStream`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VadConfig {
    /// Sample rate of the input. Defaults to 16 kHz.
    pub sample_rate: SampleRate,
    /// Frame length in samples, at least 64 and at most 16,384. Defaults to 400 (25 ms at
    /// 16 kHz).
    pub frame_length: usize,
    /// Hop in samples, 1..=`frame_length`. Defaults to 160 (10 ms at 16 kHz).
    pub hop: usize,
    /// Probability at or above which a frame counts as speech, in (0, 1). Defaults to 0.5.
    pub threshold: f32,
    /// Shortest segment kept. Defaults to 0.1 s.
    pub min_speech: Seconds,
    /// Shortest gap that separates two segments; shorter gaps are bridged. Defaults to 0.2 s.
    pub min_silence: Seconds,
    /// Added before and after each segment, at most `min_silence / 2` (so padded segments never
    /// overlap). Defaults to 0.05 s.
    pub padding: Seconds,
    /// Fastest rise of the noise floor, in dB per second, in (0, 100]. Defaults to 1.5.
    pub floor_rise_db_per_s: f32,
}

impl Default for VadConfig {
    fn default() -> Self {
        Self {
            sample_rate: SampleRate::HZ_16000,
            frame_length: 400,
            hop: 160,
            threshold: 0.5,
            min_speech: Seconds(0.1),
            min_silence: Seconds(0.2),
            padding: Seconds(0.05),
            floor_rise_db_per_s: 1.5,
        }
    }
}

impl VadConfig {
    /// The default settings with 25 ms frames and a 10 ms hop at `sample_rate`.
    #[must_use]
    pub fn for_rate(sample_rate: SampleRate) -> Self {
        let sr = sample_rate.get() as usize;
        Self { sample_rate, frame_length: sr / 40, hop: sr / 100, ..Self::default() }
    }

    /// Sets [`VadConfig::sample_rate`].
    #[must_use]
    pub fn with_sample_rate(mut self, v: SampleRate) -> Self {
        self.sample_rate = v;
        self
    }
    /// Sets [`VadConfig::frame_length`].
    #[must_use]
    pub fn with_frame_length(mut self, v: usize) -> Self {
        self.frame_length = v;
        self
    }
    /// Sets [`VadConfig::hop`].
    #[must_use]
    pub fn with_hop(mut self, v: usize) -> Self {
        self.hop = v;
        self
    }
    /// Sets [`VadConfig::threshold`].
    #[must_use]
    pub fn with_threshold(mut self, v: f32) -> Self {
        self.threshold = v;
        self
    }
    /// Sets [`VadConfig::min_speech`].
    #[must_use]
    pub fn with_min_speech(mut self, v: Seconds) -> Self {
        self.min_speech = v;
        self
    }
    /// Sets [`VadConfig::min_silence`].
    #[must_use]
    pub fn with_min_silence(mut self, v: Seconds) -> Self {
        self.min_silence = v;
        self
    }
    /// Sets [`VadConfig::padding`].
    #[must_use]
    pub fn with_padding(mut self, v: Seconds) -> Self {
        self.padding = v;
        self
    }
    /// Sets [`VadConfig::floor_rise_db_per_s`].
    #[must_use]
    pub fn with_floor_rise_db_per_s(mut self, v: f32) -> Self {
        self.floor_rise_db_per_s = v;
        self
    }

    fn validate(&self) -> Result<()> {
        let bad = |name, value: String, rule| Err(Error::from(ConfigError::InvalidParameter { name, value, rule }));
        if !(64..=16_384).contains(&self.frame_length) {
            return bad("frame_length", self.frame_length.to_string(), "must be between 64 and 16384 samples");
        }
        if self.hop == 0 || self.hop > self.frame_length {
            return bad("hop", self.hop.to_string(), "must be between 1 and frame_length");
        }
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return bad("threshold", self.threshold.to_string(), "must be in (0, 1)");
        }
        let secs = |v: Seconds| v.0.is_finite() && (0.0..=60.0).contains(&v.0);
        if !secs(self.min_speech) {
            return bad("min_speech", self.min_speech.0.to_string(), "must be between 0 and 60 s");
        }
        if !secs(self.min_silence) {
            return bad("min_silence", self.min_silence.0.to_string(), "must be between 0 and 60 s");
        }
        if !(secs(self.padding) && self.padding.0 <= self.min_silence.0 / 2.0) {
            return bad("padding", self.padding.0.to_string(), "must be between 0 and min_silence / 2");
        }
        if !(self.floor_rise_db_per_s > 0.0 && self.floor_rise_db_per_s <= 100.0) {
            return bad("floor_rise_db_per_s", self.floor_rise_db_per_s.to_string(), "must be in (0, 100]");
        }
        Ok(())
    }
}

/// One merged stretch of speech.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SpeechSegment {
    /// Start time from the beginning of the input.
    pub start: Seconds,
    /// End time (exclusive), `> start`.
    pub end: Seconds,
}

/// Result of [`Vad::process`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VadResult {
    /// Speech probability of each frame, in [0, 1].
    pub probabilities: Vec<f32>,
    /// Merged speech segments in time order.
    pub segments: Vec<SpeechSegment>,
    /// Time between frames.
    pub hop: Seconds,
}

/// Per-frame features and score: plans shared, scratch owned.
#[derive(Clone)]
pub(crate) struct FrameAnalyzer {
    sr: f32,
    len: usize,
    fft: Arc<dyn RealToComplex<f32>>,
    ifft: Arc<dyn ComplexToReal<f32>>,
    window: Vec<f32>,
    time: Vec<f32>,
    spec: Vec<Complex<f32>>,
    scratch_f: Vec<Complex<f32>>,
    scratch_i: Vec<Complex<f32>>,
    centred: Vec<f32>,
    prefix: Vec<f64>,
    floor_db: Option<f32>,
    smoothed_power: Option<f64>,
    rise_per_frame: f32,
}

impl std::fmt::Debug for FrameAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameAnalyzer").field("len", &self.len).field("floor_db", &self.floor_db).finish()
    }
}

/// Per-frame outputs of [`FrameAnalyzer::frame`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameFeatures {
    /// Speech probability.
    pub(crate) probability: f32,
    /// Mean square of the mean-removed frame.
    pub(crate) power: f64,
}

impl FrameAnalyzer {
    pub(crate) fn new(config: &VadConfig) -> Self {
        let len = config.frame_length;
        let n_fft = (2 * len).next_power_of_two();
        let fft = crate::fft::plan_forward(n_fft);
        let ifft = crate::fft::plan_inverse(n_fft);
        let window = (0..len).map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * i as f32 / len as f32).cos()).collect();
        let scratch_f = fft.make_scratch_vec();
        let scratch_i = ifft.make_scratch_vec();
        let hop_s = config.hop as f32 / config.sample_rate.get() as f32;
        Self {
            sr: config.sample_rate.get() as f32,
            len,
            time: vec![0.0; n_fft],
            spec: vec![Complex::new(0.0, 0.0); n_fft / 2 + 1],
            fft,
            ifft,
            window,
            scratch_f,
            scratch_i,
            centred: vec![0.0; len],
            prefix: vec![0.0; len + 1],
            floor_db: None,
            smoothed_power: None,
            rise_per_frame: config.floor_rise_db_per_s * hop_s,
        }
    }

    pub(crate) fn reset(&mut self) {
        self.floor_db = None;
        self.smoothed_power = None;
    }

    /// Analyses one frame of `frame_length` finite samples.
    pub(crate) fn frame(&mut self, frame: &[f32]) -> FrameFeatures {
        let n = self.len.min(frame.len());
        let mean = frame[..n].iter().map(|&v| f64::from(v)).sum::<f64>() / n.max(1) as f64;
        let mut power = 0.0f64;
        self.prefix[0] = 0.0;
        for (i, (&x, c)) in frame[..n].iter().zip(self.centred.iter_mut()).enumerate() {
            let v = f64::from(x) - mean;
            *c = v as f32;
            power += v * v;
            self.prefix[i + 1] = power;
        }
        let total = power;
        power /= n.max(1) as f64;
        // The floor is tracked on a lightly smoothed power: per-frame energies of coloured noise
        // spread by several dB, and a minimum tracker follows the low tail of that spread.
        let smoothed = match self.smoothed_power {
            Some(p) => SMOOTH * p + (1.0 - SMOOTH) * power,
            None => power,
        };
        self.smoothed_power = Some(smoothed);
        let energy_db = (10.0 * (smoothed + 1e-10).log10()) as f32;
        let floor = *self.floor_db.get_or_insert(energy_db);
        let d_e = energy_db - floor;
        self.floor_db = Some((floor + self.rise_per_frame).min(energy_db).max(MIN_ENERGY_DB));

        let periodicity = self.periodicity(n, total);
        let flatness = self.flatness(n);
        let g = (d_e / E0_DB).clamp(0.0, 1.0);
        let spectral = W_PERIODICITY * (periodicity - R0) + W_FLATNESS * (-flatness.max(1e-6).log10() - F0);
        let z = W_ENERGY * (d_e - E0_DB) + g * spectral;
        let probability = 1.0 / (1.0 + (-z.clamp(-50.0, 50.0)).exp());
        FrameFeatures { probability, power }
    }

    fn periodicity(&mut self, n: usize, total: f64) -> f32 {
        if total <= 1e-12 {
            return 0.0;
        }
        self.time.fill(0.0);
        self.time[..n].copy_from_slice(&self.centred[..n]);
        if self.fft.process_with_scratch(&mut self.time, &mut self.spec, &mut self.scratch_f).is_err() {
            return 0.0;
        }
        for c in &mut self.spec {
            *c = Complex::new(c.norm_sqr(), 0.0);
        }
        if self.ifft.process_with_scratch(&mut self.spec, &mut self.time, &mut self.scratch_i).is_err() {
            return 0.0;
        }
        // realfft's inverse is unnormalised: r[tau] * n_fft; the scale cancels below only
        // after dividing by n_fft.
        let scale = 1.0 / self.time.len() as f64;
        let lo = ((self.sr / PERIOD_FMAX).floor() as usize).max(1);
        let hi = ((self.sr / PERIOD_FMIN).ceil() as usize).min(n / 2);
        let mut best = 0.0f64;
        for tau in lo..=hi {
            let head = self.prefix[n - tau];
            let tail = total - self.prefix[tau];
            let den = (head * tail).sqrt();
            if den > 1e-12 {
                best = best.max(f64::from(self.time[tau]) * scale / den);
            }
        }
        best.clamp(0.0, 1.0) as f32
    }

    fn flatness(&mut self, n: usize) -> f32 {
        self.time.fill(0.0);
        for ((t, &c), &w) in self.time.iter_mut().zip(&self.centred[..n]).zip(&self.window) {
            *t = c * w;
        }
        if self.fft.process_with_scratch(&mut self.time, &mut self.spec, &mut self.scratch_f).is_err() {
            return 1.0;
        }
        let n_fft = self.time.len() as f32;
        let lo = ((FLAT_FMIN * n_fft / self.sr).round() as usize).max(1);
        let hi = ((FLAT_FMAX.min(self.sr / 2.0) * n_fft / self.sr).round() as usize).min(self.spec.len() - 1);
        if hi <= lo {
            return 1.0;
        }
        let bins = &self.spec[lo..=hi];
        let mean = bins.iter().map(|c| f64::from(c.norm_sqr())).sum::<f64>() / bins.len() as f64;
        if mean <= 1e-20 {
            return 1.0;
        }
        let eps = mean * 1e-10;
        let log_mean = bins.iter().map(|c| (f64::from(c.norm_sqr()) + eps).ln()).sum::<f64>() / bins.len() as f64;
        (log_mean.exp() / (mean + eps)).clamp(0.0, 1.0) as f32
    }
}

/// Merges per-frame decisions into segments, causally.
#[derive(Debug, Clone)]
struct Segmenter {
    hop: f64,
    centre: f64,
    min_speech_frames: usize,
    min_silence_frames: usize,
    padding: f64,
    threshold: f32,
    /// First and last speech frame of the open segment.
    open: Option<(usize, usize)>,
    frame: usize,
}

impl Segmenter {
    fn new(c: &VadConfig) -> Self {
        let sr = f64::from(c.sample_rate.get());
        let hop = c.hop as f64 / sr;
        Self {
            hop,
            centre: c.frame_length as f64 / 2.0 / sr,
            min_speech_frames: ((c.min_speech.0 / hop).ceil() as usize).max(1),
            min_silence_frames: ((c.min_silence.0 / hop).ceil() as usize).max(1),
            padding: c.padding.0,
            threshold: c.threshold,
            open: None,
            frame: 0,
        }
    }

    fn segment(&self, a: usize, b: usize, end_limit: f64) -> SpeechSegment {
        let start = (a as f64 * self.hop + self.centre - self.hop / 2.0 - self.padding).max(0.0);
        let end = (b as f64 * self.hop + self.centre + self.hop / 2.0 + self.padding).min(end_limit);
        SpeechSegment { start: Seconds(start), end: Seconds(end.max(start)) }
    }

    fn close(&mut self, end_limit: f64, out: &mut Vec<SpeechSegment>) {
        if let Some((a, b)) = self.open.take() {
            if b + 1 - a >= self.min_speech_frames {
                out.push(self.segment(a, b, end_limit));
            }
        }
    }

    fn push(&mut self, p: f32, out: &mut Vec<SpeechSegment>) {
        let i = self.frame;
        self.frame += 1;
        if p >= self.threshold {
            self.open = Some(match self.open {
                Some((a, _)) => (a, i),
                None => (i, i),
            });
        } else if let Some((_, b)) = self.open {
            if i - b >= self.min_silence_frames {
                self.close(f64::INFINITY, out);
            }
        }
    }

    fn reset(&mut self) {
        self.open = None;
        self.frame = 0;
    }
}

/// Whole-buffer voice activity detection (plans built once; `process` takes `&self`).
#[derive(Debug, Clone)]
pub struct Vad {
    config: VadConfig,
    analyzer: FrameAnalyzer,
}

impl Vad {
    /// Validates `config` and builds the FFT plans.
    pub fn new(config: VadConfig) -> Result<Self> {
        config.validate()?;
        let analyzer = FrameAnalyzer::new(&config);
        Ok(Self { config, analyzer })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &VadConfig {
        &self.config
    }

    /// A stream with the same settings and plans.
    #[must_use]
    pub fn stream(&self) -> VadStream {
        VadStream::from_parts(self.config.clone(), self.analyzer.clone())
    }

    /// Frame probabilities and segments of `samples`.
    ///
    /// Errors: [`InputError::BufferTooShort`] when there is not one whole frame,
    /// [`InputError::NonFinite`].
    pub fn process(&self, samples: &[f32]) -> Result<VadResult> {
        if samples.len() < self.config.frame_length {
            return Err(InputError::BufferTooShort {
                what: "VAD input",
                expected: self.config.frame_length,
                received: samples.len(),
            }
            .into());
        }
        let mut s = self.stream();
        let mut probabilities = Vec::with_capacity((samples.len() - self.config.frame_length) / self.config.hop + 1);
        let mut segments = Vec::new();
        s.push(samples, &mut probabilities, &mut segments)?;
        s.finish(&mut segments)?;
        Ok(VadResult { probabilities, segments, hop: s.hop_seconds() })
    }
}

/// Streaming voice activity detection; see the [module docs](crate::preprocess::vad).
///
/// Allocation-free in steady state: the frame buffer and FFT scratch are preallocated, and
/// `push` only appends to the caller's vectors.
#[derive(Debug, Clone)]
pub struct VadStream {
    config: VadConfig,
    analyzer: FrameAnalyzer,
    segmenter: Segmenter,
    buf: Vec<f32>,
    fill: usize,
    samples_seen: u64,
    /// Segments closed by the current frame (preallocated; at most one per frame).
    closed: Vec<SpeechSegment>,
}

impl VadStream {
    /// Validates `config` and builds a stream.
    pub fn new(config: VadConfig) -> Result<Self> {
        config.validate()?;
        let analyzer = FrameAnalyzer::new(&config);
        Ok(Self::from_parts(config, analyzer))
    }

    fn from_parts(config: VadConfig, mut analyzer: FrameAnalyzer) -> Self {
        analyzer.reset();
        Self {
            segmenter: Segmenter::new(&config),
            buf: vec![0.0; config.frame_length],
            fill: 0,
            samples_seen: 0,
            closed: Vec::with_capacity(2),
            config,
            analyzer,
        }
    }

    /// Time between frames.
    #[must_use]
    pub fn hop_seconds(&self) -> Seconds {
        Seconds(self.config.hop as f64 / f64::from(self.config.sample_rate.get()))
    }

    /// Feeds `chunk`; appends the probability of every frame it completes to `probs_out` and
    /// every segment it closes to `segments_out`.
    ///
    /// Errors: [`InputError::NonFinite`] (the stream is unchanged).
    pub fn push(
        &mut self,
        chunk: &[f32],
        probs_out: &mut Vec<f32>,
        segments_out: &mut Vec<SpeechSegment>,
    ) -> Result<()> {
        self.push_with(chunk, &mut |f, segs| {
            probs_out.push(f.probability);
            segments_out.append(segs);
        })
    }

    /// Feeds `chunk`, calling `each` with the features of every completed frame and the
    /// segments it closed (crate-internal: the quality report also needs frame powers).
    pub(crate) fn push_with(
        &mut self,
        mut chunk: &[f32],
        each: &mut impl FnMut(FrameFeatures, &mut Vec<SpeechSegment>),
    ) -> Result<()> {
        InputError::check_finite("VAD input", chunk)?;
        self.samples_seen = self.samples_seen.saturating_add(chunk.len() as u64);
        let len = self.config.frame_length;
        let hop = self.config.hop;
        while !chunk.is_empty() {
            let take = (len - self.fill).min(chunk.len());
            self.buf[self.fill..self.fill + take].copy_from_slice(&chunk[..take]);
            self.fill += take;
            chunk = &chunk[take..];
            if self.fill == len {
                let f = self.analyzer.frame(&self.buf);
                self.segmenter.push(f.probability, &mut self.closed);
                each(f, &mut self.closed);
                self.closed.clear();
                self.buf.copy_within(hop.., 0);
                self.fill = len - hop;
            }
        }
        Ok(())
    }

    /// Closes the open segment (if long enough), appends it, and resets the stream.
    pub fn finish(&mut self, segments_out: &mut Vec<SpeechSegment>) -> Result<()> {
        let end = self.samples_seen as f64 / f64::from(self.config.sample_rate.get());
        self.segmenter.close(end, segments_out);
        self.reset();
        Ok(())
    }

    /// Forgets all state and starts a new stream.
    pub fn reset(&mut self) {
        self.analyzer.reset();
        self.segmenter.reset();
        self.fill = 0;
        self.samples_seen = 0;
    }
}
