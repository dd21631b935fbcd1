//! Period perturbation measures with Praat's definitions ("Voice 2. Jitter" in the Praat
//! manual; `PointProcess_getJitter_*`), over all pulses of the signal.
//!
//! A period is the interval between consecutive pulses. It counts when it lies within
//! `[period_floor, period_ceiling]` and its ratio to its neighbours does not exceed
//! `max_period_factor` (see each function). Each measure is `None` when fewer periods qualify
//! than it needs (2 for local, 3 for rap, 5 for ppq5).

/// Praat's `PointProcess_isPeriod` for the period from pulse `i` to `i + 1`.
pub(crate) fn is_period(t: &[f64], i: usize, pmin: f64, pmax: f64, factor: f64) -> bool {
    let Some(&b) = t.get(i + 1) else { return false };
    let interval = b - t[i];
    if interval <= 0.0 || interval < pmin || interval > pmax {
        return false;
    }
    if factor.is_nan() || factor < 1.0 {
        return true;
    }
    let prev = (i >= 1).then(|| t[i] - t[i - 1]).filter(|&p| p > 0.0).map(|p| interval / p);
    let next = t.get(i + 2).map(|&c| c - b).filter(|&p| p > 0.0).map(|p| interval / p);
    let inv = |f: f64| if f < 1.0 { 1.0 / f } else { f };
    match (prev.map(inv), next.map(inv)) {
        (Some(p), Some(n)) => !(p > factor && n > factor),
        _ => true,
    }
}

/// Mean period over qualifying periods (Praat's `PointProcess_getMeanPeriod`).
pub(crate) fn mean_period(t: &[f64], pmin: f64, pmax: f64, factor: f64) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for i in 0..t.len().saturating_sub(1) {
        if is_period(t, i, pmin, pmax, factor) {
            sum += t[i + 1] - t[i];
            n += 1;
        }
    }
    (n > 0).then(|| sum / n as f64)
}

fn ok(p: &[f64], pmin: f64, pmax: f64, factor: f64) -> bool {
    let in_range = p.iter().all(|&x| x >= pmin && x <= pmax);
    let ratios = p.windows(2).all(|w| (if w[0] > w[1] { w[0] / w[1] } else { w[1] / w[0] }) <= factor);
    pmin == pmax || (in_range && ratios)
}

/// Sum of the perturbation and the number of qualifying periods for a `k`-period window
/// (`k` = 2: local, 3: rap, 5: ppq5).
fn perturbation(t: &[f64], k: usize, pmin: f64, pmax: f64, factor: f64) -> (f64, isize) {
    if t.len() < 2 {
        return (0.0, 0);
    }
    let periods: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    #[allow(clippy::cast_possible_wrap)]
    let mut n = periods.len() as isize;
    let mut sum = 0.0;
    for w in periods.windows(k) {
        if ok(w, pmin, pmax, factor) {
            let mid = w[k / 2];
            sum += if k == 2 { (w[0] - w[1]).abs() } else { (mid - w.iter().sum::<f64>() / k as f64).abs() };
        } else {
            n -= 1;
        }
    }
    (sum, n)
}

/// Local jitter (relative) and absolute local jitter (s).
pub(crate) fn jitter_local(t: &[f64], pmin: f64, pmax: f64, factor: f64) -> (Option<f64>, Option<f64>) {
    let (sum, n) = perturbation(t, 2, pmin, pmax, factor);
    if n < 2 {
        return (None, None);
    }
    let abs = sum / (n - 1) as f64;
    (mean_period(t, pmin, pmax, factor).filter(|&m| m > 0.0).map(|m| abs / m), Some(abs))
}

/// Relative average perturbation (3 periods).
pub(crate) fn jitter_rap(t: &[f64], pmin: f64, pmax: f64, factor: f64) -> Option<f64> {
    let (sum, n) = perturbation(t, 3, pmin, pmax, factor);
    if n < 3 {
        return None;
    }
    mean_period(t, pmin, pmax, factor).filter(|&m| m > 0.0).map(|m| sum / (n - 2) as f64 / m)
}

/// Five-point period perturbation quotient.
pub(crate) fn jitter_ppq5(t: &[f64], pmin: f64, pmax: f64, factor: f64) -> Option<f64> {
    let (sum, n) = perturbation(t, 5, pmin, pmax, factor);
    if n < 5 {
        return None;
    }
    mean_period(t, pmin, pmax, factor).filter(|&m| m > 0.0).map(|m| sum / (n - 4) as f64 / m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternating_periods_give_known_jitter() {
        // periods alternate 9 ms / 11 ms: |dp| = 2 ms, mean 10 ms -> local jitter 0.2
        let mut t = vec![0.0];
        for i in 0..20 {
            let p = if i % 2 == 0 { 0.009 } else { 0.011 };
            t.push(t[t.len() - 1] + p);
        }
        let (rel, abs) = jitter_local(&t, 1e-4, 0.02, 1.3);
        assert!((rel.unwrap() - 0.2).abs() < 1e-9);
        assert!((abs.unwrap() - 0.002).abs() < 1e-12);
        assert!(jitter_rap(&t, 1e-4, 0.02, 1.3).unwrap() > 0.0);
        assert_eq!(jitter_local(&[0.0, 0.01], 1e-4, 0.02, 1.3), (None, None));
    }
}
