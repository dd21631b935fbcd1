//! Response guidance for host chat apps: how to answer right now, as a struct and as a
//! prompt fragment a host can give its own language model. No network, no model call.
//!
//! # Rules (in priority order)
//!
//! 1. Crisis — severe risk or an explicit crisis flag — always wins, whatever the other
//!    signals say: tone [`Tone::CrisisSupport`], slower pace, `surface_crisis_resources`.
//! 2. Moderate risk: [`Tone::Gentle`], slower, `offer_support_resources`.
//! 3. Stress >= 60 (default `high_stress`): [`Tone::Calming`], slower, short sentences.
//! 4. Negative mood (valence <= −0.3) or stress >= 35: [`Tone::Gentle`], slower.
//! 5. Hidden stress (dissonance score >= 0.4): [`Tone::Gentle`] and `check_in_gently`, so the
//!    reply makes room for what the words did not say.
//! 6. Calm (stress < 25) and positive (valence >= 0.3): [`Tone::Upbeat`], livelier.
//! 7. Otherwise [`Tone::Warm`] at a normal pace.
//!
//! Topics to avoid: the stressors mentioned in the session when stress is at least moderate
//! (the host should not push on them unprompted), humour and upbeat positivity when stressed
//! or low, pressure and deadlines when stressed, and the details of methods of self-harm in
//! a crisis.

use crate::burnout::BurnoutLevel;
use crate::signals::{RiskLevel, StressorTopic};
use crate::util::{check_input, check_param};
use resona_core::{Emotion, Result};

/// Settings of [`guidance`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct GuidanceConfig {
    /// Stress (0-100) at or above which the tone is calming. Defaults to 60.
    pub high_stress: f32,
    /// Stress at or above which the tone is gentle. Defaults to 35.
    pub moderate_stress: f32,
    /// Stress below which a positive user gets an upbeat tone. Defaults to 25.
    pub calm_stress: f32,
    /// Hidden-stress score at or above which the reply checks in gently. Defaults to 0.4.
    pub hidden_stress: f32,
}

impl Default for GuidanceConfig {
    fn default() -> Self {
        Self { high_stress: 60.0, moderate_stress: 35.0, calm_stress: 25.0, hidden_stress: 0.4 }
    }
}

/// The state guidance is built from.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GuidanceInputs {
    /// Current (smoothed) label, if known.
    pub emotion: Option<Emotion>,
    /// Valence `[-1, 1]`.
    pub valence: f32,
    /// Stress `[0, 100]`.
    pub stress: f32,
    /// Hidden-stress score `[0, 1]`.
    pub hidden_stress: f32,
    /// Risk level of the latest message.
    pub risk: RiskLevel,
    /// Explicit crisis flag of the latest message.
    pub crisis: bool,
    /// Stressor topics mentioned in the session.
    pub stressors: Vec<StressorTopic>,
    /// Latest burnout level, if assessed.
    pub burnout: Option<BurnoutLevel>,
}

/// The overall tone to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Tone {
    /// Calm, direct, caring; safety first.
    CrisisSupport,
    /// Slow, soft, reassuring.
    Calming,
    /// Soft and validating.
    Gentle,
    /// Friendly and attentive.
    Warm,
    /// Energetic and positive.
    Upbeat,
}

/// How fast and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Pace {
    /// Short sentences, one idea at a time.
    Slower,
    /// Ordinary pace.
    Normal,
    /// Livelier, more energetic.
    Livelier,
}

/// Something the reply should stay away from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum AvoidTopic {
    /// A stressor the user mentioned: do not push on it unprompted.
    Stressor(StressorTopic),
    /// Jokes and sarcasm.
    Humor,
    /// "Look on the bright side", minimising.
    ForcedPositivity,
    /// Deadlines, demands, productivity pressure.
    Pressure,
    /// Details of self-harm methods.
    SelfHarmMethods,
}

