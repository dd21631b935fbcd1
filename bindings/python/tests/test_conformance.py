"""Runs every case of bindings/conformance/cases/*.json on the Python API.

Mirrors the Rust runner (bindings/conformance/src/lib.rs): the same ops and buffer specs,
labels defaulting to Resona order, stride defaulting to packed, tolerance defaulting to 1e-6,
errors compared by kind and code. Model cases run on both backends.
"""

from __future__ import annotations

import json
import math
from typing import Any, Union

import numpy as np
import pytest

import resona
from conftest import BACKENDS, CONFORMANCE, classifier

MODEL_OPS = {
    "text_transformer",
    "classify_face_crop",
    "classify_face_crops",
    "classify_image",
    "face_analyze",
    "engine_session",
    "audio_voice_emotion_segments",
    "audio_crepe",
}
DEFAULT_TOLERANCE = 1e-6
ERROR_CLASSES = {
    "config": resona.ConfigError,
    "input": resona.InputError,
    "limit": resona.LimitError,
    "model": resona.ModelError,
}


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    files = sorted((CONFORMANCE / "cases").glob("*.json"))
    return [(f.stem, case) for f in files for case in json.loads(f.read_text())["cases"]]


CASES = load_cases()


def params() -> list[Any]:
    out = []
    for file, case in CASES:
        tag = f"{file}/{case['name']}"
        if case["op"] in MODEL_OPS:
            out += [pytest.param(case, b, id=f"{tag}[{b}]") for b in BACKENDS]
        else:
            out.append(pytest.param(case, None, id=tag))
    return out


def number(v: Union[str, float]) -> float:
    if v == "NaN":
        return math.nan
    assert isinstance(v, (int, float)), f"not a number: {v!r}"
    return float(v)


def buffer_u8(spec: dict[str, Any]) -> np.ndarray:
    if "file" in spec:
        return np.fromfile(CONFORMANCE / spec["file"], dtype=np.uint8)
    if "values" in spec:
        return np.array([number(v) for v in spec["values"]], dtype=np.float64).astype(np.uint8)
    return np.full(spec["len"], number(spec.get("fill", 0)), dtype=np.float64).astype(np.uint8)


def buffer_f32(spec: dict[str, Any]) -> np.ndarray:
    if "file" in spec:
        out = buffer_u8(spec).astype(np.float32)
    elif "values" in spec:
        out = np.array([number(v) for v in spec["values"]], dtype=np.float32)
    else:
        out = np.full(spec["len"], number(spec.get("fill", 0)), dtype=np.float32)
    if "nan_at" in spec:
        out[spec["nan_at"]] = np.nan
    return out


def crops_array(flat: np.ndarray, width: int, height: int, leading: tuple[int, ...]) -> np.ndarray:
    """Shapes flat pixels as the API takes them: (*leading, height, width) when they fit, else
    the flat array itself, whose length Resona then rejects."""
    per = width * height
    if per and flat.size and flat.size % per == 0 and flat.size // per == int(np.prod(leading or (1,))):
        return flat.reshape(*leading, height, width)
    return flat


def image_array(flat: np.ndarray, width: int, height: int, stride: int, fmt: str) -> np.ndarray:
    """The frame as a (height, width[, channels]) array; a padded stride gives a non-contiguous
    view, which the binding must copy correctly."""
    bpp = {"gray8": 1, "rgb8": 3, "bgr8": 3, "rgba8": 4}[fmt]
    rows = np.zeros(stride * height, dtype=np.uint8)
    rows[: flat.size] = flat[: stride * height]
    view = rows.reshape(height, stride)[:, : width * bpp]
    return view if bpp == 1 else view.reshape(height, width, bpp)


_text_analyzers: dict[bool, Any] = {}


_face_analyzers: dict[tuple, Any] = {}


