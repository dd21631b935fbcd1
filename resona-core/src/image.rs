//! Borrowed image frames.

use crate::error::InputError;
use std::fmt;
use std::str::FromStr;

/// Layout of one pixel in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PixelFormat {
    /// Red, green, blue; one byte each.
    Rgb8,
    /// Red, green, blue, alpha; one byte each (browser `ImageData`, Android `Bitmap`).
    Rgba8,
    /// Blue, green, red; one byte each (OpenCV).
    Bgr8,
    /// One byte of luma.
    Gray8,
}

impl PixelFormat {
    /// Bytes per pixel.
    #[must_use]
    pub const fn bytes_per_pixel(self) -> usize {
        match self {
            Self::Rgb8 | Self::Bgr8 => 3,
            Self::Rgba8 => 4,
            Self::Gray8 => 1,
        }
    }

    /// Stable name: `rgb8`, `rgba8`, `bgr8` or `gray8`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Rgb8 => "rgb8",
            Self::Rgba8 => "rgba8",
            Self::Bgr8 => "bgr8",
            Self::Gray8 => "gray8",
        }
    }
}

impl fmt::Display for PixelFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PixelFormat {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, InputError> {
        Ok(match s {
            "rgb8" => Self::Rgb8,
            "rgba8" => Self::Rgba8,
            "bgr8" => Self::Bgr8,
            "gray8" => Self::Gray8,
            _ => {
                return Err(InputError::UnknownName {
                    what: "pixel format",
                    value: s.to_owned(),
                    expected: "rgb8, rgba8, bgr8, gray8",
                });
            }
        })
    }
}

/// A validated, borrowed view of an image: `height` rows of `width` pixels, each row starting
/// `stride` bytes after the previous one (rows may be padded, as camera buffers often are).
///
/// Construction checks that both sides are non-zero, that the stride holds a row, and that the
/// buffer holds every row (the last row needs no padding). Size limits are checked separately
/// by [`Limits::check_image`](crate::Limits::check_image).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageView<'a> {
    data: &'a [u8],
    width: u32,
    height: u32,
    stride: usize,
    format: PixelFormat,
}

impl<'a> ImageView<'a> {
    /// Validates a strided image.
    pub fn new(
        data: &'a [u8],
        width: u32,
        height: u32,
        stride: usize,
        format: PixelFormat,
    ) -> Result<Self, InputError> {
        if width == 0 || height == 0 {
            return Err(InputError::ZeroDimension { width, height });
        }
        let row = (width as usize).checked_mul(format.bytes_per_pixel()).ok_or(InputError::BufferTooShort {
            what: "image buffer",
            expected: usize::MAX,
            received: data.len(),
        })?;
        if stride < row {
            return Err(InputError::StrideTooSmall { stride, width, min: row });
        }
        let needed = stride.checked_mul(height as usize - 1).and_then(|n| n.checked_add(row)).unwrap_or(usize::MAX);
        if data.len() < needed {
            return Err(InputError::BufferTooShort { what: "image buffer", expected: needed, received: data.len() });
        }
        Ok(Self { data, width, height, stride, format })
    }

    /// Validates a tightly packed image (stride = width × bytes per pixel).
    pub fn packed(data: &'a [u8], width: u32, height: u32, format: PixelFormat) -> Result<Self, InputError> {
        let stride = (width as usize).saturating_mul(format.bytes_per_pixel());
        Self::new(data, width, height, stride, format)
    }

    /// Width in pixels.
    #[must_use]
    pub const fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    #[must_use]
    pub const fn height(&self) -> u32 {
        self.height
    }

    /// Bytes from the start of one row to the next.
    #[must_use]
    pub const fn stride(&self) -> usize {
        self.stride
    }

    /// Pixel layout.
    #[must_use]
    pub const fn format(&self) -> PixelFormat {
        self.format
    }

