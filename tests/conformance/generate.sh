#!/usr/bin/env bash
# Generates the ONNX backend node test cases (model.onnx + test_data_set_*/{input,output}_N.pb per
# case) with Debian's python3-onnx 1.12 into build/onnx-node-tests/node/test_*. They are generated
# at test time, never committed. Idempotent: a stamp file records the onnx version that made them,
# so a second run does nothing.
#   tests/conformance/generate.sh [OUT_DIR]   (default build/onnx-node-tests)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-build/onnx-node-tests}
python=/usr/bin/python3

version=$("$python" -c 'import onnx; print(onnx.__version__)' 2>/dev/null) || {
  echo "generate: python3-onnx is missing: tools/setup.sh conformance (apt-get install python3-onnx python3-numpy)" >&2
  exit 1
}
stamp=$out/.generated-by-onnx
if [[ -f $stamp && $(cat "$stamp") == "$version" && -d $out/node ]]; then
  exit 0
fi

# Generated beside, then moved into place: a concurrent or interrupted run never leaves half a set.
tmp=$out.tmp.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp"
# onnx 1.12's generators still use numpy aliases that numpy 1.24 removed.
"$python" - "$tmp" <<'PY' >"$tmp/generate.log" 2>&1 || { tail -n 30 "$tmp/generate.log" >&2; exit 1; }
import sys
import numpy as np
np.float = float; np.int = int; np.bool = bool; np.object = object
from onnx.backend.test import cmd_tools
out = sys.argv[1]
sys.argv = ["backend-test-tools", "generate-data", "-o", out]
cmd_tools.main()
PY
count=$(find "$tmp/node" -mindepth 1 -maxdepth 1 -type d -name 'test_*' | wc -l)
echo "$version" > "$tmp/.generated-by-onnx"
rm -rf "$out"
mv "$tmp" "$out"
echo "generate: $count ONNX $version node test cases in $out/node"
