//! Praat's numerical helpers: windowed-sinc interpolation and peak refinement by Brent's method.
//!
//! Definitions follow Praat's `NUM_interpolate_sinc` and `NUMimproveMaximum` (Boersma 1993,
//! "Accurate short-term analysis of the fundamental frequency and the harmonics-to-noise ratio
//! of a sampled sound", IFA Proceedings 17, eq. 22: sinc interpolation with a Hann window).
//! Arrays here are 0-based; `x` positions are 0-based too.

use std::f64::consts::PI;

/// Windowed-sinc interpolation of `y` at fractional position `x` with at most `max_depth`
/// samples on each side (Praat's `NUM_interpolate_sinc`).
pub(crate) fn interpolate_sinc(y: &[f64], x: f64, max_depth: usize) -> f64 {
    let n = y.len();
    if n == 0 {
        return 0.0;
    }
    if x >= (n - 1) as f64 {
        return y[n - 1];
    }
    if x <= 0.0 {
        return y[0];
    }
    let fl = x.floor();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let midleft = fl as usize;
    if x == fl {
        return y[midleft];
    }
    let midright = midleft + 1;
    // depth limited by the samples available on each side (1-based: midright - 1 and n - midleft)
    let depth = max_depth.min(midright).min(n - midleft - 1);
    if depth == 0 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return y[(x.round() as usize).min(n - 1)];
    }
    if depth <= 2 {
        // Praat uses linear (1) and cubic (2) here; only reached at the array edges.
        return y[midleft] + (x - fl) * (y[midright] - y[midleft]);
    }
    let left = midright - depth;
    let right = midleft + depth;
    let wl = x - left as f64 + 1.0;
    let wr = right as f64 - x + 1.0;
    // Left taps walk down from `midleft`, right taps up from `midright`; the sinc argument
    // starts at pi * distance and the Hann argument at that over the half-width.
    let a_left = PI * (x - midleft as f64);
    let a_right = PI * (midright as f64 - x);
    sinc_side(&y[left..=midleft], true, a_left, wl) + sinc_side(&y[midright..=right], false, a_right, wr)
}

/// Number of interleaved accumulators in [`sinc_side`].
const LANES: usize = 4;

/// One side of the windowed sinc: `sum_j y_j * sin(a_j) / a_j * (1 + cos(a_j / w)) / 2` with
/// `a_j = a0 + j * pi`, over the taps in `ys` (nearest first).
///
/// Praat's trigonometric recurrences make each tap cheap: stepping one sample adds pi to the
/// sinc argument (its sine flips sign) and pi / w to the window argument (a fixed rotation).
/// Stepping one tap at a time chains every tap on the one before, so the loop would wait on
/// the division and the rotation; [`LANES`] independent chains, each stepping `LANES` taps,
/// keep the pipeline full (and let the compiler use SIMD). This is what makes the sinc-700
/// Brent refinement of "To Harmonicity (cc)" affordable.
#[inline]
#[allow(clippy::needless_range_loop)]
fn sinc_side(taps: &[f64], nearest_last: bool, a0: f64, w: f64) -> f64 {
    let (sin_step, cos_step) = (PI / w).sin_cos();
    let half_sin_a0 = 0.5 * a0.sin();
    let (mut a, mut half_sin, mut sin_w, mut cos_w) = ([0.0; LANES], [0.0; LANES], [0.0; LANES], [0.0; LANES]);
    let (mut s, mut c) = (a0 / w).sin_cos();
    for l in 0..LANES {
        // Lane l starts at tap l: sign (-1)^l, window angle rotated l times.
        a[l] = a0 + PI * l as f64;
        half_sin[l] = if l % 2 == 0 { half_sin_a0 } else { -half_sin_a0 };
        (sin_w[l], cos_w[l]) = (s, c);
        (s, c) = (c * sin_step + s * cos_step, c * cos_step - s * sin_step);
    }
    // Rotation by LANES steps (LANES is even, so the sinc's sign does not change per step).
    let (sin_far, cos_far) = (PI * LANES as f64 / w).sin_cos();
    let a_far = PI * LANES as f64;
    let mut sum = [0.0; LANES];
    let mut step = |v: [f64; LANES], lanes: usize| {
        for l in 0..lanes {
            sum[l] += v[l] * (half_sin[l] / a[l] * (1.0 + cos_w[l]));
            a[l] += a_far;
            (sin_w[l], cos_w[l]) = (cos_w[l] * sin_far + sin_w[l] * cos_far, cos_w[l] * cos_far - sin_w[l] * sin_far);
        }
    };
    if nearest_last {
        let chunks = taps.rchunks_exact(LANES);
        let rest = chunks.remainder();
        for ch in chunks {
            step([ch[3], ch[2], ch[1], ch[0]], LANES);
        }
        let mut v = [0.0; LANES];
        rest.iter().rev().zip(v.iter_mut()).for_each(|(t, v)| *v = *t);
        step(v, rest.len());
    } else {
        let chunks = taps.chunks_exact(LANES);
        let rest = chunks.remainder();
        for ch in chunks {
            step([ch[0], ch[1], ch[2], ch[3]], LANES);
        }
        let mut v = [0.0; LANES];
        rest.iter().zip(v.iter_mut()).for_each(|(t, v)| *v = *t);
        step(v, rest.len());
    }
    (sum[0] + sum[1]) + (sum[2] + sum[3])
}

