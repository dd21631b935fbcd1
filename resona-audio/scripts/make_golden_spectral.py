"""Golden references for resona-audio's spectral module, computed with librosa 0.11.0.

Run from resona-audio/scripts with the pinned venv:

    /root/.cache/resona-golden-venv/bin/python make_golden_spectral.py

Writes tests/data/golden/spectral.json (MFCC variants, RMS, ZCR, spectral shape, deltas) and
tests/data/golden/spectral_filters.json (mel filterbanks, stored sparsely). Inputs come from
golden_inputs.load_inputs() (int16 / 32768 as float32, exactly what the Rust tests read).

To keep the files small, long signals store a subset of frames: the first and last 8 frames
and evenly spaced frames in between (at most 48 per signal and setting; for matrices the
first and last 4 and at most 16); `frames` lists the
stored frame indices. Values are rounded to 7 significant digits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import librosa
import numpy as np

from golden_inputs import load_inputs

assert librosa.__version__ == "0.11.0", librosa.__version__

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "tests" / "data" / "golden"
SIGNALS = [
    "tone_220",
    "chirp_100_1000",
    "harmonic_150_snr10",
    "silence",
    "clipped_300",
    "very_short",
    "espeak_en",
    "espeak_sw",
    "arctic_a0007",
]
VARIANT_SIGNALS = ["tone_220", "chirp_100_1000", "espeak_en", "arctic_a0007"]
SR = 16000
# Resona's MFCC defaults (librosa parameter names).
MFCC = dict(sr=SR, n_mfcc=40, n_fft=512, hop_length=160, win_length=400, n_mels=40)
STFT = dict(n_fft=512, hop_length=160, win_length=400)
MAX_FRAMES = 48
EDGE = 8
MATRIX_FRAMES = 16
MATRIX_EDGE = 4


def r7(x) -> list:
    """Round to 7 significant digits, as plain JSON numbers."""
    a = np.asarray(x, dtype=np.float64)
    return [float(f"{v:.7g}") for v in a.ravel()]


def pick(n: int, most: int = MAX_FRAMES, edge: int = EDGE) -> list[int]:
    if n <= most:
        return list(range(n))
    mid = np.linspace(edge, n - edge - 1, most - 2 * edge).round().astype(int).tolist()
    return sorted(set(range(edge)) | set(mid) | set(range(n - edge, n)))


def matrix(m: np.ndarray) -> dict:
    """A (rows, frames) matrix stored at the picked frames, row-major over the picked columns."""
    frames = pick(m.shape[1], MATRIX_FRAMES, MATRIX_EDGE)
    return {"rows": int(m.shape[0]), "n_frames": int(m.shape[1]), "frames": frames, "data": r7(m[:, frames])}


def vector(v: np.ndarray) -> dict:
    v = np.asarray(v).reshape(-1)
    frames = pick(len(v))
    return {"n_frames": int(len(v)), "frames": frames, "data": r7(v[frames])}


def sparse_filters(fb: np.ndarray) -> list[dict]:
    bands = []
    for row in fb:
        nz = np.nonzero(row)[0]
        start = int(nz[0]) if len(nz) else 0
        stop = int(nz[-1]) + 1 if len(nz) else 0
        bands.append({"start": start, "weights": [float(f"{v:.9g}") for v in row[start:stop].astype(np.float64)]})
    return bands


def main() -> None:
    inputs = load_inputs()
    out: dict = {
        "librosa": librosa.__version__,
        "numpy": np.__version__,
        "mfcc_params": MFCC,
        "signals": {},
    }
    for name in SIGNALS:
        if name not in inputs:
            print(f"skipping {name}: not available", file=sys.stderr)
            continue
        y, sr, _ = inputs[name]
        assert sr == SR and y.dtype == np.float32
        sig: dict = {"samples": int(len(y))}
        sig["mfcc"] = matrix(librosa.feature.mfcc(y=y, **MFCC))
        if name in VARIANT_SIGNALS:
            sig["mfcc_htk"] = matrix(librosa.feature.mfcc(y=y, htk=True, **MFCC))
            sig["mfcc_lifter22"] = matrix(librosa.feature.mfcc(y=y, lifter=22, **MFCC))
            # librosa.feature.mfcc has no top_db argument (power_to_db's default 80 applies);
            # the top_db=None variant is mfcc(S=power_to_db(mel, top_db=None)).
            mel = librosa.feature.melspectrogram(y=y, sr=SR, n_mels=40, **STFT)
            sig["mfcc_notopdb"] = matrix(librosa.feature.mfcc(S=librosa.power_to_db(mel, top_db=None), n_mfcc=40))
            sig["mel_power"] = matrix(mel)
        if name == "espeak_en":
            m = librosa.feature.mfcc(y=y, **MFCC)
            sig["mfcc_delta"] = matrix(librosa.feature.delta(m))
            sig["mfcc_delta2"] = matrix(librosa.feature.delta(m, order=2))
        sig["rms_default"] = vector(librosa.feature.rms(y=y))
        sig["zcr_default"] = vector(librosa.feature.zero_crossing_rate(y))
        sig["rms_400_160"] = vector(librosa.feature.rms(y=y, frame_length=400, hop_length=160))
        sig["zcr_400_160"] = vector(librosa.feature.zero_crossing_rate(y, frame_length=400, hop_length=160))
        S = np.abs(librosa.stft(y, **STFT))
        sig["centroid"] = vector(librosa.feature.spectral_centroid(S=S, sr=SR))
        sig["bandwidth"] = vector(librosa.feature.spectral_bandwidth(S=S, sr=SR))
        sig["rolloff"] = vector(librosa.feature.spectral_rolloff(S=S, sr=SR, roll_percent=0.85))
        sig["flatness"] = vector(librosa.feature.spectral_flatness(S=S, power=2.0, amin=1e-10))
        sig["flux"] = vector(librosa.onset.onset_strength(S=S, sr=SR, lag=1, max_size=1, center=False))
        out["signals"][name] = sig

    # Delta on a small random matrix: every frame, several widths and orders.
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 12)).astype(np.float32)
    out["delta_cases"] = {
        "input": {"rows": 3, "cols": 12, "data": r7(x)},
        "cases": [
            {"width": w, "order": o, "data": r7(librosa.feature.delta(x, width=w, order=o))}
            for (w, o) in [(9, 1), (9, 2), (3, 1), (5, 2), (11, 1), (7, 3)]
        ],
    }

    filters = {
        "librosa": librosa.__version__,
        "cases": [
            {"sr": SR, "n_fft": 512, "n_mels": 40, "fmin": 0.0, "fmax": None, "htk": False, "norm": "slaney"},
            {"sr": SR, "n_fft": 512, "n_mels": 40, "fmin": 0.0, "fmax": None, "htk": True, "norm": "slaney"},
            {"sr": SR, "n_fft": 512, "n_mels": 26, "fmin": 60.0, "fmax": 7600.0, "htk": False, "norm": None},
            {"sr": 22050, "n_fft": 2048, "n_mels": 128, "fmin": 0.0, "fmax": None, "htk": False, "norm": "slaney"},
        ],
    }
    for c in filters["cases"]:
        fb = librosa.filters.mel(sr=c["sr"], n_fft=c["n_fft"], n_mels=c["n_mels"], fmin=c["fmin"], fmax=c["fmax"], htk=c["htk"], norm=c["norm"])
        c["bands"] = sparse_filters(fb)

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "spectral.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")
    (OUT / "spectral_filters.json").write_text(json.dumps(filters, separators=(",", ":")) + "\n")
    for f in ("spectral.json", "spectral_filters.json"):
        print(f"wrote {OUT / f}: {(OUT / f).stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
