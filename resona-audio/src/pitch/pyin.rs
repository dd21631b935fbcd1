//! Probabilistic YIN, as `librosa.pyin` (librosa 0.11.0).
//!
//! Mauch & Dixon (2014), "pYIN: A fundamental frequency estimator using probabilistic threshold
//! distributions", ICASSP. Following librosa (and the official pYIN software): per frame, every
//! CMNDF trough gets probability mass from a Beta(2, 18) prior over 100 thresholds, spread over
//! the troughs below each threshold with a Boltzmann prior favouring short periods; the mass
//! lands on pitch bins of `resolution` semitones; a two-layer (voiced/unvoiced) HMM with a
//! triangular pitch transition is decoded by Viterbi ([`super::viterbi`], banded).

use super::frames::{Cmndf, check_signal, check_yin_params, frame_at, invalid, is_trough, n_frames, parabolic_shift};
use super::viterbi::{BandedViterbi, LOG_TINY};
use super::yin::{resolve_hop, setter};
use resona_core::{InputError, Result, SampleRate};

/// Settings of [`Pyin`]: librosa.pyin's parameters and defaults, with Resona's speech defaults
/// for the frame geometry.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PyinConfig {
    /// Sample rate of the input. Defaults to 16 kHz.
    pub sample_rate: SampleRate,
    /// Lowest frequency, Hz (`sample_rate / fmin < frame_length - 1`). Defaults to 65.0.
    pub fmin: f32,
    /// Highest frequency, Hz (`fmin < fmax <= sample_rate / 2`). Defaults to 600.0.
    pub fmax: f32,
    /// Frame length in samples. Defaults to 1024.
    pub frame_length: usize,
    /// Deprecated and ignored in librosa 0.11.0, likewise here; must be `<= frame_length` when
    /// given. Defaults to `None`.
    pub win_length: Option<usize>,
    /// Hop in samples; `None` means `frame_length / 4`. Defaults to `Some(160)`.
    pub hop_length: Option<usize>,
    /// Number of thresholds of the Beta prior. Defaults to 100.
    pub n_thresholds: usize,
    /// Beta distribution parameters `(a, b)` of the threshold prior. Defaults to `(2.0, 18.0)`.
    pub beta_parameters: (f64, f64),
    /// Boltzmann parameter of the trough prior. Defaults to 2.0.
    pub boltzmann_parameter: f64,
    /// Pitch-bin resolution in semitones, in (0, 1]. Defaults to 0.1.
    pub resolution: f64,
    /// Largest pitch change, octaves per second. Defaults to 35.92.
    pub max_transition_rate: f64,
    /// Probability of switching between voiced and unvoiced, in (0, 1). Defaults to 0.01.
    pub switch_prob: f64,
    /// Probability mass given to the global minimum when no trough is below a threshold, in [0, 1].
    /// Defaults to 0.01.
    pub no_trough_prob: f64,
    /// Value written to `f0` on unvoiced frames; `None` writes NaN (librosa's `fill_na=np.nan`).
    /// Defaults to `None`.
    pub fill_na: Option<f32>,
    /// Centre frames with `frame_length / 2` zeros of padding. Defaults to `true`.
    pub center: bool,
}

impl Default for PyinConfig {
    fn default() -> Self {
        Self {
            sample_rate: SampleRate::HZ_16000,
            fmin: 65.0,
            fmax: 600.0,
            frame_length: 1024,
            win_length: None,
            hop_length: Some(160),
            n_thresholds: 100,
            beta_parameters: (2.0, 18.0),
            boltzmann_parameter: 2.0,
            resolution: 0.1,
            max_transition_rate: 35.92,
            switch_prob: 0.01,
            no_trough_prob: 0.01,
            fill_na: None,
            center: true,
        }
    }
}

