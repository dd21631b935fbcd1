//! [`FeatureSummary`]: named functionals of one utterance, in the spirit of eGeMAPS.
//!
//! One call runs every analyser of this crate on the utterance (resampled to 16 kHz first
//! when needed) and summarises the frame-wise tracks into fixed, named numbers: the input of
//! the voice-emotion model and of vocal-stress readings, and a compact description a
//! researcher can log. Each functional, with its rule:
//!
//! | name | what | undefined when |
//! |---|---|---|
//! | `duration_s` | length of the input | never |
//! | `voiced_ratio` | share of pYIN frames that are voiced | never (0 in silence) |
//! | `pitch_mean_st`, `pitch_sd_st` | mean and standard deviation (population) of voiced pYIN f0, semitones re 27.5 Hz (eGeMAPS' unit) | fewer than 3 voiced frames |
//! | `pitch_p20_st`, `pitch_p50_st`, `pitch_p80_st` | 20th, 50th, 80th percentiles (linear interpolation, as numpy) of the same | idem |
//! | `pitch_range_st` | `pitch_p80_st - pitch_p20_st` (eGeMAPS' `pctlrange0-2`) | idem |
//! | `pitch_slope_st_per_s` | least-squares slope of voiced f0 (st) over time | idem |
//! | `loudness_mean_db`, `loudness_sd_db` | mean and sd of frame RMS (400-sample frames, hop 160) in dBFS, floored at -100 dB | never |
//! | `loudness_p20_db`, `loudness_p50_db`, `loudness_p80_db` | percentiles of the same | never |
//! | `jitter_local`, `jitter_rap`, `shimmer_local`, `shimmer_local_db`, `hnr_db` | Praat's definitions along the pYIN track ([`VoiceQuality::analyze_along_track`]: Praat's pulses and perturbation rules, HNR from the correlation at the track's period), not a second pitch analysis | Praat's rules (too few periods); HNR: no voiced frame above the silence threshold |
//! | `speech_rate`, `articulation_rate` | syllable nuclei per second of the whole input / of phonation ([`crate::prosody`]) | never (0 without speech) |
//! | `pause_count`, `pause_ratio`, `mean_pause_s` | silent pauses of at least 0.3 s inside the utterance | `mean_pause_s`: no pause |
//! | `phrasing_irregularity` | coefficient of variation of phrase durations between pauses | fewer than two phrases |
//! | `voiced_segments_per_s`, `mean_voiced_segment_s` | runs of voiced pYIN frames per second, and their mean length | `mean_voiced_segment_s`: no voiced run |
//! | `zcr_mean`, `centroid_mean_hz`, `centroid_sd_hz`, `rolloff_mean_hz`, `flatness_mean`, `flux_mean` | means (and sd) over all frames | never |
//! | `mfcc1_mean` ... `mfcc4_mean`, `mfcc1_sd` ... `mfcc4_sd` | mean and sd of MFCC 1-4 (40 MFCC, Resona's defaults; coefficient 0 is loudness and left out) | never |
//!
//! pYIN runs with librosa's defaults except its pitch bins: 0.2 semitones instead of 0.1
//! (`PITCH_RESOLUTION_ST`), four times fewer Viterbi states for a resolution no functional
//! needs. Together with the track-guided voice quality this keeps a 5 s utterance near 15 ms on
//! one core (criterion `voice_emotion/functionals_5s`).
//!
//! Undefined values are `None` in [`FeatureSummary`] and NaN in [`FeatureSummary::to_pairs`]
//! and [`FeatureSummary::to_vec`], whose order is [`FEATURE_NAMES`] (stable: append only).

use resona_core::{InputError, Result, SampleRate, Seconds};

use crate::pitch::{Pyin, PyinConfig};
use crate::preprocess::Resampler;
use crate::prosody::{self, ProsodyConfig};
use crate::spectral::{self, FrameConfig, Mfcc, MfccConfig, SpectralShape, StftConfig};
use crate::voice_quality::{VoiceQuality, VoiceQualityConfig};

