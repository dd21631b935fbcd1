//! Hidden stress: contradictions between what the face, the voice and the words say.
//!
//! # Flags and strengths
//!
//! Each rule fires when its conditions hold and gets a strength `s` in `[0, 1]`
//! (`val` = valence, `neg` = text negativity `max(0, −compound)`, `risk` = 0, 1/3, 2/3, 1):
//!
//! | flag | condition (defaults) | strength | weight |
//! |---|---|---|---|
//! | `positive_face_negative_text` | face `val >= 0.3` and `max(neg, risk) >= 0.3` | `(val_face + max(neg, risk)) / 2` | 0.8 |
//! | `flat_voice_cheerful_text` | `compound >= 0.3` and voice arousal `<= 0.25` | `(compound + (0.25 − arousal) / 0.25) / 2` | 0.6 |
//! | `tense_voice_cheerful_text` | `compound >= 0.3` and vocal stress `>= 0.5` | `(compound + vocal_stress) / 2` | 0.9 |
//! | `voice_text_valence_gap` | `|val_voice − compound| >= 0.8` | `|val_voice − compound| / 2` | 0.7 |
//! | `concealment` | deflection and (voice or face `val <= −0.2` or vocal stress `>= 0.5`) | `max(−val_voice, −val_face, vocal_stress)` | 1.0 |
//!
//! The hidden-stress score combines the flags as a noisy-OR, `1 − Π (1 − weight_k · s_k)`,
//! which stays in `[0, 1]`, is 0 without flags and grows with every flag and strength.
//! `hidden_stress` is set when the score reaches 0.4. Face and voice readings whose
//! `confidence · quality` is below 0.2 are ignored, so noise does not raise flags.
//! The valence-gap rule follows the seed's dissonance detector (voice valence against text
//! sentiment); the threshold 0.8 is 40 % of the full `[-1, 1]` span, wide enough that ordinary
//! disagreement between two noisy estimators does not fire it. Text thresholds of ±0.3 are
//! clearly positive or negative VADER compounds (VADER's own neutral band is ±0.05).

use crate::signals::TextSignals;
use crate::util::{check_input, check_param, unit};
use resona_core::{ModalityReading, Result};

/// Settings of [`DissonanceDetector`]; see the module docs for where each is used.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DissonanceConfig {
    /// Face valence at or above which the face counts as positive. Defaults to 0.3.
    pub positive_face_valence: f32,
    /// Text compound at or above which words count as cheerful. Defaults to 0.3.
    pub cheerful_compound: f32,
    /// Text negativity (or risk score) at or above which words count as negative. Defaults to 0.3.
    pub negative_text: f32,
    /// Voice arousal at or below which the voice counts as flat. Defaults to 0.25.
    pub flat_arousal: f32,
    /// Vocal stress at or above which the voice counts as tense. Defaults to 0.5.
    pub tense_vocal_stress: f32,
    /// Voice-versus-text valence gap that fires the gap flag. Defaults to 0.8.
    pub valence_gap: f32,
    /// Voice or face valence at or below which it counts as negative (concealment rule).
    /// Defaults to −0.2.
    pub negative_valence: f32,
    /// Face and voice readings with `confidence · quality` below this are ignored. Defaults to 0.2.
    pub min_reliability: f32,
    /// Score at or above which `hidden_stress` is set. Defaults to 0.4.
    pub hidden_stress_threshold: f32,
}

impl Default for DissonanceConfig {
    fn default() -> Self {
        Self {
            positive_face_valence: 0.3,
            cheerful_compound: 0.3,
            negative_text: 0.3,
            flat_arousal: 0.25,
            tense_vocal_stress: 0.5,
            valence_gap: 0.8,
            negative_valence: -0.2,
            min_reliability: 0.2,
            hidden_stress_threshold: 0.4,
        }
    }
}

