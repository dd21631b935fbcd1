"""Computes (and caches) Resona voice features of EmoDB, clean and with noise at 10 dB SNR.

Usage: python emodb_features.py --emodb ../../../../shared/data/emodb/wav --cache /tmp/resona-emotion-cache
       [--jobs 2] [--all-noises]

Clean features of every file go to <cache>/clean.npz. Noisy copies: each file is mixed at
SNR_DB with one everyday noise (the type cycles with the file's index, so every type covers
about a fifth of the corpus; --all-noises mixes every type into every file), and features are
computed on the noisy signal as it is and after Resona's noise reduction
(resona.audio.denoise): <cache>/noisy.npz. Noise is generated here, seeded per file, so the
run is reproducible; no audio is written anywhere.
"""

from __future__ import annotations

import argparse
import os
import wave
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from resona import audio

from voice_features import FEATURE_DIM, SR, voice_features

SNR_DB = 10.0
NOISES = ["white", "pink", "brown", "hum", "babble"]
EMOTION_LETTERS = "WLEAFTN"


def read_native(path: str) -> tuple[np.ndarray, int]:
    """Mono 16-bit WAV as float32 at its own rate (this copy of EmoDB is stored at 22,050 Hz)."""
    with wave.open(path) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, path
        rate = w.getframerate()
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0, rate


def to_16k(y: np.ndarray, rate: int) -> np.ndarray:
    """Resona's resampler, as `VoiceEmotionModel::classify` applies it to other rates."""
    return y if rate == SR else audio.resample(y, orig_sr=rate, target_sr=SR)


def read_wav(path: str) -> np.ndarray:
    """Mono 16-bit WAV as float32 at 16 kHz."""
    return to_16k(*read_native(path))


def list_corpus(root: str) -> list[tuple[str, str, str]]:
    """(file name, speaker id, emotion letter) of every EmoDB file, sorted by name."""
    out = []
    for name in sorted(os.listdir(root)):
        if name.endswith(".wav") and len(name) == 11 and name[5] in EMOTION_LETTERS:
            out.append((name, name[:2], name[5]))
    return out


def coloured(rng: np.random.Generator, n: int, exponent: float, sr: int) -> np.ndarray:
    """Noise whose power falls as 1/f**exponent (0 white, 1 pink, 2 brown), via FFT shaping."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / sr)
    f[0] = f[1]
    spec *= f ** (-exponent / 2.0)
    spec[f < 20.0] = 0.0  # no sub-audio drift
    return np.fft.irfft(spec, n)


def make_noise(kind: str, n: int, rng: np.random.Generator, babble_sources: list[np.ndarray], sr: int) -> np.ndarray:
    if kind == "white":
        return rng.standard_normal(n)
    if kind == "pink":
        return coloured(rng, n, 1.0, sr)
    if kind == "brown":
        return coloured(rng, n, 2.0, sr)
    if kind == "hum":
        # Mains hum: 50 Hz and its harmonics up to 1 kHz with 1/k amplitudes, plus a little
        # broadband hiss, as from a ground loop or a transformer.
        t = np.arange(n) / sr
        hum = sum(np.sin(2 * np.pi * 50 * k * t + rng.uniform(0, 2 * np.pi)) / k for k in range(1, 21))
        return hum + 0.05 * rng.standard_normal(n)
    if kind == "babble":
        # Several other talkers (other EmoDB speakers), each at its own random offset.
        mix = np.zeros(n)
        for src in babble_sources:
            src = src / (np.sqrt(np.mean(src.astype(np.float64) ** 2)) + 1e-12)
            reps = int(np.ceil((n + len(src)) / len(src)))
            loop = np.tile(src, reps)
            off = int(rng.integers(0, len(src)))
            mix += loop[off : off + n]
        return mix
    raise ValueError(kind)


def mix_at_snr(y: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    p_sig = np.mean(y.astype(np.float64) ** 2)
    p_noise = np.mean(noise**2) + 1e-20
    scaled = noise * np.sqrt(p_sig / (p_noise * 10 ** (snr_db / 10)))
    return (y + scaled).astype(np.float32)


def _clean(path: str) -> np.ndarray:
    return voice_features(read_wav(path))


def noisy_native(path: str, kind: str, seed: int, babble_paths: list[str]) -> tuple[np.ndarray, int]:
    """The file mixed with noise `kind` at SNR_DB, at the file's own rate."""
    rng = np.random.default_rng(seed)
    y, rate = read_native(path)
    sources = [read_native(p)[0] for p in babble_paths]
    return mix_at_snr(y, make_noise(kind, len(y), rng, sources, rate), SNR_DB), rate


def _noisy(args) -> tuple[np.ndarray, np.ndarray]:
    noisy = to_16k(*noisy_native(*args))
    return voice_features(noisy), voice_features(audio.denoise(noisy, SR))


def noise_jobs(corpus, paths, all_noises: bool):
    """(path, kind, seed, babble paths, name) of every noisy copy."""
    jobs = []
    for i, (name, spk, _) in enumerate(corpus):
        kinds = NOISES if all_noises else [NOISES[i % len(NOISES)]]
        # Babble talkers: four files of other speakers, chosen by a per-file seed.
        others = [j for j, c in enumerate(corpus) if c[1] != spk]
        pick = np.random.default_rng(1000 + i).choice(others, 4, replace=False)
        for kind in kinds:
            seed = 10_000 * (1 + NOISES.index(kind)) + i
            jobs.append((paths[i], kind, seed, [paths[j] for j in pick], name))
    return jobs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--emodb", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--all-noises", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    corpus = list_corpus(a.emodb)
    paths = [os.path.join(a.emodb, n) for n, _, _ in corpus]
    names = np.array([n for n, _, _ in corpus])
    with ProcessPoolExecutor(a.jobs) as pool:
        clean_path = os.path.join(a.cache, "clean.npz")
        if not os.path.exists(clean_path):
            x = np.stack(list(pool.map(_clean, paths, chunksize=4)))
            assert x.shape[1] == FEATURE_DIM
            np.savez(clean_path, names=names, x=x)
            print("clean features:", x.shape, flush=True)
        jobs = noise_jobs(corpus, paths, a.all_noises)
        noisy_path = os.path.join(a.cache, "noisy_all.npz" if a.all_noises else "noisy.npz")
        if not os.path.exists(noisy_path):
            res = list(pool.map(_noisy, [j[:4] for j in jobs], chunksize=4))
            np.savez(
                noisy_path,
                names=np.array([j[4] for j in jobs]),
                kinds=np.array([j[1] for j in jobs]),
                x_noisy=np.stack([r[0] for r in res]),
                x_denoised=np.stack([r[1] for r in res]),
            )
            print("noisy features:", len(res), flush=True)


if __name__ == "__main__":
    main()
