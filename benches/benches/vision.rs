//! The face pipeline on one 640x480 frame, per backend: detection, landmarks (primary face) and
//! expression, and detection alone, on a six-face photo; on a one-face webcam-like frame with
//! the full-range and the short-range detector, and re-read without the detector.
//!
//! The frame is the Solvay photo in ../shared resized to 640x480 when present, else the six
//! committed Solvay face crops in examples/data/faces pasted into a grey frame.
//! `cargo bench -p resona-benches --bench vision`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use resona::vision::{DetectorModel, FaceAnalyzer, FaceConfig, LandmarkMode};
use resona::{ImageView, PixelFormat};
use resona_benches::backends;
use std::hint::black_box;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// A 640x480 RGB frame with real faces.
fn frame() -> Vec<u8> {
    let photo = format!("{ROOT}/../shared/data/photos/solvay_conference.jpg");
    if let Ok(img) = image::open(&photo) {
        return image::imageops::resize(&img.to_rgb8(), 640, 480, image::imageops::FilterType::Triangle).into_raw();
    }
    let mut canvas = image::RgbImage::from_pixel(640, 480, image::Rgb([96, 96, 96]));
    for k in 1..=6 {
        let face = image::open(format!("{ROOT}/examples/data/faces/solvay_0{k}.png")).unwrap().to_rgb8();
        let face = image::imageops::resize(&face, 150, 150, image::imageops::FilterType::Triangle);
        image::imageops::overlay(&mut canvas, &face, 40 + ((k - 1) % 3) * 200, 60 + ((k - 1) / 3) * 200);
    }
    canvas.into_raw()
}

/// A webcam-like 640x480 frame: one 220-pixel face (a committed Solvay crop) on grey.
fn one_face() -> Vec<u8> {
    let face = image::open(format!("{ROOT}/examples/data/faces/solvay_01.png")).unwrap().to_rgb8();
    let face = image::imageops::resize(&face, 220, 220, image::imageops::FilterType::Triangle);
    let mut canvas = image::RgbImage::from_pixel(640, 480, image::Rgb([90, 90, 90]));
    image::imageops::overlay(&mut canvas, &face, 210, 130);
    canvas.into_raw()
}

fn bench(c: &mut Criterion) {
    let frame = frame();
    let mut group = c.benchmark_group("vision");
    group.throughput(Throughput::Elements(1));
    for backend in backends() {
        let full = FaceAnalyzer::bundled(FaceConfig::default().with_backend(backend)).unwrap();
        let detect_only =
            FaceAnalyzer::bundled(FaceConfig::default().with_backend(backend).with_landmarks(LandmarkMode::Off))
                .unwrap();
        let view = ImageView::packed(&frame, 640, 480, PixelFormat::Rgb8).unwrap();
        let faces = full.analyze(&view).unwrap().faces.len();
        eprintln!("{backend}: {faces} faces in the bench frame");
        group.bench_with_input(BenchmarkId::new("frame_640x480_primary_mesh", backend), &frame, |b, frame| {
            b.iter(|| {
                let view = ImageView::packed(black_box(frame), 640, 480, PixelFormat::Rgb8).unwrap();
                full.analyze(&view).unwrap()
            });
        });
        group.bench_with_input(BenchmarkId::new("frame_640x480_no_mesh", backend), &frame, |b, frame| {
            b.iter(|| {
                let view = ImageView::packed(black_box(frame), 640, 480, PixelFormat::Rgb8).unwrap();
                detect_only.analyze(&view).unwrap()
            });
        });
        // The selfie (short-range, 128x128) detector, and a frame re-read at the faces found
        // before (`reanalyze`: no detector), as a video pipeline does between detections.
        let short =
            FaceAnalyzer::bundled(FaceConfig::default().with_backend(backend).with_detector(DetectorModel::ShortRange))
                .unwrap();
        let one = one_face();
        group.bench_with_input(BenchmarkId::new("one_face_640x480_full_range", backend), &one, |b, one| {
            b.iter(|| full.analyze(&ImageView::packed(black_box(one), 640, 480, PixelFormat::Rgb8).unwrap()).unwrap());
        });
        group.bench_with_input(BenchmarkId::new("one_face_640x480_short_range", backend), &one, |b, one| {
            b.iter(|| short.analyze(&ImageView::packed(black_box(one), 640, 480, PixelFormat::Rgb8).unwrap()).unwrap());
        });
        let first = full.analyze(&ImageView::packed(&one, 640, 480, PixelFormat::Rgb8).unwrap()).unwrap();
        assert_eq!(first.faces.len(), 1);
        group.bench_with_input(BenchmarkId::new("one_face_640x480_reanalyze", backend), &one, |b, one| {
            b.iter(|| {
                let view = ImageView::packed(black_box(one), 640, 480, PixelFormat::Rgb8).unwrap();
                full.reanalyze(&view, &first).unwrap().unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
