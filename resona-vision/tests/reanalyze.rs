//! `FaceAnalyzer::reanalyze`: re-reading the faces of an earlier frame without the detector
//! gives what a full analysis gives, follows a face that moves, and hands back to the detector
//! when the face is gone or cannot be trusted.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use image::{GrayImage, Luma, imageops};
use resona_core::{ImageView, PixelFormat};
use resona_vision::{Face, FaceAnalyzer, FaceConfig, FrameAnalysis, LandmarkMode, Rotation};

const FACES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/faces");
/// Same frame: the box is rebuilt from the clipped frame box and keypoints, which only round.
const SAME_FRAME_MAX_LANDMARK_PX: f32 = 0.05;
const SAME_FRAME_MAX_L1: f32 = 1e-3;
/// A moved face: how closely the followed box tracks the true shift, and overlaps a fresh
/// detection.
const MOVED_MAX_CENTRE_ERROR_PX: f32 = 4.0;
const MOVED_MIN_IOU: f32 = 0.8;

/// A 640x480 gray frame with one 200-pixel face (a committed Solvay crop) at `(x, y)`.
fn frame(x: i64, y: i64) -> GrayImage {
    let face = image::open(format!("{FACES}/solvay_02.png")).unwrap().to_luma8();
    let face = imageops::resize(&face, 200, 200, imageops::FilterType::Triangle);
    let mut canvas = GrayImage::from_pixel(640, 480, Luma([90]));
    imageops::overlay(&mut canvas, &face, x, y);
    canvas
}

fn view(img: &GrayImage) -> ImageView<'_> {
    ImageView::packed(img.as_raw(), img.width(), img.height(), PixelFormat::Gray8).unwrap()
}

fn l1(a: &Face, b: &Face) -> f32 {
    a.expression.iter().zip(b.expression.iter()).map(|((_, p), (_, q))| (p - q).abs()).sum()
}

fn max_landmark_gap(a: &Face, b: &Face) -> f32 {
    let (a, b) = (a.landmarks.as_ref().unwrap(), b.landmarks.as_ref().unwrap());
    a.points.iter().zip(&b.points).map(|(p, q)| (p.x - q.x).hypot(p.y - q.y)).fold(0.0, f32::max)
}

#[test]
fn same_frame_gives_the_full_analysis() {
    let a = FaceAnalyzer::bundled(FaceConfig::default()).unwrap();
    let img = frame(220, 140);
    let full = a.analyze(&view(&img)).unwrap();
    assert_eq!(full.faces.len(), 1);
    let re = a.reanalyze(&view(&img), &full).unwrap().expect("the face is still there");
    let (f, r) = (full.primary_face().unwrap(), re.primary_face().unwrap());
    assert!(max_landmark_gap(f, r) < SAME_FRAME_MAX_LANDMARK_PX, "{}", max_landmark_gap(f, r));
    assert!(l1(f, r) < SAME_FRAME_MAX_L1, "{}", l1(f, r));
    assert!(f.bbox.iou(&r.bbox) > 0.999 && r.score == f.score && !r.truncated);
    assert!(r.geometry.is_some() && r.head_pose.is_some());
}

#[test]
fn a_moving_face_is_followed() {
    let a = FaceAnalyzer::bundled(FaceConfig::default()).unwrap();
    let first = frame(220, 140);
    let mut prev = a.analyze(&view(&first)).unwrap();
    let (cx0, cy0) = prev.primary_face().unwrap().bbox.centre();
    // Three frames, 10 px right and 6 px down each (a head moving at about 300 px/s at 30 FPS).
    for step in 1..=3i64 {
        let img = frame(220 + 10 * step, 140 + 6 * step);
        let re = a.reanalyze(&view(&img), &prev).unwrap().expect("still tracked");
        let (cx, cy) = re.primary_face().unwrap().bbox.centre();
        let (ex, ey) = (cx0 + 10.0 * step as f32, cy0 + 6.0 * step as f32);
        assert!((cx - ex).hypot(cy - ey) < MOVED_MAX_CENTRE_ERROR_PX, "step {step}: ({cx}, {cy}) vs ({ex}, {ey})");
        let fresh = a.analyze(&view(&img)).unwrap();
        let iou = fresh.primary_face().unwrap().bbox.iou(&re.primary_face().unwrap().bbox);
        assert!(iou > MOVED_MIN_IOU, "step {step}: iou {iou}");
        prev = re;
    }
}

#[test]
fn falls_back_when_the_face_cannot_be_trusted() {
    let a = FaceAnalyzer::bundled(FaceConfig::default()).unwrap();
    let img = frame(220, 140);
    let full = a.analyze(&view(&img)).unwrap();
    // The face left: a uniform frame.
    let empty = GrayImage::from_pixel(640, 480, Luma([90]));
    assert!(a.reanalyze(&view(&empty), &full).unwrap().is_none());
    // Another frame size, or nothing to follow.
    let small = GrayImage::from_pixel(320, 240, Luma([90]));
    assert!(a.reanalyze(&view(&small), &full).unwrap().is_none());
    assert!(a.reanalyze(&view(&img), &FrameAnalysis::default()).unwrap().is_none());
    // A face cut by the edge.
    let mut cut = full.clone();
    cut.faces[0].truncated = true;
    assert!(a.reanalyze(&view(&img), &cut).unwrap().is_none());
    // Without landmarks nothing confirms the face.
    let off = FaceAnalyzer::bundled(FaceConfig::default().with_landmarks(LandmarkMode::Off)).unwrap();
    let full_off = off.analyze(&view(&img)).unwrap();
    assert!(off.reanalyze(&view(&img), &full_off).unwrap().is_none());
}

#[test]
fn rotation_hint_maps_boxes_back_to_the_upright_frame() {
    // The frame as a phone sensor delivers it, turned counter-clockwise.
    let turned = imageops::rotate270(&frame(220, 140));
    let a = FaceAnalyzer::bundled(FaceConfig::default().with_rotation(Rotation::Cw90)).unwrap();
    let full = a.analyze(&view(&turned)).unwrap();
    assert_eq!(full.faces.len(), 1);
    let re = a.reanalyze(&view(&turned), &full).unwrap().expect("tracked");
    let (f, r) = (full.primary_face().unwrap(), re.primary_face().unwrap());
    assert!(f.bbox.iou(&r.bbox) > 0.99, "{:?} vs {:?}", f.bbox, r.bbox);
    assert!(max_landmark_gap(f, r) < SAME_FRAME_MAX_LANDMARK_PX, "{}", max_landmark_gap(f, r));
}
