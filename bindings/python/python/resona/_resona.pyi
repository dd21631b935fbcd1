"""Type stubs for the compiled module ``resona._resona`` (re-exported by ``resona``)."""

from typing import Any, Literal, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str

EMOTIONS: tuple[str, str, str, str, str, str, str]
"""The seven emotions in Resona order: neutral, happy, sad, angry, fearful, surprised, disgusted."""

class ResonaError(Exception):
    """Base class of every error Resona raises."""

    kind: Literal["config", "input", "limit", "model"]
    """Which of the four kinds this error is."""
    code: str
    """Stable snake_case code of the broken rule, e.g. ``"stride_too_small"``."""

class ConfigError(ResonaError):
    """A configuration value is invalid (raised when an object is built)."""

    kind: Literal["config"]

class InputError(ResonaError, ValueError):
    """Input data is malformed: empty, wrong length or shape, non-finite, unknown name."""

    kind: Literal["input"]

class LimitError(ResonaError):
    """Input is well formed but exceeds a configured size limit."""

    kind: Literal["limit"]

class ModelError(ResonaError):
    """A model could not be loaded or run, or its backend is unavailable."""

    kind: Literal["model"]

_FloatArrayLike = Union[npt.ArrayLike, Sequence[float]]

class EmotionScores:
    """A probability for each of the seven emotions, in ``EMOTIONS`` order, summing to 1."""

    @staticmethod
    def from_logits(logits: _FloatArrayLike, labels: Optional[Sequence[str]] = None) -> EmotionScores:
        """Softmax of ``logits`` given in the order of ``labels`` (default ``EMOTIONS``; dataset
        names such as ``"joy"`` or ``"fear"`` work too)."""
    @staticmethod
    def from_probabilities(probabilities: _FloatArrayLike, labels: Optional[Sequence[str]] = None) -> EmotionScores:
        """Validated probabilities (each in [0, 1], summing to 1) given in the order of ``labels``."""
    @property
    def probabilities(self) -> npt.NDArray[np.float32]:
        """The seven probabilities, shape (7,), in ``EMOTIONS`` order (a new array each time)."""
    @property
    def label(self) -> str:
        """The most likely emotion."""
    @property
    def confidence(self) -> float:
        """The most likely emotion's probability."""
    def __getitem__(self, name: str) -> float: ...
    def to_dict(self) -> dict[str, float]:
        """``{emotion: probability}`` in ``EMOTIONS`` order."""

class ExpressionClassifier:
    """Facial expression with the bundled model; use ``resona.vision.ExpressionClassifier``,
    which also accepts ``backend=None`` (automatic choice)."""

    def __new__(cls, backend: str) -> ExpressionClassifier: ...
    @property
    def backend(self) -> Literal["tract", "onnxruntime"]:
        """The backend running the model."""
    def classify_crop(self, pixels: Union[npt.NDArray[np.uint8], npt.NDArray[np.float32]]) -> EmotionScores:
        """One gray face crop of shape (64, 64), uint8 or float32 in [0, 255]."""
    def classify_crops(self, pixels: npt.NDArray[np.uint8]) -> list[EmotionScores]:
        """A batch of gray face crops, uint8 of shape (n, 64, 64), run as one batch."""
    def classify_image(self, pixels: npt.NDArray[np.uint8], format: Optional[str] = None) -> EmotionScores:
        """A frame, uint8: (h, w) gray8, (h, w, 3) rgb8 (or ``format="bgr8"``), (h, w, 4) rgba8."""
    def classify_image_bytes(
        self,
        data: Union[bytes, bytearray],
        width: int,
        height: int,
        format: str,
        stride: Optional[int] = None,
    ) -> EmotionScores:
        """A frame as raw bytes in ``format`` (rgb8, rgba8, bgr8, gray8), ``height`` rows of
        ``stride`` bytes (default: packed)."""

def _init_onnxruntime(path: str) -> str:
    """Loads ONNX Runtime from ``path`` (first call per process wins); returns the path loaded."""

class TextAnalyzer:
    """Every text component of Resona on chat messages; thread-safe, build once.

    Messages are ``str``, or ``bytes`` that must be valid UTF-8 (else ``InputError`` with code
    ``invalid_utf8``). Results are dicts; spans are code-point offsets."""

    def __init__(self, *, swahili: bool = True, emotion_model: str = "ngram", backend: str = "tract") -> None:
        """``emotion_model``: ``"ngram"`` (default; microseconds per message) or ``"minilm"``
        (all-MiniLM-L6-v2 fine-tuned on GoEmotions-Ekman; a higher macro-F1 for milliseconds
        per message), run on ``backend`` (``"tract"`` or ``"onnxruntime"``)."""
    def analyze(self, text: Union[str, bytes]) -> dict[str, Any]: ...
    def analyze_batch(self, texts: Sequence[str]) -> list[dict[str, Any]]: ...
    def sentiment(self, text: Union[str, bytes]) -> dict[str, float]: ...
    def sentiment_batch(self, texts: Sequence[str]) -> list[dict[str, float]]: ...
    def compound_batch(self, texts: Sequence[str]) -> list[float]: ...
    def redact_pii(self, text: Union[str, bytes]) -> dict[str, Any]: ...

