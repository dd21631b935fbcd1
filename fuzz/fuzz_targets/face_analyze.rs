//! Arbitrary frames (size, stride, pixel format, pixels) through the whole face pipeline
//! (`FaceAnalyzer::analyze`: detection, Face Mesh, expression, geometry) with and without a
//! rotation hint: faces or typed errors, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use resona_core::{ImageView, Limits, PixelFormat};
use resona_vision::{FaceAnalyzer, FaceConfig, LandmarkMode, Rotation};
use std::sync::OnceLock;

/// Largest frame buffer built from a tile, bytes (keeps each run fast under the sanitizer).
const MAX_BUFFER: usize = 1 << 18;

#[derive(Arbitrary, Debug)]
struct Input {
    width: u32,
    height: u32,
    stride: u32,
    format: u8,
    /// Second analyzer: rotation hint 270, landmarks on the primary face only.
    rotated: bool,
    /// Repeat `data` to fill `stride × height` bytes, so large frames are reachable.
    tile: bool,
    data: Vec<u8>,
}

fn analyzers() -> &'static [FaceAnalyzer; 2] {
    static A: OnceLock<[FaceAnalyzer; 2]> = OnceLock::new();
    A.get_or_init(|| {
        let limits = Limits::default().with_max_image_pixels(1 << 16);
        // A low threshold sends random frames' "faces" through the crops, mesh and geometry.
        let all = FaceConfig::default().with_landmarks(LandmarkMode::All).with_score_threshold(0.05);
        let rotated = FaceConfig::default().with_rotation(Rotation::Cw270);
        [all, rotated].map(|c| FaceAnalyzer::bundled(c.with_limits(limits)).expect("bundled models load"))
    })
}

fuzz_target!(|input: Input| {
    let format =
        [PixelFormat::Rgb8, PixelFormat::Rgba8, PixelFormat::Bgr8, PixelFormat::Gray8][usize::from(input.format % 4)];
    let stride = input.stride as usize;
    let pixels: Vec<u8> = if input.tile && !input.data.is_empty() {
        let len = stride.saturating_mul(input.height as usize).min(MAX_BUFFER);
        input.data.iter().copied().cycle().take(len).collect()
    } else {
        input.data
    };
    let Ok(view) = ImageView::new(&pixels, input.width, input.height, stride, format) else { return };
    let analyzer = &analyzers()[usize::from(input.rotated)];
    if let Ok(a) = analyzer.analyze(&view) {
        assert_eq!((a.width, a.height), (input.width, input.height));
        assert_eq!(a.primary.is_some(), !a.faces.is_empty());
        for f in &a.faces {
            assert!(f.bbox.x >= 0.0 && f.bbox.y >= 0.0 && f.bbox.width >= 0.0 && f.bbox.height >= 0.0);
            assert!(f.bbox.x + f.bbox.width <= input.width as f32 + 1e-3);
            assert!((0.0..=1.0).contains(&f.score));
            assert!((0.0..=1.0).contains(&f.affect.arousal) && (-1.0..=1.0).contains(&f.affect.valence));
        }
    }
});
