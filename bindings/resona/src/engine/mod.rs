//! The streaming [`Engine`]: every modality pipeline and the fusion layer, in one object that
//! every language binding wraps.
//!
//! Push audio chunks (any size, rate and channel count), video frames and chat messages, each
//! with the caller's timestamp; read the current fused state at any time; end the session to
//! get its summary; save and load the user's baseline and session history as bytes.
//!
//! Each push that yields a reading (a frame with a face, a closed 2-5 s voice segment, a
//! message) runs one fusion step at its timestamp: attention-weighted fusion of the freshest
//! readings, hidden stress (dissonance), stress 0-100, smoothing, the session timeline,
//! micro-moments and the baseline. [`Engine::state`] returns the latest step; it does not
//! compute anything.
//!
//! `Engine` is `Send + Sync`: its state sits behind one mutex, so several threads (a capture
//! thread, a camera thread, the UI) can push into one engine. Pushing audio allocates nothing
//! in steady state except in the pushes where the VAD closes a stretch of speech (about every
//! 2-5 s of speech), which is classified (`tests/engine_alloc.rs` counts allocations).

mod readings;
mod voice;

use resona_audio::emotion::{VoiceEmotion, VoiceEmotionConfig, VoiceEmotionModel};
use resona_audio::stress::{VocalStress, VocalStressConfig};
use resona_core::{AudioView, Backend, ImageView, Limits, Modality, ModalityReading, Result, TimestampMs};
use resona_fusion::{
    Baseline, BaselineConfig, BurnoutAssessment, BurnoutConfig, Deviation, Dissonance, DissonanceConfig,
    DissonanceDetector, DissonanceInputs, FusedEmotion, Fuser, FusionConfig, GuidanceConfig, GuidanceInputs,
    MicroMoment, MomentConfig, MomentDetector, ResponseGuidance, RiskLevel, Session, SessionConfig, SessionFrame,
    SessionHistory, SessionSummary, SmoothedEmotion, Smoother, SmoothingConfig, StressConfig, StressInputs,
    StressModel, StressScore, TextSignals, assess_burnout, guidance,
};
use resona_text::{TextAnalysis, TextAnalyzer, TextConfig};
use resona_vision::{FaceAnalyzer, FaceConfig, FrameAnalysis};
use std::sync::{Mutex, MutexGuard, PoisonError};
use voice::VoicePipeline;

/// Configuration of an [`Engine`]: one config per component, each with its documented
/// defaults.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EngineConfig {
    /// Model backend for every model. Defaults to [`Backend::Tract`].
    pub backend: Backend,
    /// Least caller time between two analysed video frames, in ms; a frame that arrives
    /// sooner after the last analysed one is skipped ([`Engine::push_frame`] returns `None`).
    /// Defaults to [`DEFAULT_FACE_INTERVAL_MS`] (100 ms: 10 analysed frames per second of a
    /// 25-60 FPS camera); 0 analyses every frame.
    pub face_interval_ms: u32,
    /// Longest caller time the detector may stay off: in between, an analysed frame re-reads
    /// the faces found before ([`FaceAnalyzer::reanalyze`], which follows the face by its
    /// landmarks and falls back to the detector when the face is lost). Defaults to
    /// [`DEFAULT_REDETECT_INTERVAL_MS`]; 0 runs the detector on every analysed frame.
    pub redetect_interval_ms: u32,
    /// Size limits applied to every input. Defaults to [`Limits::default`].
    pub limits: Limits,
    /// Face pipeline. Defaults to [`FaceConfig::default`].
    pub face: FaceConfig,
    /// Text pipeline. Defaults to [`TextConfig::default`].
    pub text: TextConfig,
    /// Voice emotion (gate, segment lengths). Defaults to [`VoiceEmotionConfig::default`].
    pub voice: VoiceEmotionConfig,
    /// Vocal stress. Defaults to [`VocalStressConfig::default`].
    pub vocal_stress: VocalStressConfig,
    /// Fusion weights and staleness. Defaults to [`FusionConfig::default`].
    pub fusion: FusionConfig,
    /// Hidden stress. Defaults to [`DissonanceConfig::default`].
    pub dissonance: DissonanceConfig,
    /// Stress score. Defaults to [`StressConfig::default`].
    pub stress: StressConfig,
    /// Smoothing (10-reading moving average, EMA, hysteresis). Defaults to
    /// [`SmoothingConfig::default`].
    pub smoothing: SmoothingConfig,
    /// Session summary. Defaults to [`SessionConfig::default`].
    pub session: SessionConfig,
    /// Baseline warm-up and drift. Defaults to [`BaselineConfig::default`].
    pub baseline: BaselineConfig,
    /// Micro-moments. Defaults to [`MomentConfig::default`].
    pub moments: MomentConfig,
    /// Burnout. Defaults to [`BurnoutConfig::default`].
    pub burnout: BurnoutConfig,
    /// Response guidance. Defaults to [`GuidanceConfig::default`].
    pub guidance: GuidanceConfig,
}

