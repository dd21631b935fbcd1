//! Banded Viterbi decoding of pYIN's voiced/unvoiced pitch-bin HMM.
//!
//! librosa.pyin builds the dense `(2 n) x (2 n)` matrix `kron([[1-s, s], [s, 1-s]], T)` where
//! `T = librosa.sequence.transition_local(n, width, window="triangle")` is non-zero only in a
//! band of `width` bins around the diagonal, then runs `librosa.sequence.viterbi` in log space
//! with `log(A + tiny)`. Outside the band the log-transition is the constant `ln(tiny)`, so the
//! best predecessor of a target is the better of (a) the best in-band source, found in
//! `O(width)`, and (b) the best out-of-band source plus `ln(tiny)`, found from prefix/suffix
//! maxima in `O(1)`. One step costs `O(n * width)` instead of `O(n^2)`.
//!
//! In-band scores are computed as `(delta + ln T) + ln p_switch`, mathematically equal to
//! librosa's `ln(p_switch * T + tiny)` (within one ulp, `tiny` being negligible next to `p T`).
//! Ties go to the lowest state index, as numpy's `argmax`.

/// `ln(f64::MIN_POSITIVE)`: librosa's log of a zero probability, `log(0 + tiny)`.
pub(crate) const LOG_TINY: f64 = -708.396_418_532_264_1;

/// Planned banded transition structure and decoding buffers.
#[derive(Debug, Clone)]
pub(crate) struct BandedViterbi {
    n: usize,
    /// A source `i` reaches targets `i - below ..= i + above`.
    below: usize,
    above: usize,
    /// `ln T[i, i + o]` stored at `(o + below) * n + i`; `NEG_INFINITY` where `i + o` is outside `0..n`.
    log_t: Vec<f64>,
    log_stay: f64,
    log_switch: f64,
    log_init: f64,
    prev: Vec<f64>,
    cur: Vec<f64>,
    best: [Vec<f64>; 2],
    /// Band offset index `oi` of the best in-band source of each target, as `f64` so that the
    /// band loop is a same-width select that vectorises (`i = j + below - oi`).
    arg: [Vec<f64>; 2],
    prefix: [Vec<(f64, u32)>; 2],
    suffix: [Vec<(f64, u32)>; 2],
    ptr: Vec<u16>,
    steps: usize,
}

/// `scipy.signal.windows.triang(m, sym=True)`.
fn triang(m: usize) -> Vec<f64> {
    let half = m.div_ceil(2);
    #[allow(clippy::cast_precision_loss)]
    let mf = m as f64;
    let mut w: Vec<f64> = (1..=half)
        .map(|k| {
            #[allow(clippy::cast_precision_loss)]
            let k = k as f64;
            if m % 2 == 0 { (2.0 * k - 1.0) / mf } else { 2.0 * k / (mf + 1.0) }
        })
        .collect();
    let mirror: Vec<f64> =
        if m % 2 == 0 { w.iter().rev().copied().collect() } else { w.iter().rev().skip(1).copied().collect() };
    w.extend(mirror);
    w
}

