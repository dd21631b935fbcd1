//! Voice quality with Praat's definitions: glottal pulses, jitter, shimmer and HNR.
//!
//! The pipeline is the one a Praat user runs (defaults as in Praat 6 / parselmouth 0.4.7):
//!
//! 1. "To Pitch (cc)": time step auto (`0.25 / pitch_floor`), `pitch_floor` 75 Hz, 15
//!    candidates, silence threshold 0.03, voicing threshold 0.45, octave cost 0.01,
//!    octave-jump cost 0.35, voiced/unvoiced cost 0.14, `pitch_ceiling` 600 Hz.
//! 2. "To PointProcess (cc)" from the sound and that pitch: the glottal pulses.
//! 3. "Get jitter (local / local, absolute / rap / ppq5)" with period floor 0.0001 s, period
//!    ceiling 0.02 s, maximum period factor 1.3.
//! 4. "Get shimmer (local / local_dB / apq3 / apq5 / apq11)" with the same and maximum
//!    amplitude factor 1.6.
//! 5. "To Harmonicity (cc)" (0.01 s, 75 Hz, silence threshold 0.1, 1 period per window), "Get mean".
//!
//! Undefined values are `None` by Praat's rules: jitter needs at least 2 qualifying periods
//! (rap 3, ppq5 5), shimmer at least one qualifying pair of amplitudes, HNR at least one voiced
//! frame; silence, noise and sounds shorter than one pitch window give no pulses and `None`s.

mod hnr;
mod interp;
mod jitter;
pub(crate) mod points;
pub(crate) mod praat_pitch;
mod shimmer;

use praat_pitch::{CcParams, sound_to_pitch_cc};
use resona_core::{ConfigError, InputError, Result, SampleRate};

/// Settings of [`VoiceQuality`]: Praat's defaults for each command in the pipeline.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VoiceQualityConfig {
    /// "To Pitch (cc)" pitch floor, Hz. Defaults to 75.0.
    pub pitch_floor: f64,
    /// "To Pitch (cc)" pitch ceiling, Hz. Defaults to 600.0.
    pub pitch_ceiling: f64,
    /// Pitch time step, s; 0 means Praat's auto (`0.25 / pitch_floor`). Defaults to 0.0.
    pub time_step: f64,
    /// Maximum number of pitch candidates. Defaults to 15.
    pub max_candidates: usize,
    /// "Very accurate" (sinc-700 refinement). Defaults to `false`.
    pub very_accurate: bool,
    /// Pitch silence threshold (fraction of the global peak). Defaults to 0.03.
    pub silence_threshold: f64,
    /// Pitch voicing threshold (correlation). Defaults to 0.45.
    pub voicing_threshold: f64,
    /// Octave cost per octave below the ceiling. Defaults to 0.01.
    pub octave_cost: f64,
    /// Octave-jump cost. Defaults to 0.35.
    pub octave_jump_cost: f64,
    /// Voiced/unvoiced transition cost. Defaults to 0.14.
    pub voiced_unvoiced_cost: f64,
    /// Periods per analysis window of "To Pitch (cc)". Defaults to 1.0.
    pub periods_per_window: f64,
    /// Shortest period counted by jitter and shimmer, s. Defaults to 0.0001.
    pub period_floor: f64,
    /// Longest period counted, s. Defaults to 0.02.
    pub period_ceiling: f64,
    /// Largest ratio of consecutive periods. Defaults to 1.3.
    pub max_period_factor: f64,
    /// Largest ratio of consecutive amplitudes (shimmer). Defaults to 1.6.
    pub max_amplitude_factor: f64,
    /// "To Harmonicity (cc)" time step, s. Defaults to 0.01.
    pub hnr_time_step: f64,
    /// "To Harmonicity (cc)" minimum pitch, Hz. Defaults to 75.0.
    pub hnr_min_pitch: f64,
    /// "To Harmonicity (cc)" silence threshold. Defaults to 0.1.
    pub hnr_silence_threshold: f64,
    /// "To Harmonicity (cc)" periods per window. Defaults to 1.0.
    pub hnr_periods_per_window: f64,
}

