//! Deterministic conformance cases: tests/data/fusion_cases.json holds inputs and the exact
//! outputs of fusion, stress, smoothing and burnout, for every surface to check.
//!
//! Schema (version 1): `{"version": 1, "tolerance": 1e-6, "fusion": [...], "stress": [...],
//! "smoothing": [...], "burnout": [...]}`; each case is `{"name", "input", "expected"}` with
//! the default configurations. Distributions are 7-element arrays in Resona's emotion order
//! (neutral, happy, sad, angry, fearful, surprised, disgusted); enums use their serialized
//! snake_case names. Floats are compared with an absolute tolerance of `tolerance`; labels,
//! levels and lists exactly.
//!
//! Regenerate after an intended change with
//! `RESONA_REGENERATE_CASES=1 cargo test -p resona-fusion --test conformance`.

// Test helpers outside #[test] functions: a panic there is a failed test, which is what we want.
#![allow(clippy::unwrap_used)]
use resona_fusion::*;
use serde_json::{Value, json};

/// Absolute tolerance on floats: f32 outputs printed in shortest form round-trip within it.
const TOLERANCE: f64 = 1e-6;
const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fusion_cases.json");

fn scores(p: &[f64]) -> EmotionScores {
    let a: [f32; 7] = std::array::from_fn(|i| p[i] as f32);
    EmotionScores::from_probabilities(a).unwrap()
}

fn arr(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn f(v: &Value) -> f32 {
    v.as_f64().unwrap() as f32
}

fn run_fusion(input: &Value) -> Value {
    let readings: Vec<ModalityReading> = input["readings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            ModalityReading::new(
                serde_json::from_value(r["modality"].clone()).unwrap(),
                scores(&arr(&r["scores"])),
                f(&r["confidence"]),
                f(&r["valence"]),
                f(&r["arousal"]),
                f(&r["quality"]),
                TimestampMs(r["timestamp"].as_i64().unwrap()),
            )
            .unwrap()
        })
        .collect();
    let out = Fuser::new(FusionConfig::default()).unwrap().fuse(&readings, TimestampMs(input["now"].as_i64().unwrap()));
    match out {
        Err(e) => json!({ "error": e.code() }),
        Ok(o) => json!({
            "label": o.label,
            "scores": o.scores.as_array(),
            "confidence": o.confidence,
            "valence": o.valence,
            "arousal": o.arousal,
            "weights": o.contributions.iter().map(|c| c.weight).collect::<Vec<_>>(),
            "status": o.contributions.iter().map(|c| c.status).collect::<Vec<_>>(),
        }),
    }
}

fn run_stress(input: &Value) -> Value {
    let x: StressInputs = serde_json::from_value(input.clone()).unwrap();
    let s = StressModel::new(StressConfig::default()).unwrap().score(&x).unwrap();
    serde_json::to_value(s).unwrap()
}

fn run_smoothing(input: &Value) -> Value {
    let mut sm = Smoother::new(SmoothingConfig::default()).unwrap();
    let mut labels = Vec::new();
    let mut last = None;
    for step in input["steps"].as_array().unwrap() {
        let o = sm
            .push(&scores(&arr(&step["scores"])), f(&step["valence"]), f(&step["arousal"]), f(&step["stress"]))
            .unwrap();
        labels.push(o.label);
        last = Some(o);
    }
    let o = last.unwrap();
    json!({
        "labels": labels,
        "scores": o.scores.as_array(),
        "ema_scores": o.ema_scores.as_array(),
        "valence": o.valence,
        "arousal": o.arousal,
        "stress": o.stress,
        "ema_stress": o.ema_stress,
    })
}

fn run_burnout(input: &Value) -> Value {
    let mut h = SessionHistory::default();
    for r in input["sessions"].as_array().unwrap() {
        h.push(serde_json::from_value(r.clone()).unwrap()).unwrap();
    }
    let a = assess_burnout(&h, &BurnoutConfig::default()).unwrap();
    json!({
        "score": a.score,
        "level": a.level,
        "components": a.components,
        "stress_trend": a.stress_trend,
        "mood_average": a.mood_average,
        "factors": a.factors,
        "recommendations": a.recommendations,
        "rising_streak": a.rising_streak,
        "alert": a.alert,
    })
}

fn reading(m: &str, p: [f64; 7], c: f64, v: f64, a: f64, q: f64, t: i64) -> Value {
    json!({"modality": m, "scores": p, "confidence": c, "valence": v, "arousal": a, "quality": q, "timestamp": t})
}