/// How a host should respond now.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResponseGuidance {
    /// Overall tone.
    pub tone: Tone,
    /// Pace.
    pub pace: Pace,
    /// Things to avoid, sorted.
    pub avoid: Vec<AvoidTopic>,
    /// Show crisis resources now (always with severe risk or a crisis flag).
    pub surface_crisis_resources: bool,
    /// Offer support resources (counselling) without urgency.
    pub offer_support_resources: bool,
    /// Ask gently how the user really feels (hidden stress).
    pub check_in_gently: bool,
}

/// Builds response guidance (see the module docs). Errors on out-of-range inputs.
pub fn guidance(x: &GuidanceInputs, config: &GuidanceConfig) -> Result<ResponseGuidance> {
    let c = config;
    for (name, v) in
        [("high_stress", c.high_stress), ("moderate_stress", c.moderate_stress), ("calm_stress", c.calm_stress)]
    {
        check_param(name, v.into(), 0.0, 100.0, "must be in [0, 100]")?;
    }
    check_param("hidden_stress", c.hidden_stress.into(), 0.0, 1.0, "must be in [0, 1]")?;
    check_input("valence", x.valence, -1.0, 1.0, "[-1, 1]")?;
    check_input("stress", x.stress, 0.0, 100.0, "[0, 100]")?;
    check_input("hidden_stress", x.hidden_stress, 0.0, 1.0, "[0, 1]")?;

    let crisis = x.crisis || x.risk == RiskLevel::Severe;
    let hidden = x.hidden_stress >= c.hidden_stress;
    let stressed = x.stress >= c.moderate_stress;
    let low = x.valence <= -0.3;
    let (tone, pace) = if crisis {
        (Tone::CrisisSupport, Pace::Slower)
    } else if x.risk == RiskLevel::Moderate {
        (Tone::Gentle, Pace::Slower)
    } else if x.stress >= c.high_stress {
        (Tone::Calming, Pace::Slower)
    } else if low || stressed {
        (Tone::Gentle, Pace::Slower)
    } else if hidden {
        (Tone::Gentle, Pace::Normal)
    } else if x.stress < c.calm_stress && x.valence >= 0.3 {
        (Tone::Upbeat, Pace::Livelier)
    } else {
        (Tone::Warm, Pace::Normal)
    };
    let mut avoid = Vec::new();
    if stressed || crisis || x.risk >= RiskLevel::Moderate {
        avoid.extend(x.stressors.iter().map(|&s| AvoidTopic::Stressor(s)));
        avoid.push(AvoidTopic::Pressure);
    }
    if stressed || low || crisis || hidden || x.risk >= RiskLevel::Moderate {
        avoid.push(AvoidTopic::Humor);
        avoid.push(AvoidTopic::ForcedPositivity);
    }
    if crisis {
        avoid.push(AvoidTopic::SelfHarmMethods);
    }
    avoid.sort();
    avoid.dedup();
    Ok(ResponseGuidance {
        tone,
        pace,
        avoid,
        surface_crisis_resources: crisis,
        offer_support_resources: !crisis && (x.risk == RiskLevel::Moderate || x.burnout == Some(BurnoutLevel::High)),
        check_in_gently: hidden && !crisis,
    })
}

