#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub use resona_core::*;

/// Voice: preprocessing, features, pitch, voice quality, voice emotion.
#[cfg(feature = "audio")]
pub use resona_audio as audio;
/// Fusion of the modalities.
#[cfg(feature = "fusion")]
pub use resona_fusion as fusion;
/// Text: sentiment, emotion, risk, code-switching.
#[cfg(feature = "text")]
pub use resona_text as text;
/// Face: expression (and detection, landmarks, arousal as they land).
#[cfg(feature = "vision")]
pub use resona_vision as vision;

#[cfg(all(feature = "audio", feature = "vision", feature = "text", feature = "fusion"))]
pub mod engine;
#[cfg(all(feature = "audio", feature = "vision", feature = "text", feature = "fusion"))]
pub use engine::{
    DEFAULT_FACE_INTERVAL_MS, DEFAULT_REDETECT_INTERVAL_MS, Engine, EngineConfig, EngineState, VoiceReading,
};

/// The repository README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct RepositoryReadme;
