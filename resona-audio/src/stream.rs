//! [`AudioStream`]: PCM chunks of any size, rate and channel count in; one [`FeatureFrameRef`]
//! per 10 ms hop out, with the caller's timestamps.
//!
//! The stream chains the streaming pieces of this crate, each chunk-invariant on its own:
//! [`IntakeStream`] (downmix, resample to the analysis rate), an optional [`Denoiser`], then
//! three analysers on the same analysis-rate samples: [`SpectralStream`] (MFCC, RMS, ZCR and
//! spectral shape), [`VadStream`] (speech probability) and [`Yin`] (f0). It pairs their
//! outputs by frame index, so **frames do not depend on how the signal was cut into chunks**
//! (`tests/audio_stream.rs` checks bit equality against one whole push).
//!
//! # Frames and their alignment
//! Frame `k` is centred on analysis sample `k * hop` (librosa's `center=True`, zero padding),
//! and a signal of `n` analysis samples gives `1 + n / hop` frames once [`AudioStream::finish`]
//! is called, like the batch functions. The YIN window (1024 samples by default) is centred the
//! same way; the VAD frame `k` covers samples `[k * hop, k * hop + 400)`, so its centre lags by
//! 12.5 ms (the VAD is not centred; when the signal ends first, the last known probability is
//! reused). A frame is emitted as soon as all three have seen enough samples, i.e. with a
//! latency of half a YIN window (32 ms) after its centre, plus the resampler's delay.
//!
//! # dB floor
//! MFCC in the stream clip against the running maximum of the frames so far, not the whole
//! signal's maximum as in librosa (see [`crate::spectral`]).
//!
//! # f0
//! `f0_hz` is YIN's estimate when the VAD calls the frame speech (probability at or above the
//! VAD threshold) and `None` otherwise: YIN returns a number for every frame, including
//! silence, and a pitch of silence is undefined.
//!
//! # Timestamps
//! Each [`AudioStream::push`] gives the caller's timestamp of the chunk's first sample. A
//! frame's timestamp is the latest such anchor plus the time from the anchor to the frame's
//! centre, counted in samples at the input rate; with consistent timestamps this is the same
//! for any chunking, and a jump in the caller's clock (a dropped buffer) moves later frames
//! with it.
//!
//! # Allocation
//! Buffers are sized in [`AudioStream::new`] for chunks of up to a second; after the first
//! chunks of a given size, `push` allocates nothing (checked by a counting allocator in
//! `tests/audio_stream.rs`).

use resona_core::{AudioView, ConfigError, Limits, Result, SampleRate, TimestampMs};

use crate::pitch::{Yin, YinConfig};
use crate::preprocess::{DenoiseConfig, Denoiser, IntakeConfig, IntakeStream, SpeechSegment, VadConfig, VadStream};
use crate::spectral::{FnSink, SpectralFrameRef, SpectralStream, StreamSpectralConfig};

/// Configuration of an [`AudioStream`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AudioStreamConfig {
    /// Rate the analysers run at; every analyser's own `sample_rate` is set to it. Defaults
    /// to 16 kHz.
    pub analysis_rate: SampleRate,
    /// Run the noise suppressor before the analysers. Defaults to `false`.
    pub denoise: bool,
    /// MFCC, RMS/ZCR and spectral-shape settings; its hop is the stream's hop. Defaults to
    /// [`StreamSpectralConfig::default`] (40 MFCC, n_fft 512, hop 160, window 400).
    pub spectral: StreamSpectralConfig,
    /// YIN settings; `hop_length` must equal the spectral hop. Defaults to
    /// [`YinConfig::default`] (65-600 Hz, 1024-sample frames).
    pub yin: YinConfig,
    /// VAD settings; `hop` must equal the spectral hop. Defaults to [`VadConfig::default`].
    pub vad: VadConfig,
    /// Size limits (audio length per push). Defaults to [`Limits::default`].
    pub limits: Limits,
}

