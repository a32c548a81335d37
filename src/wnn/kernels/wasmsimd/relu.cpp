// ReLU, wasm SIMD128: 4 floats per vector, scalar tail.
#if defined(__wasm_simd128__)
#include "wnn/kernels/activation.h"
#include "wnn/kernels/wasmsimd/activation_simd.h"

namespace wnn::kernels {

void f32_relu__wasmsimd(size_t n, const float* x, float* y) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, relu_keep_nan(wasm_v128_load(x + i)));
  f32_relu__scalar(n - i, x + i, y + i);
}

}  // namespace wnn::kernels
#endif
