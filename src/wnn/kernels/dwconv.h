// Depthwise 2-D convolution over one NCHW image (group = channels, one filter per channel):
//   out[c, oy, ox] = act( sum over in-image taps (ky, kx), in that order, of
//                         w[c, ky, kx] * x[c, oy*SH - PT + ky*DH, ox*SW - PL + kx*DW]  + bias[c] )
// Taps that fall in the padding are skipped, not multiplied by zero, in every kernel.
#pragma once
#include <cstddef>
#include <cstdint>

#include "wnn/core/activation.h"
#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

// One output pixel by the definition above: the scalar kernel, and the SIMD kernel at the edges.
inline float dwconv_pixel(const float* plane, const float* filter, const Window2d& w, int64_t oy,
                          int64_t ox, float bias, const Activation& act) {
  float acc = 0.0f;
  for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
    const int64_t y = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
    if (y < 0 || y >= w.in_h) continue;
    for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
      const int64_t x = ox * w.stride_w - w.pad_left + kx * w.dilation_w;
      if (x < 0 || x >= w.in_w) continue;
      acc += filter[ky * w.kernel_w + kx] * plane[y * w.in_w + x];
    }
  }
  return act.apply(acc + bias);
}

using DwConvFn = void (*)(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out);

void f32_dwconv__scalar(const float* in, size_t channels, const Window2d& w, const float* weights,
                        const float* bias, const Activation& act, float* out);
#if defined(__wasm_simd128__)
// Four adjacent output columns per vector where every tap is inside the row (horizontal stride
// 1 or 2, no horizontal dilation); the scalar kernel everywhere else.
void f32_dwconv__wasmsimd(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out);
#endif

}  // namespace wnn::kernels
