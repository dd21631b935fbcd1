//! Resona for JavaScript: WebAssembly bindings for Node and browsers.
//!
//! This crate only converts: typed arrays and strings in, [`resona`] calls, typed arrays and
//! classes out, and [`resona::Error`] into a JS `Error` that keeps its kind and code. Build it
//! with `wasm-bindgen` (see `README.md`); the npm package is called `resona`.
//!
//! No ONNX Runtime here: `ort` does not build for wasm32, so models run on tract.

mod audio;
mod engine;
mod error;
mod expression;
mod faces;
mod plain;
mod scores;
mod text;

pub use audio::{
    AudioStream, VoiceEmotion, crepe, denoise, features, mfcc, pyin, quality, resample, rms, vad, vocal_stress,
    voice_quality, yin, zcr,
};
pub use engine::Engine;
pub use expression::ExpressionClassifier;
pub use faces::FaceAnalyzer;
pub use scores::{EmotionScores, emotion_scores_from_logits, emotion_scores_from_probabilities, emotions};
pub use text::TextAnalyzer;

use wasm_bindgen::prelude::wasm_bindgen;

// Names the string vocabularies and the error shape for TypeScript; the generated
// declarations refer to these through `unchecked_*_type`.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** One of Resona's seven emotions, in Resona's order. */
export type Emotion = "neutral" | "happy" | "sad" | "angry" | "fearful" | "surprised" | "disgusted";

/** Layout of one pixel: 3, 4, 3 or 1 bytes. */
export type PixelFormat = "rgb8" | "rgba8" | "bgr8" | "gray8";

/** The four kinds of Resona error. */
export type ResonaErrorKind = "config" | "input" | "limit" | "model";

/**
 * What every Resona call throws on failure: a real `Error` whose `name` tells the kind,
 * with the stable snake_case `code` of the rule that was broken (e.g. "stride_too_small").
 */
export interface ResonaError extends Error {
  name: "ResonaConfigError" | "ResonaInputError" | "ResonaLimitError" | "ResonaModelError";
  kind: ResonaErrorKind;
  code: string;
}
"#;
