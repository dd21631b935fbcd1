//! Fuzz-style robustness: any image view (size, stride, format, pixels) analyses without a
//! panic, giving faces or a typed error.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use resona_core::{ImageView, PixelFormat};
use resona_vision::{FaceAnalyzer, FaceConfig, LandmarkMode, Rotation};
use std::sync::OnceLock;

fn analyzers() -> &'static [FaceAnalyzer; 2] {
    static A: OnceLock<[FaceAnalyzer; 2]> = OnceLock::new();
    A.get_or_init(|| {
        [
            FaceAnalyzer::bundled(FaceConfig::default().with_landmarks(LandmarkMode::All).with_score_threshold(0.05))
                .unwrap(),
            FaceAnalyzer::bundled(FaceConfig::default().with_rotation(Rotation::Cw90)).unwrap(),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_view_analyses_without_panic(
        w in 1u32..90,
        h in 1u32..90,
        pad in 0usize..9,
        fmt in 0usize..4,
        seed in any::<u64>(),
        which in 0usize..2,
    ) {
        let format = [PixelFormat::Rgb8, PixelFormat::Rgba8, PixelFormat::Bgr8, PixelFormat::Gray8][fmt];
        let stride = w as usize * format.bytes_per_pixel() + pad;
        let mut state = seed | 1;
        let data: Vec<u8> = (0..stride * h as usize)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let view = ImageView::new(&data, w, h, stride, format).unwrap();
        let r = analyzers()[which].analyze(&view).unwrap();
        prop_assert_eq!((r.width, r.height), (w, h));
        for f in &r.faces {
            prop_assert!(f.bbox.x >= 0.0 && f.bbox.y >= 0.0);
            prop_assert!(f.bbox.x + f.bbox.width <= w as f32 + 1e-3 && f.bbox.y + f.bbox.height <= h as f32 + 1e-3);
            prop_assert!((0.0..=1.0).contains(&f.affect.arousal) && (-1.0..=1.0).contains(&f.affect.valence));
            if let Some(au) = f.action_units {
                for v in [au.au1, au.au2, au.au4, au.au6, au.au12, au.au15, au.au25, au.au26, au.au43] {
                    prop_assert!((0.0..=1.0).contains(&v));
                }
            }
        }
    }
}
