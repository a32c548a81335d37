#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <cstdint>

namespace wnn::kernels {

// Four floats p[0], p[s], p[2s], p[3s] for a horizontal window stride s of 1 or 2: the window
// kernels' column loads. Reads 4 floats (s = 1) or 8 (s = 2) from p.
inline v128_t load4_strided(const float* p, int64_t stride) {
  if (stride == 1) return wasm_v128_load(p);
  return wasm_i32x4_shuffle(wasm_v128_load(p), wasm_v128_load(p + 4), 0, 2, 4, 6);
}

}  // namespace wnn::kernels
#endif