impl Default for AudioStreamConfig {
    fn default() -> Self {
        Self {
            analysis_rate: SampleRate::HZ_16000,
            denoise: false,
            spectral: StreamSpectralConfig::default(),
            yin: YinConfig::default(),
            vad: VadConfig::default(),
            limits: Limits::default(),
        }
    }
}

impl AudioStreamConfig {
    /// Sets [`AudioStreamConfig::analysis_rate`].
    #[must_use]
    pub fn with_analysis_rate(mut self, v: SampleRate) -> Self {
        self.analysis_rate = v;
        self
    }
    /// Sets [`AudioStreamConfig::denoise`].
    #[must_use]
    pub fn with_denoise(mut self, v: bool) -> Self {
        self.denoise = v;
        self
    }
    /// Sets [`AudioStreamConfig::spectral`].
    #[must_use]
    pub fn with_spectral(mut self, v: StreamSpectralConfig) -> Self {
        self.spectral = v;
        self
    }
    /// Sets [`AudioStreamConfig::yin`].
    #[must_use]
    pub fn with_yin(mut self, v: YinConfig) -> Self {
        self.yin = v;
        self
    }
    /// Sets [`AudioStreamConfig::vad`].
    #[must_use]
    pub fn with_vad(mut self, v: VadConfig) -> Self {
        self.vad = v;
        self
    }
    /// Sets [`AudioStreamConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, v: Limits) -> Self {
        self.limits = v;
        self
    }
}

/// One analysis frame, borrowed from the stream for the duration of the sink call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeatureFrameRef<'a> {
    /// Frame number from the start of the stream (0-based).
    pub index: u64,
    /// The frame centre on the caller's clock (see the module docs).
    pub timestamp: TimestampMs,
    /// MFCC (`n_mfcc` values).
    pub mfcc: &'a [f32],
    /// RMS energy of the frame.
    pub rms: f32,
    /// Zero-crossing rate, [0, 1].
    pub zcr: f32,
    /// Spectral centroid, Hz.
    pub centroid: f32,
    /// Spectral bandwidth (p = 2), Hz.
    pub bandwidth: f32,
    /// 85 % roll-off frequency, Hz.
    pub rolloff: f32,
    /// Spectral flatness, [0, 1].
    pub flatness: f32,
    /// Spectral flux (positive change of the magnitude spectrum).
    pub flux: f32,
    /// YIN f0 in Hz when the frame is speech, else `None`.
    pub f0_hz: Option<f32>,
    /// VAD speech probability, [0, 1].
    pub speech_probability: f32,
}

/// An owned [`FeatureFrameRef`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FeatureFrame {
    /// See [`FeatureFrameRef::index`].
    pub index: u64,
    /// See [`FeatureFrameRef::timestamp`].
    pub timestamp: TimestampMs,
    /// See [`FeatureFrameRef::mfcc`].
    pub mfcc: Vec<f32>,
    /// See [`FeatureFrameRef::rms`].
    pub rms: f32,
    /// See [`FeatureFrameRef::zcr`].
    pub zcr: f32,
    /// See [`FeatureFrameRef::centroid`].
    pub centroid: f32,
    /// See [`FeatureFrameRef::bandwidth`].
    pub bandwidth: f32,
    /// See [`FeatureFrameRef::rolloff`].
    pub rolloff: f32,
    /// See [`FeatureFrameRef::flatness`].
    pub flatness: f32,
    /// See [`FeatureFrameRef::flux`].
    pub flux: f32,
    /// See [`FeatureFrameRef::f0_hz`].
    pub f0_hz: Option<f32>,
    /// See [`FeatureFrameRef::speech_probability`].
    pub speech_probability: f32,
}

