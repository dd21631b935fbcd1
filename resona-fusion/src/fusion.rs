//! Attention-weighted voting over the face, voice and text readings.
//!
//! # Formula
//!
//! For each modality `m` with a usable reading (the newest one given for `m`, no older than
//! that modality's maximum age relative to the caller's `now`):
//!
//! ```text
//! raw_m   = prior_m · confidence_m · quality_m
//! w_m     = raw_m / Σ raw              (the attention weight, reported per modality)
//! p       = Σ w_m · p_m                (fused distribution)
//! valence = Σ w_m · valence_m,  arousal = Σ w_m · arousal_m
//! confidence = max(p) · coverage,  coverage = Σ raw / Σ prior (over all three modalities)
//! ```
//!
//! `coverage` is 1 when all three modalities are present, fully confident and of perfect
//! quality, and shrinks as modalities go missing or degrade, so one blurry face alone never
//! claims the confidence of three agreeing signals. All arithmetic is in f64.
//!
//! Default priors: voice 1.0, face 0.9, text 0.8. Voice is the channel people control least
//! (a social smile and chosen words mask more easily), which is also why hidden-stress
//! detection trusts it; the gaps are small so that confidence and quality dominate.
//! Default maximum ages: face 1 s (video runs at 15-30 FPS), voice 5 s (a few analysis
//! windows), text 60 s (chat messages are sparse but stay relevant for a minute).

use crate::util::{bad_param, check_param, scores_from_f64};
use resona_core::{Emotion, EmotionScores, InputError, Modality, ModalityReading, Result, TimestampMs};

/// Settings of [`Fuser`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FusionConfig {
    /// Reliability prior of the face, `[0, 1]`. Defaults to 0.9.
    pub face_prior: f32,
    /// Reliability prior of the voice, `[0, 1]`. Defaults to 1.0.
    pub voice_prior: f32,
    /// Reliability prior of text, `[0, 1]`. Defaults to 0.8.
    pub text_prior: f32,
    /// A face reading older than this (ms before `now`) is stale and ignored. Defaults to 1000.
    pub face_max_age_ms: i64,
    /// A voice reading older than this is stale. Defaults to 5000.
    pub voice_max_age_ms: i64,
    /// A text reading older than this is stale. Defaults to 60000.
    pub text_max_age_ms: i64,
}

impl Default for FusionConfig {
    fn default() -> Self {
        Self {
            face_prior: 0.9,
            voice_prior: 1.0,
            text_prior: 0.8,
            face_max_age_ms: 1_000,
            voice_max_age_ms: 5_000,
            text_max_age_ms: 60_000,
        }
    }
}

impl FusionConfig {
    /// Sets [`FusionConfig::face_prior`].
    #[must_use]
    pub const fn with_face_prior(mut self, v: f32) -> Self {
        self.face_prior = v;
        self
    }
    /// Sets [`FusionConfig::voice_prior`].
    #[must_use]
    pub const fn with_voice_prior(mut self, v: f32) -> Self {
        self.voice_prior = v;
        self
    }
    /// Sets [`FusionConfig::text_prior`].
    #[must_use]
    pub const fn with_text_prior(mut self, v: f32) -> Self {
        self.text_prior = v;
        self
    }
    /// Sets [`FusionConfig::face_max_age_ms`].
    #[must_use]
    pub const fn with_face_max_age_ms(mut self, v: i64) -> Self {
        self.face_max_age_ms = v;
        self
    }
    /// Sets [`FusionConfig::voice_max_age_ms`].
    #[must_use]
    pub const fn with_voice_max_age_ms(mut self, v: i64) -> Self {
        self.voice_max_age_ms = v;
        self
    }
    /// Sets [`FusionConfig::text_max_age_ms`].
    #[must_use]
    pub const fn with_text_max_age_ms(mut self, v: i64) -> Self {
        self.text_max_age_ms = v;
        self
    }

    /// The prior of one modality.
    #[must_use]
    pub const fn prior(&self, m: Modality) -> f32 {
        match m {
            Modality::Face => self.face_prior,
            Modality::Voice => self.voice_prior,
            Modality::Text => self.text_prior,
        }
    }