impl Default for VoiceQualityConfig {
    fn default() -> Self {
        Self {
            pitch_floor: 75.0,
            pitch_ceiling: 600.0,
            time_step: 0.0,
            max_candidates: 15,
            very_accurate: false,
            silence_threshold: 0.03,
            voicing_threshold: 0.45,
            octave_cost: 0.01,
            octave_jump_cost: 0.35,
            voiced_unvoiced_cost: 0.14,
            periods_per_window: 1.0,
            period_floor: 0.0001,
            period_ceiling: 0.02,
            max_period_factor: 1.3,
            max_amplitude_factor: 1.6,
            hnr_time_step: 0.01,
            hnr_min_pitch: 75.0,
            hnr_silence_threshold: 0.1,
            hnr_periods_per_window: 1.0,
        }
    }
}

macro_rules! setters {
    ($($name:ident: $field:ident: $t:ty),* $(,)?) => {
        impl VoiceQualityConfig {
            $(
                #[doc = concat!("Sets [`VoiceQualityConfig::", stringify!($field), "`].")]
                #[must_use]
                pub fn $name(mut self, v: $t) -> Self {
                    self.$field = v;
                    self
                }
            )*
        }
    };
}
setters!(
    with_pitch_floor: pitch_floor: f64,
    with_pitch_ceiling: pitch_ceiling: f64,
    with_time_step: time_step: f64,
    with_max_candidates: max_candidates: usize,
    with_very_accurate: very_accurate: bool,
    with_silence_threshold: silence_threshold: f64,
    with_voicing_threshold: voicing_threshold: f64,
    with_octave_cost: octave_cost: f64,
    with_octave_jump_cost: octave_jump_cost: f64,
    with_voiced_unvoiced_cost: voiced_unvoiced_cost: f64,
    with_periods_per_window: periods_per_window: f64,
    with_period_floor: period_floor: f64,
    with_period_ceiling: period_ceiling: f64,
    with_max_period_factor: max_period_factor: f64,
    with_max_amplitude_factor: max_amplitude_factor: f64,
    with_hnr_time_step: hnr_time_step: f64,
    with_hnr_min_pitch: hnr_min_pitch: f64,
    with_hnr_silence_threshold: hnr_silence_threshold: f64,
    with_hnr_periods_per_window: hnr_periods_per_window: f64,
);

/// Voice-quality measures of one signal. `None` marks a value Praat reports as undefined.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VoiceQualityReport {
    /// Local jitter: mean |difference of consecutive periods| / mean period (ratio, not %).
    pub jitter_local: Option<f32>,
    /// Mean |difference of consecutive periods|, seconds.
    pub jitter_local_absolute: Option<f32>,
    /// Relative average perturbation (3 periods).
    pub jitter_rap: Option<f32>,
    /// Five-point period perturbation quotient.
    pub jitter_ppq5: Option<f32>,
    /// Local shimmer: mean |difference of consecutive amplitudes| / mean amplitude.
    pub shimmer_local: Option<f32>,
    /// Mean |20 log10 of consecutive amplitude ratios|, dB.
    pub shimmer_local_db: Option<f32>,
    /// Three-point amplitude perturbation quotient.
    pub shimmer_apq3: Option<f32>,
    /// Five-point amplitude perturbation quotient.
    pub shimmer_apq5: Option<f32>,
    /// Eleven-point amplitude perturbation quotient.
    pub shimmer_apq11: Option<f32>,
    /// Mean harmonics-to-noise ratio over voiced frames, dB.
    pub hnr_db: Option<f32>,
    /// Number of glottal pulses.
    pub n_pulses: usize,
    /// Number of periods that qualify for jitter (within the period floor/ceiling and factor).
    pub n_periods: usize,
    /// Mean f0 of the voiced frames of the cc pitch track, Hz.
    pub mean_f0_hz: Option<f32>,
    /// Glottal pulse times, seconds from the start (Praat's PointProcess).
    pub pulses: Vec<f64>,
}

/// A validated voice-quality analyser.
#[derive(Debug, Clone)]
pub struct VoiceQuality {
    cfg: VoiceQualityConfig,
}

fn check(name: &'static str, v: f64, ok: bool, rule: &'static str) -> Result<()> {
    if v.is_finite() && ok {
        Ok(())
    } else {
        Err(ConfigError::InvalidParameter { name, value: v.to_string(), rule }.into())
    }
}

#[allow(clippy::cast_possible_truncation)]
fn f32o(v: Option<f64>) -> Option<f32> {
    v.filter(|x| x.is_finite()).map(|x| x as f32)
}

