//! Pooling of a transformer's token vectors into one vector, and L2 normalisation.

/// sentence-transformers clamps the mask sum at this before dividing (`torch.clamp(min=1e-9)`).
const MASK_SUM_FLOOR: f64 = 1e-9;

/// Attention-mask weighted mean of `hidden` (`tokens × dim`, row-major), accumulated in f64.
/// `mask` has one value per token.
pub(crate) fn mean(hidden: &[f32], mask: &[i64], dim: usize) -> Vec<f32> {
    let mut sum = vec![0.0f64; dim];
    let mut weight = 0.0f64;
    for (row, &m) in hidden.chunks_exact(dim.max(1)).zip(mask) {
        let w = m as f64;
        if w != 0.0 {
            weight += w;
            for (s, &v) in sum.iter_mut().zip(row) {
                *s += w * f64::from(v);
            }
        }
    }
    let weight = weight.max(MASK_SUM_FLOOR);
    sum.into_iter().map(|s| (s / weight) as f32).collect()
}

/// The first token's vector.
pub(crate) fn cls(hidden: &[f32], dim: usize) -> Vec<f32> {
    hidden.iter().take(dim).copied().collect()
}

/// Scales `v` to unit L2 norm; a zero vector stays zero (as `torch.nn.functional.normalize`).
pub(crate) fn l2_normalize(v: &mut [f32]) {
    let norm = v.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>().sqrt();
    if norm > 0.0 {
        for x in v {
            *x = (f64::from(*x) / norm) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_skips_masked_tokens() {
        let hidden = [1.0, 2.0, 3.0, 4.0, 100.0, 100.0];
        assert_eq!(mean(&hidden, &[1, 1, 0], 2), vec![2.0, 3.0]);
        assert_eq!(mean(&hidden, &[0, 0, 0], 2), vec![0.0, 0.0]);
        assert_eq!(cls(&hidden, 2), vec![1.0, 2.0]);
    }

    #[test]
    fn normalize_gives_unit_norm_and_keeps_zero() {
        let mut v = [3.0, 4.0];
        l2_normalize(&mut v);
        assert_eq!(v, [0.6, 0.8]);
        let mut z = [0.0, 0.0];
        l2_normalize(&mut z);
        assert_eq!(z, [0.0, 0.0]);
    }
}
