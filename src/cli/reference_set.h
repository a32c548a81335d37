// A wasmnn-reference/1 set (models/README.md) as wnn-compare reads it: the manifest's inputs
// (any dtype the models use: float32, int64 token ids, uint8 images with their `decode`) and its
// per-layer values (`layers`, format full: one .npy per ONNX value, rows = layers.sampleRows).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cli/npy.h"
#include "wnn/core/dtype.h"
#include "wnn/core/shape.h"
#include "wnn/core/status.h"

namespace wnn::tools {

using RefArray = NpyArray;  // cli/npy.h

struct RefInput {
  std::string name;
  RefArray array;  // already decoded (uint8 -> float32) when the manifest says so
};

struct RefLayer {
  std::string name, node, op, file;
  DType dtype = DType::kUndefined;
};

struct ReferenceSet {
  std::string dir;  // the manifest's folder
  std::vector<RefInput> inputs;
  std::vector<int64_t> layer_rows;  // layers.sampleRows: input row of each layer-file row
  std::vector<RefLayer> layers;     // in graph order
  std::string producer;
};

// Reads the manifest and its inputs; layer files are read on demand with read_layer.
Expected<ReferenceSet> read_reference_set(const std::string& manifest_path);
Expected<RefArray> read_layer(const ReferenceSet& set, const RefLayer& layer);

}  // namespace wnn::tools