impl FeatureFrameRef<'_> {
    /// An owned copy (allocates the MFCC vector).
    #[must_use]
    pub fn to_owned_frame(&self) -> FeatureFrame {
        FeatureFrame {
            index: self.index,
            timestamp: self.timestamp,
            mfcc: self.mfcc.to_vec(),
            rms: self.rms,
            zcr: self.zcr,
            centroid: self.centroid,
            bandwidth: self.bandwidth,
            rolloff: self.rolloff,
            flatness: self.flatness,
            flux: self.flux,
            f0_hz: self.f0_hz,
            speech_probability: self.speech_probability,
        }
    }
}

/// The scalar features of a spectral frame waiting for its VAD and YIN partners.
#[derive(Debug, Clone, Copy)]
struct Pending {
    rms: f32,
    zcr: f32,
    centroid: f32,
    bandwidth: f32,
    rolloff: f32,
    flatness: f32,
    flux: f32,
}

/// Streaming feature extraction; see the [module docs](self).
#[derive(Debug)]
pub struct AudioStream {
    intake: IntakeStream,
    denoiser: Option<Denoiser>,
    spectral: SpectralStream,
    vad: VadStream,
    yin: Yin,
    hop: usize,
    n_mfcc: usize,
    vad_threshold: f32,
    input_rate: f64,
    analysis_rate: f64,
    /// Analysis-rate samples of the current push (after intake and denoising).
    resampled: Vec<f32>,
    denoised: Vec<f32>,
    /// Analysis samples kept for YIN windows; `history[0]` is absolute sample `history_start`.
    history: Vec<f32>,
    history_start: u64,
    /// Analysis samples seen so far.
    total: u64,
    /// Spectral frames waiting, from frame `next` on: scalars and their MFCC, flat.
    pending: Vec<Pending>,
    pending_mfcc: Vec<f32>,
    /// VAD probabilities waiting, from frame `next` on.
    vad_probs: Vec<f32>,
    last_prob: f32,
    segments: Vec<SpeechSegment>,
    yin_window: Vec<f32>,
    /// Index of the next frame to emit.
    next: u64,
    /// Latest (input sample position, caller timestamp) anchor.
    anchor: (u64, TimestampMs),
    input_seen: u64,
}

fn invalid(name: &'static str, value: usize, rule: &'static str) -> ConfigError {
    ConfigError::InvalidParameter { name, value: value.to_string(), rule }
}

impl AudioStream {
    /// A stream of `channels`-channel PCM at `input_rate`.
    ///
    /// Errors: [`ConfigError::InvalidParameter`] when an analyser's config is invalid or the
    /// YIN or VAD hop differs from the spectral hop; [`resona_core::InputError`] for a channel
    /// count of 0 or above the maximum.
    pub fn new(config: AudioStreamConfig, input_rate: SampleRate, channels: u16) -> Result<Self> {
        let rate = config.analysis_rate;
        let hop = config.spectral.mfcc.mel.stft.hop_length;
        let yin_cfg = config.yin.clone().with_sample_rate(rate);
        let yin_hop = yin_cfg.hop_length.unwrap_or(yin_cfg.frame_length / 4);
        if yin_hop != hop {
            return Err(invalid("yin.hop_length", yin_hop, "must equal the spectral hop_length").into());
        }
        if config.vad.hop != hop {
            return Err(invalid("vad.hop", config.vad.hop, "must equal the spectral hop_length").into());
        }
        let mut spectral_cfg = config.spectral.clone();
        spectral_cfg.mfcc.mel.stft.sample_rate = rate;
        let vad_cfg = config.vad.clone().with_sample_rate(rate);
        let intake_cfg = IntakeConfig::default().with_target_rate(rate).with_limits(config.limits);
        let denoiser =
            if config.denoise { Some(Denoiser::new(DenoiseConfig::default().with_sample_rate(rate))?) } else { None };
        let frame_length = yin_cfg.frame_length;
        let n_mfcc = spectral_cfg.mfcc.n_mfcc;
        // A second of audio at the analysis rate, and the frames it makes.
        let second = rate.get() as usize;
        let frames_per_second = second / hop.max(1) + 2;
        Ok(Self {
            intake: IntakeStream::new(intake_cfg, input_rate, channels)?,
            denoiser,
            spectral: SpectralStream::new(spectral_cfg)?,
            vad: VadStream::new(vad_cfg.clone())?,
            yin: Yin::new(yin_cfg)?,
            hop,
            n_mfcc,
            vad_threshold: vad_cfg.threshold,
            input_rate: f64::from(input_rate.get()),
            analysis_rate: f64::from(rate.get()),
            resampled: Vec::with_capacity(2 * second),
            denoised: Vec::with_capacity(2 * second),
            history: Vec::with_capacity(2 * second + frame_length),
            history_start: 0,
            total: 0,
            pending: Vec::with_capacity(2 * frames_per_second),
            pending_mfcc: Vec::with_capacity(2 * frames_per_second * n_mfcc),
            vad_probs: Vec::with_capacity(2 * frames_per_second),
            last_prob: 0.0,
            segments: Vec::with_capacity(8),
            yin_window: vec![0.0; frame_length],
            next: 0,
            anchor: (0, TimestampMs(0)),
            input_seen: 0,
        })
    }

