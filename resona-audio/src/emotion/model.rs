//! [`VoiceEmotionModel`]: the bundled voice-emotion model, or a model of your own.

use resona_core::model::{Dim, ElementType, OutputKind, OutputSpec, TensorLayout, TensorRef, TensorSpec};
use resona_core::{
    AudioView, Backend, ConfigError, Emotion, EmotionScores, Error, InputError, Limits, Model, ModelError, ModelSpec,
    Result, SampleRate, Seconds,
};

use super::features::{FEATURE_DIM, VoiceFeatures};
use crate::preprocess::Resampler;

/// The bundled voice-emotion model (trained by Resona on EmoDB with its own features; see
/// `models/README.md` for provenance, training and measured accuracy).
pub static BUNDLED_MODEL: &[u8] = include_bytes!("../../models/voice_emotion.onnx");

/// The bundled model's classes, in its output order. EmoDB's boredom was trained as neutral;
/// EmoDB has no surprise, so the bundled model never predicts [`Emotion::Surprised`] (its
/// probability is always 0).
pub const BUNDLED_LABELS: [Emotion; 6] =
    [Emotion::Neutral, Emotion::Happy, Emotion::Sad, Emotion::Angry, Emotion::Fearful, Emotion::Disgusted];

/// The rate raw-waveform models take (wav2vec2, HuBERT and their classifiers).
pub const WAVEFORM_RATE: SampleRate = SampleRate::HZ_16000;

/// What a voice-emotion model takes as input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum VoiceInput {
    /// Raw mono waveform at 16 kHz, one input `[1, n]` or `[N, n]`, as wav2vec2- and
    /// HuBERT-style classifiers exported from PyTorch take. A dynamic `n` takes the utterance
    /// as it is; a fixed `n` gets the utterance zero-padded or cut at the end to `n` samples.
    /// Other rates are refused ([`InputError::InvalidSampleRate`]): resample first.
    Waveform {
        /// Scale each utterance to zero mean and unit variance first (the
        /// `do_normalize=True` of Hugging Face's `Wav2Vec2FeatureExtractor`).
        zero_mean_unit_var: bool,
    },
    /// Resona's [`VoiceFeatures`] vector, `[N, 162]`: undefined values are passed as 0. A
    /// second input of the same shape, when declared, receives 1 where a value is defined and
    /// 0 where it is not (the bundled model uses it to impute the training mean).
    Features,
}

/// A voice-emotion model's declaration: the runtime [`ModelSpec`] (inputs, outputs, labels)
/// and what its input means.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VoiceModelSpec {
    /// Inputs, outputs and labels. The first output is `[N, labels]` probabilities or logits;
    /// labels map the model's classes onto Resona's emotions (emotions not named get 0).
    pub model: ModelSpec,
    /// What the first input holds.
    pub input: VoiceInput,
}

/// Settings of [`VoiceEmotionModel`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VoiceEmotionConfig {
    /// Inference backend. Defaults to [`Backend::Tract`].
    pub backend: Backend,
    /// Size limits on audio and model bytes. Defaults to [`Limits::default`].
    pub limits: Limits,
    /// Confidence below which a result is flagged [`VoiceEmotion::gated`], in `[0, 1]`.
    /// Defaults to 0.6.
    pub gate: f32,
    /// Shortest speech classified, in `[0.25, max_segment]` s: shorter utterances are an error
    /// in [`VoiceEmotionModel::classify`] and are left out by the segment functions. Defaults
    /// to 1.0 s.
    pub min_speech: Seconds,
    /// Longest segment of [`VoiceEmotionModel::classify_segments`], in `[1, 30]` s; longer
    /// speech is split in equal parts. Defaults to 5.0 s.
    pub max_segment: Seconds,
    /// Longest pause bridged when speech segments are merged into one classified segment, in
    /// `[0, max_segment]` s. Defaults to 1.0 s.
    pub max_gap: Seconds,
}

impl Default for VoiceEmotionConfig {
    fn default() -> Self {
        Self {
            backend: Backend::Tract,
            limits: Limits::default(),
            gate: 0.6,
            min_speech: Seconds(1.0),
            max_segment: Seconds(5.0),
            max_gap: Seconds(1.0),
        }
    }
}