/// Refines the maximum of `y` near index `imid` by maximising the sinc interpolant on
/// `[imid - 1, imid + 1]` (Praat's `NUMimproveMaximum` with sinc depth `depth`).
/// Returns `(position, value)`.
pub(crate) fn improve_maximum(y: &[f64], imid: usize, depth: usize) -> (f64, f64) {
    if imid == 0 || imid + 1 >= y.len() {
        let i = imid.min(y.len().saturating_sub(1));
        return (i as f64, y.get(i).copied().unwrap_or(0.0));
    }
    let f = |x: f64| -interpolate_sinc(y, x, depth);
    let (x, fx) = brent_minimize(f, imid as f64 - 1.0, imid as f64 + 1.0, 1e-10);
    (x, -fx)
}

/// Brent's minimisation on `[a, b]` (Numerical Recipes `brent`, as Praat's `NUMminimize_brent`).
pub(crate) fn brent_minimize(f: impl Fn(f64) -> f64, a: f64, b: f64, tol: f64) -> (f64, f64) {
    const GOLDEN: f64 = 0.381_966_011_250_105_1;
    const ITMAX: usize = 60;
    let sqrt_eps = f64::EPSILON.sqrt();
    let (mut a, mut b) = (a, b);
    let mut x = a + GOLDEN * (b - a);
    let (mut w, mut v) = (x, x);
    let mut fx = f(x);
    let (mut fw, mut fv) = (fx, fx);
    let mut d: f64 = 0.0;
    let mut e: f64 = 0.0;
    for _ in 0..ITMAX {
        let xm = 0.5 * (a + b);
        let tol1 = sqrt_eps * x.abs() + tol / 3.0;
        let tol2 = 2.0 * tol1;
        if (x - xm).abs() <= tol2 - 0.5 * (b - a) {
            break;
        }
        let mut golden = true;
        if e.abs() > tol1 {
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            let etemp = e;
            e = d;
            if !(p.abs() >= (0.5 * q * etemp).abs() || p <= q * (a - x) || p >= q * (b - x)) {
                d = p / q;
                let u = x + d;
                if u - a < tol2 || b - u < tol2 {
                    d = if xm - x >= 0.0 { tol1 } else { -tol1 };
                }
                golden = false;
            }
        }
        if golden {
            e = if x >= xm { a - x } else { b - x };
            d = GOLDEN * e;
        }
        let u = if d.abs() >= tol1 { x + d } else { x + if d >= 0.0 { tol1 } else { -tol1 } };
        let fu = f(u);
        if fu <= fx {
            if u >= x {
                a = x;
            } else {
                b = x;
            }
            v = w;
            fv = fw;
            w = x;
            fw = fx;
            x = u;
            fx = fu;
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu <= fw || w == x {
                v = w;
                fv = fw;
                w = u;
                fw = fu;
            } else if fu <= fv || v == x || v == w {
                v = u;
                fv = fu;
            }
        }
    }
    (x, fx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinc_reproduces_samples_and_smooth_signals() {
        const TOL: f64 = 1e-3;
        let y: Vec<f64> = (0..200).map(|i| (f64::from(i) * 0.1).sin()).collect();
        assert_eq!(interpolate_sinc(&y, 50.0, 70), y[50]);
        let v = interpolate_sinc(&y, 100.37, 70);
        assert!((v - (10.037f64).sin()).abs() < TOL, "{v}");
    }

    #[test]
    fn recurrence_matches_direct_windowed_sinc() {
        // The trig recurrences must agree with the closed form sum_i y_i sinc(x - i) hann(x - i).
        const TOL: f64 = 1e-11;
        let y: Vec<f64> = (0..1500).map(|i| (f64::from(i) * 0.37).sin() + 0.2 * (f64::from(i) * 1.9).cos()).collect();
        for &(x, depth) in &[(700.25f64, 700usize), (10.5, 70), (1490.9, 700), (333.333, 30)] {
            let fl = x.floor() as usize;
            let depth = depth.min(fl + 1).min(y.len() - fl - 1);
            let (left, right) = (fl + 1 - depth, fl + depth);
            let (wl, wr) = (x - left as f64 + 1.0, right as f64 - x + 1.0);
            let direct: f64 = (left..=right)
                .map(|i| {
                    let a = PI * (x - i as f64);
                    let w = if i <= fl { wl } else { wr };
                    y[i] * a.sin() / a * 0.5 * (1.0 + (a / w).cos())
                })
                .sum();
            let got = interpolate_sinc(&y, x, depth);
            assert!((got - direct).abs() < TOL, "x={x}: {got} vs {direct}");
        }
    }

    #[test]
    fn brent_finds_parabola_minimum() {
        let (x, fx) = brent_minimize(|x| (x - 0.3).powi(2) + 1.0, -1.0, 1.0, 1e-10);
        assert!((x - 0.3).abs() < 1e-7 && (fx - 1.0).abs() < 1e-12);
    }
}