impl ResponseGuidance {
    /// A ready-made English instruction for the host's own language model.
    #[must_use]
    pub fn prompt_fragment(&self) -> String {
        let mut lines = Vec::new();
        if self.surface_crisis_resources {
            lines.push(
                "The user may be in crisis. Respond with calm, direct care, take what they say seriously, and \
                 share crisis resources (a local crisis line or emergency number) in this reply."
                    .to_owned(),
            );
        }
        lines.push(
            match self.tone {
                Tone::CrisisSupport => "Tone: calm, steady and caring; safety comes first.",
                Tone::Calming => "Tone: calm, soft and reassuring; the user is stressed.",
                Tone::Gentle => "Tone: gentle and validating.",
                Tone::Warm => "Tone: warm and attentive.",
                Tone::Upbeat => "Tone: upbeat and energetic; the user is calm and in good spirits.",
            }
            .to_owned(),
        );
        lines.push(
            match self.pace {
                Pace::Slower => "Pace: slow down; short sentences, one idea at a time, no lists of tasks.",
                Pace::Normal => "Pace: normal.",
                Pace::Livelier => "Pace: lively; it is fine to be playful and suggest ideas.",
            }
            .to_owned(),
        );
        if self.check_in_gently {
            lines.push(
                "Their words may not match how they feel; gently ask how they are really doing, without \
                 insisting."
                    .to_owned(),
            );
        }
        if self.offer_support_resources {
            lines.push("Offer, without pressure, to point them to professional support.".to_owned());
        }
        if !self.avoid.is_empty() {
            let names: Vec<String> = self
                .avoid
                .iter()
                .map(|a| match a {
                    AvoidTopic::Stressor(s) => format!("pushing on {} unprompted", s.as_str()),
                    AvoidTopic::Humor => "jokes or sarcasm".to_owned(),
                    AvoidTopic::ForcedPositivity => "forced positivity or minimising".to_owned(),
                    AvoidTopic::Pressure => "deadlines, demands or productivity pressure".to_owned(),
                    AvoidTopic::SelfHarmMethods => "any details of self-harm methods".to_owned(),
                })
                .collect();
            lines.push(format!("Avoid: {}.", names.join("; ")));
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: &GuidanceInputs) -> ResponseGuidance {
        guidance(x, &GuidanceConfig::default()).unwrap()
    }

    #[test]
    fn crisis_always_wins() {
        // Calm, happy signals, but the message carries severe risk.
        let x = GuidanceInputs {
            emotion: Some(Emotion::Happy),
            valence: 0.8,
            stress: 5.0,
            risk: RiskLevel::Severe,
            ..Default::default()
        };
        let out = g(&x);
        assert_eq!((out.tone, out.pace, out.surface_crisis_resources), (Tone::CrisisSupport, Pace::Slower, true));
        assert!(out.avoid.contains(&AvoidTopic::SelfHarmMethods));
        assert!(out.prompt_fragment().starts_with("The user may be in crisis."));
        let flag = g(&GuidanceInputs { crisis: true, valence: 0.8, ..Default::default() });
        assert!(flag.surface_crisis_resources);
    }

    #[test]
    fn tone_follows_stress_and_mood() {
        let calm = g(&GuidanceInputs { valence: 0.6, stress: 10.0, ..Default::default() });
        assert_eq!((calm.tone, calm.pace, calm.avoid.len()), (Tone::Upbeat, Pace::Livelier, 0));
        let stressed = g(&GuidanceInputs {
            valence: -0.1,
            stress: 75.0,
            stressors: vec![StressorTopic::Work, StressorTopic::Work],
            ..Default::default()
        });
        assert_eq!((stressed.tone, stressed.pace), (Tone::Calming, Pace::Slower));
        assert_eq!(
            stressed.avoid,
            [
                AvoidTopic::Stressor(StressorTopic::Work),
                AvoidTopic::Humor,
                AvoidTopic::ForcedPositivity,
                AvoidTopic::Pressure
            ]
        );
        assert!(stressed.prompt_fragment().contains("pushing on work unprompted"));
        let hidden = g(&GuidanceInputs { valence: 0.5, stress: 20.0, hidden_stress: 0.7, ..Default::default() });
        assert_eq!((hidden.tone, hidden.check_in_gently), (Tone::Gentle, true));
        let neutral = g(&GuidanceInputs { valence: 0.0, stress: 30.0, ..Default::default() });
        assert_eq!(neutral.tone, Tone::Warm);
        let moderate = g(&GuidanceInputs { risk: RiskLevel::Moderate, ..Default::default() });
        assert!(moderate.offer_support_resources && !moderate.surface_crisis_resources);
    }

    #[test]
    fn invalid_inputs() {
        let e = guidance(&GuidanceInputs { stress: 120.0, ..Default::default() }, &GuidanceConfig::default());
        assert_eq!(e.unwrap_err().code(), "out_of_range");
    }
}
