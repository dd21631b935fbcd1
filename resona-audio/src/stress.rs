//! Vocal stress: a reading in `[0, 1]` from seven explained indicators.
//!
//! Acute stress and arousal raise the voice's pitch and often its variability, speed up
//! speech, make breathing and phrasing less regular, raise vocal effort (loudness) and, less
//! consistently, perturb the cycle-to-cycle regularity of phonation (jitter, shimmer); see
//! Giddens et al., "Vocal indices of stress: a review", J. Voice 27(3), 2013, and Kirchhübel
//! et al., "The acoustic and temporal characteristics of deceptive speech" / "Acoustic
//! correlates of speech when under stress", 2011-2013. None of these is specific to stress
//! (they also rise with excitement or effort), so the reading is an arousal-style indicator,
//! not a diagnosis.
//!
//! # Formula
//! Each indicator `i` takes a value `x_i` from a [`FeatureSummary`] and a reference
//! `(mean_i, sd_i)`: the user's [`VoiceBaseline`] when given, [`VoiceBaseline::population`]
//! otherwise. Then
//!
//! - deviation `z_i = (x_i - mean_i) / sd_i` (a z-score against the reference);
//! - contribution `c_i = w_i × min(max(z_i, 0), z_max)`: only deviations in the stress-raising
//!   direction (upwards for all seven) count, capped at `z_max` so one extreme value cannot
//!   decide alone;
//! - score `= 1 / (1 + exp(-(Σ c_i - bias)))`, the logistic of the summed contributions.
//!
//! With every indicator at or below its reference the score is `1 / (1 + e^bias)` (0.12 with
//! the default bias 2); it passes 0.5 once the weighted positive deviations add up to `bias`.
//! An indicator whose value is undefined (no pitch in the utterance, too few periods for
//! jitter) contributes 0 and is reported with `value: None`. The score is bounded in `(0, 1)`,
//! finite, and non-decreasing in each indicator's value (strictly increasing while
//! `0 < z_i < z_max`); the property tests in `tests/vocal_stress.rs` check it.

use resona_core::{ConfigError, InputError, Result};

use crate::features::FeatureSummary;

/// The seven indicators, in the order of [`VocalStressReading::indicators`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum IndicatorKind {
    /// Median pitch, semitones re 27.5 Hz (`pitch_p50_st`).
    PitchElevation,
    /// Pitch standard deviation in semitones (`pitch_sd_st`).
    PitchVariability,
    /// Syllable nuclei per second of the whole utterance (`speech_rate`).
    SpeechRate,
    /// Coefficient of variation of phrase durations between pauses (`phrasing_irregularity`):
    /// irregular breathing and phrasing.
    PauseIrregularity,
    /// Mean frame level in dBFS (`loudness_mean_db`): only meaningful against a baseline
    /// recorded with the same microphone and gain.
    Loudness,
    /// Praat's local jitter, a fraction (`jitter_local`).
    Jitter,
    /// Praat's local shimmer, a fraction (`shimmer_local`).
    Shimmer,
}

impl IndicatorKind {
    /// All indicators in reading order.
    pub const ALL: [Self; 7] = [
        Self::PitchElevation,
        Self::PitchVariability,
        Self::SpeechRate,
        Self::PauseIrregularity,
        Self::Loudness,
        Self::Jitter,
        Self::Shimmer,
    ];

