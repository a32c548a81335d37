// A row split into its even columns, then its odd ones: the layout in which stride-2 depthwise
// taps and Winograd's 4x4 input tiles read four consecutive floats per vector load.
#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstdint>

namespace wnn::kernels {

// Row `src` (2 * half floats) split into its even columns at dst, its odd at dst + half.
inline void split_columns(const float* src, int64_t half, float* dst) {
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