impl VoiceEmotionConfig {
    /// Sets [`VoiceEmotionConfig::backend`].
    #[must_use]
    pub fn with_backend(mut self, v: Backend) -> Self {
        self.backend = v;
        self
    }
    /// Sets [`VoiceEmotionConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, v: Limits) -> Self {
        self.limits = v;
        self
    }
    /// Sets [`VoiceEmotionConfig::gate`].
    #[must_use]
    pub fn with_gate(mut self, v: f32) -> Self {
        self.gate = v;
        self
    }
    /// Sets [`VoiceEmotionConfig::min_speech`].
    #[must_use]
    pub fn with_min_speech(mut self, v: Seconds) -> Self {
        self.min_speech = v;
        self
    }
    /// Sets [`VoiceEmotionConfig::max_segment`].
    #[must_use]
    pub fn with_max_segment(mut self, v: Seconds) -> Self {
        self.max_segment = v;
        self
    }
    /// Sets [`VoiceEmotionConfig::max_gap`].
    #[must_use]
    pub fn with_max_gap(mut self, v: Seconds) -> Self {
        self.max_gap = v;
        self
    }

    fn validate(&self) -> Result<()> {
        let bad = |name: &'static str, value: String, rule: &'static str| -> Result<()> {
            Err(ConfigError::InvalidParameter { name, value, rule }.into())
        };
        if !(0.0..=1.0).contains(&self.gate) {
            return bad("gate", self.gate.to_string(), "must be in [0, 1]");
        }
        if !(1.0..=30.0).contains(&self.max_segment.0) {
            return bad("max_segment", self.max_segment.0.to_string(), "must be between 1 and 30 s");
        }
        if !(0.25..=self.max_segment.0).contains(&self.min_speech.0) {
            return bad("min_speech", self.min_speech.0.to_string(), "must be between 0.25 s and max_segment");
        }
        if !(0.0..=self.max_segment.0).contains(&self.max_gap.0) {
            return bad("max_gap", self.max_gap.0.to_string(), "must be between 0 and max_segment");
        }
        Ok(())
    }
}

/// The emotion of one utterance or segment.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VoiceEmotion {
    /// Probabilities over Resona's seven emotions (classes the model lacks get 0).
    pub scores: EmotionScores,
    /// The most probable emotion.
    pub label: Emotion,
    /// Its probability.
    pub confidence: f32,
    /// `confidence < gate`: the result is too uncertain to act on.
    pub gated: bool,
}

/// Classifies the emotion of speech: the bundled model or an ONNX model of your own.
///
/// Build once (the model is parsed and optimised in the constructor), then classify many
/// utterances; `classify` takes `&mut self` because the feature analysers reuse scratch.
#[derive(Debug)]
pub struct VoiceEmotionModel {
    model: Model,
    input: VoiceInput,
    /// For waveform models with a fixed input length, that length.
    fixed_len: Option<usize>,
    /// Whether a features model declares the second, "defined" input.
    has_mask: bool,
    features: VoiceFeatures,
    pub(crate) config: VoiceEmotionConfig,
}

impl VoiceEmotionModel {
    /// The spec of the bundled model: inputs `features` and `defined`, both `[N, 162]`
    /// ([`VoiceInput::Features`]), output `probabilities` `[N, 6]` in [`BUNDLED_LABELS`] order.
    #[must_use]
    pub fn bundled_spec() -> VoiceModelSpec {
        let shape = vec![Dim::Dynamic, Dim::Fixed(FEATURE_DIM)];
        VoiceModelSpec {
            model: ModelSpec {
                inputs: vec![
                    TensorSpec::new("features", shape.clone(), TensorLayout::Flat),
                    TensorSpec::new("defined", shape, TensorLayout::Flat),
                ],
                outputs: vec![OutputSpec::new(
                    "probabilities",
                    vec![Dim::Dynamic, Dim::Fixed(BUNDLED_LABELS.len())],
                    OutputKind::Probabilities,
                )],
                labels: BUNDLED_LABELS.to_vec(),
            },
            input: VoiceInput::Features,
        }
    }

    /// Loads the bundled model.
    pub fn bundled(config: VoiceEmotionConfig) -> Result<Self> {
        Self::from_onnx(BUNDLED_MODEL, Self::bundled_spec(), config)
    }

