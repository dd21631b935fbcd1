"""resona.audio against librosa 0.11.0 and Praat (parselmouth 0.4.7) golden files.

The golden files are resona-audio's (written by its scripts/make_golden_*.py with the pinned
peers); the same tolerances as the Rust tests apply, so Python users get librosa's numbers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import resona
from resona import audio

GOLDEN = Path(__file__).resolve().parents[3] / "resona-audio" / "tests" / "data" / "golden"
MFCC_TOLERANCE = 1e-3
# The lifter multiplies coefficient n by 1 + 11 sin(pi n / 22), up to 12x, and the error with it.
MFCC_LIFTER_TOLERANCE = MFCC_TOLERANCE * 12
FRAME_TOLERANCE = 1e-5
YIN_CENTS = 1.0
JITTER_RELATIVE = 0.10
HNR_DB = 1.0


def load(name: str) -> np.ndarray:
    return np.fromfile(GOLDEN / "inputs" / f"{name}.pcm16", dtype="<i2").astype(np.float32) / np.float32(32768.0)


SPECTRAL = json.loads((GOLDEN / "spectral.json").read_text())
PITCH = json.loads((GOLDEN / "pitch.json").read_text())
VOICE = json.loads((GOLDEN / "voice.json").read_text())
SIGNALS = [s for s in SPECTRAL["signals"] if (GOLDEN / "inputs" / f"{s}.pcm16").exists() and s != "very_short"]


def columns(golden: dict, full: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    want = np.array(golden["data"], dtype=np.float64).reshape(-1, len(golden["frames"]))
    return want, full[:, golden["frames"]]


@pytest.mark.parametrize("name", SIGNALS)
def test_mfcc_matches_librosa(name: str) -> None:
    y, sig = load(name), SPECTRAL["signals"][name]
    for key, kwargs, tol in (
        ("mfcc", {}, MFCC_TOLERANCE),
        ("mfcc_htk", {"htk": True}, MFCC_TOLERANCE),
        ("mfcc_lifter22", {"lifter": 22.0}, MFCC_LIFTER_TOLERANCE),
    ):
        if key not in sig:
            continue
        m = audio.mfcc(y, 16000, **kwargs)
        assert m.dtype == np.float32 and m.shape == (40, sig[key]["n_frames"])
        want, got = columns(sig[key], m)
        assert np.max(np.abs(want - got)) <= tol, f"{key}: max diff {np.max(np.abs(want - got))}"


@pytest.mark.parametrize("name", SIGNALS)
def test_rms_and_zcr_match_librosa(name: str) -> None:
    y, sig = load(name), SPECTRAL["signals"][name]
    for key, fn, kwargs in (
        ("rms_default", audio.rms, {}),
        ("zcr_default", audio.zcr, {}),
        ("rms_400_160", audio.rms, {"frame_length": 400, "hop_length": 160}),
        ("zcr_400_160", audio.zcr, {"frame_length": 400, "hop_length": 160}),
    ):
        out = fn(y, **kwargs)
        assert out.shape == (1, sig[key]["n_frames"]), key
        got = out[0, sig[key]["frames"]]
        assert np.max(np.abs(got - np.array(sig[key]["data"]))) <= FRAME_TOLERANCE, key


def cents(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return 1200 * np.abs(np.log2(a / b))


@pytest.mark.parametrize("name", [c for c in PITCH["cases"] if "@" not in c and (GOLDEN / "inputs" / f"{c}.pcm16").exists() and c != "very_short"])
def test_pyin_and_yin_match_librosa(name: str) -> None:
    case, y = PITCH["cases"][name], load(name)
    p = case["params"]
    kw = dict(fmin=p["fmin"], fmax=p["fmax"], frame_length=p["frame_length"], hop_length=p["hop_length"])
    f0, voiced, prob = audio.pyin(y, 16000, **kw)
    want_voiced = np.array(case["pyin_voiced"], dtype=bool)
    assert voiced.shape == want_voiced.shape
    assert np.mean(voiced == want_voiced) >= 0.97
    assert np.all(np.isnan(f0[~voiced])) and np.all(np.isfinite(f0[voiced]))
    joint = voiced & want_voiced
    if joint.any():
        want_f0 = np.array(case["pyin_f0"], dtype=np.float64)
        assert np.mean(cents(f0[joint], want_f0[joint]) <= 25) >= 0.98
    y0 = audio.yin(y, 16000, **kw)
    want_yin = np.array(case["yin"])
    assert y0.shape == want_yin.shape
    if joint.any():
        assert np.mean(cents(y0[joint], want_yin[joint]) <= YIN_CENTS) >= 0.9


@pytest.mark.parametrize("name", [n for n in ("pulses_120_j1_s5", "pulses_120_j3_s10", "espeak_en", "espeak_sw") if n in VOICE["cases"]])
def test_voice_quality_matches_praat(name: str) -> None:
    want, got = VOICE["cases"][name], audio.voice_quality(load(name), 16000)
    for key in ("jitter_local", "jitter_rap", "jitter_ppq5", "shimmer_local", "shimmer_apq3", "shimmer_apq5"):
        assert abs(got[key] - want[key]) <= JITTER_RELATIVE * abs(want[key]), (key, got[key], want[key])
    assert abs(got["hnr_db"] - want["hnr_db"]) <= HNR_DB


def test_voice_quality_of_silence_is_undefined() -> None:
    r = audio.voice_quality(np.zeros(16000, np.float32), 16000)
    assert r["jitter_local"] is None and r["hnr_db"] is None


def test_preprocessing_shapes_and_errors() -> None:
    y = load("espeak_en")
    up = audio.resample(y, orig_sr=16000, target_sr=44100)
    assert up.dtype == np.float32 and len(up) == math.ceil(len(y) * 44100 / 16000)
    assert len(audio.denoise(y, 16000)) == len(y)
    v = audio.vad(y, 16000)
    assert v["probabilities"].dtype == np.float32 and v["segments"]
    assert all(0 <= s["start"] < s["end"] for s in v["segments"])
    q = audio.quality(y, 16000)
    assert q["peak_dbfs"] <= 0 and 0 <= q["speech_ratio"] <= 1
    assert audio.mfcc(np.zeros(16000, np.float64), 16000).shape == (40, 101)
    # The golden inputs are int16 / 32768, so the int16 path must give the very same numbers.
    np.testing.assert_array_equal(audio.mfcc((y * 32768).astype(np.int16), 16000), audio.mfcc(y, 16000))

    with pytest.raises(resona.ConfigError) as e:
        audio.pyin(y, 16000, fmin=500, fmax=100)
    assert e.value.code == "invalid_parameter"
    with pytest.raises(resona.ConfigError):
        audio.mfcc(y, 16000, n_mels=400)
    with pytest.raises(resona.InputError) as e:
        audio.mfcc(y, 1000)
    assert e.value.code == "invalid_sample_rate"
    with pytest.raises(resona.InputError) as e:
        audio.mfcc(np.array([], np.float32), 16000)
    assert e.value.code == "empty"
    with pytest.raises(resona.InputError) as e:
        audio.mfcc(np.array([0.0, np.nan], np.float32), 16000)
    assert e.value.code == "non_finite"
    with pytest.raises(resona.InputError) as e:
        audio.mfcc(np.zeros((2, 2, 2), np.float32), 16000)
    assert e.value.code == "wrong_shape"


def test_stream_is_chunk_invariant_and_matches_frame_count() -> None:
    y = load("espeak_en")
    whole = audio.AudioStream(16000)
    a = [whole.push(y, 0), whole.finish()]
    s = audio.AudioStream(16000)
    b, at = [], 0
    for n in (1, 999, 160, 4096, 7) * 1000:
        if at >= len(y):
            break
        b.append(s.push(y[at : at + n], timestamp_ms=at // 16))
        at += n
    b.append(s.finish())
    cat = lambda parts, k: np.concatenate([p[k] for p in parts])  # noqa: E731
    assert len(cat(a, "index")) == 1 + len(y) // 160
    for k in ("mfcc", "rms", "zcr", "centroid", "speech_probability"):
        np.testing.assert_array_equal(cat(a, k), cat(b, k))
    np.testing.assert_array_equal(np.isnan(cat(a, "f0_hz")), np.isnan(cat(b, "f0_hz")))


def test_features_are_named_functionals() -> None:
    y = load("espeak_en")
    f = audio.features(y, 16000)
    assert tuple(f) == audio.FEATURE_NAMES
    assert abs(f["duration_s"] - len(y) / 16000) < 1e-4
    assert 0 < f["voiced_ratio"] < 1 and f["speech_rate"] > 1
    louder = audio.features(y * 0.5, 16000)
    assert abs(f["loudness_p50_db"] - louder["loudness_p50_db"] - 6.02) < 0.1
    silent = audio.features(np.zeros(8000, np.float32), 16000)
    assert math.isnan(silent["pitch_mean_st"]) and silent["voiced_ratio"] == 0


def test_voice_emotion_and_vocal_stress() -> None:
    y = np.concatenate([load("espeak_en"), np.zeros(8000, np.float32), load("espeak_sw")])
    model = audio.VoiceEmotion("tract")
    segments = model.predict(y, 16000, start_ms=1000)
    assert segments and all(1000 <= s["start"] < s["end"] for s in segments)
    for s in segments:
        e = s["emotion"]
        assert e["label"] in resona.EMOTIONS and e["scores"]["surprised"] == 0
        assert e["gated"] == (e["confidence"] < 0.6)
    assert model.predict(np.zeros(32000, np.float32), 16000) == []
    r = audio.vocal_stress(load("espeak_en"), 16000)
    assert 0 <= r["score"] <= 1 and len(r["indicators"]) == 7 and r["personal_baseline"] is False
    own = audio.vocal_stress(load("espeak_en"), 16000, baseline=[load("espeak_en"), load("espeak_sw")])
    assert own["personal_baseline"] is True
