// Reads and writes .npy files (format 1.0/2.0, little-endian float32/uint8, C order): the
// reference format of models/ (see models/README.md). Used by the CLI and the tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "wnn/core/shape.h"
#include "wnn/core/status.h"

namespace wnn::tools {

struct NpyArray {
  std::string descr;  // "<f4", "|u1", ...
  Shape shape;
  std::vector<uint8_t> bytes;
  const float* f32() const { return reinterpret_cast<const float*>(bytes.data()); }
};

Expected<NpyArray> read_npy(const std::string& path);
Expected<std::vector<uint8_t>> read_file(const std::string& path);

}  // namespace wnn::tools
