#!/usr/bin/env python3
"""Generate the facial-expression conformance cases for Resona.

Purpose
-------
Cuts six real face crops out of the 1927 Solvay Conference group photograph
(public domain, Benjamin Couprie), turns them into 64x64 8-bit grayscale
images, runs the FER mini-Xception ONNX model on them with onnxruntime, and
writes the expected outputs as a language-neutral JSON case file. The Rust,
Python, Node and Kotlin bindings all replay the same files.

Outputs (paths relative to the repository root):
  bindings/conformance/data/faces/solvay_NN.gray  raw 64x64 u8, row-major, 4096 bytes
  examples/data/faces/solvay_NN.png               PNG copy of the same pixels
  bindings/conformance/cases/expression.json      the cases with expected scores

Pipeline per box (x, y, size in source pixels, see BOXES):
  1. PIL crop of the RGB photo to the square box.
  2. Grayscale with OpenCV's fixed-point BT.601 formula, in numpy uint32:
       gray = (4899*R + 9617*G + 1868*B + 8192) >> 14
  3. PIL Image.resize((64, 64), Image.BILINEAR) on the 'L' image.
  4. Model input (float32, NHWC [N,64,64,1]):
       pixels.astype(np.float32) * np.float32(2/255) - np.float32(1)
  5. onnxruntime CPU, intra_op_num_threads=1; softmax output "predictions"
     in FER2013 order (angry, disgust, fear, happy, sad, surprise, neutral),
     renormalised in float64 to sum to 1 and printed with 8 significant digits.

The .gray files are the ground truth for the conformance suite; the JPEG
decode in step 1 depends on Pillow's libjpeg, so regenerate with the pinned
versions below if you need byte-identical crops.

Tool versions used:
  onnxruntime==1.31.1
  numpy==2.4.6
  pillow==13.0.0

How to run (from the repository root):
  /root/.cache/resona-tools/venv/bin/python \
      bindings/conformance/scripts/make_expression_cases.py \
      [--photo ../shared/data/photos/solvay_conference.jpg] \
      [--model resona-vision/models/fer_mini_xception.onnx]
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnxruntime as ort
from PIL import Image

# The script lives at <repo>/bindings/conformance/scripts/.
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CONFORMANCE_DIR = os.path.join(REPO_ROOT, "bindings", "conformance")

# (x, y, size) of square face boxes in the 995x960 source photo, left to right.
# The source copy carries burned-in detector boxes and labels from a
# face-detection demo; every box below lies strictly inside the drawn
# rectangles so that no overlay pixels end up in a crop (solvay_06 is cut
# tighter to stay clear of overlapping overlay text).
BOXES = [
    ("01", 42, 180, 106),   # front row, far left (Marie Curie)
    ("02", 227, 73, 116),   # second row, left
    ("03", 364, 180, 130),  # front row, white beard (H. A. Lorentz)
    ("04", 597, 66, 95),    # second row, centre
    ("05", 772, 174, 104),  # front row, right (Albert Einstein)
    ("06", 874, 79, 79),    # second row, far right
]

# Crops that also get a float32-input case.
F32_CROPS = ["01", "05"]

CROP_SIZE = 64
FER_TO_RESONA = ["angry", "disgusted", "fearful", "happy", "sad", "surprised", "neutral"]
SCORE_ORDER = ["neutral", "happy", "sad", "angry", "fearful", "surprised", "disgusted"]
TOLERANCE = 1e-4


def to_gray_bt601(rgb: np.ndarray) -> np.ndarray:
    """OpenCV-style fixed-point RGB->gray on a HxWx3 uint8 array."""
    c = rgb.astype(np.uint32)
    gray = (4899 * c[..., 0] + 9617 * c[..., 1] + 1868 * c[..., 2] + 8192) >> 14
    return gray.astype(np.uint8)


def make_crop(photo: Image.Image, x: int, y: int, size: int) -> np.ndarray:
    region = photo.crop((x, y, x + size, y + size))
    gray = Image.fromarray(to_gray_bt601(np.asarray(region, dtype=np.uint8)), mode="L")
    small = gray.resize((CROP_SIZE, CROP_SIZE), Image.BILINEAR)
    out = np.asarray(small, dtype=np.uint8)
    assert out.shape == (CROP_SIZE, CROP_SIZE)
    return out


def model_input(crops) -> np.ndarray:
    pixels = np.stack(crops).reshape(len(crops), CROP_SIZE, CROP_SIZE, 1)
    return pixels.astype(np.float32) * np.float32(2 / 255) - np.float32(1)


def fmt(v: float) -> float:
    return float(f"{v:.8g}")


def scores_dict(probs: np.ndarray) -> dict:
    p = probs.astype(np.float64)
    p = p / p.sum()
    by_name = {FER_TO_RESONA[i]: p[i] for i in range(7)}
    return {name: fmt(by_name[name]) for name in SCORE_ORDER}


def label_of(probs: np.ndarray) -> str:
    return FER_TO_RESONA[int(np.argmax(probs))]


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--photo", default="../shared/data/photos/solvay_conference.jpg",
                    help="source photo (relative paths are relative to the repo root)")
    ap.add_argument("--model", default="resona-vision/models/fer_mini_xception.onnx",
                    help="ONNX model (relative paths are relative to the repo root)")
    args = ap.parse_args()
    photo_path = os.path.join(REPO_ROOT, args.photo)
    model_path = os.path.join(REPO_ROOT, args.model)

    photo = Image.open(photo_path).convert("RGB")

    faces_dir = os.path.join(CONFORMANCE_DIR, "data", "faces")
    png_dir = os.path.join(REPO_ROOT, "examples", "data", "faces")
    os.makedirs(faces_dir, exist_ok=True)
    os.makedirs(png_dir, exist_ok=True)
    os.makedirs(os.path.join(CONFORMANCE_DIR, "cases"), exist_ok=True)

    names, crops, rel_files = [], [], []
    for nn, x, y, size in BOXES:
        crop = make_crop(photo, x, y, size)
        data = crop.tobytes()
        assert len(data) == CROP_SIZE * CROP_SIZE
        rel = f"data/faces/solvay_{nn}.gray"
        with open(os.path.join(CONFORMANCE_DIR, rel), "wb") as f:
            f.write(data)
        Image.fromarray(crop, mode="L").save(os.path.join(png_dir, f"solvay_{nn}.png"))
        names.append(nn)
        crops.append(crop)
        rel_files.append(rel)

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(model_path, sess_options=so, providers=["CPUExecutionProvider"])

    single = [sess.run(["predictions"], {"input": model_input([c])})[0][0] for c in crops]
    batch = sess.run(["predictions"], {"input": model_input(crops)})[0]
    max_diff = float(np.max(np.abs(np.stack(single) - batch)))
    if max_diff > 1e-5:
        print(f"warning: single vs batch max diff {max_diff:.3g}", file=sys.stderr)

    cases = []
    for nn, rel, probs in zip(names, rel_files, single):
        cases.append({
            "name": f"face_crop_u8_solvay_{nn}",
            "op": "classify_face_crop",
            "input": {"pixels": {"file": rel}, "dtype": "u8", "width": CROP_SIZE, "height": CROP_SIZE},
            "expect": {"scores": scores_dict(probs), "label": label_of(probs)},
            "tolerance": TOLERANCE,
        })
    for nn, rel, probs in zip(names, rel_files, single):
        if nn not in F32_CROPS:
            continue
        cases.append({
            "name": f"face_crop_f32_solvay_{nn}",
            "op": "classify_face_crop",
            "input": {"pixels": {"file": rel}, "dtype": "f32", "width": CROP_SIZE, "height": CROP_SIZE},
            "expect": {"scores": scores_dict(probs), "label": label_of(probs)},
            "tolerance": TOLERANCE,
        })
    cases.append({
        "name": "face_crops_batch",
        "op": "classify_face_crops",
        "input": {"crops": [{"file": f} for f in rel_files], "dtype": "u8", "width": CROP_SIZE, "height": CROP_SIZE},
        "expect": {"scores_list": [scores_dict(p) for p in batch]},
        "tolerance": TOLERANCE,
    })

    doc = {
        "description": (
            "Facial-expression conformance cases: real 64x64 grayscale face crops from the "
            "1927 Solvay Conference photograph (public domain), expected FER mini-Xception "
            "scores from onnxruntime 1.31.1 (CPU, 1 thread). Model input is "
            "pixel*(2/255)-1 in float32, NHWC. Pixel files are raw row-major u8; "
            "dtype f32 cases feed the same bytes as floats 0..255. Scores are "
            "renormalised to sum to 1 and rounded to 8 significant digits."
        ),
        "generated_by": "bindings/conformance/scripts/make_expression_cases.py",
        "model_sha256": sha256_file(model_path),
        "cases": cases,
    }
    out_path = os.path.join(CONFORMANCE_DIR, "cases", "expression.json")
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

    for nn, probs in zip(names, single):
        p = probs.astype(np.float64) / probs.sum()
        print(f"solvay_{nn}: {label_of(probs):<9} {p.max():.4f}")
    print(f"single vs batch max abs diff: {max_diff:.3g}")
    print(f"wrote {os.path.relpath(out_path, REPO_ROOT)} ({len(cases)} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
