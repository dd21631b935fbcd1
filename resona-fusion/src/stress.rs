//! Stress 0-100 from face arousal, vocal stress, text negativity, risk level and dissonance.
//!
//! # Formula
//!
//! Every input is in `[0, 1]`; a missing input (`None`) leaves the weighted mean instead of
//! counting as zero, so a voice-only session is not "calmer" for lacking a camera.
//!
//! ```text
//! base      = Σ_present w_i · x_i / Σ_present w_i      (0 when nothing is present)
//! boosted   = base + (1 − base) · k_d · dissonance     (hidden stress adds to what shows)
//! stress    = 100 · max(boosted, floor(risk))
//! ```
//!
//! Default weights: vocal stress 0.35, text negativity 0.25, face arousal 0.20, risk 0.20
//! (risk as 0, 1/3, 2/3, 1 for normal..severe; it is present when text is). Voice gets the
//! largest weight because vocal stress markers (pitch, jitter, energy) are the least
//! voluntary; face arousal the smallest because arousal also rises with joy and surprise.
//! Default `k_d` = 0.3: full dissonance closes 30 % of the gap to 100. Risk floors: moderate
//! 50, severe 80, so clear risk language is never reported as low stress.
//!
//! The score is bounded in `[0, 100]` and monotonic (non-decreasing) in each input while the
//! others stay fixed: `boosted` has derivative `1 − k_d · d >= 0` in `base`, and a maximum of
//! non-decreasing functions is non-decreasing. Components are returned in points and sum to
//! the score.

use crate::signals::RiskLevel;
use crate::util::{check_input, check_param, unit};
use resona_core::Result;

/// Settings of [`StressModel`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StressConfig {
    /// Weight of face arousal. Defaults to 0.20.
    pub face_arousal_weight: f32,
    /// Weight of vocal stress. Defaults to 0.35.
    pub vocal_stress_weight: f32,
    /// Weight of text negativity. Defaults to 0.25.
    pub text_negativity_weight: f32,
    /// Weight of the risk level. Defaults to 0.20.
    pub risk_weight: f32,
    /// Share `k_d` of the remaining gap to 100 that full dissonance closes, `[0, 1]`.
    /// Defaults to 0.3.
    pub dissonance_gain: f32,
    /// Lowest stress (0-100) reported with moderate risk. Defaults to 50.
    pub moderate_risk_floor: f32,
    /// Lowest stress (0-100) reported with severe risk. Defaults to 80.
    pub severe_risk_floor: f32,
}

impl Default for StressConfig {
    fn default() -> Self {
        Self {
            face_arousal_weight: 0.20,
            vocal_stress_weight: 0.35,
            text_negativity_weight: 0.25,
            risk_weight: 0.20,
            dissonance_gain: 0.3,
            moderate_risk_floor: 50.0,
            severe_risk_floor: 80.0,
        }
    }
}

impl StressConfig {
    /// Sets [`StressConfig::face_arousal_weight`].
    #[must_use]
    pub const fn with_face_arousal_weight(mut self, v: f32) -> Self {
        self.face_arousal_weight = v;
        self
    }
    /// Sets [`StressConfig::vocal_stress_weight`].
    #[must_use]
    pub const fn with_vocal_stress_weight(mut self, v: f32) -> Self {
        self.vocal_stress_weight = v;
        self
    }
    /// Sets [`StressConfig::text_negativity_weight`].
    #[must_use]
    pub const fn with_text_negativity_weight(mut self, v: f32) -> Self {
        self.text_negativity_weight = v;
        self
    }
    /// Sets [`StressConfig::risk_weight`].
    #[must_use]
    pub const fn with_risk_weight(mut self, v: f32) -> Self {
        self.risk_weight = v;
        self
    }
    /// Sets [`StressConfig::dissonance_gain`].
    #[must_use]
    pub const fn with_dissonance_gain(mut self, v: f32) -> Self {
        self.dissonance_gain = v;
        self
    }
    /// Sets [`StressConfig::moderate_risk_floor`].
    #[must_use]
    pub const fn with_moderate_risk_floor(mut self, v: f32) -> Self {
        self.moderate_risk_floor = v;
        self
    }
    /// Sets [`StressConfig::severe_risk_floor`].
    #[must_use]
    pub const fn with_severe_risk_floor(mut self, v: f32) -> Self {
        self.severe_risk_floor = v;
        self
    }
}

