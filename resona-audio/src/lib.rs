#![doc = include_str!("../README.md")]
// `deny`, not `forbid`: the one exception is the SIMD dispatch in `simd`, which allows it.
#![deny(unsafe_code)]

pub mod emotion;
pub mod features;
mod fft;
pub mod matrix;
pub mod pitch;
pub mod preprocess;
pub mod prosody;
mod simd;
pub mod spectral;
pub mod stream;
pub mod stress;
pub mod voice_quality;

pub use emotion::{
    EmotionSegment, EmotionStream, VoiceEmotion, VoiceEmotionConfig, VoiceEmotionModel, VoiceInput, VoiceModelSpec,
};
pub use features::{FEATURE_NAMES, FeatureExtractor, FeatureSummary};
pub use matrix::FeatureMatrix;
pub use resona_core::{Emotion, EmotionScores, Error, Limits, Result, SampleRate};
pub use stream::{AudioStream, AudioStreamConfig, FeatureFrame, FeatureFrameRef};
pub use stress::{Indicator, IndicatorKind, VocalStress, VocalStressConfig, VocalStressReading, VoiceBaseline};