/// Default [`EngineConfig::face_interval_ms`]. Expressions and arousal change over hundreds of
/// milliseconds (the seeds smooth over 10 frames), so reading 10 frames a second loses little,
/// while the face models cost 13-38 ms a frame on one core (see the crate README): analysing
/// all 30 frames of a camera would take the whole core.
pub const DEFAULT_FACE_INTERVAL_MS: u32 = 100;

/// Default [`EngineConfig::redetect_interval_ms`]: the detector runs at least twice a second,
/// so a new face (or a second person) is found within half a second.
pub const DEFAULT_REDETECT_INTERVAL_MS: u32 = 500;

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            backend: Backend::default(),
            face_interval_ms: DEFAULT_FACE_INTERVAL_MS,
            redetect_interval_ms: DEFAULT_REDETECT_INTERVAL_MS,
            limits: Limits::default(),
            face: FaceConfig::default(),
            text: TextConfig::default(),
            voice: VoiceEmotionConfig::default(),
            vocal_stress: VocalStressConfig::default(),
            fusion: FusionConfig::default(),
            dissonance: DissonanceConfig::default(),
            stress: StressConfig::default(),
            smoothing: SmoothingConfig::default(),
            session: SessionConfig::default(),
            baseline: BaselineConfig::default(),
            moments: MomentConfig::default(),
            burnout: BurnoutConfig::default(),
            guidance: GuidanceConfig::default(),
        }
    }
}

impl EngineConfig {
    /// Sets [`EngineConfig::face_interval_ms`].
    #[must_use]
    pub fn with_face_interval_ms(mut self, v: u32) -> Self {
        self.face_interval_ms = v;
        self
    }
    /// Sets [`EngineConfig::redetect_interval_ms`].
    #[must_use]
    pub fn with_redetect_interval_ms(mut self, v: u32) -> Self {
        self.redetect_interval_ms = v;
        self
    }
    /// Sets [`EngineConfig::backend`] (for every model).
    #[must_use]
    pub fn with_backend(mut self, v: Backend) -> Self {
        self.backend = v;
        self
    }
    /// Sets [`EngineConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, v: Limits) -> Self {
        self.limits = v;
        self
    }
    /// Sets [`EngineConfig::face`].
    #[must_use]
    pub fn with_face(mut self, v: FaceConfig) -> Self {
        self.face = v;
        self
    }
    /// Sets [`EngineConfig::fusion`].
    #[must_use]
    pub fn with_fusion(mut self, v: FusionConfig) -> Self {
        self.fusion = v;
        self
    }
}

/// The fused reading after one step, and everything derived from it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EngineState {
    /// When the step ran (the timestamp of the push that caused it).
    pub timestamp: TimestampMs,
    /// Attention-weighted fusion of the freshest readings, with each modality's weight.
    pub fused: FusedEmotion,
    /// The smoothed state (moving average, EMA, label with hysteresis).
    pub smoothed: SmoothedEmotion,
    /// Stress 0-100 with its components.
    pub stress: StressScore,
    /// Hidden stress: score, flag and explanations.
    pub dissonance: Dissonance,
    /// Risk level of the latest message.
    pub risk: RiskLevel,
    /// The latest message asks for crisis resources now.
    pub crisis: bool,
    /// Vocal stress of the latest voice segment, in [0, 1].
    pub vocal_stress: Option<f32>,
    /// Baseline deviations found in this step.
    pub deviations: Vec<Deviation>,
    /// How a host chat app should respond now.
    pub guidance: ResponseGuidance,
}