impl DissonanceConfig {
    /// Sets [`DissonanceConfig::valence_gap`].
    #[must_use]
    pub const fn with_valence_gap(mut self, v: f32) -> Self {
        self.valence_gap = v;
        self
    }
    /// Sets [`DissonanceConfig::hidden_stress_threshold`].
    #[must_use]
    pub const fn with_hidden_stress_threshold(mut self, v: f32) -> Self {
        self.hidden_stress_threshold = v;
        self
    }
    /// Sets [`DissonanceConfig::min_reliability`].
    #[must_use]
    pub const fn with_min_reliability(mut self, v: f32) -> Self {
        self.min_reliability = v;
        self
    }
    /// Sets [`DissonanceConfig::tense_vocal_stress`].
    #[must_use]
    pub const fn with_tense_vocal_stress(mut self, v: f32) -> Self {
        self.tense_vocal_stress = v;
        self
    }
}

/// Kinds of contradiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DissonanceKind {
    /// A positive face with negative or risky words.
    PositiveFaceNegativeText,
    /// Cheerful words in a flat, low-energy voice.
    FlatVoiceCheerfulText,
    /// Cheerful words in a tense, stressed voice.
    TenseVoiceCheerfulText,
    /// The voice's valence and the words' sentiment are far apart.
    VoiceTextValenceGap,
    /// A deflecting phrase ("I'm fine") with a negative voice or face.
    Concealment,
}

impl DissonanceKind {
    /// Weight in the noisy-OR.
    const fn weight(self) -> f64 {
        match self {
            Self::PositiveFaceNegativeText => 0.8,
            Self::FlatVoiceCheerfulText => 0.6,
            Self::TenseVoiceCheerfulText => 0.9,
            Self::VoiceTextValenceGap => 0.7,
            Self::Concealment => 1.0,
        }
    }
}

/// One contradiction, with a human-readable explanation for the host.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DissonanceFlag {
    /// Which rule fired.
    pub kind: DissonanceKind,
    /// Strength in `[0, 1]`.
    pub strength: f32,
    /// Why, with the numbers (English).
    pub explanation: String,
}

/// What the detector sees at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DissonanceInputs {
    /// Latest face reading.
    pub face: Option<ModalityReading>,
    /// Latest voice reading.
    pub voice: Option<ModalityReading>,
    /// Vocal stress `[0, 1]` from resona-audio.
    pub vocal_stress: Option<f32>,
    /// Latest text signals.
    pub text: Option<TextSignals>,
}

/// Hidden-stress score and flags.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Dissonance {
    /// Noisy-OR of the flags, `[0, 1]`.
    pub score: f32,
    /// `score >= hidden_stress_threshold`.
    pub hidden_stress: bool,
    /// The rules that fired, in [`DissonanceKind`] order.
    pub flags: Vec<DissonanceFlag>,
}

/// Detects contradictions between modalities (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct DissonanceDetector {
    config: DissonanceConfig,
}

