//! resona-audio on 60 s of 16 kHz speech: every operation of the crate, one benchmark each.
//!
//! The speech is the golden espeak-ng English sentence (resona-audio/tests/data/golden/inputs)
//! repeated to 60 s, so numbers do not depend on files outside the repository.
//!
//! `cargo bench -p resona-benches --bench audio`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use resona::audio::pitch::{Crepe, CrepeConfig, Pyin, PyinConfig, Yin, YinConfig};
use resona::audio::preprocess::{self, DenoiseConfig, Denoiser, QualityConfig, Resampler, Vad, VadConfig};
use resona::audio::spectral::{self, FrameConfig, Mfcc, MfccConfig, SpectralShape, StftConfig};
use resona::audio::voice_quality::{VoiceQuality, VoiceQualityConfig};
use resona::audio::{AudioStream, AudioStreamConfig, FeatureExtractor, VoiceEmotionConfig, VoiceEmotionModel};
use resona::{AudioView, SampleRate, TimestampMs};
use resona_benches::backends;
use std::hint::black_box;

const SECONDS: usize = 60;

fn speech() -> Vec<f32> {
    let bytes = include_bytes!("../../resona-audio/tests/data/golden/inputs/espeak_en.pcm16");
    let one: Vec<f32> = bytes.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0).collect();
    one.iter().copied().cycle().take(SECONDS * 16_000).collect()
}

fn bench(c: &mut Criterion) {
    let y = speech();
    let sr = SampleRate::HZ_16000;
    let mut g = c.benchmark_group("audio_60s");
    g.sample_size(10);
    g.throughput(Throughput::Elements(y.len() as u64));

    let mut mfcc = Mfcc::new(MfccConfig::default()).unwrap();
    let mut out = vec![0.0; mfcc.output_len(y.len())];
    g.bench_function("mfcc_into", |b| b.iter(|| mfcc.process_into(black_box(&y), &mut out).unwrap()));
    let shape = SpectralShape::new(StftConfig::default()).unwrap();
    g.bench_function("spectral_shape", |b| b.iter(|| shape.process(black_box(&y)).unwrap()));
    let frames = FrameConfig::default().with_frame_length(400).with_hop_length(160);
    g.bench_function("rms", |b| b.iter(|| spectral::rms(black_box(&y), &frames).unwrap()));
    g.bench_function("zcr", |b| b.iter(|| spectral::zero_crossing_rate(black_box(&y), &frames).unwrap()));

    let mut yin = Yin::new(YinConfig::default()).unwrap();
    let mut f0 = vec![0.0; yin.n_frames(y.len())];
    g.bench_function("yin_into", |b| b.iter(|| yin.process_into(black_box(&y), &mut f0).unwrap()));
    let mut pyin = Pyin::new(PyinConfig::default()).unwrap();
    g.bench_function("pyin", |b| b.iter(|| pyin.process(black_box(&y)).unwrap()));
    let vq = VoiceQuality::new(VoiceQualityConfig::default()).unwrap();
    g.bench_function("voice_quality", |b| b.iter(|| vq.analyze(black_box(&y), sr).unwrap()));
    let mut fx = FeatureExtractor::new().unwrap();
    g.bench_function("features", |b| b.iter(|| fx.extract(black_box(&y), sr).unwrap()));

    let vad = Vad::new(VadConfig::default()).unwrap();
    g.bench_function("vad", |b| b.iter(|| vad.process(black_box(&y)).unwrap()));
    let mut denoiser = Denoiser::new(DenoiseConfig::default()).unwrap();
    g.bench_function("denoise", |b| b.iter(|| denoiser.process(black_box(&y)).unwrap()));
    g.bench_function("quality", |b| {
        b.iter(|| preprocess::analyze_quality(black_box(&y), sr, &QualityConfig::default()).unwrap());
    });
    let mut up = Resampler::new(sr, SampleRate::new(48_000).unwrap()).unwrap();
    g.bench_function("resample_16k_to_48k", |b| b.iter(|| up.process(black_box(&y)).unwrap()));

    // The stream fed 20 ms chunks at 48 kHz stereo, as a capture callback would.
    let stereo48: Vec<f32> = up.process(&y).unwrap().iter().flat_map(|&s| [s, s]).collect();
    let mut stream = AudioStream::new(AudioStreamConfig::default(), SampleRate::new(48_000).unwrap(), 2).unwrap();
    g.bench_function("stream_48k_stereo_20ms_chunks", |b| {
        b.iter(|| {
            let mut frames = 0usize;
            for (k, chunk) in stereo48.chunks(2 * 960).enumerate() {
                let view = AudioView::from_f32(chunk, 48_000, 2).unwrap();
                stream.push(&view, TimestampMs(20 * k as i64), |f| frames += f.mfcc.len()).unwrap();
            }
            stream.finish(|f| frames += f.mfcc.len()).unwrap();
            frames
        });
    });
    g.finish();

    // Voice emotion of one 5 s segment (issue budget: 20 ms on one core), which is VAD,
    // the 42 functionals (pYIN and Praat voice quality among them), MFCC and the model.
    let mut g = c.benchmark_group("voice_emotion");
    g.sample_size(20);
    let five = &y[..5 * 16_000];
    let mut model = VoiceEmotionModel::bundled(VoiceEmotionConfig::default()).unwrap();
    g.bench_function("classify_5s", |b| b.iter(|| model.classify(black_box(five), sr).unwrap()));
    let mut fx5 = FeatureExtractor::new().unwrap();
    g.bench_function("functionals_5s", |b| b.iter(|| fx5.extract(black_box(five), sr).unwrap()));
    g.finish();

    // CREPE tiny on the same 60 s, per backend (ONNX Runtime when its library is found).
    let mut g = c.benchmark_group("crepe_60s");
    g.sample_size(10);
    g.throughput(Throughput::Elements(y.len() as u64));
    for backend in backends() {
        let mut crepe = Crepe::new(CrepeConfig::default(), backend).unwrap();
        g.bench_function(BenchmarkId::new("crepe_tiny", backend), |b| {
            b.iter(|| crepe.process(black_box(&y)).unwrap());
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
