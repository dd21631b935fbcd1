//! Faces over time: track ids by box overlap, moving-average smoothing, blink counting and
//! micro-expression candidates. The caller supplies each frame's timestamp.

use crate::face::{FaceBox, FrameAnalysis};
use resona_core::{ConfigError, Emotion, EmotionScores, InputError, Result, TimestampMs};
use std::collections::VecDeque;

/// Settings of a [`FaceTracker`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TrackerConfig {
    /// Smallest box IoU that continues a track, in (0, 1]. Defaults to 0.3.
    pub iou_threshold: f32,
    /// Frames a track survives without a matching face, ≥ 0. Defaults to 5.
    pub max_missed_frames: u32,
    /// Frames in the moving average of scores, arousal and valence, ≥ 1. Defaults to 10 (the
    /// seeds' smoothing).
    pub smoothing_window: usize,
    /// Longest expression change, in ms, that counts as a micro-expression. Defaults to 500
    /// (Ekman: micro-expressions last 1/25 to 1/2 s).
    pub micro_max_ms: i64,
    /// Smallest probability of the changed expression for a micro-expression. Defaults to 0.6.
    pub micro_min_confidence: f32,
    /// Longest eye closure, in ms, counted as a blink (longer is eyes closed). Defaults to 500.
    pub blink_max_ms: i64,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        Self {
            iou_threshold: 0.3,
            max_missed_frames: 5,
            smoothing_window: 10,
            micro_max_ms: 500,
            micro_min_confidence: 0.6,
            blink_max_ms: 500,
        }
    }
}

impl TrackerConfig {
    /// Sets [`TrackerConfig::iou_threshold`].
    #[must_use]
    pub fn with_iou_threshold(mut self, v: f32) -> Self {
        self.iou_threshold = v;
        self
    }

    /// Sets [`TrackerConfig::max_missed_frames`].
    #[must_use]
    pub fn with_max_missed_frames(mut self, v: u32) -> Self {
        self.max_missed_frames = v;
        self
    }

    /// Sets [`TrackerConfig::smoothing_window`].
    #[must_use]
    pub fn with_smoothing_window(mut self, v: usize) -> Self {
        self.smoothing_window = v;
        self
    }

    /// Sets [`TrackerConfig::micro_max_ms`].
    #[must_use]
    pub fn with_micro_max_ms(mut self, v: i64) -> Self {
        self.micro_max_ms = v;
        self
    }
}

/// A short expression change on a track: it started at `start`, lasted `duration_ms`, and
/// the face returned to its baseline expression afterwards.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MicroExpression {
    /// The brief expression.
    pub emotion: Emotion,
    /// Timestamp of its first frame.
    pub start: TimestampMs,
    /// From its first frame to the first frame back at baseline.
    pub duration_ms: i64,
    /// Its highest probability during the change.
    pub peak: f32,
}

/// One face of the frame with its track.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrackedFace {
    /// Stable id of the face across frames.
    pub track_id: u64,
    /// Index into the frame's [`FrameAnalysis::faces`].
    pub face_index: usize,
    /// Moving average of the expression distribution over the window.
    pub smoothed: EmotionScores,
    /// Moving average of arousal, [0, 1].
    pub arousal: f32,
    /// Moving average of valence, [-1, 1].
    pub valence: f32,
    /// Blinks counted on this track so far.
    pub blinks: u32,
    /// A micro-expression that ended on this frame.
    pub micro_expression: Option<MicroExpression>,
}

#[derive(Debug, Clone)]
struct Track {
    id: u64,
    bbox: FaceBox,
    missed: u32,
    history: VecDeque<([f32; 7], f32, f32)>,
    blinks: u32,
    closed_since: Option<TimestampMs>,
    /// Current brief expression: emotion, start, peak.
    change: Option<(Emotion, TimestampMs, f32)>,
}

/// Follows faces from frame to frame. One per video stream.
#[derive(Debug, Clone)]
pub struct FaceTracker {
    config: TrackerConfig,
    tracks: Vec<Track>,
    next_id: u64,
    last: Option<TimestampMs>,
}

