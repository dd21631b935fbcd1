//! The streaming Engine for Kotlin and Swift: typed records for what an app shows, and the
//! full results in Resona's shared JSON schema (`json`).

use crate::faces::frame_reading;
use crate::text::text_reading;
use crate::{Backend, Emotion, FrameReading, PixelFormat, ResonaError, TextReading};
use resona::{AudioView, EngineConfig, ImageView, TimestampMs};
use std::sync::Arc;

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A classified voice segment.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct VoiceSegmentRecord {
    /// Start on the caller's clock, ms.
    pub start_ms: i64,
    /// End, ms.
    pub end_ms: i64,
    /// Its emotion.
    pub label: Emotion,
    /// Probability of the label.
    pub confidence: f32,
    /// Vocal stress in [0, 1] when measurable.
    pub vocal_stress: Option<f32>,
}

/// The fused state after the latest reading.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EngineStateRecord {
    /// When it was computed, ms.
    pub timestamp_ms: i64,
    /// Smoothed label (with hysteresis).
    pub label: Emotion,
    /// Stress 0-100.
    pub stress: f32,
    /// Hidden-stress score [0, 1].
    pub hidden_stress: f32,
    /// Show crisis resources now.
    pub crisis: bool,
    /// A prompt fragment a host can give its own language model.
    pub prompt_fragment: String,
    /// The whole state (fused scores with modality weights, stress components, dissonance
    /// flags, guidance, deviations) in the shared JSON schema.
    pub json: String,
}

/// Every Resona pipeline and the fusion layer; thread-safe.
#[derive(Debug, uniffi::Object)]
pub struct Engine(resona::Engine);

#[uniffi::export]
impl Engine {
    /// Loads the bundled models on `backend`.
    #[uniffi::constructor]
    pub fn new(backend: Backend) -> Result<Arc<Self>, ResonaError> {
        Ok(Arc::new(Self(resona::Engine::new(EngineConfig::default().with_backend(backend.into()))?)))
    }

    /// Loads the bundled models on `backend`, analysing a video frame only when it comes at
    /// least `face_interval_ms` after the last analysed one (default 100) and running the
    /// detector at least every `redetect_interval_ms` (default 500); 0 turns either off.
    #[uniffi::constructor]
    pub fn with_intervals(
        backend: Backend,
        face_interval_ms: u32,
        redetect_interval_ms: u32,
    ) -> Result<Arc<Self>, ResonaError> {
        let config = EngineConfig::default()
            .with_backend(backend.into())
            .with_face_interval_ms(face_interval_ms)
            .with_redetect_interval_ms(redetect_interval_ms);
        Ok(Arc::new(Self(resona::Engine::new(config)?)))
    }

    /// Feeds interleaved float PCM whose first sample is at `timestamp_ms`.
    pub fn push_audio(
        &self,
        samples: Vec<f32>,
        sample_rate: u32,
        channels: u16,
        timestamp_ms: i64,
    ) -> Result<Vec<VoiceSegmentRecord>, ResonaError> {
        let view = AudioView::from_f32(&samples, sample_rate, channels).map_err(resona::Error::from)?;
        Ok(self
            .0
            .push_audio(&view, TimestampMs(timestamp_ms))?
            .into_iter()
            .map(|r| VoiceSegmentRecord {
                start_ms: r.start.0,
                end_ms: r.end.0,
                label: r.emotion.label.into(),
                confidence: r.emotion.confidence,
                vocal_stress: r.vocal_stress,
            })
            .collect())
    }

    /// Analyses a packed frame at `timestamp_ms`; `None` when it came sooner than the face
    /// interval after the last analysed frame and was skipped.
    pub fn push_frame(
        &self,
        pixels: Vec<u8>,
        width: u32,
        height: u32,
        format: PixelFormat,
        timestamp_ms: i64,
    ) -> Result<Option<FrameReading>, ResonaError> {
        let view = ImageView::packed(&pixels, width, height, format.into()).map_err(resona::Error::from)?;
        Ok(self.0.push_frame(&view, TimestampMs(timestamp_ms))?.as_ref().map(frame_reading))
    }

    /// Analyses a chat message at `timestamp_ms`.
    pub fn push_text(&self, text: String, timestamp_ms: i64) -> Result<TextReading, ResonaError> {
        Ok(text_reading(self.0.push_text(&text, TimestampMs(timestamp_ms))?, &text))
    }

    /// The latest fused state; null before the first reading.
    pub fn state(&self) -> Option<EngineStateRecord> {
        self.0.state().map(|s| EngineStateRecord {
            timestamp_ms: s.timestamp.0,
            label: s.smoothed.label.into(),
            stress: s.stress.score,
            hidden_stress: s.dissonance.score,
            crisis: s.crisis,
            prompt_fragment: s.guidance.prompt_fragment(),
            json: json(&s),
        })
    }

    /// Ends the session; its summary as JSON.
    pub fn end_session(&self, timestamp_ms: i64) -> Result<String, ResonaError> {
        Ok(json(&self.0.end_session(TimestampMs(timestamp_ms))?))
    }

    /// Burnout risk across the saved sessions, as JSON (score, level, factors,
    /// recommendations, alert).
    pub fn burnout(&self) -> Result<String, ResonaError> {
        Ok(json(&self.0.burnout()?))
    }

    /// The user's baseline as bytes.
    pub fn save_baseline(&self) -> Vec<u8> {
        self.0.save_baseline()
    }

    /// Restores a saved baseline (`ResonaException.Input` on corrupted or newer bytes).
    pub fn load_baseline(&self, bytes: Vec<u8>) -> Result<(), ResonaError> {
        Ok(self.0.load_baseline(&bytes)?)
    }

    /// The session history as bytes.
    pub fn save_history(&self) -> Vec<u8> {
        self.0.save_history()
    }

    /// Restores a saved session history.
    pub fn load_history(&self, bytes: Vec<u8>) -> Result<(), ResonaError> {
        Ok(self.0.load_history(&bytes)?)
    }
}
