//! From each modality's own result to the fusion layer's inputs: [`ModalityReading`],
//! [`TextSignals`], [`StressorTopic`] and the baseline's [`VoiceFeatures`].
//!
//! The rules, each documented where it is made:
//! - **valence and arousal of an emotion distribution** (voice and text, whose models give
//!   only the seven probabilities): the expectation of fixed circumplex coordinates per emotion
//!   (Russell 1980; values as in the NRC VAD lexicon's category means, rounded): neutral
//!   (0, 0.30), happy (0.8, 0.60), sad (-0.7, 0.30), angry (-0.6, 0.85), fearful (-0.6, 0.80),
//!   surprised (0.2, 0.80), disgusted (-0.6, 0.55). The face uses its own affect reading, which
//!   adds geometry.
//! - **text valence** is the sarcasm-adjusted VADER compound, the sentiment a host should use.
//! - **confidence** is the top probability of the distribution (the face's detector score
//!   goes into quality instead).
//! - **quality**: face = detection score × landmark presence (1 without landmarks); voice =
//!   segment length / 2 s, capped at 1 (the model was trained on 2-5 s utterances); text =
//!   1 for messages of three words or more, 0.5 for shorter ones (a bare "ok" says little).

use resona_audio::FeatureSummary;
use resona_audio::emotion::VoiceEmotion;
use resona_core::{Emotion, EmotionScores, Modality, ModalityReading, Result, TimestampMs};
use resona_fusion::{RiskLevel, StressorTopic, TextSignals, VoiceFeatures};
use resona_text::TextAnalysis;
use resona_text::cues::stressors::StressorKind;
use resona_text::risk::RiskLevel as TextRisk;
use resona_vision::Face;

/// Circumplex (valence, arousal) of each emotion, in `Emotion::ALL` order.
const CIRCUMPLEX: [(f32, f32); 7] =
    [(0.0, 0.30), (0.8, 0.60), (-0.7, 0.30), (-0.6, 0.85), (-0.6, 0.80), (0.2, 0.80), (-0.6, 0.55)];

/// Expected (valence, arousal) of a distribution under [`CIRCUMPLEX`].
pub(crate) fn circumplex(scores: &EmotionScores) -> (f32, f32) {
    let (mut v, mut a) = (0.0, 0.0);
    for (e, p) in scores.iter() {
        let (cv, ca) = CIRCUMPLEX[Emotion::ALL.iter().position(|x| *x == e).unwrap_or(0)];
        v += p * cv;
        a += p * ca;
    }
    (v.clamp(-1.0, 1.0), a.clamp(0.0, 1.0))
}

/// The primary face as a reading.
pub(crate) fn face(face: &Face, timestamp: TimestampMs) -> Result<ModalityReading> {
    let presence = face.landmarks.as_ref().map_or(1.0, |l| l.presence);
    Ok(ModalityReading::new(
        Modality::Face,
        face.expression,
        face.expression.confidence(),
        face.affect.valence.clamp(-1.0, 1.0),
        face.affect.arousal.clamp(0.0, 1.0),
        (face.score * presence).clamp(0.0, 1.0),
        timestamp,
    )?)
}

/// A classified voice segment as a reading.
pub(crate) fn voice(emotion: &VoiceEmotion, seconds: f32, timestamp: TimestampMs) -> Result<ModalityReading> {
    let (valence, arousal) = circumplex(&emotion.scores);
    let quality = (seconds / 2.0).clamp(0.0, 1.0);
    Ok(ModalityReading::new(
        Modality::Voice,
        emotion.scores,
        emotion.confidence.clamp(0.0, 1.0),
        valence,
        arousal,
        quality,
        timestamp,
    )?)
}

/// A chat message as a reading.
pub(crate) fn text(a: &TextAnalysis, words: usize, timestamp: TimestampMs) -> Result<ModalityReading> {
    let (_, arousal) = circumplex(&a.emotion);
    let valence = (a.sarcasm.adjusted_compound as f32).clamp(-1.0, 1.0);
    let quality = if words >= 3 { 1.0 } else { 0.5 };
    Ok(ModalityReading::new(Modality::Text, a.emotion, a.confidence, valence, arousal, quality, timestamp)?)
}

/// The fusion layer's view of a message's sentiment, risk and deflection.
pub(crate) fn text_signals(a: &TextAnalysis) -> Result<TextSignals> {
    let risk = match a.risk.level {
        TextRisk::Normal => RiskLevel::Normal,
        TextRisk::Mild => RiskLevel::Mild,
        TextRisk::Moderate => RiskLevel::Moderate,
        _ => RiskLevel::Severe,
    };
    let compound = (a.sarcasm.adjusted_compound as f32).clamp(-1.0, 1.0);
    Ok(TextSignals::new(compound, risk, !a.code_switch.deflections.is_empty())?.with_crisis(a.risk.crisis))
}

/// resona-text's stressor kind as the fusion layer's topic (`work_or_study` is `Work`).
pub(crate) fn stressor(kind: StressorKind) -> StressorTopic {
    match kind {
        StressorKind::WorkOrStudy => StressorTopic::Work,
        StressorKind::Relationships => StressorTopic::Relationships,
        StressorKind::Family => StressorTopic::Family,
        StressorKind::Health => StressorTopic::Health,
        StressorKind::Money => StressorTopic::Money,
        StressorKind::Housing => StressorTopic::Housing,
        StressorKind::Loss => StressorTopic::Loss,
        StressorKind::Safety => StressorTopic::Safety,
        _ => StressorTopic::Other,
    }
}

/// Baseline voice features of an utterance: median pitch in Hz (from semitones re 27.5 Hz),
/// pitch standard deviation in semitones, mean loudness in dB, speech rate, jitter, shimmer.
pub(crate) fn voice_features(s: &FeatureSummary) -> VoiceFeatures {
    VoiceFeatures {
        pitch_hz: s.pitch_p50_st.map(|st| 27.5 * 2f32.powf(st / 12.0)),
        pitch_variability: s.pitch_sd_st,
        loudness: Some(s.loudness_mean_db),
        speech_rate: (s.speech_rate > 0.0).then_some(s.speech_rate),
        jitter: s.jitter_local,
        shimmer: s.shimmer_local,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circumplex_of_a_certain_emotion_is_its_coordinates() {
        let happy = EmotionScores::from_probabilities([0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        assert_eq!(circumplex(&happy), (0.8, 0.6));
        let uniform = EmotionScores::from_probabilities([1.0 / 7.0; 7]).unwrap();
        let (v, a) = circumplex(&uniform);
        assert!((v - (-1.5 / 7.0)).abs() < 1e-5 && (a - 4.2 / 7.0).abs() < 1e-5);
    }
}
