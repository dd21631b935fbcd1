//! Analysis windows and signal-edge padding, as librosa builds them for `stft`.

/// The analysis window applied to each STFT frame.
///
/// Windows are *periodic* (DFT-even), as `scipy.signal.get_window(name, N, fftbins=True)`
/// returns them and as librosa uses them; a window shorter than `n_fft` is zero-padded on both
/// sides to `n_fft` (`librosa.util.pad_center`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Window {
    /// Periodic Hann: `0.5 - 0.5 cos(2 pi n / N)`.
    #[default]
    Hann,
    /// Periodic Hamming: `0.54 - 0.46 cos(2 pi n / N)`.
    Hamming,
    /// All ones (boxcar).
    Rectangular,
}

impl Window {
    /// The `len` periodic window coefficients, computed in `f64` like scipy.
    #[must_use]
    pub fn coefficients(self, len: usize) -> Vec<f64> {
        // scipy's general_cosine for a periodic window evaluates the symmetric window of
        // length N + 1 and drops the last point, i.e. cos(2 pi n / N).
        let n = len as f64;
        (0..len)
            .map(|i| {
                let c = (2.0 * std::f64::consts::PI * i as f64 / n).cos();
                match self {
                    Self::Hann => 0.5 - 0.5 * c,
                    Self::Hamming => 0.54 - 0.46 * c,
                    Self::Rectangular => 1.0,
                }
            })
            .collect()
    }

    /// Stable lower-case name (`hann`, `hamming`, `rectangular`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Hann => "hann",
            Self::Hamming => "hamming",
            Self::Rectangular => "rectangular",
        }
    }
}

/// How a centred analysis extends the signal beyond its edges (numpy `np.pad` modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PadMode {
    /// Zeros (`mode="constant"`), librosa's default for `stft` since 0.10.
    #[default]
    Constant,
    /// Repeat the edge sample (`mode="edge"`).
    Edge,
    /// Mirror without repeating the edge sample (`mode="reflect"`).
    Reflect,
}

impl PadMode {
    /// Stable lower-case name (`constant`, `edge`, `reflect`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Constant => "constant",
            Self::Edge => "edge",
            Self::Reflect => "reflect",
        }
    }

    /// The value of the padded signal at (possibly out-of-range) index `i`; `y` must be non-empty.
    fn sample(self, y: &[f32], i: isize) -> f32 {
        let n = y.len() as isize;
        if (0..n).contains(&i) {
            return y[i as usize];
        }
        match self {
            Self::Constant => 0.0,
            Self::Edge => {
                if i < 0 {
                    y[0]
                } else {
                    y[y.len() - 1]
                }
            }
            Self::Reflect => {
                if n == 1 {
                    return y[0];
                }
                // numpy's reflect repeats with period 2 (n - 1): fold the index into [0, n).
                let period = 2 * (n - 1);
                let mut k = i.rem_euclid(period);
                if k >= n {
                    k = period - k;
                }
                y[k as usize]
            }
        }
    }
}

/// Copies `out.len()` samples of `y` starting at (possibly negative) index `start`, padding with
/// `mode` outside `y`. `y` must be non-empty.
pub(crate) fn fill_padded(y: &[f32], start: isize, mode: PadMode, out: &mut [f32]) {
    let n = y.len() as isize;
    let len = out.len() as isize;
    if start >= 0 && start + len <= n {
        let s = start as usize;
        out.copy_from_slice(&y[s..s + out.len()]);
        return;
    }
    for (k, o) in out.iter_mut().enumerate() {
        *o = mode.sample(y, start + k as isize);
    }
}

/// The window of `win_length` coefficients centred in `n_fft` zeros, as f32
/// (`librosa.util.pad_center`: left padding `(n_fft - win_length) / 2`).
pub(crate) fn padded_window(window: Window, win_length: usize, n_fft: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; n_fft];
    let lpad = (n_fft - win_length) / 2;
    for (o, w) in out[lpad..lpad + win_length].iter_mut().zip(window.coefficients(win_length)) {
        *o = w as f32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-12;

    #[test]
    fn hann_is_periodic() {
        let w = Window::Hann.coefficients(4);
        let expect = [0.0, 0.5, 1.0, 0.5];
        for (a, b) in w.iter().zip(expect) {
            assert!((a - b).abs() < TOL, "{w:?}");
        }
        let h = Window::Hamming.coefficients(2);
        assert!((h[0] - 0.08).abs() < TOL && (h[1] - 1.0).abs() < TOL);
    }

    #[test]
    fn padding_modes_match_numpy() {
        let y = [1.0, 2.0, 3.0];
        let mut out = [0.0; 9];
        fill_padded(&y, -3, PadMode::Reflect, &mut out);
        // np.pad([1,2,3], 3, mode="reflect") = [2,3,2,1,2,3,2,1,2]
        assert_eq!(out, [2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 1.0, 2.0]);
        fill_padded(&y, -3, PadMode::Edge, &mut out);
        assert_eq!(out, [1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 3.0]);
        fill_padded(&y, -3, PadMode::Constant, &mut out);
        assert_eq!(out, [0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 0.0, 0.0, 0.0]);
        let mut one = [0.0; 3];
        fill_padded(&[5.0], -1, PadMode::Reflect, &mut one);
        assert_eq!(one, [5.0; 3]);
    }

    #[test]
    fn window_is_centred() {
        let w = padded_window(Window::Rectangular, 2, 5);
        assert_eq!(w, vec![0.0, 1.0, 1.0, 0.0, 0.0]);
    }
}
