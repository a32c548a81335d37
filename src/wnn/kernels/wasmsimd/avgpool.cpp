// Average pooling, wasm SIMD128: four adjacent output columns per vector in the part of each row
// whose windows lie wholly inside the image horizontally (there every window has kernel_w
// columns, so the four divisors are equal), for horizontal stride 1 or 2. Taps are summed in the
// scalar kernel's order and divided the same way, so the two agree bit for bit. The global
// average keeps four vector accumulators: the 16 running sums of the scalar kernel.
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <algorithm>

#include "wnn/kernels/avg_pool.h"
#include "wnn/kernels/wasmsimd/strided_load.h"

namespace wnn::kernels {
void f32_avgpool__wasmsimd(const float* in, size_t channels, const AvgPool2d& p, float* out) {
  const Window2d& w = p.w;
  if ((w.stride_w != 1 && w.stride_w != 2) || w.dilation_h != 1 || w.dilation_w != 1) {
    f32_avgpool__scalar(in, channels, p, out);  // dilated windows (opset 19): scalar
    return;
  }
  const int64_t reach = w.stride_w == 1 ? 4 : 8;  // floats one vector load touches per tap
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      float* row_out = out + (c * w.out_h + oy) * w.out_w;
      const int64_t y0 = oy * w.stride_h - w.pad_top, y1 = y0 + w.kernel_h;
      const int64_t ya = std::max<int64_t>(y0, 0), yb = std::min(y1, w.in_h);
      const int64_t rows = p.count_include_pad ? std::min(y1, w.in_h + p.pad_bottom) - y0 : yb - ya;
      auto scalar_at = [&](int64_t ox) {
        const int64_t x0 = ox * w.stride_w - w.pad_left, x1 = x0 + w.kernel_w;
        const int64_t cols = p.count_include_pad ? std::min(x1, w.in_w + p.pad_right) - x0
                                                 : std::min(x1, w.in_w) - std::max<int64_t>(x0, 0);
        float sum = 0.0f;
        for (int64_t y = ya; y < yb; ++y)
          for (int64_t x = std::max<int64_t>(x0, 0); x < std::min(x1, w.in_w); ++x)
            sum += plane[y * w.in_w + x];
        row_out[ox] = sum / static_cast<float>(rows * cols);
      };
      auto fits = [&](int64_t ox) {
        const int64_t x0 = ox * w.stride_w - w.pad_left;
        return x0 >= 0 && x0 + (w.kernel_w - 1) + reach <= w.in_w;
      };
      const v128_t divisor = wasm_f32x4_splat(static_cast<float>(rows * w.kernel_w));
      int64_t ox = 0;
      for (; ox < w.out_w && ox * w.stride_w - w.pad_left < 0; ++ox) scalar_at(ox);
      for (; ox + 4 <= w.out_w && fits(ox); ox += 4) {
        const int64_t x0 = ox * w.stride_w - w.pad_left;
        v128_t sum = wasm_f32x4_splat(0.0f);
        for (int64_t y = ya; y < yb; ++y) {
          const float* src = plane + y * w.in_w + x0;
          for (int64_t j = 0; j < w.kernel_w; ++j)
            sum = wasm_f32x4_add(sum, load4_strided(src + j, w.stride_w));
        }
        wasm_v128_store(row_out + ox, wasm_f32x4_div(sum, divisor));
      }
      for (; ox < w.out_w; ++ox) scalar_at(ox);
    }
  }
}

void f32_global_avgpool__wasmsimd(const float* in, size_t planes, size_t n, float* out) {
  for (size_t p = 0; p < planes; ++p, in += n) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      s0 = wasm_f32x4_add(s0, wasm_v128_load(in + i));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(in + i + 4));
      s2 = wasm_f32x4_add(s2, wasm_v128_load(in + i + 8));
      s3 = wasm_f32x4_add(s3, wasm_v128_load(in + i + 12));
    }
    const v128_t r = wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3));
    float sum = (wasm_f32x4_extract_lane(r, 0) + wasm_f32x4_extract_lane(r, 1)) +
                (wasm_f32x4_extract_lane(r, 2) + wasm_f32x4_extract_lane(r, 3));
    for (; i < n; ++i) sum += in[i];
    out[p] = sum / static_cast<float>(n);
  }
}

}  // namespace wnn::kernels
#endif
