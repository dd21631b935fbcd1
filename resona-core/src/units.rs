//! Typed units. A bare `u32` or `f32` says nothing about whether it is a rate, a frequency or a
//! duration; these newtypes do, and validate where a range applies.

use crate::error::InputError;
use std::fmt;

/// An audio sample rate in Hz, validated to lie in [`SampleRate::MIN`]..=[`SampleRate::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "u32", into = "u32"))]
#[repr(transparent)]
pub struct SampleRate(u32);

impl SampleRate {
    /// Lowest supported rate: narrow-band telephony.
    pub const MIN: u32 = 8_000;
    /// Highest supported rate: high-resolution studio audio.
    pub const MAX: u32 = 192_000;
    /// Resona's analysis rate.
    pub const HZ_16000: Self = Self(16_000);

    /// Validates `hz` against the supported range.
    pub fn new(hz: u32) -> Result<Self, InputError> {
        if (Self::MIN..=Self::MAX).contains(&hz) {
            Ok(Self(hz))
        } else {
            Err(InputError::InvalidSampleRate { rate: hz, min: Self::MIN, max: Self::MAX })
        }
    }

    /// The rate in Hz.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for SampleRate {
    type Error = InputError;
    fn try_from(hz: u32) -> Result<Self, InputError> {
        Self::new(hz)
    }
}

impl From<SampleRate> for u32 {
    fn from(rate: SampleRate) -> u32 {
        rate.0
    }
}

impl fmt::Display for SampleRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Hz", self.0)
    }
}

/// A frequency in Hz (pitch, filter edges).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[repr(transparent)]
pub struct Hz(pub f32);

impl fmt::Display for Hz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Hz", self.0)
    }
}

/// A duration in seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[repr(transparent)]
pub struct Seconds(pub f64);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} s", self.0)
    }
}

/// A point in time in milliseconds, supplied by the caller.
///
/// Resona never reads a clock: the host says when each frame, chunk or message happened, on
/// whatever epoch it likes (Unix time, stream start), as long as it is consistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[repr(transparent)]
pub struct TimestampMs(pub i64);

impl TimestampMs {
    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later).
    #[must_use]
    pub const fn since(self, earlier: Self) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for TimestampMs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ms", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_rate_range() {
        assert_eq!(SampleRate::new(16_000).map(SampleRate::get), Ok(16_000));
        assert_eq!(SampleRate::new(8_000).map(SampleRate::get), Ok(8_000));
        assert_eq!(SampleRate::new(192_000).map(SampleRate::get), Ok(192_000));
        for bad in [0, 7_999, 192_001, u32::MAX] {
            assert!(matches!(SampleRate::new(bad), Err(InputError::InvalidSampleRate { rate, .. }) if rate == bad));
        }
    }

    #[test]
    fn sample_rate_serde_validates() {
        assert!(serde_json::from_str::<SampleRate>("44100").is_ok());
        assert!(serde_json::from_str::<SampleRate>("3").is_err());
        assert_eq!(TimestampMs(5).since(TimestampMs(2)), 3);
    }
}