impl BandedViterbi {
    /// `n` pitch bins, triangular band of `width` bins (`1 <= width <= n`), switch probability `switch_prob`.
    pub(crate) fn new(n: usize, width: usize, switch_prob: f64) -> Self {
        // Row i of transition_local: pad_center(triang(width), n) rolled by n//2 + i + 1, so window
        // element k lands on column i + k + shift (mod n), then columns outside
        // [i - width//2, i + width//2] are zeroed. `shift` is the same for every row.
        let w = triang(width);
        let lpad = (n - width) / 2;
        #[allow(clippy::cast_possible_wrap)]
        let shift = (lpad + n / 2 + 1) as isize - n as isize;
        #[allow(clippy::cast_possible_wrap)]
        let (first, last) = (shift, shift + width as isize - 1);
        // Offsets kept by the knock-out: -(width/2) ..= width/2.
        #[allow(clippy::cast_possible_wrap)]
        let half = (width / 2) as isize;
        let lo = first.max(-half);
        let hi = last.min(half);
        #[allow(clippy::cast_sign_loss)]
        let (below, above) = ((-lo).max(0) as usize, hi.max(0) as usize);
        let n_off = below + above + 1;
        let mut log_t = vec![f64::NEG_INFINITY; n_off * n];
        #[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
        for i in 0..n {
            let mut row = vec![0.0; n_off];
            let mut sum = 0.0;
            for (k, &wk) in w.iter().enumerate() {
                let o = k as isize + shift;
                let j = i as isize + o;
                if o < lo || o > hi || j < 0 || j >= n as isize {
                    continue;
                }
                row[(o + below as isize) as usize] = wk;
                sum += wk;
            }
            for (oi, &v) in row.iter().enumerate() {
                if v > 0.0 {
                    log_t[oi * n + i] = (v / sum).ln();
                }
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let log_init = (1.0 / (2 * n) as f64 + f64::MIN_POSITIVE).ln();
        Self {
            n,
            below,
            above,
            log_t,
            log_stay: (1.0 - switch_prob).ln(),
            log_switch: switch_prob.ln(),
            log_init,
            prev: vec![0.0; 2 * n],
            cur: vec![0.0; 2 * n],
            best: [vec![0.0; n], vec![0.0; n]],
            arg: [vec![0.0; n], vec![0.0; n]],
            prefix: [vec![(0.0, 0); n + 1], vec![(0.0, 0); n + 1]],
            suffix: [vec![(0.0, 0); n + 1], vec![(0.0, 0); n + 1]],
            ptr: Vec::new(),
            steps: 0,
        }
    }

    /// Starts a new sequence, reserving backpointers for `n_frames`.
    pub(crate) fn reset(&mut self, n_frames: usize) {
        self.ptr.clear();
        self.ptr.reserve(n_frames.saturating_mul(2 * self.n));
        self.steps = 0;
    }

    /// Log transition of the dense model from source `(v, i)` to target `(v2, j)` (for tests).
    #[cfg(test)]
    pub(crate) fn dense_score(&self, prev: f64, v: usize, i: usize, v2: usize, j: usize) -> f64 {
        #[allow(clippy::cast_possible_wrap)]
        let o = j as isize - i as isize;
        #[allow(clippy::cast_possible_wrap)]
        let in_band = o >= -(self.below as isize) && o <= self.above as isize;
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)]
        let lt = if in_band { self.log_t[(o + self.below as isize) as usize * self.n + i] } else { f64::NEG_INFINITY };
        if lt.is_finite() {
            (prev + lt) + if v == v2 { self.log_stay } else { self.log_switch }
        } else {
            prev + LOG_TINY
        }
    }

