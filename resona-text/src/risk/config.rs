//! [`RiskConfig`]: thresholds and context weights of a [`RiskDetector`](super::RiskDetector).

use resona_core::{ConfigError, Limits};

/// Settings of a [`RiskDetector`](super::RiskDetector). Every value is checked once, in
/// [`RiskDetector::new`](super::RiskDetector::new).
///
/// The factors multiply a phrase's base severity when its context says it matters less to
/// the writer right now; see the [module documentation](super) for the whole formula.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RiskConfig {
    /// Size limits; only [`Limits::max_text_bytes`] is used. Defaults to [`Limits::default`].
    pub limits: Limits,
    /// Lowest score that is [`RiskLevel::Mild`](super::RiskLevel::Mild). Defaults to 0.2, so a
    /// single weak cue ("tired", 0.22) is mild and a clearly negated one is normal.
    pub mild_threshold: f32,
    /// Lowest score that is [`RiskLevel::Moderate`](super::RiskLevel::Moderate). Defaults to
    /// 0.45: one moderate cue ("hopeless", 0.52) or an intensified mild one ("so lonely").
    pub moderate_threshold: f32,
    /// Lowest score that is [`RiskLevel::Severe`](super::RiskLevel::Severe). Defaults to 0.75:
    /// any passive wish to die (0.85), or several moderate cues together.
    pub severe_threshold: f32,
    /// Weight of each further category after the strongest one. Defaults to 0.25, so hopeless
    /// + alone + worthless (0.52 + 0.25 × (0.47 + 0.52)) is severe, and two mild cues stay mild.
    pub co_occurrence_weight: f32,
    /// Factor for a clearly negated phrase ("I'm not hopeless"). Defaults to 0.1.
    pub negated_factor: f32,
    /// Factor for a negated phrase followed by "yet", "tonight", "now" ("I won't do it
    /// tonight"). Defaults to 0.6; explicit intent still raises the crisis flag.
    pub ambiguous_negation_factor: f32,
    /// Factor for the writer's own words reported by someone else ("she said I'm worthless").
    /// Defaults to 0.5.
    pub reported_factor: f32,
    /// Factor for a phrase about a specific other person ("my friend wants to kill herself"),
    /// which becomes [`RiskCategory::ConcernForOthers`](super::RiskCategory::ConcernForOthers).
    /// Defaults to 0.6, so another's suicidal intent is moderate: the writer may need help
    /// helping them.
    pub others_factor: f32,
    /// Factor for a phrase about an unspecified person ("signs that someone wants to die").
    /// Defaults to 0.3 (mild at most).
    pub generic_factor: f32,
    /// Factor for a past, unresolved phrase ("I tried to kill myself two years ago"). Defaults
    /// to 0.6: a past attempt is still a strong risk factor, so it stays moderate.
    pub past_factor: f32,
    /// Factor for a past phrase in a message that says it is over ("...but I'm better now").
    /// Defaults to 0.3 (mild).
    pub resolved_factor: f32,
    /// Factor for every phrase of a message with laughter markers ("lol", "😂"). Defaults to
    /// 0.7: one level lower at most; explicit intent still raises the crisis flag.
    pub jest_factor: f32,
}

impl Default for RiskConfig {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            mild_threshold: 0.2,
            moderate_threshold: 0.45,
            severe_threshold: 0.75,
            co_occurrence_weight: 0.25,
            negated_factor: 0.1,
            ambiguous_negation_factor: 0.6,
            reported_factor: 0.5,
            others_factor: 0.6,
            generic_factor: 0.3,
            past_factor: 0.6,
            resolved_factor: 0.3,
            jest_factor: 0.7,
        }
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident => $field:ident: $ty:ty;)*) => {
        impl RiskConfig {
            $(
                $(#[$doc])*
                #[must_use]
                pub const fn $name(mut self, v: $ty) -> Self {
                    self.$field = v;
                    self
                }
            )*
        }
    };
}

