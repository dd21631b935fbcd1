//! Per-user baselines ("voice fingerprint" and emotional baseline) and deviations from them.
//!
//! Each [`BaselineFeature`] keeps two running statistics:
//!
//! - [`RunningStats`] (Welford): the long-term mean and variance, exact and order-independent;
//! - [`EwStats`] (exponentially weighted, `α` = 0.05 by default, an effective memory of about
//!   `2/α − 1` = 39 observations): the recent level, which follows slow drift (a cold, a new
//!   microphone, a calmer season).
//!
//! For the first `warmup` observations (default 20) of a feature only Welford runs and no
//! deviation is reported: a baseline of three samples is not a baseline. When the warm-up
//! ends the EW statistics are seeded with Welford's mean and variance, so they start unbiased.
//! After that a value's deviation is
//!
//! ```text
//! z = (x − ew_mean) / max(ew_std, relative_std_floor · |ew_mean|, 1e-6)
//! ```
//!
//! (the floor, default 2 % of the mean, stops a near-constant feature from turning tiny
//! wobbles into huge z-scores). `|z| >= z_threshold` (default 2) is a notable deviation,
//! `|z| >= strong_z` (default 3) a strong one. Deviations are measured *before* the value is
//! added, so an outlier does not dilute its own deviation.
//!
//! State is saved as serde JSON (with a `version` field) or the compact binary form of
//! [`Baseline::to_bytes`]; both reject corrupted data and newer versions with a
//! [`StateError`].

use crate::codec::{Reader, StateError, Writer};
use crate::util::{bad_param, check_input, check_param};
use crate::welford::{EwStats, RunningStats};
use resona_core::{Emotion, EmotionScores, Result};

/// A per-user quantity with a baseline.
///
/// Serialized names are snake_case (`pitch_hz`, ..., `emotion_happy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[repr(u8)]
pub enum BaselineFeature {
    /// Median pitch (Hz).
    PitchHz,
    /// Pitch variability (any fixed unit, e.g. semitones standard deviation).
    PitchVariability,
    /// Loudness (any fixed unit, e.g. dB).
    Loudness,
    /// Speech rate (e.g. syllables per second).
    SpeechRate,
    /// Local jitter (ratio).
    Jitter,
    /// Local shimmer (ratio).
    Shimmer,
    /// Fused valence.
    Valence,
    /// Fused arousal.
    Arousal,
    /// Stress 0-100.
    Stress,
    /// Probability of neutral.
    EmotionNeutral,
    /// Probability of happy.
    EmotionHappy,
    /// Probability of sad.
    EmotionSad,
    /// Probability of angry.
    EmotionAngry,
    /// Probability of fearful.
    EmotionFearful,
    /// Probability of surprised.
    EmotionSurprised,
    /// Probability of disgusted.
    EmotionDisgusted,
}

impl BaselineFeature {
    /// Number of features.
    pub const COUNT: usize = 16;

    /// Every feature, in index order.
    pub const ALL: [Self; 16] = [
        Self::PitchHz,
        Self::PitchVariability,
        Self::Loudness,
        Self::SpeechRate,
        Self::Jitter,
        Self::Shimmer,
        Self::Valence,
        Self::Arousal,
        Self::Stress,
        Self::EmotionNeutral,
        Self::EmotionHappy,
        Self::EmotionSad,
        Self::EmotionAngry,
        Self::EmotionFearful,
        Self::EmotionSurprised,
        Self::EmotionDisgusted,
    ];

    /// Index in [`BaselineFeature::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The feature tracking the probability of `e`.
    #[must_use]
    pub const fn emotion(e: Emotion) -> Self {
        Self::ALL[9 + e.index()]
    }
}

/// Voice features of one analysis window; `None` where not measured (e.g. pitch when
/// unvoiced). Units must stay the same for a user across sessions.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VoiceFeatures {
    /// Median pitch (Hz).
    pub pitch_hz: Option<f32>,
    /// Pitch variability.
    pub pitch_variability: Option<f32>,
    /// Loudness.
    pub loudness: Option<f32>,
    /// Speech rate.
    pub speech_rate: Option<f32>,
    /// Local jitter.
    pub jitter: Option<f32>,
    /// Local shimmer.
    pub shimmer: Option<f32>,
}

