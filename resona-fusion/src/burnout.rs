//! Burnout risk across sessions.
//!
//! # Score
//!
//! From the latest session `L` and the up to five sessions before it (`P`), with every
//! component clamped to `[0, 1]`:
//!
//! | component | value | weight |
//! |---|---|---|
//! | stress level | `L.average_stress / 100` | 0.40 |
//! | stress trend | `(L.average_stress − mean(P.average_stress)) / 25` (0 without `P`) | 0.25 |
//! | low mood | `−mood / 0.6`, `mood` = mean valence of `L` and `P` | 0.20 |
//! | variability | mean valence standard deviation of `L` and `P`, `/ 0.5` | 0.075 |
//! | frequency | `(sessions started in the 7 days up to L.end − 3) / 11` | 0.075 |
//!
//! `score = 100 · Σ weight · component`, in `[0, 100]`. Levels: low below 40, medium from 40
//! to below 70, high from 70. A 25-point rise against the previous five sessions is a full
//! trend; a mood of −0.6 (clearly negative on VADER's and the models' scale) a full low mood;
//! a valence standard deviation of 0.5 (a quarter of the range) full variability; more than
//! three sessions a week start to count, fourteen (two a day) is full frequency.
//!
//! An alert is raised when the average stress rose by at least 1 point in each of the last
//! three session-to-session steps ("the trend keeps rising").

use crate::codec::{Reader, StateError, Writer};
use crate::signals::RiskLevel;
use crate::util::{bad_param, check_input, unit};
use resona_core::{InputError, Result, TimestampMs};
use std::collections::VecDeque;

/// What burnout assessment keeps of one session ([`crate::SessionSummary::record`]).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SessionRecord {
    /// First frame.
    pub start: TimestampMs,
    /// Last frame.
    pub end: TimestampMs,
    /// Mean stress `[0, 100]`.
    pub average_stress: f32,
    /// Highest stress `[0, 100]`.
    pub peak_stress: f32,
    /// Mean valence `[-1, 1]`.
    pub mean_valence: f32,
    /// Valence standard deviation `[0, 1]`.
    pub valence_std: f32,
    /// Hidden-stress episodes.
    pub hidden_stress_episodes: u32,
    /// Highest risk level.
    pub max_risk: RiskLevel,
    /// Whether the crisis flag was raised.
    pub crisis: bool,
}

impl SessionRecord {
    fn validate(&self) -> Result<()> {
        check_input("average_stress", self.average_stress, 0.0, 100.0, "[0, 100]")?;
        check_input("peak_stress", self.peak_stress, 0.0, 100.0, "[0, 100]")?;
        check_input("mean_valence", self.mean_valence, -1.0, 1.0, "[-1, 1]")?;
        check_input("valence_std", self.valence_std, 0.0, 1.0, "[0, 1]")?;
        if self.end < self.start {
            return Err(InputError::OutOfRange {
                what: "session end",
                index: 0,
                value: self.end.0.to_string(),
                rule: ">= session start",
            }
            .into());
        }
        Ok(())
    }
}

const MAGIC: [u8; 4] = *b"RSSH";
/// Current version of the saved session history (binary and JSON).
pub const HISTORY_VERSION: u16 = 1;
/// Most sessions a history keeps unless configured otherwise.
pub const DEFAULT_HISTORY_CAPACITY: usize = 64;
const MAX_HISTORY_CAPACITY: usize = 100_000;

/// A user's past sessions, oldest first, at most `capacity` (the oldest are dropped).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "HistoryRepr", into = "HistoryRepr"))]
pub struct SessionHistory {
    capacity: usize,
    records: VecDeque<SessionRecord>,
}

impl Default for SessionHistory {
    fn default() -> Self {
        Self { capacity: DEFAULT_HISTORY_CAPACITY, records: VecDeque::new() }
    }
}

impl SessionHistory {
    /// An empty history keeping at most `capacity` sessions (`[6, 100000]`: burnout compares
    /// the latest session with the five before it).
    pub fn with_capacity(capacity: usize) -> Result<Self> {
        if !(6..=MAX_HISTORY_CAPACITY).contains(&capacity) {
            return Err(bad_param("capacity", capacity, "must be in [6, 100000]"));
        }
        Ok(Self { capacity, records: VecDeque::new() })
    }

    /// Appends a session. Errors on out-of-range values or a session that starts before the
    /// latest one (history is in time order).
    pub fn push(&mut self, r: SessionRecord) -> Result<()> {
        r.validate()?;
        if self.records.back().is_some_and(|l| r.start < l.start) {
            return Err(InputError::OutOfRange {
                what: "session start",
                index: 0,
                value: r.start.0.to_string(),
                rule: ">= the latest session's start",
            }
            .into());
        }
        while self.records.len() >= self.capacity {
            self.records.pop_front();
        }
        self.records.push_back(r);
        Ok(())
    }