class TransformerClassifier:
    """A bring-your-own transformer text model: ONNX bytes, a Hugging Face tokenizer.json and a
    label list; thread-safe, build once. Messages are ``str`` or UTF-8 ``bytes``."""

    def __init__(
        self, model: bytes, tokenizer: Union[str, bytes], *, labels: Optional[Sequence[str]] = None,
        pooling: str = "mean", head_weights: Optional[npt.NDArray[np.float32]] = None,
        head_bias: Optional[npt.NDArray[np.float32]] = None, max_length: int = 512, normalize: bool = True,
        inputs: Optional[Sequence[str]] = None, output: str = "last_hidden_state", backend: str = "tract",
    ) -> None:
        """``pooling``: ``"mean"`` (over the attention mask), ``"cls"`` or ``"none"`` (the model
        already gives one vector, e.g. logits); ``head_weights`` (classes x dim) and
        ``head_bias`` (classes) form a linear head over the pooled vector; ``labels`` names the
        classes ("joy", "anger", ... or Resona's names); ``inputs`` lists the graph's int64
        inputs in order (default ``input_ids``, ``attention_mask``, ``token_type_ids``)."""
    def tokenize(self, text: Union[str, bytes]) -> dict[str, Any]: ...
    def embed(self, text: Union[str, bytes]) -> npt.NDArray[np.float32]: ...
    def classify(self, text: Union[str, bytes]) -> dict[str, Any]: ...

# ---- audio (see resona.audio) ----

AudioArray = npt.NDArray[Union[np.float32, np.float64, np.int16]]

def mfcc(
    y: AudioArray, sr: int, *, n_mfcc: int = 40, n_fft: int = 512, hop_length: int = 160,
    win_length: Optional[int] = 400, n_mels: int = 40, fmin: float = 0.0, fmax: Optional[float] = None,
    htk: bool = False, norm: Optional[str] = "slaney", center: bool = True, power: float = 2.0,
    top_db: Optional[float] = 80.0, lifter: float = 0.0,
) -> npt.NDArray[np.float32]:
    """MFCC, shape (n_mfcc, n_frames), as librosa.feature.mfcc."""

def melspectrogram(
    y: AudioArray, sr: int, *, n_fft: int = 512, hop_length: int = 160, win_length: Optional[int] = 400,
    n_mels: int = 40, fmin: float = 0.0, fmax: Optional[float] = None, htk: bool = False,
    norm: Optional[str] = "slaney", center: bool = True, power: float = 2.0,
) -> npt.NDArray[np.float32]:
    """Mel power spectrogram, shape (n_mels, n_frames), as librosa.feature.melspectrogram."""

def rms(y: AudioArray, *, frame_length: int = 2048, hop_length: int = 512, center: bool = True) -> npt.NDArray[np.float32]:
    """RMS energy, shape (1, n_frames), as librosa.feature.rms."""

def zcr(y: AudioArray, *, frame_length: int = 2048, hop_length: int = 512, center: bool = True) -> npt.NDArray[np.float32]:
    """Zero-crossing rate, shape (1, n_frames), as librosa.feature.zero_crossing_rate."""

def spectral_shape(
    y: AudioArray, sr: int, *, n_fft: int = 512, hop_length: int = 160, win_length: Optional[int] = 400, center: bool = True,
) -> dict[str, list[float]]:
    """Spectral centroid, bandwidth, rolloff, flatness and flux per frame."""

def yin(
    y: AudioArray, sr: int, *, fmin: float = 65.0, fmax: float = 600.0, frame_length: int = 1024,
    win_length: Optional[int] = None, hop_length: Optional[int] = 160, trough_threshold: float = 0.1, center: bool = True,
) -> npt.NDArray[np.float32]:
    """f0 per frame in Hz, as librosa.yin."""

def pyin(
    y: AudioArray, sr: int, *, fmin: float = 65.0, fmax: float = 600.0, frame_length: int = 1024,
    win_length: Optional[int] = None, hop_length: Optional[int] = 160, center: bool = True,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_], npt.NDArray[np.float32]]:
    """(f0 with NaN where unvoiced, voiced_flag, voiced_prob), as librosa.pyin."""

