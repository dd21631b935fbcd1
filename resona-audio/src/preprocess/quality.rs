//! A recording-quality report a host can show: levels, clipping, estimated SNR, share of
//! speech, duration and flags with documented thresholds.

use super::vad::{SpeechSegment, VadConfig, VadStream};
use resona_core::{ConfigError, Error, InputError, Result, SampleRate, Seconds};

/// Levels are floored here (dBFS) so that digital silence reports a number, not -inf.
pub const LEVEL_FLOOR_DBFS: f32 = -120.0;
/// SNR estimates are clamped to `[-SNR_LIMIT_DB, SNR_LIMIT_DB]`.
pub const SNR_LIMIT_DB: f32 = 100.0;

/// Something a host may want to tell the user about a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum QualityFlag {
    /// The RMS level of the speech (of everything when there is no speech) is below
    /// [`QualityConfig::too_quiet_dbfs`].
    TooQuiet,
    /// [`QualityReport::clipping_ratio`] is above [`QualityConfig::max_clipping_ratio`].
    Clipped,
    /// The estimated SNR is below [`QualityConfig::noisy_snr_db`].
    Noisy,
    /// The recording is shorter than [`QualityConfig::min_duration`].
    TooShort,
    /// The share of speech is below [`QualityConfig::min_speech_ratio`].
    NoSpeech,
}

/// Settings of [`analyze_quality`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct QualityConfig {
    /// Magnitude at or above which a sample counts as clipped. Defaults to 0.999.
    pub clip_level: f32,
    /// Runs of at least this many consecutive samples at the buffer's peak magnitude count as
    /// clipped too (a signal clipped before a gain change). Defaults to 3.
    pub clip_run: usize,
    /// Flag [`QualityFlag::Clipped`] above this share of clipped samples. Defaults to 0.001.
    pub max_clipping_ratio: f32,
    /// Flag [`QualityFlag::TooQuiet`] below this speech RMS level. Defaults to -40 dBFS.
    pub too_quiet_dbfs: f32,
    /// Flag [`QualityFlag::Noisy`] below this SNR. Defaults to 15 dB.
    pub noisy_snr_db: f32,
    /// Flag [`QualityFlag::TooShort`] below this duration. Defaults to 1 s.
    pub min_duration: Seconds,
    /// Flag [`QualityFlag::NoSpeech`] below this share of speech. Defaults to 0.05.
    pub min_speech_ratio: f32,
    /// Fewest speech frames and fewest non-speech frames (10 ms each) needed for an SNR
    /// estimate. Defaults to 10.
    pub min_snr_frames: usize,
}

impl Default for QualityConfig {
    fn default() -> Self {
        Self {
            clip_level: 0.999,
            clip_run: 3,
            max_clipping_ratio: 0.001,
            too_quiet_dbfs: -40.0,
            noisy_snr_db: 15.0,
            min_duration: Seconds(1.0),
            min_speech_ratio: 0.05,
            min_snr_frames: 10,
        }
    }
}

