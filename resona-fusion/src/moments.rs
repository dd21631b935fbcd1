//! Micro-moments: sudden stress spikes, mood drops and baseline deviations within a session,
//! linked to the text stressors mentioned near them in time (the seeds' trigger detection).
//!
//! # Detection
//!
//! A local level of stress and valence is tracked with an exponentially weighted mean and
//! variance (`α` = 0.1 by default, about the last 19 frames). After `warmup` frames (default
//! 5), a frame is a
//!
//! - stress spike when `stress − mean >= max(min_stress_jump, z · std)` (defaults 15 points,
//!   `z` = 2.5);
//! - mood drop when `mean − valence >= max(min_valence_drop, z · std)` (default drop 0.3).
//!
//! After a moment of one kind, the next of that kind needs `refractory_ms` (default 5 s) to
//! pass, so one surge is one moment. Baseline [`Deviation`]s pushed by the caller become
//! moments directly. Stressor topics are linked to a moment when mentioned within
//! `link_window_ms` (default 30 s) before or after it, nearest first; stressors that arrive
//! after a moment are linked when [`MomentDetector::moments`] is next called.

use crate::baseline::{BaselineFeature, Deviation};
use crate::signals::StressorTopic;
use crate::util::{bad_param, check_input, check_param};
use crate::welford::EwStats;
use resona_core::{Result, TimestampMs};

/// Settings of [`MomentDetector`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MomentConfig {
    /// EW weight of the newest frame in the local level, `(0, 1]`. Defaults to 0.1.
    pub alpha: f32,
    /// Frames before spikes count, `>= 1`. Defaults to 5.
    pub warmup: u32,
    /// Smallest stress rise above the local level that is a spike (points). Defaults to 15.
    pub min_stress_jump: f32,
    /// Smallest valence fall below the local level that is a mood drop. Defaults to 0.3.
    pub min_valence_drop: f32,
    /// Rise or fall in local standard deviations that is also required. Defaults to 2.5.
    pub z: f32,
    /// Quiet time after a moment before the next of the same kind (ms). Defaults to 5000.
    pub refractory_ms: i64,
    /// Stressors within this many ms of a moment are linked to it. Defaults to 30000.
    pub link_window_ms: i64,
    /// Most moments and most stressors kept (each). Defaults to 512.
    pub max_items: usize,
}

impl Default for MomentConfig {
    fn default() -> Self {
        Self {
            alpha: 0.1,
            warmup: 5,
            min_stress_jump: 15.0,
            min_valence_drop: 0.3,
            z: 2.5,
            refractory_ms: 5_000,
            link_window_ms: 30_000,
            max_items: 512,
        }
    }
}

impl MomentConfig {
    /// Sets [`MomentConfig::min_stress_jump`].
    #[must_use]
    pub const fn with_min_stress_jump(mut self, v: f32) -> Self {
        self.min_stress_jump = v;
        self
    }
    /// Sets [`MomentConfig::link_window_ms`].
    #[must_use]
    pub const fn with_link_window_ms(mut self, v: i64) -> Self {
        self.link_window_ms = v;
        self
    }
    /// Sets [`MomentConfig::refractory_ms`].
    #[must_use]
    pub const fn with_refractory_ms(mut self, v: i64) -> Self {
        self.refractory_ms = v;
        self
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum MomentKind {
    /// Stress jumped above its local level.
    StressSpike,
    /// Valence fell below its local level.
    MoodDrop,
    /// A feature left the user's baseline.
    BaselineDeviation(BaselineFeature),
}

/// A stressor mentioned near a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkedStressor {
    /// The topic.
    pub topic: StressorTopic,
    /// When it was mentioned.
    pub timestamp: TimestampMs,
    /// Mention time minus moment time (ms; negative = mentioned before).
    pub offset_ms: i64,
}

/// A micro-moment.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MicroMoment {
    /// What happened.
    pub kind: MomentKind,
    /// When.
    pub timestamp: TimestampMs,
    /// The value (stress points, valence, or the deviating feature's value).
    pub value: f32,
    /// The local level (or baseline mean) it departed from.
    pub reference: f32,
    /// How far, in standard deviations (local or baseline).
    pub z: f32,
    /// Stressors mentioned within the link window, nearest first.
    pub stressors: Vec<LinkedStressor>,
}