/// Names of the functionals, in the order of [`FeatureSummary::to_vec`].
pub const FEATURE_NAMES: [&str; 42] = [
    "duration_s",
    "voiced_ratio",
    "pitch_mean_st",
    "pitch_sd_st",
    "pitch_p20_st",
    "pitch_p50_st",
    "pitch_p80_st",
    "pitch_range_st",
    "pitch_slope_st_per_s",
    "loudness_mean_db",
    "loudness_sd_db",
    "loudness_p20_db",
    "loudness_p50_db",
    "loudness_p80_db",
    "jitter_local",
    "jitter_rap",
    "shimmer_local",
    "shimmer_local_db",
    "hnr_db",
    "speech_rate",
    "articulation_rate",
    "pause_count",
    "pause_ratio",
    "mean_pause_s",
    "phrasing_irregularity",
    "voiced_segments_per_s",
    "mean_voiced_segment_s",
    "zcr_mean",
    "centroid_mean_hz",
    "centroid_sd_hz",
    "rolloff_mean_hz",
    "flatness_mean",
    "flux_mean",
    "mfcc1_mean",
    "mfcc2_mean",
    "mfcc3_mean",
    "mfcc4_mean",
    "mfcc1_sd",
    "mfcc2_sd",
    "mfcc3_sd",
    "mfcc4_sd",
    "loudness_range_db",
];

/// The functionals of one utterance; see the [module docs](self) for each rule.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[allow(missing_docs)] // Each field is documented in the module table, under its own name.
pub struct FeatureSummary {
    pub duration_s: f32,
    pub voiced_ratio: f32,
    pub pitch_mean_st: Option<f32>,
    pub pitch_sd_st: Option<f32>,
    pub pitch_p20_st: Option<f32>,
    pub pitch_p50_st: Option<f32>,
    pub pitch_p80_st: Option<f32>,
    pub pitch_range_st: Option<f32>,
    pub pitch_slope_st_per_s: Option<f32>,
    pub loudness_mean_db: f32,
    pub loudness_sd_db: f32,
    pub loudness_p20_db: f32,
    pub loudness_p50_db: f32,
    pub loudness_p80_db: f32,
    pub jitter_local: Option<f32>,
    pub jitter_rap: Option<f32>,
    pub shimmer_local: Option<f32>,
    pub shimmer_local_db: Option<f32>,
    pub hnr_db: Option<f32>,
    pub speech_rate: f32,
    pub articulation_rate: f32,
    pub pause_count: f32,
    pub pause_ratio: f32,
    pub mean_pause_s: Option<f32>,
    pub phrasing_irregularity: Option<f32>,
    pub voiced_segments_per_s: f32,
    pub mean_voiced_segment_s: Option<f32>,
    pub zcr_mean: f32,
    pub centroid_mean_hz: f32,
    pub centroid_sd_hz: f32,
    pub rolloff_mean_hz: f32,
    pub flatness_mean: f32,
    pub flux_mean: f32,
    pub mfcc_mean: [f32; 4],
    pub mfcc_sd: [f32; 4],
    /// `loudness_p80_db - loudness_p20_db`.
    pub loudness_range_db: f32,
}

impl FeatureSummary {
    /// The values in [`FEATURE_NAMES`] order; `None` becomes NaN.
    #[must_use]
    pub fn to_vec(&self) -> Vec<f32> {
        let o = |v: Option<f32>| v.unwrap_or(f32::NAN);
        let mut v = vec![
            self.duration_s,
            self.voiced_ratio,
            o(self.pitch_mean_st),
            o(self.pitch_sd_st),
            o(self.pitch_p20_st),
            o(self.pitch_p50_st),
            o(self.pitch_p80_st),
            o(self.pitch_range_st),
            o(self.pitch_slope_st_per_s),
            self.loudness_mean_db,
            self.loudness_sd_db,
            self.loudness_p20_db,
            self.loudness_p50_db,
            self.loudness_p80_db,
            o(self.jitter_local),
            o(self.jitter_rap),
            o(self.shimmer_local),
            o(self.shimmer_local_db),
            o(self.hnr_db),
            self.speech_rate,
            self.articulation_rate,
            self.pause_count,
            self.pause_ratio,
            o(self.mean_pause_s),
            o(self.phrasing_irregularity),
            self.voiced_segments_per_s,
            o(self.mean_voiced_segment_s),
            self.zcr_mean,
            self.centroid_mean_hz,
            self.centroid_sd_hz,
            self.rolloff_mean_hz,
            self.flatness_mean,
            self.flux_mean,
        ];
        v.extend(self.mfcc_mean);
        v.extend(self.mfcc_sd);
        v.push(self.loudness_range_db);
        v
    }

    /// `(name, value)` pairs in [`FEATURE_NAMES`] order; undefined values are NaN.
    #[must_use]
    pub fn to_pairs(&self) -> Vec<(&'static str, f32)> {
        FEATURE_NAMES.iter().copied().zip(self.to_vec()).collect()
    }
}

