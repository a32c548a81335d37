#include "wnn/kernels/dwconv.h"

namespace wnn::kernels {

void f32_dwconv__scalar(const float* in, size_t channels, const Window2d& w, const float* weights,
                        const float* bias, bool relu, float* out) {
  const int64_t taps = w.kernel_h * w.kernel_w;
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    const float* filter = weights + c * static_cast<size_t>(taps);
    for (int64_t oy = 0; oy < w.out_h; ++oy) {
      for (int64_t ox = 0; ox < w.out_w; ++ox) {
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
        acc += bias[c];
        if (relu && !(acc > 0.0f) && acc == acc) acc = 0.0f;
        *out++ = acc;
      }
    }
  }
}

}  // namespace wnn::kernels
