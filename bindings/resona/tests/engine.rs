//! The Engine end to end, on the bundled models: stories a host would live through.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use resona::{AudioView, Engine, EngineConfig, ImageView, PixelFormat, TimestampMs};
use std::sync::Arc;

fn engine() -> Engine {
    Engine::new(EngineConfig::default()).unwrap()
}

fn speech() -> Vec<i16> {
    let bytes = include_bytes!("../../../resona-audio/tests/data/golden/inputs/espeak_en.pcm16");
    bytes.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect()
}

/// Pushes `seconds` of the espeak sentence (with 0.5 s pauses) in 20 ms stereo 48 kHz-like
/// chunks at 16 kHz mono; returns the next timestamp.
fn talk(e: &Engine, mut t: i64, repeats: usize) -> (i64, usize) {
    let y = speech();
    let mut segments = 0;
    for _ in 0..repeats {
        for chunk in y.chunks(320).chain(std::iter::once(&[0i16; 8000][..])) {
            let view = AudioView::from_i16(chunk, 16_000, 1).unwrap();
            segments += e.push_audio(&view, TimestampMs(t)).unwrap().len();
            t += chunk.len() as i64 / 16;
        }
    }
    (t, segments)
}

#[test]
fn a_crisis_message_is_flagged_at_once_whatever_else_is_going_on() {
    let e = engine();
    assert!(e.state().is_none());
    let (t, segments) = talk(&e, 0, 2);
    assert!(segments > 0, "speech closes voice segments");
    e.push_text("Lunch with friends was lovely", TimestampMs(t)).unwrap();
    let calm = e.state().unwrap();
    assert!(!calm.crisis && !calm.guidance.surface_crisis_resources);
    assert!((0.0..=100.0).contains(&calm.stress.score));
    let weights: f32 = calm.fused.contributions.iter().map(|c| c.weight).sum();
    assert!((weights - 1.0).abs() < 1e-5);

    e.push_text("sitaki kuishi tena, I want to end it all", TimestampMs(t + 500)).unwrap();
    let s = e.state().unwrap();
    assert!(s.crisis && s.guidance.surface_crisis_resources, "{:?}", s.guidance);
    assert!(s.guidance.prompt_fragment().to_lowercase().contains("crisis"));
    let summary = e.end_session(TimestampMs(t + 1000)).unwrap();
    assert!(summary.crisis && !summary.risk_events.is_empty());
    assert!(e.state().is_none(), "a new session starts empty");
}

#[test]
fn a_week_of_rising_stress_raises_burnout() {
    let e = engine();
    let days = [
        ["Great day, finished early and went for a run", "Dinner with family was lovely"],
        ["Work was fine, a bit busy", "ok"],
        ["Deadline moved up again, stressed about work", "So tired today"],
        ["My boss yelled at me, I'm exhausted and can't sleep", "Everything is going wrong"],
        ["I feel hopeless, nothing I do matters at work", "I'm so tired of everything"],
        ["I hate this job, I'm exhausted and alone", "I can't keep doing this, I'm burnt out"],
        ["I feel worthless and exhausted, I give up", "Nobody cares, I'm so alone"],
    ];
    let mut levels = vec![];
    for (day, messages) in days.iter().enumerate() {
        let start = day as i64 * 86_400_000;
        for (k, m) in messages.iter().enumerate() {
            e.push_text(m, TimestampMs(start + k as i64 * 60_000)).unwrap();
        }
        e.end_session(TimestampMs(start + 600_000)).unwrap();
        levels.push(e.burnout().unwrap());
    }
    let first = &levels[1];
    let last = levels.last().unwrap();
    assert!(last.score > first.score + 20.0, "{} -> {}", first.score, last.score);
    assert_ne!(format!("{:?}", last.level), "Low", "{last:?}");
}