    /// The pixels of row `y` (without padding). `y` must be below the height.
    #[must_use]
    pub fn row(&self, y: u32) -> &'a [u8] {
        let start = self.stride * y as usize;
        &self.data[start..start + self.width as usize * self.format.bytes_per_pixel()]
    }

    /// Converts to 8-bit luma, row-major without padding, into `out` (`width × height` bytes).
    ///
    /// Colour uses ITU-R BT.601 weights in the 14-bit fixed point of OpenCV's `cvtColor`
    /// (`(4899 R + 9617 G + 1868 B + 8192) >> 14`), so crops match models trained on
    /// OpenCV-converted faces byte for byte. Alpha is ignored. Allocates nothing.
    pub fn to_gray_into(&self, out: &mut [u8]) -> Result<(), InputError> {
        let (w, h) = (self.width as usize, self.height as usize);
        if out.len() != w * h {
            return Err(InputError::LengthMismatch { what: "gray output", expected: w * h, received: out.len() });
        }
        const R: u32 = 4899;
        const G: u32 = 9617;
        const B: u32 = 1868;
        let luma =
            |r: u8, g: u8, b: u8| ((R * u32::from(r) + G * u32::from(g) + B * u32::from(b) + (1 << 13)) >> 14) as u8;
        for (y, out_row) in out.chunks_exact_mut(w).enumerate() {
            let row = self.row(y as u32);
            match self.format {
                PixelFormat::Gray8 => out_row.copy_from_slice(row),
                PixelFormat::Rgb8 => {
                    out_row.iter_mut().zip(row.chunks_exact(3)).for_each(|(o, p)| *o = luma(p[0], p[1], p[2]))
                }
                PixelFormat::Rgba8 => {
                    out_row.iter_mut().zip(row.chunks_exact(4)).for_each(|(o, p)| *o = luma(p[0], p[1], p[2]))
                }
                PixelFormat::Bgr8 => {
                    out_row.iter_mut().zip(row.chunks_exact(3)).for_each(|(o, p)| *o = luma(p[2], p[1], p[0]))
                }
            }
        }
        Ok(())
    }

    /// Converts to a new 8-bit luma buffer (see [`ImageView::to_gray_into`]).
    #[must_use]
    pub fn to_gray(&self) -> Vec<u8> {
        let mut out = vec![0; self.width as usize * self.height as usize];
        // The length is right by construction, so this cannot fail.
        let _ = self.to_gray_into(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_carry_sizes() {
        let buf = [0u8; 12];
        assert_eq!(ImageView::new(&buf, 0, 2, 6, PixelFormat::Rgb8).unwrap_err().code(), "zero_dimension");
        assert_eq!(
            ImageView::new(&buf, 2, 2, 5, PixelFormat::Rgb8).unwrap_err(),
            InputError::StrideTooSmall { stride: 5, width: 2, min: 6 }
        );
        assert_eq!(
            ImageView::new(&buf, 2, 2, 8, PixelFormat::Rgb8).unwrap_err(),
            InputError::BufferTooShort { what: "image buffer", expected: 14, received: 12 }
        );
        assert!(ImageView::new(&buf, 2, 2, 6, PixelFormat::Rgb8).is_ok());
        // The last row needs no padding.
        assert!(ImageView::new(&buf[..10], 1, 2, 7, PixelFormat::Rgb8).is_ok());
        // Overflowing sizes are errors, not panics.
        assert!(ImageView::new(&buf, u32::MAX, u32::MAX, usize::MAX, PixelFormat::Rgba8).is_err());
        assert_eq!("yuv".parse::<PixelFormat>().unwrap_err().code(), "unknown_name");
    }

    #[test]
    fn gray_conversion_matches_opencv_fixed_point() {
        // Values checked against cv2.cvtColor(..., COLOR_RGB2GRAY).
        let rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30, 255, 255, 255, 0, 0, 0];
        let v = ImageView::packed(&rgb, 3, 2, PixelFormat::Rgb8).unwrap();
        assert_eq!(v.to_gray(), vec![76, 150, 29, 124, 255, 0]);
        let bgr: Vec<u8> = rgb.chunks(3).flat_map(|p| [p[2], p[1], p[0]]).collect();
        assert_eq!(ImageView::packed(&bgr, 3, 2, PixelFormat::Bgr8).unwrap().to_gray(), vec![76, 150, 29, 124, 255, 0]);
        let rgba: Vec<u8> = rgb.chunks(3).flat_map(|p| [p[0], p[1], p[2], 7]).collect();
        assert_eq!(
            ImageView::packed(&rgba, 3, 2, PixelFormat::Rgba8).unwrap().to_gray(),
            vec![76, 150, 29, 124, 255, 0]
        );
        // Strided gray rows skip their padding.
        let g = [1, 2, 99, 3, 4, 99];
        assert_eq!(ImageView::new(&g, 2, 2, 3, PixelFormat::Gray8).unwrap().to_gray(), vec![1, 2, 3, 4]);
    }
}
