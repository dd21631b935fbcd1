//! Arbitrary detector outputs (any floats, lengths, anchor layouts, thresholds) through
//! BlazeFace decoding and weighted non-maximum suppression: detections or typed errors,
//! never a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use resona_vision::detector::{REGRESSOR_VALUES, decode, ssd_anchors, weighted_nms};

#[derive(Arbitrary, Debug)]
struct Input {
    /// Input side (capped at 256, so at most 256² × 12 anchors).
    size: u16,
    strides: Vec<u8>,
    /// Pass `scores` and `regressors` as given (length errors) instead of cycled to fit.
    raw: bool,
    scores: Vec<f32>,
    regressors: Vec<f32>,
    input_size: f32,
    threshold: f32,
    iou: f32,
    max: u8,
}

fuzz_target!(|input: Input| {
    let strides: Vec<u32> = input.strides.iter().take(6).map(|&s| u32::from(s)).collect();
    let anchors = ssd_anchors(u32::from(input.size % 257), &strides);
    let n = anchors.len();
    let fit = |v: &[f32], len: usize| -> Vec<f32> {
        if v.is_empty() { vec![0.0; len] } else { v.iter().copied().cycle().take(len).collect() }
    };
    let (scores, regressors) = if input.raw {
        (input.scores.clone(), input.regressors.clone())
    } else {
        (fit(&input.scores, n), fit(&input.regressors, n * REGRESSOR_VALUES))
    };
    match decode(&anchors, &scores, &regressors, input.input_size, input.threshold) {
        Ok(dets) => {
            let count = dets.len();
            let kept = weighted_nms(dets, input.iou, usize::from(input.max));
            assert!(kept.len() <= count.min(usize::from(input.max)));
            for d in &kept {
                assert!(d.score.is_finite() && (0.0..=1.0).contains(&d.score));
                assert!(d.width.is_finite() && d.height.is_finite());
            }
        }
        Err(e) => assert!(matches!(e.code(), "non_finite" | "length_mismatch" | "out_of_range"), "{e}"),
    }
});
