//! MediaPipe BlazeFace face detection: SSD anchors, box and six-keypoint decoding, weighted
//! non-maximum suppression.
//!
//! The decoding follows MediaPipe's `TensorsToDetectionsCalculator` and
//! `NonMaxSuppressionCalculator` as configured in `face_detection_back.pbtxt` /
//! `face_detection_front.pbtxt`: anchors from `SsdAnchorsCalculator` with fixed anchor size 1,
//! regressors divided by the input size, sigmoid scores clipped at ±100, weighted NMS with
//! IoU threshold 0.3. The functions here take raw arrays and are public so hosts (and fuzz
//! targets) can decode other BlazeFace exports.

use resona_core::{InputError, Result};

/// Number of values per anchor in the regressor output: box (4) and six keypoints (12).
pub const REGRESSOR_VALUES: usize = 16;

/// Number of keypoints BlazeFace predicts.
pub const KEYPOINTS: usize = 6;

/// MediaPipe's `score_clipping_thresh`: logits are clipped to ±100 before the sigmoid.
const SCORE_CLIP: f32 = 100.0;

/// Decoded boxes further than this outside the unit square (in input-size units) are dropped
/// as garbage rather than carried into IoU arithmetic.
const COORD_BOUND: f32 = 4.0;

/// The six BlazeFace keypoints, in model output order. "Right" and "left" are the subject's:
/// in an unmirrored photo the right eye is on the image's left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Keypoint {
    /// Centre of the subject's right eye.
    RightEye = 0,
    /// Centre of the subject's left eye.
    LeftEye = 1,
    /// Nose tip.
    NoseTip = 2,
    /// Mouth centre.
    Mouth = 3,
    /// Right ear tragion.
    RightEar = 4,
    /// Left ear tragion.
    LeftEar = 5,
}

/// An SSD anchor centre in normalised input coordinates (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Anchor {
    /// Centre x.
    pub x: f32,
    /// Centre y.
    pub y: f32,
}

/// Generates MediaPipe SSD anchors for a square input of `input_size` pixels: for each run
/// of equal `strides`, a `ceil(size / stride)` grid with two anchors per stride in the run,
/// centred at `(i + 0.5) / grid` (`SsdAnchorsCalculator`, `fixed_anchor_size: true`,
/// aspect ratio 1 and interpolated scale 1).
#[must_use]
pub fn ssd_anchors(input_size: u32, strides: &[u32]) -> Vec<Anchor> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < strides.len() {
        let stride = strides[i].max(1);
        let mut per_cell = 0;
        while i < strides.len() && strides[i].max(1) == stride {
            per_cell += 2;
            i += 1;
        }
        let grid = input_size.div_ceil(stride);
        for y in 0..grid {
            for x in 0..grid {
                let anchor = Anchor { x: (x as f32 + 0.5) / grid as f32, y: (y as f32 + 0.5) / grid as f32 };
                out.extend(std::iter::repeat_n(anchor, per_cell));
            }
        }
    }
    out
}

/// A detected face in normalised detector-input coordinates (0..1 across the letterboxed
/// square), before mapping back to the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RawDetection {
    /// Sigmoid score in [0, 1].
    pub score: f32,
    /// Box centre x.
    pub cx: f32,
    /// Box centre y.
    pub cy: f32,
    /// Box width (> 0).
    pub width: f32,
    /// Box height (> 0).
    pub height: f32,
    /// Keypoints `(x, y)` in [`Keypoint`] order.
    pub keypoints: [[f32; 2]; KEYPOINTS],
}

impl RawDetection {
    fn area(&self) -> f32 {
        self.width * self.height
    }

    /// Intersection over union of two boxes; 0 when either is empty.
    #[must_use]
    pub fn iou(&self, other: &Self) -> f32 {
        let ix = (self.cx + self.width / 2.0).min(other.cx + other.width / 2.0)
            - (self.cx - self.width / 2.0).max(other.cx - other.width / 2.0);
        let iy = (self.cy + self.height / 2.0).min(other.cy + other.height / 2.0)
            - (self.cy - self.height / 2.0).max(other.cy - other.height / 2.0);
        let inter = ix.max(0.0) * iy.max(0.0);
        let union = self.area() + other.area() - inter;
        if union > 0.0 && inter.is_finite() { inter / union } else { 0.0 }
    }
}