/// Streaming micro-moment detector.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MomentDetector {
    config: MomentConfig,
    stress: EwStats,
    valence: EwStats,
    frames: u64,
    last_spike: Option<TimestampMs>,
    last_drop: Option<TimestampMs>,
    moments: Vec<MicroMoment>,
    stressors: Vec<(TimestampMs, StressorTopic)>,
}

impl MomentDetector {
    /// Validates the configuration.
    pub fn new(config: MomentConfig) -> Result<Self> {
        check_param("alpha", config.alpha.into(), 1e-6, 1.0, "must be in (0, 1]")?;
        if config.warmup == 0 {
            return Err(bad_param("warmup", config.warmup, "must be >= 1"));
        }
        check_param("min_stress_jump", config.min_stress_jump.into(), 0.0, 100.0, "must be in [0, 100]")?;
        check_param("min_valence_drop", config.min_valence_drop.into(), 0.0, 2.0, "must be in [0, 2]")?;
        check_param("z", config.z.into(), 0.0, 1e6, "must be >= 0")?;
        if config.refractory_ms < 0 {
            return Err(bad_param("refractory_ms", config.refractory_ms, "must be >= 0"));
        }
        if config.link_window_ms < 0 {
            return Err(bad_param("link_window_ms", config.link_window_ms, "must be >= 0"));
        }
        if config.max_items == 0 {
            return Err(bad_param("max_items", config.max_items, "must be >= 1"));
        }
        Ok(Self {
            config,
            stress: EwStats::default(),
            valence: EwStats::default(),
            frames: 0,
            last_spike: None,
            last_drop: None,
            moments: Vec::new(),
            stressors: Vec::new(),
        })
    }

    /// Adds a frame: stress `[0, 100]`, valence `[-1, 1]`. Returns how many moments it
    /// created (0, 1 or 2).
    pub fn push_frame(&mut self, timestamp: TimestampMs, stress: f32, valence: f32) -> Result<usize> {
        check_input("stress", stress, 0.0, 100.0, "[0, 100]")?;
        check_input("valence", valence, -1.0, 1.0, "[-1, 1]")?;
        let c = self.config.clone();
        let (s, v) = (f64::from(stress), f64::from(valence));
        let mut created = 0;
        if self.frames >= u64::from(c.warmup) {
            let ready = |last: Option<TimestampMs>| last.is_none_or(|l| timestamp.since(l) >= c.refractory_ms);
            let rise = s - self.stress.mean;
            let need = f64::from(c.min_stress_jump).max(f64::from(c.z) * self.stress.std());
            if rise >= need && ready(self.last_spike) {
                let z = rise / self.stress.std().max(1e-6);
                created += self.add(MomentKind::StressSpike, timestamp, stress, self.stress.mean, z);
                self.last_spike = Some(timestamp);
            }
            let fall = self.valence.mean - v;
            let need = f64::from(c.min_valence_drop).max(f64::from(c.z) * self.valence.std());
            if fall >= need && ready(self.last_drop) {
                let z = -fall / self.valence.std().max(1e-6);
                created += self.add(MomentKind::MoodDrop, timestamp, valence, self.valence.mean, z);
                self.last_drop = Some(timestamp);
            }
        }
        if self.frames == 0 {
            self.stress = EwStats { mean: s, variance: 0.0 };
            self.valence = EwStats { mean: v, variance: 0.0 };
        } else {
            self.stress.push(s, f64::from(c.alpha));
            self.valence.push(v, f64::from(c.alpha));
        }
        self.frames = self.frames.saturating_add(1);
        Ok(created)
    }

    /// Records baseline deviations found at `timestamp` as moments.
    pub fn push_deviations(&mut self, timestamp: TimestampMs, deviations: &[Deviation]) {
        for d in deviations {
            let kind = MomentKind::BaselineDeviation(d.feature);
            self.add(kind, timestamp, d.value, f64::from(d.mean), f64::from(d.z));
        }
    }