    /// Loads an ONNX model of your own from its bytes.
    ///
    /// The spec must declare labels and one f32 input (two for [`VoiceInput::Features`] with
    /// the "defined" flags) of layout [`TensorLayout::Flat`] and shape `[N or 1, n]`; a features
    /// input must have `n = 162`. Errors: [`ConfigError::InvalidParameter`] (`"spec"`) for a
    /// spec this type cannot feed, and the [`ModelError`]s of [`Model::from_bytes`] for bytes
    /// that do not load or do not match the spec.
    pub fn from_onnx(bytes: &[u8], spec: VoiceModelSpec, config: VoiceEmotionConfig) -> Result<Self> {
        config.validate()?;
        let VoiceModelSpec { model: mspec, input } = spec;
        let bad = |rule: &'static str| -> Error {
            ConfigError::InvalidParameter { name: "spec", value: format!("{:?}", mspec.inputs), rule }.into()
        };
        if mspec.labels.is_empty() {
            return Err(bad("a voice-emotion model declares the emotion of each output class (labels)"));
        }
        let flat2 =
            |t: &TensorSpec| t.layout == TensorLayout::Flat && t.shape.len() == 2 && t.element_type == ElementType::F32;
        let (fixed_len, has_mask) = match input {
            VoiceInput::Waveform { .. } => {
                let [t] = mspec.inputs.as_slice() else {
                    return Err(bad("a waveform model takes exactly one input"));
                };
                if !flat2(t) {
                    return Err(bad("a waveform input is Flat with shape [N or 1, n]"));
                }
                (
                    match t.shape[1] {
                        Dim::Fixed(n) => Some(n),
                        Dim::Dynamic => None,
                    },
                    false,
                )
            }
            VoiceInput::Features => {
                let ok = |t: &TensorSpec| flat2(t) && t.shape[1] == Dim::Fixed(FEATURE_DIM);
                match mspec.inputs.as_slice() {
                    [t] if ok(t) => (None, false),
                    [t, m] if ok(t) && m.shape == t.shape => (None, true),
                    _ => return Err(bad("a features model takes [N, 162] features (and optionally [N, 162] flags)")),
                }
            }
        };
        let model = Model::from_bytes_with_limits(bytes, mspec, config.backend, &config.limits)?;
        Ok(Self { model, input, fixed_len, has_mask, features: VoiceFeatures::new()?, config })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &VoiceEmotionConfig {
        &self.config
    }

    /// What the model takes.
    #[must_use]
    pub fn input(&self) -> VoiceInput {
        self.input
    }

