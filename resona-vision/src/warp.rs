//! Affine resampling of frames into model inputs (letterboxed detector input, eye-aligned
//! landmark and expression crops), with rotation hints, from a small mip pyramid.
//!
//! Coordinates are continuous: pixel `(i, j)` covers `[i, i+1) × [j, j+1)` and its centre is
//! `(i + 0.5, j + 0.5)`. An [`Affine`] maps an output point to a source point. Sampling is
//! bilinear; when the map shrinks by 2x or more it samples a 2^k box-averaged level of the
//! pyramid, so a 1920-pixel frame shrunk to 256 does not alias (the role `INTER_AREA` plays in
//! OpenCV-based pipelines). Points outside the frame read as black, as MediaPipe's zero
//! letterbox padding.

use resona_core::{ImageView, PixelFormat};

/// `x' = a·x + b·y + c`, `y' = d·x + e·y + f`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Affine {
    pub(crate) a: f32,
    pub(crate) b: f32,
    pub(crate) c: f32,
    pub(crate) d: f32,
    pub(crate) e: f32,
    pub(crate) f: f32,
}

impl Affine {
    /// A similarity: scale `s`, rotation `theta` (radians, clockwise in image coordinates),
    /// mapping the point `(0, 0)` to `(tx, ty)`.
    pub(crate) fn similarity(s: f32, theta: f32, tx: f32, ty: f32) -> Self {
        let (sin, cos) = theta.sin_cos();
        Self { a: s * cos, b: -s * sin, c: tx, d: s * sin, e: s * cos, f: ty }
    }

    /// Applies the map to a point.
    #[inline]
    pub(crate) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f)
    }

    /// `self ∘ inner`: first `inner`, then `self`.
    pub(crate) fn then_from(&self, inner: &Self) -> Self {
        Self {
            a: self.a * inner.a + self.b * inner.d,
            b: self.a * inner.b + self.b * inner.e,
            c: self.a * inner.c + self.b * inner.f + self.c,
            d: self.d * inner.a + self.e * inner.d,
            e: self.d * inner.b + self.e * inner.e,
            f: self.d * inner.c + self.e * inner.f + self.f,
        }
    }

    /// The inverse map, or `None` for a degenerate one.
    pub(crate) fn inverse(&self) -> Option<Self> {
        let det = self.a * self.e - self.b * self.d;
        if det == 0.0 || !det.is_finite() {
            return None;
        }
        let (a, b, d, e) = (self.e / det, -self.b / det, -self.d / det, self.a / det);
        Some(Self { a, b, c: -(a * self.c + b * self.f), d, e, f: -(d * self.c + e * self.f) })
    }

    /// Source pixels per output pixel (geometric mean of the two axes).
    pub(crate) fn scale(&self) -> f32 {
        (self.a * self.e - self.b * self.d).abs().sqrt()
    }
}

/// A packed RGB8 image.
#[derive(Debug, Clone)]
pub(crate) struct Rgb {
    data: Vec<u8>,
    width: usize,
    height: usize,
}

impl Rgb {
    /// Copies any view to packed RGB (gray replicated, alpha dropped).
    pub(crate) fn from_view(view: &ImageView<'_>) -> Self {
        let (width, height) = (view.width() as usize, view.height() as usize);
        let mut data = Vec::with_capacity(width * height * 3);
        for y in 0..view.height() {
            let row = view.row(y);
            match view.format() {
                PixelFormat::Rgb8 => data.extend_from_slice(row),
                PixelFormat::Rgba8 => row.chunks_exact(4).for_each(|p| data.extend_from_slice(&p[..3])),
                PixelFormat::Bgr8 => row.chunks_exact(3).for_each(|p| data.extend_from_slice(&[p[2], p[1], p[0]])),
                // Gray8 and any future format: luma via the core's conversion, replicated.
                _ => {
                    let mut gray = vec![0u8; width];
                    let one = ImageView::packed(row, view.width(), 1, view.format());
                    if let Ok(v) = one {
                        let _ = v.to_gray_into(&mut gray);
                    }
                    gray.iter().for_each(|&g| data.extend_from_slice(&[g, g, g]));
                }
            }
        }
        Self { data, width, height }
    }