impl FaceTracker {
    /// Checks the settings and starts with no tracks.
    pub fn new(config: TrackerConfig) -> Result<Self> {
        let bad = |name: &'static str, value: String, rule: &'static str| -> resona_core::Error {
            ConfigError::InvalidParameter { name, value, rule }.into()
        };
        if !(config.iou_threshold > 0.0 && config.iou_threshold <= 1.0) {
            return Err(bad("iou_threshold", config.iou_threshold.to_string(), "must be in (0, 1]"));
        }
        if config.smoothing_window == 0 || config.smoothing_window > 1000 {
            return Err(bad("smoothing_window", config.smoothing_window.to_string(), "must be between 1 and 1000"));
        }
        if config.micro_max_ms <= 0 || config.blink_max_ms <= 0 {
            return Err(bad("micro_max_ms", config.micro_max_ms.to_string(), "durations must be > 0 ms"));
        }
        if !(0.0..=1.0).contains(&config.micro_min_confidence) {
            return Err(bad("micro_min_confidence", config.micro_min_confidence.to_string(), "must be in [0, 1]"));
        }
        Ok(Self { config, tracks: Vec::new(), next_id: 0, last: None })
    }

    /// Forgets every track.
    pub fn reset(&mut self) {
        self.tracks.clear();
        self.last = None;
    }