    /// Sessions, oldest first.
    pub fn records(&self) -> impl ExactSizeIterator<Item = &SessionRecord> {
        self.records.iter()
    }

    /// Number of sessions.
    #[must_use]
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no sessions.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Compact binary form: magic `RSSH`, `u16` version, `u32` capacity, `u32` count, then per
    /// session `start i64, end i64, average_stress f32, peak_stress f32, mean_valence f32,
    /// valence_std f32, hidden_stress_episodes u32, max_risk u8, crisis u8`, little-endian.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, HISTORY_VERSION);
        w.u32(u32::try_from(self.capacity).unwrap_or(u32::MAX));
        w.u32(u32::try_from(self.records.len()).unwrap_or(u32::MAX));
        for r in &self.records {
            w.i64(r.start.0);
            w.i64(r.end.0);
            w.f32(r.average_stress);
            w.f32(r.peak_stress);
            w.f32(r.mean_valence);
            w.f32(r.valence_std);
            w.u32(r.hidden_stress_episodes);
            w.u8(r.max_risk.to_u8());
            w.u8(u8::from(r.crisis));
        }
        w.finish()
    }

    /// Decodes [`SessionHistory::to_bytes`]' form.
    pub fn from_bytes(bytes: &[u8]) -> std::result::Result<Self, StateError> {
        let (mut r, _version) = Reader::new("session history", bytes, MAGIC, HISTORY_VERSION)?;
        let capacity = usize::try_from(r.u32()?).unwrap_or(usize::MAX);
        let n = r.count(38, MAX_HISTORY_CAPACITY)?;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            let start = TimestampMs(r.i64()?);
            let end = TimestampMs(r.i64()?);
            let average_stress = r.f32("average_stress")?;
            let peak_stress = r.f32("peak_stress")?;
            let mean_valence = r.f32("mean_valence")?;
            let valence_std = r.f32("valence_std")?;
            let hidden_stress_episodes = r.u32()?;
            let risk = r.u8()?;
            let max_risk = RiskLevel::from_u8(risk).ok_or_else(|| r.corrupted(format!("risk level {risk}")))?;
            let crisis = r.bool("crisis")?;
            records.push(SessionRecord {
                start,
                end,
                average_stress,
                peak_stress,
                mean_valence,
                valence_std,
                hidden_stress_episodes,
                max_risk,
                crisis,
            });
        }
        r.finish()?;
        Self::from_repr(HistoryRepr { version: HISTORY_VERSION, capacity, records })
    }

    fn from_repr(repr: HistoryRepr) -> std::result::Result<Self, StateError> {
        let what = "session history";
        if repr.version > HISTORY_VERSION {
            return Err(StateError::UnsupportedVersion { what, found: repr.version, supported: HISTORY_VERSION });
        }
        let corrupted = |detail: String| StateError::Corrupted { what, detail };
        let mut h = Self::with_capacity(repr.capacity).map_err(|e| corrupted(e.to_string()))?;
        if repr.records.len() > h.capacity {
            return Err(corrupted(format!("{} sessions, capacity {}", repr.records.len(), h.capacity)));
        }
        for (i, rec) in repr.records.into_iter().enumerate() {
            h.push(rec).map_err(|e| corrupted(format!("session {i}: {e}")))?;
        }
        Ok(h)
    }
}

/// Serialized form: `{"version": 1, "capacity": 64, "records": [...]}`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct HistoryRepr {
    version: u16,
    capacity: usize,
    records: Vec<SessionRecord>,
}

impl TryFrom<HistoryRepr> for SessionHistory {
    type Error = StateError;
    fn try_from(r: HistoryRepr) -> std::result::Result<Self, StateError> {
        Self::from_repr(r)
    }
}

impl From<SessionHistory> for HistoryRepr {
    fn from(h: SessionHistory) -> Self {
        Self { version: HISTORY_VERSION, capacity: h.capacity, records: h.records.into() }
    }
}

/// Burnout risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BurnoutLevel {
    /// Score below 40.
    Low,
    /// Score from 40 to below 70.
    Medium,
    /// Score 70 or more.
    High,
}

impl BurnoutLevel {
    /// The level of a 0-100 score.
    #[must_use]
    pub fn from_score(score: f32) -> Self {
        if score >= 70.0 {
            Self::High
        } else if score >= 40.0 {
            Self::Medium
        } else {
            Self::Low
        }
    }
}

