#![doc = include_str!("../README.md")]
// The `extern "C"` glue is expanded from UniFFI's macros, which this lint does not inspect; the
// code written here has no `unsafe` of its own.
#![forbid(unsafe_code)]

use resona::vision::{ExpressionClassifier as CoreClassifier, ExpressionConfig};
use std::sync::Arc;

uniffi::setup_scaffolding!();

mod audio;
mod engine;
pub use engine::{Engine, EngineStateRecord, VoiceSegmentRecord};
mod faces;
pub use faces::{DetectorModel, FaceAnalyzer, FaceBoxRecord, FaceRecord, FrameReading, HeadPoseRecord};
mod text;
pub use audio::{
    AudioFrame, AudioStream, CrepeTrack, FeatureMatrix, MfccOptions, NamedValue, PitchTrack, VoiceEmotionSegment,
    VoiceQualityReport, audio_features, crepe, mfcc, pyin, resample, rms, vocal_stress, voice_emotion_segments,
    voice_quality, yin, zcr,
};
pub use text::{RedactedItem, Redaction, RiskLevel, Sentiment, TextAnalyzer, TextReading};
mod transformer;
pub use transformer::{
    LinearHead, TokenizedText, TransformerClassifier, TransformerInput, TransformerOptions, TransformerPooling,
    transformer_input_from_name, transformer_pooling_from_name,
};

/// Any error Resona returns, by kind, with the stable snake_case `code` of the exact rule that
/// was broken (e.g. `stride_too_small`) and a `reason` naming the value and the rule.
///
/// The field is `reason`, not `message`: UniFFI's Kotlin exceptions override `message` (it
/// reads `code=..., reason=...`), so a field of that name would not compile.
///
/// Kotlin sees `ResonaException.Config`, `.Input`, `.Limit` and `.Model`; Swift and Python see
/// `ResonaError` with the same four cases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ResonaError {
    /// A configuration value is invalid.
    #[error("{reason}")]
    Config {
        /// Stable code, e.g. `invalid_parameter`.
        code: String,
        /// What was wrong, naming the value and the rule.
        reason: String,
    },
    /// Input data is malformed.
    #[error("{reason}")]
    Input {
        /// Stable code, e.g. `length_mismatch`.
        code: String,
        /// What was wrong, naming the value and the rule.
        reason: String,
    },
    /// Input data exceeds a configured limit.
    #[error("{reason}")]
    Limit {
        /// Stable code, e.g. `limit_exceeded`.
        code: String,
        /// What was wrong, naming the value and the rule.
        reason: String,
    },
    /// A model could not be loaded or run, or its backend is unavailable.
    #[error("{reason}")]
    Model {
        /// Stable code, e.g. `backend_unavailable`.
        code: String,
        /// What was wrong, naming the value and the rule.
        reason: String,
    },
}

impl From<resona::Error> for ResonaError {
    fn from(e: resona::Error) -> Self {
        let (code, reason) = (e.code().to_owned(), e.to_string());
        match e.kind() {
            resona::ErrorKind::Config => Self::Config { code, reason },
            resona::ErrorKind::Input => Self::Input { code, reason },
            resona::ErrorKind::Limit => Self::Limit { code, reason },
            // ErrorKind is non-exhaustive: a kind added later arrives as Model until this
            // binding names it.
            _ => Self::Model { code, reason },
        }
    }
}

impl From<resona::InputError> for ResonaError {
    fn from(e: resona::InputError) -> Self {
        resona::Error::from(e).into()
    }
}

impl From<resona::ModelError> for ResonaError {
    fn from(e: resona::ModelError) -> Self {
        resona::Error::from(e).into()
    }
}

/// One of Resona's seven emotion classes, in Resona's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Emotion {
    /// Neutral.
    Neutral,
    /// Happiness.
    Happy,
    /// Sadness.
    Sad,
    /// Anger.
    Angry,
    /// Fear.
    Fearful,
    /// Surprise.
    Surprised,
    /// Disgust.
    Disgusted,
}

impl From<resona::Emotion> for Emotion {
    fn from(e: resona::Emotion) -> Self {
        match e {
            resona::Emotion::Neutral => Self::Neutral,
            resona::Emotion::Happy => Self::Happy,
            resona::Emotion::Sad => Self::Sad,
            resona::Emotion::Angry => Self::Angry,
            resona::Emotion::Fearful => Self::Fearful,
            resona::Emotion::Surprised => Self::Surprised,
            resona::Emotion::Disgusted => Self::Disgusted,
        }
    }
}

/// Layout of one pixel in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum PixelFormat {
    /// Red, green, blue; one byte each.
    Rgb8,
    /// Red, green, blue, alpha; one byte each (Android `Bitmap` ARGB_8888 in memory order).
    Rgba8,
    /// Blue, green, red; one byte each (OpenCV).
    Bgr8,
    /// One byte of luma.
    Gray8,
}

