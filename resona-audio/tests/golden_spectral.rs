//! Parity of `resona_audio::spectral` with librosa 0.11.0.
//!
//! References come from `scripts/make_golden_spectral.py` (`tests/data/golden/spectral*.json`),
//! computed on the shared golden inputs. Long signals store a subset of frames; the frame
//! counts are always compared in full.
// Test helpers outside #[test] functions: a failed unwrap is a failed test, and the per-signal
// error summary is printed for the log.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::PathBuf;

use resona_audio::FeatureMatrix;
use resona_audio::spectral::{
    FrameConfig, MelConfig, MelNorm, MelSpectrogram, Mfcc, MfccConfig, SpectralShape, StftConfig, delta, rms,
    zero_crossing_rate,
};
use resona_core::SampleRate;
use serde_json::Value;

/// MFCC (default, htk and lifter variants), absolute, in cepstral units (dB-scaled).
const MFCC_TOL: f64 = 1e-3;
/// MFCC with `lifter = 22`: the lifter multiplies coefficient k by up to `1 + 22 / 2 = 12`, and
/// with it the unliftered error, so the allowance is `MFCC_TOL * 12`, absolute.
const MFCC_LIFTER22_TOL: f64 = MFCC_TOL * 12.0;
/// MFCC without `top_db` (not a librosa `mfcc` default: `mfcc(S=power_to_db(mel, top_db=None))`),
/// absolute. Nothing hides bands 100+ dB below a frame's peak (the chirp's half-padded first
/// frames), where the f32 FFT's rounding (~1e-7 of the peak magnitude, librosa's FFT runs in
/// f64) is a sizeable part of the band power.
const MFCC_NO_TOP_DB_TOL: f64 = 5e-2;
/// Mel power spectrogram, relative to the column maximum.
const MEL_REL_TOL: f64 = 1e-4;
/// Deltas of the MFCC, absolute (they inherit the MFCC's error, scaled by < 1).
const DELTA_MFCC_TOL: f64 = 1e-3;
/// Deltas of a stored matrix (no upstream error), absolute.
const DELTA_TOL: f64 = 1e-5;
/// RMS and ZCR, absolute.
const RMS_ZCR_TOL: f64 = 1e-5;
/// Mel filter weights, absolute.
const FILTER_TOL: f64 = 1e-6;
/// Spectral centroid and bandwidth: relative error, plus an absolute allowance in Hz.
const CENTROID_REL_TOL: f64 = 1e-4;
const CENTROID_ABS_TOL_HZ: f64 = 1e-2;
/// Roll-off is a bin frequency: a rounding difference in the f32 cumulative sum can move it by
/// one bin (16000 / 512 = 31.25 Hz).
const ROLLOFF_TOL_HZ: f64 = 31.25 + 1e-3;
/// Flatness and flux: relative error plus an absolute floor.
const SHAPE_REL_TOL: f64 = 1e-3;
const SHAPE_ABS_TOL: f64 = 1e-5;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden")
}

fn load_json(name: &str) -> Value {
    let text = std::fs::read_to_string(data_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn load_pcm16(name: &str) -> Vec<f32> {
    let bytes = std::fs::read(data_dir().join("inputs").join(format!("{name}.pcm16"))).unwrap();
    bytes.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0).collect()
}

/// Reads a 16-bit mono PCM WAV by walking its RIFF chunks; `None` when the file is absent.
fn load_wav(path: &str) -> Option<Vec<f32>> {
    let bytes = std::fs::read(path).ok()?;
    assert!(&bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WAVE", "not a WAV file");
    let mut pos = 12;
    let mut fmt_ok = false;
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let size = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap()) as usize;
        let body = &bytes[pos + 8..(pos + 8 + size).min(bytes.len())];
        if id == b"fmt " {
            let channels = u16::from_le_bytes([body[2], body[3]]);
            let rate = u32::from_le_bytes(body[4..8].try_into().unwrap());
            let bits = u16::from_le_bytes([body[14], body[15]]);
            assert_eq!((channels, rate, bits), (1, 16000, 16), "unexpected WAV format");
            fmt_ok = true;
        } else if id == b"data" {
            assert!(fmt_ok, "data chunk before fmt chunk");
            return Some(body.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0).collect());
        }
        pos += 8 + size + (size & 1);
    }
    panic!("WAV without data chunk");
}

const ARCTIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/models/speech_samples/arctic_a0007.wav");

