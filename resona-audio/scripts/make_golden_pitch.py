"""Golden references for resona-audio's YIN and pYIN (librosa 0.11.0, pinned in requirements-golden.txt).

Run from resona-audio/scripts:  python make_golden_pitch.py
Writes tests/data/golden/pitch.json: for every shared input signal (see golden_inputs.py), the
output of librosa.yin and librosa.pyin with Resona's speech settings (sr=16000, fmin=65,
fmax=600, frame_length=1024, hop_length=160), plus librosa's default frame geometry
(frame_length=2048, hop=frame_length//4) on one signal. Floats are rounded to 7 significant digits.
"""

from __future__ import annotations

import json
from pathlib import Path

import librosa
import numpy as np

from golden_inputs import load_inputs

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden" / "pitch.json"
SETTINGS = {"fmin": 65.0, "fmax": 600.0, "frame_length": 1024, "hop_length": 160}
DEFAULTS_SIGNAL = "espeak_en"
DEFAULTS = {"fmin": 65.0, "fmax": 2093.0, "frame_length": 2048}


def r7(x) -> list:
    return [None if not np.isfinite(v) else float(f"{v:.7g}") for v in np.asarray(x, dtype=np.float64)]


def run(y: np.ndarray, sr: int, params: dict) -> dict:
    yin = librosa.yin(y, sr=sr, **params)
    f0, vflag, vprob = librosa.pyin(y, sr=sr, **params)
    return {"params": params, "yin": r7(yin), "pyin_f0": r7(f0), "pyin_voiced": [bool(v) for v in vflag], "pyin_prob": r7(vprob)}


def main() -> None:
    assert librosa.__version__ == "0.11.0", librosa.__version__
    out = {"librosa": librosa.__version__, "cases": {}}
    for name, (y, sr, _truth) in load_inputs().items():
        if len(y) < 2:
            continue
        out["cases"][name] = run(y, sr, SETTINGS)
    y, sr, _ = load_inputs()[DEFAULTS_SIGNAL]
    out["cases"][DEFAULTS_SIGNAL + "@librosa_defaults"] = run(y, sr, DEFAULTS)
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
