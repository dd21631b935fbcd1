//! Arbitrary bytes as an ONNX model: must load or fail with a typed error, never crash.
//! Seeds worth adding to the corpus: truncations and bit flips of the bundled model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_core::{Backend, Model};
use resona_vision::ExpressionClassifier;

fuzz_target!(|data: &[u8]| {
    // Mutations of the real model reach deeper into the parser than random bytes.
    let mut bytes = resona_vision::BUNDLED_MODEL.to_vec();
    if let Some((&op, rest)) = data.split_first() {
        match op % 3 {
            0 => bytes = rest.to_vec(),
            1 => bytes.truncate(usize::from(u16::from_le_bytes([rest.first().copied().unwrap_or(0), rest.get(1).copied().unwrap_or(0)])) * 4),
            _ => {
                for pair in rest.chunks_exact(4) {
                    let at = u32::from_le_bytes([pair[0], pair[1], pair[2], 0]) as usize % bytes.len();
                    bytes[at] ^= pair[3];
                }
            }
        }
    }
    if let Ok(model) = Model::from_bytes(&bytes, ExpressionClassifier::bundled_spec(), Backend::Tract) {
        let x = vec![0.0f32; 64 * 64];
        let _ = model.run(&[resona_core::TensorRef::new(&x, &[1, 64, 64, 1])]);
    }
});