    /// Records a stressor topic mentioned in a message at `timestamp`.
    pub fn push_stressor(&mut self, timestamp: TimestampMs, topic: StressorTopic) {
        if self.stressors.len() < self.config.max_items {
            self.stressors.push((timestamp, topic));
        }
    }

    fn add(&mut self, kind: MomentKind, timestamp: TimestampMs, value: f32, reference: f64, z: f64) -> usize {
        if self.moments.len() >= self.config.max_items {
            return 0;
        }
        let z = if z.is_finite() { z.clamp(-1e6, 1e6) as f32 } else { 0.0 };
        self.moments.push(MicroMoment {
            kind,
            timestamp,
            value,
            reference: reference as f32,
            z,
            stressors: Vec::new(),
        });
        1
    }

    /// The moments so far, in detection order, each with the stressors within the link window.
    #[must_use]
    pub fn moments(&self) -> Vec<MicroMoment> {
        let w = self.config.link_window_ms;
        self.moments
            .iter()
            .map(|m| {
                let mut linked: Vec<LinkedStressor> = self
                    .stressors
                    .iter()
                    .filter_map(|&(t, topic)| {
                        let offset_ms = t.since(m.timestamp);
                        (offset_ms.unsigned_abs() <= w.unsigned_abs()).then_some(LinkedStressor {
                            topic,
                            timestamp: t,
                            offset_ms,
                        })
                    })
                    .collect();
                linked.sort_by_key(|l| (l.offset_ms.unsigned_abs(), l.timestamp, l.topic));
                MicroMoment { stressors: linked, ..m.clone() }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::{DeviationLevel, Direction};

    #[test]
    fn spike_linked_to_nearby_stressor() {
        let mut d = MomentDetector::new(MomentConfig::default()).unwrap();
        d.push_stressor(TimestampMs(-1_000), StressorTopic::Family); // 31 s before: too far
        for i in 0..40 {
            let t = TimestampMs(i * 1000);
            let stress = if i == 30 { 70.0 } else { 20.0 + (i % 3) as f32 };
            d.push_frame(t, stress, 0.2).unwrap();
        }
        d.push_stressor(TimestampMs(28_000), StressorTopic::Work);
        d.push_stressor(TimestampMs(33_000), StressorTopic::Money);
        let ms = d.moments();
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert_eq!((ms[0].kind, ms[0].timestamp), (MomentKind::StressSpike, TimestampMs(30_000)));
        let topics: Vec<_> = ms[0].stressors.iter().map(|s| (s.topic, s.offset_ms)).collect();
        assert_eq!(topics, [(StressorTopic::Work, -2000), (StressorTopic::Money, 3000)]);
    }

    #[test]
    fn refractory_and_mood_drops() {
        let mut d = MomentDetector::new(MomentConfig::default()).unwrap();
        for i in 0..10 {
            d.push_frame(TimestampMs(i * 100), 10.0, 0.5).unwrap();
        }
        // A sustained surge is one spike within the refractory time.
        let mut created = 0;
        for i in 10..20 {
            created += d.push_frame(TimestampMs(i * 100), 60.0, -0.2).unwrap();
        }
        let kinds: Vec<_> = d.moments().iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MomentKind::StressSpike, MomentKind::MoodDrop]);
        assert_eq!(created, 2);
        assert!(d.moments()[1].z < 0.0);
    }

    #[test]
    fn deviations_become_moments_and_inputs_are_checked() {
        let mut d = MomentDetector::new(MomentConfig::default()).unwrap();
        let dev = Deviation {
            feature: BaselineFeature::PitchHz,
            value: 260.0,
            mean: 200.0,
            std: 10.0,
            z: 6.0,
            direction: Direction::High,
            level: DeviationLevel::Strong,
        };
        d.push_deviations(TimestampMs(5), &[dev]);
        assert_eq!(d.moments()[0].kind, MomentKind::BaselineDeviation(BaselineFeature::PitchHz));
        assert_eq!(d.push_frame(TimestampMs(6), 200.0, 0.0).unwrap_err().code(), "out_of_range");
        assert!(MomentDetector::new(MomentConfig::default().with_link_window_ms(-1)).is_err());
    }
}
