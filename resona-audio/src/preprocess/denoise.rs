//! Speech noise reduction for everyday stationary and slowly varying noise (fans, hum,
//! traffic rumble), usable on a stream.
//!
//! - STFT with a square-root periodic Hann window for analysis and synthesis: at 50 % (or
//!   75 %) overlap the squared window sums to a constant, so unit gains reconstruct the input
//!   exactly (up to float rounding).
//! - Noise power per bin by MCRA, the minima-controlled recursive averaging of Cohen & Berdugo,
//!   "Noise estimation by minima controlled recursive averaging for robust speech
//!   enhancement", IEEE SPL 9(1), 2002: the smoothed power is compared with its minimum over a
//!   window of [`DenoiseConfig::noise_window`]; the speech-presence probability from that ratio
//!   slows the noise update where speech is present. Constants from the paper: alpha_s = 0.8,
//!   alpha_p = 0.2, alpha_d = 0.95, delta = 5, frequency smoothing [0.25, 0.5, 0.25].
//! - Gain: the MMSE log-spectral amplitude estimator of Ephraim & Malah, IEEE TASSP 33(2),
//!   1985, `G = xi/(1+xi) * exp(E1(v)/2)`, `v = xi/(1+xi) * gamma`, with the decision-directed
//!   a-priori SNR `xi = a * G_prev^2 * gamma_prev + (1-a) * max(gamma - 1, 0)` (a = 0.98),
//!   `xi >= xi_min`, and the gain limited to `[gain_floor, 1]`.
//!
//! The output is aligned with the input (the `frame - hop` samples of STFT delay are
//! removed) and has the same length. [`Denoiser::process`] runs the stream code on the whole
//! buffer, so pushing any chunking gives bit-identical output.

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealToComplex};
use resona_core::{ConfigError, Error, InputError, Result, SampleRate, Seconds};
use std::sync::Arc;

/// MCRA time smoothing of the power spectrum.
const ALPHA_S: f32 = 0.8;
/// MCRA smoothing of the speech-presence probability.
const ALPHA_P: f32 = 0.2;
/// MCRA noise smoothing when speech is absent.
const ALPHA_D: f32 = 0.95;
/// MCRA ratio of smoothed power to its minimum above which speech is taken as present.
const DELTA: f32 = 5.0;
/// Smallest noise power (avoids division by zero on digital silence).
const TINY: f32 = 1e-20;

/// Settings of [`Denoiser`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DenoiseConfig {
    /// Sample rate of the input. Defaults to 16 kHz.
    pub sample_rate: SampleRate,
    /// STFT frame in samples: even, 64..=8192. Defaults to 512 (32 ms at 16 kHz).
    pub frame_length: usize,
    /// Hop in samples: `frame_length / 2` or `frame_length / 4`. Defaults to 256.
    pub hop: usize,
    /// Lowest gain, in dB, in [-60, 0]. Defaults to -20 dB (deeper suppression brings out
    /// musical noise).
    pub gain_floor_db: f32,
    /// Decision-directed smoothing `a`, in [0, 1). Defaults to 0.98 (Ephraim & Malah).
    pub dd_alpha: f32,
    /// Lowest a-priori SNR, in dB, in [-40, 0]. Defaults to -25 dB.
    pub min_prior_snr_db: f32,
    /// Window of the minimum search of the noise tracker, in (0.1, 10] s; it must outlast
    /// the longest stretch of speech without a pause. Defaults to 1.5 s.
    pub noise_window: Seconds,
}

impl Default for DenoiseConfig {
    fn default() -> Self {
        Self {
            sample_rate: SampleRate::HZ_16000,
            frame_length: 512,
            hop: 256,
            gain_floor_db: -20.0,
            dd_alpha: 0.98,
            min_prior_snr_db: -25.0,
            noise_window: Seconds(1.5),
        }
    }
}

