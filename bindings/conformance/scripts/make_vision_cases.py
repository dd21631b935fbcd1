#!/usr/bin/env python3
"""Generate the face-pipeline conformance cases (op `face_analyze`) for Resona.

Purpose
-------
Writes small frames made from the public-domain 1927 Solvay Conference photograph (Benjamin
Couprie; see data/faces/SOURCE.txt) as raw pixel files, runs the Python reference
implementation of the face pipeline (benches/peers/face_pipeline_ort.py: numpy pre- and
post-processing, onnxruntime on the bundled models) on them, and writes the expected results
as partial `FrameAnalysis` values in Resona's serde schema. FER2013 faces are never used here
(they may not be committed).

Outputs (relative to bindings/conformance):
  data/vision/solvay_320.rgb             the photo downscaled to 320 px wide (PIL BILINEAR), RGB8
  data/vision/solvay_composed.rgb        256x192 RGB8: three face crops pasted on grey, one cut
                                         by the left edge
  data/vision/solvay_composed_cw90.gray  the composed frame in gray, turned 90 degrees
                                         counter-clockwise (analysed with rotation hint 90)
  data/vision/solvay_near.rgb            160x120 RGB8: one face at selfie distance, analysed with
                                         the short-range detector (input "detector": "short_range")
  cases/vision.json

Each frame gives four cases that name only what they check (the runner ignores other keys):
  *_boxes      width, height, primary, faces[].bbox, bbox_normalized, truncated, keypoints
               (tolerance 0.1 px)
  *_scores     primary, faces[].score, expression, label (label only when the top probability
               is more than 0.02 from the 0.6 gate) (tolerance 3e-3: tract and ONNX Runtime
               differ by up to 1.3e-3 on the expression model)
  *_landmarks  faces[].landmarks (all 468 points of the primary face, null for the others)
               and presence (tolerance 0.1 px)
  *_pose       the primary face's head_pose (degrees) and geometry (tolerance 0.1)
plus edge cases: a frame under 16 px (no faces), a uniform black frame (no faces) and typed
errors (zero width, short buffer, small stride, unknown format, over the side limit).

Tool versions: Python 3.11, numpy 2.4.6, pillow 13.0.0, onnxruntime 1.31.1.

How to run (from the repository root):
  /root/.cache/resona-tools/venv/bin/python bindings/conformance/scripts/make_vision_cases.py \
      [--photo ../shared/data/photos/solvay_conference.jpg]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
CONF = HERE.parent
REPO = CONF.parent.parent
sys.path.insert(0, str(REPO / "benches" / "peers"))
import face_pipeline_ort as ref  # noqa: E402

DATA = CONF / "data" / "vision"
PX_TOL = 0.1
SCORE_TOL = 3e-3
POSE_TOL = 0.1
GATE_MARGIN = 0.02

# Face boxes (x, y, size) in the ../shared photo, from data/faces/SOURCE.txt.
LORENTZ = (364, 180, 130)
EINSTEIN = (772, 174, 104)
CURIE = (42, 180, 106)


def r(v: float, digits: int = 4) -> float:
    return round(float(v), digits)


def crop(photo: Image.Image, box, side: int) -> Image.Image:
    x, y, s = box
    return photo.crop((x, y, x + s, y + s)).resize((side, side), Image.BILINEAR)


def make_frames(photo: Image.Image) -> dict[str, dict]:
    w320 = 320
    h320 = round(photo.height * w320 / photo.width)
    solvay = np.asarray(photo.resize((w320, h320), Image.BILINEAR))
    canvas = Image.new("RGB", (256, 192), (110, 110, 110))
    canvas.paste(crop(photo, LORENTZ, 96), (24, 48))
    canvas.paste(crop(photo, EINSTEIN, 72), (150, 24))
    canvas.paste(crop(photo, CURIE, 80), (-22, 0))  # cut by the left edge
    composed = np.asarray(canvas)
    gray = np.asarray(canvas.convert("L"))
    # Rotation hint 90: the frame must be turned 90 degrees clockwise to be upright, so the
    # stored frame is the upright one turned counter-clockwise (np.rot90 turns CCW).
    turned = np.ascontiguousarray(np.rot90(gray, k=1))
    # A selfie-distance frame for the short-range detector: one face filling two thirds of the
    # height, off centre.
    near = Image.new("RGB", (160, 120), (90, 100, 110))
    near.paste(crop(photo, LORENTZ, 80), (56, 22))
    return {
        "solvay_320": dict(pixels=solvay, file="solvay_320.rgb", format="rgb8", rotation=0),
        "solvay_composed": dict(pixels=composed, file="solvay_composed.rgb", format="rgb8", rotation=0),
        "solvay_composed_cw90": dict(pixels=turned, file="solvay_composed_cw90.gray", format="gray8", rotation=90),
        "solvay_near_short_range": dict(
            pixels=np.asarray(near), file="solvay_near.rgb", format="rgb8", rotation=0, detector="short_range"
        ),
    }


def image_input(f: dict) -> dict:
    h, w = f["pixels"].shape[:2]
    return {"file": f"data/vision/{f['file']}", "width": w, "height": h, "format": f["format"]}


def frame_cases(name: str, f: dict) -> list[dict]:
    detector = f.get("detector", "full_range")
    pipe = ref.FacePipeline(landmarks="primary", rotation=f["rotation"], detector=detector)
    a = pipe.analyze(f["pixels"])
    inp = {"image": image_input(f), "landmarks": "primary"}
    if f["rotation"]:
        inp["rotation"] = f["rotation"]
    if detector != "full_range":
        inp["detector"] = detector
    faces = a["faces"]
    print(f"{name}: {len(faces)} faces, primary {a['primary']}, truncated {[x['truncated'] for x in faces]}")
    pt = lambda p: {k: r(v) for k, v in p.items()}  # noqa: E731
    boxes = {
        "width": a["width"],
        "height": a["height"],
        "primary": a["primary"],
        "faces": [
            {
                "bbox": pt(x["bbox"]),
                "bbox_normalized": {k: r(v, 6) for k, v in x["bbox_normalized"].items()},
                "truncated": x["truncated"],
                "keypoints": [pt(k) for k in x["keypoints"]],
            }
            for x in faces
        ],
    }

    def scores(x):
        out = {"score": r(x["score"], 6), "expression": {e: r(p, 6) for e, p in x["expression"].items()}}
        if abs(max(x["expression"].values()) - ref.CONFIDENCE_GATE) > GATE_MARGIN:
            out["label"] = x["label"]
        return out

    landmarks = {
        "faces": [
            None if x["landmarks"] is None else {
                "presence": r(x["landmarks"]["presence"], 6),
                "points": [{k: r(v, 3) for k, v in p.items()} for p in x["landmarks"]["points"]],
            }
            for x in faces
        ]
    }
    landmarks["faces"] = [{"landmarks": lm} for lm in landmarks["faces"]]
    cases = [
        {"name": f"{name}_boxes", "op": "face_analyze", "input": inp, "expect": {"value": boxes}, "tolerance": PX_TOL},
        {
            "name": f"{name}_scores",
            "op": "face_analyze",
            "input": inp,
            "expect": {"value": {"primary": a["primary"], "faces": [scores(x) for x in faces]}},
            "tolerance": SCORE_TOL,
        },
        {"name": f"{name}_landmarks", "op": "face_analyze", "input": inp, "expect": {"value": landmarks}, "tolerance": PX_TOL},
    ]
    p = faces[a["primary"]] if a["primary"] is not None else None
    if p is not None and p["head_pose"] is not None:
        # Only the primary face has geometry; other faces are given as {} (nothing checked).
        pose = [{} for _ in faces]
        pose[a["primary"]] = {
            "head_pose": {k: r(v, 3) for k, v in p["head_pose"].items()},
            "geometry": {k: (v if isinstance(v, bool) else r(v, 5)) for k, v in p["geometry"].items()},
        }
        cases.append({"name": f"{name}_pose", "op": "face_analyze", "input": inp, "expect": {"value": {"faces": pose}}, "tolerance": POSE_TOL})
    return cases


def edge_cases() -> list[dict]:
    def img(w, h, fmt, fill, length, **extra):
        return {"image": {"fill": fill, "len": length, "width": w, "height": h, "format": fmt, **extra}}

    def err(kind, code):
        return {"error": {"kind": kind, "code": code}}

    return [
        {
            "name": "tiny_frame_has_no_faces",
            "op": "face_analyze",
            "input": img(15, 15, "gray8", 128, 225),
            "expect": {"value": {"faces": [], "primary": None, "width": 15, "height": 15}},
        },
        {
            "name": "black_frame_has_no_faces",
            "op": "face_analyze",
            "input": img(64, 48, "rgb8", 0, 64 * 48 * 3),
            "expect": {"value": {"faces": [], "primary": None, "width": 64, "height": 48}},
        },
        {"name": "zero_width", "op": "face_analyze", "input": img(0, 10, "rgb8", 0, 0), "expect": err("input", "zero_dimension")},
        {
            "name": "wrong_buffer_length",
            "op": "face_analyze",
            "input": img(32, 32, "rgb8", 0, 32 * 32 * 3 - 72),
            "expect": err("input", "buffer_too_short"),
        },
        {
            "name": "stride_too_small",
            "op": "face_analyze",
            "input": img(32, 32, "rgb8", 0, 32 * 32 * 3, stride=90),
            "expect": err("input", "stride_too_small"),
        },
        {"name": "unknown_format", "op": "face_analyze", "input": img(32, 32, "yuv420", 0, 1024), "expect": err("input", "unknown_name")},
        {
            "name": "side_over_limit",
            "op": "face_analyze",
            "input": img(16385, 16, "gray8", 0, 16385 * 16),
            "expect": err("limit", "limit_exceeded"),
        },
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description="Generate cases/vision.json")
    ap.add_argument("--photo", type=Path, default=ref.SHARED / "photos" / "solvay_conference.jpg")
    args = ap.parse_args()
    photo = Image.open(args.photo).convert("RGB")
    DATA.mkdir(parents=True, exist_ok=True)
    cases = []
    for name, f in make_frames(photo).items():
        (DATA / f["file"]).write_bytes(np.ascontiguousarray(f["pixels"]).tobytes())
        cases += frame_cases(name, f)
    cases += edge_cases()
    doc = {
        "description": (
            "Face pipeline (op face_analyze): expected values are partial FrameAnalysis values in Resona's serde "
            "schema from the Python reference benches/peers/face_pipeline_ort.py (numpy + onnxruntime 1.31.1 on the "
            "bundled BlazeFace, Face Mesh and mini-XCEPTION models), on frames made from the public-domain Solvay "
            "photo (data/vision, raw pixels); solvay_near runs the short-range detector (input detector), the others the "
            "default full-range one. Keys not named are not compared; null must be null."
        ),
        "generated_by": "bindings/conformance/scripts/make_vision_cases.py",
        "cases": cases,
    }
    out = CONF / "cases" / "vision.json"
    out.write_text(json.dumps(doc, indent=1) + "\n")
    total = sum(p.stat().st_size for p in DATA.iterdir())
    print(f"wrote {out} ({out.stat().st_size} bytes), {len(cases)} cases; data/vision {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
