#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod matrix;
pub mod pitch;
pub mod preprocess;
pub mod prosody;
pub mod spectral;
pub mod voice_quality;

pub use matrix::FeatureMatrix;
pub use resona_core::{Emotion, EmotionScores, Error, Limits, Result, SampleRate};
