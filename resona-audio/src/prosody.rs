//! Prosody: speech rate from syllable nuclei, pauses, pitch level, range and variability in
//! semitones, loudness, and phrasing irregularity.
//!
//! # Method
//! Syllable nuclei follow de Jong & Wempe (2009), "Praat script to detect syllable nuclei and
//! measure speech rate automatically", Behavior Research Methods 41(2):
//!
//! 1. An intensity contour in dB (re full scale): mean square of the mean-removed signal under
//!    a Hann window of [`ProsodyConfig::window`] (50 ms), every [`ProsodyConfig::hop`] (10 ms);
//!    frame `i` is centred at `i * hop` (the signal is zero-padded by half a window).
//! 2. Threshold = the 0.99 quantile of the contour + [`ProsodyConfig::silence_db`] (-25 dB),
//!    but not below the contour's minimum.
//! 3. Candidate nuclei are local maxima of the contour above the threshold. A candidate is a
//!    nucleus when it rises more than [`ProsodyConfig::min_dip_db`] (2 dB) above the lowest
//!    point between it and the previous candidate (for the first candidate: since the start).
//!    (The original script compares each peak with the dip *after* it and so never counts the
//!    last peak; comparing with the preceding dip counts every syllable the same way.)
//! 4. A nucleus counts only when the pitch track is voiced at its time.
//!
//! Pauses are silent stretches (contour below the threshold) of at least
//! [`ProsodyConfig::min_pause`] (0.3 s) between the first and last sounding frames; sounding
//! stretches shorter than [`ProsodyConfig::min_sounding`] (0.1 s) count as silence first, as
//! in Praat's `To TextGrid (silences)`.
//!
//! # Pitch track convention
//! `f0[j]` is the pitch at time `j * f0_hop` (librosa's centred frames); NaN or 0 means
//! unvoiced. Pitch statistics use semitones re 100 Hz: `12 * log2(f0 / 100)`.

use resona_core::{ConfigError, Error, InputError, Result, SampleRate, Seconds};

/// Intensity floor in dB re full scale (10*log10(1e-10)).
const FLOOR_DB: f64 = -100.0;
/// Fewest voiced pitch frames for pitch statistics.
const MIN_VOICED_FRAMES: usize = 3;

/// Settings of [`analyze`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ProsodyConfig {
    /// Intensity analysis window, in [0.01, 0.5] s. Defaults to 0.05 s.
    pub window: Seconds,
    /// Intensity hop, in [0.001, 0.1] s. Defaults to 0.01 s.
    pub hop: Seconds,
    /// Silence threshold relative to the 0.99 quantile of intensity, in [-80, 0] dB. Defaults
    /// to -25 dB (de Jong & Wempe).
    pub silence_db: f32,
    /// Smallest rise of a nucleus above the preceding dip, in [0, 20] dB. Defaults to 2 dB.
    pub min_dip_db: f32,
    /// Shortest silence counted as a pause, in [0.05, 5] s. Defaults to 0.3 s.
    pub min_pause: Seconds,
    /// Shortest sounding stretch, in [0, 5] s. Defaults to 0.1 s.
    pub min_sounding: Seconds,
}

impl Default for ProsodyConfig {
    fn default() -> Self {
        Self {
            window: Seconds(0.05),
            hop: Seconds(0.01),
            silence_db: -25.0,
            min_dip_db: 2.0,
            min_pause: Seconds(0.3),
            min_sounding: Seconds(0.1),
        }
    }
}

impl ProsodyConfig {
    /// Sets [`ProsodyConfig::window`].
    #[must_use]
    pub fn with_window(mut self, v: Seconds) -> Self {
        self.window = v;
        self
    }
    /// Sets [`ProsodyConfig::hop`].
    #[must_use]
    pub fn with_hop(mut self, v: Seconds) -> Self {
        self.hop = v;
        self
    }
    /// Sets [`ProsodyConfig::silence_db`].
    #[must_use]
    pub fn with_silence_db(mut self, v: f32) -> Self {
        self.silence_db = v;
        self
    }
    /// Sets [`ProsodyConfig::min_dip_db`].
    #[must_use]
    pub fn with_min_dip_db(mut self, v: f32) -> Self {
        self.min_dip_db = v;
        self
    }
    /// Sets [`ProsodyConfig::min_pause`].
    #[must_use]
    pub fn with_min_pause(mut self, v: Seconds) -> Self {
        self.min_pause = v;
        self
    }
    /// Sets [`ProsodyConfig::min_sounding`].
    #[must_use]
    pub fn with_min_sounding(mut self, v: Seconds) -> Self {
        self.min_sounding = v;
        self
    }

