"""Shared test helpers: where the conformance cases live and one classifier per backend."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

import resona
from resona.vision import ExpressionClassifier

# bindings/python/tests -> bindings/conformance
CONFORMANCE = Path(os.environ.get("RESONA_CONFORMANCE_DIR", Path(__file__).resolve().parents[2] / "conformance"))
BACKENDS = ("tract", "onnxruntime")
REQUIRE_ORT = os.environ.get("RESONA_REQUIRE_ORT") == "1"

_classifiers: dict[str, ExpressionClassifier] = {}


def classifier(backend: str) -> ExpressionClassifier:
    """A classifier on `backend`, built once per test session. When ONNX Runtime is missing the
    test is skipped, or fails under RESONA_REQUIRE_ORT=1."""
    if backend not in _classifiers:
        if backend == "onnxruntime" and importlib.util.find_spec("onnxruntime") is None:
            message = "the onnxruntime package is not installed"
            if REQUIRE_ORT:
                pytest.fail(f"RESONA_REQUIRE_ORT=1 but {message}")
            pytest.skip(message)
        try:
            _classifiers[backend] = ExpressionClassifier(backend)
        except resona.ModelError as e:
            if e.code != "backend_unavailable" or REQUIRE_ORT:
                raise
            pytest.skip(str(e))
    return _classifiers[backend]


@pytest.fixture(params=BACKENDS)
def any_classifier(request: pytest.FixtureRequest) -> ExpressionClassifier:
    return classifier(request.param)


@pytest.fixture
def tract() -> ExpressionClassifier:
    return classifier("tract")


@pytest.fixture
def face() -> "np.ndarray":  # noqa: F821
    import numpy as np

    return np.fromfile(CONFORMANCE / "data" / "faces" / "solvay_01.gray", dtype=np.uint8).reshape(64, 64)
