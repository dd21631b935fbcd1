//! Running statistics: Welford's mean and variance (exact, order-independent, mergeable) and
//! an exponentially weighted mean and variance that follows drift.

/// Welford's online mean and variance (Welford 1962; the merge is Chan, Golub & LeVeque 1979).
///
/// Numerically stable in f64; pushing the same values in any order, or merging any split of
/// them, gives the same mean and variance up to rounding.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RunningStats {
    count: u64,
    mean: f64,
    m2: f64,
}

impl RunningStats {
    /// No values yet.
    #[must_use]
    pub const fn new() -> Self {
        Self { count: 0, mean: 0.0, m2: 0.0 }
    }

    /// Rebuilds from saved parts; `None` unless finite with `m2 >= 0`.
    #[must_use]
    pub fn from_parts(count: u64, mean: f64, m2: f64) -> Option<Self> {
        (mean.is_finite() && m2.is_finite() && m2 >= 0.0 && (count > 0 || (mean == 0.0 && m2 == 0.0))).then_some(Self {
            count,
            mean,
            m2,
        })
    }

    /// Adds a value. Non-finite values are the caller's to reject; they are ignored here so
    /// the state stays finite.
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.count = self.count.saturating_add(1);
        let d = x - self.mean;
        self.mean += d / self.count as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Combines with the statistics of another set of values (Chan et al.'s parallel update).
    pub fn merge(&mut self, other: &Self) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        let (na, nb) = (self.count as f64, other.count as f64);
        let n = na + nb;
        let d = other.mean - self.mean;
        self.mean += d * nb / n;
        self.m2 += other.m2 + d * d * na * nb / n;
        self.count = self.count.saturating_add(other.count);
    }

    /// Number of values.
    #[must_use]
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// Mean (0 without values).
    #[must_use]
    pub const fn mean(&self) -> f64 {
        self.mean
    }

    /// Sum of squared deviations from the mean.
    #[must_use]
    pub const fn m2(&self) -> f64 {
        self.m2
    }

    /// Population variance (0 with fewer than one value).
    #[must_use]
    pub fn variance(&self) -> f64 {
        if self.count == 0 { 0.0 } else { (self.m2 / self.count as f64).max(0.0) }
    }

    /// Population standard deviation.
    #[must_use]
    pub fn std(&self) -> f64 {
        self.variance().sqrt()
    }
}

/// Exponentially weighted mean and variance (Finch 2009, "Incremental calculation of weighted
/// mean and variance", eq. 143): with `d = x − mean`,
/// `mean ← mean + α·d`, `var ← (1 − α)·(var + α·d²)`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EwStats {
    /// Weighted mean.
    pub mean: f64,
    /// Weighted variance.
    pub variance: f64,
}

impl EwStats {
    /// Adds a value with weight `alpha` in `(0, 1]`.
    pub fn push(&mut self, x: f64, alpha: f64) {
        if !x.is_finite() {
            return;
        }
        let d = x - self.mean;
        let incr = alpha * d;
        self.mean += incr;
        self.variance = ((1.0 - alpha) * (self.variance + d * incr)).max(0.0);
    }

    /// Standard deviation.
    #[must_use]
    pub fn std(&self) -> f64 {
        self.variance.max(0.0).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Order- and split-independence tolerance asked for by the issue.
    const ORDER_TOL: f64 = 1e-9;

    #[test]
    fn matches_two_pass_statistics() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut s = RunningStats::new();
        xs.iter().for_each(|&x| s.push(x));
        assert_eq!(s.count(), 8);
        assert!((s.mean() - 5.0).abs() < 1e-12);
        assert!((s.variance() - 4.0).abs() < 1e-12);
        assert!((s.std() - 2.0).abs() < 1e-12);
        assert!(RunningStats::from_parts(0, 1.0, 0.0).is_none());
        assert!(RunningStats::from_parts(3, 1.0, -1.0).is_none());
    }

    #[test]
    fn ew_converges_to_a_new_level() {
        let mut e = EwStats::default();
        for _ in 0..500 {
            e.push(10.0, 0.05);
        }
        assert!((e.mean - 10.0).abs() < 1e-9);
        assert!(e.variance < 1e-9);
    }

    proptest! {
        #[test]
        fn order_and_merge_independent(xs in proptest::collection::vec(-1e3f64..1e3, 1..200), split in 0usize..200, seed in any::<u64>()) {
            let mut whole = RunningStats::new();
            xs.iter().for_each(|&x| whole.push(x));
            // A deterministic shuffle (rotate + reverse chunks by seed).
            let mut ys = xs.clone();
            let k = (seed as usize) % ys.len();
            ys.rotate_left(k);
            ys.reverse();
            let mut shuffled = RunningStats::new();
            ys.iter().for_each(|&x| shuffled.push(x));
            let cut = split.min(xs.len());
            let (mut a, mut b) = (RunningStats::new(), RunningStats::new());
            xs[..cut].iter().for_each(|&x| a.push(x));
            xs[cut..].iter().for_each(|&x| b.push(x));
            a.merge(&b);
            for s in [shuffled, a] {
                prop_assert_eq!(s.count(), whole.count());
                prop_assert!((s.mean() - whole.mean()).abs() <= ORDER_TOL);
                prop_assert!((s.variance() - whole.variance()).abs() <= ORDER_TOL * whole.variance().max(1.0));
            }
        }
    }
}
