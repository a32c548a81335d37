#include <algorithm>
#include <limits>

#include "wnn/kernels/avg_pool.h"

namespace wnn::kernels {
namespace {

// Taps i in [0, k) of a window starting at `start`, `d` apart, that land in [lo, hi).
int64_t taps_within(int64_t start, int64_t k, int64_t d, int64_t lo, int64_t hi) {
  int64_t n = 0;
  for (int64_t i = 0; i < k; ++i) n += start + i * d >= lo && start + i * d < hi;
  return n;
}

// AveragePool-19's dilated windows: the same order of taps (rows top to bottom, left to right),
// the taps outside the image skipped, divided by the count of taps inside the image (or inside
// the padded input with count_include_pad).
void avgpool_dilated(const float* in, size_t channels, const AvgPool2d& p, float* out) {
  const Window2d& w = p.w;
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      const int64_t y0 = oy * w.stride_h - w.pad_top;
      const int64_t rows =
          p.count_include_pad
              ? taps_within(y0, w.kernel_h, w.dilation_h, -w.pad_top, w.in_h + p.pad_bottom)
              : taps_within(y0, w.kernel_h, w.dilation_h, 0, w.in_h);
      for (int64_t ox = 0; ox < w.out_w; ++ox) {
        const int64_t x0 = ox * w.stride_w - w.pad_left;
        const int64_t cols =
            p.count_include_pad
                ? taps_within(x0, w.kernel_w, w.dilation_w, -w.pad_left, w.in_w + p.pad_right)
                : taps_within(x0, w.kernel_w, w.dilation_w, 0, w.in_w);
        float sum = 0.0f;
        for (int64_t i = 0; i < w.kernel_h; ++i) {
          const int64_t y = y0 + i * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          for (int64_t j = 0; j < w.kernel_w; ++j) {
            const int64_t x = x0 + j * w.dilation_w;
            if (x >= 0 && x < w.in_w) sum += plane[y * w.in_w + x];
          }
        }
        *out++ = sum / static_cast<float>(rows * cols);
      }
    }
  }
}

}  // namespace

void f32_avgpool__scalar(const float* in, size_t channels, const AvgPool2d& p, float* out) {
  const Window2d& w = p.w;
  if (w.dilation_h != 1 || w.dilation_w != 1) return avgpool_dilated(in, channels, p, out);
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
