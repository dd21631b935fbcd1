//! Level operations: DC removal, pre-emphasis and peak / RMS normalisation.
//!
//! All take finite samples ([`InputError::NonFinite`] otherwise) and never produce NaN.

use resona_core::{ConfigError, InputError, Result};

/// Lowest target level accepted by the normalisers, in dBFS.
pub const MIN_TARGET_DBFS: f32 = -120.0;

/// Amplitude below which a buffer counts as digital silence and is left unchanged by the
/// normalisers (about -200 dBFS: nothing a real converter produces).
const SILENCE_AMPLITUDE: f64 = 1e-10;

fn check_samples(samples: &[f32]) -> Result<()> {
    if samples.is_empty() {
        return Err(InputError::Empty { what: "audio samples" }.into());
    }
    InputError::check_finite("audio samples", samples)?;
    Ok(())
}

fn check_target(target_dbfs: f32) -> Result<f64> {
    if !(MIN_TARGET_DBFS..=0.0).contains(&target_dbfs) {
        return Err(ConfigError::InvalidParameter {
            name: "target_dbfs",
            value: target_dbfs.to_string(),
            rule: "must be between -120 and 0 dBFS",
        }
        .into());
    }
    Ok(10f64.powf(f64::from(target_dbfs) / 20.0))
}

/// Subtracts the mean (accumulated in f64) and returns it.
pub fn remove_dc(samples: &mut [f32]) -> Result<f32> {
    check_samples(samples)?;
    let mean = samples.iter().map(|&v| f64::from(v)).sum::<f64>() / samples.len() as f64;
    let m = mean as f32;
    samples.iter_mut().for_each(|v| *v -= m);
    Ok(m)
}

fn check_coef(coef: f32) -> Result<()> {
    if !(0.0..1.0).contains(&coef) {
        return Err(
            ConfigError::InvalidParameter { name: "coef", value: coef.to_string(), rule: "must be in [0, 1)" }.into()
        );
    }
    Ok(())
}

/// Pre-emphasis `y[n] = x[n] - coef * x[n-1]`, as `librosa.effects.preemphasis(y, coef=coef)`
/// (librosa 0.11) with its default `zi=None`.
///
/// librosa then initialises the filter state to `zi = 2*x[0] - x[1]` ("linear extrapolation")
/// and `scipy.signal.lfilter` adds that state as is, so `y[0] = x[0] + 2*x[0] - x[1]` =
/// `3*x[0] - x[1]` whatever `coef` is; this function mirrors that. A one-sample input (where
/// librosa fails) gives `(1 - coef) * x[0]`. `coef` must lie in `[0, 1)`; librosa's default
/// is 0.97.
pub fn pre_emphasis(samples: &[f32], coef: f32) -> Result<Vec<f32>> {
    let mut out = samples.to_vec();
    pre_emphasis_in_place(&mut out, coef)?;
    Ok(out)
}

/// In-place [`pre_emphasis`].
pub fn pre_emphasis_in_place(samples: &mut [f32], coef: f32) -> Result<()> {
    check_coef(coef)?;
    check_samples(samples)?;
    let first = samples[0];
    let zi = match samples.get(1) {
        Some(&second) => 2.0 * first - second,
        None => -coef * first,
    };
    let mut prev = first;
    for v in samples.iter_mut().skip(1) {
        let x = *v;
        *v = x - coef * prev;
        prev = x;
    }
    samples[0] = first + zi;
    Ok(())
}

/// Scales `samples` so that the peak magnitude is `target_dbfs` (in `[-120, 0]`) and returns
/// the linear gain applied. Digital silence (peak below 1e-10) is left unchanged (gain 1).
pub fn normalize_peak(samples: &mut [f32], target_dbfs: f32) -> Result<f32> {
    let target = check_target(target_dbfs)?;
    check_samples(samples)?;
    let peak = f64::from(crate::spectral::max_abs(samples));
    Ok(apply_gain(samples, peak, target))
}

/// Scales `samples` so that their RMS is `target_dbfs` (in `[-120, 0]`) and returns the linear
/// gain applied. Digital silence (RMS below 1e-10) is left unchanged (gain 1). The result may
/// exceed 1.0 in magnitude (RMS normalisation does not limit peaks).
pub fn normalize_rms(samples: &mut [f32], target_dbfs: f32) -> Result<f32> {
    let target = check_target(target_dbfs)?;
    check_samples(samples)?;
    let ms = samples.iter().map(|&v| f64::from(v) * f64::from(v)).sum::<f64>() / samples.len() as f64;
    Ok(apply_gain(samples, ms.sqrt(), target))
}

fn apply_gain(samples: &mut [f32], level: f64, target: f64) -> f32 {
    if level < SILENCE_AMPLITUDE {
        return 1.0;
    }
    // Clamp so that a huge gain cannot overflow f32 (a 1e-10 level raised to 0 dBFS is 1e10).
    let gain = (target / level).min(f64::from(f32::MAX) / 4.0) as f32;
    samples.iter_mut().for_each(|v| *v = (*v * gain).clamp(-f32::MAX, f32::MAX));
    gain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_emphasis_matches_librosa() {
        // librosa.effects.preemphasis(np.array([0.1, 0.5, -0.3, 0.2, 0.0], dtype=np.float32))
        // with librosa 0.11.0 / scipy 1.17.1.
        let want = [-0.200_000_02, 0.403, -0.785, 0.491, -0.194];
        let got = pre_emphasis(&[0.1, 0.5, -0.3, 0.2, 0.0], 0.97).unwrap();
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{got:?}");
        }
        // coef = 0.5
        let want = [-0.2, 0.45, -0.55, 0.35, -0.1];
        let got = pre_emphasis(&[0.1, 0.5, -0.3, 0.2, 0.0], 0.5).unwrap();
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{got:?}");
        }
    }

    #[test]
    fn normalisers() {
        let mut x = vec![0.1, -0.25, 0.05];
        let g = normalize_peak(&mut x, -6.0).unwrap();
        assert!((x[1].abs() - 10f32.powf(-6.0 / 20.0)).abs() < 1e-6 && (g - 4.0 * 0.501_187_2).abs() < 1e-5);
        let mut z = vec![0.0; 8];
        assert_eq!(normalize_rms(&mut z, -20.0).unwrap(), 1.0);
        assert!(z.iter().all(|v| *v == 0.0));
        assert_eq!(normalize_rms(&mut x, 3.0).unwrap_err().code(), "invalid_parameter");
        let mut dc = vec![1.0, 2.0, 3.0];
        assert_eq!(remove_dc(&mut dc).unwrap(), 2.0);
        assert_eq!(dc, vec![-1.0, 0.0, 1.0]);
    }
}
