//! Facial-expression model, per backend: one 64x64 crop, a batch of 32 crops, and a whole
//! 640x480 RGB frame (gray conversion + area resize + model).
//!
//! `cargo bench -p resona-benches --bench expression` (ONNX Runtime is included when its
//! library is found; see resona-core's `model::onnxruntime`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use resona::vision::{ExpressionClassifier, ExpressionConfig};
use resona::{ImageView, PixelFormat};
use resona_benches::backends;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    // Deterministic face-sized texture, allocated outside the timed loops.
    let crop: Vec<u8> = (0..64 * 64).map(|i| ((i * 37 + i / 64 * 11) % 256) as u8).collect();
    let batch: Vec<u8> = crop.iter().copied().cycle().take(32 * 64 * 64).collect();
    let frame: Vec<u8> = (0..640 * 480 * 3).map(|i| (i % 251) as u8).collect();
    let mut group = c.benchmark_group("expression");
    for backend in backends() {
        let clf = ExpressionClassifier::new(ExpressionConfig::default().with_backend(backend)).unwrap();
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("crop_64x64", backend), &crop, |b, crop| {
            b.iter(|| clf.classify_crop_u8(black_box(crop), 64, 64).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("frame_640x480_rgb", backend), &frame, |b, frame| {
            b.iter(|| {
                let view = ImageView::packed(black_box(frame), 640, 480, PixelFormat::Rgb8).unwrap();
                clf.classify_image(&view).unwrap()
            });
        });
        group.throughput(Throughput::Elements(32));
        group.bench_with_input(BenchmarkId::new("batch_32_crops", backend), &batch, |b, batch| {
            b.iter(|| clf.classify_crops_u8(black_box(batch), 64, 64).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
