#!/usr/bin/env python3
"""Writes the speech inputs of cases/voice.json: data/audio/voice_*.pcm16.

Synthetic English speech from espeak-ng (Debian package `espeak-ng`, 1.51 here; no recording
of a person, so no consent or licence question), resampled from espeak-ng's 22.05 kHz to
16 kHz with a fixed Kaiser-windowed sinc (numpy only, so the files do not depend on a
resampler version), trimmed of espeak's silent lead-in and tail, peak-normalised to 0.7 and
quantised to int16 LE mono like resona-audio's golden inputs (x * 32767, rounded).

- voice_en_3s.pcm16: one utterance (~3.5 s): case 1, one segment.
- voice_two_utterances.pcm16: two utterances separated by 1.5 s of digital silence (~6.3 s):
  case 2, one segment each (the pause exceeds the segment rule's 1 s max_gap).

The expected values are not computed here: the Rust test tests/regenerate_voice_cases.rs
writes them (see ../README.md). Re-running this script with another espeak-ng may change the
samples, and then the expected values must be regenerated.

    python3 bindings/conformance/scripts/make_voice_inputs.py
"""

import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

SR = 16_000
DATA = Path(__file__).resolve().parent.parent / "data" / "audio"
VOICE = ["-v", "en-us", "-s", "175", "-p", "50"]
LEAD_S = 0.2  # silence kept before and after speech, so the VAD sees an onset
PAUSE_S = 1.5


def resample(x: np.ndarray, sr_in: int, sr_out: int, half_width: int = 32, beta: float = 8.6) -> np.ndarray:
    """Band-limited resampling: a Kaiser-windowed sinc, cut off at 95 % of the lower Nyquist."""
    ratio = sr_out / sr_in
    cutoff = min(1.0, ratio) * 0.95
    n_out = int(np.ceil(len(x) * ratio))
    t = np.arange(n_out) / ratio  # output instants in input samples
    base = np.floor(t).astype(np.int64)
    out = np.zeros(n_out)
    for k in range(-half_width + 1, half_width + 1):
        idx = base + k
        d = t - idx
        window = np.i0(beta * np.sqrt(np.clip(1.0 - (d / half_width) ** 2, 0.0, None))) / np.i0(beta)
        w = cutoff * np.sinc(cutoff * d) * window
        ok = (idx >= 0) & (idx < len(x))
        out[ok] += w[ok] * x[idx[ok]]
    return out


def speak(text: str) -> np.ndarray:
    exe = shutil.which("espeak-ng")
    if exe is None:
        sys.exit("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.wav"
        subprocess.run([exe, *VOICE, "-w", str(path), text], check=True)
        with wave.open(str(path)) as w:
            sr = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    y = resample(x, sr, SR)
    loud = np.flatnonzero(np.abs(y) > 1e-3)
    y = y[loud[0] : loud[-1] + 1]
    return y / np.max(np.abs(y)) * 0.7


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * SR)))


def write(name: str, y: np.ndarray) -> None:
    q = np.clip(np.round(y * 32767.0), -32768, 32767).astype("<i2")
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / name).write_bytes(q.tobytes())
    print(f"{name}: {len(q) / SR:.2f} s, {len(q) * 2} bytes", file=sys.stderr)


write("voice_en_3s.pcm16", np.concatenate([silence(LEAD_S), speak("Please listen to me, I have told you this three times already."), silence(LEAD_S)]))
write(
    "voice_two_utterances.pcm16",
    np.concatenate([
        silence(LEAD_S),
        speak("Why does nobody ever answer the phone?"),
        silence(PAUSE_S),
        speak("That is wonderful news, thank you so much."),
        silence(LEAD_S),
    ]),
)
