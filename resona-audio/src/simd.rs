//! Hot loops compiled a second time for AVX2, chosen at run time.
//!
//! The crate is built for the baseline of its target (SSE2 on x86_64), so LLVM vectorises these
//! loops two `f64` lanes wide. Where the CPU has AVX2, the same Rust code compiled with
//! `#[target_feature(enable = "avx2")]` runs four lanes wide. The loops are written so their
//! results do not depend on the vector width (independent lanes, comparisons and selects, no
//! reassociated sums, no fused multiply-add, which AVX2 does not imply), so both builds return the
//! same bits on every machine, checked by the tests below. This is the crate's only `unsafe`: the
//! call of a `target_feature` function after the feature was detected, and the loads and stores
//! of the one kernel written with intrinsics (pYIN's Viterbi band).
#![allow(unsafe_code)]

use crate::pitch::frames::Cmndf;
#[cfg(target_arch = "x86_64")]
use crate::pitch::viterbi::BLOCK;
#[cfg(any(test, target_arch = "x86_64"))]
use crate::pitch::viterbi::Band;
use crate::pitch::viterbi::{self, BandedViterbi};
use crate::voice_quality::points::{self, Sound};
use crate::voice_quality::praat_pitch::PraatPitch;
use realfft::FftNum;
use realfft::num_complex::Complex;

/// One step of pYIN's banded Viterbi ([`BandedViterbi::step_impl`]: the band kernel
/// [`viterbi::band_best`], the out-of-band candidates and the branch-free choice of each
/// target's predecessor), on AVX2 when the CPU has it.
pub(crate) fn viterbi_step(v: &mut BandedViterbi, log_obs: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `viterbi_step_avx2` only requires AVX2, which the CPU has (checked just above).
        return unsafe { viterbi_step_avx2(v, log_obs) };
    }
    v.step_impl(log_obs, viterbi::band_best);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn viterbi_step_avx2(v: &mut BandedViterbi, log_obs: &[f64]) {
    v.step_impl(log_obs, |band, src, best, arg| band_best_x86_avx2(band, src, best, arg));
}

/// [`viterbi::band_best`] written with AVX2 intrinsics: the same adds, strict `>` comparisons
/// and selects, four targets per register and [`BLOCK`] / 4 registers per block.
///
/// This is the one kernel where the compiled Rust loop was not enough: LLVM split the block
/// into one four-lane, one two-lane and two scalar pieces with a branch, and the running maxima
/// waited on each other. Here each register's maximum is its own dependency chain, so the
/// compares of one offset overlap (with the other changes of that commit, pYIN 180 -> 143 ms
/// on 60 s). The loads and stores are the only `unsafe`: each touches four `f64` inside a
/// slice whose bounds were just checked.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(clippy::cast_precision_loss)]
fn band_best_x86_avx2(band: &Band<'_>, src: &[f64], best: &mut [f64], arg: &mut [f64]) {
    use std::arch::x86_64::{
        __m256d, _CMP_GT_OQ, _mm256_add_pd, _mm256_blendv_pd, _mm256_cmp_pd, _mm256_loadu_pd, _mm256_max_pd,
        _mm256_set1_pd, _mm256_storeu_pd,
    };
    const GROUPS: usize = BLOCK / 4;
    let load = |x: &[f64], g: usize| -> __m256d {
        let x = &x[4 * g..4 * g + 4];
        // SAFETY: `x` holds exactly the four f64 read (bounds checked by the slice above).
        unsafe { _mm256_loadu_pd(x.as_ptr()) }
    };
    let span = band.below + band.above;
    let stride = band.stride;
    for (jb, (best, arg)) in best.chunks_exact_mut(BLOCK).zip(arg.chunks_exact_mut(BLOCK)).enumerate() {
        let interior = band.is_interior(jb);
        let mut b = [_mm256_set1_pd(f64::NEG_INFINITY); GROUPS];
        let mut a = [_mm256_set1_pd(0.0); GROUPS];
        // Offsets from +above down to -below: sources in increasing index order, so the strict
        // `>` keeps the lowest source on ties (numpy's argmax), as in the portable kernel.
        for oi in (0..=span).rev() {
            let p0 = jb * BLOCK + span - oi;
            let Some(s) = src.get(p0..p0 + BLOCK) else {
                continue; // unreachable: `stride` covers every block
            };
            let oif = _mm256_set1_pd(oi as f64);
            let mut update = |g: usize, c: __m256d| {
                // `max_pd(c, b)` is `c > b ? c : b` (no NaN here: sums of finite values and
                // -inf), one instruction on the chain from one offset to the next.
                let better = _mm256_cmp_pd::<_CMP_GT_OQ>(c, b[g]);
                b[g] = _mm256_max_pd(c, b[g]);
                a[g] = _mm256_blendv_pd(a[g], oif, better);
            };
            if interior {
                let l = _mm256_set1_pd(band.kernel[oi]);
                for g in 0..GROUPS {
                    update(g, _mm256_add_pd(load(s, g), l));
                }
            } else if let Some(l) = band.log_t.get(oi * stride + p0..oi * stride + p0 + BLOCK) {
                for g in 0..GROUPS {
                    update(g, _mm256_add_pd(load(s, g), load(l, g)));
                }
            }
        }
        for g in 0..GROUPS {
            let (bd, ad) = (&mut best[4 * g..4 * g + 4], &mut arg[4 * g..4 * g + 4]);
            // SAFETY: `bd` and `ad` hold exactly the four f64 written (bounds checked above).
            unsafe {
                _mm256_storeu_pd(bd.as_mut_ptr(), b[g]);
                _mm256_storeu_pd(ad.as_mut_ptr(), a[g]);
            }
        }
    }
}

