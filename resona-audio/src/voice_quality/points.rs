//! Glottal pulses from a pitch track by cross-correlation (Praat's "To PointProcess (cc)",
//! `Sound_Pitch_to_PointProcess_cc`).
//!
//! For each voiced interval: start at the absolute extremum within one period around its middle,
//! then step one period at a time to the left and to the right, placing each pulse at the
//! maximum of the cross-correlation between one period around the last pulse and a window
//! 0.8..1.25 periods away (parabolically refined). A pulse is kept when the correlation
//! exceeds 0.3 and the local peak exceeds 1% of the global peak.

use super::praat_pitch::PraatPitch;

/// Sound on Praat's grid: sample `i` (0-based) at `(i + 0.5) / sr`.
pub(crate) struct Sound<'a> {
    pub(crate) z: &'a [f64],
    pub(crate) dx: f64,
}

impl Sound<'_> {
    fn nx(&self) -> i64 {
        #[allow(clippy::cast_possible_wrap)]
        let n = self.z.len() as i64;
        n
    }
    fn x1(&self) -> f64 {
        0.5 * self.dx
    }
    fn xmax(&self) -> f64 {
        self.dx * self.z.len() as f64
    }
    /// 1-based sample value.
    fn at(&self, i: i64) -> f64 {
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        if i >= 1 && i <= self.nx() { self.z[(i - 1) as usize] } else { 0.0 }
    }
    #[allow(clippy::cast_possible_truncation)]
    fn low_index(&self, x: f64) -> i64 {
        ((x - self.x1()) / self.dx).floor() as i64 + 1
    }
    #[allow(clippy::cast_possible_truncation)]
    fn high_index(&self, x: f64) -> i64 {
        ((x - self.x1()) / self.dx).ceil() as i64 + 1
    }
    #[allow(clippy::cast_possible_truncation)]
    fn nearest_index(&self, x: f64) -> i64 {
        ((x - self.x1()) / self.dx).round() as i64 + 1
    }
    fn index_to_x(&self, i: f64) -> f64 {
        self.x1() + (i - 1.0) * self.dx
    }
}

/// Praat's `Pitch_getVoicedIntervalAfter`.
fn voiced_interval_after(p: &PraatPitch, after: f64) -> Option<(f64, f64)> {
    let n = p.freq.len();
    #[allow(clippy::cast_possible_truncation)]
    let hi = ((after - p.t1) / p.dt).ceil() as i64; // 0-based high index
    #[allow(clippy::cast_possible_wrap)]
    if hi >= n as i64 {
        return None;
    }
    #[allow(clippy::cast_sign_loss)]
    let mut ileft = hi.max(0) as usize;
    while ileft < n && !p.is_voiced(ileft) {
        ileft += 1;
    }
    if ileft >= n {
        return None;
    }
    let mut iright = ileft;
    while iright < n && p.is_voiced(iright) {
        iright += 1;
    }
    iright -= 1;
    let mut tleft = p.t1 + ileft as f64 * p.dt - 0.5 * p.dt;
    let mut tright = p.t1 + iright as f64 * p.dt + 0.5 * p.dt;
    if tleft >= p.xmax - 0.5 * p.dt {
        return None;
    }
    tleft = tleft.max(0.0);
    tright = tright.min(p.xmax);
    Some((tleft, tright))
}