    /// The backend running the model.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.model.backend()
    }

    /// Classifies one utterance (mono, any supported rate for feature models, 16 kHz for
    /// waveform models).
    ///
    /// The utterance is trimmed to the span of speech found by Resona's VAD (from the first
    /// speech onset to the last offset) and classified whole, however long; use
    /// [`VoiceEmotionModel::classify_segments`] for 2-5 s segments of longer audio.
    ///
    /// Errors: [`InputError::Empty`] for no samples, and with `what = "speech"` when the VAD
    /// finds no speech (silence, steady noise); [`InputError::BufferTooShort`] when the speech
    /// lasts less than [`VoiceEmotionConfig::min_speech`]; [`InputError::InvalidSampleRate`]
    /// for a waveform model at another rate than 16 kHz; [`InputError::NonFinite`];
    /// [`resona_core::LimitError`] above the configured audio length.
    pub fn classify(&mut self, samples: &[f32], sample_rate: SampleRate) -> Result<VoiceEmotion> {
        let y = self.to_analysis_rate(samples, sample_rate)?;
        let Some((a, b)) = self.features.speech_span(&y)? else {
            return Err(InputError::Empty { what: "speech" }.into());
        };
        self.classify_speech(&y[a..b])
    }

    /// Checks `samples` and brings them to 16 kHz (feature models) or refuses other rates
    /// (waveform models).
    pub(crate) fn to_analysis_rate(&self, samples: &[f32], sample_rate: SampleRate) -> Result<Vec<f32>> {
        let view = AudioView::from_f32(samples, sample_rate.get(), 1)?;
        self.config.limits.check_audio(&view)?;
        if sample_rate == WAVEFORM_RATE {
            return Ok(samples.to_vec());
        }
        if let VoiceInput::Waveform { .. } = self.input {
            return Err(InputError::InvalidSampleRate {
                rate: sample_rate.get(),
                min: WAVEFORM_RATE.get(),
                max: WAVEFORM_RATE.get(),
            }
            .into());
        }
        Resampler::new(sample_rate, WAVEFORM_RATE)?.process(samples)
    }

    /// Classifies 16 kHz speech already trimmed (by [`VoiceEmotionModel::classify`] or a
    /// segment plan).
    pub(crate) fn classify_speech(&mut self, speech: &[f32]) -> Result<VoiceEmotion> {
        let min = (self.config.min_speech.0 * f64::from(WAVEFORM_RATE.get())).ceil() as usize;
        if speech.len() < min {
            return Err(InputError::BufferTooShort {
                what: "speech (min_speech)",
                expected: min,
                received: speech.len(),
            }
            .into());
        }
        let outputs = match self.input {
            VoiceInput::Features => {
                let mut x = speech.to_vec();
                let features = self.features.extract_trimmed(&mut x)?;
                self.run_features(&features)?
            }
            VoiceInput::Waveform { zero_mean_unit_var } => {
                let mut x = speech.to_vec();
                if zero_mean_unit_var {
                    normalize_zero_mean_unit_var(&mut x);
                }
                if let Some(n) = self.fixed_len {
                    x.resize(n, 0.0);
                }
                self.model.run(&[TensorRef::new(&x, &[1, x.len()])])?
            }
        };
        let scores = self.model.emotion_scores(&outputs)?;
        let scores = scores.into_iter().next().ok_or_else(|| -> Error {
            ModelError::Output { output: self.model.spec().outputs[0].name.clone(), detail: "no rows".into() }.into()
        })?;
        Ok(self.decide(scores))
    }

    /// Runs a features model on one [`VoiceFeatures`] vector (NaN where undefined) and returns
    /// its scores; for checking a model against reference outputs.
    pub fn classify_features(&self, features: &[f32]) -> Result<VoiceEmotion> {
        if self.input != VoiceInput::Features {
            return Err(ConfigError::InvalidParameter {
                name: "input",
                value: format!("{:?}", self.input),
                rule: "classify_features needs a model whose input is VoiceInput::Features",
            }
            .into());
        }
        if features.len() != FEATURE_DIM {
            return Err(InputError::LengthMismatch {
                what: "voice features",
                expected: FEATURE_DIM,
                received: features.len(),
            }
            .into());
        }
        if let Some(index) = features.iter().position(|v| v.is_infinite()) {
            return Err(
                InputError::NonFinite { what: "voice features", index, value: features[index].to_string() }.into()
            );
        }
        let outputs = self.run_features(features)?;
        let scores = self.model.emotion_scores(&outputs)?;
        let scores = scores.into_iter().next().ok_or_else(|| -> Error {
            ModelError::Output { output: self.model.spec().outputs[0].name.clone(), detail: "no rows".into() }.into()
        })?;
        Ok(self.decide(scores))
    }

    fn run_features(&self, features: &[f32]) -> Result<Vec<resona_core::Tensor>> {
        let values: Vec<f32> = features.iter().map(|&v| if v.is_nan() { 0.0 } else { v }).collect();
        let shape = [1, values.len()];
        if self.has_mask {
            let defined: Vec<f32> = features.iter().map(|v| if v.is_nan() { 0.0 } else { 1.0 }).collect();
            self.model.run(&[TensorRef::new(&values, &shape), TensorRef::new(&defined, &shape)])
        } else {
            self.model.run(&[TensorRef::new(&values, &shape)])
        }
    }

    fn decide(&self, scores: EmotionScores) -> VoiceEmotion {
        let label = scores.argmax();
        let confidence = scores.confidence();
        VoiceEmotion { scores, label, confidence, gated: confidence < self.config.gate }
    }
}

/// Zero mean and unit variance (f64 accumulation; a constant signal only loses its mean).
fn normalize_zero_mean_unit_var(x: &mut [f32]) {
    if x.is_empty() {
        return;
    }
    let n = x.len() as f64;
    let mean = x.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let var = x.iter().map(|&v| (f64::from(v) - mean).powi(2)).sum::<f64>() / n;
    // Hugging Face adds 1e-7 to the variance.
    let scale = 1.0 / (var + 1e-7).sqrt();
    x.iter_mut().for_each(|v| *v = ((f64::from(*v) - mean) * scale) as f32);
}
