#!/usr/bin/env bash
# Rewrites the fp16 and QDQ-int8 versions of MobileNetV2 and ResNet-18 (models/external/variants.py):
# a calibration pass of the float32 model with onnxruntime-node (8 seeded samples, per-value
# min/max: models/reference --layer-format summary), then the conversion with python3-onnx.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in mobilenet_v2 resnet18; do
  node models/reference "models/external/$name/model.onnx" --samples 8 --seed 5 --layers all \
    --layer-format summary --probes 1 -o "$tmp/$name" -q
  /usr/bin/python3 models/external/variants.py "$name" "$tmp/$name/manifest.json"
done
