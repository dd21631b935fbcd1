//! Session accumulator: push fused states with their timestamps, get a summary at any time.
//!
//! Memory is bounded whatever the session length: statistics are running sums, and the
//! timeline keeps at most `2 · timeline_points` buckets, merging neighbours pairwise (and
//! doubling the frames per bucket) when full; the summary merges again down to at most
//! `timeline_points`. Hidden-stress episodes and risk events are capped at `max_events`
//! each; later ones are counted in `dropped_events`.

use crate::baseline::{BaselineFeature, Deviation, DeviationLevel};
use crate::burnout::SessionRecord;
use crate::signals::RiskLevel;
use crate::util::{bad_param, check_input, check_param, scores_from_f64};
use crate::welford::RunningStats;
use resona_core::{Emotion, EmotionScores, InputError, Result, TimestampMs};

/// Settings of [`Session`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SessionConfig {
    /// Most points in the summary's timeline, `[2, 10000]`. Defaults to 60.
    pub timeline_points: usize,
    /// Hidden-stress score at or above which a frame belongs to an episode. Defaults to 0.4
    /// (the dissonance detector's own threshold).
    pub hidden_stress_threshold: f32,
    /// Most hidden-stress episodes and risk events kept (each), `>= 1`. Defaults to 256.
    pub max_events: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self { timeline_points: 60, hidden_stress_threshold: 0.4, max_events: 256 }
    }
}

impl SessionConfig {
    /// Sets [`SessionConfig::timeline_points`].
    #[must_use]
    pub const fn with_timeline_points(mut self, v: usize) -> Self {
        self.timeline_points = v;
        self
    }
    /// Sets [`SessionConfig::hidden_stress_threshold`].
    #[must_use]
    pub const fn with_hidden_stress_threshold(mut self, v: f32) -> Self {
        self.hidden_stress_threshold = v;
        self
    }
    /// Sets [`SessionConfig::max_events`].
    #[must_use]
    pub const fn with_max_events(mut self, v: usize) -> Self {
        self.max_events = v;
        self
    }
}

/// One fused state of the session.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SessionFrame {
    /// When (caller's clock; must not decrease).
    pub timestamp: TimestampMs,
    /// Fused (or smoothed) distribution.
    pub scores: EmotionScores,
    /// Valence `[-1, 1]`.
    pub valence: f32,
    /// Arousal `[0, 1]`.
    pub arousal: f32,
    /// Stress `[0, 100]`.
    pub stress: f32,
    /// Hidden-stress (dissonance) score `[0, 1]`.
    pub hidden_stress: f32,
    /// Risk level of the latest message.
    pub risk: RiskLevel,
    /// Explicit crisis flag of the latest message.
    pub crisis: bool,
}

/// A run of frames with hidden stress.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HiddenStressEpisode {
    /// First frame of the run.
    pub start: TimestampMs,
    /// Last frame of the run.
    pub end: TimestampMs,
    /// Highest hidden-stress score in the run.
    pub peak: f32,
    /// Frames in the run.
    pub frames: u32,
}

/// A change to a raised risk level or crisis flag.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RiskEvent {
    /// When.
    pub timestamp: TimestampMs,
    /// The level from then on.
    pub level: RiskLevel,
    /// Whether the crisis flag was set.
    pub crisis: bool,
}

/// One point of the downsampled timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TimelinePoint {
    /// First frame in the point.
    pub start: TimestampMs,
    /// Last frame in the point.
    pub end: TimestampMs,
    /// Most probable emotion of the mean distribution.
    pub dominant: Emotion,
    /// Mean stress.
    pub stress: f32,
    /// Highest stress.
    pub peak_stress: f32,
    /// Mean valence.
    pub valence: f32,
}

/// Baseline deviations of one feature during the session.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DeviationCount {
    /// The feature.
    pub feature: BaselineFeature,
    /// Deviations recorded.
    pub count: u32,
    /// Of which strong.
    pub strong: u32,
    /// Largest `|z|`.
    pub max_abs_z: f32,
}

