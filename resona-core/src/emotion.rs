//! The seven emotion classes and probability distributions over them.
//!
//! # Label orders of common datasets and models
//!
//! Models emit scores in the order their training data used. [`LabelOrder`] names the common
//! ones so a model spec can say which it follows; [`EmotionScores::from_logits_ordered`] and
//! [`EmotionScores::from_probabilities_ordered`] reorder into Resona's order.
//!
//! | index | Resona ([`Emotion::ALL`]) | FER2013 (and mini-XCEPTION) | GoEmotions-Ekman (`labels.txt`) |
//! |---|---|---|---|
//! | 0 | neutral | angry | anger |
//! | 1 | happy | disgust | disgust |
//! | 2 | sad | fear | fear |
//! | 3 | angry | happy | joy |
//! | 4 | fearful | sad | neutral |
//! | 5 | surprised | surprise | sadness |
//! | 6 | disgusted | neutral | surprise |
//!
//! Dataset names map onto Resona's by meaning: anger → angry, joy → happy, sadness → sad,
//! fear → fearful, surprise → surprised, disgust → disgusted (see [`Emotion::from_label`]).

use crate::error::{ConfigError, InputError};
use std::fmt;
use std::str::FromStr;

/// One of Resona's seven emotion classes.
///
/// The serialized names (`neutral`, `happy`, `sad`, `angry`, `fearful`, `surprised`,
/// `disgusted`) are stable across releases and surfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[repr(u8)]
pub enum Emotion {
    /// No marked emotion.
    Neutral = 0,
    /// Happiness, joy.
    Happy = 1,
    /// Sadness.
    Sad = 2,
    /// Anger.
    Angry = 3,
    /// Fear.
    Fearful = 4,
    /// Surprise.
    Surprised = 5,
    /// Disgust.
    Disgusted = 6,
}

impl Emotion {
    /// Number of classes.
    pub const COUNT: usize = 7;

    /// All classes in Resona's order (the index of each is `emotion as usize`).
    pub const ALL: [Self; 7] =
        [Self::Neutral, Self::Happy, Self::Sad, Self::Angry, Self::Fearful, Self::Surprised, Self::Disgusted];

    /// Comma-separated list of the canonical names, for error messages.
    const NAMES: &'static str = "neutral, happy, sad, angry, fearful, surprised, disgusted";

    /// Stable canonical name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Neutral => "neutral",
            Self::Happy => "happy",
            Self::Sad => "sad",
            Self::Angry => "angry",
            Self::Fearful => "fearful",
            Self::Surprised => "surprised",
            Self::Disgusted => "disgusted",
        }
    }

    /// Index in Resona's order.
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Maps a dataset or model label onto an emotion, case-insensitively: the canonical names,
    /// and the names FER2013 and GoEmotions use (`anger`, `disgust`, `fear`, `joy`, `happiness`,
    /// `sadness`, `surprise`). Returns `None` for labels with no counterpart (e.g. EmoDB's
    /// boredom), which the caller must decide how to treat.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        let l = label.trim().to_ascii_lowercase();
        Some(match l.as_str() {
            "neutral" => Self::Neutral,
            "happy" | "happiness" | "joy" => Self::Happy,
            "sad" | "sadness" => Self::Sad,
            "angry" | "anger" => Self::Angry,
            "fearful" | "fear" => Self::Fearful,
            "surprised" | "surprise" => Self::Surprised,
            "disgusted" | "disgust" => Self::Disgusted,
            _ => return None,
        })
    }
}

impl fmt::Display for Emotion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Emotion {
    type Err = InputError;
    /// Parses a canonical name or a dataset alias (see [`Emotion::from_label`]).
    fn from_str(s: &str) -> Result<Self, InputError> {
        Self::from_label(s).ok_or_else(|| InputError::UnknownName {
            what: "emotion",
            value: s.to_owned(),
            expected: Self::NAMES,
        })
    }
}

/// Label orders of common datasets and models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LabelOrder {
    /// Resona's own order, [`Emotion::ALL`].
    Resona,
    /// FER2013's numeric labels 0-6, also the output order of mini-XCEPTION and most FER models.
    Fer2013,
    /// GoEmotions' Ekman grouping in the order of its `labels.txt`.
    GoEmotionsEkman,
}

