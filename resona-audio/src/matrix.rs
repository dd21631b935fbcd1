//! [`FeatureMatrix`]: the owned 2-D result of every frame-wise analysis.
//!
//! The layout follows librosa: one row per coefficient (MFCC, mel band, frequency bin) and one
//! column per frame, stored row-major, so `rows x cols` maps to numpy's `(n_mfcc, n_frames)`
//! without a transpose.

/// A dense row-major `rows x cols` matrix of `f32` (rows = coefficients, cols = frames).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FeatureMatrix {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

impl FeatureMatrix {
    /// A `rows x cols` matrix of zeros.
    #[must_use]
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Self { rows, cols, data: vec![0.0; rows * cols] }
    }

    /// Wraps row-major `data`; returns `None` when `data.len() != rows * cols`.
    #[must_use]
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f32>) -> Option<Self> {
        (rows.checked_mul(cols) == Some(data.len())).then_some(Self { rows, cols, data })
    }

    /// Number of rows (coefficients).
    #[must_use]
    pub const fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (frames).
    #[must_use]
    pub const fn cols(&self) -> usize {
        self.cols
    }

    /// `(rows, cols)`, numpy's `shape`.
    #[must_use]
    pub const fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// All values, row-major.
    #[must_use]
    pub fn as_slice(&self) -> &[f32] {
        &self.data
    }

    /// All values, row-major, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [f32] {
        &mut self.data
    }

    /// Row `r` (one coefficient over all frames); `None` when out of range.
    #[must_use]
    pub fn row(&self, r: usize) -> Option<&[f32]> {
        (r < self.rows).then(|| &self.data[r * self.cols..(r + 1) * self.cols])
    }

    /// Value at row `r`, column `c`; `None` when out of range.
    #[must_use]
    pub fn get(&self, r: usize, c: usize) -> Option<f32> {
        (r < self.rows && c < self.cols).then(|| self.data[r * self.cols + c])
    }

    /// Copies column `c` (one frame) into `out`; returns `false` when out of range or `out`
    /// is not `rows` long.
    pub fn column_into(&self, c: usize, out: &mut [f32]) -> bool {
        if c >= self.cols || out.len() != self.rows {
            return false;
        }
        for (r, o) in out.iter_mut().enumerate() {
            *o = self.data[r * self.cols + c];
        }
        true
    }

    /// The values, row-major, consuming the matrix.
    #[must_use]
    pub fn into_vec(self) -> Vec<f32> {
        self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_vec_checks_the_shape() {
        assert!(FeatureMatrix::from_vec(2, 3, vec![0.0; 5]).is_none());
        let m = FeatureMatrix::from_vec(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        assert_eq!(m.row(1), Some(&[4.0, 5.0, 6.0][..]));
        assert_eq!(m.get(0, 2), Some(3.0));
        assert_eq!(m.get(2, 0), None);
        let mut col = [0.0; 2];
        assert!(m.column_into(1, &mut col));
        assert_eq!(col, [2.0, 5.0]);
        assert!(!m.column_into(3, &mut col));
    }
}
