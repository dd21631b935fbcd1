//! Size limits that protect a host from hostile or accidental huge input.

use crate::audio::AudioView;
use crate::error::{LimitError, LimitKind};
use crate::image::ImageView;

/// Largest inputs a component accepts. Exceeding one is a [`LimitError`], checked before any
/// buffer is allocated for the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct Limits {
    /// Longest audio in seconds at its own rate. Defaults to 600 (ten minutes: a long voice
    /// note; longer recordings should be streamed).
    pub max_audio_seconds: u32,
    /// Largest image area in pixels. Defaults to 40,000,000 (above 8K UHD's 33 megapixels).
    pub max_image_pixels: u64,
    /// Longest image side in pixels. Defaults to 16,384.
    pub max_image_side: u32,
    /// Longest text in bytes of UTF-8. Defaults to 65,536 (far above any chat message).
    pub max_text_bytes: usize,
    /// Largest model in bytes. Defaults to 512 MiB.
    pub max_model_bytes: usize,
    /// Most items in one batch call. Defaults to 4,096.
    pub max_batch: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_audio_seconds: 600,
            max_image_pixels: 40_000_000,
            max_image_side: 16_384,
            max_text_bytes: 65_536,
            max_model_bytes: 512 << 20,
            max_batch: 4_096,
        }
    }
}

fn check(kind: LimitKind, limit: u64, received: u64) -> Result<(), LimitError> {
    if received > limit { Err(LimitError::Exceeded { kind, limit, received }) } else { Ok(()) }
}

impl Limits {
    /// Sets [`Limits::max_audio_seconds`].
    #[must_use]
    pub const fn with_max_audio_seconds(mut self, v: u32) -> Self {
        self.max_audio_seconds = v;
        self
    }

    /// Sets [`Limits::max_image_pixels`].
    #[must_use]
    pub const fn with_max_image_pixels(mut self, v: u64) -> Self {
        self.max_image_pixels = v;
        self
    }

    /// Sets [`Limits::max_image_side`].
    #[must_use]
    pub const fn with_max_image_side(mut self, v: u32) -> Self {
        self.max_image_side = v;
        self
    }

    /// Sets [`Limits::max_text_bytes`].
    #[must_use]
    pub const fn with_max_text_bytes(mut self, v: usize) -> Self {
        self.max_text_bytes = v;
        self
    }

    /// Sets [`Limits::max_model_bytes`].
    #[must_use]
    pub const fn with_max_model_bytes(mut self, v: usize) -> Self {
        self.max_model_bytes = v;
        self
    }

    /// Sets [`Limits::max_batch`].
    #[must_use]
    pub const fn with_max_batch(mut self, v: usize) -> Self {
        self.max_batch = v;
        self
    }

    /// Checks the length of audio, in frames at its own rate.
    pub fn check_audio(&self, audio: &AudioView<'_>) -> Result<(), LimitError> {
        let max_frames = u64::from(self.max_audio_seconds) * u64::from(audio.sample_rate().get());
        check(LimitKind::AudioSamples, max_frames, audio.frames() as u64)
    }

    /// Checks an image's sides and area.
    pub fn check_image(&self, image: &ImageView<'_>) -> Result<(), LimitError> {
        self.check_image_size(image.width(), image.height())
    }

    /// Checks image dimensions before a view exists (e.g. before decoding).
    pub fn check_image_size(&self, width: u32, height: u32) -> Result<(), LimitError> {
        check(LimitKind::ImageSide, u64::from(self.max_image_side), u64::from(width.max(height)))?;
        check(LimitKind::ImagePixels, self.max_image_pixels, u64::from(width) * u64::from(height))
    }

    /// Checks a text's length in bytes.
    pub fn check_text(&self, text: &str) -> Result<(), LimitError> {
        check(LimitKind::TextBytes, self.max_text_bytes as u64, text.len() as u64)
    }

    /// Checks a model's size in bytes.
    pub fn check_model(&self, bytes: &[u8]) -> Result<(), LimitError> {
        check(LimitKind::ModelBytes, self.max_model_bytes as u64, bytes.len() as u64)
    }

    /// Checks a batch size.
    pub fn check_batch(&self, n: usize) -> Result<(), LimitError> {
        check(LimitKind::BatchSize, self.max_batch as u64, n as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::PixelFormat;

    #[test]
    fn limits_are_errors() {
        let l = Limits::default().with_max_audio_seconds(1).with_max_image_pixels(4).with_max_text_bytes(3);
        let a = [0.0f32; 16_001];
        let v = AudioView::from_f32(&a, 16_000, 1).unwrap();
        assert_eq!(
            l.check_audio(&v),
            Err(LimitError::Exceeded { kind: LimitKind::AudioSamples, limit: 16_000, received: 16_001 })
        );
        assert!(l.check_audio(&AudioView::from_f32(&a[..16_000], 16_000, 1).unwrap()).is_ok());
        let img = [0u8; 9];
        let v = ImageView::packed(&img, 3, 3, PixelFormat::Gray8).unwrap();
        assert_eq!(
            l.check_image(&v),
            Err(LimitError::Exceeded { kind: LimitKind::ImagePixels, limit: 4, received: 9 })
        );
        assert_eq!(
            Limits::default().check_image_size(20_000, 1).unwrap_err().to_string(),
            "image_side limit exceeded: received 20000, the limit is 16384"
        );
        assert!(l.check_text("abcd").is_err());
        assert!(l.check_text("abc").is_ok());
    }
}