impl DenoiseConfig {
    /// Sets [`DenoiseConfig::sample_rate`].
    #[must_use]
    pub fn with_sample_rate(mut self, v: SampleRate) -> Self {
        self.sample_rate = v;
        self
    }
    /// Sets [`DenoiseConfig::frame_length`].
    #[must_use]
    pub fn with_frame_length(mut self, v: usize) -> Self {
        self.frame_length = v;
        self
    }
    /// Sets [`DenoiseConfig::hop`].
    #[must_use]
    pub fn with_hop(mut self, v: usize) -> Self {
        self.hop = v;
        self
    }
    /// Sets [`DenoiseConfig::gain_floor_db`].
    #[must_use]
    pub fn with_gain_floor_db(mut self, v: f32) -> Self {
        self.gain_floor_db = v;
        self
    }
    /// Sets [`DenoiseConfig::dd_alpha`].
    #[must_use]
    pub fn with_dd_alpha(mut self, v: f32) -> Self {
        self.dd_alpha = v;
        self
    }
    /// Sets [`DenoiseConfig::min_prior_snr_db`].
    #[must_use]
    pub fn with_min_prior_snr_db(mut self, v: f32) -> Self {
        self.min_prior_snr_db = v;
        self
    }
    /// Sets [`DenoiseConfig::noise_window`].
    #[must_use]
    pub fn with_noise_window(mut self, v: Seconds) -> Self {
        self.noise_window = v;
        self
    }

    fn validate(&self) -> Result<()> {
        let bad = |name, value: String, rule| Err(Error::from(ConfigError::InvalidParameter { name, value, rule }));
        let n = self.frame_length;
        if !(64..=8192).contains(&n) || n % 2 != 0 {
            return bad("frame_length", n.to_string(), "must be even and between 64 and 8192");
        }
        if !(self.hop * 2 == n || self.hop * 4 == n) {
            return bad("hop", self.hop.to_string(), "must be frame_length / 2 or frame_length / 4");
        }
        if !(-60.0..=0.0).contains(&self.gain_floor_db) {
            return bad("gain_floor_db", self.gain_floor_db.to_string(), "must be in [-60, 0]");
        }
        if !(0.0..1.0).contains(&self.dd_alpha) {
            return bad("dd_alpha", self.dd_alpha.to_string(), "must be in [0, 1)");
        }
        if !(-40.0..=0.0).contains(&self.min_prior_snr_db) {
            return bad("min_prior_snr_db", self.min_prior_snr_db.to_string(), "must be in [-40, 0]");
        }
        if !(self.noise_window.0 > 0.1 && self.noise_window.0 <= 10.0) {
            return bad("noise_window", self.noise_window.0.to_string(), "must be in (0.1, 10] s");
        }
        Ok(())
    }
}

/// Exponential integral E1(x) for x > 0: the power series (Abramowitz & Stegun 5.1.11) below
/// 1, the rational approximation A&S 5.1.56 (error < 5e-5 relative) above.
fn expint_e1(x: f64) -> f64 {
    const EULER: f64 = 0.577_215_664_901_532_9;
    if x <= 0.0 {
        return f64::INFINITY;
    }
    if x < 1.0 {
        let mut term = 1.0;
        let mut sum = 0.0;
        for k in 1..=30 {
            term *= -x / k as f64;
            sum -= term / k as f64;
        }
        -EULER - x.ln() + sum
    } else {
        let num = x * x + 2.334_733 * x + 0.250_621;
        let den = x * x + 3.330_657 * x + 1.681_534;
        (-x).exp() / x * num / den
    }
}

/// Per-bin tracker and gain state.
#[derive(Debug, Clone)]
struct BinState {
    smooth: Vec<f32>,
    s_min: Vec<f32>,
    s_tmp: Vec<f32>,
    presence: Vec<f32>,
    noise: Vec<f32>,
    prev: Vec<f32>,
    power: Vec<f32>,
}

/// Stateful speech denoiser; see the [module docs](crate::preprocess::denoise).
///
/// Steady-state [`Denoiser::push`] allocates nothing (all buffers are preallocated; `out`
/// grows only if it lacks capacity).
pub struct Denoiser {
    config: DenoiseConfig,
    fft: Arc<dyn RealToComplex<f32>>,
    ifft: Arc<dyn ComplexToReal<f32>>,
    window: Vec<f32>,
    scale: f32,
    gain_floor: f32,
    xi_min: f32,
    window_frames: usize,
    time: Vec<f32>,
    spec: Vec<Complex<f32>>,
    scratch_f: Vec<Complex<f32>>,
    scratch_i: Vec<Complex<f32>>,
    bins: BinState,
    inbuf: Vec<f32>,
    fill: usize,
    ola: Vec<f32>,
    to_skip: usize,
    consumed: u64,
    emitted: u64,
    frames: usize,
}

impl std::fmt::Debug for Denoiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Denoiser").field("config", &self.config).field("frames", &self.frames).finish()
    }
}