/// The cumulative mean normalised difference of one frame for YIN and pYIN
/// ([`Cmndf::compute_impl`]: two float32 running sums, then two float64 divisions per lag, four
/// lanes wide on AVX2), on AVX2 when the CPU has it.
pub(crate) fn cmndf(c: &mut Cmndf, frame: &[f32], out: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `cmndf_avx2` only requires AVX2, which the CPU has (checked just above).
        return unsafe { cmndf_avx2(c, frame, out) };
    }
    c.compute_impl(frame, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn cmndf_avx2(c: &mut Cmndf, frame: &[f32], out: &mut [f64]) {
    c.compute_impl(frame, out);
}

/// The split/merge pass of an even-length real FFT ([`crate::fft::pass`]: elementwise on real
/// and imaginary arrays), on AVX2 when the CPU has it.
pub(crate) fn real_fft_pass<T: FftNum, const INVERSE: bool>(
    spec: &mut [Complex<T>],
    twiddles: &[Complex<T>],
    parts: &mut [T],
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `real_fft_pass_avx2` only requires AVX2, which the CPU has (checked just above).
        return unsafe { real_fft_pass_avx2::<T, INVERSE>(spec, twiddles, parts) };
    }
    crate::fft::pass::<T, INVERSE>(spec, twiddles, parts);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn real_fft_pass_avx2<T: FftNum, const INVERSE: bool>(
    spec: &mut [Complex<T>],
    twiddles: &[Complex<T>],
    parts: &mut [T],
) {
    crate::fft::pass::<T, INVERSE>(spec, twiddles, parts);
}

/// [`viterbi::band_best`], on AVX2 when the CPU has it (for the test below).
#[cfg(test)]
fn band_best(band: &Band<'_>, src: &[f64], best: &mut [f64], arg: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `band_best_avx2` only requires AVX2, which the CPU has (checked just above).
        return unsafe { band_best_avx2(band, src, best, arg) };
    }
    viterbi::band_best(band, src, best, arg);
}

#[cfg(all(test, target_arch = "x86_64"))]
#[target_feature(enable = "avx2")]
fn band_best_avx2(band: &Band<'_>, src: &[f64], best: &mut [f64], arg: &mut [f64]) {
    band_best_x86_avx2(band, src, best, arg);
}

