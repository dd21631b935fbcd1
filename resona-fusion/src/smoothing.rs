//! Temporal smoothing of fused states: a moving average over the last N readings (default
//! 10, the seeds' window), an exponential moving average, and a label with hysteresis.
//!
//! # Hysteresis
//!
//! The smoothed label starts as the argmax of the moving average. It switches to another
//! emotion `c` only when `MA[c] − MA[label] >= switch_margin` (default 0.1) on
//! `switch_after` consecutive readings (default 2). Two emotions near a tie therefore cannot
//! make the label flicker, while a clear change shows within two readings.
//!
//! # Exponential moving average
//!
//! `ema ← α · x + (1 − α) · ema` with `α` = 0.3 by default (about the weight of the last 5.6
//! readings: the EMA's effective window is `2/α − 1`), seeded with the first reading.
//! Averages of distributions are distributions, so both smoothed score sets sum to 1.

use crate::fusion::FusedEmotion;
use crate::util::{bad_param, check_input, check_param, scores_from_f64};
use resona_core::{Emotion, EmotionScores, Result};
use std::collections::VecDeque;

/// Settings of [`Smoother`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SmoothingConfig {
    /// Readings in the moving average, `>= 1`. Defaults to 10.
    pub window: usize,
    /// EMA weight of the newest reading, `(0, 1]`. Defaults to 0.3.
    pub ema_alpha: f32,
    /// Lead the challenger needs over the current label in the moving average, `[0, 1]`.
    /// Defaults to 0.1.
    pub switch_margin: f32,
    /// Consecutive readings the lead must hold before the label switches, `>= 1`. Defaults to 2.
    pub switch_after: u32,
}

impl Default for SmoothingConfig {
    fn default() -> Self {
        Self { window: 10, ema_alpha: 0.3, switch_margin: 0.1, switch_after: 2 }
    }
}

impl SmoothingConfig {
    /// Sets [`SmoothingConfig::window`].
    #[must_use]
    pub const fn with_window(mut self, v: usize) -> Self {
        self.window = v;
        self
    }
    /// Sets [`SmoothingConfig::ema_alpha`].
    #[must_use]
    pub const fn with_ema_alpha(mut self, v: f32) -> Self {
        self.ema_alpha = v;
        self
    }
    /// Sets [`SmoothingConfig::switch_margin`].
    #[must_use]
    pub const fn with_switch_margin(mut self, v: f32) -> Self {
        self.switch_margin = v;
        self
    }
    /// Sets [`SmoothingConfig::switch_after`].
    #[must_use]
    pub const fn with_switch_after(mut self, v: u32) -> Self {
        self.switch_after = v;
        self
    }
}

/// One reading to smooth.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Frame {
    scores: [f32; 7],
    valence: f32,
    arousal: f32,
    stress: f32,
}

/// The smoothed state after a reading.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SmoothedEmotion {
    /// Moving average of the distributions.
    pub scores: EmotionScores,
    /// Exponential moving average of the distributions.
    pub ema_scores: EmotionScores,
    /// The label, with hysteresis.
    pub label: Emotion,
    /// Argmax of the moving average, without hysteresis.
    pub raw_label: Emotion,
    /// Moving average of valence.
    pub valence: f32,
    /// Moving average of arousal.
    pub arousal: f32,
    /// Moving average of stress (0-100).
    pub stress: f32,
    /// EMA of stress (0-100).
    pub ema_stress: f32,
    /// Readings in the moving average (`<= window`).
    pub count: usize,
}

/// Moving average, EMA and hysteresis over a stream of readings.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Smoother {
    config: SmoothingConfig,
    frames: VecDeque<Frame>,
    ema: Option<Frame>,
    label: Option<Emotion>,
    challenger: Option<(Emotion, u32)>,
}