/// Praat's `findExtremum_3` + `Sound_findExtremum` (maxima and minima: the larger magnitude).
fn find_extremum(s: &Sound<'_>, tmin: f64, tmax: f64) -> f64 {
    let imin = s.low_index(tmin).max(1);
    let imax = s.high_index(tmax).min(s.nx());
    let n = imax - imin + 1;
    let ext = if n <= 0 {
        0.0
    } else if n == 1 {
        1.0
    } else if n == 2 {
        let (a, b) = (s.at(imin).abs(), s.at(imin + 1).abs());
        if a > b {
            1.0
        } else if a < b {
            2.0
        } else {
            1.5
        }
    } else {
        let (mut mn, mut mx) = (s.at(imin), s.at(imin));
        let (mut imn, mut imx) = (1i64, 1i64);
        for k in 2..=n {
            let v = s.at(imin + k - 1);
            if v < mn {
                mn = v;
                imn = k;
            }
            if v > mx {
                mx = v;
                imx = k;
            }
        }
        if mn == mx {
            0.5 * (n as f64 + 1.0)
        } else {
            let ie = if mn.abs() > mx.abs() { imn } else { imx };
            if ie == 1 || ie == n {
                ie as f64
            } else {
                let (vm, vl, vr) = (s.at(imin + ie - 1), s.at(imin + ie - 2), s.at(imin + ie));
                ie as f64 + 0.5 * (vr - vl) / (2.0 * vm - vl - vr)
            }
        }
    };
    if ext != 0.0 { s.x1() + ((imin - 1) as f64 + ext - 1.0) * s.dx } else { 0.5 * (tmin + tmax) }
}

/// Praat's `Sound_findMaximumCorrelation`: returns `(correlation, time, peak)`; correlation -1 when none.
// Inlined into both builds of `pitch_to_points_cc` (see `simd`).
#[inline(always)]
#[allow(unused_assignments)]
fn find_max_correlation(s: &Sound<'_>, t1: f64, window: f64, tmin2: f64, tmax2: f64) -> (f64, f64, f64) {
    let half = 0.5 * window;
    let ileft1 = s.nearest_index(t1 - half);
    let iright1 = s.nearest_index(t1 + half);
    let ileft2min = s.low_index(tmin2 - half);
    let ileft2max = s.high_index(tmax2 - half);
    let (mut maxc, mut r1, mut r2, mut r3) = (-1.0f64, 0.0, 0.0, 0.0);
    let (mut r1b, mut r3b, mut ir, mut peak) = (0.0, 0.0, 0.0, 0.0);
    let mut tout = t1;
    // Praat skips pairs with either index outside 1..=nx; the pairs kept form one run i1 in
    // lo..=hi. Window 1's energy only changes with that run, so it is summed once per run.
    let run = |ileft2: i64| {
        let off = ileft2 - ileft1;
        let (lo, hi) = (ileft1.max(1).max(1 - off), iright1.min(s.nx()).min(s.nx() - off));
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        (lo <= hi)
            .then(|| (lo, hi, &s.z[(lo - 1) as usize..hi as usize], &s.z[(lo - 1 + off) as usize..(hi + off) as usize]))
    };
    let mut n1_of: Option<(i64, i64, f64)> = None;
    // Praat takes the local peak of the window at the lag *after* the best one (it updates
    // on r2 while its peak variable holds r3's window); only that window's peak is needed.
    let mut peak_lag = None;
    for ileft2 in ileft2min..=ileft2max {
        let (mut n1, mut n2, mut prod) = (0.0, 0.0, 0.0);
        if let Some((lo, hi, a, b)) = run(ileft2) {
            n1 = match n1_of {
                Some((l, h, v)) if (l, h) == (lo, hi) => v,
                _ => {
                    let v = a.iter().map(|x| x * x).sum();
                    n1_of = Some((lo, hi, v));
                    v
                }
            };
            (n2, prod) = energy_and_dot(b, a);
        }
        r1 = r2;
        r2 = r3;
        r3 = if prod != 0.0 { prod / (n1 * n2).sqrt() } else { 0.0 };
        if r2 > maxc && r2 >= r1 && r2 >= r3 {
            r1b = r1;
            maxc = r2;
            r3b = r3;
            ir = (ileft2 - 1) as f64;
            peak_lag = Some(ileft2);
        }
    }
    if let Some((_, _, _, b)) = peak_lag.and_then(run) {
        peak = b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    }
    if maxc > -1.0 {
        let d2r = 2.0 * maxc - r1b - r3b;
        if d2r != 0.0 {
            let dr = 0.5 * (r3b - r1b);
            maxc += 0.5 * dr * dr / d2r;
            ir += dr / d2r;
        }
        tout = t1 + (ir - ileft1 as f64) * s.dx;
    }
    (maxc, tout, peak)
}

