// Softmax over float32, numerically stable: y = exp(x - max) / sum(exp(x - max)), with exp from
// kernels/vec_math.h. The sum order is part of each kernel's definition so that the scalar
// reference and the SIMD128 kernel give the same bits:
//   rows:    4 running sums, element i into sum (i mod 4) for i < n - n % 4, combined as
//            (s0 + s1) + (s2 + s3), then the last n % 4 elements added in order;
//   strided: one running sum per output position, over the axis in order.
// Each output is then exp(x - max) / sum (a division, not a multiply by a reciprocal).
// LogSoftmax (the log_ kernels) sums the same way and outputs (x - max) - log(sum), log from
// vec_math.h taken once per sum.
#pragma once
#include <cstddef>

namespace wnn::kernels {

// `rows` contiguous rows of n values each.
using SoftmaxRowsFn = void (*)(size_t rows, size_t n, const float* x, float* y);
// An axis of n values that are `inner` apart (inner > 1), for `outer` blocks of n * inner values:
// softmax over x[o*n*inner + k*inner + j], k = 0..n-1, for every o < outer and j < inner.
using SoftmaxStridedFn = void (*)(size_t outer, size_t n, size_t inner, const float* x, float* y);

void f32_softmax_rows__scalar(size_t rows, size_t n, const float* x, float* y);
void f32_softmax_strided__scalar(size_t outer, size_t n, size_t inner, const float* x, float* y);
void f32_log_softmax_rows__scalar(size_t rows, size_t n, const float* x, float* y);
void f32_log_softmax_strided__scalar(size_t outer, size_t n, size_t inner, const float* x,
                                     float* y);
#if defined(__wasm_simd128__)
void f32_log_softmax_rows__wasmsimd(size_t rows, size_t n, const float* x, float* y);
void f32_log_softmax_strided__wasmsimd(size_t outer, size_t n, size_t inner, const float* x,
                                       float* y);
void f32_softmax_rows__wasmsimd(size_t rows, size_t n, const float* x, float* y);
void f32_softmax_strided__wasmsimd(size_t outer, size_t n, size_t inner, const float* x, float* y);
#endif

}  // namespace wnn::kernels
