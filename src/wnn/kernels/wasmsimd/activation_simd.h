#pragma once
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

namespace wnn::kernels {

// max(x, 0) that keeps NaN unchanged and maps -0 to +0, exactly like the scalar reference. Built
// from compare + select rather than f32x4.max, whose NaN result bits wasm leaves to the engine.
inline v128_t relu_keep_nan(v128_t x) {
  const v128_t keep = wasm_v128_or(wasm_f32x4_gt(x, wasm_f32x4_splat(0.0f)), wasm_f32x4_ne(x, x));
  return wasm_v128_and(x, keep);
}

}  // namespace wnn::kernels
#endif
