// Elementwise activations, wasm SIMD128: 4 floats per vector; the relu, leaky relu and clip tails
// through the scalar reference (the same per-lane operations, so the same bits).
#if defined(__wasm_simd128__)
#include "wnn/kernels/activation.h"

#include "wnn/kernels/vec_math.h"
#include "wnn/kernels/wasmsimd/activation_simd.h"
#include "wnn/kernels/wasmsimd/lanes_simd128.h"

namespace wnn::kernels {

void f32_relu__wasmsimd(size_t n, const float* x, float* y) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, relu_keep_nan(wasm_v128_load(x + i)));
  f32_relu__scalar(n - i, x + i, y + i);
}

void f32_exp__wasmsimd(size_t n, const float* x, float* y) {
  map_vectors_by4(n, x, y, [](v128_t v) { return vec_math::exp<Simd128Lanes>(v); });
}

void f32_sigmoid__wasmsimd(size_t n, const float* x, float* y) {
  map_vectors_by4(n, x, y, [](v128_t v) { return vec_math::sigmoid<Simd128Lanes>(v); });
}

void f32_tanh__wasmsimd(size_t n, const float* x, float* y) {
  map_vectors_by4(n, x, y, [](v128_t v) { return vec_math::tanh<Simd128Lanes>(v); });
}

void f32_leaky_relu__wasmsimd(size_t n, const float* x, float* y, float alpha) {
  const v128_t a = wasm_f32x4_splat(alpha);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    wasm_v128_store(y + i, wasm_v128_bitselect(wasm_f32x4_mul(a, v), v, wasm_f32x4_lt(v, zero)));
  }
  f32_leaky_relu__scalar(n - i, x + i, y + i, alpha);
}

void f32_clip__wasmsimd(size_t n, const float* x, float* y, float lo, float hi) {
  const v128_t vlo = wasm_f32x4_splat(lo);
  const v128_t vhi = wasm_f32x4_splat(hi);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    wasm_v128_store(y + i, clip_keep_nan(wasm_v128_load(x + i), vlo, vhi));
  }
  f32_clip__scalar(n - i, x + i, y + i, lo, hi);
}

}  // namespace wnn::kernels
#endif
