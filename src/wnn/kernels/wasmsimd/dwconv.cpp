// Depthwise convolution, wasm SIMD128: each channel is first copied into a zero-padded plane, so
// that every output column, edges included, is computed four to a vector with no bounds checks.
// Taps in the scalar kernel's order, mul then add (no FMA): the bits of f32_dwconv__scalar.
#if defined(__wasm_simd128__)
#include "wnn/kernels/dwconv.h"

#include <wasm_simd128.h>

#include <algorithm>
#include <cstring>

#include "wnn/kernels/wasmsimd/gemm_epilogue_simd.h"
#include "wnn/kernels/wasmsimd/strided_load.h"

namespace wnn::kernels {
namespace {

// Writes channel `plane` into `padded` ([rows, width]) at row pad_top, column pad_left, zeros
// around it; columns the windows never reach are left out.
void pad_plane(const float* plane, const Window2d& w, int64_t rows, int64_t width, float* padded) {
  const int64_t left = std::min(w.pad_left, width);
  const int64_t copied = std::max<int64_t>(0, std::min(w.in_w, width - left));
  for (int64_t py = 0; py < rows; ++py) {
    float* dst = padded + py * width;
    const int64_t y = py - w.pad_top;
    if (y < 0 || y >= w.in_h) {
      std::memset(dst, 0, sizeof(float) * width);
      continue;
    }
    std::memset(dst, 0, sizeof(float) * left);
    std::memcpy(dst + left, plane + y * w.in_w, sizeof(float) * copied);
    std::memset(dst + left + copied, 0, sizeof(float) * (width - left - copied));
  }
}

// Output columns [ox, ox + 4 * NV) of row oy, from the padded plane.
template <int NV>
inline void columns(const float* padded, int64_t width, const float* filter, const Window2d& w,
                    int64_t oy, int64_t ox, v128_t* acc) {
  for (int v = 0; v < NV; ++v) acc[v] = wasm_f32x4_splat(0.0f);
  const float* top = padded + oy * w.stride_h * width + ox * w.stride_w;
  for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
    const float* src = top + ky * w.dilation_h * width;
    for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
      const v128_t wv = wasm_v128_load32_splat(filter + ky * w.kernel_w + kx);
      for (int v = 0; v < NV; ++v)
        acc[v] = wasm_f32x4_add(
            acc[v], wasm_f32x4_mul(wv, load4_strided(src + kx + 4 * v * w.stride_w, w.stride_w)));
    }
  }
}

}  // namespace

void f32_dwconv__wasmsimd(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out, float* scratch) {
  if ((w.stride_w != 1 && w.stride_w != 2) || w.dilation_w != 1) {
    f32_dwconv__scalar(in, channels, w, weights, bias, act, out, scratch);
    return;
  }
  const int64_t taps = w.kernel_h * w.kernel_w;
  const int64_t width = padded_plane_width(w);
  const int64_t rows = padded_plane_rows(w);
  for (size_t c = 0; c < channels; ++c) {
    pad_plane(in + c * static_cast<size_t>(w.in_h * w.in_w), w, rows, width, scratch);
    const float* filter = weights + c * static_cast<size_t>(taps);
    const v128_t vbias = wasm_f32x4_splat(bias[c]);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      float* row = out + (c * w.out_h + oy) * w.out_w;
      int64_t ox = 0;
      // 16 columns at a time (four independent accumulator chains: one chain is latency-bound),
      // then 4, then the last 1-3 through a vector whose extra lanes are dropped.
      v128_t acc[4];
      for (; ox + 16 <= w.out_w; ox += 16) {
        columns<4>(scratch, width, filter, w, oy, ox, acc);
        for (int v = 0; v < 4; ++v)
          wasm_v128_store(row + ox + 4 * v, activate_simd(act, wasm_f32x4_add(acc[v], vbias)));
      }
      for (; ox < w.out_w; ox += 4) {
        columns<1>(scratch, width, filter, w, oy, ox, acc);
        const v128_t y = activate_simd(act, wasm_f32x4_add(acc[0], vbias));
        if (ox + 4 <= w.out_w) {
          wasm_v128_store(row + ox, y);
        } else {
          float lanes[4];
          wasm_v128_store(lanes, y);
          std::memcpy(row + ox, lanes, sizeof(float) * static_cast<size_t>(w.out_w - ox));
        }
      }
    }
  }
}

}  // namespace wnn::kernels
#endif
