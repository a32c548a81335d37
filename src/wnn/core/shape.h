// A tensor shape. Dimensions are concrete (>= 0) once a session is planned; in the graph IR a
// dimension may be symbolic (ONNX dim_param, e.g. a batch "N"), stored as kUnknownDim with its name.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace wnn {

constexpr int64_t kUnknownDim = -1;

using Shape = std::vector<int64_t>;

int64_t shape_elements(const Shape& s);  // product of dims; 1 for a scalar
std::string shape_string(const Shape& s);  // "[1,1,28,28]", "?" for unknown dims
bool shape_is_concrete(const Shape& s);

}  // namespace wnn
