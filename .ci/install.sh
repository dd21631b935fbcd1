#!/usr/bin/env bash
# Installs everything the test command needs on a fresh machine. Each step is guarded so
# that a machine which already has the tool skips it. Versions are pinned: see
# ../shared/NOTES.md for why each one (ort needs ONNX Runtime 1.31; wasm-bindgen CLI must match
# the crate exactly).
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
ONNXRUNTIME_VERSION=1.31.1
MATURIN_VERSION=1.16.0
KOTLIN_COMPILER_VERSION=2.4.20
TOOLS_DIR="${RESONA_TOOLS_DIR:-$HOME/.cache/resona-tools}"
mkdir -p "$TOOLS_DIR"

log() { echo "[install] $*"; }

# Rust target for the browser build.
if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI, version-locked to the crate. Installed without --locked: its lockfile
# names a crate version this registry lacks.
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Debian packages: JNA for the Kotlin test, Chromium for the browser smoke test.
need_apt=()
[ -f /usr/share/java/jna.jar ] || need_apt+=(libjna-java)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Python tools in a project venv, so the system interpreter stays untouched.
VENV="$TOOLS_DIR/venv"
if [ ! -x "$VENV/bin/python" ]; then
  log "python venv at $VENV"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import maturin, onnxruntime, numpy, pytest" 2>/dev/null \
   || ! "$VENV/bin/python" -c "import onnxruntime, sys; sys.exit(onnxruntime.__version__ != '$ONNXRUNTIME_VERSION')"; then
  log "pip install maturin onnxruntime numpy pytest pillow"
  "$VENV/bin/pip" install -q --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "onnxruntime==$ONNXRUNTIME_VERSION" "numpy>=1.26,<3" \
    "pytest>=8" "pillow>=10"
fi

# Node packages: the Kotlin compiler (the real kotlinc distribution on npm) and playwright-core
# to drive Debian's Chromium.
NODE_TOOLS="$TOOLS_DIR/node"
mkdir -p "$NODE_TOOLS"
if [ ! -x "$NODE_TOOLS/node_modules/kotlin-compiler/bin/kotlinc" ] \
   || [ ! -d "$NODE_TOOLS/node_modules/playwright-core" ]; then
  log "npm install kotlin-compiler playwright-core"
  (cd "$NODE_TOOLS" && [ -f package.json ] || echo '{"private":true}' > "$NODE_TOOLS/package.json"
   cd "$NODE_TOOLS" && npm install --silent --no-audit --no-fund \
     "kotlin-compiler@$KOTLIN_COMPILER_VERSION" playwright-core@1)
fi
log "done"
