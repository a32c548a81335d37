#include "wnn/kernels/dwconv.h"

namespace wnn::kernels {

void f32_dwconv__scalar(const float* in, size_t channels, const Window2d& w, const float* weights,
                        const float* bias, const Activation& act, float* out) {
  const int64_t taps = w.kernel_h * w.kernel_w;
  for (size_t c = 0; c < channels; ++c) {
    const float* plane = in + c * static_cast<size_t>(w.in_h * w.in_w);
    const float* filter = weights + c * static_cast<size_t>(taps);
    for (int64_t oy = 0; oy < w.out_h; ++oy)
      for (int64_t ox = 0; ox < w.out_w; ++ox)
        *out++ = dwconv_pixel(plane, filter, w, oy, ox, bias[c], act);
  }
}

}  // namespace wnn::kernels