impl From<PixelFormat> for resona::PixelFormat {
    fn from(f: PixelFormat) -> Self {
        match f {
            PixelFormat::Rgb8 => Self::Rgb8,
            PixelFormat::Rgba8 => Self::Rgba8,
            PixelFormat::Bgr8 => Self::Bgr8,
            PixelFormat::Gray8 => Self::Gray8,
        }
    }
}

/// An inference backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Backend {
    /// tract: pure Rust, needs nothing installed.
    Tract,
    /// ONNX Runtime, loaded as a shared library at run time (see [`init_onnxruntime`]).
    OnnxRuntime,
}

impl From<Backend> for resona::Backend {
    fn from(b: Backend) -> Self {
        match b {
            Backend::Tract => Self::Tract,
            Backend::OnnxRuntime => Self::OnnxRuntime,
        }
    }
}

/// A probability distribution over the seven emotions.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EmotionScores {
    /// Seven probabilities in Resona's order (see [`emotion_names`]), each in `[0, 1]`,
    /// summing to 1.
    pub probabilities: Vec<f32>,
    /// The most probable emotion (ties go to the earlier one in Resona's order).
    pub label: Emotion,
    /// The probability of `label`, in `[1/7, 1]`.
    pub confidence: f32,
}

impl From<resona::EmotionScores> for EmotionScores {
    fn from(s: resona::EmotionScores) -> Self {
        Self { probabilities: s.as_array().to_vec(), label: s.argmax().into(), confidence: s.confidence() }
    }
}

// Label names (canonical or dataset aliases such as "anger"), defaulting to Resona's order.
fn parse_labels(labels: Option<Vec<String>>) -> Result<Vec<resona::Emotion>, ResonaError> {
    match labels {
        None => Ok(resona::Emotion::ALL.to_vec()),
        Some(names) => Ok(names.iter().map(|n| n.parse()).collect::<Result<_, resona::InputError>>()?),
    }
}

/// Softmax of `logits` given in the order `labels` (emotion names or dataset aliases such as
/// `anger`, `joy`; default Resona's order). Emotions not named get probability 0.
#[uniffi::export]
pub fn emotion_scores_from_logits(logits: Vec<f32>, labels: Option<Vec<String>>) -> Result<EmotionScores, ResonaError> {
    Ok(resona::EmotionScores::from_logits_ordered(&logits, &parse_labels(labels)?)?.into())
}

/// Validates probabilities given in the order `labels` (default Resona's order): each in
/// `[0, 1]`, summing to 1 within 1e-6. Emotions not named get probability 0.
#[uniffi::export]
pub fn emotion_scores_from_probabilities(
    probabilities: Vec<f32>,
    labels: Option<Vec<String>>,
) -> Result<EmotionScores, ResonaError> {
    Ok(resona::EmotionScores::from_probabilities_ordered(&probabilities, &parse_labels(labels)?)?.into())
}

/// Parses a pixel format name: `rgb8`, `rgba8`, `bgr8` or `gray8`.
#[uniffi::export]
pub fn pixel_format_from_name(name: String) -> Result<PixelFormat, ResonaError> {
    Ok(match name.parse::<resona::PixelFormat>()? {
        resona::PixelFormat::Rgb8 => PixelFormat::Rgb8,
        resona::PixelFormat::Rgba8 => PixelFormat::Rgba8,
        resona::PixelFormat::Bgr8 => PixelFormat::Bgr8,
        resona::PixelFormat::Gray8 => PixelFormat::Gray8,
        // resona's PixelFormat is non-exhaustive: a format added later is unknown here.
        other => {
            return Err(ResonaError::Input {
                code: "unknown_name".to_owned(),
                reason: format!("pixel format {other} is not supported by this binding yet"),
            });
        }
    })
}

/// The canonical emotion names in Resona's order, the order of
/// [`EmotionScores::probabilities`].
#[uniffi::export]
pub fn emotion_names() -> Vec<String> {
    resona::Emotion::ALL.iter().map(|e| e.as_str().to_owned()).collect()
}

/// Loads ONNX Runtime from `path` (or, when `None`, from `ORT_DYLIB_PATH`, the `onnxruntime`
/// Python package or the system library directories) and returns the path loaded. Call it
/// before building a classifier with [`Backend::OnnxRuntime`]; a process loads one ONNX
/// Runtime, so later calls return the first result.
#[uniffi::export]
pub fn init_onnxruntime(path: Option<String>) -> Result<String, ResonaError> {
    let loaded = resona::model::onnxruntime::init(path.as_deref().map(std::path::Path::new))?;
    Ok(loaded.to_string_lossy().into_owned())
}

/// Classifies the seven facial expressions of face crops and frames with the bundled
/// mini-XCEPTION model.
///
/// Build it once (the model is parsed and optimised here) and use it from any thread. In Kotlin
/// it is `AutoCloseable`: release it with `use { }` or `close()`.
#[derive(Debug, uniffi::Object)]
pub struct ExpressionClassifier {
    inner: CoreClassifier,
    // Kept as given: resona's Backend is non-exhaustive, so it cannot be mapped back totally.
    backend: Backend,
}

