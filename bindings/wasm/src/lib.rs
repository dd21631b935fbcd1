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
mod options;
mod plain;
mod scores;
mod text;
mod transformer;

pub use audio::{
    AudioStream, VoiceEmotion, crepe, denoise, features, mfcc, pyin, quality, resample, rms, vad, vocal_stress,
    voice_quality, yin, zcr,
};
pub use engine::Engine;
pub use expression::ExpressionClassifier;
pub use faces::FaceAnalyzer;
pub use scores::{EmotionScores, emotion_scores_from_logits, emotion_scores_from_probabilities, emotions};
pub use text::TextAnalyzer;
pub use transformer::TransformerClassifier;

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

/** Settings of a bring-your-own `TransformerClassifier`; every key is optional. */
export interface TransformerOptions {
  /** Class names in the head's (or the model's output) order: "joy", "anger", ... or Resona's. */
  labels?: string[];
  /** "mean" (over the attention mask, the default), "cls", or "none" (the model gives one vector). */
  pooling?: "mean" | "cls" | "none";
  /** A linear head over the pooled vector: classes x dim weights (row-major, or as rows) and classes biases. */
  head?: { weights: Float32Array | number[] | number[][]; bias: Float32Array | number[] };
  /** Longest token sequence, special tokens included (default 512). */
  maxLength?: number;
  /** L2-normalise the pooled vector (default true). */
  normalize?: boolean;
  /** The graph's int64 inputs in order (default ["input_ids", "attention_mask", "token_type_ids"]). */
  inputs?: ("input_ids" | "attention_mask" | "token_type_ids")[];
  /** The graph output to read (default "last_hidden_state"). */
  output?: string;
}
"#;
