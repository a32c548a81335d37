#include <algorithm>
#include <limits>

#include "wnn/kernels/avg_pool.h"

namespace wnn::kernels {

void f32_avgpool__scalar(const float* in, size_t channels, const AvgPool2d& p, float* out) {
  const Window2d& w = p.w;
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      const int64_t y0 = oy * w.stride_h - w.pad_top, y1 = y0 + w.kernel_h;
      const int64_t rows = p.count_include_pad ? std::min(y1, w.in_h + p.pad_bottom) - y0
                                               : std::min(y1, w.in_h) - std::max<int64_t>(y0, 0);
      for (int64_t ox = 0; ox < w.out_w; ++ox) {
        const int64_t x0 = ox * w.stride_w - w.pad_left, x1 = x0 + w.kernel_w;
        const int64_t cols = p.count_include_pad ? std::min(x1, w.in_w + p.pad_right) - x0
                                                 : std::min(x1, w.in_w) - std::max<int64_t>(x0, 0);
        float sum = 0.0f;
        for (int64_t y = std::max<int64_t>(y0, 0); y < std::min(y1, w.in_h); ++y)
          for (int64_t x = std::max<int64_t>(x0, 0); x < std::min(x1, w.in_w); ++x)
            sum += plane[y * w.in_w + x];
        *out++ = sum / static_cast<float>(rows * cols);
      }
    }
  }
}

void f32_global_avgpool__scalar(const float* in, size_t planes, size_t n, float* out) {
  for (size_t p = 0; p < planes; ++p, in += n) {
    float s[16] = {};
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
      for (size_t k = 0; k < 16; ++k) s[k] += in[i + k];
    float r[4];
    for (size_t k = 0; k < 4; ++k) r[k] = (s[k] + s[4 + k]) + (s[8 + k] + s[12 + k]);
    float sum = (r[0] + r[1]) + (r[2] + r[3]);
    for (; i < n; ++i) sum += in[i];
    out[p] = sum / static_cast<float>(n);
  }
}

void f32_global_maxpool__scalar(const float* in, size_t planes, size_t n, float* out) {
  for (size_t p = 0; p < planes; ++p, in += n) {
    float best = -std::numeric_limits<float>::infinity();
    for (size_t i = 0; i < n; ++i) {
      const float v = in[i];
      if (v > best || v != v) best = v;
    }
    out[p] = best;
  }
}

}  // namespace wnn::kernels