/// What a session looked like.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SessionSummary {
    /// First frame.
    pub start: TimestampMs,
    /// Last frame.
    pub end: TimestampMs,
    /// Frames pushed.
    pub frames: u64,
    /// Most probable emotion of `distribution`.
    pub dominant_emotion: Emotion,
    /// Mean distribution over the session.
    pub distribution: EmotionScores,
    /// Mean valence (mood).
    pub mean_valence: f32,
    /// Standard deviation of valence (emotional variability).
    pub valence_std: f32,
    /// Mean arousal.
    pub mean_arousal: f32,
    /// Mean stress (0-100).
    pub average_stress: f32,
    /// Highest stress.
    pub peak_stress: f32,
    /// When the highest stress was first reached.
    pub peak_stress_at: TimestampMs,
    /// At most `timeline_points` points, in time order.
    pub timeline: Vec<TimelinePoint>,
    /// Runs of hidden stress.
    pub hidden_stress_episodes: Vec<HiddenStressEpisode>,
    /// Raised risk levels and crisis flags.
    pub risk_events: Vec<RiskEvent>,
    /// Highest risk level seen.
    pub max_risk: RiskLevel,
    /// Whether any frame carried the crisis flag.
    pub crisis: bool,
    /// Baseline deviations per feature (features with at least one), in feature order.
    pub deviations: Vec<DeviationCount>,
    /// Episodes and events beyond `max_events`, not listed.
    pub dropped_events: u32,
}

