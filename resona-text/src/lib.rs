#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod analyze;
pub mod cues;
pub mod emotion;
pub mod risk;
pub mod sentiment;
pub mod span_units;
#[cfg(feature = "transformer")]
pub mod transformer;

pub use analyze::{EmotionModel, TextAnalysis, TextAnalyzer, TextConfig};
pub use resona_core::{Emotion, EmotionScores, Error, Limits, Result};
pub use span_units::SpanUnit;