/// Settings of [`Baseline`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BaselineConfig {
    /// Observations of a feature before its deviations count, `>= 2`. Defaults to 20.
    pub warmup: u32,
    /// Weight of the newest observation in the EW statistics, `(0, 1]`. Defaults to 0.05.
    pub ew_alpha: f32,
    /// `|z|` at or above which a deviation is reported, `> 0`. Defaults to 2.0.
    pub z_threshold: f32,
    /// `|z|` at or above which a deviation is strong, `>= z_threshold`. Defaults to 3.0.
    pub strong_z: f32,
    /// Smallest standard deviation as a share of `|mean|`, `[0, 1]`. Defaults to 0.02.
    pub relative_std_floor: f32,
}

impl Default for BaselineConfig {
    fn default() -> Self {
        Self { warmup: 20, ew_alpha: 0.05, z_threshold: 2.0, strong_z: 3.0, relative_std_floor: 0.02 }
    }
}

impl BaselineConfig {
    /// Sets [`BaselineConfig::warmup`].
    #[must_use]
    pub const fn with_warmup(mut self, v: u32) -> Self {
        self.warmup = v;
        self
    }
    /// Sets [`BaselineConfig::ew_alpha`].
    #[must_use]
    pub const fn with_ew_alpha(mut self, v: f32) -> Self {
        self.ew_alpha = v;
        self
    }
    /// Sets [`BaselineConfig::z_threshold`].
    #[must_use]
    pub const fn with_z_threshold(mut self, v: f32) -> Self {
        self.z_threshold = v;
        self
    }
    /// Sets [`BaselineConfig::strong_z`].
    #[must_use]
    pub const fn with_strong_z(mut self, v: f32) -> Self {
        self.strong_z = v;
        self
    }
    /// Sets [`BaselineConfig::relative_std_floor`].
    #[must_use]
    pub const fn with_relative_std_floor(mut self, v: f32) -> Self {
        self.relative_std_floor = v;
        self
    }

    fn validate(&self) -> Result<()> {
        if self.warmup < 2 {
            return Err(bad_param("warmup", self.warmup, "must be >= 2"));
        }
        check_param("ew_alpha", self.ew_alpha.into(), 1e-6, 1.0, "must be in (0, 1]")?;
        check_param("z_threshold", self.z_threshold.into(), 1e-6, 1e6, "must be > 0")?;
        check_param("strong_z", self.strong_z.into(), self.z_threshold.into(), 1e6, "must be >= z_threshold")?;
        check_param("relative_std_floor", self.relative_std_floor.into(), 0.0, 1.0, "must be in [0, 1]")
    }
}

/// Long-term and recent statistics of one feature.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FeatureStats {
    /// Long-term (Welford) statistics of every observation.
    pub long_term: RunningStats,
    /// Recent (exponentially weighted) statistics; seeded when the warm-up ends.
    pub recent: EwStats,
}

/// Which way a value left its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Direction {
    /// Above the baseline.
    High,
    /// Below the baseline.
    Low,
}

/// How far a value left its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DeviationLevel {
    /// `z_threshold <= |z| < strong_z`.
    Notable,
    /// `|z| >= strong_z`.
    Strong,
}

/// A value that deviates from the user's baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Deviation {
    /// Which feature.
    pub feature: BaselineFeature,
    /// The value observed.
    pub value: f32,
    /// The baseline (recent) mean.
    pub mean: f32,
    /// The standard deviation used (after the floor).
    pub std: f32,
    /// `(value − mean) / std`.
    pub z: f32,
    /// Above or below.
    pub direction: Direction,
    /// Notable or strong.
    pub level: DeviationLevel,
}

const MAGIC: [u8; 4] = *b"RSBL";
/// Current version of the saved baseline (binary and JSON).
pub const BASELINE_VERSION: u16 = 1;

/// A user's baseline: see the module docs.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BaselineRepr", into = "BaselineRepr"))]
pub struct Baseline {
    config: BaselineConfig,
    stats: [FeatureStats; BaselineFeature::COUNT],
}

