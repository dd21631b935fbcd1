//! Voice quality against Praat 6.1.38 through parselmouth 0.4.7 (tests/data/golden/voice.json,
//! made by scripts/make_golden_voice.py).
#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::cast_precision_loss)]

use resona_audio::SampleRate;
use resona_audio::voice_quality::{VoiceQuality, VoiceQualityConfig, VoiceQualityReport};
use serde_json::Value;
use std::path::PathBuf;

/// Jitter and shimmer: relative tolerance to Praat.
const PERTURBATION_REL_TOL: f64 = 0.10;
/// HNR: absolute tolerance in dB.
const HNR_DB_TOL: f64 = 1.0;
/// Signals the targets apply to (speech and the synthetic pulse trains).
const TARGETS: [&str; 5] = ["arctic_a0007", "espeak_en", "espeak_sw", "pulses_120_j1_s5", "pulses_120_j3_s10"];

fn golden_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/golden"))
}

fn wav_pcm16(b: &[u8]) -> Vec<f32> {
    let mut pos = 12;
    while pos + 8 <= b.len() {
        let len = u32::from_le_bytes([b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]]) as usize;
        if &b[pos..pos + 4] == b"data" {
            let body = &b[pos + 8..(pos + 8 + len).min(b.len())];
            return body.chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0).collect();
        }
        pos += 8 + len + (len & 1);
    }
    panic!("no data chunk");
}

fn load(name: &str) -> Option<Vec<f32>> {
    if name == "arctic_a0007" {
        let p = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/models/speech_samples/arctic_a0007.wav");
        return std::fs::read(p).ok().map(|b| wav_pcm16(&b));
    }
    let b = std::fs::read(golden_dir().join("inputs").join(format!("{name}.pcm16"))).unwrap();
    Some(b.chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0).collect())
}

fn field(r: &VoiceQualityReport, k: &str) -> Option<f32> {
    match k {
        "jitter_local" => r.jitter_local,
        "jitter_local_absolute" => r.jitter_local_absolute,
        "jitter_rap" => r.jitter_rap,
        "jitter_ppq5" => r.jitter_ppq5,
        "shimmer_local" => r.shimmer_local,
        "shimmer_local_db" => r.shimmer_local_db,
        "shimmer_apq3" => r.shimmer_apq3,
        "shimmer_apq5" => r.shimmer_apq5,
        "shimmer_apq11" => r.shimmer_apq11,
        "hnr_db" => r.hnr_db,
        "mean_f0_hz" => r.mean_f0_hz,
        _ => unreachable!(),
    }
}

const KEYS: [&str; 11] = [
    "jitter_local",
    "jitter_local_absolute",
    "jitter_rap",
    "jitter_ppq5",
    "shimmer_local",
    "shimmer_local_db",
    "shimmer_apq3",
    "shimmer_apq5",
    "shimmer_apq11",
    "hnr_db",
    "mean_f0_hz",
];

#[test]
fn voice_quality_matches_praat() {
    let g: Value = serde_json::from_str(&std::fs::read_to_string(golden_dir().join("voice.json")).unwrap()).unwrap();
    let vq = VoiceQuality::new(VoiceQualityConfig::default()).unwrap();
    let mut failures = vec![];
    for (name, c) in g["cases"].as_object().unwrap() {
        let Some(y) = load(name) else {
            eprintln!("skipping {name}: input not present");
            continue;
        };
        let r = vq.analyze(&y, SampleRate::HZ_16000).unwrap();
        if c.get("error").is_some() {
            assert_eq!(r.n_pulses, 0, "{name}");
            assert!(r.jitter_local.is_none() && r.hnr_db.is_none(), "{name}");
            continue;
        }
        eprintln!("{name}: pulses {} vs {}", r.n_pulses, c["n_pulses"]);
        for k in KEYS {
            let want = c[k].as_f64();
            let got = field(&r, k).map(f64::from);
            eprintln!("  {k:22} ours {got:?} praat {want:?}");
            if !TARGETS.contains(&name.as_str()) {
                continue;
            }
            let ok = match (got, want) {
                (None, None) => true,
                (Some(a), Some(b)) if k == "hnr_db" => (a - b).abs() <= HNR_DB_TOL,
                (Some(a), Some(b))
                    if k.starts_with("jitter_local") || k == "shimmer_local" || k == "shimmer_local_db" =>
                {
                    (a - b).abs() <= PERTURBATION_REL_TOL * b.abs()
                }
                _ => true, // rap/ppq5/apq and mean f0 are reported, not gated
            };
            if !ok {
                failures.push(format!("{name}.{k}: ours {got:?} praat {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// [`VoiceQuality::analyze_along_track`] with the pYIN track [`resona_audio::FeatureExtractor`]
/// uses: Praat's pulses and perturbation rules on another pitch track, so jitter and shimmer
/// stay close to Praat's; its HNR is a different estimator (one correlation at the track's
/// period) and is held to a looser bound.
#[test]
fn along_a_pyin_track_stays_close_to_praat() {
    /// Jitter and shimmer along the pYIN track, relative to Praat's own pipeline.
    const ALONG_TRACK_REL_TOL: f64 = 0.15;
    /// HNR along the track, absolute dB. Praat keeps the strongest lag of any pitch down to
    /// 75 Hz, the track only lags near its own period, so on buzzy synthetic speech Praat
    /// reads higher (espeak_en: 14.5 vs 10.9 dB); on real speech and the pulse trains the two
    /// agree within 0.7 dB.
    const ALONG_TRACK_HNR_DB_TOL: f64 = 4.0;
    use resona_audio::pitch::{Pyin, PyinConfig};
    let g: Value = serde_json::from_str(&std::fs::read_to_string(golden_dir().join("voice.json")).unwrap()).unwrap();
    let vq = VoiceQuality::new(VoiceQualityConfig::default()).unwrap();
    let mut pyin = Pyin::new(PyinConfig::default().with_resolution(0.2)).unwrap();
    let mut failures = vec![];
    for name in TARGETS {
        let Some(y) = load(name) else { continue };
        let c = &g["cases"][name];
        let track = pyin.process(&y).unwrap();
        let r = vq.analyze_along_track(&y, SampleRate::HZ_16000, &track.f0, pyin.hop_length()).unwrap();
        for k in ["jitter_local", "shimmer_local", "hnr_db"] {
            let (got, want) = (field(&r, k).map(f64::from), c[k].as_f64());
            eprintln!("{name} {k:14} along pYIN {got:?} praat {want:?}");
            let ok = match (got, want) {
                (Some(a), Some(b)) if k == "hnr_db" => (a - b).abs() <= ALONG_TRACK_HNR_DB_TOL,
                (Some(a), Some(b)) => (a - b).abs() <= ALONG_TRACK_REL_TOL * b.abs(),
                _ => false,
            };
            if !ok {
                failures.push(format!("{name}.{k}: along pYIN {got:?} praat {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let e = vq.analyze_along_track(&[0.1; 100], SampleRate::HZ_16000, &[], 0).unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
}