impl Smoother {
    /// Validates the configuration.
    pub fn new(config: SmoothingConfig) -> Result<Self> {
        if config.window == 0 || config.window > 100_000 {
            return Err(bad_param("window", config.window, "must be in [1, 100000]"));
        }
        check_param("ema_alpha", config.ema_alpha.into(), 1e-6, 1.0, "must be in (0, 1]")?;
        check_param("switch_margin", config.switch_margin.into(), 0.0, 1.0, "must be in [0, 1]")?;
        if config.switch_after == 0 {
            return Err(bad_param("switch_after", config.switch_after, "must be >= 1"));
        }
        let frames = VecDeque::with_capacity(config.window);
        Ok(Self { config, frames, ema: None, label: None, challenger: None })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &SmoothingConfig {
        &self.config
    }

    /// Forgets every reading.
    pub fn reset(&mut self) {
        self.frames.clear();
        self.ema = None;
        self.label = None;
        self.challenger = None;
    }

    /// Adds a fused state with its stress score (0-100).
    pub fn push_fused(&mut self, fused: &FusedEmotion, stress: f32) -> Result<SmoothedEmotion> {
        self.push(&fused.scores, fused.valence, fused.arousal, stress)
    }

    /// Adds one reading: a distribution, valence `[-1, 1]`, arousal `[0, 1]`, stress `[0, 100]`.
    pub fn push(&mut self, scores: &EmotionScores, valence: f32, arousal: f32, stress: f32) -> Result<SmoothedEmotion> {
        check_input("valence", valence, -1.0, 1.0, "[-1, 1]")?;
        check_input("arousal", arousal, 0.0, 1.0, "[0, 1]")?;
        check_input("stress", stress, 0.0, 100.0, "[0, 100]")?;
        let x = Frame { scores: *scores.as_array(), valence, arousal, stress };
        while self.frames.len() >= self.config.window {
            self.frames.pop_front();
        }
        self.frames.push_back(x);
        let a = f64::from(self.config.ema_alpha);
        let mix = |old: f32, new: f32| (a * f64::from(new) + (1.0 - a) * f64::from(old)) as f32;
        let ema = match self.ema {
            None => x,
            Some(e) => Frame {
                scores: std::array::from_fn(|i| mix(e.scores[i], x.scores[i])),
                valence: mix(e.valence, x.valence),
                arousal: mix(e.arousal, x.arousal),
                stress: mix(e.stress, x.stress),
            },
        };
        self.ema = Some(ema);
        // Recomputed from the window each time (at most `window` · 10 additions) rather than a
        // running sum, so there is no drift and the result depends only on the window's content.
        let n = self.frames.len() as f64;
        let mut p = [0.0f64; 7];
        let (mut v, mut ar, mut st) = (0.0f64, 0.0f64, 0.0f64);
        for f in &self.frames {
            for (acc, &q) in p.iter_mut().zip(&f.scores) {
                *acc += f64::from(q);
            }
            v += f64::from(f.valence);
            ar += f64::from(f.arousal);
            st += f64::from(f.stress);
        }
        let ma = scores_from_f64(&p.map(|s| s / n));
        let raw_label = ma.argmax();
        let label = self.update_label(&ma, raw_label);
        let ema_p: [f64; 7] = ema.scores.map(f64::from);
        Ok(SmoothedEmotion {
            scores: ma,
            ema_scores: scores_from_f64(&ema_p),
            label,
            raw_label,
            valence: (v / n).clamp(-1.0, 1.0) as f32,
            arousal: (ar / n).clamp(0.0, 1.0) as f32,
            stress: (st / n).clamp(0.0, 100.0) as f32,
            ema_stress: ema.stress.clamp(0.0, 100.0),
            count: self.frames.len(),
        })
    }

    fn update_label(&mut self, ma: &EmotionScores, raw: Emotion) -> Emotion {
        let Some(current) = self.label else {
            self.label = Some(raw);
            return raw;
        };
        if raw == current || ma.get(raw) - ma.get(current) < self.config.switch_margin {
            self.challenger = None;
            return current;
        }
        let streak = match self.challenger {
            Some((c, k)) if c == raw => k.saturating_add(1),
            _ => 1,
        };
        if streak >= self.config.switch_after {
            self.label = Some(raw);
            self.challenger = None;
            raw
        } else {
            self.challenger = Some((raw, streak));
            current
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOL: f32 = 1e-6;

    fn dist(happy: f32, sad: f32) -> EmotionScores {
        EmotionScores::from_probabilities([1.0 - happy - sad, happy, sad, 0.0, 0.0, 0.0, 0.0]).unwrap()
    }

    #[test]
    fn moving_average_over_window() {
        let mut s = Smoother::new(SmoothingConfig::default().with_window(3)).unwrap();
        let mut out = None;
        for (i, h) in [0.0f32, 0.3, 0.6, 0.9].iter().enumerate() {
            out = Some(s.push(&dist(*h, 0.0), 0.0, 0.5, 10.0 * i as f32).unwrap());
        }
        let out = out.unwrap();
        assert_eq!(out.count, 3);
        assert!((out.scores.get(Emotion::Happy) - 0.6).abs() < TOL);
        assert!((out.stress - 20.0).abs() < 1e-5);
        // EMA with α = 0.3 from stress 0: 0 → 3 → 8.1 → 14.67
        assert!((out.ema_stress - 14.67).abs() < 1e-4);
    }

    #[test]
    fn hysteresis_prevents_flicker() {
        let mut s = Smoother::new(SmoothingConfig::default().with_window(1)).unwrap();
        assert_eq!(s.push(&dist(0.5, 0.45), 0.0, 0.5, 0.0).unwrap().label, Emotion::Happy);
        // Sad leads by 0.05 < margin 0.1: no switch, while the raw label flips.
        for _ in 0..5 {
            let out = s.push(&dist(0.45, 0.5), 0.0, 0.5, 0.0).unwrap();
            assert_eq!((out.label, out.raw_label), (Emotion::Happy, Emotion::Sad));
        }
        // A clear lead switches after two consecutive readings.
        assert_eq!(s.push(&dist(0.2, 0.8), 0.0, 0.5, 0.0).unwrap().label, Emotion::Happy);
        assert_eq!(s.push(&dist(0.2, 0.8), 0.0, 0.5, 0.0).unwrap().label, Emotion::Sad);
        s.reset();
        assert_eq!(s.push(&dist(0.9, 0.0), 0.0, 0.5, 0.0).unwrap().label, Emotion::Happy);
    }

    #[test]
    fn config_and_input_validation() {
        assert!(Smoother::new(SmoothingConfig::default().with_window(0)).is_err());
        assert!(Smoother::new(SmoothingConfig::default().with_ema_alpha(0.0)).is_err());
        assert!(Smoother::new(SmoothingConfig::default().with_switch_after(0)).is_err());
        let mut s = Smoother::new(SmoothingConfig::default()).unwrap();
        assert_eq!(s.push(&dist(0.5, 0.0), 0.0, 0.5, 101.0).unwrap_err().code(), "out_of_range");
        assert_eq!(s.push(&dist(0.5, 0.0), f32::NAN, 0.5, 1.0).unwrap_err().code(), "non_finite");
    }

    proptest! {
        #[test]
        fn smoothed_distributions_are_valid(xs in proptest::collection::vec((proptest::array::uniform7(-10.0f32..10.0), 0.0f32..=100.0), 1..40)) {
            let mut s = Smoother::new(SmoothingConfig::default()).unwrap();
            for (l, st) in xs {
                let out = s.push(&EmotionScores::from_logits(l).unwrap(), 0.0, 0.5, st).unwrap();
                for d in [out.scores, out.ema_scores] {
                    let sum: f64 = d.as_array().iter().map(|&p| f64::from(p)).sum();
                    prop_assert!((sum - 1.0).abs() <= EmotionScores::SUM_TOLERANCE);
                }
                prop_assert!((0.0..=100.0).contains(&out.stress) && (0.0..=100.0).contains(&out.ema_stress));
            }
        }
    }
}
