#!/usr/bin/env bash
# Installs what wasmnn needs on Debian 12, idempotently: Debian packages that are missing, and the
# npm packages pinned in package-lock.json when node_modules does not match it. A second run
# installs nothing. Nothing is downloaded from anywhere but Debian's archive and the npm registry.
#   tools/setup.sh build    toolchain + libraries (native and wasm builds)
#   tools/setup.sh browsers the three browser engines + the test data
#   tools/setup.sh conformance  python3-onnx, which generates ONNX's backend node test cases
#   tools/setup.sh external-export  python3-torch + python3-torchvision, only to re-export
#                           models/external (export.py; ~160 packages, 139 MB, ~5 min here: ./test
#                           never needs it, the exports are committed)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PACKAGE_GROUPS=(
  [build]="cmake clang-14 libclang-rt-14-dev make emscripten libprotozero-dev doctest-dev"
  [browsers]="chromium firefox-esr webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb dataset-fashion-mnist"
  [conformance]="python3-onnx python3-numpy"
  [external-export]="python3-torch python3-torchvision python3-onnx python3-numpy"
)

wanted=()
for group in "$@"; do
  [[ -n "${PACKAGE_GROUPS[$group]:-}" ]] || { echo "setup: unknown group '$group' (build, browsers, conformance, external-export)" >&2; exit 2; }
  wanted+=(${PACKAGE_GROUPS[$group]})
done
command -v node >/dev/null && command -v npm >/dev/null || wanted+=(nodejs npm)

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, exactly as package-lock.json pins them.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.wasmnn-lock-sha256
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
  echo "setup: installing npm packages from package-lock.json"
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi

# The wasm build must use the pinned Emscripten (CMake checks it too, with a fuller message).
if [[ " $* " == *" build "* ]]; then
  want=$(head -n1 emsdk-version.txt)
  have=$(NODE_PATH=/usr/share/nodejs emcc --version 2>/dev/null | head -n1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)
  if [[ "$have" != "$want" ]]; then
    echo "setup: emcc is '${have:-missing}', but wasmnn is pinned to Emscripten $want (emsdk-version.txt)." >&2
    echo "       apt-get install emscripten=$want* (Debian 12 ships $want)" >&2
    exit 1
  fi
fi
