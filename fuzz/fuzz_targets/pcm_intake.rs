//! Arbitrary bytes as PCM: a header byte picks the sample format (i16 or f32), the channel
//! count and a rate (including invalid ones); the rest is samples. Intake must return mono at
//! 16 kHz with the documented length or a typed error, and the MFCC of the result must be
//! finite. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_audio::preprocess::{Intake, IntakeConfig};
use resona_audio::spectral::{Mfcc, MfccConfig};
use resona_core::{AudioView, SampleRate};

const RATES: [u32; 8] = [0, 7_999, 8_000, 11_025, 16_000, 44_100, 48_000, 192_000];

fuzz_target!(|bytes: &[u8]| {
    let Some((&head, body)) = bytes.split_first() else { return };
    let channels = u16::from(head & 7); // 0..=7, 0 is invalid
    let rate = RATES[usize::from(head >> 3) & 7];
    let float = head & 0x80 != 0;
    let f32s: Vec<f32>;
    let i16s: Vec<i16>;
    let view = if float {
        f32s = body.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        AudioView::from_f32(&f32s, rate, channels)
    } else {
        i16s = body.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
        AudioView::from_i16(&i16s, rate, channels)
    };
    let Ok(view) = view else { return };
    let mut intake = Intake::new(IntakeConfig::default()).expect("default intake config is valid");
    let Ok(mono) = intake.process(&view) else { return };
    let expected = (view.frames() as u64 * 16_000).div_ceil(u64::from(rate));
    assert_eq!(mono.len() as u64, expected, "{} frames at {rate} Hz", view.frames());
    assert!(mono.iter().all(|v| v.is_finite()));
    if !mono.is_empty() {
        let m = Mfcc::new(MfccConfig::default()).expect("default MFCC config is valid").process(&mono);
        if let Ok(m) = m {
            assert!(m.as_slice().iter().all(|v| v.is_finite()));
        }
    }
    let _ = SampleRate::new(rate);
});
