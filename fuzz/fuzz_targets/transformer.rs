//! Untrusted tokenizer JSON and messages into the bring-your-own transformer: the tokenizer
//! loads or fails with a typed error; tokenize, embed and classify never panic, give finite
//! vectors and distributions that sum to 1. Mutations of resona-text's tiny tokenizer reach
//! deeper than random bytes (ids past the model's table, broken normalisers, odd specials).
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_core::{Backend, Emotion};
use resona_text::transformer::{LinearHead, TransformerClassifier, TransformerConfig, TransformerInput};

const MODEL: &[u8] = include_bytes!("../../resona-text/tests/data/transformer/tiny_mean.onnx");
const TOKENIZER: &[u8] = include_bytes!("../../resona-text/tests/data/transformer/tiny_tokenizer.json");

fuzz_target!(|input: (u8, u8, Vec<u8>, String)| {
    let (op, max_length, edit, text) = input;
    let mut json = TOKENIZER.to_vec();
    match op % 3 {
        0 => json = edit,
        1 => {
            for pair in edit.chunks_exact(3) {
                let at = usize::from(u16::from_le_bytes([pair[0], pair[1]])) % json.len();
                json[at] = pair[2];
            }
        }
        _ => {
            let at = edit.first().map_or(0, |&b| usize::from(b) * json.len() / 256);
            json.splice(at..at, edit.iter().skip(1).copied());
        }
    }
    let head = LinearHead::new(vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0], vec![0.0, 0.5]).ok();
    let config = TransformerConfig::default()
        .with_backend(Backend::Tract)
        .with_inputs(vec![TransformerInput::InputIds, TransformerInput::AttentionMask])
        .with_max_length(usize::from(max_length))
        .with_normalize(op & 4 != 0)
        .with_head(head)
        .with_labels(vec![Emotion::Happy, Emotion::Sad]);
    let Ok(classifier) = TransformerClassifier::from_bytes(MODEL, &json, config) else { return };
    let Ok(t) = classifier.tokenize(&text) else { return };
    assert!(t.input_ids.len() <= usize::from(max_length), "{} ids past max_length {max_length}", t.input_ids.len());
    assert_eq!(t.input_ids.len(), t.attention_mask.len());
    // An id past the model's 16-row table makes tract panic inside its Gather; Resona catches
    // that natively (test token_id_past_the_model_vocabulary_is_a_typed_error) but libFuzzer
    // counts every panic, caught or not, so such tokenizers stop here.
    if t.input_ids.iter().any(|&id| !(0..16).contains(&id)) {
        return;
    }
    if let Ok(v) = classifier.embed(&text) {
        assert!(v.iter().all(|x| x.is_finite()), "{v:?}");
    }
    if let Ok(r) = classifier.classify(&text) {
        let sum: f32 = r.scores.iter().map(|(_, p)| p).sum();
        assert!((sum - 1.0).abs() < 1e-4, "{r:?}");
    }
});