impl Denoiser {
    /// Validates `config` and builds the FFT plans and buffers.
    pub fn new(config: DenoiseConfig) -> Result<Self> {
        config.validate()?;
        let n = config.frame_length;
        let fft = crate::fft::plan_forward(n);
        let ifft = crate::fft::plan_inverse(n);
        let window: Vec<f32> = (0..n)
            .map(|i| (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n as f64).cos()).sqrt() as f32)
            .collect();
        let bins = n / 2 + 1;
        let hop_s = config.hop as f64 / f64::from(config.sample_rate.get());
        let zeros = vec![0.0; bins];
        Ok(Self {
            // The squared periodic Hann sums to frame / (2 * hop); realfft's inverse adds a
            // factor of n.
            scale: (2.0 * config.hop as f32 / n as f32) / n as f32,
            gain_floor: 10f32.powf(config.gain_floor_db / 20.0),
            xi_min: 10f32.powf(config.min_prior_snr_db / 10.0),
            window_frames: ((config.noise_window.0 / hop_s).ceil() as usize).max(2),
            time: vec![0.0; n],
            spec: vec![Complex::new(0.0, 0.0); bins],
            scratch_f: fft.make_scratch_vec(),
            scratch_i: ifft.make_scratch_vec(),
            bins: BinState {
                smooth: zeros.clone(),
                s_min: zeros.clone(),
                s_tmp: zeros.clone(),
                presence: zeros.clone(),
                noise: zeros.clone(),
                prev: zeros.clone(),
                power: zeros,
            },
            inbuf: vec![0.0; n],
            fill: n - config.hop,
            ola: vec![0.0; n],
            to_skip: n - config.hop,
            consumed: 0,
            emitted: 0,
            frames: 0,
            fft,
            ifft,
            window,
            config,
        })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &DenoiseConfig {
        &self.config
    }

    /// Denoises a whole buffer from a fresh state; the output has the input's length.
    ///
    /// Errors: [`InputError::NonFinite`].
    pub fn process(&mut self, samples: &[f32]) -> Result<Vec<f32>> {
        InputError::check_finite("denoiser input", samples)?;
        self.reset();
        let mut out = Vec::with_capacity(samples.len());
        self.push(samples, &mut out)?;
        self.finish(&mut out)?;
        Ok(out)
    }

    /// Feeds `chunk` and appends the samples it completes to `out` (they lag the input by
    /// `frame_length - hop` samples until [`Denoiser::finish`]).
    ///
    /// Errors: [`InputError::NonFinite`] (the stream is unchanged).
    pub fn push(&mut self, chunk: &[f32], out: &mut Vec<f32>) -> Result<()> {
        InputError::check_finite("denoiser input", chunk)?;
        self.consumed = self.consumed.saturating_add(chunk.len() as u64);
        self.feed(chunk, u64::MAX, out);
        Ok(())
    }