impl LabelOrder {
    /// The emotions in this order.
    #[must_use]
    pub const fn labels(self) -> &'static [Emotion; 7] {
        use Emotion::*;
        match self {
            Self::Resona => &Emotion::ALL,
            Self::Fer2013 => &[Angry, Disgusted, Fearful, Happy, Sad, Surprised, Neutral],
            Self::GoEmotionsEkman => &[Angry, Disgusted, Fearful, Happy, Neutral, Sad, Surprised],
        }
    }
}

/// A probability distribution over the seven [`Emotion`]s.
///
/// Invariants, checked by every constructor: each probability is finite and in `[0, 1]`, and
/// they sum to 1 within [`EmotionScores::SUM_TOLERANCE`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmotionScores([f32; 7]);

impl EmotionScores {
    /// Allowed deviation of the sum from 1.
    pub const SUM_TOLERANCE: f64 = 1e-6;

    /// Validates probabilities given in Resona's order.
    pub fn from_probabilities(probs: [f32; 7]) -> Result<Self, InputError> {
        InputError::check_finite("probabilities", &probs)?;
        if let Some(index) = probs.iter().position(|&p| !(0.0..=1.0).contains(&p)) {
            return Err(InputError::OutOfRange {
                what: "probabilities",
                index,
                value: probs[index].to_string(),
                rule: "[0, 1]",
            });
        }
        let sum: f64 = probs.iter().map(|&p| f64::from(p)).sum();
        if (sum - 1.0).abs() > Self::SUM_TOLERANCE {
            return Err(InputError::NotNormalized { sum, tolerance: Self::SUM_TOLERANCE });
        }
        Ok(Self(probs))
    }

    /// Validates probabilities given in the order `labels`, which must name distinct
    /// emotions; emotions not named get probability 0.
    pub fn from_probabilities_ordered(probs: &[f32], labels: &[Emotion]) -> Result<Self, crate::Error> {
        Ok(Self::from_probabilities(scatter(probs, labels, 0.0)?)?)
    }

    /// Softmax of logits given in Resona's order.
    pub fn from_logits(logits: [f32; 7]) -> Result<Self, InputError> {
        Self::softmax(&logits, &Emotion::ALL)
    }

    /// Softmax of logits given in the order `labels` (distinct emotions; those not named get
    /// probability 0).
    pub fn from_logits_ordered(logits: &[f32], labels: &[Emotion]) -> Result<Self, crate::Error> {
        check_labels(logits.len(), labels)?;
        Ok(Self::softmax(logits, labels)?)
    }

    /// Renormalises non-negative scores that should already sum to about 1, such as a model's
    /// softmax output computed in f32, given in the order `labels`. Sums further than
    /// `tolerance` from 1 are rejected: they are not probabilities.
    pub fn from_model_probabilities(probs: &[f32], labels: &[Emotion], tolerance: f64) -> Result<Self, crate::Error> {
        let raw = scatter(probs, labels, 0.0)?;
        InputError::check_finite("probabilities", &raw)?;
        if let Some(index) = raw.iter().position(|&p| p < 0.0) {
            return Err(InputError::OutOfRange {
                what: "probabilities",
                index,
                value: raw[index].to_string(),
                rule: "[0, 1]",
            }
            .into());
        }
        let sum: f64 = raw.iter().map(|&p| f64::from(p)).sum();
        if (sum - 1.0).abs() > tolerance {
            return Err(InputError::NotNormalized { sum, tolerance }.into());
        }
        Ok(Self(raw.map(|p| (f64::from(p) / sum) as f32)))
    }