macro_rules! setter {
    ($(#[$m:meta])* $name:ident, $field:ident, $t:ty) => {
        $(#[$m])*
        #[must_use]
        pub fn $name(mut self, v: $t) -> Self {
            self.$field = v;
            self
        }
    };
}

impl QualityConfig {
    setter!(/// Sets [`QualityConfig::clip_level`].
        with_clip_level, clip_level, f32);
    setter!(/// Sets [`QualityConfig::clip_run`].
        with_clip_run, clip_run, usize);
    setter!(/// Sets [`QualityConfig::max_clipping_ratio`].
        with_max_clipping_ratio, max_clipping_ratio, f32);
    setter!(/// Sets [`QualityConfig::too_quiet_dbfs`].
        with_too_quiet_dbfs, too_quiet_dbfs, f32);
    setter!(/// Sets [`QualityConfig::noisy_snr_db`].
        with_noisy_snr_db, noisy_snr_db, f32);
    setter!(/// Sets [`QualityConfig::min_duration`].
        with_min_duration, min_duration, Seconds);
    setter!(/// Sets [`QualityConfig::min_speech_ratio`].
        with_min_speech_ratio, min_speech_ratio, f32);
    setter!(/// Sets [`QualityConfig::min_snr_frames`].
        with_min_snr_frames, min_snr_frames, usize);

    fn validate(&self) -> Result<()> {
        let bad = |name, value: String, rule| Err(Error::from(ConfigError::InvalidParameter { name, value, rule }));
        if !(self.clip_level > 0.0 && self.clip_level <= 1.0) {
            return bad("clip_level", self.clip_level.to_string(), "must be in (0, 1]");
        }
        if self.clip_run < 2 {
            return bad("clip_run", self.clip_run.to_string(), "must be >= 2");
        }
        if !(0.0..=1.0).contains(&self.max_clipping_ratio) {
            return bad("max_clipping_ratio", self.max_clipping_ratio.to_string(), "must be in [0, 1]");
        }
        if !(LEVEL_FLOOR_DBFS..=0.0).contains(&self.too_quiet_dbfs) {
            return bad("too_quiet_dbfs", self.too_quiet_dbfs.to_string(), "must be in [-120, 0]");
        }
        if !(-SNR_LIMIT_DB..=SNR_LIMIT_DB).contains(&self.noisy_snr_db) {
            return bad("noisy_snr_db", self.noisy_snr_db.to_string(), "must be in [-100, 100]");
        }
        if !(self.min_duration.0.is_finite() && self.min_duration.0 >= 0.0) {
            return bad("min_duration", self.min_duration.0.to_string(), "must be finite and >= 0");
        }
        if !(0.0..=1.0).contains(&self.min_speech_ratio) {
            return bad("min_speech_ratio", self.min_speech_ratio.to_string(), "must be in [0, 1]");
        }
        if self.min_snr_frames == 0 {
            return bad("min_snr_frames", "0".into(), "must be >= 1");
        }
        Ok(())
    }
}

/// The report of [`analyze_quality`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QualityReport {
    /// Peak magnitude in dBFS, floored at -120.
    pub peak_dbfs: f32,
    /// RMS level in dBFS, floored at -120.
    pub rms_dbfs: f32,
    /// Share of samples that are clipped, in [0, 1] (see [`QualityConfig::clip_level`] and
    /// [`QualityConfig::clip_run`]).
    pub clipping_ratio: f32,
    /// `10*log10((P_s - P_n) / P_n)` with `P_s` and `P_n` the mean power of the VAD's speech
    /// and non-speech frames (25 ms / 10 ms), clamped to [-100, 100] dB; `None` with fewer than
    /// [`QualityConfig::min_snr_frames`] of either.
    pub snr_db: Option<f32>,
    /// Share of the duration inside VAD speech segments, in [0, 1].
    pub speech_ratio: f32,
    /// Duration of the recording.
    pub duration: Seconds,
    /// Flags in the order of [`QualityFlag`]'s variants.
    pub flags: Vec<QualityFlag>,
}

fn dbfs(amplitude: f64) -> f32 {
    if amplitude <= 0.0 { LEVEL_FLOOR_DBFS } else { ((20.0 * amplitude.log10()) as f32).max(LEVEL_FLOOR_DBFS) }
}

/// Measures `samples` (mono, finite) at `sample_rate`.
///
/// Errors: [`InputError::Empty`], [`InputError::NonFinite`], bad config values.
pub fn analyze_quality(samples: &[f32], sample_rate: SampleRate, config: &QualityConfig) -> Result<QualityReport> {
    config.validate()?;
    if samples.is_empty() {
        return Err(InputError::Empty { what: "audio samples" }.into());
    }
    InputError::check_finite("audio samples", samples)?;
    let n = samples.len();
    let sr = f64::from(sample_rate.get());
    let duration = Seconds(n as f64 / sr);
    let peak = crate::spectral::max_abs(samples);
    let ms = samples.iter().map(|&v| f64::from(v) * f64::from(v)).sum::<f64>() / n as f64;
    let clipping_ratio = clipping(samples, peak, config) as f32 / n as f32;

    // VAD with 25 ms frames and a 10 ms hop at this rate.
    let vad = VadConfig::for_rate(sample_rate);
    let mut stream = VadStream::new(vad)?;
    let (mut ps, mut ns, mut pn, mut nn) = (0.0f64, 0usize, 0.0f64, 0usize);
    let mut segments: Vec<SpeechSegment> = Vec::new();
    stream.push_with(samples, &mut |f, segs| {
        if f.probability >= 0.5 {
            ps += f.power;
            ns += 1;
        } else {
            pn += f.power;
            nn += 1;
        }
        segments.append(segs);
    })?;
    stream.finish(&mut segments)?;
    let speech_time = segments.iter().fold(0.0f64, |acc, s| acc + (s.end.0 - s.start.0));
    let speech_ratio = (speech_time / duration.0).clamp(0.0, 1.0) as f32;
    let snr_db = (ns >= config.min_snr_frames && nn >= config.min_snr_frames).then(|| {
        let (s, nz) = (ps / ns as f64, pn / nn as f64);
        let v = 10.0 * ((s - nz).max(1e-20) / nz.max(1e-20)).log10();
        (v as f32).clamp(-SNR_LIMIT_DB, SNR_LIMIT_DB)
    });
    let speech_rms = if ns > 0 { dbfs((ps / ns as f64).sqrt()) } else { dbfs(ms.sqrt()) };

    let mut flags = Vec::new();
    if speech_rms < config.too_quiet_dbfs {
        flags.push(QualityFlag::TooQuiet);
    }
    if clipping_ratio > config.max_clipping_ratio {
        flags.push(QualityFlag::Clipped);
    }
    if snr_db.is_some_and(|s| s < config.noisy_snr_db) {
        flags.push(QualityFlag::Noisy);
    }
    if duration.0 < config.min_duration.0 {
        flags.push(QualityFlag::TooShort);
    }
    if speech_ratio < config.min_speech_ratio {
        flags.push(QualityFlag::NoSpeech);
    }
    Ok(QualityReport {
        peak_dbfs: dbfs(f64::from(peak)),
        rms_dbfs: dbfs(ms.sqrt()),
        clipping_ratio,
        snr_db,
        speech_ratio,
        duration,
        flags,
    })
}

/// Counts samples at or above `clip_level`, plus samples in runs of `clip_run` or more at the
/// peak magnitude (within 1e-4 relative; ignored when the peak is below 0.05, where flat runs
/// are quiet signals, not clipping).
fn clipping(samples: &[f32], peak: f32, config: &QualityConfig) -> usize {
    let near_peak = peak * (1.0 - 1e-4);
    let runs_count = peak >= 0.05;
    let mut count = 0usize;
    // Run of samples at the peak and how many of them are also above clip_level.
    let (mut run, mut run_above) = (0usize, 0usize);
    let end_run = |run: &mut usize, run_above: &mut usize, count: &mut usize| {
        *count += if *run >= config.clip_run { *run } else { *run_above };
        (*run, *run_above) = (0, 0);
    };
    for &v in samples {
        let a = v.abs();
        let above = a >= config.clip_level;
        if runs_count && a >= near_peak {
            run += 1;
            run_above += usize::from(above);
        } else {
            end_run(&mut run, &mut run_above, &mut count);
            count += usize::from(above);
        }
    }
    end_run(&mut run, &mut run_above, &mut count);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_counts_hard_and_flat_tops() {
        let c = QualityConfig::default();
        // Hard clipping at 1.0: both samples count.
        assert_eq!(clipping(&[0.1, 1.0, -1.0, 0.2], 1.0, &c), 2);
        // A flat top at 0.5 (clipped, then attenuated): a run of 3 counts, a run of 2 does not.
        assert_eq!(clipping(&[0.1, 0.5, 0.5, 0.5, 0.2, -0.5, -0.5], 0.5, &c), 3);
    }
}
