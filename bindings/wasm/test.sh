#!/usr/bin/env bash
# Builds the package from source and runs every JS test: the conformance suite and API tests
# in Node, and the conformance suite again in headless Chromium.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$HERE/build.sh"
cd "$HERE"
node --test --test-reporter=spec \
  tests/conformance.test.mjs tests/api.test.mjs tests/text.test.mjs tests/audio.test.mjs tests/vision.test.mjs tests/engine.test.mjs tests/browser_smoke.mjs
