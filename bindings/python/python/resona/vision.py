"""Face: facial-expression classification of face crops and whole frames."""

from __future__ import annotations

import importlib.util
import os
import warnings
from pathlib import Path
from typing import Optional

from resona import _resona

__all__ = ["ExpressionClassifier", "FaceAnalyzer"]

_LIBRARY_PATTERNS = ("libonnxruntime.so*", "libonnxruntime.dylib", "libonnxruntime.*.dylib", "onnxruntime.dll")


def _onnxruntime_library() -> Optional[Path]:
    """The shared library inside the installed ``onnxruntime`` package, found without importing it."""
    try:
        spec = importlib.util.find_spec("onnxruntime")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        capi = Path(location) / "capi"
        for pattern in _LIBRARY_PATTERNS:
            found = sorted(capi.glob(pattern))
            if found:
                return found[-1]
    return None


def _load_onnxruntime() -> bool:
    """Loads ONNX Runtime for Resona once: ``ORT_DYLIB_PATH`` if set, else the ``onnxruntime``
    package's library. Returns False when neither exists; raises ModelError when loading fails."""
    configured = os.environ.get("ORT_DYLIB_PATH")
    library = Path(configured) if configured else _onnxruntime_library()
    if library is None:
        return False
    _resona._init_onnxruntime(str(library))
    return True


def _resolve_backend(backend: Optional[str]) -> str:
    if backend in ("onnxruntime", "ort"):
        # Prefer the library of the installed package; without one the core searches itself
        # and raises ModelError(code="backend_unavailable") when nothing is found.
        _load_onnxruntime()
        return backend
    if backend is not None:
        return backend
    try:
        if _load_onnxruntime():
            return "onnxruntime"
    except _resona.ModelError as e:
        warnings.warn(f"resona: using the tract backend because ONNX Runtime did not load: {e}", RuntimeWarning, stacklevel=3)
    return "tract"


class ExpressionClassifier(_resona.ExpressionClassifier):
    """Classifies facial expressions with the bundled FER2013 mini-XCEPTION model.

    ``backend`` is ``"tract"`` (pure Rust, always available), ``"onnxruntime"`` (needs
    ``pip install onnxruntime==1.31.1``), or ``None``: ONNX Runtime when that package is
    installed, tract otherwise. ``.backend`` says which one runs.
    """

    def __new__(cls, backend: Optional[str] = None) -> "ExpressionClassifier":
        return super().__new__(cls, _resolve_backend(backend))


class FaceAnalyzer(_resona.FaceAnalyzer):
    """Every face in a frame: BlazeFace detection, Face Mesh landmarks, expression, geometry,
    head pose, action units, arousal and valence.

    ``analyze(image)`` takes a uint8 array of shape (h, w, 3) RGB, (h, w, 4) RGBA or (h, w)
    gray (``format="bgr8"`` for OpenCV frames) and returns ``{"faces": [...], "primary":
    index or None, "width", "height"}``; each face has ``bbox`` (pixels), ``bbox_normalized``,
    ``score``, ``keypoints``, ``landmarks`` (468 points and presence, on the primary face by
    default), ``expression`` (the seven probabilities), ``label`` (None below the confidence
    gate), ``geometry``, ``head_pose`` (degrees), ``action_units`` and ``affect``.
    ``track(image, timestamp_ms)`` also follows faces across frames.

    ``backend`` as for :class:`ExpressionClassifier`; ``detector`` is ``"full_range"`` or
    ``"short_range"`` (selfie distance); ``landmarks`` is ``"primary"``, ``"all"`` or
    ``"off"``; ``rotation`` (0, 90, 180, 270) turns phone-camera frames upright.
    """

    def __new__(
        cls,
        backend: Optional[str] = None,
        *,
        detector: str = "full_range",
        landmarks: str = "primary",
        rotation: int = 0,
        confidence_gate: float = 0.6,
        score_threshold: float = 0.5,
    ) -> "FaceAnalyzer":
        return super().__new__(
            cls,
            _resolve_backend(backend),
            detector=detector,
            landmarks=landmarks,
            rotation=rotation,
            confidence_gate=confidence_gate,
            score_threshold=score_threshold,
        )