/// What a push produced, besides updating the state.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VoiceReading {
    /// Start of the segment on the caller's clock.
    pub start: TimestampMs,
    /// End of the segment.
    pub end: TimestampMs,
    /// Its emotion.
    pub emotion: VoiceEmotion,
    /// Its vocal stress in [0, 1], when the segment was long enough to measure.
    pub vocal_stress: Option<f32>,
}

#[derive(Debug)]
struct Inner {
    config: EngineConfig,
    faces: FaceAnalyzer,
    text: TextAnalyzer,
    voice: VoicePipeline,
    fuser: Fuser,
    dissonance: DissonanceDetector,
    stress: StressModel,
    smoother: Smoother,
    session: Session,
    baseline: Baseline,
    moments: MomentDetector,
    history: SessionHistory,
    latest: [Option<ModalityReading>; 3],
    text_signals: Option<TextSignals>,
    vocal_stress: Option<f32>,
    stressors: Vec<resona_fusion::StressorTopic>,
    state: Option<EngineState>,
    /// Time of the latest step: steps never go back in time, because a voice segment is
    /// classified after it ends and threads may push slightly out of order.
    last_step: TimestampMs,
    /// Time of the latest analysed frame, for [`EngineConfig::face_interval_ms`].
    last_frame: Option<TimestampMs>,
    /// The latest analysis with a face and when the detector last ran, for
    /// [`EngineConfig::redetect_interval_ms`].
    tracked: Option<(TimestampMs, FrameAnalysis)>,
}

/// Every Resona pipeline and the fusion layer behind one thread-safe object; see the
/// [module docs](self).
#[derive(Debug)]
pub struct Engine {
    inner: Mutex<Inner>,
}

fn slot(m: Modality) -> usize {
    match m {
        Modality::Face => 0,
        Modality::Voice => 1,
        _ => 2,
    }
}