impl DissonanceDetector {
    /// Validates the configuration (every value finite; thresholds in their input's range).
    pub fn new(config: DissonanceConfig) -> Result<Self> {
        let c = &config;
        check_param("positive_face_valence", c.positive_face_valence.into(), -1.0, 1.0, "must be in [-1, 1]")?;
        check_param("cheerful_compound", c.cheerful_compound.into(), -1.0, 1.0, "must be in [-1, 1]")?;
        check_param("negative_text", c.negative_text.into(), 0.0, 1.0, "must be in [0, 1]")?;
        check_param("flat_arousal", c.flat_arousal.into(), 1e-6, 1.0, "must be in (0, 1]")?;
        check_param("tense_vocal_stress", c.tense_vocal_stress.into(), 0.0, 1.0, "must be in [0, 1]")?;
        check_param("valence_gap", c.valence_gap.into(), 0.0, 2.0, "must be in [0, 2]")?;
        check_param("negative_valence", c.negative_valence.into(), -1.0, 1.0, "must be in [-1, 1]")?;
        check_param("min_reliability", c.min_reliability.into(), 0.0, 1.0, "must be in [0, 1]")?;
        check_param("hidden_stress_threshold", c.hidden_stress_threshold.into(), 0.0, 1.0, "must be in [0, 1]")?;
        Ok(Self { config })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &DissonanceConfig {
        &self.config
    }

    /// Scores the contradictions in `x`. Errors on invalid text signals or vocal stress.
    pub fn detect(&self, x: &DissonanceInputs) -> Result<Dissonance> {
        let c = &self.config;
        if let Some(t) = &x.text {
            t.validate()?;
        }
        if let Some(v) = x.vocal_stress {
            check_input("vocal_stress", v, 0.0, 1.0, "[0, 1]")?;
        }
        let reliable = |r: &Option<ModalityReading>| r.filter(|r| r.confidence() * r.quality() >= c.min_reliability);
        let face = reliable(&x.face);
        let voice = reliable(&x.voice);
        let stress = x.vocal_stress.map(f64::from);
        let mut flags = Vec::new();
        let mut push = |kind: DissonanceKind, s: f64, explanation: String| {
            flags.push(DissonanceFlag { kind, strength: unit(s) as f32, explanation });
        };
        if let Some(t) = &x.text {
            let compound = f64::from(t.compound);
            let text_bad = t.negativity().max(t.risk.score());
            if let Some(f) = &face {
                let fv = f64::from(f.valence());
                if fv >= f64::from(c.positive_face_valence) && text_bad >= f64::from(c.negative_text) {
                    push(
                        DissonanceKind::PositiveFaceNegativeText,
                        (fv + text_bad) / 2.0,
                        format!(
                            "the face looks positive (valence {fv:.2}) while the words are negative or risky \
                             (compound {compound:.2}, risk {})",
                            t.risk.as_str()
                        ),
                    );
                }
            }
            let cheerful = compound >= f64::from(c.cheerful_compound);
            if let (true, Some(v)) = (cheerful, &voice) {
                let ar = f64::from(v.arousal());
                let flat = f64::from(c.flat_arousal);
                if ar <= flat {
                    push(
                        DissonanceKind::FlatVoiceCheerfulText,
                        (compound + (flat - ar) / flat) / 2.0,
                        format!("cheerful words (compound {compound:.2}) in a flat voice (arousal {ar:.2})"),
                    );
                }
            }
            if let (true, Some(s)) = (cheerful, stress) {
                if s >= f64::from(c.tense_vocal_stress) {
                    push(
                        DissonanceKind::TenseVoiceCheerfulText,
                        (compound + s) / 2.0,
                        format!("cheerful words (compound {compound:.2}) in a tense voice (vocal stress {s:.2})"),
                    );
                }
            }
            if let Some(v) = &voice {
                let vv = f64::from(v.valence());
                let gap = (vv - compound).abs();
                if gap >= f64::from(c.valence_gap) {
                    push(
                        DissonanceKind::VoiceTextValenceGap,
                        gap / 2.0,
                        format!(
                            "the voice (valence {vv:.2}) and the words (compound {compound:.2}) disagree by {gap:.2}"
                        ),
                    );
                }
            }
            if t.deflection {
                let neg = f64::from(c.negative_valence);
                let vv = voice.map(|v| f64::from(v.valence()));
                let fv = face.map(|f| f64::from(f.valence()));
                let tense = stress.filter(|&s| s >= f64::from(c.tense_vocal_stress));
                let neg_voice = vv.filter(|&v| v <= neg);
                let neg_face = fv.filter(|&v| v <= neg);
                if neg_voice.is_some() || neg_face.is_some() || tense.is_some() {
                    let s =
                        [neg_voice.map(|v| -v), neg_face.map(|v| -v), tense].into_iter().flatten().fold(0.0, f64::max);
                    let mut why = Vec::new();
                    if let Some(v) = neg_voice {
                        why.push(format!("voice valence {v:.2}"));
                    }
                    if let Some(v) = neg_face {
                        why.push(format!("face valence {v:.2}"));
                    }
                    if let Some(v) = tense {
                        why.push(format!("vocal stress {v:.2}"));
                    }
                    push(
                        DissonanceKind::Concealment,
                        s,
                        format!("a deflecting phrase while the signals are negative ({})", why.join(", ")),
                    );
                }
            }
        }
        let keep: f64 = flags.iter().map(|f| 1.0 - f.kind.weight() * f64::from(f.strength)).product();
        let score = unit(1.0 - keep) as f32;
        Ok(Dissonance { score, hidden_stress: score >= c.hidden_stress_threshold && !flags.is_empty(), flags })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::RiskLevel;
    use proptest::prelude::*;
    use resona_core::{EmotionScores, Modality, TimestampMs};

    const TOL: f32 = 1e-6;

    fn reading(m: Modality, valence: f32, arousal: f32) -> ModalityReading {
        let s = EmotionScores::from_probabilities([1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        ModalityReading::new(m, s, 0.9, valence, arousal, 0.9, TimestampMs(0)).unwrap()
    }

    fn det() -> DissonanceDetector {
        DissonanceDetector::new(DissonanceConfig::default()).unwrap()
    }

    #[test]
    fn agreeing_signals_raise_nothing() {
        let x = DissonanceInputs {
            face: Some(reading(Modality::Face, 0.7, 0.5)),
            voice: Some(reading(Modality::Voice, 0.5, 0.5)),
            vocal_stress: Some(0.1),
            text: Some(TextSignals::new(0.6, RiskLevel::Normal, false).unwrap()),
        };
        let d = det().detect(&x).unwrap();
        assert_eq!((d.score, d.hidden_stress, d.flags.len()), (0.0, false, 0));
        assert_eq!(det().detect(&DissonanceInputs::default()).unwrap().score, 0.0);
    }

    #[test]
    fn tense_voice_behind_cheerful_words() {
        let x = DissonanceInputs {
            voice: Some(reading(Modality::Voice, -0.3, 0.7)),
            vocal_stress: Some(0.8),
            text: Some(TextSignals::new(0.7, RiskLevel::Normal, false).unwrap()),
            ..Default::default()
        };
        let d = det().detect(&x).unwrap();
        let kinds: Vec<_> = d.flags.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [DissonanceKind::TenseVoiceCheerfulText, DissonanceKind::VoiceTextValenceGap]);
        // strengths 0.75 and 0.5 → 1 − (1 − 0.9·0.75)(1 − 0.7·0.5) = 0.78875
        assert!((d.score - 0.788_75).abs() < TOL, "{d:?}");
        assert!(d.hidden_stress);
        assert!(d.flags[0].explanation.contains("vocal stress 0.80"));
    }

    #[test]
    fn smile_with_risky_words_and_concealment() {
        let x = DissonanceInputs {
            face: Some(reading(Modality::Face, 0.6, 0.4)),
            voice: Some(reading(Modality::Voice, -0.5, 0.1)),
            vocal_stress: None,
            text: Some(TextSignals::new(0.1, RiskLevel::Moderate, true).unwrap()),
        };
        let d = det().detect(&x).unwrap();
        let kinds: Vec<_> = d.flags.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [DissonanceKind::PositiveFaceNegativeText, DissonanceKind::Concealment]);
        assert!((d.flags[1].strength - 0.5).abs() < TOL);
        assert!(d.hidden_stress);
    }

    #[test]
    fn unreliable_readings_are_ignored() {
        let s = EmotionScores::from_probabilities([1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        let blurry = ModalityReading::new(Modality::Face, s, 0.3, 0.9, 0.5, 0.3, TimestampMs(0)).unwrap();
        let x = DissonanceInputs {
            face: Some(blurry),
            text: Some(TextSignals::new(-0.8, RiskLevel::Normal, false).unwrap()),
            ..Default::default()
        };
        assert!(det().detect(&x).unwrap().flags.is_empty());
        let bad = DissonanceInputs { vocal_stress: Some(2.0), ..Default::default() };
        assert_eq!(det().detect(&bad).unwrap_err().code(), "out_of_range");
    }

    proptest! {
        #[test]
        fn score_in_unit_range(fv in -1.0f32..=1.0, vv in -1.0f32..=1.0, va in 0.0f32..=1.0,
                               vs in 0.0f32..=1.0, c in -1.0f32..=1.0, r in 0usize..4, defl: bool) {
            let x = DissonanceInputs {
                face: Some(reading(Modality::Face, fv, 0.5)),
                voice: Some(reading(Modality::Voice, vv, va)),
                vocal_stress: Some(vs),
                text: Some(TextSignals::new(c, RiskLevel::ALL[r], defl).unwrap()),
            };
            let d = det().detect(&x).unwrap();
            prop_assert!((0.0..=1.0).contains(&d.score));
            prop_assert!(d.flags.iter().all(|f| (0.0..=1.0).contains(&f.strength)));
            // More vocal stress never lowers the score.
            let more = DissonanceInputs { vocal_stress: Some((vs + 0.3).min(1.0)), ..x };
            prop_assert!(det().detect(&more).unwrap().score >= d.score);
        }
    }
}
