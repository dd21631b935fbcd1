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

/// 2^52: `x + 2^52` holds an integer `0 <= x < 2^52` exactly in its low mantissa bits.
const TWO_POW_52: f64 = 4_503_599_627_370_496.0;

/// Planned banded transition structure and decoding buffers.
#[derive(Debug, Clone)]
pub(crate) struct BandedViterbi {
    n: usize,
    /// A source `i` reaches targets `i - below ..= i + above`.
    below: usize,
    above: usize,
    /// `ln T[i, i + o]` stored at `(o + below) * stride + above + i` (see [`Band`]);
    /// `NEG_INFINITY` where `i` or `i + o` is outside `0..n`.
    log_t: Vec<f64>,
    /// Row length of `log_t` and of `src`: [`Band::stride`].
    stride: usize,
    /// `ln T[i, i + o]` per offset index of an interior row (see [`Band::kernel`]).
    kernel: Vec<f64>,
    /// Blocks of targets whose every source is an interior row (see [`Band::interior`]).
    interior: (usize, usize),
    /// One layer of `prev` with `above` leading and `below + padding` trailing `-inf` sources.
    src: Vec<f64>,
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
    /// Per target: the out-of-band candidate's score and source index.
    oob_val: [Vec<f64>; 2],
    oob_idx: [Vec<u32>; 2],
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
        let stride = Band::stride_for(n, below, above);
        let mut log_t = vec![f64::NEG_INFINITY; n_off * stride];
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
                    log_t[oi * stride + above + i] = (v / sum).ln();
                }
            }
        }
        // Rows `below ..= n - 1 - above` keep the whole band, so their weights, sums and
        // logarithms are the same computation and the same bits: one kernel serves them all.
        // Target `j` reads sources `j - above ..= j + below`; a block is interior when all of
        // those rows are.
        let (kernel, interior) = if n > below + above {
            let kernel: Vec<f64> = (0..n_off).map(|oi| log_t[oi * stride + above + below]).collect();
            let first = (below + above).div_ceil(BLOCK);
            let end = (n - below - above) / BLOCK; // blocks with jb * BLOCK + BLOCK - 1 + below <= n - 1 - above
            (kernel, (first, end.max(first)))
        } else {
            (vec![f64::NEG_INFINITY; n_off], (0, 0))
        };
        #[allow(clippy::cast_precision_loss)]
        let log_init = (1.0 / (2 * n) as f64 + f64::MIN_POSITIVE).ln();
        Self {
            n,
            below,
            above,
            log_t,
            stride,
            kernel,
            interior,
            src: vec![f64::NEG_INFINITY; stride],
            log_stay: (1.0 - switch_prob).ln(),
            log_switch: switch_prob.ln(),
            log_init,
            prev: vec![0.0; 2 * n],
            cur: vec![0.0; 2 * n],
            best: [vec![0.0; stride - below - above], vec![0.0; stride - below - above]],
            arg: [vec![0.0; stride - below - above], vec![0.0; stride - below - above]],
            prefix: [vec![(0.0, 0); n + 1], vec![(0.0, 0); n + 1]],
            suffix: [vec![(0.0, 0); n + 1], vec![(0.0, 0); n + 1]],
            oob_val: [vec![0.0; n], vec![0.0; n]],
            oob_idx: [vec![0; n], vec![0; n]],
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
        let lt = if in_band {
            self.log_t[(o + self.below as isize) as usize * self.stride + self.above + i]
        } else {
            f64::NEG_INFINITY
        };
        if lt.is_finite() {
            (prev + lt) + if v == v2 { self.log_stay } else { self.log_switch }
        } else {
            prev + LOG_TINY
        }
    }

    /// Adds one frame of log observation probabilities (`2 n` values: voiced bins, then unvoiced).
    pub(crate) fn step(&mut self, log_obs: &[f64]) {
        crate::simd::viterbi_step(self, log_obs);
    }

    /// [`BandedViterbi::step`], inlined into both builds of [`crate::simd::viterbi_step`], with
    /// the band kernel `band_best` ([`band_best`] or its AVX2 form, same bits).
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // `v` (layer) indexes several parallel per-layer arrays
    pub(crate) fn step_impl(&mut self, log_obs: &[f64], band_best: impl Fn(&Band<'_>, &[f64], &mut [f64], &mut [f64])) {
        let n = self.n;
        if self.steps == 0 {
            for (c, &o) in self.prev.iter_mut().zip(log_obs) {
                *c = o + self.log_init;
            }
            self.steps = 1;
            return;
        }
        let band = Band {
            below: self.below,
            above: self.above,
            stride: self.stride,
            log_t: &self.log_t,
            kernel: &self.kernel,
            interior: self.interior,
        };
        for v in 0..2 {
            self.src[self.above..self.above + n].copy_from_slice(&self.prev[v * n..(v + 1) * n]);
            band_best(&band, &self.src, &mut self.best[v], &mut self.arg[v]);
        }
        // Out-of-band candidate of each target: its best source outside the band (lowest index
        // on ties) plus ln(tiny). Such a source scores at most max(src) + ln(tiny), so a layer
        // whose every in-band best beats that (an observation of ln(tiny) is what makes a source
        // that weak; usually the unvoiced layer) gets -inf candidates and skips the scans.
        let (below, above) = (self.below, self.above);
        let lp_min = self.log_stay.min(self.log_switch);
        let mut any_oob = false;
        for v in 0..2 {
            let src = &self.prev[v * n..(v + 1) * n];
            let floor = src.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x)) + LOG_TINY;
            let (ov, oi) = (&mut self.oob_val[v], &mut self.oob_idx[v]);
            if !self.best[v][..n].iter().any(|&b| b + lp_min <= floor) {
                ov.fill(f64::NEG_INFINITY);
                oi.fill(0);
                continue;
            }
            any_oob = true;
            // prefix[k] = first argmax of src[..k], suffix[k] = of src[k..] (leftmost too).
            let (pre, suf) = (&mut self.prefix[v], &mut self.suffix[v]);
            let (mut m, mut a) = (f64::NEG_INFINITY, 0u32);
            pre[0] = (m, a);
            for (k, (&x, p)) in src.iter().zip(&mut pre[1..]).enumerate() {
                let better = x > m;
                m = if better { x } else { m };
                #[allow(clippy::cast_possible_truncation)]
                let k = k as u32;
                a = if better { k } else { a };
                *p = (m, a);
            }
            let (mut m, mut a) = (f64::NEG_INFINITY, 0u32);
            suf[n] = (m, a);
            for (k, (&x, p)) in src.iter().zip(&mut suf[..n]).enumerate().rev() {
                let better = x >= m;
                m = if better { x } else { m };
                #[allow(clippy::cast_possible_truncation)]
                let k = k as u32;
                a = if better { k } else { a };
                *p = (m, a);
            }
            // Sources i < j - above (prefix, lower indices: they win ties) or i > j + below.
            for (j, (ov, oi)) in ov[..n].iter_mut().zip(&mut oi[..n]).enumerate() {
                let left = if j > above { pre[j - above] } else { (f64::NEG_INFINITY, 0) };
                let right = if j + below + 1 < n { suf[j + below + 1] } else { (f64::NEG_INFINITY, 0) };
                let out = if right.0 > left.0 { right } else { left };
                *ov = out.0 + LOG_TINY;
                *oi = out.1;
            }
        }
        // Best predecessor of every target: per source layer the better of the in-band best and
        // the out-of-band candidate (lower index on ties), then the better layer, layer 0 on
        // ties as it comes first in state order; a target with no finite predecessor points at
        // state 0, as numpy's argmax of all -inf. Branch-free.
        let base = self.ptr.len();
        self.ptr.resize(base + 2 * n, 0);
        let ptr = &mut self.ptr[base..];
        if !any_oob {
            // The usual frame: no out-of-band candidate anywhere, so each target is the better
            // of its two in-band bests. The same choices as the general loop below (whose
            // out-of-band candidates would all be -inf), in a form that vectorises.
            #[allow(clippy::cast_precision_loss)]
            let (belowf, nf) = (below as f64, n as f64);
            for v2 in 0..2 {
                let lp = if v2 == 0 { [self.log_stay, self.log_switch] } else { [self.log_switch, self.log_stay] };
                let (cur, obs, ptr) = (
                    &mut self.cur[v2 * n..(v2 + 1) * n],
                    &log_obs[v2 * n..(v2 + 1) * n],
                    &mut ptr[v2 * n..(v2 + 1) * n],
                );
                let (b0, b1, a0, a1) = (&self.best[0][..n], &self.best[1][..n], &self.arg[0][..n], &self.arg[1][..n]);
                for j in 0..n {
                    let (c0, c1) = (b0[j] + lp[0], b1[j] + lp[1]);
                    let pick1 = c1 > c0;
                    cur[j] = if pick1 { c1 } else { c0 } + obs[j];
                    #[allow(clippy::cast_precision_loss)]
                    let jf = j as f64 + belowf;
                    let s0 = if c0 > f64::NEG_INFINITY { jf - a0[j] } else { 0.0 };
                    let s1 = jf - a1[j] + nf;
                    // The state is an exact integer below 2 n <= u16::MAX (pyin.rs
                    // MAX_PITCH_STATES); adding 2^52 puts it in the low mantissa bits, a
                    // conversion that vectorises where `as u16` (saturating) does not.
                    let state = (if pick1 { s1 } else { s0 }) + TWO_POW_52;
                    #[allow(clippy::cast_possible_truncation)]
                    let state = state.to_bits() as u16;
                    ptr[j] = state;
                }
            }
            std::mem::swap(&mut self.prev, &mut self.cur);
            self.steps += 1;
            return;
        }
        for v2 in 0..2 {
            let lp = if v2 == 0 { [self.log_stay, self.log_switch] } else { [self.log_switch, self.log_stay] };
            let layer = |v: usize, j: usize| {
                let band = self.best[v][j] + lp[v];
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let bi = (j + below - self.arg[v][j] as usize) as u32;
                let (ov, oi) = (self.oob_val[v][j], self.oob_idx[v][j]);
                let take = ov > band || (ov == band && oi < bi);
                (if take { ov } else { band }, if take { oi } else { bi })
            };
            for j in 0..n {
                let ((c0, s0), (c1, s1)) = (layer(0, j), layer(1, j));
                let pick1 = c1 > c0;
                self.cur[v2 * n + j] = if pick1 { c1 } else { c0 } + log_obs[v2 * n + j];
                #[allow(clippy::cast_possible_truncation)]
                let s1 = s1 + n as u32;
                let s0 = if c0 > f64::NEG_INFINITY { s0 } else { 0 };
                #[allow(clippy::cast_possible_truncation)]
                let state = (if pick1 { s1 } else { s0 }) as u16;
                ptr[v2 * n + j] = state;
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

/// The banded transition as [`band_best`] reads it. Sources are padded with `-inf` on both sides
/// and targets rounded up to whole blocks of [`BLOCK`], so the kernel has no edge cases: source
/// `i` (`-above <= i < n + below` once padded) sits at `above + i` in a row of `stride` values.
pub(crate) struct Band<'a> {
    pub(crate) below: usize,
    pub(crate) above: usize,
    /// `ceil(n / BLOCK) * BLOCK + below + above`.
    pub(crate) stride: usize,
    /// `ln T`, one padded row per band offset index `oi = o + below`.
    pub(crate) log_t: &'a [f64],
    /// `ln T` per band offset index for the interior rows, which all hold the same values.
    pub(crate) kernel: &'a [f64],
    /// Blocks `first..end` whose targets read interior rows only: they add `kernel[oi]`, a
    /// constant, instead of loading a row of `log_t` per offset.
    pub(crate) interior: (usize, usize),
}

/// Targets per block of [`band_best`]: four AVX2 registers, whose running maxima are four
/// independent dependency chains (two were bound by the latency of the compare and select).
pub(crate) const BLOCK: usize = 16;

impl Band<'_> {
    /// Whether block `jb` reads interior rows only (adds [`Band::kernel`]).
    pub(crate) fn is_interior(&self, jb: usize) -> bool {
        (self.interior.0..self.interior.1).contains(&jb)
    }

    fn stride_for(n: usize, below: usize, above: usize) -> usize {
        n.div_ceil(BLOCK) * BLOCK + below + above
    }
}

