//! Stories told through the public API: the whole pipeline (fusion → dissonance → stress →
//! smoothing → session → burnout → guidance) on scripted sessions.

// Test helpers outside #[test] functions: a panic there is a failed test, which is what we want.
#![allow(clippy::unwrap_used)]
use resona_fusion::*;

const DAY_MS: i64 = 24 * 3600 * 1000;
const FRAME_MS: i64 = 500;

/// What the modality pipelines report, constant over one scripted stretch.
#[derive(Clone, Copy)]
struct Script {
    face_valence: f32,
    face_arousal: f32,
    voice_valence: f32,
    voice_arousal: f32,
    vocal_stress: f32,
    compound: f32,
    risk: RiskLevel,
    deflection: bool,
    crisis: bool,
}

fn dist(valence: f32) -> EmotionScores {
    // Positive valence leans happy, negative leans sad/fearful, the rest neutral.
    let pos = (valence.max(0.0) * 1.6).min(0.9);
    let neg = ((-valence).max(0.0) * 1.6).min(0.9);
    EmotionScores::from_probabilities([1.0 - pos - neg, pos, neg * 0.6, 0.0, neg * 0.4, 0.0, 0.0]).unwrap()
}

struct Pipeline {
    fuser: Fuser,
    dissonance: DissonanceDetector,
    stress: StressModel,
    smoother: Smoother,
    session: Session,
}

struct Moment {
    dissonance: Dissonance,
    stress: StressScore,
    smoothed: SmoothedEmotion,
    text: TextSignals,
}

impl Pipeline {
    fn new() -> Self {
        Self {
            fuser: Fuser::new(FusionConfig::default()).unwrap(),
            dissonance: DissonanceDetector::new(DissonanceConfig::default()).unwrap(),
            stress: StressModel::new(StressConfig::default()).unwrap(),
            smoother: Smoother::new(SmoothingConfig::default()).unwrap(),
            session: Session::new(SessionConfig::default()).unwrap(),
        }
    }

    fn step(&mut self, t: i64, s: &Script) -> Moment {
        let now = TimestampMs(t);
        let face =
            ModalityReading::new(Modality::Face, dist(s.face_valence), 0.8, s.face_valence, s.face_arousal, 0.9, now)
                .unwrap();
        let voice = ModalityReading::new(
            Modality::Voice,
            dist(s.voice_valence),
            0.8,
            s.voice_valence,
            s.voice_arousal,
            0.9,
            now,
        )
        .unwrap();
        let textr = ModalityReading::new(Modality::Text, dist(s.compound), 0.8, s.compound, 0.4, 1.0, now).unwrap();
        let text = TextSignals::new(s.compound, s.risk, s.deflection).unwrap().with_crisis(s.crisis);
        let fused = self.fuser.fuse(&[face, voice, textr], now).unwrap();
        let dissonance = self
            .dissonance
            .detect(&DissonanceInputs {
                face: Some(face),
                voice: Some(voice),
                vocal_stress: Some(s.vocal_stress),
                text: Some(text),
            })
            .unwrap();
        let stress = self
            .stress
            .score(&StressInputs {
                face_arousal: Some(s.face_arousal),
                vocal_stress: Some(s.vocal_stress),
                text_negativity: Some(text.negativity() as f32),
                risk: Some(text.risk),
                dissonance: dissonance.score,
            })
            .unwrap();
        let smoothed = self.smoother.push_fused(&fused, stress.score).unwrap();
        self.session
            .push(&SessionFrame {
                timestamp: now,
                scores: smoothed.scores,
                valence: smoothed.valence,
                arousal: smoothed.arousal,
                stress: smoothed.stress,
                hidden_stress: dissonance.score,
                risk: text.risk,
                crisis: text.crisis,
            })
            .unwrap();
        Moment { dissonance, stress, smoothed, text }
    }

    fn run(&mut self, start: i64, frames: i64, s: &Script) -> Moment {
        let mut last = None;
        for i in 0..frames {
            last = Some(self.step(start + i * FRAME_MS, s));
        }
        last.unwrap()
    }
}

const CALM: Script = Script {
    face_valence: 0.5,
    face_arousal: 0.3,
    voice_valence: 0.4,
    voice_arousal: 0.4,
    vocal_stress: 0.15,
    compound: 0.5,
    risk: RiskLevel::Normal,
    deflection: false,
    crisis: false,
};

#[test]
fn a_calm_session() {
    let mut p = Pipeline::new();
    let last = p.run(0, 120, &CALM);
    let summary = p.session.summary().unwrap();
    assert_eq!(summary.dominant_emotion, Emotion::Happy);
    assert!(summary.average_stress < 25.0, "{}", summary.average_stress);
    assert!(summary.hidden_stress_episodes.is_empty() && summary.risk_events.is_empty());
    assert!(summary.timeline.len() <= 60);
    assert_eq!(last.smoothed.label, Emotion::Happy);
    let advice = guidance(
        &GuidanceInputs {
            valence: last.smoothed.valence,
            stress: last.stress.score,
            hidden_stress: last.dissonance.score,
            ..Default::default()
        },
        &GuidanceConfig::default(),
    )
    .unwrap();
    assert_eq!((advice.tone, advice.pace, advice.surface_crisis_resources), (Tone::Upbeat, Pace::Livelier, false));
    let mut history = SessionHistory::default();
    history.push(summary.record()).unwrap();
    let burnout = assess_burnout(&history, &BurnoutConfig::default()).unwrap();
    assert_eq!(burnout.level, BurnoutLevel::Low);
    assert_eq!(burnout.recommendations, [Recommendation::MaintainRoutine]);
}

