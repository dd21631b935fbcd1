"""Deterministic input signals shared by every golden-file script of resona-audio.

Run `python golden_inputs.py` to (re)write tests/data/golden/inputs/: one `<name>.pcm16`
file per signal (mono, little-endian int16) and `inputs.json` describing them (sample rate,
length, and the known truth for synthetic signals: f0 track, jitter, shimmer).

Every golden script reads the int16 files back through `load_inputs()` and divides by 32768, so
references are computed on exactly the samples the Rust tests see.

Signals are short (at most ~2.5 s) to keep the repository small. Speech comes from espeak-ng
(English and Swahili voices, Debian package `espeak-ng`) and, when present, the real CMU
ARCTIC recording in ../shared/models/speech_samples (not copied into the repository; tests that
use it skip with a message when the file is absent).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

SR = 16_000
HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "tests" / "data" / "golden" / "inputs"
ARCTIC = HERE.parents[2] / "shared" / "models" / "speech_samples" / "arctic_a0007.wav"
SEED = 20261122


def _q(x: np.ndarray) -> np.ndarray:
    """Quantise to int16 the way every consumer reads it back (x * 32767, rounded, clipped)."""
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype("<i2")


def _harmonic(f0: np.ndarray, n_harm: int, sr: int = SR) -> np.ndarray:
    """Sum of harmonics with 1/k amplitudes following an instantaneous f0 track (Hz per sample)."""
    phase = 2 * np.pi * np.cumsum(f0) / sr
    out = np.zeros_like(phase)
    for k in range(1, n_harm + 1):
        out += np.sin(k * phase) / k
    return out / np.max(np.abs(out))


def _pulse_train(f0: float, jitter: float, shimmer: float, dur: float, rng) -> tuple[np.ndarray, list[float]]:
    """Glottal-like pulses: each period is a decaying 700 Hz + 1200 Hz resonance.

    Period lengths alternate randomly by +-jitter (relative) and amplitudes by +-shimmer, so
    Praat's local jitter is ~jitter and local shimmer ~shimmer (both mean absolute
    differences of consecutive values divided by the mean).
    """
    n = int(dur * SR)
    out = np.zeros(n)
    t0 = 1.0 / f0
    pos = 0.02
    times = []
    amp = 0.6
    while pos < dur - 0.03:
        times.append(pos)
        a = amp * (1 + shimmer * rng.choice([-1.0, 1.0]) * 0.5)
        start = int(round(pos * SR))
        m = np.arange(min(int(0.02 * SR), n - start))
        tt = m / SR
        pulse = np.exp(-tt * 400) * (np.sin(2 * np.pi * 700 * tt) + 0.5 * np.sin(2 * np.pi * 1200 * tt))
        out[start : start + len(m)] += a * pulse
        pos += t0 * (1 + jitter * rng.choice([-1.0, 1.0]) * 0.5)
    return out / max(1.0, np.max(np.abs(out)) / 0.8), times


def _espeak(text: str, voice: str) -> np.ndarray | None:
    exe = shutil.which("espeak-ng")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "s.wav")
        subprocess.run([exe, "-v", voice, "-s", "150", "-p", "45", "-w", p, text], check=True)
        with wave.open(p) as w:
            sr = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    # espeak-ng writes 22.05 kHz; resample with a fixed polyphase filter so the input is stable.
    from scipy.signal import resample_poly

    g = np.gcd(SR, sr)
    y = resample_poly(x, SR // g, sr // g)
    return y / np.max(np.abs(y)) * 0.7


def build() -> dict:
    rng = np.random.default_rng(SEED)
    sig: dict[str, tuple[np.ndarray, dict]] = {}
    t = np.arange(SR) / SR

    sig["tone_220"] = (0.5 * np.sin(2 * np.pi * 220 * t), {"f0_hz": 220.0})
    sig["tone_440_quiet"] = (0.01 * np.sin(2 * np.pi * 440 * t), {"f0_hz": 440.0})
    f_chirp = 100 + 900 * t  # instantaneous frequency, linear 100 -> 1000 Hz
    sig["chirp_100_1000"] = (0.5 * np.sin(2 * np.pi * np.cumsum(f_chirp) / SR), {"f0_track_hz_per_sample": "100+900*t"})
    f0_const = np.full(SR, 150.0)
    clean = _harmonic(f0_const, 10) * 0.5
    for snr in (30, 10, 0):
        noise = rng.standard_normal(SR)
        noise *= np.sqrt(np.mean(clean**2) / np.mean(noise**2) / 10 ** (snr / 10))
        sig[f"harmonic_150_snr{snr}"] = ((clean + noise) / max(1.0, np.max(np.abs(clean + noise)) / 0.9), {"f0_hz": 150.0, "snr_db": snr})
    f_glide = 120 * 2 ** (t * 1.0)  # one octave up over 1 s
    sig["glide_120_240"] = (_harmonic(f_glide, 8) * 0.5, {"f0_track_hz_per_sample": "120*2**t"})
    sig["silence"] = (np.zeros(SR // 2), {})
    sig["clipped_300"] = (np.clip(2.0 * np.sin(2 * np.pi * 300 * t), -1, 1), {"f0_hz": 300.0})
    sig["very_short"] = (0.5 * np.sin(2 * np.pi * 200 * np.arange(100) / SR), {"f0_hz": 200.0})
    for name, jit, shim in (("pulses_120_j1_s5", 0.01, 0.05), ("pulses_120_j3_s10", 0.03, 0.10)):
        x, times = _pulse_train(120.0, jit, shim, 1.5, rng)
        sig[name] = (x, {"f0_hz": 120.0, "jitter_local": jit, "shimmer_local": shim, "n_pulses": len(times)})
    en = _espeak("The quick brown fox jumps over the lazy dog.", "en-us")
    sw = _espeak("Habari yako rafiki, nimechoka sana leo.", "sw")
    if en is not None:
        sig["espeak_en"] = (en, {"voice": "en-us", "text": "The quick brown fox jumps over the lazy dog."})
    if sw is not None:
        sig["espeak_sw"] = (sw, {"voice": "sw", "text": "Habari yako rafiki, nimechoka sana leo."})
    return sig


def write() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    index = {}
    for name, (x, truth) in build().items():
        q = _q(x)
        (OUT / f"{name}.pcm16").write_bytes(q.tobytes())
        index[name] = {"sample_rate": SR, "samples": int(len(q)), "file": f"{name}.pcm16", "truth": truth}
    (OUT / "inputs.json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(index)} signals to {OUT}", file=sys.stderr)


def load_inputs(include_arctic: bool = True) -> dict[str, tuple[np.ndarray, int, dict]]:
    """Signals as float32 in [-1, 1) (int16 / 32768), with sample rate and truth."""
    index = json.loads((OUT / "inputs.json").read_text())
    out = {}
    for name, meta in sorted(index.items()):
        q = np.frombuffer((OUT / meta["file"]).read_bytes(), dtype="<i2")
        out[name] = ((q.astype(np.float32) / np.float32(32768.0)), meta["sample_rate"], meta["truth"])
    if include_arctic and ARCTIC.exists():
        with wave.open(str(ARCTIC)) as w:
            q = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
            out["arctic_a0007"] = (q.astype(np.float32) / np.float32(32768.0), w.getframerate(), {"path": "../shared/models/speech_samples/arctic_a0007.wav"})
    return out


if __name__ == "__main__":
    write()