#[uniffi::export]
impl ExpressionClassifier {
    /// Loads the bundled model on `backend`.
    #[uniffi::constructor]
    pub fn new(backend: Backend) -> Result<Arc<Self>, ResonaError> {
        let inner = CoreClassifier::new(ExpressionConfig::default().with_backend(backend.into()))?;
        Ok(Arc::new(Self { inner, backend }))
    }

    /// Classifies one gray 64x64 crop of 8-bit pixels, row-major.
    pub fn classify_crop_u8(&self, pixels: Vec<u8>, width: u32, height: u32) -> Result<EmotionScores, ResonaError> {
        Ok(self.inner.classify_crop_u8(&pixels, width, height)?.into())
    }

    /// Classifies one gray 64x64 crop of float pixels in `[0, 255]`, row-major.
    pub fn classify_crop_f32(&self, pixels: Vec<f32>, width: u32, height: u32) -> Result<EmotionScores, ResonaError> {
        Ok(self.inner.classify_crop_f32(&pixels, width, height)?.into())
    }

    /// Classifies gray 8-bit crops laid end to end (`count × width × height` bytes) in one
    /// model run; one result per crop.
    pub fn classify_crops_u8(
        &self,
        pixels: Vec<u8>,
        width: u32,
        height: u32,
    ) -> Result<Vec<EmotionScores>, ResonaError> {
        Ok(self.inner.classify_crops_u8(&pixels, width, height)?.into_iter().map(Into::into).collect())
    }

    /// Classifies a face image of any size and pixel format (converted to gray and resized to
    /// the crop size). `stride` is the number of bytes from one row to the next; `None` means
    /// tightly packed rows.
    pub fn classify_image(
        &self,
        pixels: Vec<u8>,
        width: u32,
        height: u32,
        stride: Option<u64>,
        format: PixelFormat,
    ) -> Result<EmotionScores, ResonaError> {
        let format = format.into();
        let view = match stride {
            // A stride beyond the address space cannot fit the buffer: saturate and let the
            // view report the buffer as too short.
            Some(s) => {
                resona::ImageView::new(&pixels, width, height, usize::try_from(s).unwrap_or(usize::MAX), format)?
            }
            None => resona::ImageView::packed(&pixels, width, height, format)?,
        };
        Ok(self.inner.classify_image(&view)?.into())
    }

    /// The backend running the model.
    pub fn backend(&self) -> Backend {
        self.backend
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_kind_and_code() {
        let input: resona::Error = resona::InputError::StrideTooSmall { stride: 5, width: 2, min: 6 }.into();
        let message = input.to_string();
        assert_eq!(ResonaError::from(input), ResonaError::Input { code: "stride_too_small".into(), reason: message });
        let limit: resona::Error =
            resona::LimitError::Exceeded { kind: resona::LimitKind::ImageSide, limit: 4, received: 9 }.into();
        assert!(matches!(ResonaError::from(limit), ResonaError::Limit { code, .. } if code == "limit_exceeded"));
        let model = resona::ModelError::BackendUnavailable { backend: "x", hint: "y".into() };
        assert!(matches!(ResonaError::from(model), ResonaError::Model { code, .. } if code == "backend_unavailable"));
        let config = emotion_scores_from_logits(vec![1.0, 2.0], Some(vec!["sad".into(), "sadness".into()]));
        assert!(matches!(config, Err(ResonaError::Config { code, .. }) if code == "invalid_parameter"));
        let unknown = pixel_format_from_name("yuv420".into());
        assert!(matches!(unknown, Err(ResonaError::Input { code, .. }) if code == "unknown_name"));
    }

    #[test]
    fn enums_follow_resona_order() {
        let names: Vec<String> = resona::Emotion::ALL.iter().map(|&e| format!("{:?}", Emotion::from(e))).collect();
        assert_eq!(names, ["Neutral", "Happy", "Sad", "Angry", "Fearful", "Surprised", "Disgusted"]);
        assert_eq!(emotion_names(), ["neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted"]);
        for (name, format) in [
            ("rgb8", PixelFormat::Rgb8),
            ("rgba8", PixelFormat::Rgba8),
            ("bgr8", PixelFormat::Bgr8),
            ("gray8", PixelFormat::Gray8),
        ] {
            assert_eq!(pixel_format_from_name(name.into()), Ok(format));
            assert_eq!(resona::PixelFormat::from(format).as_str(), name);
        }
    }

    #[test]
    fn scores_record_is_in_resona_order() {
        let s = emotion_scores_from_probabilities(vec![0.7, 0.3], Some(vec!["joy".into(), "fear".into()])).unwrap();
        assert_eq!(s.probabilities, [0.0, 0.7, 0.0, 0.0, 0.3, 0.0, 0.0]);
        assert_eq!((s.label, s.confidence), (Emotion::Happy, 0.7));
    }
}