#[test]
fn a_week_of_rising_stress() {
    let mut history = SessionHistory::default();
    let mut levels = Vec::new();
    let mut last = None;
    for day in 0..7i64 {
        let d = day as f32;
        let script = Script {
            face_valence: 0.4 - 0.2 * d,
            face_arousal: 0.3 + 0.1 * d,
            voice_valence: 0.3 - 0.2 * d,
            voice_arousal: 0.4 + 0.05 * d,
            vocal_stress: 0.15 + 0.14 * d,
            compound: 0.4 - 0.22 * d,
            risk: if day >= 5 { RiskLevel::Mild } else { RiskLevel::Normal },
            deflection: false,
            crisis: false,
        };
        let mut p = Pipeline::new();
        p.run(day * DAY_MS, 240, &script);
        history.push(p.session.summary().unwrap().record()).unwrap();
        let a = assess_burnout(&history, &BurnoutConfig::default()).unwrap();
        levels.push(a.level);
        last = Some(a);
    }
    let last = last.unwrap();
    assert_eq!(levels[0], BurnoutLevel::Low);
    assert!(levels.windows(2).all(|w| w[0] <= w[1]), "levels never fall while stress rises: {levels:?}");
    let first_medium = levels.iter().position(|&l| l == BurnoutLevel::Medium).unwrap();
    let first_high = levels.iter().position(|&l| l == BurnoutLevel::High).unwrap();
    assert!(first_medium < first_high);
    assert_eq!(last.level, BurnoutLevel::High);
    assert!(last.alert && last.rising_streak >= 3);
    for f in [BurnoutFactor::IncreasingStress, BurnoutFactor::HighStress, BurnoutFactor::DecliningMood] {
        assert!(last.factors.contains(&f), "{f:?} in {:?}", last.factors);
    }
    for r in [Recommendation::SeekProfessionalHelp, Recommendation::ReduceWorkload, Recommendation::BreathingExercise] {
        assert!(last.recommendations.contains(&r), "{r:?} in {:?}", last.recommendations);
    }
    // The history survives a save and load in both forms.
    assert_eq!(SessionHistory::from_bytes(&history.to_bytes()).unwrap(), history);
    let json = serde_json::to_string(&history).unwrap();
    assert_eq!(serde_json::from_str::<SessionHistory>(&json).unwrap(), history);
}

#[test]
fn concealment_cheerful_text_tense_voice() {
    let mut p = Pipeline::new();
    p.run(0, 20, &CALM);
    let masked = Script {
        face_valence: 0.4, // a polite smile
        face_arousal: 0.4,
        voice_valence: -0.4,
        voice_arousal: 0.7,
        vocal_stress: 0.8,
        compound: 0.75, // "All good, everything's great!"
        risk: RiskLevel::Normal,
        deflection: true,
        crisis: false,
    };
    let m = p.run(20 * FRAME_MS, 20, &masked);
    assert!(m.dissonance.hidden_stress, "{:?}", m.dissonance);
    let kinds: Vec<_> = m.dissonance.flags.iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&DissonanceKind::TenseVoiceCheerfulText));
    assert!(kinds.contains(&DissonanceKind::Concealment));
    assert!(m.dissonance.flags.iter().all(|f| !f.explanation.is_empty()));
    // The dissonance raises stress above what the words alone suggest.
    assert!(m.stress.dissonance > 0.0);
    let summary = p.session.summary().unwrap();
    assert_eq!(summary.hidden_stress_episodes.len(), 1);
    assert_eq!(summary.hidden_stress_episodes[0].start, TimestampMs(20 * FRAME_MS));
    let advice = guidance(
        &GuidanceInputs {
            valence: m.smoothed.valence,
            stress: m.stress.score,
            hidden_stress: m.dissonance.score,
            ..Default::default()
        },
        &GuidanceConfig::default(),
    )
    .unwrap();
    assert!(advice.check_in_gently);
    assert!(advice.avoid.contains(&AvoidTopic::ForcedPositivity));
}

#[test]
fn a_crisis_message_is_flagged_immediately() {
    let mut p = Pipeline::new();
    p.run(0, 60, &CALM);
    // Everything else still looks calm and happy; the message carries severe risk.
    let crisis = Script { risk: RiskLevel::Severe, compound: -0.1, crisis: true, ..CALM };
    let m = p.step(60 * FRAME_MS, &crisis);
    assert!(m.text.is_crisis());
    let advice = guidance(
        &GuidanceInputs {
            emotion: Some(m.smoothed.label),
            valence: m.smoothed.valence,
            stress: m.stress.score,
            hidden_stress: m.dissonance.score,
            risk: m.text.risk,
            crisis: m.text.crisis,
            stressors: vec![StressorTopic::Work],
            burnout: Some(BurnoutLevel::Low),
        },
        &GuidanceConfig::default(),
    )
    .unwrap();
    assert!(advice.surface_crisis_resources, "on the very first crisis frame");
    assert_eq!(advice.tone, Tone::CrisisSupport);
    assert!(advice.prompt_fragment().contains("crisis resources"));
    // The severe-risk floor lifts stress to at least 80 at once, despite calm signals.
    assert!(m.stress.score >= 80.0, "{:?}", m.stress);
    let summary = p.session.summary().unwrap();
    assert_eq!((summary.max_risk, summary.crisis), (RiskLevel::Severe, true));
    assert_eq!(summary.risk_events.len(), 1);
    let mut history = SessionHistory::default();
    history.push(summary.record()).unwrap();
    let burnout = assess_burnout(&history, &BurnoutConfig::default()).unwrap();
    assert!(burnout.recommendations.contains(&Recommendation::ContactCrisisLine));
}