/// `(sum b^2, sum a b)` in four interleaved partial sums, so the loop is not bound by the
/// latency of one accumulator (the sums differ from a sequential one by rounding, ~1e-16).
#[inline(always)]
pub(super) fn energy_and_dot(b: &[f64], a: &[f64]) -> (f64, f64) {
    let (mut e, mut d) = ([0.0f64; 4], [0.0f64; 4]);
    let (bc, ac) = (b.chunks_exact(4), a.chunks_exact(4));
    let (br, ar) = (bc.remainder(), ac.remainder());
    for (y, x) in bc.zip(ac) {
        for k in 0..4 {
            e[k] += y[k] * y[k];
            d[k] += x[k] * y[k];
        }
    }
    let (mut e0, mut d0) = ((e[0] + e[1]) + (e[2] + e[3]), (d[0] + d[1]) + (d[2] + d[3]));
    for (y, x) in br.iter().zip(ar) {
        e0 += y * y;
        d0 += x * y;
    }
    (e0, d0)
}

/// Pulse times (s), sorted and unique. Inlined into both builds of [`crate::simd::pitch_to_points_cc`].
#[inline(always)]
pub(crate) fn pitch_to_points_cc(s: &Sound<'_>, pitch: &PraatPitch) -> Vec<f64> {
    let mut points: Vec<f64> = Vec::new();
    let global_peak = s.z.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut added_right = -1e300;
    let mut t = 0.0;
    // Every pass moves t to the right end of a voiced interval, so the loop ends; the bound is a guard.
    let max_steps = s.z.len().saturating_mul(4).max(16);
    let mut guard = 0usize;
    while let Some((tleft, tright)) = voiced_interval_after(pitch, t) {
        let tmiddle = 0.5 * (tleft + tright);
        let Some(f0m) = pitch.value_at(tmiddle) else {
            t = tright;
            if tright <= tleft {
                break;
            }
            continue;
        };
        let mut tmax = find_extremum(s, tmiddle - 0.5 / f0m, tmiddle + 0.5 / f0m);
        points.push(tmax);
        let tsave = tmax;
        loop {
            guard += 1;
            if guard > max_steps {
                break;
            }
            let Some(f0) = pitch.value_at(tmax) else { break };
            let (c, tout, peak) = find_max_correlation(s, tmax, 1.0 / f0, tmax - 1.25 / f0, tmax - 0.8 / f0);
            tmax = if c == -1.0 { tmax - 1.0 / f0 } else { tout };
            if tmax < tleft {
                if c > 0.7 && peak > 0.023_333 * global_peak && tmax - added_right > 0.8 / f0 {
                    points.push(tmax);
                }
                break;
            }
            if c > 0.3 && (peak == 0.0 || peak > 0.01 * global_peak) && tmax - added_right > 0.8 / f0 {
                points.push(tmax);
            }
        }
        tmax = tsave;
        loop {
            guard += 1;
            if guard > max_steps {
                break;
            }
            let Some(f0) = pitch.value_at(tmax) else { break };
            let (c, tout, peak) = find_max_correlation(s, tmax, 1.0 / f0, tmax + 0.8 / f0, tmax + 1.25 / f0);
            tmax = if c == -1.0 { tmax + 1.0 / f0 } else { tout };
            if tmax > tright {
                if c > 0.7 && peak > 0.023_333 * global_peak {
                    points.push(tmax);
                    added_right = tmax;
                }
                break;
            }
            if c > 0.3 && (peak == 0.0 || peak > 0.01 * global_peak) {
                points.push(tmax);
                added_right = tmax;
            }
        }
        if tright <= t {
            break;
        }
        t = tright;
    }
    // PointProcess_addPoint keeps points sorted and ignores exact duplicates; points lie in the sound's domain.
    points.retain(|p| p.is_finite() && *p >= 0.0 && *p <= s.xmax());
    points.sort_by(f64::total_cmp);
    points.dedup();
    let _ = s.index_to_x(1.0);
    points
}