    /// Stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PitchElevation => "pitch_elevation",
            Self::PitchVariability => "pitch_variability",
            Self::SpeechRate => "speech_rate",
            Self::PauseIrregularity => "pause_irregularity",
            Self::Loudness => "loudness",
            Self::Jitter => "jitter",
            Self::Shimmer => "shimmer",
        }
    }

    /// Index in [`IndicatorKind::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            Self::PitchElevation => 0,
            Self::PitchVariability => 1,
            Self::SpeechRate => 2,
            Self::PauseIrregularity => 3,
            Self::Loudness => 4,
            Self::Jitter => 5,
            Self::Shimmer => 6,
        }
    }

    /// The indicator's value in `summary`, `None` when undefined there.
    #[must_use]
    pub fn value(self, summary: &FeatureSummary) -> Option<f32> {
        let v = match self {
            Self::PitchElevation => summary.pitch_p50_st,
            Self::PitchVariability => summary.pitch_sd_st,
            Self::SpeechRate => Some(summary.speech_rate),
            Self::PauseIrregularity => summary.phrasing_irregularity,
            Self::Loudness => Some(summary.loudness_mean_db),
            Self::Jitter => summary.jitter_local,
            Self::Shimmer => summary.shimmer_local,
        };
        v.filter(|x| x.is_finite())
    }
}

/// A reference for one indicator: mean and standard deviation.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Reference {
    /// Typical value.
    pub mean: f32,
    /// Typical spread (> 0).
    pub sd: f32,
}

/// A speaker's (or the population's) typical values of the seven indicators: a plain struct
/// of means and standard deviations, indexed like [`IndicatorKind::ALL`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VoiceBaseline {
    /// One reference per indicator, in [`IndicatorKind::ALL`] order.
    pub references: [Reference; 7],
}

impl VoiceBaseline {
    /// Population defaults for adult speech, used when no baseline is given: a published
    /// norm where one exists, checked against (or, for connected-speech voice quality, taken
    /// from) Resona's own functionals on the 65 neutral recordings of EmoDB's eight speakers
    /// (`models/README.md`, "Vocal stress defaults"):
    ///
    /// | indicator | mean | sd | source |
    /// |---|---|---|---|
    /// | pitch elevation | 30.0 st (≈ 155 Hz) | 5.0 st | mean speaking f0 ≈ 120 Hz (men) and ≈ 210 Hz (women), Titze, *Principles of Voice Production*, 1994, pooled so ±1 sd spans both; EmoDB neutral: 29.5 ± 4.7 st |
    /// | pitch variability | 2.5 st | 1.0 st | f0 sd of read speech 2-3 st (Traunmüller & Eriksson, 1995); EmoDB neutral: 2.6 ± 0.8 st |
    /// | speech rate | 4.5 syll/s | 1.0 syll/s | 3-5 syllables/s including pauses (de Jong & Wempe, Behav. Res. Methods 41(2), 2009; Pellegrino et al., Language 87(3), 2011); EmoDB neutral (short read sentences): 5.2 ± 1.0 |
    /// | pause irregularity | 0.5 | 0.25 | no published norm for this functional and undefined in EmoDB's single-phrase sentences: a placeholder; prefer a personal baseline |
    /// | loudness | -30 dBFS | 6 dB | a typical speech recording level; meaningless without a baseline from the same microphone and gain |
    /// | jitter | 0.03 | 0.008 | Praat local jitter of connected speech, EmoDB neutral 0.031 ± 0.007 (MDVP's 1.04 % norm is for sustained vowels, which connected speech exceeds) |
    /// | shimmer | 0.10 | 0.02 | Praat local shimmer of connected speech, EmoDB neutral 0.101 ± 0.018 (MDVP's 3.81 % norm is for sustained vowels) |
    #[must_use]
    pub fn population() -> Self {
        let r = |mean, sd| Reference { mean, sd };
        Self {
            references: [
                r(30.0, 5.0),
                r(2.5, 1.0),
                r(4.5, 1.0),
                r(0.5, 0.25),
                r(-30.0, 6.0),
                r(0.03, 0.008),
                r(0.10, 0.02),
            ],
        }
    }

    /// The reference of one indicator.
    #[must_use]
    pub const fn get(&self, kind: IndicatorKind) -> Reference {
        self.references[kind.index()]
    }

