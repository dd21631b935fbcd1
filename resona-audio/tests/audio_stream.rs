//! `AudioStream`: chunk invariance, frame count, timestamps, f0 on a voiced signal, errors,
//! and no allocation per push in steady state (a counting global allocator).
#![allow(unsafe_code)] // Only the GlobalAlloc impl below: it forwards to the system allocator.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use resona_audio::{AudioStream, AudioStreamConfig, FeatureFrame};
use resona_core::{AudioView, SampleRate, TimestampMs};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` unchanged; the counter is thread-local, so tests
// running on other threads do not disturb the count.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A voiced-like signal: 150 Hz harmonics with syllable-rate amplitude modulation and a
/// pause, at `rate` Hz, interleaved stereo.
fn voice(rate: u32, seconds: f32) -> Vec<f32> {
    let n = (rate as f32 * seconds) as usize;
    let mut out = Vec::with_capacity(2 * n);
    for i in 0..n {
        let t = i as f32 / rate as f32;
        let envelope =
            if (0.8..1.1).contains(&t) { 0.0 } else { 0.5 + 0.5 * (2.0 * std::f32::consts::PI * 4.0 * t).sin() };
        let x: f32 =
            (1..=8).map(|k| (2.0 * std::f32::consts::PI * 150.0 * k as f32 * t).sin() / k as f32).sum::<f32>() * 0.2;
        let s = x * envelope;
        out.push(s);
        out.push(0.9 * s);
    }
    out
}

fn run(stream: &mut AudioStream, pcm: &[f32], rate: u32, chunks: &[usize]) -> Vec<FeatureFrame> {
    let mut frames = vec![];
    let mut at = 0;
    let mut k = 0;
    while at < pcm.len() / 2 {
        let n = chunks[k % chunks.len()].max(1).min(pcm.len() / 2 - at);
        let view = AudioView::from_f32(&pcm[2 * at..2 * (at + n)], rate, 2).unwrap();
        let ts = TimestampMs(1_000 + (at as i64 * 1000) / i64::from(rate));
        stream.push(&view, ts, |f| frames.push(f.to_owned_frame())).unwrap();
        at += n;
        k += 1;
    }
    stream.finish(|f| frames.push(f.to_owned_frame())).unwrap();
    frames
}

/// The first difference between two frame lists, named, instead of printing them whole.
fn diff(a: &[FeatureFrame], b: &[FeatureFrame]) -> Option<String> {
    if a.len() != b.len() {
        return Some(format!("{} frames vs {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        // The test's chunk timestamps are whole milliseconds, rounded per chunk, so a frame's
        // timestamp may move by the 1 ms of that rounding; everything else must be identical.
        let close = (x.timestamp.0 - y.timestamp.0).abs() <= 1;
        let same = FeatureFrame { timestamp: y.timestamp, ..x.clone() } == *y;
        if !(close && same) {
            let field = if x.mfcc != y.mfcc {
                "mfcc"
            } else if x.f0_hz != y.f0_hz {
                "f0"
            } else if x.speech_probability != y.speech_probability {
                "speech_probability"
            } else if x.timestamp != y.timestamp {
                "timestamp"
            } else {
                "rms/zcr/shape"
            };
            return Some(format!("frame {}: {field} differs: {:?} vs {:?}", x.index, x.f0_hz, y.f0_hz));
        }
    }
    None
}

fn stream(rate: u32) -> AudioStream {
    AudioStream::new(AudioStreamConfig::default(), SampleRate::new(rate).unwrap(), 2).unwrap()
}

#[test]
fn whole_push_gives_one_frame_per_hop_with_f0_on_voiced_frames() {
    let pcm = voice(16_000, 2.0);
    let frames = run(&mut stream(16_000), &pcm, 16_000, &[pcm.len()]);
    assert_eq!(frames.len(), 1 + 32_000 / 160, "librosa's centred frame count");
    for (k, f) in frames.iter().enumerate() {
        assert_eq!(f.index, k as u64);
        assert_eq!(f.mfcc.len(), 40);
        assert!(f.mfcc.iter().all(|v| v.is_finite()));
        // Frame k is centred on sample 160 k = 10 k ms after the first sample (at 1000 ms).
        assert_eq!(f.timestamp, TimestampMs(1_000 + 10 * k as i64));
    }
    let voiced: Vec<f32> = frames.iter().filter_map(|f| f.f0_hz).collect();
    assert!(voiced.len() > frames.len() / 2, "{} voiced of {}", voiced.len(), frames.len());
    let near = voiced.iter().filter(|&&f| (1200.0 * (f / 150.0).log2()).abs() < 50.0).count();
    assert!(near as f32 >= 0.95 * voiced.len() as f32, "{near} of {} within 50 cents of 150 Hz", voiced.len());
    let pause: Vec<&FeatureFrame> = frames.iter().filter(|f| (90..100).contains(&f.index)).collect();
    assert!(pause.iter().all(|f| f.f0_hz.is_none() && f.speech_probability < 0.5), "the pause is not speech");
}

#[test]
fn resampled_input_is_chunk_invariant() {
    let pcm = voice(44_100, 1.3);
    let whole = run(&mut stream(44_100), &pcm, 44_100, &[pcm.len()]);
    for chunks in [&[441usize][..], &[1, 7, 1000, 3], &[4096]] {
        let chunked = run(&mut stream(44_100), &pcm, 44_100, chunks);
        assert_eq!(diff(&chunked, &whole), None, "chunks {chunks:?}");
    }
    // The resampled signal is ~1.3 s at 16 kHz.
    assert!((whole.len() as i64 - (1 + 20_800 / 160)).abs() <= 1, "{} frames", whole.len());
}

#[test]
fn a_stream_is_reusable_after_finish_and_rejects_other_formats() {
    let pcm = voice(16_000, 0.5);
    let mut s = stream(16_000);
    let first = run(&mut s, &pcm, 16_000, &[800]);
    let second = run(&mut s, &pcm, 16_000, &[333]);
    assert_eq!(diff(&first, &second), None);
    let mono = AudioView::from_f32(&pcm[..100], 16_000, 1).unwrap();
    assert!(s.push(&mono, TimestampMs(0), |_| {}).is_err(), "channel count differs");
    let nan = [f32::NAN, 0.0];
    // Non-finite samples are refused by the view already, before they reach a stream.
    assert_eq!(AudioView::from_f32(&nan, 16_000, 2).unwrap_err().code(), "non_finite");
    let other_rate = AudioView::from_f32(&pcm[..100], 48_000, 2).unwrap();
    assert!(s.push(&other_rate, TimestampMs(0), |_| {}).is_err(), "sample rate differs");
}

#[test]
fn bad_configs_are_typed_errors() {
    let cfg =
        AudioStreamConfig::default().with_yin(resona_audio::pitch::YinConfig::default().with_hop_length(Some(80)));
    let e = AudioStream::new(cfg, SampleRate::HZ_16000, 1).unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
    assert!(AudioStream::new(AudioStreamConfig::default(), SampleRate::HZ_16000, 0).is_err());
}

#[test]
fn pushing_allocates_nothing_in_steady_state() {
    let pcm = voice(48_000, 3.0);
    let mut s = stream(48_000);
    let chunk = 960; // 20 ms at 48 kHz, a typical capture buffer
    let mut emitted = 0u64;
    let mut push = |s: &mut AudioStream, at: usize| {
        let view = AudioView::from_f32(&pcm[2 * at..2 * (at + chunk)], 48_000, 2).unwrap();
        s.push(&view, TimestampMs(at as i64 / 48), |f| emitted += f.mfcc.len() as u64).unwrap();
    };
    let mut at = 0;
    while at < 48_000 {
        push(&mut s, at);
        at += chunk;
    }
    let before = ALLOCATIONS.with(Cell::get);
    while at + chunk <= pcm.len() / 2 {
        push(&mut s, at);
        at += chunk;
    }
    let allocations = ALLOCATIONS.with(Cell::get) - before;
    assert_eq!(allocations, 0, "{allocations} allocations in 2 s of 20 ms pushes");
    assert!(emitted > 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn any_chunking_gives_the_same_frames(chunks in prop::collection::vec(1usize..3000, 1..6), rate in prop::sample::select(vec![8_000u32, 16_000, 22_050, 48_000])) {
        let pcm = voice(rate, 0.6);
        let whole = run(&mut stream(rate), &pcm, rate, &[pcm.len()]);
        let chunked = run(&mut stream(rate), &pcm, rate, &chunks);
        prop_assert_eq!(diff(&chunked, &whole), None);
    }
}