    fn validate(&self) -> Result<()> {
        let bad = |name, value: String, rule| Err(Error::from(ConfigError::InvalidParameter { name, value, rule }));
        let within = |v: f64, lo: f64, hi: f64| v.is_finite() && v >= lo && v <= hi;
        if !within(self.window.0, 0.01, 0.5) {
            return bad("window", self.window.0.to_string(), "must be between 0.01 and 0.5 s");
        }
        if !within(self.hop.0, 0.001, 0.1) {
            return bad("hop", self.hop.0.to_string(), "must be between 0.001 and 0.1 s");
        }
        if !within(f64::from(self.silence_db), -80.0, 0.0) {
            return bad("silence_db", self.silence_db.to_string(), "must be between -80 and 0 dB");
        }
        if !within(f64::from(self.min_dip_db), 0.0, 20.0) {
            return bad("min_dip_db", self.min_dip_db.to_string(), "must be between 0 and 20 dB");
        }
        if !within(self.min_pause.0, 0.05, 5.0) {
            return bad("min_pause", self.min_pause.0.to_string(), "must be between 0.05 and 5 s");
        }
        if !within(self.min_sounding.0, 0.0, 5.0) {
            return bad("min_sounding", self.min_sounding.0.to_string(), "must be between 0 and 5 s");
        }
        Ok(())
    }
}

/// Result of [`analyze`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProsodyReport {
    /// Voiced syllable nuclei found.
    pub syllable_count: usize,
    /// Syllables per second over the whole duration (de Jong & Wempe's speech rate).
    pub speech_rate: f32,
    /// Syllables per second of phonation (sounding time, pauses excluded); 0 without sound.
    pub articulation_rate: f32,
    /// Pauses (silences >= `min_pause` between the first and last sounding frames).
    pub pause_count: usize,
    /// Share of the utterance (first to last sounding frame) spent in pauses, in [0, 1].
    pub pause_ratio: f32,
    /// Mean pause length; `None` without pauses.
    pub mean_pause: Option<Seconds>,
    /// Mean pitch in semitones re 100 Hz; `None` with fewer than 3 voiced frames.
    pub pitch_mean_st: Option<f32>,
    /// 95th minus 5th percentile of pitch, in semitones (linear-interpolated percentiles);
    /// `None` with fewer than 3 voiced frames.
    pub pitch_range_st: Option<f32>,
    /// Standard deviation (population) of pitch in semitones; `None` with fewer than 3 voiced
    /// frames.
    pub pitch_sd_st: Option<f32>,
    /// Mean intensity of the sounding frames in dB re full scale (of all frames when nothing is
    /// sounding), floored at -100 dB.
    pub loudness_mean_db: f32,
    /// Standard deviation (population) of the same intensities, in dB.
    pub loudness_sd_db: f32,
    /// Coefficient of variation (sd / mean) of the durations of the phrases between pauses (an
    /// index of breathing / phrasing irregularity); `None` with fewer than two phrases.
    pub phrasing_irregularity: Option<f32>,
    /// Share of pitch frames that are voiced, in [0, 1].
    pub voiced_ratio: f32,
}

/// The intensity contour in dB re full scale, one frame per `hop`, centred; see the module
/// docs.
pub fn intensity_db(samples: &[f32], sample_rate: SampleRate, config: &ProsodyConfig) -> Result<Vec<f32>> {
    config.validate()?;
    InputError::check_finite("audio samples", samples)?;
    if samples.is_empty() {
        return Err(InputError::Empty { what: "audio samples" }.into());
    }
    Ok(intensity(samples, f64::from(sample_rate.get()), config))
}