    /// A baseline from summaries of a speaker's calm speech (at least two): per indicator the
    /// mean and standard deviation (sample, n - 1) of its defined values. An indicator defined
    /// in fewer than two summaries, or whose spread is below a tenth of the population sd,
    /// takes the population sd (and, with no value at all, the population mean) so that
    /// deviations stay finite and meaningful.
    ///
    /// Errors: [`InputError::BufferTooShort`] for fewer than two summaries.
    pub fn from_summaries(summaries: &[FeatureSummary]) -> Result<Self> {
        if summaries.len() < 2 {
            return Err(InputError::BufferTooShort {
                what: "baseline summaries",
                expected: 2,
                received: summaries.len(),
            }
            .into());
        }
        let pop = Self::population();
        let mut references = pop.references;
        for kind in IndicatorKind::ALL {
            let values: Vec<f64> = summaries.iter().filter_map(|s| kind.value(s)).map(f64::from).collect();
            let p = pop.get(kind);
            let r = &mut references[kind.index()];
            if values.is_empty() {
                continue;
            }
            let n = values.len() as f64;
            let mean = values.iter().sum::<f64>() / n;
            r.mean = mean as f32;
            let sd = if values.len() >= 2 {
                (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() as f32
            } else {
                p.sd
            };
            r.sd = sd.max(p.sd * 0.1);
        }
        Ok(Self { references })
    }

    fn validate(&self) -> Result<()> {
        for (kind, r) in IndicatorKind::ALL.iter().zip(&self.references) {
            if !r.mean.is_finite() || !r.sd.is_finite() || r.sd <= 0.0 {
                return Err(ConfigError::InvalidParameter {
                    name: "baseline",
                    value: format!("{}: mean {}, sd {}", kind.as_str(), r.mean, r.sd),
                    rule: "each reference needs a finite mean and a finite sd > 0",
                }
                .into());
            }
        }
        Ok(())
    }
}

impl Default for VoiceBaseline {
    fn default() -> Self {
        Self::population()
    }
}

/// Settings of [`VocalStress`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VocalStressConfig {
    /// Weight of each indicator's deviation, in [`IndicatorKind::ALL`] order, each finite and
    /// not negative. Defaults to pitch elevation 1.0, pitch variability 0.5, speech rate 0.8,
    /// pause irregularity 0.5, loudness 0.6, jitter 0.3, shimmer 0.3: the cues the review by
    /// Giddens et al. (2013) found most consistent weigh most.
    pub weights: [f32; 7],
    /// Summed contribution at which the score is 0.5, finite and >= 0. Defaults to 2.0.
    pub bias: f32,
    /// Cap on each positive deviation, finite and > 0. Defaults to 4.0.
    pub z_max: f32,
    /// Reference used when `assess` gets no baseline. Defaults to
    /// [`VoiceBaseline::population`].
    pub population: VoiceBaseline,
}

impl Default for VocalStressConfig {
    fn default() -> Self {
        Self {
            weights: [1.0, 0.5, 0.8, 0.5, 0.6, 0.3, 0.3],
            bias: 2.0,
            z_max: 4.0,
            population: VoiceBaseline::population(),
        }
    }
}

impl VocalStressConfig {
    /// Sets [`VocalStressConfig::weights`].
    #[must_use]
    pub fn with_weights(mut self, v: [f32; 7]) -> Self {
        self.weights = v;
        self
    }
    /// Sets [`VocalStressConfig::bias`].
    #[must_use]
    pub fn with_bias(mut self, v: f32) -> Self {
        self.bias = v;
        self
    }
    /// Sets [`VocalStressConfig::z_max`].
    #[must_use]
    pub fn with_z_max(mut self, v: f32) -> Self {
        self.z_max = v;
        self
    }
    /// Sets [`VocalStressConfig::population`].
    #[must_use]
    pub fn with_population(mut self, v: VoiceBaseline) -> Self {
        self.population = v;
        self
    }
}

