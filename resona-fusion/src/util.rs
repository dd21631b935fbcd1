//! Small shared helpers: range checks with typed errors, and building distributions from f64.

use resona_core::{ConfigError, Emotion, EmotionScores, Error, InputError, Result};

/// Checks that `value` is finite and in `[lo, hi]`.
pub(crate) fn check_input(what: &'static str, value: f32, lo: f32, hi: f32, rule: &'static str) -> Result<()> {
    if !value.is_finite() {
        return Err(InputError::NonFinite { what, index: 0, value: value.to_string() }.into());
    }
    if !(lo..=hi).contains(&value) {
        return Err(InputError::OutOfRange { what, index: 0, value: value.to_string(), rule }.into());
    }
    Ok(())
}

/// Checks a configuration value: finite and in `[lo, hi]`.
pub(crate) fn check_param(name: &'static str, value: f64, lo: f64, hi: f64, rule: &'static str) -> Result<()> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::InvalidParameter { name, value: value.to_string(), rule }.into())
    }
}

/// A configuration error for an integer parameter.
pub(crate) fn bad_param(name: &'static str, value: impl ToString, rule: &'static str) -> Error {
    ConfigError::InvalidParameter { name, value: value.to_string(), rule }.into()
}

/// Builds a distribution from non-negative weights that sum to about 1 (computed in f64).
///
/// Renormalises in f64 so the f32 result passes [`EmotionScores`]' validation; falls back to
/// neutral = 1 when the weights carry no mass (cannot happen for callers that average valid
/// distributions with positive weights, but a fallback beats a panic).
pub(crate) fn scores_from_f64(p: &[f64; 7]) -> EmotionScores {
    let sum: f64 = p.iter().map(|v| if v.is_finite() && *v > 0.0 { *v } else { 0.0 }).sum();
    let mut out = [0.0f32; 7];
    if sum > 0.0 {
        for (o, v) in out.iter_mut().zip(p) {
            *o = if v.is_finite() && *v > 0.0 { (v / sum) as f32 } else { 0.0 };
        }
    } else {
        out[Emotion::Neutral.index()] = 1.0;
    }
    let fixed = EmotionScores::from_model_probabilities(&out, &Emotion::ALL, 1e-3);
    fixed.unwrap_or_else(|_| neutral())
}

/// All mass on neutral.
// A constant one-hot distribution always passes validation (finite, in [0, 1], sums to 1), so
// the expect can never fire; EmotionScores has no infallible constructor to use instead.
#[allow(clippy::expect_used)]
pub(crate) fn neutral() -> EmotionScores {
    EmotionScores::from_probabilities([1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).expect("one-hot is a valid distribution")
}

/// Clamps to `[0, 1]`, mapping NaN to 0.
pub(crate) fn unit(v: f64) -> f64 {
    if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) }
}
