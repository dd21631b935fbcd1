#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub use resona_core::{Emotion, EmotionScores, Error, Limits, Result};
