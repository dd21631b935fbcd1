"""The Python surface itself: exceptions, dtypes, numpy outputs, stubs, backends."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import resona
from resona import _resona
from resona.vision import ExpressionClassifier

from conftest import REQUIRE_ORT, classifier

# --- exceptions ---------------------------------------------------------------------------

SUBCLASSES = {"config": resona.ConfigError, "input": resona.InputError, "limit": resona.LimitError, "model": resona.ModelError}


def test_exception_hierarchy() -> None:
    assert issubclass(resona.ResonaError, Exception)
    for kind, cls in SUBCLASSES.items():
        assert issubclass(cls, resona.ResonaError)
        assert cls.kind == kind
        assert cls.__module__ == "resona" and cls.__name__ in resona.__all__
    assert issubclass(resona.InputError, ValueError)
    assert not any(issubclass(c, ValueError) for k, c in SUBCLASSES.items() if k != "input")
    assert not issubclass(resona.ResonaError, RuntimeError)


def test_errors_carry_kind_code_and_message(tract: ExpressionClassifier) -> None:
    with pytest.raises(resona.InputError) as info:
        tract.classify_image_bytes(b"\0" * 100, 64, 64, "rgb8", 100)
    e = info.value
    assert type(e) is resona.InputError and isinstance(e, (resona.ResonaError, ValueError))
    assert (e.kind, e.code) == ("input", "stride_too_small")
    assert str(e) == "row stride 100 is too small: one row of 64 pixels needs at least 192 bytes"

    with pytest.raises(resona.ConfigError) as info:
        resona.EmotionScores.from_logits([1.0, 2.0], ["happy", "joy"])
    assert (info.value.kind, info.value.code) == ("config", "invalid_parameter")

    with pytest.raises(resona.LimitError) as info:
        tract.classify_image(np.zeros((1, 16385), np.uint8))
    assert (info.value.kind, info.value.code) == ("limit", "limit_exceeded")
    assert "16385" in str(info.value)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a fresh interpreter: ONNX Runtime loads once per process."""
    full_env = {k: v for k, v in os.environ.items() if k != "ORT_DYLIB_PATH"} | env
    return subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True, text=True, timeout=120, check=False)


def test_model_error_when_onnxruntime_cannot_load() -> None:
    code = """
import warnings, resona
from resona.vision import ExpressionClassifier
try:
    ExpressionClassifier("onnxruntime")
except resona.ModelError as e:
    print(type(e).__name__, e.kind, e.code)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    print(ExpressionClassifier().backend, [x.category.__name__ for x in w])
"""
    out = run_python(code, ORT_DYLIB_PATH="/nonexistent/libonnxruntime.so")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["ModelError model backend_unavailable", "tract ['RuntimeWarning']"]


# --- EMOTIONS and EmotionScores -------------------------------------------------------------


def test_emotions_and_version() -> None:
    assert resona.EMOTIONS == ("neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted")
    assert isinstance(resona.__version__, str) and resona.__version__.count(".") == 2


def test_emotion_scores_outputs() -> None:
    s = resona.EmotionScores.from_logits(np.array([0.5, 2.0, -1.0, 0.0, 1.0, -3.0, 0.25]))
    p = s.probabilities
    assert isinstance(p, np.ndarray) and p.dtype == np.float32 and p.shape == (7,)
    assert abs(float(p.sum()) - 1.0) < 1e-6
    assert s.label == "happy" and s.confidence == pytest.approx(float(p[1]))
    assert isinstance(s.confidence, float)
    assert s["happy"] == s["joy"] == pytest.approx(0.511079215)
    assert list(s.to_dict()) == list(resona.EMOTIONS)
    assert s.to_dict()["sad"] == pytest.approx(float(p[2]))
    assert repr(s).startswith("EmotionScores(label='happy', neutral=0.1140")
    # A fresh copy each time: changing it does not change the scores.
    p[:] = 0
    assert s.probabilities[1] > 0.5
    with pytest.raises(AttributeError):
        s.label = "sad"  # type: ignore[misc]


def test_emotion_scores_labels_and_array_likes() -> None:
    fer = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
    s = resona.EmotionScores.from_probabilities((0.1, 0.0, 0.0, 0.6, 0.2, 0.1, 0.0), labels=fer)
    assert s.label == "happy" and s["angry"] == pytest.approx(0.1)
    same = resona.EmotionScores.from_probabilities(np.array([0.0, 0.6, 0.2, 0.1, 0.0, 0.1, 0.0], np.float64))
    np.testing.assert_array_equal(s.probabilities, same.probabilities)
    with pytest.raises(resona.InputError) as info:
        s["boredom"]
    assert info.value.code == "unknown_name"
    with pytest.raises(resona.InputError) as info:
        resona.EmotionScores.from_logits([1.0, 2.0], labels=["happy", "boredom"])
    assert info.value.code == "unknown_name"
    with pytest.raises(TypeError):
        resona.EmotionScores.from_logits([1.0, 2.0], labels="happy")  # type: ignore[arg-type]