impl Baseline {
    /// An empty baseline; validates the configuration.
    pub fn new(config: BaselineConfig) -> Result<Self> {
        config.validate()?;
        Ok(Self { config, stats: [FeatureStats::default(); BaselineFeature::COUNT] })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &BaselineConfig {
        &self.config
    }

    /// The statistics of one feature.
    #[must_use]
    pub const fn stats(&self, feature: BaselineFeature) -> &FeatureStats {
        &self.stats[feature.index()]
    }

    /// Whether the feature has finished its warm-up.
    #[must_use]
    pub fn is_warm(&self, feature: BaselineFeature) -> bool {
        self.stats(feature).long_term.count() >= u64::from(self.config.warmup)
    }

    /// The z-score of `value` against the baseline, or `None` during warm-up.
    #[must_use]
    pub fn z_score(&self, feature: BaselineFeature, value: f32) -> Option<f32> {
        self.z_parts(feature, value).map(|(z, _, _)| z as f32)
    }

    fn z_parts(&self, feature: BaselineFeature, value: f32) -> Option<(f64, f64, f64)> {
        if !self.is_warm(feature) || !value.is_finite() {
            return None;
        }
        let r = &self.stats(feature).recent;
        let floor = (f64::from(self.config.relative_std_floor) * r.mean.abs()).max(1e-6);
        let std = r.std().max(floor);
        Some(((f64::from(value) - r.mean) / std, r.mean, std))
    }

    /// The deviation of `value`, or `None` during warm-up or when `|z| < z_threshold`.
    #[must_use]
    pub fn deviation(&self, feature: BaselineFeature, value: f32) -> Option<Deviation> {
        let (z, mean, std) = self.z_parts(feature, value)?;
        let a = z.abs();
        if a < f64::from(self.config.z_threshold) {
            return None;
        }
        Some(Deviation {
            feature,
            value,
            mean: mean as f32,
            std: std as f32,
            z: z as f32,
            direction: if z > 0.0 { Direction::High } else { Direction::Low },
            level: if a >= f64::from(self.config.strong_z) { DeviationLevel::Strong } else { DeviationLevel::Notable },
        })
    }

    /// Checks `value` against the baseline, then adds it. Errors on a non-finite value.
    pub fn observe(&mut self, feature: BaselineFeature, value: f32) -> Result<Option<Deviation>> {
        check_input("baseline value", value, f32::MIN, f32::MAX, "finite")?;
        let dev = self.deviation(feature, value);
        let warmup = u64::from(self.config.warmup);
        let alpha = f64::from(self.config.ew_alpha);
        let s = &mut self.stats[feature.index()];
        s.long_term.push(f64::from(value));
        let n = s.long_term.count();
        if n == warmup {
            s.recent = EwStats { mean: s.long_term.mean(), variance: s.long_term.variance() };
        } else if n > warmup {
            s.recent.push(f64::from(value), alpha);
        }
        Ok(dev)
    }

    /// Observes every measured voice feature; returns the deviations found (before adding).
    /// Validates all values first, so an error leaves the baseline unchanged.
    pub fn observe_voice(&mut self, f: &VoiceFeatures) -> Result<Vec<Deviation>> {
        let pairs = [
            (BaselineFeature::PitchHz, f.pitch_hz),
            (BaselineFeature::PitchVariability, f.pitch_variability),
            (BaselineFeature::Loudness, f.loudness),
            (BaselineFeature::SpeechRate, f.speech_rate),
            (BaselineFeature::Jitter, f.jitter),
            (BaselineFeature::Shimmer, f.shimmer),
        ];
        for (_, v) in pairs {
            if let Some(v) = v {
                check_input("voice feature", v, f32::MIN, f32::MAX, "finite")?;
            }
        }
        let mut out = Vec::new();
        for (feat, v) in pairs {
            if let Some(v) = v {
                out.extend(self.observe(feat, v)?);
            }
        }
        Ok(out)
    }

    /// Observes an emotional state: distribution, valence `[-1, 1]`, arousal `[0, 1]`,
    /// stress `[0, 100]`. Validates first, so an error leaves the baseline unchanged.
    pub fn observe_emotion(
        &mut self,
        scores: &EmotionScores,
        valence: f32,
        arousal: f32,
        stress: f32,
    ) -> Result<Vec<Deviation>> {
        check_input("valence", valence, -1.0, 1.0, "[-1, 1]")?;
        check_input("arousal", arousal, 0.0, 1.0, "[0, 1]")?;
        check_input("stress", stress, 0.0, 100.0, "[0, 100]")?;
        let mut out = Vec::new();
        out.extend(self.observe(BaselineFeature::Valence, valence)?);
        out.extend(self.observe(BaselineFeature::Arousal, arousal)?);
        out.extend(self.observe(BaselineFeature::Stress, stress)?);
        for (e, p) in scores.iter() {
            out.extend(self.observe(BaselineFeature::emotion(e), p)?);
        }
        Ok(out)
    }

    /// Compact binary form: magic `RSBL`, `u16` version, the configuration, then per feature
    /// `count u64, mean f64, m2 f64, ew_mean f64, ew_variance f64`, all little-endian.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, BASELINE_VERSION);
        let c = &self.config;
        w.u32(c.warmup);
        w.f32(c.ew_alpha);
        w.f32(c.z_threshold);
        w.f32(c.strong_z);
        w.f32(c.relative_std_floor);
        w.u32(BaselineFeature::COUNT as u32);
        for s in &self.stats {
            w.u64(s.long_term.count());
            w.f64(s.long_term.mean());
            w.f64(s.long_term.m2());
            w.f64(s.recent.mean);
            w.f64(s.recent.variance);
        }
        w.finish()
    }

