// Reads .npy files (format 1.0/2.0, little-endian, C order) of the dtypes wasmnn stores: the
// reference format of models/ (see models/README.md). The one .npy reader of the CLI, the
// reference sets and the tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "wnn/core/dtype.h"
#include "wnn/core/shape.h"
#include "wnn/core/status.h"

namespace wnn::tools {

struct NpyArray {
  DType dtype = DType::kUndefined;
  Shape shape;                 // first axis: samples (inputs) or rows (layer values)
  std::vector<uint8_t> bytes;  // little-endian, C order
  const float* f32() const { return reinterpret_cast<const float*>(bytes.data()); }
  size_t row_bytes() const;  // bytes of one sample / row
};

// float32 (<f4), float16 (<f2), int64 (<i8), int32 (<i4), uint8 (|u1), int8 (|i1), bool (|b1);
// any other dtype, Fortran order or a size that disagrees with the shape is an error naming it.
Expected<NpyArray> read_npy(const std::string& path);
Expected<std::vector<uint8_t>> read_file(const std::string& path);

}  // namespace wnn::tools