    /// The input sample rate fixed at construction.
    #[must_use]
    pub fn input_rate(&self) -> SampleRate {
        self.intake.input_rate()
    }

    /// The input channel count fixed at construction.
    #[must_use]
    pub fn channels(&self) -> u16 {
        self.intake.channels()
    }

    /// Number of MFCC per frame.
    #[must_use]
    pub fn n_mfcc(&self) -> usize {
        self.n_mfcc
    }

    /// Samples between frames, at the analysis rate.
    #[must_use]
    pub fn hop_length(&self) -> usize {
        self.hop
    }

    /// Feeds `chunk` (its first sample at the caller's `timestamp`) and calls `sink` with every
    /// frame it completes, in order. Returns the number of frames emitted.
    ///
    /// Errors: [`resona_core::InputError`] when the chunk's rate or channel count differs from
    /// the stream's or a sample is not finite; [`resona_core::LimitError`] for a chunk over the
    /// audio limit.
    pub fn push<F: FnMut(&FeatureFrameRef<'_>)>(
        &mut self,
        chunk: &AudioView<'_>,
        timestamp: TimestampMs,
        mut sink: F,
    ) -> Result<usize> {
        self.anchor = (self.input_seen, timestamp);
        self.resampled.clear();
        self.intake.push(chunk, &mut self.resampled)?;
        self.input_seen += chunk.frames() as u64;
        self.analyse(false, &mut sink)
    }

    /// Ends the stream: flushes the resampler and the denoiser, pads the end like the batch
    /// functions, and emits the remaining frames. The stream can then be reused from frame 0.
    pub fn finish<F: FnMut(&FeatureFrameRef<'_>)>(&mut self, mut sink: F) -> Result<usize> {
        self.resampled.clear();
        self.intake.finish(&mut self.resampled)?;
        let n = self.analyse(true, &mut sink)?;
        self.reset();
        Ok(n)
    }

    /// Forgets everything pushed; the next push starts at frame 0.
    pub fn reset(&mut self) {
        self.spectral.reset();
        self.history.clear();
        self.history_start = 0;
        self.total = 0;
        self.pending.clear();
        self.pending_mfcc.clear();
        self.vad_probs.clear();
        self.last_prob = 0.0;
        self.next = 0;
        self.anchor = (0, TimestampMs(0));
        self.input_seen = 0;
    }