impl SessionSummary {
    /// The compact record burnout assessment keeps per session.
    #[must_use]
    pub fn record(&self) -> SessionRecord {
        SessionRecord {
            start: self.start,
            end: self.end,
            average_stress: self.average_stress,
            peak_stress: self.peak_stress,
            mean_valence: self.mean_valence,
            valence_std: self.valence_std,
            hidden_stress_episodes: u32::try_from(self.hidden_stress_episodes.len()).unwrap_or(u32::MAX),
            max_risk: self.max_risk,
            crisis: self.crisis,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Bucket {
    start: TimestampMs,
    end: TimestampMs,
    count: u64,
    sum_stress: f64,
    max_stress: f32,
    sum_valence: f64,
    sum_scores: [f64; 7],
}

impl Bucket {
    fn merge(&mut self, o: &Self) {
        self.end = o.end;
        self.count += o.count;
        self.sum_stress += o.sum_stress;
        self.max_stress = self.max_stress.max(o.max_stress);
        self.sum_valence += o.sum_valence;
        for (a, b) in self.sum_scores.iter_mut().zip(&o.sum_scores) {
            *a += b;
        }
    }
    fn point(&self) -> TimelinePoint {
        let n = self.count.max(1) as f64;
        TimelinePoint {
            start: self.start,
            end: self.end,
            dominant: scores_from_f64(&self.sum_scores.map(|s| s / n)).argmax(),
            stress: (self.sum_stress / n) as f32,
            peak_stress: self.max_stress,
            valence: (self.sum_valence / n) as f32,
        }
    }
}

fn merge_pairs(buckets: &mut Vec<Bucket>) {
    let mut merged = Vec::with_capacity(buckets.len().div_ceil(2));
    for pair in buckets.chunks(2) {
        let mut b = pair[0];
        if let Some(second) = pair.get(1) {
            b.merge(second);
        }
        merged.push(b);
    }
    *buckets = merged;
}

/// Accumulates one session's fused states.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Session {
    config: SessionConfig,
    start: Option<TimestampMs>,
    last: TimestampMs,
    sum_scores: [f64; 7],
    valence: RunningStats,
    stress: RunningStats,
    sum_arousal: f64,
    peak: (f32, TimestampMs),
    buckets: Vec<Bucket>,
    bucket_span: u64,
    episodes: Vec<HiddenStressEpisode>,
    open_episode: Option<HiddenStressEpisode>,
    risk_events: Vec<RiskEvent>,
    last_risk: (RiskLevel, bool),
    max_risk: RiskLevel,
    crisis: bool,
    deviations: Vec<DeviationCount>,
    dropped_events: u32,
}

impl Session {
    /// An empty session; validates the configuration.
    pub fn new(config: SessionConfig) -> Result<Self> {
        if !(2..=10_000).contains(&config.timeline_points) {
            return Err(bad_param("timeline_points", config.timeline_points, "must be in [2, 10000]"));
        }
        check_param("hidden_stress_threshold", config.hidden_stress_threshold.into(), 0.0, 1.0, "must be in [0, 1]")?;
        if config.max_events == 0 {
            return Err(bad_param("max_events", config.max_events, "must be >= 1"));
        }
        Ok(Self {
            buckets: Vec::with_capacity(2 * config.timeline_points + 1),
            config,
            start: None,
            last: TimestampMs(i64::MIN),
            sum_scores: [0.0; 7],
            valence: RunningStats::new(),
            stress: RunningStats::new(),
            sum_arousal: 0.0,
            peak: (0.0, TimestampMs(0)),
            bucket_span: 1,
            episodes: Vec::new(),
            open_episode: None,
            risk_events: Vec::new(),
            last_risk: (RiskLevel::Normal, false),
            max_risk: RiskLevel::Normal,
            crisis: false,
            deviations: Vec::new(),
            dropped_events: 0,
        })
    }

    /// Frames pushed so far.
    #[must_use]
    pub const fn frames(&self) -> u64 {
        self.stress.count()
    }

    /// Adds one frame. Errors on out-of-range values or a timestamp before the previous one;
    /// an error leaves the session unchanged.
    pub fn push(&mut self, f: &SessionFrame) -> Result<()> {
        check_input("valence", f.valence, -1.0, 1.0, "[-1, 1]")?;
        check_input("arousal", f.arousal, 0.0, 1.0, "[0, 1]")?;
        check_input("stress", f.stress, 0.0, 100.0, "[0, 100]")?;
        check_input("hidden_stress", f.hidden_stress, 0.0, 1.0, "[0, 1]")?;
        if self.start.is_some() && f.timestamp < self.last {
            return Err(InputError::OutOfRange {
                what: "timestamp",
                index: 0,
                value: f.timestamp.0.to_string(),
                rule: ">= the previous frame's timestamp",
            }
            .into());
        }
        let t = f.timestamp;
        self.start.get_or_insert(t);
        self.last = t;
        for (acc, &p) in self.sum_scores.iter_mut().zip(f.scores.as_array()) {
            *acc += f64::from(p);
        }
        self.valence.push(f64::from(f.valence));
        self.stress.push(f64::from(f.stress));
        self.sum_arousal += f64::from(f.arousal);
        if self.stress.count() == 1 || f.stress > self.peak.0 {
            self.peak = (f.stress, t);
        }
        self.push_bucket(f);
        self.track_episode(t, f.hidden_stress);
        self.track_risk(t, f.risk, f.crisis);
        Ok(())
    }

    /// Records baseline deviations found while the session ran.
    pub fn record_deviations(&mut self, deviations: &[Deviation]) {
        for d in deviations {
            let pos = match self.deviations.binary_search_by_key(&d.feature, |c| c.feature) {
                Ok(i) => i,
                Err(i) => {
                    self.deviations
                        .insert(i, DeviationCount { feature: d.feature, count: 0, strong: 0, max_abs_z: 0.0 });
                    i
                }
            };
            if let Some(c) = self.deviations.get_mut(pos) {
                c.count = c.count.saturating_add(1);
                if d.level == DeviationLevel::Strong {
                    c.strong = c.strong.saturating_add(1);
                }
                if d.z.is_finite() {
                    c.max_abs_z = c.max_abs_z.max(d.z.abs());
                }
            }
        }
    }

    fn push_bucket(&mut self, f: &SessionFrame) {
        let one = Bucket {
            start: f.timestamp,
            end: f.timestamp,
            count: 1,
            sum_stress: f64::from(f.stress),
            max_stress: f.stress,
            sum_valence: f64::from(f.valence),
            sum_scores: f.scores.as_array().map(f64::from),
        };
        match self.buckets.last_mut() {
            Some(b) if b.count < self.bucket_span => b.merge(&one),
            _ => self.buckets.push(one),
        }
        if self.buckets.len() > 2 * self.config.timeline_points {
            merge_pairs(&mut self.buckets);
            self.bucket_span = self.bucket_span.saturating_mul(2);
        }
    }

    fn track_episode(&mut self, t: TimestampMs, h: f32) {
        if h >= self.config.hidden_stress_threshold {
            let e = self.open_episode.get_or_insert(HiddenStressEpisode { start: t, end: t, peak: h, frames: 0 });
            e.end = t;
            e.peak = e.peak.max(h);
            e.frames = e.frames.saturating_add(1);
        } else if let Some(e) = self.open_episode.take() {
            self.keep_episode(e);
        }
    }

    fn keep_episode(&mut self, e: HiddenStressEpisode) {
        if self.episodes.len() < self.config.max_events {
            self.episodes.push(e);
        } else {
            self.dropped_events = self.dropped_events.saturating_add(1);
        }
    }

    fn track_risk(&mut self, t: TimestampMs, level: RiskLevel, crisis: bool) {
        self.max_risk = self.max_risk.max(level);
        self.crisis |= crisis;
        let raised = level > RiskLevel::Normal || crisis;
        if raised && (level, crisis) != self.last_risk {
            if self.risk_events.len() < self.config.max_events {
                self.risk_events.push(RiskEvent { timestamp: t, level, crisis });
            } else {
                self.dropped_events = self.dropped_events.saturating_add(1);
            }
        }
        self.last_risk = (level, crisis);
    }

    /// The summary so far. Errors with [`InputError::Empty`] before the first frame.
    pub fn summary(&self) -> Result<SessionSummary> {
        let Some(start) = self.start else {
            return Err(InputError::Empty { what: "session frames" }.into());
        };
        let n = self.stress.count().max(1) as f64;
        let distribution = scores_from_f64(&self.sum_scores.map(|s| s / n));
        let mut buckets = self.buckets.clone();
        while buckets.len() > self.config.timeline_points {
            merge_pairs(&mut buckets);
        }
        let mut episodes = self.episodes.clone();
        let mut dropped = self.dropped_events;
        if let Some(e) = self.open_episode {
            if episodes.len() < self.config.max_events {
                episodes.push(e);
            } else {
                dropped = dropped.saturating_add(1);
            }
        }
        Ok(SessionSummary {
            start,
            end: self.last,
            frames: self.stress.count(),
            dominant_emotion: distribution.argmax(),
            distribution,
            mean_valence: self.valence.mean() as f32,
            valence_std: self.valence.std() as f32,
            mean_arousal: (self.sum_arousal / n) as f32,
            average_stress: self.stress.mean().clamp(0.0, 100.0) as f32,
            peak_stress: self.peak.0,
            peak_stress_at: self.peak.1,
            timeline: buckets.iter().map(Bucket::point).collect(),
            hidden_stress_episodes: episodes,
            risk_events: self.risk_events.clone(),
            max_risk: self.max_risk,
            crisis: self.crisis,
            deviations: self.deviations.clone(),
            dropped_events: dropped,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::Direction;

    const TOL: f32 = 1e-5;

    fn frame(t: i64, happy: f32, stress: f32, hidden: f32, risk: RiskLevel) -> SessionFrame {
        let scores = EmotionScores::from_probabilities([1.0 - happy, happy, 0.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
        SessionFrame {
            timestamp: TimestampMs(t),
            scores,
            valence: happy - 0.5,
            arousal: 0.4,
            stress,
            hidden_stress: hidden,
            risk,
            crisis: false,
        }
    }

    #[test]
    fn summary_statistics() {
        let mut s = Session::new(SessionConfig::default()).unwrap();
        assert_eq!(s.summary().unwrap_err().code(), "empty");
        s.push(&frame(0, 0.9, 10.0, 0.0, RiskLevel::Normal)).unwrap();
        s.push(&frame(100, 0.7, 30.0, 0.5, RiskLevel::Normal)).unwrap();
        s.push(&frame(200, 0.8, 20.0, 0.6, RiskLevel::Moderate)).unwrap();
        s.push(&frame(300, 0.2, 50.0, 0.1, RiskLevel::Moderate)).unwrap();
        let m = s.summary().unwrap();
        assert_eq!((m.start, m.end, m.frames), (TimestampMs(0), TimestampMs(300), 4));
        assert_eq!(m.dominant_emotion, Emotion::Happy);
        assert!((m.distribution.get(Emotion::Happy) - 0.65).abs() < TOL);
        assert!((m.average_stress - 27.5).abs() < TOL);
        assert_eq!((m.peak_stress, m.peak_stress_at), (50.0, TimestampMs(300)));
        assert_eq!(m.hidden_stress_episodes.len(), 1);
        let e = m.hidden_stress_episodes[0];
        assert_eq!((e.start, e.end, e.frames, e.peak), (TimestampMs(100), TimestampMs(200), 2, 0.6));
        assert_eq!(m.risk_events.len(), 1, "consecutive frames at one level make one event");
        assert_eq!(m.max_risk, RiskLevel::Moderate);
        assert!((m.mean_valence - 0.15).abs() < TOL);
    }

    #[test]
    fn timeline_is_bounded_and_covers_the_session() {
        let mut s = Session::new(SessionConfig::default().with_timeline_points(10)).unwrap();
        for i in 0..1000 {
            s.push(&frame(i * 33, 0.5, (i % 100) as f32, 0.0, RiskLevel::Normal)).unwrap();
            assert!(s.buckets.len() <= 20);
        }
        let m = s.summary().unwrap();
        assert!(m.timeline.len() <= 10 && m.timeline.len() >= 5, "{}", m.timeline.len());
        assert_eq!(m.timeline[0].start, TimestampMs(0));
        assert_eq!(m.timeline.last().unwrap().end, TimestampMs(999 * 33));
        assert!(m.timeline.windows(2).all(|w| w[0].end < w[1].start));
        assert_eq!(m.peak_stress, 99.0);
    }

    #[test]
    fn deviations_and_validation() {
        let mut s = Session::new(SessionConfig::default()).unwrap();
        let d = Deviation {
            feature: BaselineFeature::PitchHz,
            value: 250.0,
            mean: 200.0,
            std: 10.0,
            z: 5.0,
            direction: Direction::High,
            level: DeviationLevel::Strong,
        };
        s.record_deviations(&[d, Deviation { z: -2.5, level: DeviationLevel::Notable, ..d }]);
        s.push(&frame(10, 0.5, 10.0, 0.0, RiskLevel::Normal)).unwrap();
        assert_eq!(s.push(&frame(5, 0.5, 10.0, 0.0, RiskLevel::Normal)).unwrap_err().code(), "out_of_range");
        assert_eq!(s.push(&frame(20, 0.5, 101.0, 0.0, RiskLevel::Normal)).unwrap_err().code(), "out_of_range");
        assert_eq!(s.frames(), 1);
        let m = s.summary().unwrap();
        assert_eq!(m.deviations.len(), 1);
        assert_eq!((m.deviations[0].count, m.deviations[0].strong, m.deviations[0].max_abs_z), (2, 1, 5.0));
        assert!(Session::new(SessionConfig::default().with_timeline_points(1)).is_err());
        assert!(Session::new(SessionConfig::default().with_max_events(0)).is_err());
    }

    #[test]
    fn events_are_capped() {
        let mut s = Session::new(SessionConfig::default().with_max_events(2)).unwrap();
        for i in 0..10 {
            let h = if i % 2 == 0 { 0.9 } else { 0.0 };
            s.push(&frame(i, 0.5, 10.0, h, RiskLevel::Normal)).unwrap();
        }
        let m = s.summary().unwrap();
        assert_eq!(m.hidden_stress_episodes.len(), 2);
        assert_eq!(m.dropped_events, 3);
    }
}