/// Best in-band source of every target: `best[j]` is the highest `src[i] + ln T[i, j]` and
/// `arg[j]` its band offset index (`i = j + below - arg[j]`); `src` is one padded row. Targets
/// past the real `n` get values that are never read.
///
/// Most of pYIN's time is spent here. Each block of targets keeps its running best in registers
/// across all band offsets and is stored once: the straightforward loop over offsets with
/// `best[j]` in memory made LLVM emit masked stores that the next offset reloads, slower on AVX2
/// than on SSE2. Interior blocks add one constant per offset; only the blocks at the two ends of
/// the pitch range, where rows are renormalised, read `log_t`, whose rows are 41 cache lines
/// apart. [`crate::simd`] runs this compiled for AVX2 where the CPU has it (same bits).
#[inline(always)]
pub(crate) fn band_best(band: &Band<'_>, src: &[f64], best: &mut [f64], arg: &mut [f64]) {
    let stride = band.stride;
    for (jb, (best, arg)) in best.chunks_exact_mut(BLOCK).zip(arg.chunks_exact_mut(BLOCK)).enumerate() {
        let interior = band.is_interior(jb);
        let (b, a) = if interior {
            block_best(src, jb, band, |oi, _| [band.kernel[oi]; BLOCK])
        } else {
            block_best(src, jb, band, |oi, p0| {
                let mut l = [f64::NEG_INFINITY; BLOCK];
                if let Some(row) = band.log_t.get(oi * stride + p0..oi * stride + p0 + BLOCK) {
                    l.copy_from_slice(row); // always: `stride` covers every block
                }
                l
            })
        };
        best.copy_from_slice(&b);
        arg.copy_from_slice(&a);
    }
}

