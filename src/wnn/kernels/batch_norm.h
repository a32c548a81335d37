// Inference batch normalization over N x C x (plane) float32: per channel c,
//   y = (x - mean[c]) * scale[c] + bias[c]
// where scale[c] = gamma[c] / sqrt(var[c] + epsilon) was computed beforehand. Subtract, multiply,
// add, in that order and without FMA, in both kernels: SIMD128 == scalar bit for bit.
#pragma once
#include <cstddef>

namespace wnn::kernels {

struct ChannelNorm {
  const float* mean;
  const float* scale;
  const float* bias;
};

using BatchNormFn = void (*)(const float* x, size_t batch, size_t channels, size_t plane,
                             const ChannelNorm& p, float* y);
void f32_batch_norm__scalar(const float* x, size_t batch, size_t channels, size_t plane,
                            const ChannelNorm& p, float* y);
#if defined(__wasm_simd128__)
void f32_batch_norm__wasmsimd(const float* x, size_t batch, size_t channels, size_t plane,
                              const ChannelNorm& p, float* y);
#endif

}  // namespace wnn::kernels
