// Elementwise activations, scalar reference. Each is the per-lane definition the SIMD128 kernels
// in wasmsimd/activation.cpp follow exactly.
#include "wnn/kernels/activation.h"

#include "wnn/kernels/scalar/lanes_scalar.h"
#include "wnn/kernels/vec_math.h"

namespace wnn::kernels {

void f32_relu__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    y[i] = (v > 0.0f || v != v) ? v : 0.0f;
  }
}

void f32_exp__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = vec_math::exp<ScalarLanes>(x[i]);
}

void f32_sigmoid__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = vec_math::sigmoid<ScalarLanes>(x[i]);
}

void f32_tanh__scalar(size_t n, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = vec_math::tanh<ScalarLanes>(x[i]);
}

void f32_leaky_relu__scalar(size_t n, const float* x, float* y, float alpha) {
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    y[i] = v < 0.0f ? alpha * v : v;
  }
}

void f32_clip__scalar(size_t n, const float* x, float* y, float lo, float hi) {
  for (size_t i = 0; i < n; ++i) {
    float v = x[i];
    v = v < lo ? lo : v;
    y[i] = v > hi ? hi : v;
  }
}

}  // namespace wnn::kernels
