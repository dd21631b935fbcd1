//! Voice emotion: the bundled model trained by Resona on EmoDB, models of your own, and
//! VAD-driven segments of 2-5 s, whole or streamed.
//!
//! - [`VoiceEmotionModel::bundled`] loads Resona's model: a standardiser and a linear
//!   classifier over Resona's own [`VoiceFeatures`] (162 values), exported to ONNX and run
//!   through [`resona_core::Model`] (tract or ONNX Runtime). Trained on the acted German
//!   speech of EmoDB (eight speakers); `models/README.md` has its provenance and its
//!   leave-one-speaker-out accuracy, clean and in noise.
//! - [`VoiceEmotionModel::from_onnx`] loads any ONNX classifier with a [`VoiceModelSpec`]:
//!   raw 16 kHz waveform input (wav2vec2/HuBERT-style) or Resona's feature vector, and labels
//!   mapping its classes onto Resona's [`Emotion`](resona_core::Emotion)s.
//!
//! # Classes
//! EmoDB's seven labels map onto Resona's classes as anger → angry, boredom → **neutral**,
//! disgust → disgusted, fear → fearful, happiness → happy, sadness → sad, neutral → neutral.
//! EmoDB has no surprise, so the bundled model has six outputs and
//! [`Emotion::Surprised`](resona_core::Emotion::Surprised) always has probability 0 in its
//! [`EmotionScores`](resona_core::EmotionScores). A model of your own gets probability 0 for
//! every emotion its labels do not name.
//!
//! # Results and bad input
//! Each result carries the scores, the most probable emotion, its probability
//! (`confidence`) and `gated = confidence < gate` (0.6 by default). Silence or noise without
//! speech is an [`InputError::Empty`](resona_core::InputError::Empty) (`what = "speech"`)
//! from [`VoiceEmotionModel::classify`] and an empty list from
//! [`VoiceEmotionModel::classify_segments`] and [`EmotionStream`]; speech shorter than
//! `min_speech` (1 s) is an [`InputError::BufferTooShort`](resona_core::InputError) or left
//! out of segments; a waveform model given another rate than 16 kHz is an
//! [`InputError::InvalidSampleRate`](resona_core::InputError); model bytes that are not a
//! model or do not match the spec are [`ModelError`](resona_core::ModelError)s.

mod features;
mod model;
mod segments;

pub use features::{FEATURE_DIM, N_MFCC, TARGET_RMS_DBFS, VoiceFeatures, voice_feature_names};
pub use model::{
    BUNDLED_LABELS, BUNDLED_MODEL, VoiceEmotion, VoiceEmotionConfig, VoiceEmotionModel, VoiceInput, VoiceModelSpec,
    WAVEFORM_RATE,
};
pub use segments::{EmotionSegment, EmotionStream};
