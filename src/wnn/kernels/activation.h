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

// The math and activation functions of kernels/eltwise_math.h (its comments give their edge
// cases), each a scalar reference and a SIMD128 kernel giving the same bits. One name per
// function, listed once here: the kernel table (UnaryConfig) and the kernels are built from it.
// gelu is approximate = "none", gelu_tanh approximate = "tanh".
#define WNN_MATH_UNARY_KERNELS(X)                                                        \
  X(erf)                                                                                 \
  X(sqrt)                                                                                \
  X(neg) X(abs) X(reciprocal) X(floor) X(ceil) X(round) X(log) X(sin) X(cos) X(softplus) \
      X(softsign) X(mish) X(hard_swish) X(gelu) X(gelu_tanh) X(tan)

#define WNN_DECLARE_UNARY_KERNEL(name) \
  void f32_##name##__scalar(size_t n, const float* x, float* y);
WNN_MATH_UNARY_KERNELS(WNN_DECLARE_UNARY_KERNEL)
#undef WNN_DECLARE_UNARY_KERNEL
#if defined(__wasm_simd128__)
#define WNN_DECLARE_UNARY_KERNEL(name) \
  void f32_##name##__wasmsimd(size_t n, const float* x, float* y);
WNN_MATH_UNARY_KERNELS(WNN_DECLARE_UNARY_KERNEL)
#undef WNN_DECLARE_UNARY_KERNEL
#endif

// Two-parameter activations, one kernel each for two ONNX ops:
//   hard_sigmoid(p0 = alpha, p1 = beta)   HardSigmoid; HardSwish is it at (1/6, 1/2) times x
//   elu(p0 = alpha, p1 = gamma)           Elu (gamma = 1) and Selu
using UnaryParamFn = void (*)(size_t n, const float* x, float* y, float p0, float p1);
void f32_hard_sigmoid__scalar(size_t n, const float* x, float* y, float alpha, float beta);
void f32_elu__scalar(size_t n, const float* x, float* y, float alpha, float gamma);
#if defined(__wasm_simd128__)
void f32_hard_sigmoid__wasmsimd(size_t n, const float* x, float* y, float alpha, float beta);
void f32_elu__wasmsimd(size_t n, const float* x, float* y, float alpha, float gamma);
#endif

// More parameterized activations, declared from one list like the unary kernels above:
//   thresholded_relu(p0 = alpha)          x > alpha ? x : 0
//   celu(p0 = alpha)                      x > 0 ? x : alpha (e^(x / alpha) - 1)
//   shrink(p0 = lambd, p1 = bias)         x < -lambd ? x + bias : x > lambd ? x - bias : 0
#define WNN_PARAM_UNARY_KERNELS(X) X(thresholded_relu) X(celu) X(shrink)
#define WNN_DECLARE_PARAM_KERNEL(name) \
  void f32_##name##__scalar(size_t n, const float* x, float* y, float p0, float p1);
WNN_PARAM_UNARY_KERNELS(WNN_DECLARE_PARAM_KERNEL)
#undef WNN_DECLARE_PARAM_KERNEL
#if defined(__wasm_simd128__)
#define WNN_DECLARE_PARAM_KERNEL(name) \
  void f32_##name##__wasmsimd(size_t n, const float* x, float* y, float p0, float p1);
WNN_PARAM_UNARY_KERNELS(WNN_DECLARE_PARAM_KERNEL)
#undef WNN_DECLARE_PARAM_KERNEL
#endif

}  // namespace wnn::kernels
