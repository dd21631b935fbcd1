"""Resona's voice-emotion feature vector, computed through Resona's Python binding.

This module is the Python mirror of `resona_audio::emotion::VoiceFeatures` (src/emotion/
features.rs). Both compute, for one utterance at 16 kHz:

1. Trim to speech: the span from the start of the first to the end of the last segment of
   Resona's VAD (default settings); no trimming when the VAD finds nothing.
2. Gain normalisation: scale so that the RMS of the trimmed utterance is TARGET_RMS_DBFS
   (digital silence is left as it is), so the model does not depend on microphone gain.
3. The 42 functionals of `resona.audio.features` (FEATURE_NAMES order; NaN where undefined).
4. Mean and population standard deviation over frames of each of the 40 MFCC of
   `resona.audio.mfcc` (Resona's defaults), and the standard deviation of their deltas
   (librosa.feature.delta: Savitzky-Golay, width 9, order 1, mode "interp").

The result has FEATURE_DIM = 42 + 40 + 40 + 40 = 162 values in the order of `feature_names()`.
"""

from __future__ import annotations

import math

import numpy as np
from resona import audio
from scipy.signal import savgol_filter

SR = 16000
TARGET_RMS_DBFS = -25.0
N_MFCC = 40
DELTA_WIDTH = 9
FEATURE_DIM = 42 + 3 * N_MFCC


def feature_names() -> list[str]:
    names = list(audio.FEATURE_NAMES)
    names += [f"mfcc{k}_mean_all" for k in range(N_MFCC)]
    names += [f"mfcc{k}_sd_all" for k in range(N_MFCC)]
    names += [f"mfcc{k}_delta_sd" for k in range(N_MFCC)]
    return names


def trim_to_speech(y: np.ndarray, sr: int = SR) -> np.ndarray:
    """Samples from the first VAD segment's start to the last one's end (sample index
    floor(t * sr + 0.5), clamped), or `y` itself when the VAD finds no speech."""
    segs = audio.vad(y, sr)["segments"]
    if not segs:
        return y
    a = min(len(y), max(0, math.floor(segs[0]["start"] * sr + 0.5)))
    b = min(len(y), max(0, math.floor(segs[-1]["end"] * sr + 0.5)))
    return y[a:b] if b > a else y


def normalise_gain(y: np.ndarray) -> np.ndarray:
    rms = math.sqrt(float(np.mean(np.asarray(y, dtype=np.float64) ** 2)))
    if rms < 1e-10:
        return y.astype(np.float32)
    gain = 10.0 ** (TARGET_RMS_DBFS / 20.0) / rms
    return (y.astype(np.float32) * np.float32(gain)).astype(np.float32)


def voice_features(y: np.ndarray, sr: int = SR) -> np.ndarray:
    """The 162-value feature vector (float64; NaN where a functional is undefined)."""
    assert sr == SR, "the training data is 16 kHz"
    y = np.asarray(y, dtype=np.float32)
    y = normalise_gain(trim_to_speech(y, sr))
    summary = audio.features(y, sr)
    func = np.array([summary[n] for n in audio.FEATURE_NAMES], dtype=np.float64)
    m = audio.mfcc(y, sr).astype(np.float64)
    d = savgol_filter(m, DELTA_WIDTH, polyorder=1, deriv=1, mode="interp", axis=-1)
    return np.concatenate([func, m.mean(axis=1), m.std(axis=1), d.std(axis=1)])