    /// Flushes the remaining samples (the total output then equals the total input length)
    /// and resets the denoiser for a new stream.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<()> {
        const ZEROS: [f32; 256] = [0.0; 256];
        while self.emitted < self.consumed {
            let cap = self.consumed - self.emitted;
            self.feed(&ZEROS, cap, out);
        }
        self.reset();
        Ok(())
    }

    /// Forgets all state and starts a new stream.
    pub fn reset(&mut self) {
        let hop = self.config.hop;
        let n = self.config.frame_length;
        self.inbuf.fill(0.0);
        self.fill = n - hop;
        self.ola.fill(0.0);
        self.to_skip = n - hop;
        self.consumed = 0;
        self.emitted = 0;
        self.frames = 0;
    }

    fn feed(&mut self, mut chunk: &[f32], mut cap: u64, out: &mut Vec<f32>) {
        let n = self.config.frame_length;
        let hop = self.config.hop;
        while !chunk.is_empty() && cap > 0 {
            let take = (n - self.fill).min(chunk.len());
            self.inbuf[self.fill..self.fill + take].copy_from_slice(&chunk[..take]);
            self.fill += take;
            chunk = &chunk[take..];
            if self.fill == n {
                self.process_frame();
                let skip = self.to_skip.min(hop);
                self.to_skip -= skip;
                let keep = ((hop - skip) as u64).min(cap) as usize;
                out.extend_from_slice(&self.ola[skip..skip + keep]);
                self.emitted += keep as u64;
                cap -= keep as u64;
                self.ola.copy_within(hop.., 0);
                self.ola[n - hop..].fill(0.0);
                self.inbuf.copy_within(hop.., 0);
                self.fill = n - hop;
            }
        }
    }

    fn process_frame(&mut self) {
        for ((t, &x), &w) in self.time.iter_mut().zip(&self.inbuf).zip(&self.window) {
            *t = x * w;
        }
        if self.fft.process_with_scratch(&mut self.time, &mut self.spec, &mut self.scratch_f).is_err() {
            return;
        }
        self.update_noise();
        self.apply_gain();
        // The inverse real FFT needs exactly real DC and Nyquist bins.
        let last = self.spec.len() - 1;
        self.spec[0].im = 0.0;
        self.spec[last].im = 0.0;
        if self.ifft.process_with_scratch(&mut self.spec, &mut self.time, &mut self.scratch_i).is_err() {
            return;
        }
        for ((o, &t), &w) in self.ola.iter_mut().zip(&self.time).zip(&self.window) {
            *o += t * w * self.scale;
        }
        self.frames += 1;
    }

    /// MCRA (Cohen & Berdugo 2002) noise tracking.
    fn update_noise(&mut self) {
        let b = &mut self.bins;
        for (p, c) in b.power.iter_mut().zip(&self.spec) {
            *p = c.norm_sqr();
        }
        let k_last = b.power.len() - 1;
        if self.frames == 0 {
            for k in 0..=k_last {
                let p = b.power[k].max(TINY);
                (b.smooth[k], b.s_min[k], b.s_tmp[k], b.noise[k]) = (p, p, p, p);
                (b.presence[k], b.prev[k]) = (0.0, 1.0);
            }
            return;
        }
        let restart = self.frames % self.window_frames == 0;
        for k in 0..=k_last {
            let lo = b.power[k.saturating_sub(1)];
            let hi = b.power[(k + 1).min(k_last)];
            let sf = 0.25 * lo + 0.5 * b.power[k] + 0.25 * hi;
            let s = ALPHA_S * b.smooth[k] + (1.0 - ALPHA_S) * sf;
            b.smooth[k] = s;
            if restart {
                b.s_min[k] = b.s_tmp[k].min(s);
                b.s_tmp[k] = s;
            } else {
                b.s_min[k] = b.s_min[k].min(s);
                b.s_tmp[k] = b.s_tmp[k].min(s);
            }
            let present = if s > DELTA * b.s_min[k] { 1.0 } else { 0.0 };
            b.presence[k] = ALPHA_P * b.presence[k] + (1.0 - ALPHA_P) * present;
            let a = ALPHA_D + (1.0 - ALPHA_D) * b.presence[k];
            b.noise[k] = (a * b.noise[k] + (1.0 - a) * b.power[k]).max(TINY);
        }
    }

    /// Ephraim-Malah log-spectral amplitude gain with decision-directed a-priori SNR.
    fn apply_gain(&mut self) {
        let a = self.config.dd_alpha;
        let b = &mut self.bins;
        for (k, c) in self.spec.iter_mut().enumerate() {
            let gamma = (b.power[k] / b.noise[k]).min(1e6);
            let xi = (a * b.prev[k] + (1.0 - a) * (gamma - 1.0).max(0.0)).max(self.xi_min);
            let r = xi / (1.0 + xi);
            let v = f64::from(r * gamma);
            let g = if v > 0.0 { (f64::from(r) * (0.5 * expint_e1(v)).exp()) as f32 } else { 1.0 };
            let g = if g.is_finite() { g.clamp(self.gain_floor, 1.0) } else { 1.0 };
            b.prev[k] = g * g * gamma;
            *c *= g;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e1_matches_tabulated_values() {
        // Abramowitz & Stegun table 5.1: E1(0.5) = 0.5597736, E1(1) = 0.2193839,
        // E1(2) = 0.0489005, E1(0.01) = 4.0379296.
        for (x, want) in [(0.5, 0.559_773_6), (1.0, 0.219_383_9), (2.0, 0.048_900_5), (0.01, 4.037_929_6)] {
            let got = expint_e1(x);
            assert!((got - want).abs() / want < 1e-4, "E1({x}) = {got}, want {want}");
        }
    }

    #[test]
    fn unit_gain_reconstructs() {
        // With the gain floor at 0 dB every gain is 1: the STFT must reconstruct the input.
        let mut d = Denoiser::new(DenoiseConfig::default().with_gain_floor_db(0.0)).unwrap();
        let x: Vec<f32> = (0..5000).map(|i| (i as f32 * 0.05).sin() * 0.5).collect();
        let y = d.process(&x).unwrap();
        assert_eq!(y.len(), x.len());
        let err = x.iter().zip(&y).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(err < 1e-5, "max error {err}");
    }
}
