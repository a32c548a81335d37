// Max pooling, wasm SIMD128: four adjacent output columns per vector in the part of each row whose
// windows lie wholly inside the image, for horizontal stride 1 or 2 and no horizontal dilation.
// Taps are visited in the scalar kernel's order with the same NaN-keeping select, so the two
// kernels agree bit for bit.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <algorithm>
#include <limits>

#include "wnn/kernels/pool.h"
#include "wnn/kernels/wasmsimd/strided_load.h"

namespace wnn::kernels {
namespace {

inline float max_keep_nan(float best, float v) { return (v > best || v != v) ? v : best; }

}  // namespace

void f32_maxpool__wasmsimd(const float* in, size_t channels, const Window2d& w, float* out) {
  if ((w.stride_w != 1 && w.stride_w != 2) || w.dilation_w != 1) {
    f32_maxpool__scalar(in, channels, w, out);
    return;
  }
  const float neg_inf = -std::numeric_limits<float>::infinity();
  // A vector of outputs ox..ox+3 is taken only where every load stays inside the row. With
  // stride 2, taps j and j + 1 share two loads of 4 (even lanes: tap j, odd: tap j + 1), and an
  // odd last tap reads the pair before it: the loads end at the last float a window reads
  // (a 2x2 pool of an 8-wide row is one vector), except for a 1-wide window (8 floats).
  const int64_t reach = w.stride_w == 1 ? 4 : w.kernel_w == 1 ? 8 : 7;
  auto fits = [&](int64_t ox) {  // a vector starting at ox stays inside the row for every tap
    const int64_t x0 = ox * w.stride_w - w.pad_left;
    return x0 >= 0 && x0 + (w.kernel_w - 1) + reach <= w.in_w;
  };
  auto take = [](v128_t best, v128_t v) {
    return wasm_v128_bitselect(v, best, wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v)));
  };
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      float* row_out = out + (c * w.out_h + oy) * w.out_w;
      auto scalar_at = [&](int64_t ox) {
        float best = neg_inf;
        for (int64_t i = 0; i < w.kernel_h; ++i) {
          const int64_t y = oy * w.stride_h - w.pad_top + i * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          for (int64_t j = 0; j < w.kernel_w; ++j) {
            const int64_t x = ox * w.stride_w - w.pad_left + j;
            if (x >= 0 && x < w.in_w) best = max_keep_nan(best, plane[y * w.in_w + x]);
          }
        }
        row_out[ox] = best;
      };
      auto vector_at = [&](int64_t ox) {  // outputs ox .. ox + 3, fits(ox)
        v128_t best = wasm_f32x4_splat(neg_inf);
        const int64_t x0 = ox * w.stride_w - w.pad_left;
        for (int64_t i = 0; i < w.kernel_h; ++i) {
          const int64_t y = oy * w.stride_h - w.pad_top + i * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          const float* src = plane + y * w.in_w + x0;
          if (w.stride_w == 1 || w.kernel_w == 1) {
            for (int64_t j = 0; j < w.kernel_w; ++j)
              best = take(best, load4_strided(src + j, w.stride_w));
            continue;
          }
          int64_t j = 0;
          for (; j + 1 < w.kernel_w; j += 2) {
            const v128_t a = wasm_v128_load(src + j), b = wasm_v128_load(src + j + 4);
            best = take(best, wasm_i32x4_shuffle(a, b, 0, 2, 4, 6));
            best = take(best, wasm_i32x4_shuffle(a, b, 1, 3, 5, 7));
          }
          if (j < w.kernel_w) {  // the last of an odd width: the odd lanes of the pair before it
            const v128_t a = wasm_v128_load(src + j - 1), b = wasm_v128_load(src + j + 3);
            best = take(best, wasm_i32x4_shuffle(a, b, 1, 3, 5, 7));
          }
        }
        wasm_v128_store(row_out + ox, best);
      };
      int64_t ox = 0;
      for (; ox < w.out_w && ox * w.stride_w - w.pad_left < 0; ++ox) scalar_at(ox);
      // A short tail is one vector over the row's last four windows when they fit, recomputing
      // a few outputs of the vector before (the same values: 7 outputs are two vectors, not 1 + 3
      // scalars). A vector that would start left of the image (over the scalar outputs above)
      // does not fit.
      while (ox < w.out_w) {
        const int64_t at = std::min(ox, w.out_w - 4);
        if (!fits(at)) break;
        vector_at(at);
        ox = at + 4;
      }
      for (; ox < w.out_w; ++ox) scalar_at(ox);
    }
  }
}

}  // namespace wnn::kernels
#endif
