//! The Engine on a minute of synthetic session: 30 FPS 640x480 video with one face (a
//! Solvay crop), continuous 16 kHz speech in 20 ms chunks, and a chat message every 5 s.
//! The real-time factor is 60 s divided by the time per iteration (goal: at least 5x on one
//! core natively). The default Engine analyses a frame every 100 ms (`face_interval_ms`);
//! `session_10s_every_frame` analyses all 30 a second. The detector runs at least every
//! 500 ms (`redetect_interval_ms`); frames in between re-read the tracked face. Also the parts
//! alone: one second of audio, one frame with the detector and one without, one message.
//!
//! `cargo bench -p resona-benches --bench engine`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use resona::{AudioView, Engine, EngineConfig, ImageView, PixelFormat, TimestampMs};
use resona_benches::backends;
use std::hint::black_box;

/// Session length under `cargo bench`; `cargo test` runs each bench once in a debug build, where
/// two seconds exercise every path without spending minutes of CI on timing nobody reads.
fn session_seconds() -> i64 {
    if std::env::args().any(|a| a == "--bench") { 60 } else { 2 }
}

fn frame() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/faces");
    let mut files: Vec<_> = std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let face = image::open(&files[0]).unwrap().to_rgb8();
    let face = image::imageops::resize(&face, 220, 220, image::imageops::FilterType::Triangle);
    let mut canvas = image::RgbImage::from_pixel(640, 480, image::Rgb([90, 90, 90]));
    image::imageops::overlay(&mut canvas, &face, 210, 130);
    canvas.into_raw()
}

fn speech() -> Vec<i16> {
    let bytes = include_bytes!("../../resona-audio/tests/data/golden/inputs/espeak_en.pcm16");
    bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
}

const MESSAGES: [&str; 4] = [
    "Morning! Had a nice walk before work",
    "Niko sawa, it's nothing, ni stress tu ya kazi",
    "Oh great, another meeting. My boss yelled again",
    "I'm exhausted, I can't keep doing this",
];

fn session(engine: &Engine, rgb: &[u8], voice: &[i16], seconds: i64) {
    let mut t_frame = 0;
    for (k, chunk) in voice.chunks(320).cycle().take((seconds * 50) as usize).enumerate() {
        let t = 20 * k as i64;
        engine.push_audio(&AudioView::from_i16(chunk, 16_000, 1).unwrap(), TimestampMs(t)).unwrap();
        while t_frame < t {
            let view = ImageView::packed(rgb, 640, 480, PixelFormat::Rgb8).unwrap();
            black_box(engine.push_frame(&view, TimestampMs(t_frame)).unwrap());
            t_frame += 33;
        }
        if t % 5_000 == 0 {
            engine.push_text(MESSAGES[(t / 5_000) as usize % MESSAGES.len()], TimestampMs(t)).unwrap();
        }
    }
    black_box(engine.end_session(TimestampMs(seconds * 1000)).unwrap());
}

fn bench(c: &mut Criterion) {
    let (rgb, voice) = (frame(), speech());
    for backend in backends() {
        let engine = Engine::new(EngineConfig::default().with_backend(backend)).unwrap();
        let every_frame = Engine::new(EngineConfig::default().with_backend(backend).with_face_interval_ms(0)).unwrap();
        let mut g = c.benchmark_group(format!("engine/{backend}"));
        g.sample_size(10);
        let seconds = session_seconds();
        g.bench_function(format!("session_{seconds}s"), |b| b.iter(|| session(&engine, &rgb, &voice, seconds)));
        // Every one of the 30 frames a second analysed (face_interval_ms = 0), on a shorter session.
        let short = seconds.min(10);
        g.bench_function(format!("session_{short}s_every_frame"), |b| {
            b.iter(|| session(&every_frame, &rgb, &voice, short));
        });
        g.bench_function("audio_only_1s", |b| {
            b.iter(|| {
                for (k, chunk) in voice.chunks(320).take(50).enumerate() {
                    engine
                        .push_audio(&AudioView::from_i16(chunk, 16_000, 1).unwrap(), TimestampMs(20 * k as i64))
                        .unwrap();
                }
            });
        });
        // One analysed frame: with the detector, and re-read at the tracked face without it.
        let detecting = Engine::new(
            EngineConfig::default().with_backend(backend).with_face_interval_ms(0).with_redetect_interval_ms(0),
        )
        .unwrap();
        let view = ImageView::packed(&rgb, 640, 480, PixelFormat::Rgb8).unwrap();
        g.bench_function("frame_detected", |b| b.iter(|| detecting.push_frame(&view, TimestampMs(0)).unwrap()));
        g.bench_function("frame_tracked", |b| b.iter(|| every_frame.push_frame(&view, TimestampMs(0)).unwrap()));
        g.bench_function("text", |b| b.iter(|| engine.push_text(black_box(MESSAGES[2]), TimestampMs(0)).unwrap()));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