    fn analyse<F: FnMut(&FeatureFrameRef<'_>)>(&mut self, last: bool, sink: &mut F) -> Result<usize> {
        let samples: &[f32] = match &mut self.denoiser {
            Some(d) => {
                self.denoised.clear();
                d.push(&self.resampled, &mut self.denoised)?;
                if last {
                    d.finish(&mut self.denoised)?;
                }
                &self.denoised
            }
            None => &self.resampled,
        };
        self.history.extend_from_slice(samples);
        self.total += samples.len() as u64;

        let (pending, pending_mfcc) = (&mut self.pending, &mut self.pending_mfcc);
        let mut collect = FnSink(|f: &SpectralFrameRef<'_>| {
            pending.push(Pending {
                rms: f.rms,
                zcr: f.zcr,
                centroid: f.centroid,
                bandwidth: f.bandwidth,
                rolloff: f.rolloff,
                flatness: f.flatness,
                flux: f.flux,
            });
            pending_mfcc.extend_from_slice(f.mfcc);
        });
        self.spectral.push(samples, &mut collect)?;
        if last {
            self.spectral.finish(&mut collect)?;
        }
        self.segments.clear();
        self.vad.push(samples, &mut self.vad_probs, &mut self.segments)?;
        if last {
            self.vad.finish(&mut self.segments)?;
        }
        self.emit(last, sink)
    }

    fn emit<F: FnMut(&FeatureFrameRef<'_>)>(&mut self, last: bool, sink: &mut F) -> Result<usize> {
        let half = self.yin_window.len() / 2;
        let mut emitted = 0;
        while emitted < self.pending.len() {
            let centre = self.next * self.hop as u64;
            let prob = match self.vad_probs.get(emitted) {
                Some(&p) => p,
                None if last => self.last_prob,
                None => break,
            };
            if !last && centre + (self.yin_window.len() - half) as u64 > self.total {
                break;
            }
            self.fill_yin_window(centre, half);
            let f0 = self.yin.frame_f0(&self.yin_window)?;
            self.last_prob = prob;
            let p = self.pending[emitted];
            let mfcc = &self.pending_mfcc[emitted * self.n_mfcc..(emitted + 1) * self.n_mfcc];
            sink(&FeatureFrameRef {
                index: self.next,
                timestamp: self.timestamp(centre),
                mfcc,
                rms: p.rms,
                zcr: p.zcr,
                centroid: p.centroid,
                bandwidth: p.bandwidth,
                rolloff: p.rolloff,
                flatness: p.flatness,
                flux: p.flux,
                f0_hz: (prob >= self.vad_threshold && f0.is_finite()).then_some(f0),
                speech_probability: prob,
            });
            self.next += 1;
            emitted += 1;
        }
        self.pending.drain(..emitted);
        self.pending_mfcc.drain(..emitted * self.n_mfcc);
        let used = emitted.min(self.vad_probs.len());
        self.vad_probs.drain(..used);
        // Keep the samples the next YIN window starts from.
        let keep_from = (self.next * self.hop as u64).saturating_sub(half as u64);
        if keep_from > self.history_start {
            let drop = usize::try_from(keep_from - self.history_start).unwrap_or(usize::MAX).min(self.history.len());
            self.history.drain(..drop);
            self.history_start += drop as u64;
        }
        Ok(emitted)
    }

    /// The YIN window centred on `centre`, zero outside the signal (librosa's constant
    /// padding at both ends).
    fn fill_yin_window(&mut self, centre: u64, half: usize) {
        let start = i128::from(centre) - half as i128;
        let (hs, total) = (i128::from(self.history_start), i128::from(self.total));
        for (i, w) in self.yin_window.iter_mut().enumerate() {
            let p = start + i as i128;
            *w = if p < hs || p >= total {
                0.0
            } else {
                usize::try_from(p - hs).ok().and_then(|j| self.history.get(j)).copied().unwrap_or(0.0)
            };
        }
    }

    fn timestamp(&self, centre: u64) -> TimestampMs {
        let centre_s = centre as f64 / self.analysis_rate;
        let anchor_s = self.anchor.0 as f64 / self.input_rate;
        let ms = ((centre_s - anchor_s) * 1000.0).round();
        // Saturate instead of wrapping for absurd clocks.
        let offset = if ms.is_finite() { ms.clamp(i64::MIN as f64, i64::MAX as f64) as i64 } else { 0 };
        TimestampMs(self.anchor.1.0.saturating_add(offset))
    }
}