/// A named reason behind the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum BurnoutFactor {
    /// Average stress at least 5 points above the previous sessions'.
    IncreasingStress,
    /// Average stress of the latest session 60 or more.
    HighStress,
    /// Mood at least 0.1 below the previous sessions'.
    DecliningMood,
    /// Mood average −0.2 or lower.
    LowMood,
    /// Mean valence standard deviation 0.3 or more.
    HighVariability,
    /// Ten or more sessions in the last 7 days.
    FrequentSessions,
    /// Two or more hidden-stress episodes in the latest session.
    HiddenStress,
    /// Moderate or severe risk language, or a crisis flag, in the latest session.
    RiskLanguage,
}

/// A suggestion for the user or the host app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Recommendation {
    /// Crisis lines now (severe risk or a crisis flag).
    ContactCrisisLine,
    /// Talk to a counsellor or doctor (high level or risk language).
    SeekProfessionalHelp,
    /// Reduce workload (high or increasing stress).
    ReduceWorkload,
    /// Breathing exercise (medium level or above, or high stress).
    BreathingExercise,
    /// Short regular breaks (increasing stress, frequent sessions).
    TakeBreaks,
    /// Reach out to friends and family (low or declining mood).
    ConnectWithOthers,
    /// Talk or write about feelings (hidden stress, high variability).
    ExpressFeelings,
    /// Keep up current routines (low level, no factors).
    MaintainRoutine,
}

/// Settings of [`assess_burnout`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BurnoutConfig {
    /// Previous sessions the latest is compared with, `[1, 50]`. Defaults to 5.
    pub compare_sessions: usize,
    /// Consecutive rises of the average stress that raise the alert, `>= 1`. Defaults to 3.
    pub alert_rises: usize,
    /// Smallest rise (points) that counts toward the alert. Defaults to 1.0.
    pub min_rise: f32,
}

impl Default for BurnoutConfig {
    fn default() -> Self {
        Self { compare_sessions: 5, alert_rises: 3, min_rise: 1.0 }
    }
}

impl BurnoutConfig {
    /// Sets [`BurnoutConfig::compare_sessions`].
    #[must_use]
    pub const fn with_compare_sessions(mut self, v: usize) -> Self {
        self.compare_sessions = v;
        self
    }
    /// Sets [`BurnoutConfig::alert_rises`].
    #[must_use]
    pub const fn with_alert_rises(mut self, v: usize) -> Self {
        self.alert_rises = v;
        self
    }
    /// Sets [`BurnoutConfig::min_rise`].
    #[must_use]
    pub const fn with_min_rise(mut self, v: f32) -> Self {
        self.min_rise = v;
        self
    }
}

/// Each component's contribution in points (they sum to the score).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BurnoutComponents {
    /// From the latest session's stress level.
    pub stress_level: f32,
    /// From the stress trend.
    pub stress_trend: f32,
    /// From low mood.
    pub low_mood: f32,
    /// From emotional variability.
    pub variability: f32,
    /// From session frequency.
    pub frequency: f32,
}

/// The burnout assessment of a history.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BurnoutAssessment {
    /// Score `[0, 100]`.
    pub score: f32,
    /// Low, medium or high.
    pub level: BurnoutLevel,
    /// Points per component.
    pub components: BurnoutComponents,
    /// Latest average stress minus the previous sessions' mean (points; 0 without them).
    pub stress_trend: f32,
    /// Mean valence of the latest and previous sessions.
    pub mood_average: f32,
    /// Sessions started in the 7 days up to the latest session's end.
    pub sessions_last_week: u32,
    /// Previous sessions compared (0 to `compare_sessions`).
    pub compared_sessions: u32,
    /// Reasons, in [`BurnoutFactor`] order.
    pub factors: Vec<BurnoutFactor>,
    /// Suggestions, in [`Recommendation`] order.
    pub recommendations: Vec<Recommendation>,
    /// Consecutive rises of the average stress ending at the latest session.
    pub rising_streak: u32,
    /// The trend keeps rising: `rising_streak >= alert_rises`.
    pub alert: bool,
}

const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;

