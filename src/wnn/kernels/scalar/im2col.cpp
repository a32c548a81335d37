#include "wnn/kernels/im2col.h"

namespace wnn::kernels {

void im2col_packed__scalar(const float* image, size_t channels, const Window2d& w, size_t n_begin,
                           size_t n_end, size_t nr, float* packed) {
  const size_t taps = static_cast<size_t>(w.kernel_h * w.kernel_w);
  const size_t K = channels * taps;
  constexpr size_t kMaxNr = 64;
  int64_t base_y[kMaxNr], base_x[kMaxNr];
  bool live[kMaxNr];
  for (size_t n0 = n_begin; n0 < n_end; n0 += nr) {
    // Source row/column of each lane's output pixel, before the kernel offset.
    for (size_t j = 0; j < nr; ++j) {
      const size_t n = n0 + j;
      live[j] = n < n_end;
      const int64_t oy = live[j] ? static_cast<int64_t>(n) / w.out_w : 0;
      const int64_t ox = live[j] ? static_cast<int64_t>(n) % w.out_w : 0;
      base_y[j] = oy * w.stride_h - w.pad_top;
      base_x[j] = ox * w.stride_w - w.pad_left;
    }
    for (size_t k = 0; k < K; ++k) {
      const size_t c = k / taps;
      const int64_t ky = static_cast<int64_t>(k % taps) / w.kernel_w;
      const int64_t kx = static_cast<int64_t>(k % taps) % w.kernel_w;
      const float* plane = image + c * static_cast<size_t>(w.in_h * w.in_w);
      for (size_t j = 0; j < nr; ++j) {
        const int64_t y = base_y[j] + ky * w.dilation_h;
        const int64_t x = base_x[j] + kx * w.dilation_w;
        const bool inside = live[j] && y >= 0 && y < w.in_h && x >= 0 && x < w.in_w;
        packed[j] = inside ? plane[y * w.in_w + x] : 0.0f;
      }
      packed += nr;
    }
  }
}

}  // namespace wnn::kernels