fn intensity(samples: &[f32], sr: f64, config: &ProsodyConfig) -> Vec<f32> {
    let win = ((config.window.0 * sr).round() as usize).max(2);
    let hop = ((config.hop.0 * sr).round() as usize).max(1);
    let half = win / 2;
    let n = samples.len();
    let frames = n / hop + 1;
    let window: Vec<f64> =
        (0..win).map(|i| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * (i as f64 + 0.5) / win as f64).cos()).collect();
    let wsum: f64 = window.iter().sum();
    let mut out = Vec::with_capacity(frames);
    for f in 0..frames {
        let centre = f * hop;
        // Weighted mean (Praat subtracts the mean), then weighted mean square.
        let (mut sw, mut swx) = (0.0f64, 0.0f64);
        for (i, &w) in window.iter().enumerate() {
            if let Some(&x) = (centre + i).checked_sub(half).and_then(|j| samples.get(j)) {
                sw += w;
                swx += w * f64::from(x);
            }
        }
        let mean = if sw > 0.0 { swx / sw } else { 0.0 };
        let mut swxx = 0.0f64;
        for (i, &w) in window.iter().enumerate() {
            if let Some(&x) = (centre + i).checked_sub(half).and_then(|j| samples.get(j)) {
                let d = f64::from(x) - mean;
                swxx += w * d * d;
            }
        }
        let ms = swxx / wsum;
        out.push((10.0 * (ms + 1e-10).log10()).max(FLOOR_DB) as f32);
    }
    out
}

/// Linear-interpolated quantile (numpy's default) of a sorted slice.
fn quantile_sorted(sorted: &[f32], q: f64) -> f32 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = (pos - lo as f64) as f32;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

fn mean_sd(v: &[f32]) -> (f32, f32) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let m = v.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
    let var = v.iter().map(|&x| (f64::from(x) - m).powi(2)).sum::<f64>() / n;
    (m as f32, var.sqrt() as f32)
}

/// Runs of `true` as half-open frame ranges.
fn runs(mask: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &m) in mask.iter().enumerate() {
        match (m, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, mask.len()));
    }
    out
}

