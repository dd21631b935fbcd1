//! One modality's emotion reading at one moment: what the face, voice and text pipelines hand
//! to fusion.

use crate::emotion::EmotionScores;
use crate::error::InputError;
use crate::units::TimestampMs;
use std::fmt;

/// A source of emotion evidence.
///
/// The serialized names (`face`, `voice`, `text`) are stable across releases and surfaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[repr(u8)]
pub enum Modality {
    /// Facial expression from video frames.
    Face = 0,
    /// Voice: prosody, voice quality and the voice emotion model.
    Voice = 1,
    /// Text messages: sentiment, emotion, risk and cues.
    Text = 2,
}

impl Modality {
    /// Number of modalities.
    pub const COUNT: usize = 3;

    /// All modalities, in index order.
    pub const ALL: [Self; 3] = [Self::Face, Self::Voice, Self::Text];

    /// Stable canonical name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Face => "face",
            Self::Voice => "voice",
            Self::Text => "text",
        }
    }

    /// Index in [`Modality::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One modality's reading: an emotion distribution with its confidence, the dimensional
/// valence and arousal, the quality of the signal it came from, and when it was taken.
///
/// Invariants, checked by [`ModalityReading::new`] and on deserialization: every number is
/// finite; `confidence`, `arousal` and `quality` lie in `[0, 1]`, `valence` in `[-1, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawReading", into = "RawReading"))]
pub struct ModalityReading {
    modality: Modality,
    scores: EmotionScores,
    confidence: f32,
    valence: f32,
    arousal: f32,
    quality: f32,
    timestamp: TimestampMs,
}

fn check_range(what: &'static str, value: f32, lo: f32, hi: f32, rule: &'static str) -> Result<(), InputError> {
    if !value.is_finite() {
        return Err(InputError::NonFinite { what, index: 0, value: value.to_string() });
    }
    if !(lo..=hi).contains(&value) {
        return Err(InputError::OutOfRange { what, index: 0, value: value.to_string(), rule });
    }
    Ok(())
}

impl ModalityReading {
    /// Validates and builds a reading.
    ///
    /// - `confidence`: how sure the producing model is, `[0, 1]`;
    /// - `valence`: unpleasant (-1) to pleasant (+1);
    /// - `arousal`: calm (0) to activated (1);
    /// - `quality`: signal quality, `[0, 1]` (face size and sharpness, speech SNR and voicing,
    ///   text length), so fusion can trust a clear signal more than a poor one.
    ///
    /// Errors: [`InputError::NonFinite`] or [`InputError::OutOfRange`] naming the field.
    pub fn new(
        modality: Modality,
        scores: EmotionScores,
        confidence: f32,
        valence: f32,
        arousal: f32,
        quality: f32,
        timestamp: TimestampMs,
    ) -> Result<Self, InputError> {
        check_range("confidence", confidence, 0.0, 1.0, "[0, 1]")?;
        check_range("valence", valence, -1.0, 1.0, "[-1, 1]")?;
        check_range("arousal", arousal, 0.0, 1.0, "[0, 1]")?;
        check_range("quality", quality, 0.0, 1.0, "[0, 1]")?;
        Ok(Self { modality, scores, confidence, valence, arousal, quality, timestamp })
    }

    /// Which modality produced the reading.
    #[must_use]
    pub const fn modality(&self) -> Modality {
        self.modality
    }

    /// The emotion distribution.
    #[must_use]
    pub const fn scores(&self) -> &EmotionScores {
        &self.scores
    }

    /// Confidence of the producing model, in `[0, 1]`.
    #[must_use]
    pub const fn confidence(&self) -> f32 {
        self.confidence
    }

    /// Valence, in `[-1, 1]`.
    #[must_use]
    pub const fn valence(&self) -> f32 {
        self.valence
    }

    /// Arousal, in `[0, 1]`.
    #[must_use]
    pub const fn arousal(&self) -> f32 {
        self.arousal
    }

    /// Signal quality, in `[0, 1]`.
    #[must_use]
    pub const fn quality(&self) -> f32 {
        self.quality
    }

    /// When the reading was taken (caller's clock).
    #[must_use]
    pub const fn timestamp(&self) -> TimestampMs {
        self.timestamp
    }
}

/// Serialized form: the fields by name, validated on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReading {
    modality: Modality,
    scores: EmotionScores,
    confidence: f32,
    valence: f32,
    arousal: f32,
    quality: f32,
    timestamp: TimestampMs,
}

#[cfg(feature = "serde")]
impl TryFrom<RawReading> for ModalityReading {
    type Error = InputError;
    fn try_from(r: RawReading) -> Result<Self, InputError> {
        Self::new(r.modality, r.scores, r.confidence, r.valence, r.arousal, r.quality, r.timestamp)
    }
}

#[cfg(feature = "serde")]
impl From<ModalityReading> for RawReading {
    fn from(r: ModalityReading) -> Self {
        Self {
            modality: r.modality,
            scores: r.scores,
            confidence: r.confidence,
            valence: r.valence,
            arousal: r.arousal,
            quality: r.quality,
            timestamp: r.timestamp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Emotion;

    fn scores() -> EmotionScores {
        EmotionScores::from_probabilities([0.1, 0.6, 0.1, 0.05, 0.05, 0.05, 0.05]).unwrap()
    }

    #[test]
    fn modality_names_are_pinned() {
        // Snapshot: these strings are a public contract on every surface.
        let names: Vec<String> = Modality::ALL.iter().map(|m| serde_json::to_string(m).unwrap()).collect();
        assert_eq!(names.join(","), r#""face","voice","text""#);
        for (i, m) in Modality::ALL.iter().enumerate() {
            assert_eq!(m.index(), i);
            assert_eq!(m.to_string(), m.as_str());
        }
    }

    #[test]
    fn constructor_validates_every_field() {
        let t = TimestampMs(5);
        let r = ModalityReading::new(Modality::Voice, scores(), 0.8, -0.5, 0.3, 1.0, t).unwrap();
        assert_eq!(
            (r.modality(), r.confidence(), r.valence(), r.arousal(), r.quality()),
            (Modality::Voice, 0.8, -0.5, 0.3, 1.0)
        );
        assert_eq!((r.timestamp(), r.scores().argmax()), (t, Emotion::Happy));
        let bad = |c, v, a, q| ModalityReading::new(Modality::Face, scores(), c, v, a, q, t).unwrap_err();
        assert!(matches!(bad(1.5, 0.0, 0.0, 0.0), InputError::OutOfRange { what: "confidence", .. }));
        assert!(matches!(bad(0.5, -1.01, 0.0, 0.0), InputError::OutOfRange { what: "valence", .. }));
        assert!(matches!(bad(0.5, 0.0, f32::NAN, 0.0), InputError::NonFinite { what: "arousal", .. }));
        assert!(matches!(bad(0.5, 0.0, 0.0, -0.1), InputError::OutOfRange { what: "quality", .. }));
        assert!(matches!(bad(f32::INFINITY, 0.0, 0.0, 0.0), InputError::NonFinite { what: "confidence", .. }));
    }

    #[test]
    fn serde_round_trip_validates() {
        let r = ModalityReading::new(Modality::Text, scores(), 0.8, 0.5, 0.3, 0.9, TimestampMs(42)).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.starts_with(r#"{"modality":"text","scores":{"#));
        assert_eq!(serde_json::from_str::<ModalityReading>(&json).unwrap(), r);
        let bad = json.replace(r#""confidence":0.8"#, r#""confidence":1.8"#);
        assert!(serde_json::from_str::<ModalityReading>(&bad).is_err());
    }
}