fn inputs() -> Value {
    const HAPPY: [f64; 7] = [0.1, 0.7, 0.05, 0.05, 0.05, 0.05, 0.0];
    const SAD: [f64; 7] = [0.2, 0.0, 0.6, 0.05, 0.1, 0.0, 0.05];
    const ANGRY: [f64; 7] = [0.1, 0.0, 0.1, 0.6, 0.1, 0.05, 0.05];
    let fusion = json!([
        {"name": "three_modalities", "input": {"now": 1000, "readings": [
            reading("face", HAPPY, 0.9, 0.6, 0.4, 0.8, 990),
            reading("voice", SAD, 0.7, -0.5, 0.3, 0.9, 1000),
            reading("text", ANGRY, 0.6, -0.6, 0.7, 1.0, 500)]}},
        {"name": "stale_face_missing_text", "input": {"now": 5000, "readings": [
            reading("face", HAPPY, 0.9, 0.6, 0.4, 0.8, 3000),
            reading("voice", SAD, 0.7, -0.5, 0.3, 0.9, 4500)]}},
        {"name": "newest_per_modality", "input": {"now": 2000, "readings": [
            reading("voice", HAPPY, 0.9, 0.5, 0.5, 1.0, 1900),
            reading("voice", SAD, 0.9, -0.5, 0.3, 1.0, 1500)]}},
        {"name": "nothing_usable", "input": {"now": 100000, "readings": [
            reading("face", HAPPY, 0.9, 0.6, 0.4, 0.8, 0),
            reading("voice", SAD, 0.0, -0.5, 0.3, 0.9, 100000)]}},
    ]);
    let stress = json!([
        {"name": "all_inputs", "input": {"face_arousal": 0.5, "vocal_stress": 0.8, "text_negativity": 0.4, "risk": "mild", "dissonance": 0.5}},
        {"name": "voice_only", "input": {"face_arousal": null, "vocal_stress": 0.6, "text_negativity": null, "risk": null, "dissonance": 0.0}},
        {"name": "severe_floor", "input": {"face_arousal": 0.1, "vocal_stress": 0.1, "text_negativity": 0.0, "risk": "severe", "dissonance": 0.2}},
        {"name": "moderate_with_dissonance", "input": {"face_arousal": 0.9, "vocal_stress": null, "text_negativity": 0.7, "risk": "moderate", "dissonance": 1.0}},
    ]);
    let step = |p: [f64; 7], v: f64, a: f64, s: f64| json!({"scores": p, "valence": v, "arousal": a, "stress": s});
    let mut flicker = Vec::new();
    for i in 0..14 {
        let p = if i < 4 {
            HAPPY
        } else if i % 2 == 0 {
            SAD
        } else {
            HAPPY
        };
        flicker.push(step(p, if i % 2 == 0 { -0.2 } else { 0.4 }, 0.5, 10.0 + 3.0 * i as f64));
    }
    let mut switch = Vec::new();
    for i in 0..12 {
        let p = if i < 5 { HAPPY } else { ANGRY };
        switch.push(step(p, if i < 5 { 0.5 } else { -0.6 }, 0.4 + 0.03 * i as f64, 5.0 * i as f64));
    }
    let smoothing = json!([
        {"name": "alternating_after_happy", "input": {"steps": flicker}},
        {"name": "switch_to_angry", "input": {"steps": switch}},
    ]);
    let day = 24 * 3600 * 1000i64;
    let session = |d: i64, s: f64, v: f64, sd: f64, risk: &str, crisis: bool| {
        json!({"start": d * day, "end": d * day + 900_000, "average_stress": s, "peak_stress": (s + 15.0).min(100.0),
               "mean_valence": v, "valence_std": sd, "hidden_stress_episodes": 0, "max_risk": risk, "crisis": crisis})
    };
    let burnout = json!([
        {"name": "single_calm_session", "input": {"sessions": [session(0, 12.0, 0.4, 0.1, "normal", false)]}},
        {"name": "rising_week", "input": {"sessions": (0..7).map(|d| session(d, 20.0 + 11.0 * d as f64, 0.3 - 0.12 * d as f64, 0.15, "normal", false)).collect::<Vec<_>>()}},
        {"name": "stable_medium_with_risk", "input": {"sessions": (0..6).map(|d| session(2 * d, 55.0, -0.25, 0.35, if d == 5 { "moderate" } else { "mild" }, false)).collect::<Vec<_>>()}},
    ]);
    json!({"fusion": fusion, "stress": stress, "smoothing": smoothing, "burnout": burnout})
}

fn compute(doc: &Value) -> Value {
    let run = |section: &str, f: fn(&Value) -> Value| -> Value {
        doc[section]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!({"name": c["name"], "input": c["input"], "expected": f(&c["input"])}))
            .collect()
    };
    json!({
        "version": 1,
        "tolerance": TOLERANCE,
        "fusion": run("fusion", run_fusion),
        "stress": run("stress", run_stress),
        "smoothing": run("smoothing", run_smoothing),
        "burnout": run("burnout", run_burnout),
    })
}

fn assert_close(path: &str, got: &Value, want: &Value) {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= TOLERANCE, "{path}: got {a}, expected {b}");
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_close(&format!("{path}[{i}]"), x, y);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let (ka, kb): (Vec<_>, Vec<_>) = (a.keys().collect(), b.keys().collect());
            assert_eq!(ka, kb, "{path}: keys");
            for (k, x) in a {
                assert_close(&format!("{path}.{k}"), x, &b[k]);
            }
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

#[test]
fn conformance_cases_match() {
    if std::env::var_os("RESONA_REGENERATE_CASES").is_some() {
        let doc = compute(&inputs());
        std::fs::write(PATH, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    let text = std::fs::read_to_string(PATH).unwrap();
    let stored: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(stored["version"], 1);
    let recomputed = compute(&stored);
    assert_close("cases", &recomputed, &stored);
    // Every section holds cases.
    for s in ["fusion", "stress", "smoothing", "burnout"] {
        assert!(!stored[s].as_array().unwrap().is_empty(), "{s}");
    }
}