/// Assesses burnout risk from a history (see the module docs). Errors with
/// [`InputError::Empty`] on an empty history, or a configuration error.
pub fn assess_burnout(history: &SessionHistory, config: &BurnoutConfig) -> Result<BurnoutAssessment> {
    if !(1..=50).contains(&config.compare_sessions) {
        return Err(bad_param("compare_sessions", config.compare_sessions, "must be in [1, 50]"));
    }
    if config.alert_rises == 0 {
        return Err(bad_param("alert_rises", config.alert_rises, "must be >= 1"));
    }
    crate::util::check_param("min_rise", config.min_rise.into(), 0.0, 100.0, "must be in [0, 100]")?;
    let recs: Vec<&SessionRecord> = history.records.iter().collect();
    let Some((latest, before)) = recs.split_last() else {
        return Err(InputError::Empty { what: "session history" }.into());
    };
    let prev = &before[before.len().saturating_sub(config.compare_sessions)..];
    let mean = |it: &mut dyn Iterator<Item = f64>| {
        let (s, n) = it.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        if n == 0 { 0.0 } else { s / n as f64 }
    };
    let latest_stress = f64::from(latest.average_stress);
    let trend =
        if prev.is_empty() { 0.0 } else { latest_stress - mean(&mut prev.iter().map(|r| f64::from(r.average_stress))) };
    let window = || prev.iter().copied().chain(std::iter::once(*latest));
    let mood = mean(&mut window().map(|r| f64::from(r.mean_valence)));
    let variability = mean(&mut window().map(|r| f64::from(r.valence_std)));
    let prev_mood = mean(&mut prev.iter().map(|r| f64::from(r.mean_valence)));
    let week_start = latest.end.0.saturating_sub(WEEK_MS);
    let last_week = recs.iter().filter(|r| r.start.0 >= week_start && r.start <= latest.end).count();
    let comps = [
        (0.40, unit(latest_stress / 100.0)),
        (0.25, unit(trend / 25.0)),
        (0.20, unit(-mood / 0.6)),
        (0.075, unit(variability / 0.5)),
        (0.075, unit((last_week as f64 - 3.0) / 11.0)),
    ];
    let pts = comps.map(|(w, v)| 100.0 * w * v);
    let score = pts.iter().sum::<f64>().clamp(0.0, 100.0) as f32;
    let level = BurnoutLevel::from_score(score);

    let mut factors = Vec::new();
    let mut add = |cond: bool, f: BurnoutFactor| {
        if cond {
            factors.push(f);
        }
    };
    add(!prev.is_empty() && trend >= 5.0, BurnoutFactor::IncreasingStress);
    add(latest_stress >= 60.0, BurnoutFactor::HighStress);
    add(!prev.is_empty() && f64::from(latest.mean_valence) - prev_mood <= -0.1, BurnoutFactor::DecliningMood);
    add(mood <= -0.2, BurnoutFactor::LowMood);
    add(variability >= 0.3, BurnoutFactor::HighVariability);
    add(last_week >= 10, BurnoutFactor::FrequentSessions);
    add(latest.hidden_stress_episodes >= 2, BurnoutFactor::HiddenStress);
    add(latest.max_risk >= RiskLevel::Moderate || latest.crisis, BurnoutFactor::RiskLanguage);

    let has = |f: BurnoutFactor| factors.contains(&f);
    let mut recs_out = Vec::new();
    let mut rec = |cond: bool, r: Recommendation| {
        if cond {
            recs_out.push(r);
        }
    };
    use BurnoutFactor as F;
    rec(latest.crisis || latest.max_risk == RiskLevel::Severe, Recommendation::ContactCrisisLine);
    rec(level == BurnoutLevel::High || has(F::RiskLanguage), Recommendation::SeekProfessionalHelp);
    rec(has(F::HighStress) || has(F::IncreasingStress), Recommendation::ReduceWorkload);
    rec(level >= BurnoutLevel::Medium || has(F::HighStress), Recommendation::BreathingExercise);
    rec(has(F::IncreasingStress) || has(F::FrequentSessions), Recommendation::TakeBreaks);
    rec(has(F::LowMood) || has(F::DecliningMood), Recommendation::ConnectWithOthers);
    rec(has(F::HiddenStress) || has(F::HighVariability), Recommendation::ExpressFeelings);
    rec(level == BurnoutLevel::Low && factors.is_empty(), Recommendation::MaintainRoutine);

    let mut streak = 0u32;
    for pair in recs.windows(2).rev() {
        if pair[1].average_stress - pair[0].average_stress >= config.min_rise {
            streak += 1;
        } else {
            break;
        }
    }
    Ok(BurnoutAssessment {
        score,
        level,
        components: BurnoutComponents {
            stress_level: pts[0] as f32,
            stress_trend: pts[1] as f32,
            low_mood: pts[2] as f32,
            variability: pts[3] as f32,
            frequency: pts[4] as f32,
        },
        stress_trend: trend as f32,
        mood_average: mood as f32,
        sessions_last_week: u32::try_from(last_week).unwrap_or(u32::MAX),
        compared_sessions: u32::try_from(prev.len()).unwrap_or(u32::MAX),
        factors,
        recommendations: recs_out,
        rising_streak: streak,
        alert: streak as usize >= config.alert_rises,
    })
}

#[cfg(test)]
mod tests;