def crepe(
    y: AudioArray, sr: int = 16000, *, fmin: float = 50.0, fmax: float = 2006.0, hop_length: int = 160,
    threshold: float = 0.21, center: bool = True, backend: str = "tract",
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_], npt.NDArray[np.float32]]:
    """(f0 with NaN where unvoiced, voiced_flag, periodicity) from the bundled CREPE tiny model (16 kHz only)."""

def resample(y: AudioArray, *, orig_sr: int, target_sr: int) -> npt.NDArray[np.float32]:
    """y resampled; length ceil(len(y) * target_sr / orig_sr)."""

def denoise(y: AudioArray, sr: int) -> npt.NDArray[np.float32]:
    """Noise-suppressed speech, same length as y."""

def vad(y: AudioArray, sr: int, *, threshold: float = 0.5) -> dict[str, Any]:
    """{"probabilities": float32 array per 10 ms frame, "segments": [{"start", "end"}], "hop": seconds}."""

def quality(y: AudioArray, sr: int) -> dict[str, Any]:
    """Levels (dBFS), clipping ratio, SNR, speech share, duration and flags."""

class AudioStream:
    """Streaming features: one frame per 10 ms from PCM chunks of any size."""

    def __init__(self, sr: int, *, channels: int = 1, denoise: bool = False) -> None: ...
    def push(self, samples: AudioArray, timestamp_ms: int = 0) -> dict[str, npt.NDArray[Any]]:
        """Interleaved samples in; the frames completed out, as a dict of arrays."""
    def finish(self) -> dict[str, npt.NDArray[Any]]:
        """The last frames; the stream can start again afterwards."""

def voice_quality(y: AudioArray, sr: int, *, pitch_floor: float = 75.0, pitch_ceiling: float = 600.0) -> dict[str, Any]:
    """Praat's jitter, shimmer and HNR (None where Praat reports undefined)."""

FEATURE_NAMES: tuple[str, ...]
"""Names of the utterance functionals, in order."""

def features(y: AudioArray, sr: int) -> dict[str, float]:
    """Named functionals of one utterance (eGeMAPS-style); NaN where undefined."""

class FaceAnalyzer:
    """Faces in frames: detection, landmarks, expression, geometry, head pose, AUs, affect."""

    def __init__(
        self, backend: str, *, detector: str = "full_range", landmarks: str = "primary", rotation: int = 0,
        confidence_gate: float = 0.6, score_threshold: float = 0.5,
    ) -> None: ...
    @property
    def backend(self) -> Literal["tract", "onnxruntime"]: ...
    def analyze(self, image: npt.NDArray[np.uint8], format: Optional[str] = None) -> dict[str, Any]: ...
    def analyze_bytes(self, data: bytes, width: int, height: int, format: str, stride: Optional[int] = None) -> dict[str, Any]: ...
    def track(self, image: npt.NDArray[np.uint8], timestamp_ms: int, format: Optional[str] = None) -> dict[str, Any]: ...

class Engine:
    """Every Resona pipeline and the fusion layer; thread-safe."""

    def __init__(self, backend: str = "tract", *, face_interval_ms: Optional[int] = None, redetect_interval_ms: Optional[int] = None) -> None: ...
    def push_audio(self, samples: AudioArray, sr: int, timestamp_ms: int, *, channels: int = 1) -> list[dict[str, Any]]: ...
    def push_frame(
        self, image: npt.NDArray[np.uint8], timestamp_ms: int, format: Optional[str] = None
    ) -> Optional[dict[str, Any]]: ...
    def push_text(self, text: str, timestamp_ms: int) -> dict[str, Any]: ...
    def state(self) -> Optional[dict[str, Any]]: ...
    def moments(self) -> list[dict[str, Any]]: ...
    def end_session(self, timestamp_ms: int) -> dict[str, Any]: ...
    def burnout(self) -> dict[str, Any]: ...
    def save_baseline(self) -> bytes: ...
    def load_baseline(self, data: bytes) -> None: ...
    def save_history(self) -> bytes: ...
    def load_history(self, data: bytes) -> None: ...

class VoiceEmotion:
    """Voice emotion with the bundled EmoDB model."""

    def __init__(self, backend: str, *, gate: float = 0.6) -> None: ...
    def predict(self, y: AudioArray, sr: int, start_ms: int = 0) -> list[dict[str, Any]]: ...
    def classify(self, y: AudioArray, sr: int) -> dict[str, Any]: ...

def vocal_stress(y: AudioArray, sr: int, baseline: Optional[Sequence[AudioArray]] = None) -> dict[str, Any]:
    """Vocal stress in [0, 1] with its indicators; baseline = earlier recordings of the speaker."""