impl PyinConfig {
    setter!(/// Sets [`PyinConfig::sample_rate`].
        with_sample_rate, sample_rate: SampleRate);
    setter!(/// Sets [`PyinConfig::fmin`].
        with_fmin, fmin: f32);
    setter!(/// Sets [`PyinConfig::fmax`].
        with_fmax, fmax: f32);
    setter!(/// Sets [`PyinConfig::frame_length`].
        with_frame_length, frame_length: usize);
    setter!(/// Sets [`PyinConfig::win_length`].
        with_win_length, win_length: Option<usize>);
    setter!(/// Sets [`PyinConfig::hop_length`].
        with_hop_length, hop_length: Option<usize>);
    setter!(/// Sets [`PyinConfig::n_thresholds`].
        with_n_thresholds, n_thresholds: usize);
    setter!(/// Sets [`PyinConfig::beta_parameters`].
        with_beta_parameters, beta_parameters: (f64, f64));
    setter!(/// Sets [`PyinConfig::boltzmann_parameter`].
        with_boltzmann_parameter, boltzmann_parameter: f64);
    setter!(/// Sets [`PyinConfig::resolution`].
        with_resolution, resolution: f64);
    setter!(/// Sets [`PyinConfig::max_transition_rate`].
        with_max_transition_rate, max_transition_rate: f64);
    setter!(/// Sets [`PyinConfig::switch_prob`].
        with_switch_prob, switch_prob: f64);
    setter!(/// Sets [`PyinConfig::no_trough_prob`].
        with_no_trough_prob, no_trough_prob: f64);
    setter!(/// Sets [`PyinConfig::fill_na`].
        with_fill_na, fill_na: Option<f32>);
    setter!(/// Sets [`PyinConfig::center`].
        with_center, center: bool);
}

/// pYIN output, one entry per frame (librosa's `(f0, voiced_flag, voiced_prob)`).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PyinTrack {
    /// f0 in Hz; NaN (or `fill_na`) on unvoiced frames.
    pub f0: Vec<f32>,
    /// Whether the decoded state is voiced.
    pub voiced_flag: Vec<bool>,
    /// Probability that the frame is voiced, in [0, 1].
    pub voiced_prob: Vec<f32>,
}

impl PyinTrack {
    /// Number of frames.
    #[must_use]
    pub fn len(&self) -> usize {
        self.f0.len()
    }

    /// Whether there are no frames.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.f0.is_empty()
    }

    /// Frame times in seconds, `t * hop_length / sample_rate` (`librosa.times_like` with the
    /// default centred framing).
    #[must_use]
    pub fn times(&self, hop_length: usize, sample_rate: SampleRate) -> Vec<f64> {
        #[allow(clippy::cast_precision_loss)]
        (0..self.len()).map(|t| (t * hop_length) as f64 / f64::from(sample_rate.get())).collect()
    }
}

/// A planned pYIN estimator.
#[derive(Debug, Clone)]
pub struct Pyin {
    cfg: PyinConfig,
    hop: usize,
    sr: f64,
    cmndf: Cmndf,
    n_pitch: usize,
    n_bins_per_semitone: f64,
    thresholds: Vec<f64>,
    beta_probs: Vec<f64>,
    beta_prefix: Vec<f64>,
    boltz_exp: Vec<f64>,
    boltz_norm: Vec<f64>,
    viterbi: BandedViterbi,
    frame: Vec<f32>,
    lags: Vec<f64>,
    probs: Vec<f64>,
    troughs: Vec<usize>,
    /// Scratch of `observe`: troughs as (height, lag index) sorted by height, and the lag
    /// indexes below the current threshold in index order.
    by_height: Vec<(f64, usize)>,
    below: Vec<usize>,
    obs_voiced: Vec<f64>,
    log_obs: Vec<f64>,
    states: Vec<usize>,
}

/// Most troughs a frame can have is about half its lags; the Boltzmann tables cover all lags.
const MAX_PITCH_STATES: usize = u16::MAX as usize;

