"""Golden references for resona-audio's voice quality (praat-parselmouth 0.4.7, pinned).

Run from resona-audio/scripts:  python make_golden_voice.py
Writes tests/data/golden/voice.json with, per shared input signal, Praat's pipeline at its
defaults: To Pitch (cc) (0, 75, 15, no, 0.03, 0.45, 0.01, 0.35, 0.14, 600), To PointProcess (cc),
Get jitter (local / local, absolute / rap / ppq5) (0, 0, 0.0001, 0.02, 1.3),
Get shimmer (local / local_dB / apq3 / apq5 / apq11) (0, 0, 0.0001, 0.02, 1.3, 1.6),
To Harmonicity (cc) (0.01, 75, 0.1, 1.0) + Get mean, and the pulse count. Undefined -> null.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import parselmouth
from parselmouth.praat import call

from golden_inputs import load_inputs

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden" / "voice.json"


def num(v):
    return None if v is None or not math.isfinite(v) else float(f"{v:.7g}")


def analyse(y, sr) -> dict:
    snd = parselmouth.Sound(y.astype("float64"), sampling_frequency=sr)
    out = {}
    try:
        pitch = call(snd, "To Pitch (cc)", 0, 75, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600)
    except parselmouth.PraatError:
        return {"error": "too_short"}
    out["mean_f0_hz"] = num(call(pitch, "Get mean", 0, 0, "Hertz"))
    pp = call([snd, pitch], "To PointProcess (cc)")
    out["n_pulses"] = call(pp, "Get number of points")
    for key, cmd in (("jitter_local", "Get jitter (local)"), ("jitter_local_absolute", "Get jitter (local, absolute)"),
                     ("jitter_rap", "Get jitter (rap)"), ("jitter_ppq5", "Get jitter (ppq5)")):
        out[key] = num(call(pp, cmd, 0, 0, 0.0001, 0.02, 1.3))
    for key, cmd in (("shimmer_local", "Get shimmer (local)"), ("shimmer_local_db", "Get shimmer (local_dB)"),
                     ("shimmer_apq3", "Get shimmer (apq3)"), ("shimmer_apq5", "Get shimmer (apq5)"),
                     ("shimmer_apq11", "Get shimmer (apq11)")):
        out[key] = num(call([snd, pp], cmd, 0, 0, 0.0001, 0.02, 1.3, 1.6))
    hnr = call(snd, "To Harmonicity (cc)", 0.01, 75, 0.1, 1.0)
    out["hnr_db"] = num(call(hnr, "Get mean", 0, 0))
    out["pulses"] = [float(f"{call(pp, 'Get time from index', i):.7g}") for i in range(1, out["n_pulses"] + 1)]
    return out


def main() -> None:
    assert parselmouth.__version__ == "0.4.7", parselmouth.__version__
    res = {"parselmouth": parselmouth.__version__, "praat": parselmouth.PRAAT_VERSION, "cases": {}}
    for name, (y, sr, truth) in load_inputs().items():
        res["cases"][name] = analyse(y, sr)
        res["cases"][name]["truth"] = {k: truth[k] for k in ("jitter_local", "shimmer_local", "n_pulses") if k in truth}
    OUT.write_text(json.dumps(res, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
