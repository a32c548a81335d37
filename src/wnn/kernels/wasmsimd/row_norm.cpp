// Row normalization, wasm SIMD128: 4 lanes along the row, whose running sums are the scalar
// reference's 4 lane sums (element i into lane i mod 4); the tail and the combination of lanes
// are the reference's own scalar steps.
#if defined(__wasm_simd128__)
#include "wnn/kernels/row_norm.h"

#include <wasm_simd128.h>

#include <cmath>

namespace wnn::kernels {
namespace {

float combine(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

void row_stats(const float* x, size_t n, float epsilon, float& mean, float& inv_std) {
  const size_t n4 = n - n % 4;
  const float count = static_cast<float>(n);
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (size_t i = 0; i < n4; i += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(x + i));
  float s = combine(acc);
  for (size_t i = n4; i < n; ++i) s += x[i];
  mean = s / count;
  const v128_t vmean = wasm_f32x4_splat(mean);
  acc = wasm_f32x4_splat(0.0f);
  for (size_t i = 0; i < n4; i += 4) {
    const v128_t d = wasm_f32x4_sub(wasm_v128_load(x + i), vmean);
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(d, d));
  }
  s = combine(acc);
  for (size_t i = n4; i < n; ++i) {
    const float d = x[i] - mean;
    s += d * d;
  }
  inv_std = 1.0f / std::sqrt(s / count + epsilon);
}

}  // namespace

void f32_layer_norm__wasmsimd(size_t row_begin, size_t row_end, size_t n, const LayerNormArgs& a) {
  const size_t n4 = n - n % 4;
  for (size_t r = row_begin; r < row_end; ++r) {
    const float* x = a.x + r * n;
    float* y = a.y + r * n;
    float mean, inv_std;
    row_stats(x, n, a.epsilon, mean, inv_std);
    const v128_t vm = wasm_f32x4_splat(mean), vi = wasm_f32x4_splat(inv_std);
    for (size_t i = 0; i < n4; i += 4) {
      v128_t v = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + i), vm), vi),
                                wasm_v128_load(a.scale + i));
      if (a.bias) v = wasm_f32x4_add(v, wasm_v128_load(a.bias + i));
      wasm_v128_store(y + i, v);
    }
    for (size_t i = n4; i < n; ++i) {
      const float v = ((x[i] - mean) * inv_std) * a.scale[i];
      y[i] = a.bias ? v + a.bias[i] : v;
    }
    if (a.mean) a.mean[r] = mean;
    if (a.inv_std) a.inv_std[r] = inv_std;
  }
}

void f32_instance_norm__wasmsimd(size_t row_begin, size_t row_end, size_t n,
                                 const InstanceNormArgs& a) {
  const size_t n4 = n - n % 4;
  for (size_t r = row_begin; r < row_end; ++r) {
    const float* x = a.x + r * n;
    float* y = a.y + r * n;
    float mean, inv_std;
    row_stats(x, n, a.epsilon, mean, inv_std);
    const float s = a.scale[r % a.channels], b = a.bias[r % a.channels];
    const v128_t vm = wasm_f32x4_splat(mean), vi = wasm_f32x4_splat(inv_std);
    const v128_t vs = wasm_f32x4_splat(s), vb = wasm_f32x4_splat(b);
    for (size_t i = 0; i < n4; i += 4)
      wasm_v128_store(
          y + i,
          wasm_f32x4_add(
              wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + i), vm), vi), vs),
              vb));
    for (size_t i = n4; i < n; ++i) y[i] = ((x[i] - mean) * inv_std) * s + b;
  }
}

}  // namespace wnn::kernels
#endif