    // Numerically stable softmax in f64: subtracting the maximum keeps exp() finite for any
    // finite logits, and f64 accumulation keeps the f32 results' sum within 1e-7 of 1.
    fn softmax(logits: &[f32], labels: &[Emotion]) -> Result<Self, InputError> {
        if logits.is_empty() {
            return Err(InputError::Empty { what: "logits" });
        }
        InputError::check_finite("logits", logits)?;
        let max = logits.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
        let exps: Vec<f64> = logits.iter().map(|&v| (f64::from(v) - max).exp()).collect();
        let sum: f64 = exps.iter().sum();
        let mut out = [0.0f32; 7];
        for (e, label) in exps.iter().zip(labels) {
            out[label.index()] = (e / sum) as f32;
        }
        Ok(Self(out))
    }

    /// Probabilities in Resona's order.
    #[must_use]
    pub const fn as_array(&self) -> &[f32; 7] {
        &self.0
    }

    /// Probability of one emotion.
    #[must_use]
    pub const fn get(&self, emotion: Emotion) -> f32 {
        self.0[emotion as usize]
    }

    /// The most probable emotion; ties go to the earlier class in Resona's order.
    #[must_use]
    pub fn argmax(&self) -> Emotion {
        let mut best = 0;
        for (i, &p) in self.0.iter().enumerate() {
            if p > self.0[best] {
                best = i;
            }
        }
        Emotion::ALL[best]
    }

    /// Probability of the most probable emotion, in `[1/7, 1]`.
    #[must_use]
    pub fn confidence(&self) -> f32 {
        self.get(self.argmax())
    }

    /// `(emotion, probability)` pairs in Resona's order.
    pub fn iter(&self) -> impl Iterator<Item = (Emotion, f32)> + '_ {
        Emotion::ALL.iter().copied().zip(self.0.iter().copied())
    }
}

fn check_labels(len: usize, labels: &[Emotion]) -> Result<(), crate::Error> {
    if labels.len() != len {
        return Err(InputError::LengthMismatch {
            what: "scores for the label list",
            expected: labels.len(),
            received: len,
        }
        .into());
    }
    if len == 0 {
        return Err(InputError::Empty { what: "scores" }.into());
    }
    for (i, l) in labels.iter().enumerate() {
        if labels[..i].contains(l) {
            return Err(ConfigError::InvalidParameter {
                name: "labels",
                value: format!("{labels:?}"),
                rule: "labels must name distinct emotions",
            }
            .into());
        }
    }
    Ok(())
}

fn scatter(values: &[f32], labels: &[Emotion], fill: f32) -> Result<[f32; 7], crate::Error> {
    check_labels(values.len(), labels)?;
    let mut out = [fill; 7];
    for (&v, l) in values.iter().zip(labels) {
        out[l.index()] = v;
    }
    Ok(out)
}

#[cfg(feature = "serde")]
mod serde_impl {
    //! Serialized as a map from canonical emotion name to probability, validated on the way in.
    use super::{Emotion, EmotionScores};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Named {
        neutral: f32,
        happy: f32,
        sad: f32,
        angry: f32,
        fearful: f32,
        surprised: f32,
        disgusted: f32,
    }

