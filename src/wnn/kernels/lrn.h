// Local response normalization across channels, float32 N x C x (plane):
//   y[n,c,p] = x[n,c,p] / (bias + alpha / size * sum_sq[n,c,p]) ^ beta
// where sum_sq adds x[n,c',p]^2 for c' from c - floor((size-1)/2) to c + ceil((size-1)/2)
// (clipped to [0, C)), in increasing c'. pow is libm's powf (no shared polynomial for it yet; this
// kernel has no SIMD twin).
#pragma once
#include <cstddef>

namespace wnn::kernels {

struct LrnParams {
  size_t size;
  float alpha, beta, bias;
};

// Planes [plane_begin, plane_end) of the N * C planes of `plane` values each; x and y are the
// tensors' bases.
void f32_lrn__scalar(size_t plane_begin, size_t plane_end, size_t channels, size_t plane,
                     const LrnParams& p, const float* x, float* y);

}  // namespace wnn::kernels
