#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: native, native-asan or wasm. Quiet when all is
# well; on failure prints the end of the build log.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=$1
export NODE_PATH=/usr/share/nodejs  # Debian's emcc finds acorn there
mkdir -p build
log=build/$preset.log
if { [[ -f build/$preset/CMakeCache.txt ]] || cmake --preset "$preset"; } >"$log" 2>&1 &&
   cmake --build --preset "$preset" -j"$(nproc)" >>"$log" 2>&1; then
  echo "build: $preset ok"
else
  tail -n 60 "$log" >&2
  echo "build: $preset FAILED (full log: $log)" >&2
  exit 1
fi
