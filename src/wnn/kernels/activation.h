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

// exp, sigmoid, tanh: the shared polynomials of kernels/vec_math.h (accuracy documented there),
// so the scalar and SIMD128 kernels agree bit for bit. NaN inputs come back unchanged.
void f32_exp__scalar(size_t n, const float* x, float* y);
void f32_sigmoid__scalar(size_t n, const float* x, float* y);
void f32_tanh__scalar(size_t n, const float* x, float* y);
#if defined(__wasm_simd128__)
void f32_exp__wasmsimd(size_t n, const float* x, float* y);
void f32_sigmoid__wasmsimd(size_t n, const float* x, float* y);
void f32_tanh__wasmsimd(size_t n, const float* x, float* y);
#endif

// y = x < 0 ? alpha * x : x; NaN passes unchanged.
using LeakyReluFn = void (*)(size_t n, const float* x, float* y, float alpha);
void f32_leaky_relu__scalar(size_t n, const float* x, float* y, float alpha);
#if defined(__wasm_simd128__)
void f32_leaky_relu__wasmsimd(size_t n, const float* x, float* y, float alpha);
#endif

// y = min(max(x, lo), hi) as two compare+selects (so lo > hi gives hi, as in numpy.clip);
// NaN passes unchanged.
using ClipFn = void (*)(size_t n, const float* x, float* y, float lo, float hi);
void f32_clip__scalar(size_t n, const float* x, float* y, float lo, float hi);
#if defined(__wasm_simd128__)
void f32_clip__wasmsimd(size_t n, const float* x, float* y, float lo, float hi);
#endif

}  // namespace wnn::kernels
