#!/usr/bin/env bash
# Generates the differential cases: randomized single-op models (generate.py, python3-onnx) with
# onnxruntime-node's outputs (expected.mjs), in the ONNX backend-test layout the conformance
# runner reads. Generated at test time, never committed; idempotent (a stamp holds the hash of
# the generator and the onnxruntime-node version).
#   tests/differential/generate.sh [OUT_DIR] [CASES_PER_FAMILY]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-build/differential}
count=${2:-12}
stamp_value="$(cat tests/differential/*.py tests/differential/expected.mjs | sha256sum | cut -c1-16) $count $(node -p 'require("onnxruntime-node/package.json").version')"
if [[ -f $out/.stamp && $(cat "$out/.stamp") == "$stamp_value" ]]; then
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"
/usr/bin/python3 tests/differential/generate.py "$out" "$count"
node tests/differential/expected.mjs "$out" 2>"$out/onnxruntime.log" >/dev/null
echo "$stamp_value" > "$out/.stamp"
echo "differential: $(ls -d "$out"/test_* | wc -l) cases with onnxruntime-node outputs in $out"