# --- dtype dispatch, shapes, non-contiguous arrays ----------------------------------------


def test_crop_dtype_dispatch(any_classifier: ExpressionClassifier, face: np.ndarray) -> None:
    u8 = any_classifier.classify_crop(face)
    f32 = any_classifier.classify_crop(face.astype(np.float32))
    np.testing.assert_allclose(u8.probabilities, f32.probabilities, atol=1e-6)
    for dtype in (np.float64, np.int32, np.int8, np.uint16, np.bool_):
        with pytest.raises(resona.InputError) as info:
            any_classifier.classify_crop(face.astype(dtype))
        assert info.value.code == "unknown_name" and np.dtype(dtype).name in str(info.value)
    with pytest.raises(resona.InputError):
        any_classifier.classify_crops(face[None].astype(np.float32))
    with pytest.raises(TypeError):
        any_classifier.classify_crop(face.tolist())  # type: ignore[arg-type]


def test_non_contiguous_arrays_are_copied(any_classifier: ExpressionClassifier, face: np.ndarray) -> None:
    want = any_classifier.classify_crop(face).probabilities
    fortran = np.asfortranarray(face)
    strided = np.repeat(face, 2, axis=1)[:, ::2]
    transposed = np.ascontiguousarray(face.T).T
    for view in (fortran, strided, transposed):
        assert not view.flags.c_contiguous
        np.testing.assert_array_equal(any_classifier.classify_crop(view).probabilities, want)
    strided_f32 = np.repeat(face.astype(np.float32), 2, axis=1)[:, ::2]
    assert not strided_f32.flags.c_contiguous
    np.testing.assert_allclose(any_classifier.classify_crop(strided_f32).probabilities, want, atol=1e-6)
    mirrored = np.ascontiguousarray(np.repeat(face[:, ::-1, None], 3, axis=2))
    assert not mirrored[:, ::-1].flags.c_contiguous
    np.testing.assert_allclose(any_classifier.classify_image(mirrored[:, ::-1]).probabilities, want, atol=1e-6)


def test_image_layouts_agree(any_classifier: ExpressionClassifier, face: np.ndarray) -> None:
    want = any_classifier.classify_crop(face).probabilities
    rgb = np.repeat(face[:, :, None], 3, axis=2)
    rgba = np.concatenate([rgb, np.full((64, 64, 1), 7, np.uint8)], axis=2)
    frames = [(face, None), (face[:, :, None], None), (rgb, None), (rgb, "bgr8"), (rgba, None), (rgba, "rgba8")]
    for frame, fmt in frames:
        np.testing.assert_allclose(any_classifier.classify_image(frame, fmt).probabilities, want, atol=1e-6)
    via_bytes = any_classifier.classify_image_bytes(bytearray(rgb.tobytes()), 64, 64, "rgb8")
    np.testing.assert_allclose(via_bytes.probabilities, want, atol=1e-6)


def test_image_shape_errors(tract: ExpressionClassifier, face: np.ndarray) -> None:
    rgb = np.repeat(face[:, :, None], 3, axis=2)
    cases = [
        (lambda: tract.classify_image(rgb, "rgba8"), "length_mismatch"),
        (lambda: tract.classify_image(face, "rgb8"), "length_mismatch"),
        (lambda: tract.classify_image(rgb[:, :, :2]), "unknown_name"),
        (lambda: tract.classify_image(face.ravel()), "unknown_name"),
        (lambda: tract.classify_image(face[None, :, :, None]), "unknown_name"),
        (lambda: tract.classify_image(rgb, "yuv420"), "unknown_name"),
        (lambda: tract.classify_image(face.astype(np.float32)), "unknown_name"),
        (lambda: tract.classify_image(np.zeros((0, 64), np.uint8)), "zero_dimension"),
        (lambda: tract.classify_crop(face[:48, :48]), "wrong_dimensions"),
    ]
    for call, code in cases:
        with pytest.raises(resona.InputError) as info:
            call()
        assert info.value.code == code, str(info.value)


