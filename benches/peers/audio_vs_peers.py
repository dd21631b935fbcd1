#!/usr/bin/env python3
"""Resona's Python API against the peers researchers use, in one process, alternating calls.

For each operation the script calls Resona and the peer in turn (Resona, peer, Resona, peer,
...), on the same 60 s of 16 kHz speech, and reports the median time of each and the ratio
peer / Resona. The peers are pinned in resona-audio/scripts/requirements-golden.txt:
librosa 0.11.0, praat-parselmouth 0.4.7, opensmile 2.6.0. Resona must be installed from a
release wheel (`maturin build --release`); a debug build measures the wrong thing.

    python benches/peers/audio_vs_peers.py [--seconds 60] [--repeats 5]

Goals (issue 3): MFCC >= 10x librosa, pYIN >= 100x librosa.pyin, YIN >= 10x librosa.yin,
voice quality >= 10x Praat through parselmouth, functionals >= 10x openSMILE eGeMAPSv02.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import librosa
import numpy as np
import opensmile
import parselmouth
from parselmouth.praat import call

import resona
from resona import audio

ROOT = Path(__file__).resolve().parents[2]
SPEECH = ROOT / "resona-audio" / "tests" / "data" / "golden" / "inputs" / "espeak_en.pcm16"
SR = 16000


def speech(seconds: float) -> np.ndarray:
    one = np.fromfile(SPEECH, dtype="<i2").astype(np.float32) / np.float32(32768.0)
    return np.resize(one, int(seconds * SR))


def praat_voice_quality(y: np.ndarray) -> tuple:
    snd = parselmouth.Sound(y.astype(np.float64), sampling_frequency=SR)
    pp = call(snd, "To PointProcess (periodic, cc)", 75, 600)
    jitter = call(pp, "Get jitter (local)", 0, 0, 0.0001, 0.02, 1.3)
    shimmer = call([snd, pp], "Get shimmer (local)", 0, 0, 0.0001, 0.02, 1.3, 1.6)
    hnr = call(call(snd, "To Harmonicity (cc)", 0.01, 75, 0.1, 1.0), "Get mean", 0, 0)
    return jitter, shimmer, hnr


def alternate(resona_call, peer_call, repeats: int) -> tuple[float, float]:
    ours, theirs = [], []
    resona_call(), peer_call()  # warm-up: plans, numba JIT, caches
    for _ in range(repeats):
        t = time.perf_counter()
        resona_call()
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        peer_call()
        theirs.append(time.perf_counter() - t)
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    y = speech(args.seconds)
    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02, feature_level=opensmile.FeatureLevel.Functionals)
    mfcc_kw = dict(n_mfcc=40, n_fft=512, hop_length=160, win_length=400, n_mels=40)
    pitch_kw = dict(fmin=65.0, fmax=600.0, frame_length=1024, hop_length=160)
    ops = [
        ("mfcc", lambda: audio.mfcc(y, SR, **mfcc_kw), lambda: librosa.feature.mfcc(y=y, sr=SR, **mfcc_kw), "librosa.feature.mfcc", 10),
        ("yin", lambda: audio.yin(y, SR, **pitch_kw), lambda: librosa.yin(y, sr=SR, **pitch_kw), "librosa.yin", 10),
        ("pyin", lambda: audio.pyin(y, SR, **pitch_kw), lambda: librosa.pyin(y, sr=SR, **pitch_kw), "librosa.pyin", 100),
        ("rms", lambda: audio.rms(y, frame_length=400, hop_length=160), lambda: librosa.feature.rms(y=y, frame_length=400, hop_length=160), "librosa.feature.rms", 1),
        ("voice_quality", lambda: audio.voice_quality(y, SR), lambda: praat_voice_quality(y), "parselmouth (Praat 6.1.38)", 10),
        ("features", lambda: audio.features(y, SR), lambda: smile.process_signal(y, SR), "opensmile eGeMAPSv02", 10),
    ]
    print(f"resona {resona.__version__}, librosa {librosa.__version__}, parselmouth {parselmouth.__version__}, "
          f"opensmile {opensmile.__version__}; {args.seconds:.0f} s of 16 kHz speech, median of {args.repeats} alternating runs")
    print(f"{'operation':<15}{'resona (ms)':>12}{'peer (ms)':>12}{'ratio':>9}  {'goal':>6}  peer")
    for name, ours, theirs, peer, goal in ops:
        repeats = 2 if name == "pyin" else args.repeats
        a, b = alternate(ours, theirs, repeats)
        ratio = b / a
        print(f"{name:<15}{a * 1e3:>12.1f}{b * 1e3:>12.1f}{ratio:>8.1f}x  {'>=' + str(goal) + 'x':>6}  {peer}{'' if ratio >= goal else '  (below goal)'}")


if __name__ == "__main__":
    main()