    /// Halves both sides (rounding up), averaging 2x2 blocks; edge pixels repeat.
    fn half(&self) -> Self {
        let (w, h) = (self.width.div_ceil(2), self.height.div_ceil(2));
        let mut data = vec![0u8; w * h * 3];
        let px = |x: usize, y: usize, c: usize| u16::from(self.data[(y * self.width + x) * 3 + c]);
        for y in 0..h {
            let (y0, y1) = (2 * y, (2 * y + 1).min(self.height - 1));
            for x in 0..w {
                let (x0, x1) = (2 * x, (2 * x + 1).min(self.width - 1));
                for c in 0..3 {
                    let sum = px(x0, y0, c) + px(x1, y0, c) + px(x0, y1, c) + px(x1, y1, c);
                    data[(y * w + x) * 3 + c] = ((sum + 2) / 4) as u8;
                }
            }
        }
        Self { data, width: w, height: h }
    }

    /// Bilinear sample at continuous point `(x, y)`; black outside.
    #[inline]
    fn sample(&self, x: f32, y: f32) -> [f32; 3] {
        let (fx, fy) = (x - 0.5, y - 0.5);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let (w, h) = (self.width as f32, self.height as f32);
        let mut out = [0.0f32; 3];
        // Far outside (or NaN): black, and no integer conversion of huge values.
        if !(x0 >= -1.0 && y0 >= -1.0 && x0 < w && y0 < h) {
            return out;
        }
        let (xi, yi) = (x0 as isize, y0 as isize);
        let weights =
            [(0, 0, (1.0 - tx) * (1.0 - ty)), (1, 0, tx * (1.0 - ty)), (0, 1, (1.0 - tx) * ty), (1, 1, tx * ty)];
        for (dx, dy, wgt) in weights {
            let (sx, sy) = (xi + dx, yi + dy);
            if sx < 0 || sy < 0 || sx as usize >= self.width || sy as usize >= self.height {
                continue;
            }
            let i = (sy as usize * self.width + sx as usize) * 3;
            for (o, &v) in out.iter_mut().zip(&self.data[i..i + 3]) {
                *o += wgt * f32::from(v);
            }
        }
        out
    }
}

/// The frame at full size and at successive halvings.
#[derive(Debug, Clone)]
pub(crate) struct Pyramid {
    levels: Vec<Rgb>,
}

impl Pyramid {
    /// Builds levels while the next one still has a side of at least `min_side` pixels, so a
    /// map down to a `min_side`-pixel model input shrinks by less than 2x from some level.
    pub(crate) fn new(view: &ImageView<'_>, min_side: usize) -> Self {
        let mut levels = vec![Rgb::from_view(view)];
        while let Some(last) = levels.last() {
            if last.width.max(last.height) / 2 < min_side.max(1) || levels.len() >= 16 {
                break;
            }
            let next = last.half();
            levels.push(next);
        }
        Self { levels }
    }

    /// Fills `out` (`out_w × out_h × 3`, interleaved RGB, values 0..255) by sampling the
    /// frame at `map(u + 0.5, v + 0.5)` for each output pixel.
    pub(crate) fn warp_rgb(&self, map: &Affine, out_w: usize, out_h: usize, out: &mut [f32]) {
        let (level, map) = self.level_for(map);
        for v in 0..out_h {
            let (vf, row_start) = (v as f32 + 0.5, v * out_w * 3);
            for u in 0..out_w {
                let (x, y) = map.apply(u as f32 + 0.5, vf);
                let px = level.sample(x, y);
                let i = row_start + u * 3;
                if let Some(dst) = out.get_mut(i..i + 3) {
                    dst.copy_from_slice(&px);
                }
            }
        }
    }

