#!/usr/bin/env bash
# Builds the `resona` wheel from source, installs it into a fresh virtualenv and runs the
# Python tests: the full conformance suite on both model backends, and the API tests.
#
# Tools: maturin, cargo and a Python 3 from ${RESONA_TOOLS_DIR:-$HOME/.cache/resona-tools}/venv
# (made by .ci/install.sh). The test virtualenv lives at $RESONA_TOOLS_DIR/py-test-venv and is
# reused; only when it lacks numpy, pytest or onnxruntime 1.31.1 does pip fetch them (and if
# that fails offline, the tools venv's copies are used instead).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS_DIR="${RESONA_TOOLS_DIR:-$HOME/.cache/resona-tools}"
TOOLS_PY="$TOOLS_DIR/venv/bin/python"
VENV="$TOOLS_DIR/py-test-venv"
ONNXRUNTIME_VERSION=1.31.1
# CI must exercise ONNX Runtime too: a missing one fails the suite instead of skipping.
export RESONA_REQUIRE_ORT="${RESONA_REQUIRE_ORT:-1}"

log() { echo "[python] $*"; }

WHEELS="$(mktemp -d)"
trap 'rm -rf "$WHEELS"' EXIT

log "building the wheel (maturin, dev profile)"
(cd "$HERE" && "$TOOLS_DIR/venv/bin/maturin" build --profile dev --jobs 2 \
  --interpreter "$TOOLS_PY" --out "$WHEELS")

if [ ! -x "$VENV/bin/python" ]; then
  log "creating the test venv at $VENV"
  "$TOOLS_PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import numpy, pytest, onnxruntime, PIL, sys; sys.exit(onnxruntime.__version__ != '$ONNXRUNTIME_VERSION')" 2>/dev/null; then
  log "installing numpy, pytest, pillow, onnxruntime==$ONNXRUNTIME_VERSION into the test venv"
  if ! "$VENV/bin/pip" install -q --disable-pip-version-check numpy pytest pillow "onnxruntime==$ONNXRUNTIME_VERSION"; then
    log "pip failed; using the tools venv's numpy, pytest and onnxruntime"
    site_of() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
    site_of "$TOOLS_PY" > "$(site_of "$VENV/bin/python")/resona_tools_site.pth"
  fi
fi

log "installing the wheel"
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/resona-*.whl

log "pytest"
cd "$HERE"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider tests "$@"
