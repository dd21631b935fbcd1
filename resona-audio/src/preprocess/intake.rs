//! PCM intake: any supported rate, channel count and sample format in, mono f32 at the analysis
//! rate out, for a whole buffer ([`Intake`]) or a stream of chunks ([`IntakeStream`]).
//!
//! Channels are averaged (as [`AudioView::downmix_into`]; i16 is scaled by 1/32768), then
//! resampled with [`Resampler`] / [`StreamResampler`], so the stream's total output equals the
//! whole-buffer output for any chunking.

use super::resample::{Resampler, StreamResampler};
use resona_core::{AudioView, InputError, Limits, Result, SampleRate, Samples};

/// Frames downmixed per step by the stream (its scratch size: the stream never allocates in
/// steady state, whatever the chunk size).
const STREAM_SCRATCH_FRAMES: usize = 1024;

/// Settings of [`Intake`] and [`IntakeStream`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct IntakeConfig {
    /// Output (analysis) rate. Defaults to 16 kHz.
    pub target_rate: SampleRate,
    /// Size limits; a whole buffer (or one stream chunk) longer than `max_audio_seconds` is a
    /// [`resona_core::LimitError`]. Defaults to [`Limits::default`] (600 s).
    pub limits: Limits,
}

impl Default for IntakeConfig {
    fn default() -> Self {
        Self { target_rate: SampleRate::HZ_16000, limits: Limits::default() }
    }
}

impl IntakeConfig {
    /// Sets [`IntakeConfig::target_rate`].
    #[must_use]
    pub fn with_target_rate(mut self, v: SampleRate) -> Self {
        self.target_rate = v;
        self
    }

    /// Sets [`IntakeConfig::limits`].
    #[must_use]
    pub fn with_limits(mut self, v: Limits) -> Self {
        self.limits = v;
        self
    }
}

/// Whole-buffer intake. Keeps the resampling plan of the last input rate, so repeated calls at
/// one rate plan once.
#[derive(Debug)]
pub struct Intake {
    config: IntakeConfig,
    resampler: Option<Resampler>,
}

impl Intake {
    /// Builds an intake. Every [`SampleRate`] is a valid target, so this cannot fail today; it
    /// returns `Result` so that later settings can be validated without an API change.
    pub fn new(config: IntakeConfig) -> Result<Self> {
        Ok(Self { config, resampler: None })
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &IntakeConfig {
        &self.config
    }

    /// Downmixes and resamples `audio` to mono f32 at the target rate; the output has
    /// `ceil(frames * target / rate)` samples.
    ///
    /// Errors: [`resona_core::LimitError`] beyond the configured length; non-finite f32 samples
    /// are already rejected by [`AudioView`] construction (and again here, as
    /// [`InputError::NonFinite`], should a downmix overflow to infinity).
    pub fn process(&mut self, audio: &AudioView<'_>) -> Result<Vec<f32>> {
        self.config.limits.check_audio(audio)?;
        check_range(&audio.samples())?;
        let mono = audio.to_mono();
        InputError::check_finite("audio samples", &mono)?;
        let rate = audio.sample_rate();
        let resampler = match self.resampler.take() {
            Some(r) if r.from_rate() == rate => r,
            _ => Resampler::new(rate, self.config.target_rate)?,
        };
        let resampler = self.resampler.insert(resampler);
        resampler.process(&mono)
    }
}

/// Largest magnitude a float sample may have. Float PCM is nominally in [-1, 1] (some hosts
/// use the int16 scale, up to 32768); anything beyond a million is not audio, and values near
/// `f32::MAX` would overflow the resampler's FFT into infinities. Found by the `pcm_intake`
/// fuzz target.
pub const MAX_ABS_SAMPLE: f32 = 1.0e6;

/// `InputError::OutOfRange` for the first float sample beyond [`MAX_ABS_SAMPLE`].
fn check_range(samples: &Samples<'_>) -> Result<()> {
    if let Samples::F32(s) = samples
        && let Some((index, v)) = s.iter().enumerate().find(|(_, v)| v.abs() > MAX_ABS_SAMPLE)
    {
        return Err(
            InputError::OutOfRange { what: "audio samples", index, value: v.to_string(), rule: "[-1e6, 1e6]" }.into()
        );
    }
    Ok(())
}

/// Streaming intake for a fixed input rate and channel count.
///
/// [`IntakeStream::push`] allocates nothing in steady state (a fixed 1,024-frame downmix
/// scratch; `out` grows only if it lacks capacity).
#[derive(Debug)]
pub struct IntakeStream {
    limits: Limits,
    rate: SampleRate,
    channels: u16,
    resampler: StreamResampler,
    scratch: Vec<f32>,
}

impl IntakeStream {
    /// A stream of `channels`-channel audio at `input_rate`.
    ///
    /// Errors: [`InputError::InvalidChannelCount`] for 0 or more than
    /// [`AudioView::MAX_CHANNELS`] channels.
    pub fn new(config: IntakeConfig, input_rate: SampleRate, channels: u16) -> Result<Self> {
        if channels == 0 || channels > AudioView::MAX_CHANNELS {
            return Err(InputError::InvalidChannelCount { channels, max: AudioView::MAX_CHANNELS }.into());
        }
        Ok(Self {
            limits: config.limits,
            rate: input_rate,
            channels,
            resampler: StreamResampler::new(input_rate, config.target_rate)?,
            scratch: vec![0.0; STREAM_SCRATCH_FRAMES],
        })
    }

