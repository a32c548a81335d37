// Depthwise 2-D convolution over one NCHW image (group = channels, one filter per channel):
//   out[c, oy, ox] = act( sum over taps (ky, kx), in that order, of
//                         w[c, ky, kx] * x[c, oy*SH - PT + ky*DH, ox*SW - PL + kx*DW]  + bias[c] )
// with x = 0 in the padding: a tap there adds w * 0, as ONNX's zero padding (and the im2col path
// of the other convs) defines it, in every kernel.
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
    const bool row_inside = y >= 0 && y < w.in_h;
    for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
      const int64_t x = ox * w.stride_w - w.pad_left + kx * w.dilation_w;
      const float v = row_inside && x >= 0 && x < w.in_w ? plane[y * w.in_w + x] : 0.0f;
      acc += filter[ky * w.kernel_w + kx] * v;
    }
  }
  return act.apply(acc + bias);
}

// `scratch` holds dwconv_scratch_floats(w) floats (a kernel may leave it unused).
using DwConvFn = void (*)(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out, float* scratch);

// A channel with its padding written out as zeros, and room for the widest vector load past the
// last output column: rows (out_h - 1) * SH + (KH - 1) * DH + 1, columns padded_plane_width(w).
// The scratch holds such a plane and one row more.
int64_t padded_plane_rows(const Window2d& w);
int64_t padded_plane_width(const Window2d& w);
size_t dwconv_scratch_floats(const Window2d& w);

void f32_dwconv__scalar(const float* in, size_t channels, const Window2d& w, const float* weights,
                        const float* bias, const Activation& act, float* out, float* scratch);
#if defined(__wasm_simd128__)
// Horizontal stride 1 or 2 and no horizontal dilation: each channel is copied into the zero-
// padded plane in scratch (with stride 2, each row's even columns, then its odd ones), then every
// output column is computed four to a vector, two output rows at a time where their windows share
// rows (dilation_h 1), with the taps unrolled for 3x3 filters of stride_h 1. Otherwise the scalar
// kernel.
void f32_dwconv__wasmsimd(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out, float* scratch);
#endif

}  // namespace wnn::kernels
