#!/usr/bin/env bash
# Builds the UniFFI binding, generates its Kotlin, Swift and Python bindings, and tests them:
# the Kotlin conformance suite on both backends (JVM, via JNA), a Python smoke test, and the
# Swift declarations (no Swift compiler is available here, so Swift is checked by grep only).
# Run from anywhere; exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${RESONA_TOOLS_DIR:-$HOME/.cache/resona-tools}"
kotlinc_home="$tools/node/node_modules/kotlin-compiler"
jna=/usr/share/java/jna.jar
target="${CARGO_TARGET_DIR:-$root/target}/debug"
gen="$here/generated"
# uniffi-bindgen reads uniffi.toml through `cargo metadata`, which needs the workspace as cwd.
cd "$here"

# The ONNX Runtime of the tools venv, unless the caller chose one.
if [[ -z "${ORT_DYLIB_PATH:-}" ]]; then
    ORT_DYLIB_PATH="$(ls "$tools"/venv/lib/python3*/site-packages/onnxruntime/capi/libonnxruntime.so.* 2>/dev/null | head -n 1 || true)"
    [[ -n "$ORT_DYLIB_PATH" ]] && export ORT_DYLIB_PATH || unset ORT_DYLIB_PATH
fi

for f in "$kotlinc_home/bin/kotlinc" "$kotlinc_home/lib/kotlin-stdlib.jar" "$jna"; do
    [[ -e "$f" ]] || { echo "missing $f (run .ci/install.sh)" >&2; exit 1; }
done

echo "== build (dev profile)"
cargo build --manifest-path "$root/Cargo.toml" -p resona-uniffi -j 2
lib="$target/libresona_uniffi.so"

echo "== generate bindings (library mode)"
rm -rf "$gen"
for lang in kotlin swift python; do
    "$target/uniffi-bindgen" generate --no-format --library "$lib" --language "$lang" --out-dir "$gen/$lang"
done

echo "== swift: generated, checked for declarations only (no Swift compiler here)"
swift="$gen/swift/Resona.swift"
for decl in \
    'open class ExpressionClassifier' \
    'public convenience init(backend: Backend)' \
    'func classifyCropU8(pixels: Data, width: UInt32, height: UInt32) throws' \
    'func classifyCropF32(' \
    'func classifyCropsU8(' \
    'func classifyImage(' \
    'public func emotionScoresFromLogits(' \
    'public func emotionScoresFromProbabilities(' \
    'public func pixelFormatFromName(' \
    'public func emotionNames(' \
    'public func initOnnxruntime(' \
    'enum ResonaError: Swift.Error' \
    'public struct EmotionScores' \
    'public enum Emotion' \
    'public enum PixelFormat' \
    'public enum Backend' \
    'public enum DetectorModel' \
    'open class TransformerClassifier' \
    'public struct TransformerOptions' \
    'public enum TransformerPooling' \
    'public func transformerPoolingFromName(' \
    'public func crepe('; do
    if grep -qF -- "$decl" "$swift"; then
        echo "  ok: $decl"
    else
        echo "  MISSING in $swift: $decl" >&2
        exit 1
    fi
done
grep -q 'module ResonaFFI' "$gen/swift/ResonaFFI.modulemap" || { echo "  MISSING: module ResonaFFI" >&2; exit 1; }
[[ -s "$gen/swift/ResonaFFI.h" ]] || { echo "  MISSING: ResonaFFI.h" >&2; exit 1; }
echo "  ok: ResonaFFI.modulemap and ResonaFFI.h"

echo "== python: smoke test of the generated module"
ln -sf "$lib" "$gen/python/"
python="$tools/venv/bin/python"
[[ -x "$python" ]] || python=python3
(cd "$gen/python" && "$python" - <<'EOF'
import resona_uniffi as r
assert r.emotion_names()[0] == "neutral"
try:
    r.pixel_format_from_name("yuv420")
    raise SystemExit("expected ResonaError.Input")
except r.ResonaError.Input as e:
    assert e.code == "unknown_name", e.code
with_tract = r.ExpressionClassifier(r.Backend.TRACT)
s = with_tract.classify_crop_u8(bytes(64 * 64), 64, 64)
assert abs(sum(s.probabilities) - 1) < 1e-5, s
print("  ok: python bindings load and call")
EOF
)

echo "== kotlin: compile (about a minute)"
"$kotlinc_home/bin/kotlinc" -nowarn -cp "$jna" \
    "$gen/kotlin/dev/resona/resona_uniffi.kt" "$here/tests/kotlin/ConformanceTest.kt" \
    "$here/tests/kotlin/TransformerCases.kt" \
    -d "$gen/build/app.jar"

echo "== kotlin: conformance suite (tract and onnxruntime)"
java -Djna.library.path="$target" \
    -cp "$gen/build/app.jar:$jna:$kotlinc_home/lib/kotlin-stdlib.jar" \
    ConformanceTestKt "$root/bindings/conformance"
