//! VAD-driven segments of 2-5 s: planning, batch classification and a stream.
//!
//! # Segment rule
//! Resona's VAD ([`Vad`], default settings) finds speech segments. In time order:
//!
//! 1. A speech segment longer than `max_segment` is split into `k = ceil(len / max_segment)`
//!    equal parts (each between `max_segment / 2` and `max_segment`), each its own segment.
//! 2. Otherwise it joins the open group when the pause before it is at most `max_gap` and the
//!    group's span (first start to last end) stays at most `max_segment`; if not, the open
//!    group is closed and a new one starts.
//! 3. Groups shorter than `min_speech` are left out (too little speech to classify).
//!
//! Segment boundaries are the VAD's (which pads speech by 50 ms). Silence or noise without
//! speech yields no segment: the documented "no speech" result is an empty list.
//!
//! The rule is causal: a group is final once the next speech segment cannot join it or once
//! the audio has run `max_segment` past the group's start. [`EmotionStream`] applies it as
//! chunks arrive and emits each segment when it is final, so a stream fed any chunking of a
//! signal emits the same segments as [`VoiceEmotionModel::classify_segments`] on the whole.

use resona_core::{Result, SampleRate, TimestampMs};

use super::model::{VoiceEmotion, VoiceEmotionModel, WAVEFORM_RATE};
use crate::preprocess::{SpeechSegment, StreamResampler, VadConfig, VadStream};

/// A classified stretch of speech with caller-supplied timestamps.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EmotionSegment {
    /// Start: the caller's start time plus the segment's offset.
    pub start: TimestampMs,
    /// End (exclusive).
    pub end: TimestampMs,
    /// The emotion of the segment.
    pub emotion: VoiceEmotion,
}

/// Samples per second of the analysis rate, as f64.
const RATE_HZ: f64 = 16_000.0;

/// Groups VAD segments into classification segments (the rule in the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Planner {
    max_segment: f64,
    max_gap: f64,
    min_speech: f64,
    open: Option<(f64, f64)>,
}

impl Planner {
    pub(crate) fn new(model: &VoiceEmotionModel) -> Self {
        let c = model.config();
        Self { max_segment: c.max_segment.0, max_gap: c.max_gap.0, min_speech: c.min_speech.0, open: None }
    }

    /// Adds one VAD segment; appends every group it closes to `out`.
    pub(crate) fn push(&mut self, s: SpeechSegment, out: &mut Vec<(f64, f64)>) {
        let (start, end) = (s.start.0, s.end.0);
        let len = end - start;
        if len > self.max_segment {
            self.close(out);
            let k = (len / self.max_segment).ceil().max(1.0);
            let part = len / k;
            let mut a = start;
            for i in 0..k as usize {
                let b = if i + 1 == k as usize { end } else { a + part };
                self.emit((a, b), out);
                a = b;
            }
            return;
        }
        match self.open {
            Some((gs, ge)) if start - ge <= self.max_gap && end - gs <= self.max_segment => {
                self.open = Some((gs, end));
            }
            _ => {
                self.close(out);
                self.open = Some((start, end));
            }
        }
    }

    /// Closes the open group when no later segment can join it any more: `now` (seconds of
    /// audio seen) is past its start plus `max_segment`.
    pub(crate) fn advance(&mut self, now: f64, out: &mut Vec<(f64, f64)>) {
        if let Some((gs, _)) = self.open {
            if now > gs + self.max_segment {
                self.close(out);
            }
        }
    }

    /// Closes the open group.
    pub(crate) fn close(&mut self, out: &mut Vec<(f64, f64)>) {
        if let Some(g) = self.open.take() {
            self.emit(g, out);
        }
    }

    fn emit(&self, (a, b): (f64, f64), out: &mut Vec<(f64, f64)>) {
        // A hair of tolerance: a segment of exactly min_speech counts.
        if b - a + 1e-9 >= self.min_speech {
            out.push((a, b));
        }
    }
}

/// Sample index of time `t` at 16 kHz, clamped to `len`.
fn index(t: f64, len: usize) -> usize {
    ((t * RATE_HZ + 0.5).floor().max(0.0) as usize).min(len)
}

/// Milliseconds of `t` seconds after `start`, rounded.
fn stamp(start: TimestampMs, t: f64) -> TimestampMs {
    TimestampMs(start.0.saturating_add((t * 1000.0).round() as i64))
}