/// Inputs of the stress score; each is `[0, 1]` or `None` when the modality is absent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StressInputs {
    /// Arousal of the face reading.
    pub face_arousal: Option<f32>,
    /// Vocal stress from resona-audio.
    pub vocal_stress: Option<f32>,
    /// Text negativity, `max(0, -compound)` (see [`crate::TextSignals::negativity`]).
    pub text_negativity: Option<f32>,
    /// Risk level of the latest message (`None` without text).
    pub risk: Option<RiskLevel>,
    /// Hidden-stress (dissonance) score, `[0, 1]`; 0 when unknown.
    pub dissonance: f32,
}

/// The stress score and what it is made of, in points that sum to `score`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StressScore {
    /// Stress, `[0, 100]`.
    pub score: f32,
    /// Points from face arousal.
    pub face_arousal: f32,
    /// Points from vocal stress.
    pub vocal_stress: f32,
    /// Points from text negativity.
    pub text_negativity: f32,
    /// Points from the risk level (as a weighted input).
    pub risk: f32,
    /// Points added by dissonance.
    pub dissonance: f32,
    /// Points added to reach the risk floor.
    pub risk_floor: f32,
}

/// Computes stress scores (see the module docs for the formula).
#[derive(Debug, Clone, PartialEq)]
pub struct StressModel {
    config: StressConfig,
}