def run_face(inp: dict[str, Any], backend: str) -> Any:
    key = (backend, inp.get("landmarks", "primary"), inp.get("rotation", 0), inp.get("detector", "full_range"))
    if key not in _face_analyzers:
        classifier(backend)  # skips, or fails under RESONA_REQUIRE_ORT, when ONNX Runtime is missing
        _face_analyzers[key] = resona.vision.FaceAnalyzer(backend, landmarks=key[1], rotation=key[2], detector=key[3])
    img = inp["image"]
    data = buffer_u8(img).tobytes()
    return _face_analyzers[key].analyze_bytes(data, img["width"], img["height"], img["format"], img.get("stride"))


def run_engine(inp: dict[str, Any], backend: str) -> Any:
    classifier(backend)  # skips, or fails under RESONA_REQUIRE_ORT, when ONNX Runtime is missing
    engine = resona.Engine(backend)
    summaries = []
    for e in inp["events"]:
        t = e.get("t", 0)
        if "text" in e:
            engine.push_text(e["text"], t)
        elif "audio" in e:
            pcm = np.fromfile(CONFORMANCE / e["audio"], dtype="<i2")
            for k in range(0, len(pcm), 320):
                engine.push_audio(pcm[k : k + 320], 16000, t + 20 * (k // 320))
        elif "frame" in e:
            f = e["frame"]
            bpp = {"gray8": 1, "rgb8": 3, "rgba8": 4}[f["format"]]
            img = np.fromfile(CONFORMANCE / f["file"], dtype=np.uint8).reshape(f["height"], f["width"], bpp)
            engine.push_frame(img if bpp > 1 else img[:, :, 0], t)
        elif "end_session" in e:
            summaries.append(engine.end_session(t))
    reads = {"state": lambda: engine.state(), "summary": lambda: summaries[-1] if summaries else None, "burnout": engine.burnout}
    return {r: reads[r]() for r in inp.get("read", [])}


def run_text(op: str, inp: dict[str, Any]) -> Any:
    swahili = inp.get("swahili", True)
    if swahili not in _text_analyzers:
        _text_analyzers[swahili] = resona.text.TextAnalyzer(swahili=swahili)
    a = _text_analyzers[swahili]
    message = bytes(inp["bytes"]) if "bytes" in inp else inp["text"]
    return {"text_sentiment": a.sentiment, "text_analyze": a.analyze, "text_redact_pii": a.redact_pii}[op](message)


def pcm(inp: dict[str, Any]) -> np.ndarray:
    if "zeros" in inp:
        return np.zeros(inp["zeros"], np.float32)
    return np.fromfile(CONFORMANCE / inp["pcm"], dtype="<i2").astype(np.float32) / np.float32(32768.0)


def nan_list(v: Any) -> list:
    return np.asarray(v).tolist()


_voice_emotion: dict[str, Any] = {}


def voice_emotion(backend: str) -> Any:
    if backend not in _voice_emotion:
        classifier(backend)  # skips, or fails under RESONA_REQUIRE_ORT, when ONNX Runtime is missing
        _voice_emotion[backend] = resona.audio.VoiceEmotion(backend)
    return _voice_emotion[backend]


def run_audio(op: str, inp: dict[str, Any], backend: Union[str, None]) -> Any:
    y, sr = pcm(inp), inp.get("sr", 16000)
    if op == "audio_voice_emotion_segments":
        assert backend is not None
        return voice_emotion(backend).predict(y, sr, inp.get("start_ms", 0))
    if op == "audio_vocal_stress":
        return resona.audio.vocal_stress(y, sr)
    if op == "audio_mfcc":
        kw = {k: inp[k] for k in ("n_mfcc", "n_mels", "fmin", "fmax", "htk") if k in inp}
        m = resona.audio.mfcc(y, sr, **kw)
        return {"rows": m.shape[0], "cols": m.shape[1], "data": nan_list(m.ravel())}
    if op in ("audio_rms", "audio_zcr"):
        fn = resona.audio.rms if op == "audio_rms" else resona.audio.zcr
        return {"data": nan_list(fn(y, frame_length=inp.get("frame_length", 2048), hop_length=inp.get("hop_length", 512))[0])}
    if op == "audio_pyin":
        f0, voiced, _ = resona.audio.pyin(y, sr, fmin=inp.get("fmin", 65.0), fmax=inp.get("fmax", 600.0))
        return {"f0": nan_list(f0), "voiced": voiced.tolist()}
    if op == "audio_crepe":
        assert backend is not None
        classifier(backend)  # skips, or fails under RESONA_REQUIRE_ORT, when ONNX Runtime is missing
        f0, voiced, periodicity = resona.audio.crepe(y, sr, fmin=inp.get("fmin", 50.0), fmax=inp.get("fmax", 2006.0), backend=backend)
        return {"f0": nan_list(f0), "voiced": voiced.tolist(), "periodicity": nan_list(periodicity)}
    if op == "audio_yin":
        return {"f0": nan_list(resona.audio.yin(y, sr, fmin=inp.get("fmin", 65.0), fmax=inp.get("fmax", 600.0)))}
    if op == "audio_voice_quality":
        return resona.audio.voice_quality(y, sr)
    if op == "audio_resample":
        return {"len": len(resona.audio.resample(y, orig_sr=inp["orig_sr"], target_sr=inp["target_sr"]))}
    if op == "audio_stream":
        s = resona.audio.AudioStream(sr)
        chunks, parts, at, k = inp.get("chunks", [max(len(y), 1)]), [], 0, 0
        while at < len(y):
            n = max(chunks[k % len(chunks)], 1)
            parts.append(s.push(y[at : at + n]))
            at, k = at + n, k + 1
        parts.append(s.finish())
        mfcc = np.concatenate([p["mfcc"] for p in parts])
        return {"n_frames": mfcc.shape[0], "n_mfcc": mfcc.shape[1]}
    if op == "audio_features":
        return resona.audio.features(y, sr)
    raise AssertionError(f"unknown op {op}")


def compare_json(expected: Any, actual: Any, tol: float, path: str = "$") -> None:
    """The rules of bindings/conformance/src/compare.rs."""
    if expected == "NaN":
        assert actual is None or (isinstance(actual, float) and math.isnan(actual)), f"{path}: expected NaN, got {actual!r}"
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{path}: expected a number, got {actual!r}"
        assert abs(float(expected) - float(actual)) <= tol, f"{path}: expected {expected}, got {actual} (tolerance {tol})"
    elif isinstance(expected, list):
        actual = list(actual) if isinstance(actual, (list, tuple, np.ndarray)) else actual
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: expected {len(expected)} elements, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare_json(e, a.item() if isinstance(a, np.generic) else a, tol, f"{path}[{i}]")
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, e in expected.items():
            assert k in actual, f"{path}: missing key {k!r}"
            compare_json(e, actual[k], tol, f"{path}.{k}")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def run_transformer(inp: dict[str, Any], backend: str) -> Any:
    """`text_transformer`: build the classifier from the case's settings, then one call."""
    head = inp.get("head")
    clf = resona.text.TransformerClassifier(
        buffer_u8(inp["model"]).tobytes(),
        buffer_u8(inp["tokenizer"]).tobytes(),
        labels=inp.get("labels"),
        pooling=inp.get("pooling", "mean"),
        head_weights=None if head is None else np.array(head["weights"], dtype=np.float32),
        head_bias=None if head is None else np.array(head["bias"], dtype=np.float32),
        max_length=inp.get("max_length", 512),
        normalize=inp.get("normalize", True),
        inputs=inp.get("inputs"),
        output=inp.get("output", "last_hidden_state"),
        backend=backend,
    )
    if inp["call"] == "embed":
        v = clf.embed(inp["text"])
        assert v.dtype == np.float32 and v.ndim == 1
        return v.tolist()
    return {"tokenize": clf.tokenize, "classify": clf.classify}[inp["call"]](inp["text"])


def run(case: dict[str, Any], backend: Union[str, None]) -> Any:
    inp, op = case["input"], case["op"]
    if op == "text_transformer":
        assert backend is not None
        return run_transformer(inp, backend)
    if op.startswith("text_"):
        return run_text(op, inp)
    if op.startswith("audio_"):
        return run_audio(op, inp, backend)
    if op == "emotion_scores_from_logits":
        return resona.EmotionScores.from_logits([number(v) for v in inp["logits"]], inp.get("labels"))
    if op == "emotion_scores_from_probabilities":
        return resona.EmotionScores.from_probabilities([number(v) for v in inp["probabilities"]], inp.get("labels"))
    assert backend is not None
    if op == "face_analyze":
        return run_face(inp, backend)
    if op == "engine_session":
        return run_engine(inp, backend)
    clf = classifier(backend)
    w, h = inp["width"], inp["height"]
    if op == "classify_face_crop":
        flat = buffer_f32(inp["pixels"]) if inp.get("dtype") == "f32" else buffer_u8(inp["pixels"])
        return clf.classify_crop(crops_array(flat, w, h, ()))
    if op == "classify_face_crops":
        crops = [buffer_u8(spec) for spec in inp["crops"]]
        return clf.classify_crops(crops_array(np.concatenate(crops), w, h, (len(crops),)))
    if op == "classify_image":
        data = buffer_u8(inp["pixels"]).tobytes()
        return clf.classify_image_bytes(data, w, h, inp["format"], inp.get("stride"))
    raise AssertionError(f"unknown op {op}")


def check_scores(expected: dict[str, float], actual: resona.EmotionScores, tol: float) -> None:
    probabilities = actual.probabilities
    assert probabilities.dtype == np.float32 and probabilities.shape == (7,)
    for name, p in zip(resona.EMOTIONS, probabilities):
        assert name in expected, f"expected scores lack {name}"
        assert abs(float(p) - expected[name]) <= tol, f"{name}: expected {expected[name]}, got {p} (tolerance {tol})"


def check(case: dict[str, Any], outcome: Any) -> None:
    expect, tol = case["expect"], case.get("tolerance", DEFAULT_TOLERANCE)
    if "error" in expect:
        want = expect["error"]
        assert isinstance(outcome, resona.ResonaError), f"expected error {want}, got {outcome!r}"
        assert (outcome.kind, outcome.code) == (want["kind"], want["code"]), f"expected {want}, got {outcome.kind}/{outcome.code}: {outcome}"
        assert isinstance(outcome, ERROR_CLASSES[want["kind"]])
        return
    assert not isinstance(outcome, BaseException), f"unexpected error: {outcome!r}"
    if "value" in expect:
        compare_json(expect["value"], outcome, tol)
    elif "scores" in expect:
        check_scores(expect["scores"], outcome, tol)
        if expect.get("label") is not None:
            assert outcome.label == expect["label"]
    else:
        assert isinstance(outcome, list) and len(outcome) == len(expect["scores_list"])
        for e, a in zip(expect["scores_list"], outcome):
            check_scores(e, a, tol)


def test_suite_is_complete() -> None:
    assert len(CASES) >= 30, f"only {len(CASES)} cases found under {CONFORMANCE}"
    ops = {c["op"] for _, c in CASES}
    assert MODEL_OPS | {"emotion_scores_from_logits", "emotion_scores_from_probabilities"} <= ops
    assert {"text_sentiment", "text_analyze", "text_redact_pii", "text_transformer", "engine_session", "face_analyze"} <= ops
    assert {"audio_mfcc", "audio_pyin", "audio_yin", "audio_rms", "audio_zcr", "audio_voice_quality", "audio_stream", "audio_features"} <= ops
    assert {"audio_voice_emotion_segments", "audio_vocal_stress", "audio_crepe"} <= ops


@pytest.mark.parametrize(("case", "backend"), params())
def test_case(case: dict[str, Any], backend: Union[str, None]) -> None:
    try:
        outcome = run(case, backend)
    except resona.ResonaError as e:
        outcome = e
    check(case, outcome)

    # Frames that classify also go through the numpy path: same scores from an array.
    inp = case["input"]
    if case["op"] == "classify_image" and "error" not in case["expect"]:
        assert backend is not None
        fmt, w, h = inp["format"], inp["width"], inp["height"]
        stride = inp.get("stride", w * {"gray8": 1, "rgb8": 3, "bgr8": 3, "rgba8": 4}[fmt])
        array = image_array(buffer_u8(inp["pixels"]), w, h, stride, fmt)
        check(case, classifier(backend).classify_image(array, None if fmt in ("gray8", "rgb8", "rgba8") else fmt))