    /// The maximum age of one modality, in ms.
    #[must_use]
    pub const fn max_age_ms(&self, m: Modality) -> i64 {
        match m {
            Modality::Face => self.face_max_age_ms,
            Modality::Voice => self.voice_max_age_ms,
            Modality::Text => self.text_max_age_ms,
        }
    }
}

/// Why a modality did or did not contribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ModalityStatus {
    /// The reading was fresh and got a positive weight.
    Used,
    /// No reading was given.
    Missing,
    /// The newest reading is older than the modality's maximum age.
    Stale,
    /// The reading is fresh but its prior, confidence or quality is zero.
    ZeroWeight,
}

/// What one modality contributed to a fused state.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ModalityContribution {
    /// The modality.
    pub modality: Modality,
    /// Whether it was used, and if not why.
    pub status: ModalityStatus,
    /// Normalised attention weight `w_m` in `[0, 1]`; the weights of used modalities sum to 1.
    pub weight: f32,
    /// Unnormalised weight `prior · confidence · quality` (0 unless used).
    pub raw_weight: f32,
    /// Age of the newest reading in ms at `now` (`None` when missing; negative when the
    /// reading is stamped after `now`, which is accepted as fresh).
    pub age_ms: Option<i64>,
}

/// The fused emotional state at one moment.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FusedEmotion {
    /// When (the caller's `now`).
    pub timestamp: TimestampMs,
    /// Fused distribution (sums to 1).
    pub scores: EmotionScores,
    /// Most probable emotion of `scores`.
    pub label: Emotion,
    /// `max(scores) · coverage`, in `[0, 1]`.
    pub confidence: f32,
    /// Weighted valence, `[-1, 1]`.
    pub valence: f32,
    /// Weighted arousal, `[0, 1]`.
    pub arousal: f32,
    /// Face, voice and text, in that order.
    pub contributions: [ModalityContribution; 3],
}

impl FusedEmotion {
    /// The contribution of one modality.
    #[must_use]
    pub const fn contribution(&self, m: Modality) -> &ModalityContribution {
        &self.contributions[m.index()]
    }
}

/// Attention-weighted fusion (see the module docs for the formula).
#[derive(Debug, Clone, PartialEq)]
pub struct Fuser {
    config: FusionConfig,
}