    impl Serialize for EmotionScores {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let g = |e: Emotion| self.get(e);
            Named {
                neutral: g(Emotion::Neutral),
                happy: g(Emotion::Happy),
                sad: g(Emotion::Sad),
                angry: g(Emotion::Angry),
                fearful: g(Emotion::Fearful),
                surprised: g(Emotion::Surprised),
                disgusted: g(Emotion::Disgusted),
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for EmotionScores {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let n = Named::deserialize(d)?;
            EmotionScores::from_probabilities([n.neutral, n.happy, n.sad, n.angry, n.fearful, n.surprised, n.disgusted])
                .map_err(serde::de::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn serialized_names_are_pinned() {
        // Snapshot: these strings are a public contract on every surface.
        let names: Vec<String> = Emotion::ALL.iter().map(|e| serde_json::to_string(e).unwrap_or_default()).collect();
        assert_eq!(names.join(","), r#""neutral","happy","sad","angry","fearful","surprised","disgusted""#);
        for e in Emotion::ALL {
            assert_eq!(e.as_str().parse::<Emotion>(), Ok(e));
            assert_eq!(serde_json::from_str::<Emotion>(&format!("\"{e}\"")).ok(), Some(e));
        }
    }

    #[test]
    fn dataset_orders_map_by_meaning() {
        let fer = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];
        let ekman = ["anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"];
        for (order, names) in [(LabelOrder::Fer2013, fer), (LabelOrder::GoEmotionsEkman, ekman)] {
            let mapped: Vec<Emotion> = names.iter().filter_map(|n| Emotion::from_label(n)).collect();
            assert_eq!(mapped.as_slice(), order.labels());
        }
        assert_eq!(Emotion::from_label("boredom"), None);
        assert!(matches!("boredom".parse::<Emotion>(), Err(InputError::UnknownName { .. })));
    }

    #[test]
    fn softmax_matches_hand_computation() {
        let s = EmotionScores::from_logits([0.0, (2.0f32).ln(), 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        assert!((s.get(Emotion::Happy) - 0.25).abs() < 1e-7);
        assert!((s.get(Emotion::Neutral) - 0.125).abs() < 1e-7);
        assert_eq!(s.argmax(), Emotion::Happy);
        // Huge logits do not overflow.
        let s = EmotionScores::from_logits([1e30, 0.0, 0.0, 0.0, 0.0, 0.0, -1e30]).unwrap();
        assert_eq!(s.get(Emotion::Neutral), 1.0);
    }

    #[test]
    fn reordering_from_fer2013() {
        let fer_probs = [0.1, 0.0, 0.0, 0.7, 0.1, 0.0, 0.1];
        let s = EmotionScores::from_probabilities_ordered(&fer_probs, LabelOrder::Fer2013.labels()).unwrap();
        assert_eq!(s.argmax(), Emotion::Happy);
        assert_eq!(s.get(Emotion::Angry), 0.1);
        assert_eq!(s.get(Emotion::Neutral), 0.1);
    }

    #[test]
    fn validation_errors() {
        let e = EmotionScores::from_probabilities([0.5, 0.5, 0.1, 0.0, 0.0, 0.0, 0.0]).unwrap_err();
        assert!(matches!(e, InputError::NotNormalized { .. }));
        let e = EmotionScores::from_probabilities([f32::NAN, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap_err();
        assert_eq!(e.code(), "non_finite");
        let e = EmotionScores::from_probabilities([-0.5, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap_err();
        assert_eq!(e.code(), "out_of_range");
        let e = EmotionScores::from_logits_ordered(&[1.0, 2.0], &[Emotion::Sad]).unwrap_err();
        assert_eq!(e.code(), "length_mismatch");
        let e = EmotionScores::from_logits_ordered(&[1.0, 2.0], &[Emotion::Sad, Emotion::Sad]).unwrap_err();
        assert_eq!(e.code(), "invalid_parameter");
        let e = EmotionScores::from_model_probabilities(&[0.5; 7], &Emotion::ALL, 1e-3).unwrap_err();
        assert_eq!(e.code(), "not_normalized");
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let s = EmotionScores::from_logits([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.starts_with(r#"{"neutral":"#));
        assert_eq!(serde_json::from_str::<EmotionScores>(&json).unwrap(), s);
        let bad = json.replace(r#""neutral":"#, r#""neutral":0.5,"x":"#);
        assert!(serde_json::from_str::<EmotionScores>(&bad).is_err());
    }

    proptest! {
        #[test]
        fn softmax_is_a_distribution(logits in proptest::array::uniform7(-1e6f32..1e6)) {
            let s = EmotionScores::from_logits(logits).unwrap();
            let sum: f64 = s.as_array().iter().map(|&p| f64::from(p)).sum();
            prop_assert!((sum - 1.0).abs() <= EmotionScores::SUM_TOLERANCE);
            prop_assert!(s.as_array().iter().all(|p| (0.0..=1.0).contains(p)));
            // argmax of the scores is argmax of the logits (first of ties).
            let mut best = 0;
            for i in 0..7 { if logits[i] > logits[best] { best = i; } }
            prop_assert!(s.confidence() >= s.as_array()[best] - f32::EPSILON);
            // validating our own output always succeeds
            prop_assert!(EmotionScores::from_probabilities(*s.as_array()).is_ok());
        }
    }
}
