//! [`VoiceFeatures`]: the feature vector of the bundled voice-emotion model.
//!
//! The training script (`models/scripts/voice_features.py`) computes the same vector through
//! Resona's Python binding, so training and inference see identical numbers. For one utterance
//! at 16 kHz:
//!
//! 1. **Trim to speech**: the span from the start of the first to the end of the last speech
//!    segment of Resona's [`Vad`] (default settings); sample index `floor(t × 16000 + 0.5)`.
//!    An utterance in which the VAD finds no speech is an error here ([`InputError::Empty`]
//!    with `what = "speech"`); the training script keeps such files whole (EmoDB has none).
//! 2. **Gain normalisation** to an RMS of [`TARGET_RMS_DBFS`] over the trimmed utterance
//!    ([`normalize_rms`]), so the model does not depend on microphone gain.
//! 3. The 42 functionals of [`FeatureExtractor`] in [`FEATURE_NAMES`] order (NaN where
//!    undefined).
//! 4. The mean and population standard deviation over frames of each of the 40 MFCC
//!    ([`MfccConfig::default`](crate::spectral::MfccConfig::default)), then the standard deviation of their deltas ([`delta`],
//!    width 9, order 1: `librosa.feature.delta`).
//!
//! That is [`FEATURE_DIM`] = 42 + 3 × 40 = 162 values, named by [`voice_feature_names`].

use resona_core::{InputError, Result, SampleRate};

use crate::features::{FEATURE_NAMES, FeatureExtractor};
use crate::preprocess::{Vad, VadConfig, normalize_rms};
use crate::spectral::delta;

/// Number of MFCC summarised.
pub const N_MFCC: usize = 40;
/// Length of the feature vector: 42 functionals, then 40 MFCC means, 40 MFCC standard
/// deviations and 40 delta standard deviations.
pub const FEATURE_DIM: usize = FEATURE_NAMES.len() + 3 * N_MFCC;
/// RMS level every utterance is normalised to before analysis, in dBFS.
pub const TARGET_RMS_DBFS: f32 = -25.0;
/// Width of the delta window, librosa's default.
const DELTA_WIDTH: usize = 9;
/// The analysis rate.
const RATE: SampleRate = SampleRate::HZ_16000;

/// Names of the [`FEATURE_DIM`] values: the functionals' names, then `mfcc{k}_mean_all`,
/// `mfcc{k}_sd_all` and `mfcc{k}_delta_sd` for k = 0..40.
#[must_use]
pub fn voice_feature_names() -> Vec<String> {
    let mut names: Vec<String> = FEATURE_NAMES.iter().map(|s| (*s).to_owned()).collect();
    for suffix in ["mean_all", "sd_all", "delta_sd"] {
        names.extend((0..N_MFCC).map(|k| format!("mfcc{k}_{suffix}")));
    }
    names
}

/// Computes the feature vector of 16 kHz utterances; plans built once.
#[derive(Debug)]
pub struct VoiceFeatures {
    vad: Vad,
    summary: FeatureExtractor,
}

impl VoiceFeatures {
    /// Builds the analysers with their default settings.
    pub fn new() -> Result<Self> {
        Ok(Self { vad: Vad::new(VadConfig::default())?, summary: FeatureExtractor::new()? })
    }

    /// The speech span `[start, end)` in samples of a 16 kHz signal: from the first VAD
    /// segment's start to the last one's end, or `None` when there is no speech (or the
    /// signal is shorter than one VAD frame).
    pub fn speech_span(&self, y: &[f32]) -> Result<Option<(usize, usize)>> {
        if y.len() < self.vad.config().frame_length {
            return Ok(None);
        }
        let segments = self.vad.process(y)?.segments;
        let (Some(first), Some(last)) = (segments.first(), segments.last()) else {
            return Ok(None);
        };
        let at = |t: f64| ((t * f64::from(RATE.get()) + 0.5).floor().max(0.0) as usize).min(y.len());
        let (a, b) = (at(first.start.0), at(last.end.0));
        Ok((b > a).then_some((a, b)))
    }

    /// The feature vector of `y` (16 kHz mono), trimmed to speech and gain-normalised, with
    /// NaN where a functional is undefined.
    ///
    /// Errors: [`InputError::Empty`] for no samples or no speech, [`InputError::NonFinite`],
    /// [`InputError::BufferTooShort`] when the speech is shorter than the delta window
    /// (9 frames, about 0.1 s).
    pub fn extract(&mut self, y: &[f32]) -> Result<Vec<f32>> {
        if y.is_empty() {
            return Err(InputError::Empty { what: "audio samples" }.into());
        }
        InputError::check_finite("audio samples", y)?;
        let Some((a, b)) = self.speech_span(y)? else {
            return Err(InputError::Empty { what: "speech" }.into());
        };
        let mut speech = y[a..b].to_vec();
        self.extract_trimmed(&mut speech)
    }

    /// Steps 2-4 on an utterance already trimmed to speech; `speech` is normalised in place.
    pub(crate) fn extract_trimmed(&mut self, speech: &mut [f32]) -> Result<Vec<f32>> {
        normalize_rms(speech, TARGET_RMS_DBFS)?;
        let (summary, mfcc) = self.summary.extract_with_mfcc(speech, RATE)?;
        let mut out = summary.to_vec();
        let deltas = delta(&mfcc, DELTA_WIDTH, 1)?;
        out.reserve(3 * N_MFCC);
        let rows = |m: &crate::FeatureMatrix, k: usize| mean_sd(m.row(k).unwrap_or(&[]));
        out.extend((0..N_MFCC).map(|k| rows(&mfcc, k).0));
        out.extend((0..N_MFCC).map(|k| rows(&mfcc, k).1));
        out.extend((0..N_MFCC).map(|k| rows(&deltas, k).1));
        Ok(out)
    }
}

/// Mean and population standard deviation, accumulated in f64 (as numpy's `mean`/`std`).
fn mean_sd(v: &[f32]) -> (f32, f32) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let mean = v.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let var = v.iter().map(|&x| (f64::from(x) - mean).powi(2)).sum::<f64>() / n;
    (mean as f32, var.sqrt() as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_dimension() {
        let names = voice_feature_names();
        assert_eq!(names.len(), FEATURE_DIM);
        assert_eq!(names[42], "mfcc0_mean_all");
        assert_eq!(names[FEATURE_DIM - 1], "mfcc39_delta_sd");
    }

    #[test]
    fn silence_has_no_speech() {
        let mut f = VoiceFeatures::new().unwrap();
        let e = f.extract(&vec![0.0; 16_000]).unwrap_err();
        assert_eq!(e.code(), "empty");
        assert_eq!(f.extract(&[]).unwrap_err().code(), "empty");
        assert_eq!(f.extract(&[f32::NAN; 10]).unwrap_err().code(), "non_finite");
    }
}
