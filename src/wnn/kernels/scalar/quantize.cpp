#include "wnn/kernels/quantize.h"

#include <cmath>
#include <limits>

namespace wnn::kernels {
namespace {

template <typename Q>
void quantize(size_t n, const float* x, float scale, Q zero_point, Q* y) {
  const float lo = std::numeric_limits<Q>::lowest(), hi = std::numeric_limits<Q>::max();
  const float zp = zero_point;
  for (size_t i = 0; i < n; ++i) {
    // nearbyint rounds half to even in the default rounding mode (wasm: f32.nearest). The sum is
    // exact below 2^24 and saturates anyway above it.
    float q = std::nearbyint(x[i] / scale) + zp;
    q = q >= lo ? q : lo;  // NaN fails the test: lowest
    q = q <= hi ? q : hi;
    y[i] = static_cast<Q>(q);
  }
}

template <typename Q>
void dequantize(size_t n, const Q* x, float scale, Q zero_point, float* y) {
  const int64_t zp = zero_point;
  for (size_t i = 0; i < n; ++i) y[i] = static_cast<float>(static_cast<int64_t>(x[i]) - zp) * scale;
}

}  // namespace

void quantize_linear(size_t n, const float* x, float scale, uint8_t zero_point, uint8_t* y) {
  quantize(n, x, scale, zero_point, y);
}
void quantize_linear(size_t n, const float* x, float scale, int8_t zero_point, int8_t* y) {
  quantize(n, x, scale, zero_point, y);
}
void dequantize_linear(size_t n, const uint8_t* x, float scale, uint8_t zero_point, float* y) {
  dequantize(n, x, scale, zero_point, y);
}
void dequantize_linear(size_t n, const int8_t* x, float scale, int8_t zero_point, float* y) {
  dequantize(n, x, scale, zero_point, y);
}
void dequantize_linear(size_t n, const int32_t* x, float scale, int32_t zero_point, float* y) {
  dequantize(n, x, scale, zero_point, y);
}

}  // namespace wnn::kernels
