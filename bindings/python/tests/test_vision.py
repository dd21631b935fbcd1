"""resona.vision.FaceAnalyzer on the committed Solvay face crops (public domain): faces found,
schema, primary face, brightness invariance, mirrored head pose, errors, tracking, and the
short-range (selfie) detector."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import resona
from resona.vision import FaceAnalyzer

FACES = Path(__file__).resolve().parents[3] / "examples" / "data" / "faces"


def frame() -> np.ndarray:
    """Two Solvay crops pasted into a 640x480 gray canvas, the left one larger."""
    from PIL import Image

    crops = sorted(FACES.glob("*.png"))[:2]
    canvas = Image.new("RGB", (640, 480), (96, 96, 96))
    for crop, (x, size) in zip(crops, ((60, 220), (400, 150))):
        canvas.paste(Image.open(crop).convert("RGB").resize((size, size)), (x, 120))
    return np.asarray(canvas)


@pytest.fixture(scope="module", params=["tract", "onnxruntime"])
def analyzer(request: pytest.FixtureRequest) -> FaceAnalyzer:
    import conftest

    conftest.classifier(request.param)  # skips (or fails under RESONA_REQUIRE_ORT) like the other tests
    return FaceAnalyzer(request.param)


def test_faces_schema_and_primary(analyzer: FaceAnalyzer) -> None:
    r = analyzer.analyze(frame())
    assert (r["width"], r["height"]) == (640, 480)
    assert len(r["faces"]) == 2, [f["bbox"] for f in r["faces"]]
    primary = r["faces"][r["primary"]]
    assert primary["bbox"]["x"] < 320, "the larger, left face is primary"
    assert len(primary["landmarks"]["points"]) == 468
    assert abs(sum(primary["expression"].values()) - 1) < 1e-4
    for key in ("geometry", "head_pose", "action_units", "affect", "keypoints", "score"):
        assert key in primary
    assert 0 <= primary["affect"]["arousal"] <= 1 and -1 <= primary["affect"]["valence"] <= 1


def test_brightness_and_mirror(analyzer: FaceAnalyzer) -> None:
    img = frame()
    base = analyzer.analyze(img)
    brighter = analyzer.analyze(np.clip(img.astype(np.int16) + 20, 0, 255).astype(np.uint8))
    assert len(brighter["faces"]) == len(base["faces"])
    mirrored = analyzer.analyze(np.ascontiguousarray(img[:, ::-1]))
    a, b = base["faces"][base["primary"]], mirrored["faces"][mirrored["primary"]]
    assert np.sign(a["head_pose"]["yaw"]) != np.sign(b["head_pose"]["yaw"]) or abs(a["head_pose"]["yaw"]) < 3


def test_errors_and_tracking(analyzer: FaceAnalyzer) -> None:
    with pytest.raises(resona.InputError):
        analyzer.analyze(np.zeros((4, 4, 5), np.uint8))
    with pytest.raises(resona.InputError):
        analyzer.analyze(np.zeros((10, 10, 3), np.float32))
    empty = analyzer.analyze(np.zeros((240, 320, 3), np.uint8))
    assert empty["faces"] == [] and empty["primary"] is None
    img = frame()
    t0 = analyzer.track(img, 0)
    t1 = analyzer.track(img, 40)
    ids0 = sorted(t["track_id"] for t in t0["tracks"])
    assert ids0 == sorted(t["track_id"] for t in t1["tracks"]) and len(ids0) == 2


def one_face_frame() -> np.ndarray:
    """One Solvay crop scaled to 220 px on a grey 640x480 frame, as from a webcam: the
    setting the short-range detector is made for."""
    from PIL import Image

    canvas = Image.new("RGB", (640, 480), (90, 90, 90))
    crop = sorted(FACES.glob("*.png"))[0]
    canvas.paste(Image.open(crop).convert("RGB").resize((220, 220)), (210, 130))
    return np.asarray(canvas)


@pytest.mark.parametrize("backend", ["tract", "onnxruntime"])
def test_short_range_detector_finds_the_face(backend: str) -> None:
    import conftest

    conftest.classifier(backend)  # skips (or fails under RESONA_REQUIRE_ORT) like the other tests
    selfie = FaceAnalyzer(backend, detector="short_range")
    r = selfie.analyze(one_face_frame())
    assert len(r["faces"]) == 1, [f["bbox"] for f in r["faces"]]
    assert r["primary"] == 0
    box = r["faces"][0]["bbox"]
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert 210 < cx < 430 and 130 < cy < 350, box
    assert len(r["faces"][0]["landmarks"]["points"]) == 468


def test_unknown_detector_is_an_input_error() -> None:
    with pytest.raises(resona.InputError) as e:
        FaceAnalyzer("tract", detector="long_range")
    assert e.value.code == "unknown_name"
    assert "long_range" in str(e.value)