/// Analyses the prosody of `samples` (mono) at `sample_rate`, given its pitch track `f0`
/// (Hz; NaN or 0 = unvoiced; frame `j` at time `j * f0_hop`).
///
/// Errors: [`InputError::Empty`] for no samples or an empty pitch track,
/// [`InputError::NonFinite`] for non-finite samples, [`InputError::OutOfRange`] for a negative
/// or infinite pitch value, [`ConfigError::InvalidParameter`] for `f0_hop` outside
/// [0.0001, 1] s or a bad config.
pub fn analyze(
    samples: &[f32],
    sample_rate: SampleRate,
    f0: &[f32],
    f0_hop: Seconds,
    config: &ProsodyConfig,
) -> Result<ProsodyReport> {
    config.validate()?;
    if samples.is_empty() {
        return Err(InputError::Empty { what: "audio samples" }.into());
    }
    InputError::check_finite("audio samples", samples)?;
    if f0.is_empty() {
        return Err(InputError::Empty { what: "pitch track" }.into());
    }
    if let Some(index) = f0.iter().position(|&v| !(v.is_nan() || (v.is_finite() && v >= 0.0))) {
        return Err(InputError::OutOfRange {
            what: "pitch track",
            index,
            value: f0[index].to_string(),
            rule: "NaN, 0 (unvoiced) or a finite positive frequency",
        }
        .into());
    }
    if !(f0_hop.0.is_finite() && (0.0001..=1.0).contains(&f0_hop.0)) {
        return Err(ConfigError::InvalidParameter {
            name: "f0_hop",
            value: f0_hop.0.to_string(),
            rule: "must be between 0.0001 and 1 s",
        }
        .into());
    }
    let voiced = |v: f32| v.is_finite() && v > 0.0;
    let sr = f64::from(sample_rate.get());
    let duration = samples.len() as f64 / sr;
    let hop_samples = ((config.hop.0 * sr).round() as usize).max(1);
    let hop = hop_samples as f64 / sr;
    let contour = intensity(samples, sr, config);

    // Threshold: 0.99 quantile + silence_db, not below the minimum.
    let mut sorted = contour.clone();
    sorted.sort_by(f32::total_cmp);
    let q99 = quantile_sorted(&sorted, 0.99);
    let threshold = (q99 + config.silence_db).max(sorted.first().copied().unwrap_or(0.0));

    // Sounding mask: drop short sounding runs, then bridge short silences inside.
    let mut sounding: Vec<bool> = contour.iter().map(|&v| v > threshold).collect();
    let min_sound = (config.min_sounding.0 / hop).round() as usize;
    for (a, b) in runs(&sounding) {
        if b - a < min_sound {
            sounding[a..b].fill(false);
        }
    }
    let min_pause = (config.min_pause.0 / hop).round().max(1.0) as usize;
    let sound_runs = runs(&sounding);
    let mut pauses: Vec<(usize, usize)> = Vec::new();
    for w in sound_runs.windows(2) {
        let (gap_a, gap_b) = (w[0].1, w[1].0);
        if gap_b - gap_a >= min_pause {
            pauses.push((gap_a, gap_b));
        } else {
            sounding[gap_a..gap_b].fill(true);
        }
    }
    let phrases = runs(&sounding);
    let sounding_frames = sounding.iter().filter(|&&s| s).count();
    let phonation = sounding_frames as f64 * hop;
    let utterance = match (phrases.first(), phrases.last()) {
        (Some(f), Some(l)) => (l.1 - f.0) as f64 * hop,
        _ => 0.0,
    };
    let pause_time = pauses.iter().fold(0.0f64, |acc, (a, b)| acc + (b - a) as f64 * hop);

    // Syllable nuclei.
    let f0_at = |t: f64| -> bool {
        let j = (t / f0_hop.0).round();
        j >= 0.0 && f0.get(j as usize).is_some_and(|&v| voiced(v))
    };
    let mut syllables = 0usize;
    let mut dip = f32::INFINITY;
    for i in 0..contour.len() {
        let v = contour[i];
        dip = dip.min(v);
        let left = if i > 0 { contour[i - 1] } else { f32::NEG_INFINITY };
        let right = contour.get(i + 1).copied().unwrap_or(f32::NEG_INFINITY);
        // A plateau counts once, at its first frame.
        if v > left && v >= right && v > threshold {
            if v - dip > config.min_dip_db && f0_at(i as f64 * hop) {
                syllables += 1;
            }
            dip = v;
        }
    }

    // Pitch statistics.
    let mut st: Vec<f32> = f0.iter().filter(|&&v| voiced(v)).map(|&v| 12.0 * (v / 100.0).log2()).collect();
    let n_voiced = st.len();
    let (pitch_mean_st, pitch_range_st, pitch_sd_st) = if n_voiced >= MIN_VOICED_FRAMES {
        let (m, sd) = mean_sd(&st);
        st.sort_by(f32::total_cmp);
        (Some(m), Some(quantile_sorted(&st, 0.95) - quantile_sorted(&st, 0.05)), Some(sd))
    } else {
        (None, None, None)
    };

    let loud: Vec<f32> = if sounding_frames > 0 {
        contour.iter().zip(&sounding).filter(|(_, s)| **s).map(|(v, _)| *v).collect()
    } else {
        contour.clone()
    };
    let (loudness_mean_db, loudness_sd_db) = mean_sd(&loud);

    let phrasing_irregularity = (phrases.len() >= 2).then(|| {
        let d: Vec<f32> = phrases.iter().map(|(a, b)| ((b - a) as f64 * hop) as f32).collect();
        let (m, sd) = mean_sd(&d);
        if m > 0.0 { sd / m } else { 0.0 }
    });

    Ok(ProsodyReport {
        syllable_count: syllables,
        speech_rate: (syllables as f64 / duration) as f32,
        articulation_rate: if phonation > 0.0 { (syllables as f64 / phonation) as f32 } else { 0.0 },
        pause_count: pauses.len(),
        pause_ratio: if utterance > 0.0 { (pause_time / utterance).clamp(0.0, 1.0) as f32 } else { 0.0 },
        mean_pause: (!pauses.is_empty()).then(|| Seconds(pause_time / pauses.len() as f64)),
        pitch_mean_st,
        pitch_range_st,
        pitch_sd_st,
        loudness_mean_db,
        loudness_sd_db,
        phrasing_irregularity,
        voiced_ratio: (n_voiced as f64 / f0.len() as f64) as f32,
    })
}