/// Decodes BlazeFace outputs: `scores` holds one logit per anchor, `regressors`
/// [`REGRESSOR_VALUES`] values per anchor (`dx, dy, w, h, kx0, ky0, …`, in input pixels).
/// Keeps candidates whose sigmoid score is at least `score_threshold`.
///
/// Errors: [`InputError::LengthMismatch`] when the arrays do not match the anchors,
/// [`InputError::NonFinite`] for NaN or infinite values. Finite but absurd regressions give
/// boxes far outside the frame, which are dropped; nothing panics.
pub fn decode(
    anchors: &[Anchor],
    scores: &[f32],
    regressors: &[f32],
    input_size: f32,
    score_threshold: f32,
) -> Result<Vec<RawDetection>> {
    if scores.len() != anchors.len() {
        return Err(InputError::LengthMismatch {
            what: "detector scores",
            expected: anchors.len(),
            received: scores.len(),
        }
        .into());
    }
    let expected = anchors.len().saturating_mul(REGRESSOR_VALUES);
    if regressors.len() != expected {
        return Err(
            InputError::LengthMismatch { what: "detector regressors", expected, received: regressors.len() }.into()
        );
    }
    InputError::check_finite("detector scores", scores)?;
    InputError::check_finite("detector regressors", regressors)?;
    if !(input_size.is_finite() && input_size > 0.0) {
        return Err(InputError::OutOfRange {
            what: "detector input size",
            index: 0,
            value: input_size.to_string(),
            rule: "finite and > 0",
        }
        .into());
    }
    let mut out = Vec::new();
    for ((anchor, &logit), reg) in anchors.iter().zip(scores).zip(regressors.chunks_exact(REGRESSOR_VALUES)) {
        let score = 1.0 / (1.0 + (-logit.clamp(-SCORE_CLIP, SCORE_CLIP)).exp());
        // A NaN threshold keeps nothing.
        if score.partial_cmp(&score_threshold).is_none_or(|o| o.is_lt()) {
            continue;
        }
        let mut keypoints = [[0.0f32; 2]; KEYPOINTS];
        for (k, kp) in keypoints.iter_mut().enumerate() {
            *kp = [anchor.x + reg[4 + 2 * k] / input_size, anchor.y + reg[5 + 2 * k] / input_size];
        }
        let det = RawDetection {
            score,
            cx: anchor.x + reg[0] / input_size,
            cy: anchor.y + reg[1] / input_size,
            width: reg[2] / input_size,
            height: reg[3] / input_size,
            keypoints,
        };
        let sane = |v: f32| v.is_finite() && v.abs() <= COORD_BOUND;
        let ok = det.width > 0.0
            && det.height > 0.0
            && [det.cx, det.cy, det.width, det.height].into_iter().all(sane)
            && det.keypoints.iter().flatten().copied().all(sane);
        if ok {
            out.push(det);
        }
    }
    Ok(out)
}