/// [`band_best`] for the block of targets `jb * BLOCK ..`, with `log_t(oi, p0)` giving the
/// `ln T` of its [`BLOCK`] sources at offset index `oi` (padded source position `p0`).
#[inline(always)]
fn block_best(
    src: &[f64],
    jb: usize,
    band: &Band<'_>,
    log_t: impl Fn(usize, usize) -> [f64; BLOCK],
) -> ([f64; BLOCK], [f64; BLOCK]) {
    let mut b = [f64::NEG_INFINITY; BLOCK];
    let mut a = [0.0f64; BLOCK];
    // Sources in increasing index order for every target (offset o from +above down to
    // -below), so a strict `>` keeps the lowest source on ties, as numpy's argmax.
    for oi in (0..=band.below + band.above).rev() {
        // Source of target j0 + k at offset index oi, in padded coordinates.
        let p0 = jb * BLOCK + band.below + band.above - oi;
        let Some(s) = src.get(p0..p0 + BLOCK) else {
            continue; // unreachable: `stride` covers every block
        };
        let l = log_t(oi, p0);
        #[allow(clippy::cast_precision_loss)]
        let oif = oi as f64;
        for k in 0..BLOCK {
            let c = s[k] + l[k];
            let better = c > b[k];
            b[k] = if better { c } else { b[k] };
            a[k] = if better { oif } else { a[k] };
        }
    }
    (b, a)
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
        let t = |i: usize, o: isize| v.log_t[(o + v.below as isize) as usize * v.stride + v.above + i].exp();
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
    fn interior_rows_share_the_kernel_and_long_ranges_decode_as_dense() {
        // pYIN's real shape (385 bins, width 41) has interior blocks; every interior row must
        // hold the kernel's bits, and a smaller range with interior blocks must decode exactly.
        for (n, width) in [(385, 41), (120, 21), (64, 8), (40, 33)] {
            let v = BandedViterbi::new(n, width, 0.01);
            for i in v.below..n - v.above {
                for oi in 0..=v.below + v.above {
                    assert_eq!(v.log_t[oi * v.stride + v.above + i].to_bits(), v.kernel[oi].to_bits(), "n {n} row {i}");
                }
            }
            let (first, end) = v.interior;
            for jb in first..end {
                let j0 = jb * BLOCK;
                assert!(j0 >= v.below + v.above && j0 + BLOCK - 1 + v.below + v.above < n, "n {n} block {jb}");
            }
            if n == 385 {
                assert!((end - first) * BLOCK >= 280, "most of pYIN's targets are interior: {first}..{end}");
            }
        }
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for (n, width) in [(120, 21), (64, 8)] {
            let mut v = BandedViterbi::new(n, width, 0.02);
            assert!(v.interior.1 > v.interior.0);
            let obs: Vec<Vec<f64>> = (0..12)
                .map(|_| {
                    (0..2 * n)
                        .map(|_| {
                            let r = rng.next();
                            if r < 0.5 { LOG_TINY } else { ((r * 8.0).floor() / 8.0).ln() }
                        })
                        .collect()
                })
                .collect();
            assert_eq!(banded(&mut v, &obs), dense(&v, &obs), "n {n} width {width}");
        }
    }

    #[test]
    fn frames_without_out_of_band_candidates_decode_as_dense() {
        // Observations well above ln(tiny) never make an out-of-band source competitive, so
        // every step takes the vectorised in-band path; quantised values make exact ties.
        let mut rng = Rng(0x0bad_cafe_f00d_d00d);
        for (n, width) in [(120, 21), (37, 5), (9, 9)] {
            let mut v = BandedViterbi::new(n, width, 0.05);
            let obs: Vec<Vec<f64>> =
                (0..15).map(|_| (0..2 * n).map(|_| -((rng.next() * 6.0).floor() / 2.0)).collect()).collect();
            assert_eq!(banded(&mut v, &obs), dense(&v, &obs), "n {n} width {width}");
        }
    }

    #[test]
    fn all_equal_observations_pick_lowest_states() {
        let mut v = BandedViterbi::new(5, 3, 0.01);
        let obs = vec![vec![0.0; 10]; 4];
        assert_eq!(banded(&mut v, &obs), dense(&v, &obs));
    }
}
