"""Voice: librosa-compatible features, pitch, voice quality, preprocessing and streaming.

Functions take a 1-D numpy array (float32, float64 or int16 scaled by 1/32768; a
``(channels, n)`` array is averaged to mono like ``librosa.to_mono``) and the sample rate, use
librosa's parameter names, and return float32 arrays in librosa's layout. Resona's defaults
are the speech settings of its models (16 kHz: ``n_mfcc=40, n_fft=512, hop_length=160,
win_length=400, n_mels=40``); pass librosa's values to get librosa's numbers.

>>> import numpy as np
>>> from resona import audio
>>> y = np.sin(2 * np.pi * 220 * np.arange(16000) / 16000).astype(np.float32)
>>> audio.mfcc(y, 16000).shape
(40, 101)
>>> f0, voiced, prob = audio.pyin(y, 16000)
>>> round(float(np.nanmedian(f0)))
220
"""

from __future__ import annotations

from typing import Optional

from resona import _resona
from resona._resona import (
    FEATURE_NAMES,
    AudioStream,
    crepe,
    features,
    denoise,
    melspectrogram,
    mfcc,
    pyin,
    quality,
    resample,
    rms,
    spectral_shape,
    vad,
    vocal_stress,
    voice_quality,
    yin,
    zcr,
)

__all__ = [
    "FEATURE_NAMES",
    "AudioStream",
    "crepe",
    "features",
    "denoise",
    "melspectrogram",
    "mfcc",
    "pyin",
    "quality",
    "resample",
    "rms",
    "spectral_shape",
    "vad",
    "vocal_stress",
    "VoiceEmotion",
    "voice_quality",
    "yin",
    "zcr",
]


class VoiceEmotion(_resona.VoiceEmotion):
    """Voice emotion with the bundled model trained on EmoDB (leave-one-speaker-out UAR
    0.718; "surprised" is never predicted, boredom counts as neutral).

    ``predict(y, sr)`` returns one result per VAD-driven 2-5 s speech segment; ``classify``
    scores a whole utterance. ``backend`` as for the other models (None: onnxruntime when
    installed, else tract)."""

    def __new__(cls, backend: Optional[str] = None, *, gate: float = 0.6) -> "VoiceEmotion":
        from resona.vision import _resolve_backend

        return super().__new__(cls, _resolve_backend(backend), gate=gate)