/// [`points::pitch_to_points_cc`] (Praat's pulse search: a windowed cross-correlation per
/// candidate lag, four lanes of sums), on AVX2 when the CPU has it.
pub(crate) fn pitch_to_points_cc(s: &Sound<'_>, pitch: &PraatPitch) -> Vec<f64> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `pitch_to_points_cc_avx2` only requires AVX2, which the CPU has (checked just above).
        return unsafe { pitch_to_points_cc_avx2(s, pitch) };
    }
    points::pitch_to_points_cc(s, pitch)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn pitch_to_points_cc_avx2(s: &Sound<'_>, pitch: &PraatPitch) -> Vec<f64> {
    points::pitch_to_points_cc(s, pitch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatched_band_best_equals_the_baseline_build() {
        // Random scores with exact ties, -inf transitions and ln(tiny) sources, over a padded
        // layout (97 targets rounded up to 112).
        let (below, above) = (6, 5);
        let targets = 112;
        let stride = targets + below + above;
        let n_off = below + above + 1;
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let log_t: Vec<f64> = (0..n_off * stride)
            .map(|_| if next() < 0.1 { f64::NEG_INFINITY } else { (next() * 8.0).floor() / -4.0 })
            .collect();
        let kernel: Vec<f64> = (0..n_off).map(|_| (next() * 8.0).floor() / -4.0).collect();
        // Blocks 3 and 4 (of 7) take the constant-kernel path, the others read `log_t`.
        let band = Band { below, above, stride, log_t: &log_t, kernel: &kernel, interior: (3, 5) };
        for _ in 0..20 {
            let src: Vec<f64> = (0..stride)
                .map(|_| if next() < 0.2 { viterbi::LOG_TINY } else { (next() * 16.0).floor() / -2.0 })
                .collect();
            let (mut b1, mut a1, mut b2, mut a2) =
                (vec![0.0; targets], vec![0.0; targets], vec![1.0; targets], vec![1.0; targets]);
            band_best(&band, &src, &mut b1, &mut a1);
            viterbi::band_best(&band, &src, &mut b2, &mut a2);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&b1), bits(&b2));
            assert_eq!(a1, a2);
            assert!(a1.iter().any(|&a| a > 0.0), "the test must exercise more than one offset");
        }
    }

    #[test]
    fn dispatched_pulse_search_equals_the_baseline_build() {
        use crate::voice_quality::praat_pitch::{CcParams, sound_to_pitch_cc};
        // A 130 Hz glottal-like pulse train with 2 % period jitter and some noise.
        let sr = 16_000.0;
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let mut z = vec![0.0f64; 16_000];
        let mut t = 100.0;
        while t < 15_800.0 {
            let period = sr / 130.0 * (1.0 + 0.04 * next());
            for (k, v) in z[t as usize..].iter_mut().take(period as usize).enumerate() {
                *v += (-(k as f64) / 20.0).exp() * (k as f64 * 0.6).sin();
            }
            t += period;
        }
        z.iter_mut().for_each(|v| *v += 0.01 * next());
        let p = CcParams {
            time_step: 0.0,
            min_pitch: 75.0,
            periods_per_window: 1.0,
            max_candidates: 15,
            accurate: false,
            silence_threshold: 0.03,
            voicing_threshold: 0.45,
            octave_cost: 0.01,
            octave_jump_cost: 0.35,
            voiced_unvoiced_cost: 0.14,
            ceiling: 600.0,
            refine_within: None,
        };
        let pitch = sound_to_pitch_cc(&z, sr, &p).unwrap();
        let sound = Sound { z: &z, dx: 1.0 / sr };
        let (a, b) = (pitch_to_points_cc(&sound, &pitch), points::pitch_to_points_cc(&sound, &pitch));
        assert!(a.len() > 100, "{} pulses", a.len());
        assert_eq!(
            a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }
}