    /// Decodes [`Baseline::to_bytes`]' form.
    pub fn from_bytes(bytes: &[u8]) -> std::result::Result<Self, StateError> {
        let (mut r, _version) = Reader::new("baseline", bytes, MAGIC, BASELINE_VERSION)?;
        let config = BaselineConfig {
            warmup: r.u32()?,
            ew_alpha: r.f32("ew_alpha")?,
            z_threshold: r.f32("z_threshold")?,
            strong_z: r.f32("strong_z")?,
            relative_std_floor: r.f32("relative_std_floor")?,
        };
        let n = r.count(40, BaselineFeature::COUNT)?;
        if n != BaselineFeature::COUNT {
            return Err(r.corrupted(format!("{n} features, expected {}", BaselineFeature::COUNT)));
        }
        let mut stats = Vec::with_capacity(n);
        for _ in 0..n {
            stats.push(StatsRepr {
                count: r.u64()?,
                mean: r.f64("mean")?,
                m2: r.f64("m2")?,
                ew_mean: r.f64("ew_mean")?,
                ew_variance: r.f64("ew_variance")?,
            });
        }
        r.finish()?;
        Self::from_repr(BaselineRepr { version: BASELINE_VERSION, config, stats })
    }

    fn from_repr(repr: BaselineRepr) -> std::result::Result<Self, StateError> {
        let corrupted = |detail: String| StateError::Corrupted { what: "baseline", detail };
        if repr.version > BASELINE_VERSION {
            return Err(StateError::UnsupportedVersion {
                what: "baseline",
                found: repr.version,
                supported: BASELINE_VERSION,
            });
        }
        repr.config.validate().map_err(|e| corrupted(e.to_string()))?;
        if repr.stats.len() != BaselineFeature::COUNT {
            return Err(corrupted(format!("{} features, expected {}", repr.stats.len(), BaselineFeature::COUNT)));
        }
        let mut stats = [FeatureStats::default(); BaselineFeature::COUNT];
        for (i, (out, s)) in stats.iter_mut().zip(&repr.stats).enumerate() {
            let long_term = RunningStats::from_parts(s.count, s.mean, s.m2)
                .ok_or_else(|| corrupted(format!("feature {i}: invalid running statistics")))?;
            if !(s.ew_mean.is_finite() && s.ew_variance.is_finite() && s.ew_variance >= 0.0) {
                return Err(corrupted(format!("feature {i}: invalid recent statistics")));
            }
            *out = FeatureStats { long_term, recent: EwStats { mean: s.ew_mean, variance: s.ew_variance } };
        }
        Ok(Self { config: repr.config, stats })
    }
}

/// Serialized form of one feature's statistics.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct StatsRepr {
    count: u64,
    mean: f64,
    m2: f64,
    ew_mean: f64,
    ew_variance: f64,
}

/// Serialized form of a baseline: `{"version": 1, "config": {...}, "stats": [16 entries]}`
/// (stats in [`BaselineFeature::ALL`] order).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct BaselineRepr {
    version: u16,
    config: BaselineConfig,
    stats: Vec<StatsRepr>,
}

impl TryFrom<BaselineRepr> for Baseline {
    type Error = StateError;
    fn try_from(r: BaselineRepr) -> std::result::Result<Self, StateError> {
        Self::from_repr(r)
    }
}

impl From<Baseline> for BaselineRepr {
    fn from(b: Baseline) -> Self {
        let stats = b
            .stats
            .iter()
            .map(|s| StatsRepr {
                count: s.long_term.count(),
                mean: s.long_term.mean(),
                m2: s.long_term.m2(),
                ew_mean: s.recent.mean,
                ew_variance: s.recent.variance,
            })
            .collect();
        Self { version: BASELINE_VERSION, config: b.config, stats }
    }
}

#[cfg(test)]
mod tests;
