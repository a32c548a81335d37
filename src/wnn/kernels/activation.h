// Elementwise activations over a flat float buffer.
#pragma once
#include <cstddef>

namespace wnn::kernels {

using UnaryFn = void (*)(size_t n, const float* x, float* y);

// y = max(x, 0); NaN stays NaN, -0 becomes +0.
void f32_relu__scalar(size_t n, const float* x, float* y);
#if defined(__wasm_simd128__)
void f32_relu__wasmsimd(size_t n, const float* x, float* y);
#endif

}  // namespace wnn::kernels
