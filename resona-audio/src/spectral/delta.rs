//! Delta features (`librosa.feature.delta`): a Savitzky-Golay derivative along time.

use resona_core::{InputError, Result};

use super::stft::invalid;
use crate::FeatureMatrix;

/// Local estimate of the `order`-th derivative of each row of `data` (coefficients x frames) along
/// the frame axis, exactly as `librosa.feature.delta(data, width, order, axis=-1, mode="interp")`:
/// `scipy.signal.savgol_filter(data, width, polyorder=order, deriv=order, mode="interp")`.
///
/// Each frame is the `order`-th derivative of the least-squares polynomial of degree `order`
/// fitted to the `width` frames around it; the first and last `width / 2` frames use the
/// polynomial fitted to the first (last) `width` frames ("interp"). librosa's defaults are
/// `width = 9`, `order = 1`; delta-deltas are `order = 2`.
///
/// Errors: `width` must be odd and >= 3 (`"width"`), `order` between 1 and `width - 1`
/// (`"order"`), and `data` needs at least `width` frames (`InputError::BufferTooShort`, librosa's
/// "width cannot exceed data.shape\[axis\]").
pub fn delta(data: &FeatureMatrix, width: usize, order: usize) -> Result<FeatureMatrix> {
    if width < 3 || width % 2 == 0 {
        return Err(invalid("width", width, "must be an odd integer >= 3"));
    }
    if order == 0 || order >= width {
        return Err(invalid("order", order, "must be between 1 and width - 1"));
    }
    let (rows, cols) = data.shape();
    if cols < width {
        return Err(InputError::BufferTooShort { what: "delta frames", expected: width, received: cols }.into());
    }
    InputError::check_finite("delta input", data.as_slice())?;
    let weights = savgol_weights(width, order);
    let half = width / 2;
    let mut out = FeatureMatrix::zeros(rows, cols);
    for (src, dst) in data.as_slice().chunks_exact(cols).zip(out.as_mut_slice().chunks_exact_mut(cols)) {
        for (t, d) in dst.iter_mut().enumerate() {
            // Window start and evaluation point inside the window.
            let (start, e) = if t < half {
                (0, t)
            } else if t + half >= cols {
                (cols - width, t + width - cols)
            } else {
                (t - half, half)
            };
            let w = &weights[e * width..(e + 1) * width];
            let s: f64 = src[start..start + width].iter().zip(w).map(|(x, c)| f64::from(*x) * c).sum();
            *d = s as f32;
        }
    }
    Ok(out)
}

/// `width x width` weights: row `e` gives the `order`-th derivative at window position `e` of the
/// degree-`order` least-squares polynomial through the window's `width` samples (unit spacing).
fn savgol_weights(width: usize, order: usize) -> Vec<f64> {
    let half = (width / 2) as f64;
    // Positions scaled to [-1, 1] keep the normal equations well conditioned; the derivative is
    // rescaled by (1 / half)^order afterwards.
    let v: Vec<f64> = (0..width).map(|j| (j as f64 - half) / half).collect();
    let p = order + 1;
    let mut ata = vec![0.0f64; p * p];
    for &x in &v {
        for a in 0..p {
            for b in 0..p {
                ata[a * p + b] += x.powi((a + b) as i32);
            }
        }
    }
    let mut out = vec![0.0f64; width * width];
    for e in 0..width {
        // g_q = d^order/dv^order of v^q at v_e; only q >= order is non-zero.
        let mut g = vec![0.0f64; p];
        for (q, gq) in g.iter_mut().enumerate().skip(order) {
            let falling: f64 = ((q - order + 1)..=q).map(|k| k as f64).product();
            *gq = falling * v[e].powi((q - order) as i32);
        }
        let z = solve(&ata, &g, p);
        let scale = half.powi(-(order as i32));
        for (j, &x) in v.iter().enumerate() {
            let c: f64 = z.iter().enumerate().map(|(q, zq)| zq * x.powi(q as i32)).sum();
            out[e * width + j] = c * scale;
        }
    }
    out
}

/// Solves the small symmetric system `a x = b` (`n x n`) by Gaussian elimination with pivoting.
fn solve(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut m: Vec<f64> = a.to_vec();
    let mut x: Vec<f64> = b.to_vec();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| m[i * n + col].abs().total_cmp(&m[j * n + col].abs())).unwrap_or(col);
        if piv != col {
            for k in 0..n {
                m.swap(col * n + k, piv * n + k);
            }
            x.swap(col, piv);
        }
        let d = m[col * n + col];
        if d == 0.0 {
            continue;
        }
        for r in (col + 1)..n {
            let f = m[r * n + col] / d;
            for k in col..n {
                m[r * n + k] -= f * m[col * n + k];
            }
            x[r] -= f * x[col];
        }
    }
    for col in (0..n).rev() {
        let s: f64 = ((col + 1)..n).map(|k| m[col * n + k] * x[k]).sum();
        let d = m[col * n + col];
        x[col] = if d == 0.0 { 0.0 } else { (x[col] - s) / d };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f32 = 1e-5;

    #[test]
    fn delta_of_a_line_is_its_slope() {
        let m = FeatureMatrix::from_vec(1, 12, (0..12).map(|i| 3.0 * i as f32 + 1.0).collect()).unwrap();
        let d = delta(&m, 9, 1).unwrap();
        assert!(d.as_slice().iter().all(|v| (v - 3.0).abs() < TOL), "{d:?}");
        let d2 = delta(&m, 5, 2).unwrap();
        assert!(d2.as_slice().iter().all(|v| v.abs() < TOL), "{d2:?}");
    }

    #[test]
    fn second_delta_of_a_parabola_is_constant() {
        let m = FeatureMatrix::from_vec(1, 15, (0..15).map(|i| 0.5 * (i * i) as f32).collect()).unwrap();
        let d2 = delta(&m, 9, 2).unwrap();
        assert!(d2.as_slice().iter().all(|v| (v - 1.0).abs() < 1e-3), "{d2:?}");
    }

    #[test]
    fn errors_follow_librosa() {
        let m = FeatureMatrix::zeros(2, 8);
        assert!(delta(&m, 9, 1).is_err());
        assert!(delta(&m, 4, 1).is_err());
        assert!(delta(&m, 1, 1).is_err());
        assert!(delta(&m, 3, 0).is_err());
        assert!(delta(&m, 7, 1).is_ok());
    }
}