/// Weighted non-maximum suppression (MediaPipe's `WEIGHTED` algorithm, as in BlazeFace):
/// repeatedly takes the best remaining candidate, gathers every candidate overlapping it by
/// more than `iou_threshold`, and replaces them with their score-weighted average box and
/// keypoints, keeping the best score. Returns at most `max` faces, best first.
#[must_use]
pub fn weighted_nms(mut candidates: Vec<RawDetection>, iou_threshold: f32, max: usize) -> Vec<RawDetection> {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(top) = candidates.first().copied() {
        if out.len() >= max {
            break;
        }
        let (group, rest): (Vec<RawDetection>, Vec<RawDetection>) =
            candidates.into_iter().partition(|c| c.iou(&top) > iou_threshold || *c == top);
        candidates = rest;
        let total: f32 = group.iter().map(|c| c.score).sum();
        let mut merged = top;
        if group.len() > 1 && total > 0.0 {
            let avg = |f: &dyn Fn(&RawDetection) -> f32| group.iter().map(|c| c.score * f(c)).sum::<f32>() / total;
            merged.cx = avg(&|c| c.cx);
            merged.cy = avg(&|c| c.cy);
            merged.width = avg(&|c| c.width);
            merged.height = avg(&|c| c.height);
            for k in 0..KEYPOINTS {
                merged.keypoints[k] = [avg(&|c| c.keypoints[k][0]), avg(&|c| c.keypoints[k][1])];
            }
        }
        out.push(merged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn anchor_counts_match_blazeface_outputs() {
        // Back model: 16x16x2 + 8x8x6 = 896; front: the same counts at half the size.
        let back = ssd_anchors(256, &[16, 32, 32, 32]);
        assert_eq!(back.len(), 896);
        assert_eq!(back[0], Anchor { x: 0.5 / 16.0, y: 0.5 / 16.0 });
        assert_eq!(back[1], back[0]);
        assert_eq!(back[512], Anchor { x: 0.5 / 8.0, y: 0.5 / 8.0 });
        assert_eq!(ssd_anchors(128, &[8, 16, 16, 16]), back);
    }

    #[test]
    fn decode_applies_mediapipe_formulas() {
        let anchors = [Anchor { x: 0.5, y: 0.25 }];
        let mut reg = [0.0f32; 16];
        reg[..4].copy_from_slice(&[12.8, -25.6, 64.0, 32.0]);
        reg[4] = 128.0;
        let d = decode(&anchors, &[0.0], &reg, 128.0, 0.5).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].score, 0.5);
        assert!((d[0].cx - 0.6).abs() < 1e-6 && (d[0].cy - 0.05).abs() < 1e-6);
        assert_eq!((d[0].width, d[0].height), (0.5, 0.25));
        assert_eq!(d[0].keypoints[0], [1.5, 0.25]);
        assert!(decode(&anchors, &[-0.1], &reg, 128.0, 0.5).unwrap().is_empty());
    }

    #[test]
    fn decode_rejects_bad_arrays() {
        let anchors = ssd_anchors(128, &[8, 16, 16, 16]);
        let reg = vec![0.0; anchors.len() * 16];
        assert_eq!(decode(&anchors, &[0.0; 3], &reg, 128.0, 0.5).unwrap_err().code(), "length_mismatch");
        let mut scores = vec![0.0; anchors.len()];
        scores[7] = f32::NAN;
        assert_eq!(decode(&anchors, &scores, &reg, 128.0, 0.5).unwrap_err().code(), "non_finite");
    }

    #[test]
    fn weighted_nms_merges_overlaps() {
        let base = RawDetection { score: 0.9, cx: 0.5, cy: 0.5, width: 0.2, height: 0.2, keypoints: [[0.5; 2]; 6] };
        let shifted = RawDetection { score: 0.6, cx: 0.52, ..base };
        let apart = RawDetection { score: 0.7, cx: 0.1, ..base };
        let out = weighted_nms(vec![shifted, apart, base], 0.3, 10);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].score, 0.9);
        assert!((out[0].cx - (0.9 * 0.5 + 0.6 * 0.52) / 1.5).abs() < 1e-6);
        assert_eq!(out[1].cx, 0.1);
        assert_eq!(weighted_nms(vec![base, apart], 0.3, 1).len(), 1);
    }

    fn any_f32() -> impl Strategy<Value = f32> {
        prop_oneof![
            4 => -300.0f32..300.0,
            1 => Just(f32::NAN),
            1 => Just(f32::INFINITY),
            1 => Just(f32::MAX),
            1 => Just(-f32::MAX),
            1 => Just(f32::MIN_POSITIVE),
        ]
    }

    proptest! {
        #[test]
        fn decoding_never_panics(
            size in 1u32..300,
            strides in proptest::collection::vec(0u32..40, 0..5),
            values in proptest::collection::vec(any_f32(), 0..2000),
            threshold in any_f32(),
            iou in any_f32(),
        ) {
            let anchors = ssd_anchors(size.min(64), &strides);
            let n = anchors.len();
            let scores: Vec<f32> = values.iter().copied().cycle().take(n).collect();
            let regs: Vec<f32> = values.iter().copied().cycle().skip(3).take(n * 16).collect();
            match decode(&anchors, &scores, &regs, size as f32, threshold) {
                Ok(dets) => {
                    for d in weighted_nms(dets, iou, 50) {
                        prop_assert!(d.score.is_finite() && d.width > 0.0 && d.height > 0.0);
                    }
                }
                Err(e) => prop_assert!(matches!(e.code(), "non_finite" | "length_mismatch")),
            }
        }
    }
}
