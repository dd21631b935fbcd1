//! Arbitrary floats and label lists into EmotionScores: valid distributions or typed errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_core::{Emotion, EmotionScores};

fuzz_target!(|input: (Vec<f32>, Vec<u8>)| {
    let (values, label_ids) = input;
    let labels: Vec<Emotion> = label_ids.iter().map(|&i| Emotion::ALL[usize::from(i % 7)]).collect();
    for scores in [
        EmotionScores::from_logits_ordered(&values, &labels),
        EmotionScores::from_probabilities_ordered(&values, &labels),
        EmotionScores::from_model_probabilities(&values, &labels, 1e-3),
    ]
    .into_iter()
    .flatten()
    {
        let sum: f64 = scores.as_array().iter().map(|&p| f64::from(p)).sum();
        assert!((sum - 1.0).abs() <= 1e-5, "sum {sum}");
        assert!(scores.as_array().iter().all(|p| (0.0..=1.0).contains(p)));
    }
});