    /// Associates the frame's faces with tracks (greedy, highest IoU first) and updates them.
    /// Timestamps must not go backwards ([`InputError::OutOfRange`]).
    pub fn update(&mut self, frame: &FrameAnalysis, timestamp: TimestampMs) -> Result<Vec<TrackedFace>> {
        if let Some(last) = self.last {
            if timestamp.0 < last.0 {
                return Err(InputError::OutOfRange {
                    what: "frame timestamp",
                    index: 0,
                    value: timestamp.0.to_string(),
                    rule: "not before the previous frame's timestamp",
                }
                .into());
            }
        }
        self.last = Some(timestamp);
        let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
        for (fi, face) in frame.faces.iter().enumerate() {
            for (ti, track) in self.tracks.iter().enumerate() {
                let iou = face.bbox.iou(&track.bbox);
                if iou >= self.config.iou_threshold {
                    pairs.push((iou, fi, ti));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut face_track = vec![None; frame.faces.len()];
        let mut track_used = vec![false; self.tracks.len()];
        for (_, fi, ti) in pairs {
            if face_track[fi].is_none() && !track_used[ti] {
                face_track[fi] = Some(ti);
                track_used[ti] = true;
            }
        }
        for (ti, used) in track_used.iter().enumerate() {
            if !used {
                self.tracks[ti].missed += 1;
            }
        }
        let mut out = Vec::with_capacity(frame.faces.len());
        for (fi, face) in frame.faces.iter().enumerate() {
            let ti = match face_track[fi] {
                Some(ti) => ti,
                None => {
                    self.tracks.push(Track {
                        id: self.next_id,
                        bbox: face.bbox,
                        missed: 0,
                        history: VecDeque::new(),
                        blinks: 0,
                        closed_since: None,
                        change: None,
                    });
                    self.next_id += 1;
                    self.tracks.len() - 1
                }
            };
            let window = self.config.smoothing_window;
            let config = self.config.clone();
            let track = &mut self.tracks[ti];
            track.bbox = face.bbox;
            track.missed = 0;
            // Baseline before this frame: the smoothed expression so far.
            let baseline = (!track.history.is_empty()).then(|| average(&track.history).0);
            track.history.push_back((*face.expression.as_array(), face.affect.arousal, face.affect.valence));
            while track.history.len() > window {
                track.history.pop_front();
            }
            let (mean, arousal, valence) = average(&track.history);
            // Blinks: a closure no longer than blink_max_ms, counted when the eyes reopen.
            if let Some(g) = &face.geometry {
                match (g.eyes_closed, track.closed_since) {
                    (true, None) => track.closed_since = Some(timestamp),
                    (false, Some(since)) => {
                        if timestamp.since(since) <= config.blink_max_ms {
                            track.blinks += 1;
                        }
                        track.closed_since = None;
                    }
                    _ => {}
                }
            }
            let micro = micro_step(track, baseline.as_ref(), &face.expression, timestamp, &config);
            let smoothed = EmotionScores::from_probabilities(normalised(mean)).unwrap_or(face.expression);
            out.push(TrackedFace {
                track_id: track.id,
                face_index: fi,
                smoothed,
                arousal,
                valence,
                blinks: track.blinks,
                micro_expression: micro,
            });
        }
        let max_missed = self.config.max_missed_frames;
        self.tracks.retain(|t| t.missed <= max_missed);
        Ok(out)
    }
}

/// Mean scores, arousal and valence of a history.
fn average(history: &VecDeque<([f32; 7], f32, f32)>) -> ([f32; 7], f32, f32) {
    let n = history.len().max(1) as f32;
    let mut scores = [0.0f32; 7];
    let (mut a, mut v) = (0.0, 0.0);
    for (s, ar, va) in history {
        scores.iter_mut().zip(s).for_each(|(acc, x)| *acc += x / n);
        a += ar / n;
        v += va / n;
    }
    (scores, a, v)
}

fn normalised(mut p: [f32; 7]) -> [f32; 7] {
    let sum: f32 = p.iter().sum();
    if sum > 0.0 {
        p.iter_mut().for_each(|x| *x /= sum);
    }
    p
}

fn argmax(p: &[f32; 7]) -> Emotion {
    let i = p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
    Emotion::ALL.get(i).copied().unwrap_or(Emotion::Neutral)
}

/// Micro-expressions: the frame's confident expression differs from the track's smoothed
/// baseline; when the face returns to the baseline within `micro_max_ms`, the change is
/// reported. Longer changes are not micro-expressions (they shift the baseline instead).
fn micro_step(
    track: &mut Track,
    baseline: Option<&[f32; 7]>,
    scores: &EmotionScores,
    now: TimestampMs,
    config: &TrackerConfig,
) -> Option<MicroExpression> {
    let base = argmax(baseline?);
    let current = scores.argmax();
    let confident = scores.confidence() >= config.micro_min_confidence;
    match track.change {
        Some((emotion, start, peak)) if current == emotion && confident => {
            track.change = Some((emotion, start, peak.max(scores.confidence())));
            None
        }
        Some((emotion, start, peak)) => {
            track.change = None;
            let duration_ms = now.since(start);
            let back = current == base;
            (back && duration_ms <= config.micro_max_ms).then_some(MicroExpression {
                emotion,
                start,
                duration_ms,
                peak,
            })
        }
        None => {
            if confident && current != base {
                track.change = Some((current, now, scores.confidence()));
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::affect::Affect;
    use crate::face::{Face, Point2};

    fn face(x: f32, probs: [f32; 7]) -> Face {
        let expression = EmotionScores::from_probabilities(probs).unwrap();
        Face {
            bbox: FaceBox { x, y: 10.0, width: 50.0, height: 50.0 },
            bbox_normalized: FaceBox::default(),
            truncated: false,
            score: 0.9,
            keypoints: [Point2::default(); 6],
            landmarks: None,
            expression,
            label: None,
            geometry: None,
            head_pose: None,
            action_units: None,
            affect: Affect::new(&expression, None),
        }
    }

    const NEUTRAL: [f32; 7] = [0.9, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0];
    const HAPPY: [f32; 7] = [0.1, 0.9, 0.0, 0.0, 0.0, 0.0, 0.0];

    fn frame(faces: Vec<Face>) -> FrameAnalysis {
        FrameAnalysis { primary: (!faces.is_empty()).then_some(0), faces, width: 640, height: 480 }
    }

    #[test]
    fn ids_follow_overlapping_boxes() {
        let mut t = FaceTracker::new(TrackerConfig::default()).unwrap();
        let a = t.update(&frame(vec![face(10.0, NEUTRAL), face(300.0, NEUTRAL)]), TimestampMs(0)).unwrap();
        let b = t.update(&frame(vec![face(305.0, NEUTRAL), face(12.0, NEUTRAL)]), TimestampMs(40)).unwrap();
        assert_eq!((a[0].track_id, a[1].track_id), (0, 1));
        assert_eq!((b[0].track_id, b[1].track_id), (1, 0));
        assert_eq!(t.update(&frame(vec![]), TimestampMs(10)).unwrap_err().code(), "out_of_range");
    }

    #[test]
    fn smoothing_averages_the_window() {
        let mut t = FaceTracker::new(TrackerConfig::default().with_smoothing_window(2)).unwrap();
        t.update(&frame(vec![face(10.0, NEUTRAL)]), TimestampMs(0)).unwrap();
        let out = t.update(&frame(vec![face(10.0, HAPPY)]), TimestampMs(40)).unwrap();
        assert!((out[0].smoothed.get(Emotion::Happy) - 0.5).abs() < 1e-6);
    }

    #[test]
    fn brief_change_is_a_micro_expression_long_one_is_not() {
        let mut t = FaceTracker::new(TrackerConfig::default()).unwrap();
        let mut ts = 0;
        let mut step = |t: &mut FaceTracker, p| {
            ts += 40;
            t.update(&frame(vec![face(10.0, p)]), TimestampMs(ts)).unwrap()[0].micro_expression
        };
        for _ in 0..10 {
            assert!(step(&mut t, NEUTRAL).is_none());
        }
        assert!(step(&mut t, HAPPY).is_none());
        assert!(step(&mut t, HAPPY).is_none());
        let m = step(&mut t, NEUTRAL).unwrap();
        assert_eq!((m.emotion, m.duration_ms, m.peak), (Emotion::Happy, 80, 0.9));
        for _ in 0..20 {
            assert!(step(&mut t, HAPPY).is_none(), "a sustained change is not micro");
        }
    }
}
