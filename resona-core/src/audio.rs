//! Borrowed PCM audio.

use crate::error::InputError;
use crate::units::{SampleRate, Seconds};

/// Samples of a buffer in one of the two formats hosts hold: f32 in `[-1, 1]` (Web Audio,
/// numpy, most decoders) or i16 (WAV, Android `AudioRecord`, iOS `AVAudioPCMBuffer`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Samples<'a> {
    /// Floating-point samples; finite, nominally in `[-1, 1]` (louder values are allowed and
    /// treated as clipping by quality checks, not rejected).
    F32(&'a [f32]),
    /// 16-bit signed integer samples, scaled by 1/32768 when converted to f32.
    I16(&'a [i16]),
}

impl Samples<'_> {
    /// Number of samples over all channels.
    #[must_use]
    pub const fn len(&self) -> usize {
        match self {
            Self::F32(s) => s.len(),
            Self::I16(s) => s.len(),
        }
    }

    /// Whether there are no samples.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A validated, borrowed view of interleaved PCM audio.
///
/// Construction checks that the buffer is non-empty, holds a whole number of frames, that the
/// rate and channel count are supported and that f32 samples are finite. Size limits are
/// checked separately by [`Limits::check_audio`](crate::Limits::check_audio), by the component
/// that owns the limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AudioView<'a> {
    samples: Samples<'a>,
    sample_rate: SampleRate,
    channels: u16,
}

impl<'a> AudioView<'a> {
    /// Most channels a view may have.
    pub const MAX_CHANNELS: u16 = 64;

    /// Validates interleaved samples.
    pub fn new(samples: Samples<'a>, sample_rate: u32, channels: u16) -> Result<Self, InputError> {
        let sample_rate = SampleRate::new(sample_rate)?;
        if channels == 0 || channels > Self::MAX_CHANNELS {
            return Err(InputError::InvalidChannelCount { channels, max: Self::MAX_CHANNELS });
        }
        if samples.is_empty() {
            return Err(InputError::Empty { what: "audio samples" });
        }
        let ch = usize::from(channels);
        if samples.len() % ch != 0 {
            return Err(InputError::LengthMismatch {
                what: "interleaved audio (whole frames of every channel)",
                expected: samples.len() / ch * ch + ch,
                received: samples.len(),
            });
        }
        if let Samples::F32(s) = samples {
            InputError::check_finite("audio samples", s)?;
        }
        Ok(Self { samples, sample_rate, channels })
    }

    /// Validates interleaved f32 samples.
    pub fn from_f32(samples: &'a [f32], sample_rate: u32, channels: u16) -> Result<Self, InputError> {
        Self::new(Samples::F32(samples), sample_rate, channels)
    }

    /// Validates interleaved i16 samples.
    pub fn from_i16(samples: &'a [i16], sample_rate: u32, channels: u16) -> Result<Self, InputError> {
        Self::new(Samples::I16(samples), sample_rate, channels)
    }

    /// The samples.
    #[must_use]
    pub const fn samples(&self) -> Samples<'a> {
        self.samples
    }

    /// The sample rate.
    #[must_use]
    pub const fn sample_rate(&self) -> SampleRate {
        self.sample_rate
    }

    /// The channel count.
    #[must_use]
    pub const fn channels(&self) -> u16 {
        self.channels
    }

    /// Frames (samples per channel).
    #[must_use]
    pub const fn frames(&self) -> usize {
        self.samples.len() / self.channels as usize
    }

    /// Duration of the audio.
    #[must_use]
    pub fn duration(&self) -> Seconds {
        Seconds(self.frames() as f64 / f64::from(self.sample_rate.get()))
    }

    /// Averages the channels of each frame into `out` as f32 (i16 scaled by 1/32768).
    ///
    /// `out` must hold exactly [`AudioView::frames`] samples. Allocates nothing.
    pub fn downmix_into(&self, out: &mut [f32]) -> Result<(), InputError> {
        if out.len() != self.frames() {
            return Err(InputError::LengthMismatch {
                what: "downmix output",
                expected: self.frames(),
                received: out.len(),
            });
        }
        let ch = usize::from(self.channels);
        let inv = 1.0 / ch as f32;
        match self.samples {
            Samples::F32(s) => {
                for (o, frame) in out.iter_mut().zip(s.chunks_exact(ch)) {
                    *o = frame.iter().sum::<f32>() * inv;
                }
            }
            Samples::I16(s) => {
                for (o, frame) in out.iter_mut().zip(s.chunks_exact(ch)) {
                    *o = frame.iter().map(|&v| f32::from(v) / 32768.0).sum::<f32>() * inv;
                }
            }
        }
        Ok(())
    }

    /// Averages the channels into a new mono f32 buffer.
    #[must_use]
    pub fn to_mono(&self) -> Vec<f32> {
        let mut out = vec![0.0; self.frames()];
        // The length is right by construction, so this cannot fail.
        let _ = self.downmix_into(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert_eq!(AudioView::from_f32(&[], 16_000, 1).unwrap_err().code(), "empty");
        assert_eq!(
            AudioView::from_f32(&[0.0; 3], 16_000, 2).unwrap_err(),
            InputError::LengthMismatch {
                what: "interleaved audio (whole frames of every channel)",
                expected: 4,
                received: 3
            }
        );
        assert_eq!(AudioView::from_f32(&[0.0; 4], 0, 2).unwrap_err().code(), "invalid_sample_rate");
        assert_eq!(AudioView::from_f32(&[0.0; 4], 1_000_000, 2).unwrap_err().code(), "invalid_sample_rate");
        assert_eq!(AudioView::from_f32(&[0.0; 4], 16_000, 0).unwrap_err().code(), "invalid_channel_count");
        assert_eq!(AudioView::from_f32(&[0.0, f32::NAN], 16_000, 1).unwrap_err().code(), "non_finite");
    }

    #[test]
    fn downmix_averages_channels() {
        let v = AudioView::from_i16(&[16384, -16384, 32767, 32767], 48_000, 2).unwrap();
        assert_eq!(v.frames(), 2);
        let mono = v.to_mono();
        assert_eq!(mono[0], 0.0);
        assert!((mono[1] - 32767.0 / 32768.0).abs() < 1e-7);
        assert!((v.duration().0 - 2.0 / 48_000.0).abs() < 1e-12);
        let mut wrong = [0.0; 3];
        assert_eq!(v.downmix_into(&mut wrong).unwrap_err().code(), "length_mismatch");
    }
}