impl VoiceQuality {
    /// Validates `cfg`.
    pub fn new(cfg: VoiceQualityConfig) -> Result<Self> {
        let c = &cfg;
        check("pitch_floor", c.pitch_floor, c.pitch_floor > 0.0, "must be > 0")?;
        check("pitch_ceiling", c.pitch_ceiling, c.pitch_ceiling > c.pitch_floor, "must be > pitch_floor")?;
        check("time_step", c.time_step, c.time_step >= 0.0, "must be >= 0 (0 = auto)")?;
        if c.max_candidates < 2 {
            return Err(ConfigError::InvalidParameter {
                name: "max_candidates",
                value: c.max_candidates.to_string(),
                rule: "must be >= 2",
            }
            .into());
        }
        check(
            "silence_threshold",
            c.silence_threshold,
            (0.0..=1.0).contains(&c.silence_threshold),
            "must be in [0, 1]",
        )?;
        check(
            "voicing_threshold",
            c.voicing_threshold,
            (0.0..=1.0).contains(&c.voicing_threshold),
            "must be in [0, 1]",
        )?;
        check("octave_cost", c.octave_cost, c.octave_cost >= 0.0, "must be >= 0")?;
        check("octave_jump_cost", c.octave_jump_cost, c.octave_jump_cost >= 0.0, "must be >= 0")?;
        check("voiced_unvoiced_cost", c.voiced_unvoiced_cost, c.voiced_unvoiced_cost >= 0.0, "must be >= 0")?;
        check(
            "periods_per_window",
            c.periods_per_window,
            c.periods_per_window >= 0.5 && c.periods_per_window <= 20.0,
            "must be in [0.5, 20]",
        )?;
        check("period_floor", c.period_floor, c.period_floor >= 0.0, "must be >= 0")?;
        check("period_ceiling", c.period_ceiling, c.period_ceiling >= c.period_floor, "must be >= period_floor")?;
        check("max_period_factor", c.max_period_factor, c.max_period_factor >= 1.0, "must be >= 1")?;
        check("max_amplitude_factor", c.max_amplitude_factor, c.max_amplitude_factor >= 1.0, "must be >= 1")?;
        check("hnr_time_step", c.hnr_time_step, c.hnr_time_step > 0.0, "must be > 0")?;
        check("hnr_min_pitch", c.hnr_min_pitch, c.hnr_min_pitch > 0.0, "must be > 0")?;
        check(
            "hnr_silence_threshold",
            c.hnr_silence_threshold,
            (0.0..=1.0).contains(&c.hnr_silence_threshold),
            "must be in [0, 1]",
        )?;
        check(
            "hnr_periods_per_window",
            c.hnr_periods_per_window,
            c.hnr_periods_per_window >= 0.5 && c.hnr_periods_per_window <= 20.0,
            "must be in [0.5, 20]",
        )?;
        Ok(Self { cfg })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &VoiceQualityConfig {
        &self.cfg
    }

    /// Runs the pipeline on mono `y` at `sample_rate`.
    ///
    /// # Errors
    /// [`InputError::Empty`] and [`InputError::NonFinite`]. A signal shorter than one pitch
    /// window is not an error: it yields a report with no pulses and every measure `None`.
    pub fn analyze(&self, y: &[f32], sample_rate: SampleRate) -> Result<VoiceQualityReport> {
        if y.is_empty() {
            return Err(InputError::Empty { what: "audio samples" }.into());
        }
        InputError::check_finite("audio samples", y)?;
        let c = &self.cfg;
        let sr = f64::from(sample_rate.get());
        let z: Vec<f64> = y.iter().map(|&v| f64::from(v)).collect();
        let p = CcParams {
            time_step: c.time_step,
            min_pitch: c.pitch_floor,
            periods_per_window: c.periods_per_window,
            max_candidates: c.max_candidates,
            accurate: c.very_accurate,
            silence_threshold: c.silence_threshold,
            voicing_threshold: c.voicing_threshold,
            octave_cost: c.octave_cost,
            octave_jump_cost: c.octave_jump_cost,
            voiced_unvoiced_cost: c.voiced_unvoiced_cost,
            ceiling: c.pitch_ceiling,
            refine_within: None,
        };
        let Some(pitch) = sound_to_pitch_cc(&z, sr, &p) else { return Ok(VoiceQualityReport::default()) };
        let hnr =
            hnr::mean_hnr(&z, sr, c.hnr_time_step, c.hnr_min_pitch, c.hnr_silence_threshold, c.hnr_periods_per_window);
        Ok(self.report(&z, sr, &pitch, hnr))
    }

    /// The same measures guided by the caller's f0 track (pYIN's, say) instead of running
    /// "To Pitch (cc)": `f0[t]` is the f0 in Hz of the frame centred on sample `t * hop`, NaN
    /// or `<= 0` when unvoiced. Pulses, jitter and shimmer follow Praat's rules on that track
    /// (voiced where `0 < f0 < pitch_ceiling`); HNR is Boersma's `10 log10(r / (1 - r))` with `r`
    /// the normalised cross-correlation of a window of `hnr_periods_per_window / hnr_min_pitch`
    /// seconds at lags within 5 % (at least two samples) of the track's period, parabolically
    /// refined, averaged over voiced frames whose window peak reaches `hnr_silence_threshold` of
    /// the signal's peak; this replaces the candidate search of "To Harmonicity (cc)".
    /// [`crate::FeatureExtractor`] uses it with its pYIN track.
    ///
    /// # Errors
    /// [`InputError::Empty`], [`InputError::NonFinite`], [`ConfigError::InvalidParameter`] for
    /// `hop == 0`.
    pub fn analyze_along_track(
        &self,
        y: &[f32],
        sample_rate: SampleRate,
        f0: &[f32],
        hop: usize,
    ) -> Result<VoiceQualityReport> {
        if y.is_empty() {
            return Err(InputError::Empty { what: "audio samples" }.into());
        }
        InputError::check_finite("audio samples", y)?;
        if hop == 0 {
            return Err(ConfigError::InvalidParameter { name: "hop", value: "0".into(), rule: "must be > 0" }.into());
        }
        let sr = f64::from(sample_rate.get());
        let z: Vec<f64> = y.iter().map(|&v| f64::from(v)).collect();
        #[allow(clippy::cast_precision_loss)]
        let pitch = praat_pitch::PraatPitch {
            t1: 0.0,
            dt: hop as f64 / sr,
            freq: f0.iter().map(|&f| if f.is_finite() && f > 0.0 { f64::from(f) } else { 0.0 }).collect(),
            strength: vec![0.0; f0.len()],
            ceiling: self.cfg.pitch_ceiling,
            xmax: z.len() as f64 / sr,
        };
        let c = &self.cfg;
        let hnr = hnr::mean_hnr_along_track(
            &z,
            sr,
            f0,
            hop,
            (c.hnr_min_pitch, c.hnr_silence_threshold, c.hnr_periods_per_window),
        );
        Ok(self.report(&z, sr, &pitch, hnr))
    }

    /// Pulses, jitter and shimmer from `pitch`, with the HNR given.
    fn report(&self, z: &[f64], sr: f64, pitch: &praat_pitch::PraatPitch, hnr: Option<f64>) -> VoiceQualityReport {
        let c = &self.cfg;
        let mut report = VoiceQualityReport::default();
        let voiced: Vec<f64> = (0..pitch.freq.len()).filter(|&i| pitch.is_voiced(i)).map(|i| pitch.freq[i]).collect();
        report.mean_f0_hz = f32o((!voiced.is_empty()).then(|| voiced.iter().sum::<f64>() / voiced.len() as f64));
        let sound = points::Sound { z, dx: 1.0 / sr };
        let t = crate::simd::pitch_to_points_cc(&sound, pitch);
        let (pmin, pmax, pf, af) = (c.period_floor, c.period_ceiling, c.max_period_factor, c.max_amplitude_factor);
        let (jl, ja) = jitter::jitter_local(&t, pmin, pmax, pf);
        report.jitter_local = f32o(jl);
        report.jitter_local_absolute = f32o(ja);
        report.jitter_rap = f32o(jitter::jitter_rap(&t, pmin, pmax, pf));
        report.jitter_ppq5 = f32o(jitter::jitter_ppq5(&t, pmin, pmax, pf));
        let amps = shimmer::amplitudes(&sound, &t, pmin, pmax, pf);
        let sh = shimmer::shimmer(&amps, pmin, pmax, af);
        report.shimmer_local = f32o(sh.local);
        report.shimmer_local_db = f32o(sh.local_db);
        report.shimmer_apq3 = f32o(sh.apq3);
        report.shimmer_apq5 = f32o(sh.apq5);
        report.shimmer_apq11 = f32o(sh.apq11);
        report.hnr_db = f32o(hnr);
        report.n_pulses = t.len();
        report.n_periods = (0..t.len().saturating_sub(1)).filter(|&i| jitter::is_period(&t, i, pmin, pmax, pf)).count();
        report.pulses = t;
        report
    }
}
