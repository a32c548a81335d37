#!/usr/bin/env bash
# Builds the npm package of wasmnn: build/package/wasmnn-<version>.tgz, which an app installs with
#   npm install ./wasmnn-<version>.tgz
# and imports as 'wasmnn' (a bundler, or an import map), or by path with no bundler at all.
#   tools/package.sh               installs what the build needs (Debian packages, npm ci), builds
#                                  the wasm runtime, stages and packs it
#   tools/package.sh --no-build    packs what build/wasm/dist holds (e2e/package.spec.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} != --no-build ]]; then
  tools/setup.sh build
  tools/build.sh wasm
fi
[[ -f build/wasm/dist/wasmnn.js ]] || { echo "package: build/wasm/dist is empty: run tools/package.sh without --no-build" >&2; exit 1; }
node tools/package.mjs