def test_truncated_and_empty_inputs_raise_typed_errors(tract: ExpressionClassifier, face: np.ndarray) -> None:
    cases = [
        (lambda: tract.classify_image_bytes(b"", 64, 64, "gray8"), "buffer_too_short"),
        (lambda: tract.classify_image_bytes(face.tobytes()[:-1], 64, 64, "gray8"), "buffer_too_short"),
        (lambda: tract.classify_image_bytes(face.tobytes(), 64, 64, "rgb8"), "buffer_too_short"),
        (lambda: tract.classify_image_bytes(b"", 0, 0, "gray8"), "zero_dimension"),
        (lambda: tract.classify_crop(np.zeros(0, np.uint8)), "length_mismatch"),
        (lambda: tract.classify_crop(face.ravel()[:-1]), "length_mismatch"),
        (lambda: tract.classify_crop(np.zeros(0, np.float32)), "length_mismatch"),
        (lambda: tract.classify_crops(np.zeros((0, 64, 64), np.uint8)), "empty"),
        (lambda: tract.classify_crops(np.zeros(4096 * 2 - 1, np.uint8)), "length_mismatch"),
        (lambda: resona.EmotionScores.from_logits([]), "length_mismatch"),
        (lambda: resona.EmotionScores.from_logits([], labels=[]), "empty"),
        (lambda: resona.EmotionScores.from_probabilities([0.5] * 6), "length_mismatch"),
        (lambda: resona.EmotionScores.from_logits([0.0] * 6 + [float("inf")]), "non_finite"),
    ]
    for call, code in cases:
        with pytest.raises(resona.InputError) as info:
            call()
        assert info.value.code == code, str(info.value)


def test_batches(any_classifier: ExpressionClassifier, face: np.ndarray) -> None:
    batch = np.stack([face, face[::-1], face])
    results = any_classifier.classify_crops(batch)
    assert isinstance(results, list) and len(results) == 3
    assert all(isinstance(r, resona.EmotionScores) for r in results)
    np.testing.assert_allclose(results[0].probabilities, any_classifier.classify_crop(face).probabilities, atol=1e-5)
    np.testing.assert_allclose(results[1].probabilities, any_classifier.classify_crop(face[::-1]).probabilities, atol=1e-5)


# --- backends and threads -------------------------------------------------------------------


def test_backends(tract: ExpressionClassifier) -> None:
    assert tract.backend == "tract" and repr(tract) == "ExpressionClassifier(backend='tract')"
    assert isinstance(tract, _resona.ExpressionClassifier)
    with pytest.raises(resona.InputError) as info:
        ExpressionClassifier("cuda")
    assert info.value.code == "unknown_name"
    auto = ExpressionClassifier()
    if REQUIRE_ORT:
        assert auto.backend == "onnxruntime"
    assert auto.backend in ("tract", "onnxruntime")
    assert classifier("onnxruntime").backend == "onnxruntime"


def test_threads_share_a_classifier(any_classifier: ExpressionClassifier, face: np.ndarray) -> None:
    want = any_classifier.classify_crop(face).probabilities
    results: list[np.ndarray] = []

    def work() -> None:
        for _ in range(5):
            results.append(any_classifier.classify_crop(face).probabilities)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 20
    for r in results:
        np.testing.assert_array_equal(r, want)


# --- stubs -----------------------------------------------------------------------------------


def stub_names() -> dict[str, set[str]]:
    """Top-level names of _resona.pyi, and for each class the names it declares."""
    path = Path(_resona.__file__).with_name("_resona.pyi")
    tree = ast.parse(path.read_text())
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            members |= {n.target.id for n in node.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
            out[node.name] = members
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = set()
    return out


def is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def test_stub_matches_compiled_module() -> None:
    stub = stub_names()
    # Type aliases (plain assignments, used only in annotations) are not exported names.
    compiled = {n for n in dir(_resona) if not is_dunder(n)} | {"__version__"}
    assert set(stub) == compiled
    for name, members in stub.items():
        obj = getattr(_resona, name)
        if not inspect.isclass(obj) or issubclass(obj, BaseException):
            continue
        declared = {m for m in members if not is_dunder(m)}
        public = {m for m in dir(obj) if not m.startswith("_")}
        assert declared == public, name
        for dunder in (m for m in members if is_dunder(m) and m != "__new__"):
            assert hasattr(obj, dunder), f"{name}.{dunder}"


def test_package_reexports() -> None:
    for name in resona.__all__:
        assert hasattr(resona, name)
    assert (Path(resona.__file__).parent / "py.typed").is_file()
    assert resona.EmotionScores is _resona.EmotionScores
    assert issubclass(resona.vision.ExpressionClassifier, _resona.ExpressionClassifier)
