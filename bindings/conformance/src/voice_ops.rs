//! Voice emotion and vocal stress in the conformance cases (cases/voice.json):
//!
//! - `audio_voice_emotion_segments`: `pcm` or `zeros`, `sr` (default 16000), `start_ms`
//!   (default 0) through the bundled model's `classify_segments` on the case's backend; the
//!   result is the list of segments as serde shapes them, `[{start, end, emotion: {scores,
//!   label, confidence, gated}}]` (an empty list when there is no speech).
//! - `audio_vocal_stress`: `pcm` or `zeros`, `sr`: `FeatureExtractor::extract`, then
//!   `VocalStress::assess` against the population defaults; `{score, indicators,
//!   personal_baseline}`.
//!
//! The expected values are Rust's own (tests/regenerate_voice_cases.rs), so these cases hold
//! every surface to the Rust API rather than to a peer tool.

use crate::Output;
use resona::audio::{FeatureExtractor, VocalStress, VocalStressConfig, VoiceEmotionConfig, VoiceEmotionModel};
use resona::{Backend, Error, SampleRate, TimestampMs};
use serde_json::Value;

/// The ops of this module.
pub(crate) const OPS: [&str; 2] = ["audio_voice_emotion_segments", "audio_vocal_stress"];

fn rate(input: &Value) -> Result<SampleRate, Error> {
    let hz = input.get("sr").and_then(Value::as_u64).unwrap_or(16_000);
    // Out-of-range rates saturate so that SampleRate reports them, like any absurd rate.
    Ok(SampleRate::new(u32::try_from(hz).unwrap_or(u32::MAX))?)
}

fn run_op(op: &str, input: &Value, y: &[f32], backend: Backend) -> Result<Value, Error> {
    let value = match op {
        "audio_voice_emotion_segments" => {
            let start = TimestampMs(input.get("start_ms").and_then(Value::as_i64).unwrap_or(0));
            let sr = rate(input)?;
            let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default().with_backend(backend))?;
            serde_json::to_value(model.classify_segments(y, sr, start)?)
        }
        "audio_vocal_stress" => {
            let summary = FeatureExtractor::new()?.extract(y, rate(input)?)?;
            serde_json::to_value(VocalStress::new(VocalStressConfig::default())?.assess(&summary, None)?)
        }
        other => {
            let expected = "audio_voice_emotion_segments or audio_vocal_stress";
            return Err(resona::InputError::UnknownName { what: "op", value: other.to_owned(), expected }.into());
        }
    };
    // Serialising plain structs of numbers, strings and lists cannot fail.
    Ok(value.unwrap_or(Value::Null))
}

pub(crate) fn run(op: &str, input: &Value, backend: Backend) -> Result<Result<Output, Error>, String> {
    let y = crate::audio_ops::samples(input)?;
    Ok(run_op(op, input, &y, backend).map(Output::Value))
}