impl VoiceEmotionModel {
    /// Classifies speech in segments of at most `max_segment` (5 s by default; see the
    /// [module docs](crate::emotion) for the rule); `start` is the caller's timestamp of the first sample.
    ///
    /// Returns an empty list when there is no speech (silence, steady noise) or none of it
    /// lasts `min_speech`. Errors: as [`VoiceEmotionModel::classify`], except that no speech
    /// is not an error.
    pub fn classify_segments(
        &mut self,
        samples: &[f32],
        sample_rate: SampleRate,
        start: TimestampMs,
    ) -> Result<Vec<EmotionSegment>> {
        let y = self.to_analysis_rate(samples, sample_rate)?;
        let mut stream = EmotionStream::new(self, start)?;
        let mut out = Vec::new();
        stream.push_16k(self, &y, &mut out)?;
        stream.finish(self, &mut out)?;
        Ok(out)
    }
}

/// Streaming segment classification: push chunks of 16 kHz audio (or any rate for feature
/// models, resampled as it arrives), get [`EmotionSegment`]s as they become final.
///
/// The stream holds the audio of the open group only (at most `max_segment` plus the VAD's
/// delay). It borrows no model: pass the same model to every call.
#[derive(Debug)]
pub struct EmotionStream {
    start: TimestampMs,
    vad: VadStream,
    planner: Planner,
    resampler: Option<StreamResampler>,
    /// 16 kHz audio from `offset` on.
    buffer: Vec<f32>,
    /// Index (16 kHz samples since the stream started) of `buffer[0]`.
    offset: usize,
    /// 16 kHz samples seen.
    seen: usize,
    closed_speech: Vec<SpeechSegment>,
    groups: Vec<(f64, f64)>,
    resampled: Vec<f32>,
    probs: Vec<f32>,
}

impl EmotionStream {
    /// A stream of 16 kHz audio whose first sample is at `start`.
    pub fn new(model: &VoiceEmotionModel, start: TimestampMs) -> Result<Self> {
        Ok(Self {
            start,
            vad: VadStream::new(VadConfig::default())?,
            planner: Planner::new(model),
            resampler: None,
            buffer: Vec::new(),
            offset: 0,
            seen: 0,
            closed_speech: Vec::new(),
            groups: Vec::new(),
            resampled: Vec::new(),
            probs: Vec::new(),
        })
    }

    /// A stream of audio at `sample_rate`, resampled to 16 kHz as it arrives (feature models
    /// only; waveform models take 16 kHz, [`resona_core::InputError::InvalidSampleRate`]
    /// otherwise).
    pub fn with_rate(model: &VoiceEmotionModel, sample_rate: SampleRate, start: TimestampMs) -> Result<Self> {
        let mut s = Self::new(model, start)?;
        if sample_rate != WAVEFORM_RATE {
            // Refuses other rates for waveform models with the same error as `classify`.
            model.to_analysis_rate(&[0.0], sample_rate)?;
            s.resampler = Some(StreamResampler::new(sample_rate, WAVEFORM_RATE)?);
        }
        Ok(s)
    }

    /// Feeds a chunk at the stream's rate; appends every segment that became final to `out`.
    pub fn push(&mut self, model: &mut VoiceEmotionModel, chunk: &[f32], out: &mut Vec<EmotionSegment>) -> Result<()> {
        match self.resampler.as_mut() {
            Some(r) => {
                let mut y = std::mem::take(&mut self.resampled);
                y.clear();
                let result = r.push(chunk, &mut y).and_then(|()| self.push_16k(model, &y, out));
                self.resampled = y;
                result
            }
            None => self.push_16k(model, chunk, out),
        }
    }

    /// Flushes the stream: classifies the open group and resets the stream to start again at
    /// `start` plus the audio seen.
    pub fn finish(&mut self, model: &mut VoiceEmotionModel, out: &mut Vec<EmotionSegment>) -> Result<()> {
        if let Some(mut r) = self.resampler.take() {
            let mut tail = Vec::new();
            let pushed = r.finish(&mut tail).and_then(|()| self.push_16k(model, &tail, out));
            self.resampler = Some(r);
            pushed?;
        }
        self.vad.finish(&mut self.closed_speech)?;
        for s in self.closed_speech.drain(..) {
            self.planner.push(s, &mut self.groups);
        }
        self.planner.close(&mut self.groups);
        self.classify_groups(model, out)?;
        self.start = stamp(self.start, self.seen as f64 / RATE_HZ);
        self.buffer.clear();
        self.offset = 0;
        self.seen = 0;
        Ok(())
    }

