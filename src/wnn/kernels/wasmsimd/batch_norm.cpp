// Batch normalization, wasm SIMD128: 4 floats of a channel plane per vector, scalar tail; the
// same subtract, multiply, add as the scalar kernel.
#if defined(__wasm_simd128__)
#include "wnn/kernels/batch_norm.h"

#include <wasm_simd128.h>

namespace wnn::kernels {

void f32_batch_norm__wasmsimd(const float* x, size_t batch, size_t channels, size_t plane,
                              const ChannelNorm& p, float* y) {
  for (size_t n = 0; n < batch; ++n) {
    for (size_t c = 0; c < channels; ++c, x += plane, y += plane) {
      const float m = p.mean[c], s = p.scale[c], b = p.bias[c];
      const v128_t vm = wasm_f32x4_splat(m), vs = wasm_f32x4_splat(s), vb = wasm_f32x4_splat(b);
      size_t i = 0;
      for (; i + 4 <= plane; i += 4) {
        const v128_t v = wasm_f32x4_sub(wasm_v128_load(x + i), vm);
        wasm_v128_store(y + i, wasm_f32x4_add(wasm_f32x4_mul(v, vs), vb));
      }
      for (; i < plane; ++i) y[i] = (x[i] - m) * s + b;
    }
  }
}

}  // namespace wnn::kernels
#endif
