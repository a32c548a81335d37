#include <limits>

#include "wnn/kernels/pool.h"

namespace wnn::kernels {

void f32_maxpool__scalar(const float* in, size_t channels, const Window2d& w, float* out) {
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      for (int64_t ox = 0; ox < w.out_w; ++ox) {
        float best = -std::numeric_limits<float>::infinity();
        for (int64_t i = 0; i < w.kernel_h; ++i) {
          const int64_t y = oy * w.stride_h - w.pad_top + i * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          for (int64_t j = 0; j < w.kernel_w; ++j) {
            const int64_t x = ox * w.stride_w - w.pad_left + j * w.dilation_w;
            if (x < 0 || x >= w.in_w) continue;
            const float v = plane[y * w.in_w + x];
            // NaN wins, as in ONNX Runtime's MaxPool: once seen it stays.
            if (v > best || v != v) best = v;
          }
        }
        *out++ = best;
      }
    }
  }
}

}  // namespace wnn::kernels