/// One explained indicator of a [`VocalStressReading`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Indicator {
    /// Which indicator.
    pub kind: IndicatorKind,
    /// The measured value (units in [`IndicatorKind`]); `None` when undefined.
    pub value: Option<f32>,
    /// The reference it was compared with.
    pub reference: Reference,
    /// `(value - mean) / sd`; 0 when the value is undefined.
    pub deviation: f32,
    /// Its share of the score's logit: `weight × min(max(deviation, 0), z_max)`.
    pub contribution: f32,
}

/// A vocal stress reading.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VocalStressReading {
    /// Stress score in `(0, 1)`; see the [module docs](self) for the formula.
    pub score: f32,
    /// The seven indicators in [`IndicatorKind::ALL`] order.
    pub indicators: Vec<Indicator>,
    /// Whether the references came from the caller's baseline (else the population's).
    pub personal_baseline: bool,
}

/// Computes vocal stress readings from [`FeatureSummary`]s.
#[derive(Debug, Clone)]
pub struct VocalStress {
    config: VocalStressConfig,
}

impl VocalStress {
    /// Validates the settings.
    pub fn new(config: VocalStressConfig) -> Result<Self> {
        if let Some(w) = config.weights.iter().find(|w| !w.is_finite() || **w < 0.0) {
            return Err(ConfigError::InvalidParameter {
                name: "weights",
                value: w.to_string(),
                rule: "each weight must be finite and >= 0",
            }
            .into());
        }
        if !config.bias.is_finite() || config.bias < 0.0 {
            return Err(ConfigError::InvalidParameter {
                name: "bias",
                value: config.bias.to_string(),
                rule: "must be finite and >= 0",
            }
            .into());
        }
        if !config.z_max.is_finite() || config.z_max <= 0.0 {
            return Err(ConfigError::InvalidParameter {
                name: "z_max",
                value: config.z_max.to_string(),
                rule: "must be finite and > 0",
            }
            .into());
        }
        config.population.validate()?;
        Ok(Self { config })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &VocalStressConfig {
        &self.config
    }

    /// Reads stress from an utterance's functionals against `baseline` (the population
    /// defaults when `None`).
    ///
    /// Errors: [`ConfigError::InvalidParameter`] (`"baseline"`) for a baseline with a
    /// non-finite value or an sd <= 0.
    pub fn assess(&self, summary: &FeatureSummary, baseline: Option<&VoiceBaseline>) -> Result<VocalStressReading> {
        if let Some(b) = baseline {
            b.validate()?;
        }
        let refs = baseline.unwrap_or(&self.config.population);
        let mut logit = -f64::from(self.config.bias);
        let indicators: Vec<Indicator> = IndicatorKind::ALL
            .iter()
            .map(|&kind| {
                let reference = refs.get(kind);
                let value = kind.value(summary);
                let deviation = value.map_or(0.0, |x| {
                    // In f64 so that extreme but finite values cannot overflow to infinity.
                    let z = (f64::from(x) - f64::from(reference.mean)) / f64::from(reference.sd);
                    z.clamp(f64::from(f32::MIN), f64::from(f32::MAX)) as f32
                });
                let contribution = self.config.weights[kind.index()] * deviation.clamp(0.0, self.config.z_max);
                logit += f64::from(contribution);
                Indicator { kind, value, reference, deviation, contribution }
            })
            .collect();
        let score = (1.0 / (1.0 + (-logit).exp())) as f32;
        Ok(VocalStressReading { score, indicators, personal_baseline: baseline.is_some() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_reference_score_is_the_bias_floor() {
        let s = VocalStress::new(VocalStressConfig::default()).unwrap();
        let r = s.assess(&FeatureSummary::default(), None).unwrap();
        // Default summary: speech rate 0 and loudness 0 dBFS (above -30) are defined.
        assert_eq!(r.indicators.len(), 7);
        assert!(r.score > 0.0 && r.score < 1.0);
        assert!(!r.personal_baseline);
        let e = VocalStress::new(VocalStressConfig::default().with_bias(f32::NAN)).unwrap_err();
        assert_eq!(e.code(), "invalid_parameter");
    }
}