impl Pyin {
    /// Validates `cfg` (librosa's rules as [`resona_core::ConfigError`]) and precomputes the
    /// threshold prior, Boltzmann tables, FFT plans and transition band.
    pub fn new(cfg: PyinConfig) -> Result<Self> {
        let sr = f64::from(cfg.sample_rate.get());
        let range = check_yin_params(sr, cfg.fmin, cfg.fmax, cfg.frame_length)?;
        let hop = resolve_hop(cfg.frame_length, cfg.win_length, cfg.hop_length)?;
        if cfg.n_thresholds == 0 || cfg.n_thresholds > 100_000 {
            return Err(invalid("n_thresholds", cfg.n_thresholds, "must be in 1..=100000").into());
        }
        let (a, b) = cfg.beta_parameters;
        if !(a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0) {
            return Err(invalid("beta_parameters", format!("({a}, {b})"), "both must be finite and > 0").into());
        }
        if !(cfg.boltzmann_parameter.is_finite() && cfg.boltzmann_parameter > 0.0) {
            return Err(invalid("boltzmann_parameter", cfg.boltzmann_parameter, "must be finite and > 0").into());
        }
        if !(cfg.resolution.is_finite() && cfg.resolution > 0.0 && cfg.resolution <= 1.0) {
            return Err(invalid("resolution", cfg.resolution, "must be in (0, 1]").into());
        }
        if !(cfg.max_transition_rate.is_finite() && cfg.max_transition_rate >= 0.0) {
            return Err(invalid("max_transition_rate", cfg.max_transition_rate, "must be finite and >= 0").into());
        }
        if !(cfg.switch_prob > 0.0 && cfg.switch_prob < 1.0) {
            return Err(invalid("switch_prob", cfg.switch_prob, "must be in (0, 1)").into());
        }
        if !(0.0..=1.0).contains(&cfg.no_trough_prob) {
            return Err(invalid("no_trough_prob", cfg.no_trough_prob, "must be in [0, 1]").into());
        }
        let nbps = (1.0 / cfg.resolution).ceil();
        let n_pitch_f = (12.0 * nbps * (f64::from(cfg.fmax) / f64::from(cfg.fmin)).log2()).floor() + 1.0;
        #[allow(clippy::cast_precision_loss)]
        if n_pitch_f < 2.0 || n_pitch_f > (MAX_PITCH_STATES / 2) as f64 {
            return Err(
                invalid("resolution", cfg.resolution, "gives fewer than 2 or more than 32767 pitch bins").into()
            );
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n_pitch = n_pitch_f as usize;
        // librosa: round(max_transition_rate * 12 * hop / sr) (Python round: half to even).
        #[allow(clippy::cast_precision_loss)]
        let semis = (cfg.max_transition_rate * 12.0 * hop as f64 / sr).round_ties_even();
        let width_f = semis * nbps + 1.0;
        #[allow(clippy::cast_precision_loss)]
        if width_f > n_pitch as f64 {
            return Err(invalid(
                "max_transition_rate",
                cfg.max_transition_rate,
                "gives a transition width wider than the number of pitch bins",
            )
            .into());
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let width = width_f as usize;

        // thresholds = np.linspace(0, 1, n + 1); beta_probs = diff(beta.cdf(thresholds, a, b)).
        let n_thr = cfg.n_thresholds;
        #[allow(clippy::cast_precision_loss)]
        let step = 1.0 / n_thr as f64;
        #[allow(clippy::cast_precision_loss)]
        let thresholds: Vec<f64> = (0..=n_thr).map(|i| if i == n_thr { 1.0 } else { i as f64 * step }).collect();
        let cdf: Vec<f64> = thresholds.iter().map(|&x| beta_cdf(x, a, b)).collect();
        let beta_probs: Vec<f64> = cdf.windows(2).map(|w| w[1] - w[0]).collect();
        let mut beta_prefix = vec![0.0; n_thr + 1];
        for i in 0..n_thr {
            beta_prefix[i + 1] = beta_prefix[i] + beta_probs[i];
        }
        // scipy.stats.boltzmann.pmf(k, lam, N) = (1 - e^-lam) / (1 - e^(-lam N)) * e^(-lam k).
        let lam = cfg.boltzmann_parameter;
        let n_lags = range.n_lags();
        #[allow(clippy::cast_precision_loss)]
        let boltz_exp: Vec<f64> = (0..=n_lags).map(|k| (-lam * k as f64).exp()).collect();
        #[allow(clippy::cast_precision_loss)]
        let boltz_norm: Vec<f64> = (0..=n_lags)
            .map(|nn| if nn == 0 { 0.0 } else { (1.0 - (-lam).exp()) / (1.0 - (-lam * nn as f64).exp()) })
            .collect();

        Ok(Self {
            hop,
            sr,
            cmndf: Cmndf::new(cfg.frame_length, range),
            n_pitch,
            n_bins_per_semitone: nbps,
            thresholds,
            beta_probs,
            beta_prefix,
            boltz_exp,
            boltz_norm,
            viterbi: BandedViterbi::new(n_pitch, width, cfg.switch_prob),
            frame: vec![0.0; cfg.frame_length],
            lags: vec![0.0; n_lags],
            probs: vec![0.0; n_lags],
            troughs: Vec::with_capacity(n_lags),
            by_height: Vec::with_capacity(n_lags),
            below: Vec::with_capacity(n_lags),
            obs_voiced: vec![0.0; n_pitch],
            log_obs: vec![0.0; 2 * n_pitch],
            states: Vec::new(),
            cfg,
        })
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &PyinConfig {
        &self.cfg
    }

    /// The resolved hop length in samples.
    #[must_use]
    pub const fn hop_length(&self) -> usize {
        self.hop
    }

    /// Number of pitch bins of the HMM (voiced states; there are as many unvoiced ones).
    #[must_use]
    pub const fn n_pitch_bins(&self) -> usize {
        self.n_pitch
    }

    /// Number of frames for `n` samples (0 when too short with `center = false`).
    #[must_use]
    pub fn n_frames(&self, n: usize) -> usize {
        n_frames(n, self.cfg.frame_length, self.hop, self.cfg.center)
    }

    /// f0 (NaN when unvoiced), voiced flag and voiced probability per frame, as `librosa.pyin`.
    ///
    /// # Errors
    /// [`InputError::Empty`], [`InputError::NonFinite`], or [`InputError::BufferTooShort`] when
    /// `center = false` and `y` is shorter than one frame.
    pub fn process(&mut self, y: &[f32]) -> Result<PyinTrack> {
        check_signal(y)?;
        let n = self.n_frames(y.len());
        if n == 0 {
            return Err(InputError::BufferTooShort {
                what: "audio samples",
                expected: self.cfg.frame_length,
                received: y.len(),
            }
            .into());
        }
        let mut track = PyinTrack { f0: vec![0.0; n], voiced_flag: vec![false; n], voiced_prob: vec![0.0; n] };
        self.viterbi.reset(n);
        let mut frame = std::mem::take(&mut self.frame);
        for t in 0..n {
            let vp = self.observe(frame_at(y, t, self.hop, self.cfg.center, &mut frame));
            #[allow(clippy::cast_possible_truncation)]
            {
                track.voiced_prob[t] = vp as f32;
            }
            self.viterbi.step(&self.log_obs);
        }
        self.frame = frame;
        let mut states = std::mem::take(&mut self.states);
        self.viterbi.finish(&mut states);
        let fill = self.cfg.fill_na.unwrap_or(f32::NAN);
        for (t, &s) in states.iter().enumerate() {
            let voiced = s < self.n_pitch;
            track.voiced_flag[t] = voiced;
            #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
            let f = (f64::from(self.cfg.fmin)
                * 2f64.powf((s % self.n_pitch) as f64 / (12.0 * self.n_bins_per_semitone))) as f32;
            track.f0[t] = if voiced { f } else { fill };
        }
        self.states = states;
        Ok(track)
    }

    /// Computes the observation log-probabilities of one frame into `self.log_obs`; returns the voiced probability.
    #[allow(clippy::nonminimal_bool, clippy::neg_cmp_op_on_partial_ord)] // mirrors numpy's `~(h < t)`
    fn observe(&mut self, frame: &[f32]) -> f64 {
        self.cmndf.compute(frame, &mut self.lags);
        let x = &self.lags;
        self.troughs.clear();
        self.troughs.extend((0..x.len()).filter(|&i| is_trough(x, i)));
        self.obs_voiced.fill(0.0);
        if !self.troughs.is_empty() {
            for &i in &self.troughs {
                self.probs[i] = 0.0;
            }
            // Troughs below threshold j (thresholds[1..]) get beta_probs[j] * boltzmann(pos, count).
            // Heights only matter below 1.0 (the largest threshold).
            let mut lo = 0usize; // first threshold index j with some trough below: skip the empty ones
            let hmin = self.troughs.iter().map(|&i| x[i]).fold(f64::INFINITY, f64::min);
            while lo < self.beta_probs.len() && !(hmin < self.thresholds[lo + 1]) {
                lo += 1;
            }
            // The troughs below threshold j only grow with j: walk them in order of height and
            // keep the set below (`below`, in index order, so a trough's position is its
            // Boltzmann rank) instead of rescanning every trough for every threshold. Same
            // additions in the same order as the rescan, so the same bits.
            self.by_height.clear();
            self.by_height.extend(self.troughs.iter().map(|&i| (x[i], i)));
            self.by_height.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            self.below.clear();
            let mut next = 0;
            for j in lo..self.beta_probs.len() {
                let thr = self.thresholds[j + 1];
                while next < self.by_height.len() && self.by_height[next].0 < thr {
                    let i = self.by_height[next].1;
                    let at = self.below.partition_point(|&b| b < i);
                    self.below.insert(at, i);
                    next += 1;
                }
                if self.below.is_empty() {
                    continue; // boltzmann(count 0) is 0: the rescan added nothing either
                }
                let scale = self.beta_probs[j] * self.boltz_norm[self.below.len()];
                for (&i, &e) in self.below.iter().zip(&self.boltz_exp) {
                    self.probs[i] += scale * e;
                }
            }
            // Global minimum trough (first on ties) takes no_trough_prob of the thresholds it is not below.
            let mut gmin = self.troughs[0];
            for &i in &self.troughs {
                if x[i] < x[gmin] {
                    gmin = i;
                }
            }
            let n_not_below = self.thresholds[1..].iter().filter(|&&t| !(x[gmin] < t)).count();
            self.probs[gmin] += self.cfg.no_trough_prob * self.beta_prefix[n_not_below];
            let min_period = self.cmndf.range().min_period;
            let n_pitch_f = {
                #[allow(clippy::cast_precision_loss)]
                let v = self.n_pitch as f64;
                v
            };
            for &i in &self.troughs {
                let p = self.probs[i];
                if p == 0.0 {
                    continue;
                }
                #[allow(clippy::cast_precision_loss)]
                let period = (min_period + i) as f64 + parabolic_shift(x, i);
                let f0 = self.sr / period;
                let bin = (12.0 * self.n_bins_per_semitone * (f0 / f64::from(self.cfg.fmin)).log2())
                    .round_ties_even()
                    .clamp(0.0, n_pitch_f);
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let bin = bin as usize;
                // librosa clips to n_pitch_bins (one past the voiced block): that mass is dropped.
                if bin < self.n_pitch {
                    self.obs_voiced[bin] = p; // fancy assignment: the last (longest period) wins
                }
            }
        }
        let vp = self.obs_voiced.iter().sum::<f64>().clamp(0.0, 1.0);
        #[allow(clippy::cast_precision_loss)]
        let unvoiced = ((1.0 - vp) / self.n_pitch as f64 + f64::MIN_POSITIVE).ln();
        let (voiced_log, unvoiced_log) = self.log_obs.split_at_mut(self.n_pitch);
        for (l, &o) in voiced_log.iter_mut().zip(&self.obs_voiced) {
            *l = if o == 0.0 { LOG_TINY } else { (o + f64::MIN_POSITIVE).ln() };
        }
        unvoiced_log.fill(unvoiced);
        vp
    }
}

/// Regularised incomplete beta function `I_x(a, b)` (`scipy.stats.beta.cdf`), by Lentz's
/// continued fraction (Numerical Recipes, 3rd ed., §6.4), accurate to ~1e-15.
fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) { front * beta_cf(x, a, b) / a } else { 1.0 - front * beta_cf(1.0 - x, b, a) / b }
}

fn beta_cf(x: f64, a: f64, b: f64) -> f64 {
    const FPMIN: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < FPMIN {
        d = FPMIN;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < FPMIN { FPMIN } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < FPMIN { FPMIN } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < FPMIN { FPMIN } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < FPMIN { FPMIN } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, n = 9; ~1e-15 relative).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // reflection
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut s = G[0];
    for (i, &g) in G.iter().enumerate().skip(1) {
        #[allow(clippy::cast_precision_loss)]
        let k = i as f64;
        s += g / (x + k);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + s.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_cdf_matches_closed_form_for_integer_parameters() {
        // I_x(2, 18) = 1 - (1-x)^19 - 19 x (1-x)^18 (binomial tail form)
        const TOL: f64 = 1e-13;
        for i in 0..=100 {
            let x = f64::from(i) / 100.0;
            let want = 1.0 - (1.0 - x).powi(19) - 19.0 * x * (1.0 - x).powi(18);
            assert!((beta_cdf(x, 2.0, 18.0) - want).abs() < TOL, "x={x}");
        }
    }

    #[test]
    fn geometry_matches_librosa() {
        let p = Pyin::new(PyinConfig::default()).unwrap();
        // floor(120 * log2(600/65)) + 1
        assert_eq!(p.n_pitch_bins(), 385);
        let beta_sum: f64 = p.beta_probs.iter().sum();
        assert!((beta_sum - 1.0).abs() < 1e-12);
    }

    #[test]
    fn tone_is_voiced_and_silence_is_not() {
        const CENTS_TOL: f32 = 10.0;
        let mut p = Pyin::new(PyinConfig::default()).unwrap();
        let y: Vec<f32> =
            (0..16000).map(|i| 0.5 * (2.0 * std::f32::consts::PI * 220.0 * i as f32 / 16000.0).sin()).collect();
        let tr = p.process(&y).unwrap();
        for t in 10..90 {
            assert!(tr.voiced_flag[t]);
            assert!((1200.0 * (tr.f0[t] / 220.0).log2()).abs() < CENTS_TOL, "{}", tr.f0[t]);
        }
        let tr = p.process(&[0.0; 8000]).unwrap();
        assert!(tr.voiced_flag.iter().all(|v| !v));
        assert!(tr.f0.iter().all(|f| f.is_nan()));
        assert!(tr.voiced_prob.iter().all(|&v| v == 0.0));
    }
}