/// Runs every analyser and summarises; built once, reused for many utterances.
#[derive(Debug)]
pub struct FeatureExtractor {
    mfcc: Mfcc,
    shape: SpectralShape,
    pyin: Pyin,
    quality: VoiceQuality,
    prosody: ProsodyConfig,
    frames: FrameConfig,
}

/// The analysis rate of the summary: every analyser runs at 16 kHz.
const RATE: SampleRate = SampleRate::HZ_16000;
/// Hop of every frame-wise track: 160 samples = 10 ms.
const HOP: usize = 160;
/// eGeMAPS' semitone reference, 27.5 Hz (A0).
const ST_REF_HZ: f32 = 27.5;
/// pYIN's pitch-bin resolution here, semitones: a fifth of a semitone is finer than any
/// functional needs and makes pYIN's Viterbi decoding four times cheaper than librosa's 0.1.
const PITCH_RESOLUTION_ST: f64 = 0.2;
/// Floor of frame levels in dBFS, so silence is a number.
const FLOOR_DB: f32 = -100.0;

impl FeatureExtractor {
    /// Builds the analysers with Resona's defaults (40 MFCC, pYIN 65-600 Hz, Praat's voice
    /// quality settings, de Jong & Wempe syllable nuclei).
    pub fn new() -> Result<Self> {
        Ok(Self {
            mfcc: Mfcc::new(MfccConfig::default())?,
            shape: SpectralShape::new(StftConfig::default())?,
            pyin: Pyin::new(PyinConfig::default().with_resolution(PITCH_RESOLUTION_ST))?,
            quality: VoiceQuality::new(VoiceQualityConfig::default())?,
            prosody: ProsodyConfig::default(),
            frames: FrameConfig::default().with_frame_length(400).with_hop_length(HOP),
        })
    }

    /// The functionals of `samples` (mono) at `sample_rate`, resampled to 16 kHz when needed.
    ///
    /// Errors: [`InputError::Empty`] for no samples, [`InputError::NonFinite`].
    pub fn extract(&mut self, samples: &[f32], sample_rate: SampleRate) -> Result<FeatureSummary> {
        self.extract_with_mfcc(samples, sample_rate).map(|(summary, _)| summary)
    }

    /// [`FeatureExtractor::extract`] and the 40 MFCC it computed on the way (of the 16 kHz
    /// signal), so a caller that also needs them does not compute them twice.
    pub(crate) fn extract_with_mfcc(
        &mut self,
        samples: &[f32],
        sample_rate: SampleRate,
    ) -> Result<(FeatureSummary, crate::FeatureMatrix)> {
        if samples.is_empty() {
            return Err(InputError::Empty { what: "audio samples" }.into());
        }
        InputError::check_finite("audio samples", samples)?;
        let resampled;
        let y: &[f32] = if sample_rate == RATE {
            samples
        } else {
            resampled = Resampler::new(sample_rate, RATE)?.process(samples)?;
            &resampled
        };
        let duration = y.len() as f32 / RATE.get() as f32;

        let track = self.pyin.process(y)?;
        let voiced: Vec<(f32, f32)> = track
            .f0
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_finite() && **f > 0.0)
            .map(|(i, f)| (i as f32 * HOP as f32 / RATE.get() as f32, 12.0 * (f / ST_REF_HZ).log2()))
            .collect();
        let mut st: Vec<f32> = voiced.iter().map(|&(_, s)| s).collect();
        st.sort_by(f32::total_cmp);
        let pitch_defined = st.len() >= 3;
        let when = |v: f32| pitch_defined.then_some(v);
        let (p20, p50, p80) = (percentile(&st, 20.0), percentile(&st, 50.0), percentile(&st, 80.0));

        let mut loud: Vec<f32> = spectral::rms(y, &self.frames)?
            .into_iter()
            .map(|r| if r > 0.0 { (20.0 * r.log10()).max(FLOOR_DB) } else { FLOOR_DB })
            .collect();
        let (loud_mean, loud_sd) = mean_sd(&loud);
        loud.sort_by(f32::total_cmp);
        let zcr = spectral::zero_crossing_rate(y, &self.frames)?;
        let shape = self.shape.process(y)?;
        let mfcc = self.mfcc.process(y)?;
        let mut mfcc_mean = [0.0; 4];
        let mut mfcc_sd = [0.0; 4];
        for k in 0..4 {
            let (m, s) = mean_sd(mfcc.row(k + 1).unwrap_or(&[]));
            mfcc_mean[k] = m;
            mfcc_sd[k] = s;
        }
        let vq = self.quality.analyze_along_track(y, RATE, &track.f0, HOP)?;
        let pro = prosody::analyze(y, RATE, &track.f0, Seconds(HOP as f64 / f64::from(RATE.get())), &self.prosody)?;
        let (segments, mean_segment) = voiced_runs(&track.voiced_flag, HOP as f32 / RATE.get() as f32);

