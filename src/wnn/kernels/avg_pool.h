// Average pooling over NCHW planes, and the global poolings (one value per plane).
//
// Summation order (the scalar kernel defines it, the SIMD128 kernel repeats it bit for bit):
// - AveragePool: per output, taps row by row (top to bottom), left to right within a row, taps
//   outside the image skipped; the sum starts at +0 and is divided (not multiplied by a
//   reciprocal) by the window's count.
// - GlobalAveragePool: per plane of n floats, 16 running sums s[k] += x[16 i + k] over the first
//   16 * floor(n / 16) floats; then r[k] = (s[k] + s[4+k]) + (s[8+k] + s[12+k]) for k < 4;
//   sum = (r[0] + r[1]) + (r[2] + r[3]); then the remaining floats are added one by one in
//   order; mean = sum / n. (Four 4-lane accumulators in SIMD: independent chains, no latency
//   bound, and the same tree in scalar code.)
#pragma once
#include <cstddef>
#include <cstdint>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

struct AvgPool2d {
  Window2d w;  // dilations (AveragePool-19) run in the scalar kernel
  int64_t pad_bottom = 0, pad_right = 0;
  // Divide by the window's size clipped to the padded input (1), or by the number of taps
  // inside the image (0).
  bool count_include_pad = false;
};

using AvgPoolFn = void (*)(const float* in, size_t channels, const AvgPool2d& p, float* out);
void f32_avgpool__scalar(const float* in, size_t channels, const AvgPool2d& p, float* out);
#if defined(__wasm_simd128__)
// Four adjacent output columns per vector where windows lie wholly inside the row, for
// horizontal stride 1 or 2; the rest (and other strides) computed as in the scalar kernel.
void f32_avgpool__wasmsimd(const float* in, size_t channels, const AvgPool2d& p, float* out);
#endif

// planes x n floats in, planes floats out.
using GlobalPoolFn = void (*)(const float* in, size_t planes, size_t n, float* out);
void f32_global_avgpool__scalar(const float* in, size_t planes, size_t n, float* out);
#if defined(__wasm_simd128__)
void f32_global_avgpool__wasmsimd(const float* in, size_t planes, size_t n, float* out);
#endif
// Max in memory order; NaN wins once seen (as MaxPool). Scalar only: it is not where time goes.
void f32_global_maxpool__scalar(const float* in, size_t planes, size_t n, float* out);

}  // namespace wnn::kernels