impl Engine {
    /// Loads the bundled models and starts an empty session with an empty baseline and
    /// history.
    pub fn new(config: EngineConfig) -> Result<Self> {
        let face = config.face.clone().with_backend(config.backend).with_limits(config.limits);
        let text = config.text.clone().with_limits(config.limits);
        let voice_cfg = config.voice.clone().with_backend(config.backend).with_limits(config.limits);
        let voice =
            VoicePipeline::new(VoiceEmotionModel::bundled(voice_cfg)?, VocalStress::new(config.vocal_stress.clone())?)?;
        let inner = Inner {
            faces: FaceAnalyzer::bundled(face)?,
            text: TextAnalyzer::new(text)?,
            voice,
            fuser: Fuser::new(config.fusion.clone())?,
            dissonance: DissonanceDetector::new(config.dissonance.clone())?,
            stress: StressModel::new(config.stress.clone())?,
            smoother: Smoother::new(config.smoothing.clone())?,
            session: Session::new(config.session.clone())?,
            baseline: Baseline::new(config.baseline.clone())?,
            moments: MomentDetector::new(config.moments.clone())?,
            history: SessionHistory::default(),
            latest: [None, None, None],
            text_signals: None,
            vocal_stress: None,
            stressors: Vec::new(),
            state: None,
            last_step: TimestampMs(i64::MIN),
            last_frame: None,
            tracked: None,
            config,
        };
        Ok(Self { inner: Mutex::new(inner) })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic in another thread cannot leave the state half-written in a way that matters
        // more than losing the engine, and Resona's code does not panic; carry on.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Feeds audio (its first sample at `timestamp`); returns the voice segments it closed.
    pub fn push_audio(&self, chunk: &AudioView<'_>, timestamp: TimestampMs) -> Result<Vec<VoiceReading>> {
        let mut inner = self.lock();
        let segments = inner.voice.push(chunk, timestamp)?;
        inner.voice_segments(segments)
    }

    /// Analyses a video frame; the primary face (if any) becomes the face reading. Returns
    /// `None` without looking at the frame when it comes less than
    /// [`EngineConfig::face_interval_ms`] after the last analysed frame (a timestamp before
    /// that frame, as after a camera restart, is analysed). Within
    /// [`EngineConfig::redetect_interval_ms`] of the last detection, the faces already found
    /// are re-read without the detector.
    pub fn push_frame(&self, image: &ImageView<'_>, timestamp: TimestampMs) -> Result<Option<FrameAnalysis>> {
        let mut inner = self.lock();
        let interval = i64::from(inner.config.face_interval_ms);
        if let Some(last) = inner.last_frame {
            let since = timestamp.0.saturating_sub(last.0);
            if (0..interval).contains(&since) {
                return Ok(None);
            }
        }
        let redetect = i64::from(inner.config.redetect_interval_ms);
        let reread = match &inner.tracked {
            Some((detected, previous)) if (0..redetect).contains(&timestamp.0.saturating_sub(detected.0)) => {
                inner.faces.reanalyze(image, previous)?.map(|a| (*detected, a))
            }
            _ => None,
        };
        let (detected, analysis) = match reread {
            Some(r) => r,
            None => (timestamp, inner.faces.analyze(image)?),
        };
        inner.last_frame = Some(timestamp);
        inner.tracked = (!analysis.faces.is_empty()).then(|| (detected, analysis.clone()));
        if let Some(face) = analysis.primary_face() {
            let reading = readings::face(face, timestamp)?;
            inner.latest[0] = Some(reading);
            inner.step(timestamp, &[])?;
        }
        Ok(Some(analysis))
    }

    /// Analyses a chat message; a crisis message is flagged in the state at once.
    pub fn push_text(&self, text: &str, timestamp: TimestampMs) -> Result<TextAnalysis> {
        let mut inner = self.lock();
        let analysis = inner.text.analyze(text)?;
        let words = text.split_whitespace().count();
        inner.latest[2] = Some(readings::text(&analysis, words, timestamp)?);
        inner.text_signals = Some(readings::text_signals(&analysis)?);
        inner.stressors = analysis.stressors.iter().map(|s| readings::stressor(s.kind)).collect();
        for topic in inner.stressors.clone() {
            inner.moments.push_stressor(timestamp, topic);
        }
        inner.step(timestamp, &[])?;
        Ok(analysis)
    }

    /// The latest fused state; `None` before the first reading.
    pub fn state(&self) -> Option<EngineState> {
        self.lock().state.clone()
    }

    /// Micro-moments of the current session so far.
    pub fn moments(&self) -> Vec<MicroMoment> {
        self.lock().moments.moments()
    }

    /// Ends the session at `timestamp`: flushes the voice pipeline, summarises, appends the
    /// session to the history and starts a new, empty session (baseline and history kept).
    pub fn end_session(&self, timestamp: TimestampMs) -> Result<SessionSummary> {
        let mut inner = self.lock();
        let last = inner.voice.finish()?;
        inner.voice_segments(last)?;
        let _ = timestamp;
        let summary = inner.session.summary()?;
        inner.history.push(summary.record())?;
        let c = &inner.config;
        let (session, smoother, moments) = (
            Session::new(c.session.clone())?,
            Smoother::new(c.smoothing.clone())?,
            MomentDetector::new(c.moments.clone())?,
        );
        inner.session = session;
        inner.smoother = smoother;
        inner.moments = moments;
        inner.latest = [None, None, None];
        inner.text_signals = None;
        inner.vocal_stress = None;
        inner.state = None;
        inner.last_step = TimestampMs(i64::MIN);
        inner.last_frame = None;
        inner.tracked = None;
        Ok(summary)
    }

    /// Burnout risk over the saved sessions (the previous five against the latest).
    pub fn burnout(&self) -> Result<BurnoutAssessment> {
        let inner = self.lock();
        assess_burnout(&inner.history, &inner.config.burnout)
    }

    /// The user's baseline in Resona's compact, versioned binary form.
    pub fn save_baseline(&self) -> Vec<u8> {
        self.lock().baseline.to_bytes()
    }

    /// Replaces the baseline with saved bytes; a corrupted or newer-version state is an error
    /// and leaves the current baseline unchanged.
    pub fn load_baseline(&self, bytes: &[u8]) -> Result<()> {
        let baseline = Baseline::from_bytes(bytes)?;
        self.lock().baseline = baseline;
        Ok(())
    }

    /// The session history (one record per ended session) as bytes.
    pub fn save_history(&self) -> Vec<u8> {
        self.lock().history.to_bytes()
    }

    /// Replaces the session history with saved bytes.
    pub fn load_history(&self, bytes: &[u8]) -> Result<()> {
        let history = SessionHistory::from_bytes(bytes)?;
        self.lock().history = history;
        Ok(())
    }
}

impl Inner {
    fn voice_segments(&mut self, segments: Vec<voice::VoiceSegment>) -> Result<Vec<VoiceReading>> {
        let mut out = Vec::with_capacity(segments.len());
        for s in segments {
            let seconds = s.segment.end.since(s.segment.start) as f32 / 1000.0;
            self.latest[1] = Some(readings::voice(&s.segment.emotion, seconds, s.segment.end)?);
            self.vocal_stress = s.stress.as_ref().map(|r| r.score);
            let deviations = match &s.summary {
                Some(summary) => self.baseline.observe_voice(&readings::voice_features(summary))?,
                None => Vec::new(),
            };
            self.step(s.segment.end, &deviations)?;
            out.push(VoiceReading {
                start: s.segment.start,
                end: s.segment.end,
                emotion: s.segment.emotion,
                vocal_stress: self.vocal_stress,
            });
        }
        Ok(out)
    }