        let summary = FeatureSummary {
            duration_s: duration,
            voiced_ratio: if track.is_empty() { 0.0 } else { voiced.len() as f32 / track.len() as f32 },
            pitch_mean_st: when(mean_sd(&st).0),
            pitch_sd_st: when(mean_sd(&st).1),
            pitch_p20_st: when(p20),
            pitch_p50_st: when(p50),
            pitch_p80_st: when(p80),
            pitch_range_st: when(p80 - p20),
            pitch_slope_st_per_s: if pitch_defined { slope(&voiced) } else { None },
            loudness_mean_db: loud_mean,
            loudness_sd_db: loud_sd,
            loudness_p20_db: percentile(&loud, 20.0),
            loudness_p50_db: percentile(&loud, 50.0),
            loudness_p80_db: percentile(&loud, 80.0),
            jitter_local: vq.jitter_local,
            jitter_rap: vq.jitter_rap,
            shimmer_local: vq.shimmer_local,
            shimmer_local_db: vq.shimmer_local_db,
            hnr_db: vq.hnr_db,
            speech_rate: pro.speech_rate,
            articulation_rate: pro.articulation_rate,
            pause_count: pro.pause_count as f32,
            pause_ratio: pro.pause_ratio,
            mean_pause_s: pro.mean_pause.map(|s| s.0 as f32),
            phrasing_irregularity: pro.phrasing_irregularity,
            voiced_segments_per_s: segments as f32 / duration.max(f32::MIN_POSITIVE),
            mean_voiced_segment_s: mean_segment,
            zcr_mean: mean_sd(&zcr).0,
            centroid_mean_hz: mean_sd(&shape.centroid).0,
            centroid_sd_hz: mean_sd(&shape.centroid).1,
            rolloff_mean_hz: mean_sd(&shape.rolloff).0,
            flatness_mean: mean_sd(&shape.flatness).0,
            flux_mean: mean_sd(&shape.flux).0,
            mfcc_mean,
            mfcc_sd,
            loudness_range_db: percentile(&loud, 80.0) - percentile(&loud, 20.0),
        };
        Ok((summary, mfcc))
    }
}

/// Mean and population standard deviation, accumulated in f64; `(0, 0)` for no values.
fn mean_sd(v: &[f32]) -> (f32, f32) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let mean = v.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let var = v.iter().map(|&x| (f64::from(x) - mean).powi(2)).sum::<f64>() / n;
    (mean as f32, var.sqrt() as f32)
}

/// numpy's default (linear) percentile of sorted values; 0 for no values.
fn percentile(sorted: &[f32], q: f32) -> f32 {
    match sorted.len() {
        0 => 0.0,
        n => {
            let pos = q / 100.0 * (n - 1) as f32;
            let lo = pos.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            let frac = pos - lo as f32;
            sorted[lo] + (sorted[hi] - sorted[lo]) * frac
        }
    }
}

/// Least-squares slope of `(t, value)` points; `None` when all times are equal.
fn slope(points: &[(f32, f32)]) -> Option<f32> {
    let n = points.len() as f64;
    let mt = points.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let mv = points.iter().map(|p| f64::from(p.1)).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (f64::from(p.0) - mt).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (f64::from(p.0) - mt) * (f64::from(p.1) - mv)).sum();
    (sxx > 0.0).then(|| (sxy / sxx) as f32)
}

/// Number of runs of voiced frames and their mean length in seconds.
fn voiced_runs(flags: &[bool], hop_s: f32) -> (usize, Option<f32>) {
    let mut runs = 0;
    let mut frames = 0;
    let mut previous = false;
    for &v in flags {
        if v {
            frames += 1;
            if !previous {
                runs += 1;
            }
        }
        previous = v;
    }
    (runs, (runs > 0).then(|| frames as f32 * hop_s / runs as f32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_follow_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 50.0), 2.5);
        assert_eq!(percentile(&v, 20.0), 1.6);
        assert_eq!(mean_sd(&v), (2.5, 1.118_034));
        assert_eq!(slope(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]), Some(2.0));
        assert_eq!(voiced_runs(&[false, true, true, false, true], 0.01), (2, Some(0.015)));
        assert_eq!(FEATURE_NAMES.len(), FeatureSummary::default().to_vec().len());
    }
}