setters! {
    /// Sets [`RiskConfig::limits`].
    with_limits => limits: Limits;
    /// Sets [`RiskConfig::mild_threshold`].
    with_mild_threshold => mild_threshold: f32;
    /// Sets [`RiskConfig::moderate_threshold`].
    with_moderate_threshold => moderate_threshold: f32;
    /// Sets [`RiskConfig::severe_threshold`].
    with_severe_threshold => severe_threshold: f32;
    /// Sets [`RiskConfig::co_occurrence_weight`].
    with_co_occurrence_weight => co_occurrence_weight: f32;
    /// Sets [`RiskConfig::negated_factor`].
    with_negated_factor => negated_factor: f32;
    /// Sets [`RiskConfig::ambiguous_negation_factor`].
    with_ambiguous_negation_factor => ambiguous_negation_factor: f32;
    /// Sets [`RiskConfig::reported_factor`].
    with_reported_factor => reported_factor: f32;
    /// Sets [`RiskConfig::others_factor`].
    with_others_factor => others_factor: f32;
    /// Sets [`RiskConfig::generic_factor`].
    with_generic_factor => generic_factor: f32;
    /// Sets [`RiskConfig::past_factor`].
    with_past_factor => past_factor: f32;
    /// Sets [`RiskConfig::resolved_factor`].
    with_resolved_factor => resolved_factor: f32;
    /// Sets [`RiskConfig::jest_factor`].
    with_jest_factor => jest_factor: f32;
}

impl RiskConfig {
    /// Checks every value; called by [`RiskDetector::new`](super::RiskDetector::new).
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let unit = [
            ("co_occurrence_weight", self.co_occurrence_weight),
            ("negated_factor", self.negated_factor),
            ("ambiguous_negation_factor", self.ambiguous_negation_factor),
            ("reported_factor", self.reported_factor),
            ("others_factor", self.others_factor),
            ("generic_factor", self.generic_factor),
            ("past_factor", self.past_factor),
            ("resolved_factor", self.resolved_factor),
            ("jest_factor", self.jest_factor),
        ];
        for (name, value) in unit {
            if !(0.0..=1.0).contains(&value) {
                return Err(invalid(name, value, "must be between 0 and 1"));
            }
        }
        let thresholds = [
            ("mild_threshold", self.mild_threshold),
            ("moderate_threshold", self.moderate_threshold),
            ("severe_threshold", self.severe_threshold),
        ];
        for (name, value) in thresholds {
            if !(value > 0.0 && value <= 1.0) {
                return Err(invalid(name, value, "must be greater than 0 and at most 1"));
            }
        }
        if self.moderate_threshold <= self.mild_threshold {
            return Err(invalid("moderate_threshold", self.moderate_threshold, "must be greater than mild_threshold"));
        }
        if self.severe_threshold <= self.moderate_threshold {
            return Err(invalid("severe_threshold", self.severe_threshold, "must be greater than moderate_threshold"));
        }
        Ok(())
    }
}

fn invalid(name: &'static str, value: f32, rule: &'static str) -> ConfigError {
    ConfigError::InvalidParameter { name, value: value.to_string(), rule }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        RiskConfig::default().validate().unwrap();
    }

    #[test]
    fn invalid_values_name_the_field_and_rule() {
        let e = RiskConfig::default().with_past_factor(1.5).validate().unwrap_err();
        assert_eq!(e.to_string(), "invalid past_factor: 1.5; must be between 0 and 1");
        let e = RiskConfig::default().with_severe_threshold(0.3).validate().unwrap_err();
        assert_eq!(e.to_string(), "invalid severe_threshold: 0.3; must be greater than moderate_threshold");
        let e = RiskConfig::default().with_mild_threshold(f32::NAN).validate().unwrap_err();
        assert!(e.to_string().starts_with("invalid mild_threshold: NaN"));
        assert!(RiskConfig::default().with_jest_factor(f32::NAN).validate().is_err());
    }
}