    /// One fusion step at `now` (or at the previous step's time, when `now` is earlier).
    fn step(&mut self, now: TimestampMs, voice_deviations: &[Deviation]) -> Result<()> {
        let now = TimestampMs(now.0.max(self.last_step.0));
        self.last_step = now;
        let readings: Vec<ModalityReading> = self.latest.iter().flatten().copied().collect();
        let fused = match self.fuser.fuse(&readings, now) {
            Ok(f) => f,
            // Every reading is stale: nothing to fuse yet.
            Err(resona_core::Error::Input(resona_core::InputError::Empty { .. })) => return Ok(()),
            Err(e) => return Err(e),
        };
        let face = self.latest[slot(Modality::Face)];
        let voice = self.latest[slot(Modality::Voice)];
        let dissonance = self.dissonance.detect(&DissonanceInputs {
            face,
            voice,
            vocal_stress: self.vocal_stress,
            text: self.text_signals,
        })?;
        let stress = self.stress.score(&StressInputs {
            face_arousal: face.as_ref().map(ModalityReading::arousal),
            vocal_stress: self.vocal_stress,
            text_negativity: self.text_signals.map(|t| t.negativity() as f32),
            risk: self.text_signals.map(|t| t.risk),
            dissonance: dissonance.score,
        })?;
        let smoothed = self.smoother.push_fused(&fused, stress.score)?;
        let (risk, crisis) = self.text_signals.map_or((RiskLevel::Normal, false), |t| (t.risk, t.is_crisis()));
        self.session.push(&SessionFrame {
            timestamp: now,
            scores: smoothed.scores,
            valence: smoothed.valence,
            arousal: smoothed.arousal,
            stress: smoothed.stress,
            hidden_stress: dissonance.score,
            risk,
            crisis,
        })?;
        let mut deviations = voice_deviations.to_vec();
        deviations.extend(self.baseline.observe_emotion(&fused.scores, fused.valence, fused.arousal, stress.score)?);
        self.session.record_deviations(&deviations);
        self.moments.push_deviations(now, &deviations);
        self.moments.push_frame(now, stress.score, fused.valence)?;
        let burnout = assess_burnout(&self.history, &self.config.burnout).ok().map(|b| b.level);
        let advice = guidance(
            &GuidanceInputs {
                emotion: Some(smoothed.label),
                valence: smoothed.valence,
                stress: stress.score,
                hidden_stress: dissonance.score,
                risk,
                crisis,
                stressors: self.stressors.clone(),
                burnout,
            },
            &self.config.guidance,
        )?;
        self.state = Some(EngineState {
            timestamp: now,
            fused,
            smoothed,
            stress,
            dissonance,
            risk,
            crisis,
            vocal_stress: self.vocal_stress,
            deviations,
            guidance: advice,
        });
        Ok(())
    }
}
