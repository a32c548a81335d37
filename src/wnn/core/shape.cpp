#include "wnn/core/shape.h"

namespace wnn {

int64_t shape_elements(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string shape_string(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ",";
    out += s[i] == kUnknownDim ? std::string("?") : std::to_string(s[i]);
  }
  return out + "]";
}

bool shape_is_concrete(const Shape& s) {
  for (int64_t d : s)
    if (d < 0) return false;
  return true;
}

}  // namespace wnn
