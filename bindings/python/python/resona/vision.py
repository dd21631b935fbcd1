"""Face: facial-expression classification of face crops and whole frames."""

from __future__ import annotations

import importlib.util
import os
import warnings
from pathlib import Path
from typing import Optional

from resona import _resona

__all__ = ["ExpressionClassifier"]

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
