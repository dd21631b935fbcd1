"""Reproduce resona-vision/models/face_landmark.onnx (MediaPipe Face Mesh v1) from PyPI.

The model is MediaPipe's face_landmark.tflite (Apache-2.0: 468 3-D landmarks and a
face-presence logit), shipped as mediapipe/modules/face_landmark/face_landmark.tflite in
the wheel mediapipe==0.10.14 (newer wheels ship no .tflite files). This script extracts it
from the wheel, converts it with tf2onnx's command line (opset 13), rewrites its PRelu layers
as Relu + slope * Min(x, 0) (rewrite_prelu.py: the same bits, 2.3x faster on onnxruntime)
and checks the result.

Usage (from the repository root; see requirements-face-landmark.txt):

    python3.11 -m venv /tmp/vl \
      && /tmp/vl/bin/pip install --no-deps -r resona-vision/models/scripts/requirements-face-landmark.txt \
      && /tmp/vl/bin/pip download --no-deps --only-binary=:all: -d /tmp/vl-wheels mediapipe==0.10.14 \
      && /tmp/vl/bin/python resona-vision/models/scripts/reproduce_face_landmark.py \
             --wheel /tmp/vl-wheels/mediapipe-0.10.14-*.whl --out /tmp/face_landmark.onnx

Options:
    --wheel PATH      the mediapipe 0.10.14 wheel (any platform tag: the .tflite is the same)
    --out PATH        where to write the ONNX file (default: a temporary file)
    --reference PATH  committed model to compare with (default: resona-vision/models/face_landmark.onnx)
    --tol FLOAT       max |reference - reproduced| on seeded inputs (default 1e-5)

It downloads nothing itself, and exits non-zero when the .tflite size or sha256 is wrong, or when the
reproduced model computes something else than the committed one: unless the sha256 matches,
the outputs on 8 seeded inputs must agree within --tol. tf2onnx 1.17.0 names constant-folded
tensors (const_fold_opt__NNN) in a run-dependent order, so the file sha256 differs from run
to run; the script also prints a canonical sha256 (names renumbered, as for
fer_mini_xception.onnx) for information: for this graph it also varies between runs (the
constant-folded tensors' shapes/unused initializers differ), so it is not a pass criterion.

Model I/O: input "input_1" float32 [1,192,192,3] NHWC RGB in [0,1]; outputs "conv2d_21"
[1,1,1,1404] (468 x (x, y, z) in 192-pixel crop coordinates) and "conv2d_31" [1,1,1,1]
(face-presence logit; sigmoid gives the probability).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MEMBER = "mediapipe/modules/face_landmark/face_landmark.tflite"
TFLITE_SIZE = 1242398
TFLITE_SHA256 = "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814"
# The tf2onnx conversion as ../shared/models/face_landmarks holds it, and the committed model:
# that conversion after rewrite_prelu.py (deterministic, so the committed bytes follow).
CONVERTED_SHA256 = "827c46efce35098bf4796e4feb54132244af89dba014c0305ccaee0ad709d3a0"
REFERENCE_SHA256 = "796fad7df4384ef5fb26346293484ef7eb3db1ee0d17f1d44dcc3686edf6dc28"
REPO = Path(__file__).resolve().parents[3]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", required=True)
    ap.add_argument("--out", default=None)
    ap.add_argument("--reference", default=str(REPO / "resona-vision/models/face_landmark.onnx"))
    ap.add_argument("--tol", type=float, default=1e-5)
    args = ap.parse_args()

    wheels = glob.glob(args.wheel)
    if len(wheels) != 1 or "mediapipe-0.10.14-" not in Path(wheels[0]).name:
        print(f"expected one mediapipe 0.10.14 wheel, got {wheels}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp())
    tflite = work / "face_landmark.tflite"
    with zipfile.ZipFile(wheels[0]) as z:
        tflite.write_bytes(z.read(MEMBER))
    size = tflite.stat().st_size
    print(f"tflite {MEMBER}: {size} bytes, sha256 {sha256(tflite)}")
    if size != TFLITE_SIZE or sha256(tflite) != TFLITE_SHA256:
        print(f"FAIL: expected {TFLITE_SIZE} bytes with sha256 {TFLITE_SHA256}", file=sys.stderr)
        return 1

    out = Path(args.out) if args.out else work / "face_landmark.onnx"
    converted = work / "converted.onnx"
    subprocess.run(
        [sys.executable, "-m", "tf2onnx.convert", "--tflite", str(tflite), "--output", str(converted), "--opset", "13"],
        check=True,
    )
    print(f"tf2onnx: sha256 {sha256(converted)} (../shared's conversion: {CONVERTED_SHA256})")
    import onnx

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from rewrite_prelu import rewrite_prelu

    model = onnx.load(str(converted))
    print(f"rewrote {rewrite_prelu(model)} PRelu nodes")
    onnx.save(model, str(out))
    digest = sha256(out)
    print(f"onnx {out}: {out.stat().st_size} bytes, sha256 {digest}")
    if digest == REFERENCE_SHA256:
        print("ok: byte-identical to the committed model")
        return 0

    # Not byte-identical (tf2onnx names constant-folded tensors in a run-dependent order):
    # compare the canonical digest (internal names normalised, see the FER script) and what
    # the two graphs compute.
    ref = Path(args.reference)
    if not ref.exists():
        print(f"FAIL: sha256 differs from {REFERENCE_SHA256} and no reference to compare", file=sys.stderr)
        return 1
    import numpy as np
    import onnxruntime as ort
    from reproduce_fer_mini_xception import canonical_sha256

    canon_ref, canon_out = canonical_sha256(onnx.load(str(ref))), canonical_sha256(onnx.load(str(out)))
    print(f"canonical sha256: reference {canon_ref}, reproduced {canon_out}")

    a = ort.InferenceSession(str(ref), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(20261122)
    worst = 0.0
    for _ in range(8):
        x = rng.random((1, 192, 192, 3), dtype=np.float32)
        for ya, yb in zip(a.run(None, {"input_1": x}), b.run(None, {"input_1": x})):
            worst = max(worst, float(np.max(np.abs(ya - yb))))
    print(f"sha256 differs; max |reference - reproduced| on 8 seeded inputs: {worst:.3g}")
    return 0 if worst <= args.tol else 1


if __name__ == "__main__":
    sys.exit(main())
