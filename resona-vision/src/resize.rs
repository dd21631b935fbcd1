//! Resampling of 8-bit gray images, separable per axis.
//!
//! Downscaling averages each output pixel's footprint in the source (area weighting, as
//! OpenCV's `INTER_AREA`), so a 640x480 frame shrinks to 64x64 without aliasing; upscaling
//! interpolates linearly between pixel centres (as `INTER_LINEAR`, half-pixel centres, edges
//! clamped). Work is done in f32 and rounded once at the end.

/// Output-pixel weights along one axis: for each output index, the first source index and the
/// weights of consecutive source pixels.
struct AxisPlan {
    starts: Vec<usize>,
    weights: Vec<Vec<f32>>,
}

impl AxisPlan {
    fn new(src: usize, dst: usize) -> Self {
        let scale = src as f64 / dst as f64;
        let mut starts = Vec::with_capacity(dst);
        let mut weights = Vec::with_capacity(dst);
        for o in 0..dst {
            if scale > 1.0 {
                // Area: the footprint [o*scale, (o+1)*scale) weighted by overlap.
                let (lo, hi) = (o as f64 * scale, (o + 1) as f64 * scale);
                let first = lo.floor() as usize;
                let last = (hi.ceil() as usize).min(src);
                let w: Vec<f32> =
                    (first..last).map(|i| ((hi.min(i as f64 + 1.0) - lo.max(i as f64)) / scale) as f32).collect();
                starts.push(first);
                weights.push(w);
            } else {
                // Linear between centres: source position of the output pixel's centre.
                let pos = ((o as f64 + 0.5) * scale - 0.5).max(0.0);
                let i0 = (pos.floor() as usize).min(src - 1);
                let frac = (pos - i0 as f64) as f32;
                if i0 + 1 < src {
                    starts.push(i0);
                    weights.push(vec![1.0 - frac, frac]);
                } else {
                    starts.push(i0);
                    weights.push(vec![1.0]);
                }
            }
        }
        Self { starts, weights }
    }
}

/// Resizes a packed gray image (`src_w × src_h` bytes) to `dst_w × dst_h` into `out`.
///
/// All sizes must be non-zero and the slices exactly the right length; the callers in this
/// crate guarantee it.
pub(crate) fn resize_gray(src: &[u8], src_w: usize, src_h: usize, out: &mut [f32], dst_w: usize, dst_h: usize) {
    debug_assert_eq!(src.len(), src_w * src_h);
    debug_assert_eq!(out.len(), dst_w * dst_h);
    if (src_w, src_h) == (dst_w, dst_h) {
        out.iter_mut().zip(src).for_each(|(o, &s)| *o = f32::from(s));
        return;
    }
    let (px, py) = (AxisPlan::new(src_w, dst_w), AxisPlan::new(src_h, dst_h));
    // Horizontal pass into src_h rows of dst_w.
    let mut tmp = vec![0.0f32; src_h * dst_w];
    for (row, trow) in src.chunks_exact(src_w).zip(tmp.chunks_exact_mut(dst_w)) {
        for (o, t) in trow.iter_mut().enumerate() {
            let s = px.starts[o];
            *t = px.weights[o].iter().enumerate().map(|(k, w)| w * f32::from(row[s + k])).sum();
        }
    }
    // Vertical pass.
    for (o, orow) in out.chunks_exact_mut(dst_w).enumerate() {
        let s = py.starts[o];
        orow.fill(0.0);
        for (k, w) in py.weights[o].iter().enumerate() {
            let trow = &tmp[(s + k) * dst_w..(s + k + 1) * dst_w];
            orow.iter_mut().zip(trow).for_each(|(a, &b)| *a += w * b);
        }
    }
    // Round to whole grey levels, as an 8-bit resize would, so results do not depend on
    // whether the host resized before calling.
    out.iter_mut().for_each(|v| *v = v.round().clamp(0.0, 255.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn identity_and_constant_images() {
        let src: Vec<u8> = (0..12).collect();
        let mut out = vec![0.0; 12];
        resize_gray(&src, 4, 3, &mut out, 4, 3);
        assert_eq!(out, src.iter().map(|&v| f32::from(v)).collect::<Vec<_>>());
        let flat = vec![77u8; 640 * 480];
        let mut out = vec![0.0; 64 * 64];
        resize_gray(&flat, 640, 480, &mut out, 64, 64);
        assert!(out.iter().all(|&v| v == 77.0));
    }

    #[test]
    fn area_downscale_averages_blocks() {
        // 4x2 -> 2x1: each output is the mean of a 2x2 block.
        let src = [0, 100, 200, 250, 50, 150, 0, 50];
        let mut out = vec![0.0; 2];
        resize_gray(&src, 4, 2, &mut out, 2, 1);
        assert_eq!(out, vec![75.0, 125.0]);
    }

    #[test]
    fn linear_upscale_interpolates_between_centres() {
        // 2x1 -> 4x1 with half-pixel centres: 0, 25, 75, 100 after clamping at the edges.
        let mut out = vec![0.0; 4];
        resize_gray(&[0, 100], 2, 1, &mut out, 4, 1);
        assert_eq!(out, vec![0.0, 25.0, 75.0, 100.0]);
    }

    proptest! {
        #[test]
        fn stays_within_source_range(w in 1usize..40, h in 1usize..40, dw in 1usize..70, dh in 1usize..70, seed in 0u32..1000) {
            let src: Vec<u8> = (0..w * h).map(|i| (((i as u32).wrapping_mul(2654435761) ^ seed) >> 13) as u8).collect();
            let (lo, hi) = (*src.iter().min().unwrap(), *src.iter().max().unwrap());
            let mut out = vec![0.0; dw * dh];
            resize_gray(&src, w, h, &mut out, dw, dh);
            prop_assert!(out.iter().all(|&v| v >= f32::from(lo) && v <= f32::from(hi)));
        }
    }
}
