// The math and activation kernels of kernels/eltwise_math.h, wasm SIMD128: 4 floats per vector,
// the tail through the scalar reference (the same per-lane operations, so the same bits).
#if defined(__wasm_simd128__)
#include "wnn/kernels/eltwise_math.h"

#include "wnn/kernels/activation.h"
#include "wnn/kernels/wasmsimd/lanes_simd128.h"

namespace wnn::kernels {

#define WNN_DEFINE_UNARY_KERNEL(name)                                             \
  void f32_##name##__wasmsimd(size_t n, const float* x, float* y) {               \
    size_t i = 0;                                                                 \
    for (; i + 4 <= n; i += 4)                                                    \
      wasm_v128_store(y + i, eltwise::name<Simd128Lanes>(wasm_v128_load(x + i))); \
    f32_##name##__scalar(n - i, x + i, y + i);                                    \
  }
WNN_MATH_UNARY_KERNELS(WNN_DEFINE_UNARY_KERNEL)
#undef WNN_DEFINE_UNARY_KERNEL

void f32_hard_sigmoid__wasmsimd(size_t n, const float* x, float* y, float alpha, float beta) {
  const v128_t a = wasm_f32x4_splat(alpha), b = wasm_f32x4_splat(beta);
  size_t i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(y + i, eltwise::hard_sigmoid<Simd128Lanes>(wasm_v128_load(x + i), a, b));
  f32_hard_sigmoid__scalar(n - i, x + i, y + i, alpha, beta);
}

void f32_elu__wasmsimd(size_t n, const float* x, float* y, float alpha, float gamma) {
  const v128_t a = wasm_f32x4_splat(alpha), g = wasm_f32x4_splat(gamma);
  size_t i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(y + i, eltwise::elu<Simd128Lanes>(wasm_v128_load(x + i), a, g));
  f32_elu__scalar(n - i, x + i, y + i, alpha, gamma);
}

#define WNN_DEFINE_PARAM_KERNEL(name)                                                   \
  void f32_##name##__wasmsimd(size_t n, const float* x, float* y, float p0, float p1) { \
    const v128_t a = wasm_f32x4_splat(p0), b = wasm_f32x4_splat(p1);                    \
    size_t i = 0;                                                                       \
    for (; i + 4 <= n; i += 4)                                                          \
      wasm_v128_store(y + i, eltwise::name<Simd128Lanes>(wasm_v128_load(x + i), a, b)); \
    f32_##name##__scalar(n - i, x + i, y + i, p0, p1);                                  \
  }
WNN_PARAM_UNARY_KERNELS(WNN_DEFINE_PARAM_KERNEL)
#undef WNN_DEFINE_PARAM_KERNEL

}  // namespace wnn::kernels
#endif