    /// Like [`Pyramid::warp_rgb`] but to gray (BT.601 weights, rounded to whole levels).
    pub(crate) fn warp_gray(&self, map: &Affine, out_w: usize, out_h: usize, out: &mut [f32]) {
        let (level, map) = self.level_for(map);
        for v in 0..out_h {
            for u in 0..out_w {
                let (x, y) = map.apply(u as f32 + 0.5, v as f32 + 0.5);
                let [r, g, b] = level.sample(x, y);
                if let Some(o) = out.get_mut(v * out_w + u) {
                    *o = (0.299 * r + 0.587 * g + 0.114 * b).round().clamp(0.0, 255.0);
                }
            }
        }
    }

    /// The level that shrinks by less than 2x under `map`, and `map` rewritten for it.
    fn level_for(&self, map: &Affine) -> (&Rgb, Affine) {
        let scale = map.scale();
        let mut k = 0usize;
        while k + 1 < self.levels.len() && scale >= (2usize << k) as f32 {
            k += 1;
        }
        let Some(level) = self.levels.get(k) else {
            // `levels` always holds level 0; unreachable, kept panic-free.
            return (&self.levels[0], *map);
        };
        // Level k's continuous coordinates are level 0's divided by 2^k (pixel edges align).
        let inv = 1.0 / (1u32 << k) as f32;
        let to_level = Affine { a: inv, b: 0.0, c: 0.0, d: 0.0, e: inv, f: 0.0 };
        (level, to_level.then_from(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_warp_copies_pixels_and_pads_black() {
        let data: Vec<u8> = (0..4 * 3 * 3).map(|i| (i * 7) as u8).collect();
        let view = ImageView::packed(&data, 4, 3, PixelFormat::Rgb8).unwrap();
        let pyr = Pyramid::new(&view, 1000);
        let id = Affine::similarity(1.0, 0.0, 0.0, 0.0);
        let mut out = vec![0.0; 5 * 3 * 3];
        pyr.warp_rgb(&id, 5, 3, &mut out);
        for y in 0..3 {
            for x in 0..4 {
                for c in 0..3 {
                    assert_eq!(out[(y * 5 + x) * 3 + c], f32::from(data[(y * 4 + x) * 3 + c]));
                }
            }
            assert!(out[(y * 5 + 4) * 3..(y * 5 + 5) * 3].iter().all(|&v| v == 0.0), "column 4 is outside");
        }
    }

    #[test]
    fn rotation_by_quarter_turn_moves_corners() {
        // 2x1 image: red then green. Rotating 90° clockwise gives a 1x2 image, red on top.
        let data = [255, 0, 0, 0, 255, 0];
        let view = ImageView::packed(&data, 2, 1, PixelFormat::Rgb8).unwrap();
        let pyr = Pyramid::new(&view, 1000);
        // Upright (u, v) -> source: x = v, y = 1 - u (frame height 1).
        let map = Affine { a: 0.0, b: 1.0, c: 0.0, d: -1.0, e: 0.0, f: 1.0 };
        let mut out = vec![0.0; 6];
        pyr.warp_rgb(&map, 1, 2, &mut out);
        assert_eq!(out, vec![255.0, 0.0, 0.0, 0.0, 255.0, 0.0]);
    }

    #[test]
    fn pyramid_level_averages_blocks() {
        let data: Vec<u8> = vec![0, 100, 200, 50].into_iter().flat_map(|g| [g, g, g]).collect();
        let view = ImageView::packed(&data, 2, 2, PixelFormat::Rgb8).unwrap();
        let pyr = Pyramid::new(&view, 1);
        assert_eq!(pyr.levels.len(), 2);
        let mut out = vec![0.0; 3];
        pyr.warp_rgb(&Affine::similarity(2.0, 0.0, 0.0, 0.0), 1, 1, &mut out);
        assert_eq!(out, vec![88.0; 3]);
    }
}