impl StressModel {
    /// Validates the configuration: weights in `[0, 1]` with a positive sum, gain in `[0, 1]`,
    /// floors in `[0, 100]` with moderate <= severe.
    pub fn new(config: StressConfig) -> Result<Self> {
        let c = &config;
        for (name, v) in [
            ("face_arousal_weight", c.face_arousal_weight),
            ("vocal_stress_weight", c.vocal_stress_weight),
            ("text_negativity_weight", c.text_negativity_weight),
            ("risk_weight", c.risk_weight),
            ("dissonance_gain", c.dissonance_gain),
        ] {
            check_param(name, f64::from(v), 0.0, 1.0, "must be in [0, 1]")?;
        }
        if c.face_arousal_weight + c.vocal_stress_weight + c.text_negativity_weight + c.risk_weight <= 0.0 {
            return Err(crate::util::bad_param(
                "vocal_stress_weight",
                c.vocal_stress_weight,
                "weights must not all be 0",
            ));
        }
        check_param("moderate_risk_floor", f64::from(c.moderate_risk_floor), 0.0, 100.0, "must be in [0, 100]")?;
        check_param(
            "severe_risk_floor",
            f64::from(c.severe_risk_floor),
            f64::from(c.moderate_risk_floor),
            100.0,
            "must be in [moderate_risk_floor, 100]",
        )?;
        Ok(Self { config })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &StressConfig {
        &self.config
    }

    /// Scores the inputs. Errors on a non-finite or out-of-range input, naming it.
    pub fn score(&self, x: &StressInputs) -> Result<StressScore> {
        let c = &self.config;
        let mut parts = [(0.0f64, 0.0f64); 4]; // (weight, value) when present
        for (i, (what, v, w)) in [
            ("face_arousal", x.face_arousal, c.face_arousal_weight),
            ("vocal_stress", x.vocal_stress, c.vocal_stress_weight),
            ("text_negativity", x.text_negativity, c.text_negativity_weight),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(v) = v {
                check_input(what, v, 0.0, 1.0, "[0, 1]")?;
                parts[i] = (f64::from(w), f64::from(v));
            }
        }
        if let Some(r) = x.risk {
            parts[3] = (f64::from(c.risk_weight), r.score());
        }
        check_input("dissonance", x.dissonance, 0.0, 1.0, "[0, 1]")?;
        let wsum: f64 = parts.iter().map(|p| p.0).sum();
        let contrib = parts.map(|(w, v)| if wsum > 0.0 { w * v / wsum } else { 0.0 });
        let base = unit(contrib.iter().sum());
        let dis = (1.0 - base) * f64::from(c.dissonance_gain) * f64::from(x.dissonance);
        let boosted = unit(base + dis);
        let floor = match x.risk {
            Some(RiskLevel::Severe) => f64::from(c.severe_risk_floor) / 100.0,
            Some(RiskLevel::Moderate) => f64::from(c.moderate_risk_floor) / 100.0,
            _ => 0.0,
        };
        let total = boosted.max(floor);
        let pts = |v: f64| (100.0 * v) as f32;
        Ok(StressScore {
            score: pts(total),
            face_arousal: pts(contrib[0]),
            vocal_stress: pts(contrib[1]),
            text_negativity: pts(contrib[2]),
            risk: pts(contrib[3]),
            dissonance: pts(dis),
            risk_floor: pts((total - boosted).max(0.0)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOL: f32 = 1e-4;

    fn model() -> StressModel {
        StressModel::new(StressConfig::default()).unwrap()
    }

    #[test]
    fn hand_computed_score() {
        // base = (0.2·0.5 + 0.35·0.8 + 0.25·0.4 + 0.2·1/3) / 1.0 = 0.546667
        // boosted = base + (1 − base) · 0.3 · 0.5 = 0.614667
        let s = model()
            .score(&StressInputs {
                face_arousal: Some(0.5),
                vocal_stress: Some(0.8),
                text_negativity: Some(0.4),
                risk: Some(RiskLevel::Mild),
                dissonance: 0.5,
            })
            .unwrap();
        assert!((s.score - 61.466_67).abs() < TOL, "{s:?}");
        let sum = s.face_arousal + s.vocal_stress + s.text_negativity + s.risk + s.dissonance + s.risk_floor;
        assert!((sum - s.score).abs() < TOL);
        assert!((s.vocal_stress - 28.0).abs() < TOL);
    }

    #[test]
    fn missing_inputs_renormalise_and_risk_floors_apply() {
        let voice_only = model().score(&StressInputs { vocal_stress: Some(0.6), ..Default::default() }).unwrap();
        assert!((voice_only.score - 60.0).abs() < TOL);
        let nothing = model().score(&StressInputs::default()).unwrap();
        assert_eq!(nothing.score, 0.0);
        let severe = model()
            .score(&StressInputs { text_negativity: Some(0.0), risk: Some(RiskLevel::Severe), ..Default::default() })
            .unwrap();
        assert!((severe.score - 80.0).abs() < TOL);
        assert!(severe.risk_floor > 0.0);
    }

    #[test]
    fn bad_inputs_and_config_are_typed_errors() {
        let e = model().score(&StressInputs { vocal_stress: Some(1.2), ..Default::default() }).unwrap_err();
        assert_eq!(e.code(), "out_of_range");
        let e = model().score(&StressInputs { dissonance: f32::NAN, ..Default::default() }).unwrap_err();
        assert_eq!(e.code(), "non_finite");
        assert!(StressModel::new(StressConfig::default().with_severe_risk_floor(40.0)).is_err());
        assert!(StressModel::new(StressConfig::default().with_dissonance_gain(2.0)).is_err());
    }

    fn arb_inputs() -> impl Strategy<Value = StressInputs> {
        (
            proptest::option::of(0.0f32..=1.0),
            proptest::option::of(0.0f32..=1.0),
            proptest::option::of(0.0f32..=1.0),
            proptest::option::of(0usize..4),
            0.0f32..=1.0,
        )
            .prop_map(|(f, v, t, r, d)| StressInputs {
                face_arousal: f,
                vocal_stress: v,
                text_negativity: t,
                risk: r.map(|i| RiskLevel::ALL[i]),
                dissonance: d,
            })
    }

    proptest! {
        #[test]
        fn bounded_and_monotonic(x in arb_inputs(), bump in 0.0f32..=1.0) {
            let m = model();
            let s = m.score(&x).unwrap().score;
            prop_assert!((0.0..=100.0).contains(&s));
            let up = |v: Option<f32>| v.map(|v| (v + bump).min(1.0));
            let variants = [
                StressInputs { face_arousal: up(x.face_arousal), ..x },
                StressInputs { vocal_stress: up(x.vocal_stress), ..x },
                StressInputs { text_negativity: up(x.text_negativity), ..x },
                StressInputs { dissonance: (x.dissonance + bump).min(1.0), ..x },
                StressInputs { risk: x.risk.map(|r| RiskLevel::ALL[(r as usize + 1).min(3)]), ..x },
            ];
            for v in variants {
                let s2 = m.score(&v).unwrap().score;
                prop_assert!(s2 >= s, "{:?} -> {} < {}", v, s2, s);
            }
        }
    }
}