fn signal(name: &str) -> Option<Vec<f32>> {
    if name == "arctic_a0007" {
        let y = load_wav(ARCTIC);
        if y.is_none() {
            eprintln!("skipping arctic_a0007: {ARCTIC} is absent");
        }
        y
    } else {
        Some(load_pcm16(name))
    }
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

fn frames(v: &Value) -> Vec<usize> {
    v["frames"].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect()
}

/// Largest error of `ours` (full matrix) against a stored frame subset, with `tol(reference,
/// column max)` as the allowance; panics with context when above.
fn check_matrix(what: &str, ours: &FeatureMatrix, reference: &Value, tol: impl Fn(f64, f64) -> f64) -> f64 {
    assert_eq!(ours.rows(), reference["rows"].as_u64().unwrap() as usize, "{what}: rows");
    assert_eq!(ours.cols(), reference["n_frames"].as_u64().unwrap() as usize, "{what}: frames");
    let fr = frames(reference);
    let data = floats(&reference["data"]);
    let mut worst = 0.0f64;
    for (j, &t) in fr.iter().enumerate() {
        let col_max = (0..ours.rows()).map(|r| data[r * fr.len() + j].abs()).fold(0.0, f64::max);
        for r in 0..ours.rows() {
            let want = data[r * fr.len() + j];
            let got = f64::from(ours.get(r, t).unwrap());
            let err = (got - want).abs();
            assert!(err <= tol(want, col_max), "{what}: row {r} frame {t}: {got} vs librosa {want}");
            worst = worst.max(err);
        }
    }
    worst
}

fn check_vector(what: &str, ours: &[f32], reference: &Value, tol: impl Fn(f64) -> f64) -> f64 {
    assert_eq!(ours.len(), reference["n_frames"].as_u64().unwrap() as usize, "{what}: frames");
    let mut worst = 0.0f64;
    for (&t, want) in frames(reference).iter().zip(floats(&reference["data"])) {
        let got = f64::from(ours[t]);
        let err = (got - want).abs();
        assert!(err <= tol(want), "{what}: frame {t}: {got} vs librosa {want}");
        worst = worst.max(err);
    }
    worst
}

fn mfcc_cfg() -> MfccConfig {
    MfccConfig::default()
}

#[test]
fn mfcc_matches_librosa() {
    let golden = load_json("spectral.json");
    let default = Mfcc::new(mfcc_cfg()).unwrap();
    let htk = Mfcc::new(mfcc_cfg().with_mel(MelConfig::default().with_htk(true))).unwrap();
    let lifter = Mfcc::new(mfcc_cfg().with_lifter(22.0)).unwrap();
    let no_top = Mfcc::new(mfcc_cfg().with_top_db(None)).unwrap();
    let mel = MelSpectrogram::new(MelConfig::default()).unwrap();
    for (name, sig) in golden["signals"].as_object().unwrap() {
        let Some(y) = signal(name) else { continue };
        assert_eq!(y.len(), sig["samples"].as_u64().unwrap() as usize, "{name}: length");
        let abs = |tol: f64| move |_: f64, _: f64| tol;
        let e = check_matrix(&format!("{name} mfcc"), &default.process(&y).unwrap(), &sig["mfcc"], abs(MFCC_TOL));
        eprintln!("{name}: mfcc max abs err {e:.2e}");
        if let Some(r) = sig.get("mfcc_htk") {
            let e = check_matrix(&format!("{name} mfcc htk"), &htk.process(&y).unwrap(), r, abs(MFCC_TOL));
            eprintln!("{name}: mfcc htk max abs err {e:.2e}");
            let r = &sig["mfcc_lifter22"];
            let e =
                check_matrix(&format!("{name} mfcc lifter"), &lifter.process(&y).unwrap(), r, abs(MFCC_LIFTER22_TOL));
            eprintln!("{name}: mfcc lifter=22 max abs err {e:.2e}");
            let r = &sig["mfcc_notopdb"];
            let e = check_matrix(
                &format!("{name} mfcc top_db=None"),
                &no_top.process(&y).unwrap(),
                r,
                abs(MFCC_NO_TOP_DB_TOL),
            );
            eprintln!("{name}: mfcc top_db=None max abs err {e:.2e}");
            let m = mel.process(&y).unwrap();
            let e =
                check_matrix(&format!("{name} mel"), &m, &sig["mel_power"], |_, col_max| MEL_REL_TOL * col_max + 1e-12);
            eprintln!("{name}: mel power max abs err {e:.2e}");
        }
        if let Some(r) = sig.get("mfcc_delta") {
            let m = default.process(&y).unwrap();
            let e = check_matrix(&format!("{name} delta"), &delta(&m, 9, 1).unwrap(), r, abs(DELTA_MFCC_TOL));
            eprintln!("{name}: delta max abs err {e:.2e}");
            let r = &sig["mfcc_delta2"];
            let e = check_matrix(&format!("{name} delta2"), &delta(&m, 9, 2).unwrap(), r, abs(DELTA_MFCC_TOL));
            eprintln!("{name}: delta2 max abs err {e:.2e}");
        }
    }
}

#[test]
fn rms_and_zcr_match_librosa() {
    let golden = load_json("spectral.json");
    let default = FrameConfig::default();
    let short = FrameConfig::default().with_frame_length(400).with_hop_length(160);
    for (name, sig) in golden["signals"].as_object().unwrap() {
        let Some(y) = signal(name) else { continue };
        let tol = |_: f64| RMS_ZCR_TOL;
        let mut worst = 0.0f64;
        worst = worst.max(check_vector(&format!("{name} rms"), &rms(&y, &default).unwrap(), &sig["rms_default"], tol));
        worst = worst.max(check_vector(
            &format!("{name} zcr"),
            &zero_crossing_rate(&y, &default).unwrap(),
            &sig["zcr_default"],
            tol,
        ));
        worst =
            worst.max(check_vector(&format!("{name} rms 400"), &rms(&y, &short).unwrap(), &sig["rms_400_160"], tol));
        worst = worst.max(check_vector(
            &format!("{name} zcr 400"),
            &zero_crossing_rate(&y, &short).unwrap(),
            &sig["zcr_400_160"],
            tol,
        ));
        eprintln!("{name}: rms/zcr max abs err {worst:.2e}");
    }
}

#[test]
fn spectral_shape_matches_librosa() {
    let golden = load_json("spectral.json");
    let shape = SpectralShape::new(StftConfig::default()).unwrap();
    for (name, sig) in golden["signals"].as_object().unwrap() {
        let Some(y) = signal(name) else { continue };
        let s = shape.process(&y).unwrap();
        let c = check_vector(&format!("{name} centroid"), &s.centroid, &sig["centroid"], |w| {
            CENTROID_REL_TOL * w.abs() + CENTROID_ABS_TOL_HZ
        });
        let b = check_vector(&format!("{name} bandwidth"), &s.bandwidth, &sig["bandwidth"], |w| {
            CENTROID_REL_TOL * w.abs() + CENTROID_ABS_TOL_HZ
        });
        let r = check_vector(&format!("{name} rolloff"), &s.rolloff, &sig["rolloff"], |_| ROLLOFF_TOL_HZ);
        let shape_tol = |w: f64| SHAPE_REL_TOL * w.abs() + SHAPE_ABS_TOL;
        let f = check_vector(&format!("{name} flatness"), &s.flatness, &sig["flatness"], shape_tol);
        let x = check_vector(&format!("{name} flux"), &s.flux, &sig["flux"], shape_tol);
        eprintln!(
            "{name}: centroid {c:.2e} Hz, bandwidth {b:.2e} Hz, rolloff {r:.2e} Hz, flatness {f:.2e}, flux {x:.2e}"
        );
    }
}

#[test]
fn delta_matches_savgol() {
    let golden = load_json("spectral.json");
    let cases = &golden["delta_cases"];
    let input = &cases["input"];
    let (rows, cols) = (input["rows"].as_u64().unwrap() as usize, input["cols"].as_u64().unwrap() as usize);
    let x = FeatureMatrix::from_vec(rows, cols, floats(&input["data"]).iter().map(|&v| v as f32).collect()).unwrap();
    for case in cases["cases"].as_array().unwrap() {
        let (w, o) = (case["width"].as_u64().unwrap() as usize, case["order"].as_u64().unwrap() as usize);
        let d = delta(&x, w, o).unwrap();
        for (i, (got, want)) in d.as_slice().iter().zip(floats(&case["data"])).enumerate() {
            assert!(
                (f64::from(*got) - want).abs() <= DELTA_TOL + 1e-6 * want.abs(),
                "width {w} order {o} [{i}]: {got} vs {want}"
            );
        }
    }
}

#[test]
fn mel_filters_match_librosa() {
    let golden = load_json("spectral_filters.json");
    for case in golden["cases"].as_array().unwrap() {
        let sr = case["sr"].as_u64().unwrap() as u32;
        let n_fft = case["n_fft"].as_u64().unwrap() as usize;
        let stft = StftConfig::default()
            .with_sample_rate(SampleRate::new(sr).unwrap())
            .with_n_fft(n_fft)
            .with_win_length(n_fft);
        let cfg = MelConfig::default()
            .with_stft(stft)
            .with_n_mels(case["n_mels"].as_u64().unwrap() as usize)
            .with_fmin(case["fmin"].as_f64().unwrap() as f32)
            .with_fmax(case["fmax"].as_f64().map(|f| f as f32))
            .with_htk(case["htk"].as_bool().unwrap())
            .with_norm(if case["norm"].is_null() { MelNorm::None } else { MelNorm::Slaney });
        let m = MelSpectrogram::new(cfg).unwrap();
        let fb = m.filters();
        let n_bins = n_fft / 2 + 1;
        assert_eq!(fb.shape(), (case["n_mels"].as_u64().unwrap() as usize, n_bins));
        let mut worst = 0.0f64;
        for (i, band) in case["bands"].as_array().unwrap().iter().enumerate() {
            let start = band["start"].as_u64().unwrap() as usize;
            let w = floats(&band["weights"]);
            for b in 0..n_bins {
                let want = if b >= start && b < start + w.len() { w[b - start] } else { 0.0 };
                let err = (f64::from(fb.get(i, b).unwrap()) - want).abs();
                assert!(err <= FILTER_TOL, "{case}: band {i} bin {b}: {} vs {want}", fb.get(i, b).unwrap());
                worst = worst.max(err);
            }
        }
        eprintln!("filters sr={sr} n_fft={n_fft}: max abs err {worst:.2e}");
    }
}
