// Short copies of a few to a few dozen values (a GEMM panel row, a padded image row): 16 bytes at
// a time in wasm SIMD128. memcpy's call costs more than such a copy, and clang vectorizes the
// plain loop only from 16 elements on, behind an overlap check.
#pragma once
#include <cstddef>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace wnn::kernels {

template <typename T>
inline void copy_values(T* dst, const T* src, size_t n) {
  size_t j = 0;
#if defined(__wasm_simd128__)
  constexpr size_t kLanes = 16 / sizeof(T);
  for (; j + kLanes <= n; j += kLanes) wasm_v128_store(dst + j, wasm_v128_load(src + j));
#pragma clang loop vectorize(disable)
#endif
  for (; j < n; ++j) dst[j] = src[j];
}

}  // namespace wnn::kernels
