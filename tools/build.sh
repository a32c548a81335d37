#!/usr/bin/env bash
# Configures and builds one CMake preset: native, native-asan, wasm (or fuzz, wasm-names,
# wasm-safe-heap, wasm-asan: the investigation builds of e2e/README.md). Configures again from
# scratch when CMakePresets.json changed since the last configure (a new compiler or flags must
# not be left out by an old cache). Quiet when all is well; on failure prints the end of the log.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=$1
export NODE_PATH=/usr/share/nodejs  # Debian's emcc finds acorn there
mkdir -p build
log=build/$preset.log
presets_sha=$(sha256sum CMakePresets.json | cut -d' ' -f1)
stamp=build/$preset/.presets-sha256
configure() {
  if [[ -f build/$preset/CMakeCache.txt && -f $stamp && $(cat "$stamp") == "$presets_sha" ]]; then return; fi
  cmake --preset "$preset" --fresh && echo "$presets_sha" >"$stamp"
}
if configure >"$log" 2>&1 && cmake --build --preset "$preset" -j"$(nproc)" >>"$log" 2>&1; then
  echo "build: $preset ok"
else
  tail -n 60 "$log" >&2
  echo "build: $preset FAILED (full log: $log)" >&2
  exit 1
fi
