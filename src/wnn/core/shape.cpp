#include "wnn/core/shape.h"

#include <algorithm>

namespace wnn {

std::optional<int64_t> checked_add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<int64_t> checked_mul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<int64_t> checked_elements(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s)
    if (d < 0) return std::nullopt;
  for (int64_t d : s) {  // a zero dim anywhere makes any product of the others harmless
    std::optional<int64_t> p = checked_mul(n, d);
    if (!p) return std::find(s.begin(), s.end(), 0) != s.end() ? std::optional<int64_t>(0) : p;
    n = *p;
  }
  return n;
}

std::optional<int64_t> checked_dim(double v) {
  // 2^63 is the first double past INT64_MAX; NaN fails both comparisons.
  if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return std::nullopt;
  return static_cast<int64_t>(v);
}

int64_t shape_elements(const Shape& s) {
  // A zero dim makes the count 0 even where the product of the other dims would overflow (the
  // size checks let such a shape through: it holds nothing).
  if (std::find(s.begin(), s.end(), 0) != s.end()) return 0;
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
