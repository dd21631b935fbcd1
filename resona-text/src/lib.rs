#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod cues;
pub mod emotion;
pub mod risk;
pub mod sentiment;

pub use resona_core::{Emotion, EmotionScores, Error, Limits, Result};
