//! Arbitrary bytes as a stream session: the first bytes choose the input rate, channel count
//! and chunk sizes; the rest are i16 samples pushed in those chunks. The stream must emit
//! frames with finite MFCC and monotone indices, or typed errors. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resona_audio::{AudioStream, AudioStreamConfig};
use resona_core::{AudioView, SampleRate, TimestampMs};

const RATES: [u32; 6] = [8_000, 16_000, 22_050, 44_100, 48_000, 96_000];

fuzz_target!(|bytes: &[u8]| {
    if bytes.len() < 4 {
        return;
    }
    let rate = RATES[usize::from(bytes[0]) % RATES.len()];
    let channels = u16::from(bytes[1] % 4) + 1;
    let chunk = (usize::from(bytes[2]) * 7 + 1) * usize::from(channels);
    let samples: Vec<i16> = bytes[4..].chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
    let Ok(mut stream) = AudioStream::new(AudioStreamConfig::default(), SampleRate::new(rate).expect("valid"), channels)
    else {
        return;
    };
    let mut next = 0u64;
    let mut check = |f: &resona_audio::FeatureFrameRef<'_>| {
        assert_eq!(f.index, next);
        next += 1;
        assert!(f.mfcc.iter().all(|v| v.is_finite()));
        assert!((0.0..=1.0).contains(&f.speech_probability));
    };
    let usable = samples.len() / usize::from(channels) * usize::from(channels);
    for (k, part) in samples[..usable].chunks(chunk).enumerate() {
        let view = AudioView::from_i16(part, rate, channels).expect("whole frames");
        stream.push(&view, TimestampMs(k as i64 * 10), &mut check).expect("valid chunks are accepted");
    }
    stream.finish(&mut check).expect("finish succeeds");
});
