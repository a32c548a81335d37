#include "wnn/kernels/im2col.h"

#include "wnn/kernels/gemm.h"

namespace wnn::kernels {

void im2col_packed(const float* image, size_t channels, const Window2d& w, float* packed) {
  const size_t N = static_cast<size_t>(w.out_h * w.out_w);
  const size_t taps = static_cast<size_t>(w.kernel_h * w.kernel_w);
  const size_t K = channels * taps;
  for (size_t n0 = 0; n0 < N; n0 += kGemmNr) {
    // Source row/column of each lane's output pixel, before the kernel offset.
    int64_t base_y[kGemmNr], base_x[kGemmNr];
    bool live[kGemmNr];
    for (size_t j = 0; j < kGemmNr; ++j) {
      const size_t n = n0 + j;
      live[j] = n < N;
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
      for (size_t j = 0; j < kGemmNr; ++j) {
        const int64_t y = base_y[j] + ky * w.dilation_h;
        const int64_t x = base_x[j] + kx * w.dilation_w;
        const bool inside = live[j] && y >= 0 && y < w.in_h && x >= 0 && x < w.in_w;
        packed[j] = inside ? plane[y * w.in_w + x] : 0.0f;
      }
      packed += kGemmNr;
    }
  }
}

}  // namespace wnn::kernels
