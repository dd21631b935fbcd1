#!/usr/bin/env bash
# Builds the npm package: the wasm32 library with cargo, then the JS glue and TypeScript
# declarations with wasm-bindgen into pkg/node (CommonJS, for Node) and pkg/web (ES module,
# for browsers and bundlers).
#
#   RESONA_WASM_PROFILE=small-release ./build.sh   # smaller, slower-to-build module
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROFILE="${RESONA_WASM_PROFILE:-dev}"
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen crate pinned in the workspace

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  echo "build.sh: wasm-bindgen CLI $WASM_BINDGEN_VERSION is required (run .ci/install.sh)" >&2
  exit 1
fi

# WASM SIMD (every current browser, Node >= 16): tract compiles its wasm kernels only when
# simd128 is on for the whole build; without it the face pipeline is about three times slower
# (benches/README.md, "WASM speed"). Set the variable yourself to build for older engines.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS--C target-feature=+simd128}"
cargo build --manifest-path "$ROOT/Cargo.toml" -p resona-wasm --target wasm32-unknown-unknown \
  --profile "$PROFILE" -j 2
case "$PROFILE" in dev) dir=debug ;; *) dir="$PROFILE" ;; esac
WASM="${CARGO_TARGET_DIR:-$ROOT/target}/wasm32-unknown-unknown/$dir/resona_wasm.wasm"

rm -rf "$HERE/pkg/node" "$HERE/pkg/web"
wasm-bindgen --target nodejs --out-dir "$HERE/pkg/node" --out-name resona "$WASM"
wasm-bindgen --target web --out-dir "$HERE/pkg/web" --out-name resona "$WASM"
# Tell Node which module system each folder uses, whatever the enclosing package says.
echo '{"type": "commonjs"}' >"$HERE/pkg/node/package.json"
echo '{"type": "module"}' >"$HERE/pkg/web/package.json"
echo "build.sh: $(du -h "$HERE/pkg/web/resona_bg.wasm" | cut -f1) module ($PROFILE) in $HERE/pkg"