    /// Adds one frame of log observation probabilities (`2 n` values: voiced bins, then unvoiced).
    #[allow(clippy::needless_range_loop)] // `v` (layer) indexes several parallel per-layer arrays
    pub(crate) fn step(&mut self, log_obs: &[f64]) {
        let n = self.n;
        if self.steps == 0 {
            for (c, &o) in self.prev.iter_mut().zip(log_obs) {
                *c = o + self.log_init;
            }
            self.steps = 1;
            return;
        }
        for v in 0..2 {
            let src = &self.prev[v * n..(v + 1) * n];
            let (best, arg) = (&mut self.best[v], &mut self.arg[v]);
            best.fill(f64::NEG_INFINITY);
            arg.fill(0.0);
            // Sources in increasing index order for every target: i = j - o, o from +above down to
            // -below, so a strict `>` keeps the lowest source on ties (numpy's argmax). Branch-free
            // on local slices: this loop is most of pYIN's time.
            for oi in (0..=self.below + self.above).rev() {
                #[allow(clippy::cast_possible_wrap)]
                let o = oi as isize - self.below as isize;
                // targets j with 0 <= j - o < n
                #[allow(clippy::cast_sign_loss)]
                let (j0, j1, i0) = if o >= 0 { (o as usize, n, 0) } else { (0, n - (-o) as usize, (-o) as usize) };
                let len = j1 - j0;
                let lt = &self.log_t[oi * n + i0..oi * n + i0 + len];
                let s = &src[i0..i0 + len];
                #[allow(clippy::cast_precision_loss)]
                let oif = oi as f64;
                for (((b, a), &s), &l) in best[j0..j1].iter_mut().zip(&mut arg[j0..j1]).zip(s).zip(lt) {
                    // Blend by bit mask: written as `if`, LLVM emits per-lane conditional stores.
                    let c = s + l;
                    let keep = u64::from(c > *b).wrapping_sub(1); // all ones when not better
                    *b = f64::from_bits((b.to_bits() & keep) | (c.to_bits() & !keep));
                    *a = f64::from_bits((a.to_bits() & keep) | (oif.to_bits() & !keep));
                }
            }
        }
        // An out-of-band source scores at most max(src) + ln(tiny): a target whose in-band best
        // beats that strictly can neither lose nor tie to one. Usually every target does (an
        // observation of ln(tiny) is what makes a source that weak), so the prefix/suffix maxima
        // below are only built for a layer with a target that needs them.
        let mut floor = [0.0; 2];
        let mut needed = [false; 2];
        let lp_min = self.log_stay.min(self.log_switch);
        for v in 0..2 {
            let gmax = self.prev[v * n..(v + 1) * n].iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            floor[v] = gmax + LOG_TINY;
            needed[v] = self.best[v].iter().any(|&b| b + lp_min <= floor[v]); // no NaN here
        }
        // Out-of-band candidates: prefix[v][k] = first argmax of src[..k], suffix[v][k] = of src[k..].
        for v in 0..2 {
            if !needed[v] {
                continue;
            }
            let src = &self.prev[v * n..(v + 1) * n];
            let pre = &mut self.prefix[v];
            pre[0] = (f64::NEG_INFINITY, 0);
            for k in 0..n {
                let (m, a) = pre[k];
                #[allow(clippy::cast_possible_truncation)]
                let next = if src[k] > m { (src[k], k as u32) } else { (m, a) };
                pre[k + 1] = next;
            }
            let suf = &mut self.suffix[v];
            suf[n] = (f64::NEG_INFINITY, 0);
            for k in (0..n).rev() {
                let (m, a) = suf[k + 1];
                #[allow(clippy::cast_possible_truncation)]
                let next = if src[k] >= m { (src[k], k as u32) } else { (m, a) };
                suf[k] = next;
            }
        }
        for v2 in 0..2 {
            for j in 0..n {
                let mut top = f64::NEG_INFINITY;
                let mut top_state = 0usize;
                for v in 0..2 {
                    let lp = if v == v2 { self.log_stay } else { self.log_switch };
                    let band = self.best[v][j] + lp;
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let band_i = j + self.below - self.arg[v][j] as usize;
                    if band > floor[v] {
                        if band > top {
                            top = band;
                            top_state = v * n + band_i;
                        }
                        continue;
                    }
                    // Out-of-band sources: i < j - above or i > j + below; prefix indices are
                    // smaller, so they win ties.
                    let mut out = (f64::NEG_INFINITY, 0usize);
                    if j > self.above {
                        let (m, a) = self.prefix[v][j - self.above];
                        out = (m, a as usize);
                    }
                    if j + self.below + 1 < n {
                        let (m, a) = self.suffix[v][j + self.below + 1];
                        if m > out.0 {
                            out = (m, a as usize);
                        }
                    }
                    let out_val = out.0 + LOG_TINY;
                    let (val, i) = if out_val > band || (out_val == band && out.1 < band_i) {
                        (out_val, out.1)
                    } else {
                        (band, band_i)
                    };
                    if val > top {
                        top = val;
                        top_state = v * n + i;
                    }
                }
                self.cur[v2 * n + j] = top + log_obs[v2 * n + j];
                #[allow(clippy::cast_possible_truncation)]
                self.ptr.push(top_state as u16);
            }
        }
        std::mem::swap(&mut self.prev, &mut self.cur);
        self.steps += 1;
    }