    /// The input rate fixed at construction.
    #[must_use]
    pub fn input_rate(&self) -> SampleRate {
        self.rate
    }

    /// The channel count fixed at construction.
    #[must_use]
    pub fn channels(&self) -> u16 {
        self.channels
    }

    /// Appends the mono target-rate samples that `chunk` completes to `out`.
    ///
    /// Errors: [`InputError::InvalidSampleRate`] (with `min == max ==` the stream's rate) when
    /// the chunk's rate differs, [`InputError::InvalidChannelCount`] (with `max` = the stream's
    /// count) when its channel count differs, [`resona_core::LimitError`] for a chunk longer
    /// than the limit.
    pub fn push(&mut self, chunk: &AudioView<'_>, out: &mut Vec<f32>) -> Result<()> {
        if chunk.sample_rate() != self.rate {
            let r = self.rate.get();
            return Err(InputError::InvalidSampleRate { rate: chunk.sample_rate().get(), min: r, max: r }.into());
        }
        if chunk.channels() != self.channels {
            return Err(InputError::InvalidChannelCount { channels: chunk.channels(), max: self.channels }.into());
        }
        self.limits.check_audio(chunk)?;
        // Checked before anything is pushed, so an error leaves the stream unchanged.
        check_range(&chunk.samples())?;
        let ch = usize::from(self.channels);
        let step = STREAM_SCRATCH_FRAMES * ch;
        let inv = 1.0 / f32::from(self.channels);
        match chunk.samples() {
            Samples::F32(s) => {
                for piece in s.chunks(step) {
                    let n = piece.len() / ch;
                    for (o, frame) in self.scratch.iter_mut().zip(piece.chunks_exact(ch)) {
                        *o = frame.iter().sum::<f32>() * inv;
                    }
                    self.resampler.push(&self.scratch[..n], out)?;
                }
            }
            Samples::I16(s) => {
                for piece in s.chunks(step) {
                    let n = piece.len() / ch;
                    for (o, frame) in self.scratch.iter_mut().zip(piece.chunks_exact(ch)) {
                        *o = frame.iter().map(|&v| f32::from(v) / 32768.0).sum::<f32>() * inv;
                    }
                    self.resampler.push(&self.scratch[..n], out)?;
                }
            }
        }
        Ok(())
    }

    /// Flushes the resampler tail and resets the stream for reuse.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<()> {
        self.resampler.finish(out)
    }
}