#[test]
fn frames_audio_and_text_from_several_threads() {
    let e = Arc::new(engine());
    let rgb = vec![0u8; 320 * 240 * 3];
    let frames = {
        let e = Arc::clone(&e);
        std::thread::spawn(move || {
            for k in 0..10 {
                let view = ImageView::packed(&rgb, 320, 240, PixelFormat::Rgb8).unwrap();
                if let Some(a) = e.push_frame(&view, TimestampMs(k * 33)).unwrap() {
                    assert!(a.faces.is_empty());
                }
            }
        })
    };
    let voice = {
        let e = Arc::clone(&e);
        std::thread::spawn(move || talk(&e, 0, 1))
    };
    e.push_text("hello there, all good", TimestampMs(100)).unwrap();
    frames.join().unwrap();
    voice.join().unwrap();
    assert!(e.state().is_some());
}

#[test]
fn frames_are_analysed_at_the_configured_interval() {
    let rgb = vec![0u8; 320 * 240 * 3];
    let view = ImageView::packed(&rgb, 320, 240, PixelFormat::Rgb8).unwrap();
    let analysed = |e: &Engine, times: &[i64]| -> Vec<i64> {
        times.iter().copied().filter(|&t| e.push_frame(&view, TimestampMs(t)).unwrap().is_some()).collect()
    };
    // Default 100 ms: a 30 FPS camera is read every fourth frame.
    let e = engine();
    assert_eq!(resona::DEFAULT_FACE_INTERVAL_MS, 100);
    let times: Vec<i64> = (0..10).map(|k| k * 33).collect();
    assert_eq!(analysed(&e, &times), vec![0, 132, 264]);
    // A clock that goes back (camera restart) is analysed at once, then spaced again.
    assert_eq!(analysed(&e, &[50, 120, 150]), vec![50, 150]);
    // A new session starts with a fresh interval.
    e.push_text("all fine here", TimestampMs(190)).unwrap();
    e.end_session(TimestampMs(200)).unwrap();
    assert_eq!(analysed(&e, &[210]), vec![210]);
    // Interval 0: every frame.
    let all = Engine::new(EngineConfig::default().with_face_interval_ms(0)).unwrap();
    assert_eq!(analysed(&all, &times), times);
}

#[test]
fn tracked_frames_agree_with_detection_on_every_frame() {
    // The Solvay photo at 320x309 (raw RGB), as in the engine conformance cases.
    let rgb = include_bytes!("../../conformance/data/vision/solvay_320.rgb");
    let view = ImageView::packed(rgb, 320, 309, PixelFormat::Rgb8).unwrap();
    let tracking = engine();
    let detecting = Engine::new(EngineConfig::default().with_redetect_interval_ms(0)).unwrap();
    for k in 0..12 {
        let t = TimestampMs(100 * k);
        let (a, b) =
            (tracking.push_frame(&view, t).unwrap().unwrap(), detecting.push_frame(&view, t).unwrap().unwrap());
        assert!(!a.faces.is_empty() && a.faces.len() == b.faces.len(), "frame {k}");
        let (pa, pb) = (a.primary_face().unwrap(), b.primary_face().unwrap());
        assert!(pa.bbox.iou(&pb.bbox) > 0.95, "frame {k}: {:?} vs {:?}", pa.bbox, pb.bbox);
        let l1: f32 = pa.expression.iter().zip(pb.expression.iter()).map(|((_, p), (_, q))| (p - q).abs()).sum();
        assert!(l1 < 0.05, "frame {k}: expression L1 {l1}");
    }
}

#[test]
fn saved_state_round_trips_and_bad_bytes_are_typed_errors() {
    let e = engine();
    e.push_text("a normal day at work", TimestampMs(0)).unwrap();
    e.end_session(TimestampMs(1000)).unwrap();
    let (baseline, history) = (e.save_baseline(), e.save_history());
    let other = engine();
    other.load_baseline(&baseline).unwrap();
    other.load_history(&history).unwrap();
    assert_eq!(other.save_baseline(), baseline);
    assert_eq!(other.save_history(), history);
    assert_eq!(other.load_baseline(&baseline[..10]).unwrap_err().code(), "invalid_state");
    let mut newer = baseline.clone();
    newer[4..6].copy_from_slice(&999u16.to_le_bytes());
    assert_eq!(other.load_baseline(&newer).unwrap_err().code(), "unsupported_version");
    assert_eq!(other.save_baseline(), baseline, "a failed load leaves the baseline unchanged");
}