    /// Backtracks and writes the state path (length = frames stepped) into `states`.
    pub(crate) fn finish(&mut self, states: &mut Vec<usize>) {
        states.clear();
        if self.steps == 0 {
            return;
        }
        let m = 2 * self.n;
        let mut s = 0;
        for (k, &v) in self.prev.iter().enumerate() {
            if v > self.prev[s] {
                s = k;
            }
        }
        states.resize(self.steps, 0);
        states[self.steps - 1] = s;
        for t in (1..self.steps).rev() {
            s = usize::from(self.ptr[(t - 1) * m + s]);
            states[t - 1] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain O(S^2) Viterbi over the same scores (librosa.sequence._viterbi's loop).
    #[allow(clippy::needless_range_loop)]
    fn dense(v: &BandedViterbi, obs: &[Vec<f64>]) -> Vec<usize> {
        let m = 2 * v.n;
        let mut prev: Vec<f64> = obs[0].iter().map(|o| o + v.log_init).collect();
        let mut ptrs = vec![];
        for row in &obs[1..] {
            let mut cur = vec![0.0; m];
            let mut ptr = vec![0usize; m];
            for t in 0..m {
                let (v2, j) = (t / v.n, t % v.n);
                let mut best = f64::NEG_INFINITY;
                for s in 0..m {
                    let c = v.dense_score(prev[s], s / v.n, s % v.n, v2, j);
                    if c > best {
                        best = c;
                        ptr[t] = s;
                    }
                }
                cur[t] = best + row[t];
            }
            ptrs.push(ptr);
            prev = cur;
        }
        let mut s = 0;
        for k in 0..m {
            if prev[k] > prev[s] {
                s = k;
            }
        }
        let mut path = vec![s];
        for p in ptrs.iter().rev() {
            s = p[s];
            path.push(s);
        }
        path.reverse();
        path
    }

    fn banded(v: &mut BandedViterbi, obs: &[Vec<f64>]) -> Vec<usize> {
        v.reset(obs.len());
        for row in obs {
            v.step(row);
        }
        let mut out = vec![];
        v.finish(&mut out);
        out
    }

    /// Tiny deterministic generator (xorshift) so the test needs no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn triangle_rows_match_librosa_transition_local() {
        // librosa.sequence.transition_local(7, 3, window="triangle") row 0 = [2/3, 1/3, 0, ...],
        // row 3 = [0, 0, .25, .5, .25, 0, 0].
        let v = BandedViterbi::new(7, 3, 0.01);
        let t = |i: usize, o: isize| v.log_t[(o + v.below as isize) as usize * v.n + i].exp();
        assert!((t(0, 0) - 2.0 / 3.0).abs() < 1e-12 && (t(0, 1) - 1.0 / 3.0).abs() < 1e-12);
        assert!((t(3, -1) - 0.25).abs() < 1e-12 && (t(3, 0) - 0.5).abs() < 1e-12);
        assert_eq!(triang(4), vec![0.25, 0.75, 0.75, 0.25]);
        assert_eq!(triang(3), vec![0.5, 1.0, 0.5]);
    }

    #[test]
    fn banded_equals_dense_on_random_observations() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for case in 0..40 {
            let n = 3 + case % 9;
            let width = 1 + case % n;
            let mut v = BandedViterbi::new(n, width, 0.01 + 0.1 * rng.next());
            let frames = 2 + case % 13;
            let obs: Vec<Vec<f64>> = (0..frames)
                .map(|_| {
                    (0..2 * n)
                        .map(|_| {
                            let r = rng.next();
                            // quantised values create exact ties; zeros exercise ln(tiny)
                            if case % 3 == 0 {
                                ((r * 4.0).floor() / 4.0 + f64::MIN_POSITIVE).ln()
                            } else if r < 0.3 {
                                LOG_TINY
                            } else {
                                r.ln()
                            }
                        })
                        .collect()
                })
                .collect();
            assert_eq!(banded(&mut v, &obs), dense(&v, &obs), "case {case} n {n} width {width}");
        }
    }

    #[test]
    fn all_equal_observations_pick_lowest_states() {
        let mut v = BandedViterbi::new(5, 3, 0.01);
        let obs = vec![vec![0.0; 10]; 4];
        assert_eq!(banded(&mut v, &obs), dense(&v, &obs));
    }
}