    pub(crate) fn push_16k(
        &mut self,
        model: &mut VoiceEmotionModel,
        chunk: &[f32],
        out: &mut Vec<EmotionSegment>,
    ) -> Result<()> {
        self.probs.clear();
        self.vad.push(chunk, &mut self.probs, &mut self.closed_speech)?;
        self.buffer.extend_from_slice(chunk);
        self.seen += chunk.len();
        for s in self.closed_speech.drain(..) {
            self.planner.push(s, &mut self.groups);
        }
        // The VAD reports a segment only after `min_silence` has passed and pads it, so audio
        // up to (now - its delay) is settled; closing on `now` minus that delay keeps the
        // stream equal to the whole-buffer plan.
        let settled = self.seen as f64 / RATE_HZ - VAD_DELAY_S;
        self.planner.advance(settled, &mut self.groups);
        self.classify_groups(model, out)?;
        self.trim();
        Ok(())
    }

    fn classify_groups(&mut self, model: &mut VoiceEmotionModel, out: &mut Vec<EmotionSegment>) -> Result<()> {
        for (a, b) in self.groups.drain(..) {
            let (ia, ib) = (index(a, self.seen), index(b, self.seen));
            let lo = ia.saturating_sub(self.offset).min(self.buffer.len());
            let hi = ib.saturating_sub(self.offset).min(self.buffer.len());
            if hi <= lo {
                continue;
            }
            let emotion = match model.classify_speech(&self.buffer[lo..hi]) {
                Ok(e) => e,
                // Speech the VAD kept but the features reject as too short is left out, like
                // a group under `min_speech`.
                Err(e) if e.code() == "buffer_too_short" => continue,
                Err(e) => return Err(e),
            };
            out.push(EmotionSegment { start: stamp(self.start, a), end: stamp(self.start, b), emotion });
        }
        Ok(())
    }

    /// Drops audio no future segment can need: before the open group's start, or before the
    /// VAD's look-back when no group is open.
    fn trim(&mut self) {
        let keep_from_s = match self.planner.open {
            Some((gs, _)) => gs,
            None => self.seen as f64 / RATE_HZ - VAD_LOOKBACK_S,
        };
        let keep_from = index(keep_from_s.max(0.0), self.seen);
        let drop = keep_from.saturating_sub(self.offset).min(self.buffer.len());
        if drop > 0 {
            self.buffer.drain(..drop);
            self.offset += drop;
        }
    }
}

/// Upper bound on how far behind the audio a VAD segment can start when it is reported: a
/// speech segment is reported at its end plus `min_silence` (0.2 s), and a segment may be
/// arbitrarily long, so the stream keeps audio from the start of the running speech. The
/// VAD exposes no "speech open since" query, so the stream keeps a generous fixed window;
/// speech running longer than this without a 0.2 s pause is cut at the window's start.
const VAD_LOOKBACK_S: f64 = 60.0;
/// Delay after which the VAD has reported every segment that ends before `now - delay`:
/// `min_silence` (0.2 s) plus padding (0.05 s) plus one frame (25 ms), rounded up.
const VAD_DELAY_S: f64 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;
    use resona_core::Seconds;

    fn planner() -> Planner {
        Planner { max_segment: 5.0, max_gap: 1.0, min_speech: 1.0, open: None }
    }

    fn plan(segments: &[(f64, f64)]) -> Vec<(f64, f64)> {
        let mut p = planner();
        let mut out = Vec::new();
        for &(a, b) in segments {
            p.push(SpeechSegment { start: Seconds(a), end: Seconds(b) }, &mut out);
        }
        p.close(&mut out);
        out
    }

    #[test]
    fn merges_short_speech_up_to_the_maximum() {
        // Three bursts with short pauses merge; the fourth would exceed 5 s.
        assert_eq!(plan(&[(0.0, 1.0), (1.5, 2.5), (3.0, 4.0), (4.5, 6.0)]), vec![(0.0, 4.0), (4.5, 6.0)]);
        // A pause longer than max_gap separates.
        assert_eq!(plan(&[(0.0, 1.5), (3.0, 4.5)]), vec![(0.0, 1.5), (3.0, 4.5)]);
    }

    #[test]
    fn splits_long_speech_and_drops_crumbs() {
        let out = plan(&[(0.0, 0.5), (10.0, 22.0)]);
        // 12 s -> three parts of 4 s; the 0.5 s crumb is dropped.
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|(a, b)| (b - a - 4.0).abs() < 1e-9));
        assert_eq!(out[2].1, 22.0);
    }

    #[test]
    fn advance_closes_groups_that_nothing_can_join() {
        let mut p = planner();
        let mut out = Vec::new();
        p.push(SpeechSegment { start: Seconds(0.0), end: Seconds(2.0) }, &mut out);
        p.advance(4.0, &mut out);
        assert!(out.is_empty());
        p.advance(5.5, &mut out);
        assert_eq!(out, vec![(0.0, 2.0)]);
    }
}
