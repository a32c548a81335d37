// col2im by runs of columns that share an output row of the window (one input row of the
// image per tap): a strided add per run, bounds checked per run, not per element.
#include "wnn/kernels/col2im.h"

#include <algorithm>

namespace wnn::kernels {

void col2im_add__scalar(const float* col, size_t channels, const Window2d& w, size_t n_begin,
                        size_t n_end, float* image) {
  const size_t ld = n_end - n_begin;
  const size_t plane = static_cast<size_t>(w.in_h * w.in_w);
  const size_t out_w = static_cast<size_t>(w.out_w);
  for (size_t c = 0; c < channels; ++c) {
    float* dst_plane = image + c * plane;
    for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
      for (int64_t kx = 0; kx < w.kernel_w; ++kx, col += ld) {
        for (size_t n = n_begin; n < n_end;) {
          const int64_t oy = static_cast<int64_t>(n / out_w);
          const int64_t ox0 = static_cast<int64_t>(n % out_w);
          const size_t len = std::min(n_end - n, out_w - static_cast<size_t>(ox0));
          const float* src = col + (n - n_begin);
          n += len;
          const int64_t y = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
          if (y < 0 || y >= w.in_h) continue;
          float* row = dst_plane + y * w.in_w;
          const int64_t x0 = ox0 * w.stride_w - w.pad_left + kx * w.dilation_w;
          for (size_t j = 0; j < len; ++j) {
            const int64_t x = x0 + static_cast<int64_t>(j) * w.stride_w;
            if (x >= 0 && x < w.in_w) row[x] += src[j];
          }
        }
      }
    }
  }
}

}  // namespace wnn::kernels
