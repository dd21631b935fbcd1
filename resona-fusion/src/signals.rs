//! The text side's inputs to fusion, defined here so this crate does not depend on
//! resona-text: risk level, the few text signals dissonance and stress need, and stressor
//! topics. Each maps one-to-one (or many-to-one for topics) from resona-text's types.

use crate::util::check_input;
use resona_core::Result;

/// Crisis-risk level of a message, mirroring resona-text's `RiskLevel`.
///
/// Serialized names: `normal`, `mild`, `moderate`, `severe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RiskLevel {
    /// No risk language.
    #[default]
    Normal,
    /// Weak signs: tiredness, loneliness.
    Mild,
    /// Clear distress: hopelessness, worthlessness, isolation.
    Moderate,
    /// Suicidal ideation or self-harm: crisis resources are always surfaced.
    Severe,
}

impl RiskLevel {
    /// Every level, from lowest to highest.
    pub const ALL: [Self; 4] = [Self::Normal, Self::Mild, Self::Moderate, Self::Severe];

    /// The level as a number in `[0, 1]`: 0, 1/3, 2/3, 1. Used by the stress formula.
    #[must_use]
    pub fn score(self) -> f64 {
        match self {
            Self::Normal => 0.0,
            Self::Mild => 1.0 / 3.0,
            Self::Moderate => 2.0 / 3.0,
            Self::Severe => 1.0,
        }
    }

    /// Stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Mild => "mild",
            Self::Moderate => "moderate",
            Self::Severe => "severe",
        }
    }

    pub(crate) const fn to_u8(self) -> u8 {
        self as u8
    }

    pub(crate) const fn from_u8(v: u8) -> Option<Self> {
        match v {
            0 => Some(Self::Normal),
            1 => Some(Self::Mild),
            2 => Some(Self::Moderate),
            3 => Some(Self::Severe),
            _ => None,
        }
    }
}

/// What the text pipeline says about the latest message, as far as fusion needs it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TextSignals {
    /// VADER-style sentiment compound score, `[-1, 1]`.
    pub compound: f32,
    /// Crisis-risk level of the message.
    pub risk: RiskLevel,
    /// The message deflects ("I'm fine", "it's nothing", "don't worry about me").
    pub deflection: bool,
    /// The text pipeline raised an explicit crisis flag (independent of `risk`): guidance then
    /// always surfaces crisis resources.
    pub crisis: bool,
}

impl TextSignals {
    /// Validates and builds text signals (`crisis` false; see [`TextSignals::with_crisis`]).
    pub fn new(compound: f32, risk: RiskLevel, deflection: bool) -> Result<Self> {
        let s = Self { compound, risk, deflection, crisis: false };
        s.validate()?;
        Ok(s)
    }

    /// Sets [`TextSignals::crisis`].
    #[must_use]
    pub const fn with_crisis(mut self, crisis: bool) -> Self {
        self.crisis = crisis;
        self
    }

    /// Checks `compound` is finite and in `[-1, 1]` (fields are public, so every function that
    /// takes text signals calls this).
    pub fn validate(&self) -> Result<()> {
        check_input("compound", self.compound, -1.0, 1.0, "[-1, 1]")
    }

    /// Negativity in `[0, 1]`: `max(0, -compound)`.
    #[must_use]
    pub fn negativity(&self) -> f64 {
        f64::from(-self.compound).clamp(0.0, 1.0)
    }

    /// Whether crisis resources must be shown now: an explicit crisis flag or severe risk.
    #[must_use]
    pub fn is_crisis(&self) -> bool {
        self.crisis || self.risk == RiskLevel::Severe
    }
}

/// A life-stressor topic a message mentions.
///
/// resona-text's `StressorKind` maps onto it by name, except `work_or_study`, which maps to
/// [`StressorTopic::Work`] (or [`StressorTopic::School`] when the host knows the user is a
/// student). Serialized names are snake_case ([`StressorTopic::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum StressorTopic {
    /// Job, boss, deadlines.
    Work,
    /// School, exams, studies.
    School,
    /// Money, debt, bills, fees.
    Money,
    /// Partner, dating, break-ups.
    Relationships,
    /// Illness, pain, sleep.
    Health,
    /// Parents, children, relatives.
    Family,
    /// Rent, landlord, eviction.
    Housing,
    /// Death, grief.
    Loss,
    /// Violence, abuse, danger.
    Safety,
    /// Anything else.
    Other,
}

impl StressorTopic {
    /// Every topic, in declaration order.
    pub const ALL: [Self; 10] = [
        Self::Work,
        Self::School,
        Self::Money,
        Self::Relationships,
        Self::Health,
        Self::Family,
        Self::Housing,
        Self::Loss,
        Self::Safety,
        Self::Other,
    ];

    /// Stable snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Work => "work",
            Self::School => "school",
            Self::Money => "money",
            Self::Relationships => "relationships",
            Self::Health => "health",
            Self::Family => "family",
            Self::Housing => "housing",
            Self::Loss => "loss",
            Self::Safety => "safety",
            Self::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pinned() {
        let risk: Vec<String> = RiskLevel::ALL.iter().map(|r| serde_json::to_string(r).unwrap()).collect();
        assert_eq!(risk.join(","), r#""normal","mild","moderate","severe""#);
        for t in StressorTopic::ALL {
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.as_str()));
        }
        for r in RiskLevel::ALL {
            assert_eq!(RiskLevel::from_u8(r.to_u8()), Some(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
        }
        assert_eq!(RiskLevel::from_u8(4), None);
    }

    #[test]
    fn text_signals_validate() {
        assert!(TextSignals::new(0.5, RiskLevel::Mild, false).is_ok());
        assert_eq!(TextSignals::new(1.5, RiskLevel::Mild, false).unwrap_err().code(), "out_of_range");
        assert_eq!(TextSignals::new(f32::NAN, RiskLevel::Mild, false).unwrap_err().code(), "non_finite");
        let t = TextSignals::new(-0.4, RiskLevel::Severe, false).unwrap();
        assert!(t.is_crisis());
        assert!((t.negativity() - 0.4).abs() < 1e-6);
        assert!(TextSignals::new(0.4, RiskLevel::Normal, false).unwrap().with_crisis(true).is_crisis());
    }
}
