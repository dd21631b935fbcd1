#!/usr/bin/env python3
"""Writes cases/audio.json and data/audio/*.pcm16: conformance cases for resona-audio.

Expected values come from the peers, pinned: librosa 0.11.0 (MFCC, RMS, ZCR, YIN, pYIN) and
Praat through praat-parselmouth 0.4.7 (jitter, shimmer, HNR), so every surface is held to
the reference tools, with the tolerances resona-audio's own golden tests use. Inputs are
short excerpts of resona-audio's golden signals (int16, read back as int16 / 32768).

    pip install -r resona-audio/scripts/requirements-golden.txt
    python bindings/conformance/scripts/make_audio_cases.py
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

import librosa
import numpy as np
import parselmouth
from parselmouth.praat import call

assert version("librosa") == "0.11.0" and version("praat-parselmouth") == "0.4.7", "pin the peers"
HERE = Path(__file__).resolve().parent
CONF = HERE.parent
ROOT = CONF.parents[1]
INPUTS = ROOT / "resona-audio" / "tests" / "data" / "golden" / "inputs"
DATA = CONF / "data" / "audio"
SR = 16000


def excerpt(name: str, start: float, seconds: float) -> tuple[str, np.ndarray]:
    q = np.frombuffer((INPUTS / f"{name}.pcm16").read_bytes(), dtype="<i2")
    q = q[int(start * SR) : int((start + seconds) * SR)]
    out = f"{name}_{int(start * 1000)}_{int(seconds * 1000)}ms.pcm16"
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / out).write_bytes(q.astype("<i2").tobytes())
    return f"data/audio/{out}", q.astype(np.float32) / np.float32(32768.0)


def r(x: float, digits: int = 7) -> float:
    return float(f"{float(x):.{digits}g}")


def flat(m: np.ndarray) -> list:
    return [r(v) if np.isfinite(v) else "NaN" for v in np.asarray(m, dtype=np.float64).ravel()]


cases = []
speech_path, speech = excerpt("espeak_en", 0.3, 0.4)
tone_path, tone = excerpt("tone_220", 0.0, 0.25)
pulses_path, pulses = excerpt("pulses_120_j3_s10", 0.0, 1.5)
MFCC = dict(sr=SR, n_mfcc=40, n_fft=512, hop_length=160, win_length=400, n_mels=40)

for label, path, y in (("speech", speech_path, speech), ("tone", tone_path, tone)):
    m = librosa.feature.mfcc(y=y, **MFCC)
    cases.append({"name": f"mfcc_{label}", "op": "audio_mfcc", "input": {"pcm": path, "sr": SR},
                  "expect": {"value": {"rows": m.shape[0], "cols": m.shape[1], "data": flat(m)}}, "tolerance": 1e-3})
m = librosa.feature.mfcc(y=speech, htk=True, n_mfcc=13, **{k: v for k, v in MFCC.items() if k != "n_mfcc"})
cases.append({"name": "mfcc_speech_htk_13", "op": "audio_mfcc", "input": {"pcm": speech_path, "sr": SR, "htk": True, "n_mfcc": 13},
              "expect": {"value": {"rows": 13, "cols": m.shape[1], "data": flat(m)}}, "tolerance": 1e-3})
for feat, fn in (("rms", librosa.feature.rms), ("zcr", librosa.feature.zero_crossing_rate)):
    out = fn(y=speech, frame_length=400, hop_length=160)[0]
    cases.append({"name": f"{feat}_speech", "op": f"audio_{feat}", "input": {"pcm": speech_path, "frame_length": 400, "hop_length": 160},
                  "expect": {"value": {"data": flat(out)}}, "tolerance": 1e-5})
P = dict(fmin=65.0, fmax=600.0, sr=SR, frame_length=1024, hop_length=160)
f0, voiced, prob = librosa.pyin(speech, **P)
cases.append({"name": "pyin_speech", "op": "audio_pyin", "input": {"pcm": speech_path, "sr": SR, "fmin": 65.0, "fmax": 600.0},
              "expect": {"value": {"f0": flat(f0), "voiced": [bool(v) for v in voiced]}}, "tolerance": 0.5})
y0 = librosa.yin(tone, **P)
cases.append({"name": "yin_tone", "op": "audio_yin", "input": {"pcm": tone_path, "sr": SR, "fmin": 65.0, "fmax": 600.0},
              "expect": {"value": {"f0": flat(y0)}}, "tolerance": 0.05})

snd = parselmouth.Sound(pulses.astype(np.float64), sampling_frequency=SR)
pp = call(snd, "To PointProcess (periodic, cc)", 75, 600)
jitter = call(pp, "Get jitter (local)", 0, 0, 0.0001, 0.02, 1.3)
shimmer = call([snd, pp], "Get shimmer (local)", 0, 0, 0.0001, 0.02, 1.3, 1.6)
hnr = call(call(snd, "To Harmonicity (cc)", 0.01, 75, 0.1, 1.0), "Get mean", 0, 0)
# 10 % of jitter and shimmer, 1 dB of HNR: one absolute tolerance per case, so one case each.
cases.append({"name": "voice_quality_jitter", "op": "audio_voice_quality", "input": {"pcm": pulses_path, "sr": SR},
              "expect": {"value": {"jitter_local": r(jitter)}}, "tolerance": r(0.1 * jitter, 2)})
cases.append({"name": "voice_quality_shimmer", "op": "audio_voice_quality", "input": {"pcm": pulses_path, "sr": SR},
              "expect": {"value": {"shimmer_local": r(shimmer)}}, "tolerance": r(0.1 * shimmer, 2)})
cases.append({"name": "voice_quality_hnr", "op": "audio_voice_quality", "input": {"pcm": pulses_path, "sr": SR},
              "expect": {"value": {"hnr_db": r(hnr)}}, "tolerance": 1.0})
cases.append({"name": "voice_quality_silence_is_undefined", "op": "audio_voice_quality", "input": {"zeros": 8000, "sr": SR},
              "expect": {"value": {"jitter_local": None, "shimmer_local": None, "hnr_db": None}}})
cases.append({"name": "resample_length_rule", "op": "audio_resample", "input": {"pcm": speech_path, "orig_sr": SR, "target_sr": 44100},
              "expect": {"value": {"len": int(np.ceil(len(speech) * 44100 / SR))}}})
cases.append({"name": "stream_frame_count", "op": "audio_stream", "input": {"pcm": speech_path, "sr": SR, "chunks": [1, 333, 4096]},
              "expect": {"value": {"n_frames": 1 + len(speech) // 160, "n_mfcc": 40}}})
cases.append({"name": "features_named", "op": "audio_features", "input": {"pcm": speech_path, "sr": SR},
              "expect": {"value": {"duration_s": r(len(speech) / SR)}}, "tolerance": 1e-4})

ERRORS = [
    ("mfcc_bad_sample_rate", "audio_mfcc", {"pcm": tone_path, "sr": 1000}, ("input", "invalid_sample_rate")),
    ("mfcc_empty", "audio_mfcc", {"zeros": 0, "sr": SR}, ("input", "empty")),
    ("mfcc_fmin_above_fmax", "audio_mfcc", {"pcm": tone_path, "sr": SR, "fmin": 5000.0, "fmax": 1000.0}, ("config", "invalid_parameter")),
    ("mfcc_too_many_mels", "audio_mfcc", {"pcm": tone_path, "sr": SR, "n_mels": 400}, ("config", "invalid_parameter")),
    ("pyin_fmin_above_fmax", "audio_pyin", {"pcm": tone_path, "sr": SR, "fmin": 500.0, "fmax": 100.0}, ("config", "invalid_parameter")),
    ("resample_zero_rate", "audio_resample", {"pcm": tone_path, "orig_sr": 0, "target_sr": SR}, ("input", "invalid_sample_rate")),
    ("stream_absurd_rate", "audio_stream", {"pcm": tone_path, "sr": 1_000_000, "chunks": [100]}, ("input", "invalid_sample_rate")),
]
for name, op, inp, (kind, code) in ERRORS:
    cases.append({"name": name, "op": op, "input": inp, "expect": {"error": {"kind": kind, "code": code}}})

doc = {
    "description": "Audio: MFCC/RMS/ZCR/YIN/pYIN expected = librosa 0.11.0, voice quality = Praat (parselmouth 0.4.7); resample length rule, stream frame count, features, errors. Inputs under data/audio (int16 LE mono; read as int16 / 32768). Optional keys default to Resona's defaults (n_mfcc 40, n_fft 512, hop 160, win 400, n_mels 40, fmin 0, htk false; pyin/yin frame 1024 hop 160).",
    "generated_by": "bindings/conformance/scripts/make_audio_cases.py",
    "cases": cases,
}
(CONF / "cases" / "audio.json").write_text(json.dumps(doc, indent=1) + "\n")
print(f"wrote {len(cases)} cases", file=sys.stderr)
