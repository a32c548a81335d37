// Depthwise convolution, wasm SIMD128: 4 output columns per vector, taps in the scalar kernel's
// order, mul then add (no FMA), so results equal f32_dwconv__scalar bit for bit.
#if defined(__wasm_simd128__)
#include "wnn/kernels/dwconv.h"

#include <wasm_simd128.h>

#include "wnn/kernels/wasmsimd/gemm_epilogue_simd.h"
#include "wnn/kernels/wasmsimd/strided_load.h"

namespace wnn::kernels {
void f32_dwconv__wasmsimd(const float* in, size_t channels, const Window2d& w, const float* weights,
                          const float* bias, const Activation& act, float* out) {
  if ((w.stride_w != 1 && w.stride_w != 2) || w.dilation_w != 1) {
    f32_dwconv__scalar(in, channels, w, weights, bias, act, out);
    return;
  }
  const int64_t taps = w.kernel_h * w.kernel_w;
  const int64_t reach = w.stride_w == 1 ? 4 : 8;  // floats one strided load reads
  auto fits = [&](int64_t ox) {
    const int64_t x0 = ox * w.stride_w - w.pad_left;
    return x0 >= 0 && x0 + (w.kernel_w - 1) + reach <= w.in_w;
  };
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    const float* filter = weights + c * static_cast<size_t>(taps);
    const v128_t vbias = wasm_f32x4_splat(bias[c]);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      float* row = out + (c * w.out_h + oy) * w.out_w;
      int64_t ox = 0;
      for (; ox < w.out_w && ox * w.stride_w - w.pad_left < 0; ++ox)
        row[ox] = dwconv_pixel(plane, filter, w, oy, ox, bias[c], act);
      // 16 columns at a time: four independent accumulator chains (one chain is latency-bound).
      for (; ox + 16 <= w.out_w && fits(ox) && fits(ox + 12); ox += 16) {
        v128_t acc[4];
        for (int v = 0; v < 4; ++v) acc[v] = wasm_f32x4_splat(0.0f);
        const int64_t x0 = ox * w.stride_w - w.pad_left;
        for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
          const int64_t y = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          const float* src = plane + y * w.in_w + x0;
          for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
            const v128_t wv = wasm_v128_load32_splat(filter + ky * w.kernel_w + kx);
            for (int v = 0; v < 4; ++v)
              acc[v] = wasm_f32x4_add(
                  acc[v],
                  wasm_f32x4_mul(wv, load4_strided(src + kx + 4 * v * w.stride_w, w.stride_w)));
          }
        }
        for (int v = 0; v < 4; ++v)
          wasm_v128_store(row + ox + 4 * v, activate_simd(act, wasm_f32x4_add(acc[v], vbias)));
      }
      for (; ox + 4 <= w.out_w && fits(ox); ox += 4) {
        v128_t acc = wasm_f32x4_splat(0.0f);
        const int64_t x0 = ox * w.stride_w - w.pad_left;
        for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
          const int64_t y = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          const float* src = plane + y * w.in_w + x0;
          for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
            const v128_t wv = wasm_v128_load32_splat(filter + ky * w.kernel_w + kx);
            acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wv, load4_strided(src + kx, w.stride_w)));
          }
        }
        acc = wasm_f32x4_add(acc, vbias);
        acc = activate_simd(act, acc);
        wasm_v128_store(row + ox, acc);
      }
      for (; ox < w.out_w; ++ox) row[ox] = dwconv_pixel(plane, filter, w, oy, ox, bias[c], act);
    }
  }
}

}  // namespace wnn::kernels
#endif
