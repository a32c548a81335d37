// Depthwise 2-D convolution over one NCHW image (group = channels, one filter per channel):
//   out[c, oy, ox] = act( sum over in-image taps (ky, kx), in that order, of
//                         w[c, ky, kx] * x[c, oy*SH - PT + ky*DH, ox*SW - PL + kx*DW]  + bias[c] )
// Taps that fall in the padding are skipped, not multiplied by zero, in every kernel.
#pragma once
#include <cstddef>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

using DwConvFn = void (*)(const float* in, size_t channels, const Window2d& w,
                          const float* weights, const float* bias, bool relu, float* out);

void f32_dwconv__scalar(const float* in, size_t channels, const Window2d& w, const float* weights,
                        const float* bias, bool relu, float* out);
#if defined(__wasm_simd128__)
// Four adjacent output columns per vector where every tap is inside the row (horizontal stride
// 1 or 2, no horizontal dilation); the scalar kernel everywhere else.
void f32_dwconv__wasmsimd(const float* in, size_t channels, const Window2d& w,
                          const float* weights, const float* bias, bool relu, float* out);
#endif

}  // namespace wnn::kernels
