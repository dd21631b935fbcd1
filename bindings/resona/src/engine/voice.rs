//! The Engine's voice pipeline: PCM chunks of any rate and channel count -> 16 kHz mono ->
//! VAD-driven 2-5 s segments -> voice emotion, the segment's functionals, vocal stress.
//!
//! The segment planner and classifier are resona-audio's `EmotionStream`; this module adds the
//! intake (downmix and resampling, re-created when the chunk format changes) and a ring of the
//! last seconds of 16 kHz audio, from which each closed segment's functionals are computed
//! for vocal stress and the voice baseline.

use resona_audio::emotion::{EmotionSegment, EmotionStream, VoiceEmotionModel};
use resona_audio::preprocess::{IntakeConfig, IntakeStream};
use resona_audio::stress::{VocalStress, VocalStressReading};
use resona_audio::{FeatureExtractor, FeatureSummary};
use resona_core::{AudioView, Result, SampleRate, TimestampMs};
use std::collections::VecDeque;

/// Analysis rate of the voice pipeline.
const RATE: u32 = 16_000;
/// Audio kept for the functionals of a closing segment: longer than the longest segment (5 s)
/// plus the VAD's closing delay.
const RING_SECONDS: usize = 8;

/// One classified voice segment with what the Engine derived from it.
#[derive(Debug, Clone)]
pub(crate) struct VoiceSegment {
    pub(crate) segment: EmotionSegment,
    pub(crate) summary: Option<FeatureSummary>,
    pub(crate) stress: Option<VocalStressReading>,
}

pub(crate) struct VoicePipeline {
    model: VoiceEmotionModel,
    features: FeatureExtractor,
    stress: VocalStress,
    intake: Option<IntakeStream>,
    stream: Option<EmotionStream>,
    /// Caller time of the first sample of the stream.
    origin: TimestampMs,
    /// 16 kHz samples pushed since `origin`.
    pushed: u64,
    ring: VecDeque<f32>,
    resampled: Vec<f32>,
    segments: Vec<EmotionSegment>,
}

impl std::fmt::Debug for VoicePipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoicePipeline")
            .field("origin", &self.origin)
            .field("pushed", &self.pushed)
            .finish_non_exhaustive()
    }
}

impl VoicePipeline {
    pub(crate) fn new(model: VoiceEmotionModel, stress: VocalStress) -> Result<Self> {
        Ok(Self {
            model,
            features: FeatureExtractor::new()?,
            stress,
            intake: None,
            stream: None,
            origin: TimestampMs(0),
            pushed: 0,
            ring: VecDeque::with_capacity(RING_SECONDS * RATE as usize),
            resampled: Vec::with_capacity(2 * RATE as usize),
            segments: Vec::with_capacity(4),
        })
    }

    /// Feeds a chunk; returns the segments it closed (none, usually: no allocation then).
    pub(crate) fn push(&mut self, chunk: &AudioView<'_>, timestamp: TimestampMs) -> Result<Vec<VoiceSegment>> {
        let same_format = self
            .intake
            .as_ref()
            .is_some_and(|i| i.input_rate() == chunk.sample_rate() && i.channels() == chunk.channels());
        let mut closed = Vec::new();
        if !same_format {
            // A new capture format starts a new stream; whatever the old one held is finished.
            closed = self.finish()?;
            self.intake = Some(IntakeStream::new(IntakeConfig::default(), chunk.sample_rate(), chunk.channels())?);
            self.stream = Some(EmotionStream::new(&self.model, timestamp)?);
            self.origin = timestamp;
            self.pushed = 0;
            self.ring.clear();
        }
        self.resampled.clear();
        if let Some(intake) = self.intake.as_mut() {
            intake.push(chunk, &mut self.resampled)?;
        }
        self.feed(false)?;
        closed.extend(self.derive()?);
        Ok(closed)
    }

    /// Flushes the stream: the last open segment is classified and returned.
    pub(crate) fn finish(&mut self) -> Result<Vec<VoiceSegment>> {
        self.resampled.clear();
        if let Some(intake) = self.intake.as_mut() {
            intake.finish(&mut self.resampled)?;
        }
        self.feed(true)?;
        let out = self.derive()?;
        self.intake = None;
        self.stream = None;
        Ok(out)
    }

    fn feed(&mut self, last: bool) -> Result<()> {
        let cap = RING_SECONDS * RATE as usize;
        for &s in &self.resampled {
            if self.ring.len() == cap {
                self.ring.pop_front();
            }
            self.ring.push_back(s);
        }
        self.pushed += self.resampled.len() as u64;
        if let Some(stream) = self.stream.as_mut() {
            stream.push(&mut self.model, &self.resampled, &mut self.segments)?;
            if last {
                stream.finish(&mut self.model, &mut self.segments)?;
            }
        }
        Ok(())
    }

    /// Functionals and vocal stress of each closed segment, from the ring.
    fn derive(&mut self) -> Result<Vec<VoiceSegment>> {
        if self.segments.is_empty() {
            return Ok(Vec::new());
        }
        let ring_start = self.pushed.saturating_sub(self.ring.len() as u64);
        let mut out = Vec::with_capacity(self.segments.len());
        for segment in self.segments.drain(..) {
            let at = |t: TimestampMs| (t.since(self.origin).max(0) as u64 * u64::from(RATE)) / 1000;
            let (a, b) = (at(segment.start).max(ring_start), at(segment.end).min(self.pushed));
            let samples: Vec<f32> = if b > a {
                let skip = usize::try_from(a - ring_start).unwrap_or(usize::MAX);
                let take = usize::try_from(b - a).unwrap_or(0);
                self.ring.iter().skip(skip).take(take).copied().collect()
            } else {
                Vec::new()
            };
            // A segment shorter than a pitch frame has no functionals; it still has its emotion.
            let summary =
                if samples.len() >= 1024 { Some(self.features.extract(&samples, SampleRate::HZ_16000)?) } else { None };
            let stress = summary.as_ref().map(|s| self.stress.assess(s, None)).transpose()?;
            out.push(VoiceSegment { segment, summary, stress });
        }
        Ok(out)
    }
}
