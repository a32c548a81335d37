#if defined(__wasm_simd128__)
#include "wnn/kernels/wasmsimd/split_columns.h"

#include <wasm_simd128.h>

namespace wnn::kernels {

__attribute__((noinline)) void split_columns(const float* src, int64_t half, float* dst) {
  int64_t j = 0;
  for (; j + 4 <= half; j += 4) {
    const v128_t a = wasm_v128_load(src + 2 * j), b = wasm_v128_load(src + 2 * j + 4);
    wasm_v128_store(dst + j, wasm_i32x4_shuffle(a, b, 0, 2, 4, 6));
    wasm_v128_store(dst + half + j, wasm_i32x4_shuffle(a, b, 1, 3, 5, 7));
  }
  for (; j < half; ++j) {
    dst[j] = src[2 * j];
    dst[half + j] = src[2 * j + 1];
  }
}

}  // namespace wnn::kernels
#endif
