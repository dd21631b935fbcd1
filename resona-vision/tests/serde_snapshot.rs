//! Pins the serialized form of the face results: every key name and value type of one
//! analysis (a frame made of two committed Solvay crops: a primary face with landmarks,
//! geometry, head pose and action units, and a second face without them) is compared with
//! `tests/data/frame_analysis.json`. Bindings return these names as dicts and objects, so a
//! renamed or missing key is a breaking change on every surface.
//!
//! Regenerate after an intended change with `RESONA_UPDATE_SNAPSHOT=1 cargo test -p
//! resona-vision --test serde_snapshot` and review the diff.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use image::{GrayImage, Luma, imageops};
use resona_core::{ImageView, PixelFormat, TimestampMs};
use resona_vision::{FaceAnalyzer, FaceConfig, FaceTracker, FrameAnalysis, TrackedFace, TrackerConfig};
use serde_json::Value;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/frame_analysis.json");
const FACES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/faces");
/// Numbers may move by this much (absolute) plus [`REL_TOLERANCE`] of their size between
/// CPUs (SIMD paths of the inference backend); the snapshot is about names and types.
const ABS_TOLERANCE: f64 = 1e-2;
const REL_TOLERANCE: f64 = 1e-3;
/// Decimals kept in the snapshot file (keeps it small and readable).
const DECIMALS: i32 = 4;

fn frame() -> GrayImage {
    let face = |n: usize, side: u32| {
        let img = image::open(format!("{FACES}/solvay_0{n}.png")).unwrap().to_luma8();
        imageops::resize(&img, side, side, imageops::FilterType::Triangle)
    };
    let mut canvas = GrayImage::from_pixel(400, 240, Luma([90]));
    imageops::overlay(&mut canvas, &face(3, 160), 30, 40);
    imageops::overlay(&mut canvas, &face(5, 110), 260, 70);
    canvas
}

fn analysis() -> FrameAnalysis {
    let canvas = frame();
    let view = ImageView::packed(canvas.as_raw(), canvas.width(), canvas.height(), PixelFormat::Gray8).unwrap();
    FaceAnalyzer::bundled(FaceConfig::default()).unwrap().analyze(&view).unwrap()
}

fn round(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let k = 10f64.powi(DECIMALS);
            serde_json::json!((n.as_f64().unwrap() * k).round() / k)
        }
        Value::Array(a) => Value::Array(a.iter().map(round).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), round(v))).collect()),
        other => other.clone(),
    }
}

/// Same keys (exactly, at every level), same types, same strings/booleans/nulls, numbers
/// within tolerance.
fn compare(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap(), a.as_f64().unwrap());
            if (e - a).abs() > ABS_TOLERANCE + REL_TOLERANCE * e.abs() {
                errors.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                compare(e, a, &format!("{path}[{i}]"), errors);
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            let (mut ek, mut ak): (Vec<&String>, Vec<&String>) = (e.keys().collect(), a.keys().collect());
            ek.sort_unstable();
            ak.sort_unstable();
            if ek != ak {
                errors.push(format!("{path}: keys {ek:?} != {ak:?}"));
                return;
            }
            for (k, ev) in e {
                compare(ev, &a[k], &format!("{path}.{k}"), errors);
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: expected {}, got {}", short(e), short(a))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 80 { format!("{}…", &s[..80]) } else { s }
}

#[test]
fn frame_analysis_serializes_to_the_pinned_schema() {
    let a = analysis();
    assert_eq!(a.faces.len(), 2, "the snapshot frame has two faces");
    assert!(a.faces.iter().any(|f| f.landmarks.is_some()) && a.faces.iter().any(|f| f.landmarks.is_none()));
    let actual = round(&serde_json::to_value(&a).unwrap());
    if std::env::var_os("RESONA_UPDATE_SNAPSHOT").is_some() {
        std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).unwrap();
        std::fs::write(SNAPSHOT, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
        eprintln!("wrote {SNAPSHOT}");
    }
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(SNAPSHOT).unwrap()).unwrap();
    let mut errors = vec![];
    compare(&expected, &actual, "$", &mut errors);
    assert!(errors.is_empty(), "{} differences:\n{}", errors.len(), errors[..errors.len().min(20)].join("\n"));
}

#[test]
fn key_names_are_snake_case_and_enums_are_strings() {
    let v = serde_json::to_value(analysis()).unwrap();
    let mut top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(top, ["faces", "height", "primary", "width"]);
    let face = &v["faces"][v["primary"].as_u64().unwrap() as usize];
    for key in ["bbox", "bbox_normalized", "truncated", "score", "keypoints", "landmarks", "expression", "label"] {
        assert!(face.get(key).is_some(), "face lacks {key}");
    }
    for key in ["geometry", "head_pose", "action_units", "affect"] {
        assert!(face.get(key).is_some(), "face lacks {key}");
    }
    assert_eq!(face["keypoints"].as_array().unwrap().len(), 6);
    assert_eq!(face["landmarks"]["points"].as_array().unwrap().len(), 468);
    assert!(face["expression"]["happy"].is_number() && face["head_pose"]["yaw"].is_number());
    assert!(face["action_units"]["au43"].is_number() && face["affect"]["components"]["jaw"].is_number());
    assert!(face["label"].is_null() || face["label"].is_string());
    assert_eq!(serde_json::to_value(resona_vision::Rotation::Cw90).unwrap(), "cw90");
    assert_eq!(serde_json::to_value(resona_vision::LandmarkMode::All).unwrap(), "all");
    assert_eq!(serde_json::to_value(resona_vision::DetectorModel::ShortRange).unwrap(), "short_range");
    assert_eq!(serde_json::to_value(resona_vision::detector::Keypoint::NoseTip).unwrap(), "nose_tip");
}

#[test]
fn results_round_trip_through_json() {
    let a = analysis();
    let back: FrameAnalysis = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    let mut tracker = FaceTracker::new(TrackerConfig::default()).unwrap();
    let tracked = tracker.update(&a, TimestampMs(0)).unwrap();
    let json = serde_json::to_value(&tracked).unwrap();
    assert!(json[0].get("track_id").is_some() && json[0].get("smoothed").is_some());
    let back: Vec<TrackedFace> = serde_json::from_value(json).unwrap();
    assert_eq!(back, tracked);
}