impl Fuser {
    /// Validates the configuration: priors in `[0, 1]` with at least one positive, maximum
    /// ages `>= 0`.
    pub fn new(config: FusionConfig) -> Result<Self> {
        check_param("face_prior", f64::from(config.face_prior), 0.0, 1.0, "must be in [0, 1]")?;
        check_param("voice_prior", f64::from(config.voice_prior), 0.0, 1.0, "must be in [0, 1]")?;
        check_param("text_prior", f64::from(config.text_prior), 0.0, 1.0, "must be in [0, 1]")?;
        if config.face_prior + config.voice_prior + config.text_prior <= 0.0 {
            return Err(bad_param("face_prior", config.face_prior, "at least one prior must be > 0"));
        }
        for (name, v) in [
            ("face_max_age_ms", config.face_max_age_ms),
            ("voice_max_age_ms", config.voice_max_age_ms),
            ("text_max_age_ms", config.text_max_age_ms),
        ] {
            if v < 0 {
                return Err(bad_param(name, v, "must be >= 0"));
            }
        }
        Ok(Self { config })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &FusionConfig {
        &self.config
    }

    /// Fuses the readings at time `now`.
    ///
    /// Readings may come in any order and number; per modality only the newest counts (ties:
    /// the later one in the slice). Errors with [`InputError::Empty`] when no modality has a
    /// fresh reading with a positive weight: there is nothing to fuse, and a made-up neutral
    /// state would be indistinguishable from a real one.
    pub fn fuse(&self, readings: &[ModalityReading], now: TimestampMs) -> Result<FusedEmotion> {
        let mut newest: [Option<&ModalityReading>; 3] = [None; 3];
        for r in readings {
            let slot = &mut newest[r.modality().index()];
            if slot.is_none_or(|old| r.timestamp() >= old.timestamp()) {
                *slot = Some(r);
            }
        }
        let prior_sum: f64 = Modality::ALL.iter().map(|&m| f64::from(self.config.prior(m))).sum();
        let mut contributions = Modality::ALL.map(|modality| ModalityContribution {
            modality,
            status: ModalityStatus::Missing,
            weight: 0.0,
            raw_weight: 0.0,
            age_ms: None,
        });
        let mut raw = [0.0f64; 3];
        for (i, m) in Modality::ALL.iter().enumerate() {
            let Some(r) = newest[i] else { continue };
            let age = now.since(r.timestamp());
            contributions[i].age_ms = Some(age);
            if age > self.config.max_age_ms(*m) {
                contributions[i].status = ModalityStatus::Stale;
                continue;
            }
            let w = f64::from(self.config.prior(*m)) * f64::from(r.confidence()) * f64::from(r.quality());
            if w > 0.0 {
                raw[i] = w;
                contributions[i].status = ModalityStatus::Used;
                contributions[i].raw_weight = w as f32;
            } else {
                contributions[i].status = ModalityStatus::ZeroWeight;
            }
        }
        let total: f64 = raw.iter().sum();
        if total <= 0.0 {
            return Err(InputError::Empty { what: "fresh modality readings with a positive weight" }.into());
        }
        let mut p = [0.0f64; 7];
        let (mut valence, mut arousal) = (0.0f64, 0.0f64);
        for i in 0..3 {
            let (Some(r), true) = (newest[i], raw[i] > 0.0) else { continue };
            let w = raw[i] / total;
            contributions[i].weight = w as f32;
            for (acc, &q) in p.iter_mut().zip(r.scores().as_array()) {
                *acc += w * f64::from(q);
            }
            valence += w * f64::from(r.valence());
            arousal += w * f64::from(r.arousal());
        }
        let scores = scores_from_f64(&p);
        let coverage = (total / prior_sum).clamp(0.0, 1.0);
        let confidence = (f64::from(scores.confidence()) * coverage).clamp(0.0, 1.0);
        Ok(FusedEmotion {
            timestamp: now,
            label: scores.argmax(),
            scores,
            confidence: confidence as f32,
            valence: valence.clamp(-1.0, 1.0) as f32,
            arousal: arousal.clamp(0.0, 1.0) as f32,
            contributions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOL: f32 = 1e-6;

    fn reading(m: Modality, p: [f32; 7], conf: f32, val: f32, ar: f32, q: f32, t: i64) -> ModalityReading {
        ModalityReading::new(m, EmotionScores::from_probabilities(p).unwrap(), conf, val, ar, q, TimestampMs(t))
            .unwrap()
    }

    const HAPPY: [f32; 7] = [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    const SAD: [f32; 7] = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];

    #[test]
    fn weights_match_hand_computation() {
        let f = Fuser::new(FusionConfig::default()).unwrap();
        // face: 0.9·0.5·1.0 = 0.45; voice: 1.0·0.9·0.5 = 0.45 → equal weights.
        let rs = [
            reading(Modality::Face, HAPPY, 0.5, 0.8, 0.4, 1.0, 1000),
            reading(Modality::Voice, SAD, 0.9, -0.6, 0.2, 0.5, 1000),
        ];
        let out = f.fuse(&rs, TimestampMs(1000)).unwrap();
        assert!((out.contribution(Modality::Face).weight - 0.5).abs() < TOL);
        assert!((out.contribution(Modality::Voice).weight - 0.5).abs() < TOL);
        assert_eq!(out.contribution(Modality::Text).status, ModalityStatus::Missing);
        assert!((out.scores.get(Emotion::Happy) - 0.5).abs() < TOL);
        assert!((out.valence - 0.1).abs() < TOL);
        assert!((out.arousal - 0.3).abs() < TOL);
        // Tie between happy and sad goes to the earlier class (happy).
        assert_eq!(out.label, Emotion::Happy);
        // confidence = 0.5 · (0.9 / 2.7)
        assert!((out.confidence - 0.5 * 0.9 / 2.7).abs() < TOL);
    }

    #[test]
    fn stale_and_zero_weight_are_excluded() {
        let f = Fuser::new(FusionConfig::default()).unwrap();
        let rs = [
            reading(Modality::Face, HAPPY, 1.0, 0.8, 0.4, 1.0, 0), // 2 s old: stale
            reading(Modality::Voice, SAD, 1.0, -0.6, 0.2, 0.0, 2000), // quality 0
            reading(Modality::Text, SAD, 0.7, -0.5, 0.2, 1.0, 1990),
        ];
        let out = f.fuse(&rs, TimestampMs(2000)).unwrap();
        assert_eq!(out.contribution(Modality::Face).status, ModalityStatus::Stale);
        assert_eq!(out.contribution(Modality::Face).age_ms, Some(2000));
        assert_eq!(out.contribution(Modality::Voice).status, ModalityStatus::ZeroWeight);
        assert_eq!(out.contribution(Modality::Text).weight, 1.0);
        assert_eq!(out.label, Emotion::Sad);
        let err = f.fuse(&rs[..2], TimestampMs(2000)).unwrap_err();
        assert_eq!(err.code(), "empty");
        assert_eq!(f.fuse(&[], TimestampMs(0)).unwrap_err().code(), "empty");
    }

    #[test]
    fn newest_reading_per_modality_wins() {
        let f = Fuser::new(FusionConfig::default()).unwrap();
        let rs = [
            reading(Modality::Face, SAD, 1.0, -0.8, 0.4, 1.0, 900),
            reading(Modality::Face, HAPPY, 1.0, 0.8, 0.4, 1.0, 950),
            reading(Modality::Face, SAD, 1.0, -0.8, 0.4, 1.0, 100),
        ];
        assert_eq!(f.fuse(&rs, TimestampMs(1000)).unwrap().label, Emotion::Happy);
    }

    #[test]
    fn config_is_validated() {
        assert_eq!(Fuser::new(FusionConfig::default().with_face_prior(1.5)).unwrap_err().code(), "invalid_parameter");
        assert!(
            Fuser::new(FusionConfig::default().with_face_prior(0.0).with_voice_prior(0.0).with_text_prior(0.0))
                .is_err()
        );
        assert!(Fuser::new(FusionConfig::default().with_text_max_age_ms(-1)).is_err());
        assert!(Fuser::new(FusionConfig::default().with_voice_prior(f32::NAN)).is_err());
    }

    fn arb_reading(m: Modality) -> impl Strategy<Value = ModalityReading> {
        (proptest::array::uniform7(-20.0f32..20.0), 0.0f32..=1.0, -1.0f32..=1.0, 0.0f32..=1.0, 0.0f32..=1.0, 0i64..3000)
            .prop_map(move |(l, c, v, a, q, t)| {
                ModalityReading::new(m, EmotionScores::from_logits(l).unwrap(), c, v, a, q, TimestampMs(t)).unwrap()
            })
    }

    proptest! {
        #[test]
        fn fused_distribution_is_valid(
            face in proptest::option::of(arb_reading(Modality::Face)),
            voice in proptest::option::of(arb_reading(Modality::Voice)),
            text in proptest::option::of(arb_reading(Modality::Text)),
            now in 0i64..4000,
        ) {
            let f = Fuser::new(FusionConfig::default()).unwrap();
            let rs: Vec<_> = [face, voice, text].into_iter().flatten().collect();
            if let Ok(out) = f.fuse(&rs, TimestampMs(now)) {
                let sum: f64 = out.scores.as_array().iter().map(|&p| f64::from(p)).sum();
                prop_assert!((sum - 1.0).abs() <= EmotionScores::SUM_TOLERANCE);
                prop_assert!(out.scores.as_array().iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p)));
                prop_assert!((0.0..=1.0).contains(&out.confidence));
                prop_assert!((-1.0..=1.0).contains(&out.valence) && (0.0..=1.0).contains(&out.arousal));
                let wsum: f32 = out.contributions.iter().map(|c| c.weight).sum();
                prop_assert!((wsum - 1.0).abs() < 1e-5);
                prop_assert_eq!(out.label, out.scores.argmax());
            }
        }
    }
}
