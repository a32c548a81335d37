// im2col into GEMM panels by runs of output pixels that share an output row: for each run and
// each (channel, ky, kx) the source pixels lie on one input row, `stride_w` apart, so the inner
// loop is a strided copy with a bounds check per run instead of per element. A 1x1 stride-1
// filter without padding skips the runs: column n is input pixel n, a panel row one copy. Same layout and
// values as im2col_packed__scalar (pure data movement: no rounding to match). One template for
// the float convolutions and the integer ones (int16 values, kernels/qgemm.h).
#include <algorithm>
#include <cstring>

#include "wnn/kernels/copy_values.h"
#include "wnn/kernels/im2col.h"
#include "wnn/kernels/qgemm.h"

namespace wnn::kernels {
namespace {

// 1x1 filter, stride 1, no padding (a pointwise conv). Node, wasm, BlazeFace back's 24 channels
// of 128x128: 279-295 -> 116 us against the runs below.
template <typename T>
void pointwise(const T* image, size_t channels, size_t plane, size_t n_begin, size_t n_end,
               size_t nr, T* packed) {
  for (size_t n0 = n_begin; n0 < n_end; n0 += nr, packed += channels * nr) {
    const size_t live = n_end - n0 < nr ? n_end - n0 : nr;
    T* dst = packed;
    for (size_t c = 0; c < channels; ++c, dst += nr) {
      copy_values(dst, image + c * plane + n0, live);
      for (size_t j = live; j < nr; ++j) dst[j] = T{0};
    }
  }
}

template <typename T>
void im2col_rows(const T* image, size_t channels, const Window2d& w, size_t n_begin, size_t n_end,
                 size_t nr, T* packed) {
  if (w.kernel_h == 1 && w.kernel_w == 1 && w.stride_h == 1 && w.stride_w == 1 &&
      w.pad_top == 0 && w.pad_left == 0 && w.out_w == w.in_w) {
    pointwise(image, channels, static_cast<size_t>(w.in_h * w.in_w), n_begin, n_end, nr, packed);
    return;
  }
  const size_t taps = static_cast<size_t>(w.kernel_h * w.kernel_w);
  const size_t K = channels * taps;
  const size_t plane = static_cast<size_t>(w.in_h * w.in_w);
  const size_t out_w = static_cast<size_t>(w.out_w);
  for (size_t n0 = n_begin; n0 < n_end; n0 += nr, packed += K * nr) {
    const size_t live = n_end - n0 < nr ? n_end - n0 : nr;
    if (live < nr)  // lanes past the end stay zero in every row of the panel
      std::memset(packed, 0, K * nr * sizeof(T));
    // Runs of lanes in one output row.
    for (size_t j0 = 0; j0 < live;) {
      const size_t n = n0 + j0;
      const int64_t oy = static_cast<int64_t>(n / out_w);
      const int64_t ox0 = static_cast<int64_t>(n % out_w);
      const size_t len = std::min(live - j0, out_w - static_cast<size_t>(ox0));
      const int64_t x_first = ox0 * w.stride_w - w.pad_left;
      const int64_t x_last = x_first + static_cast<int64_t>(len - 1) * w.stride_w;
      T* dst = packed + j0;
      for (size_t c = 0; c < channels; ++c) {
        const T* src_plane = image + c * plane;
        for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
          const int64_t y = oy * w.stride_h - w.pad_top + ky * w.dilation_h;
          const bool row_inside = y >= 0 && y < w.in_h;
          const T* row = src_plane + (row_inside ? y * w.in_w : 0);
          for (int64_t kx = 0; kx < w.kernel_w; ++kx, dst += nr) {
            if (!row_inside) {
              for (size_t j = 0; j < len; ++j) dst[j] = T{0};
              continue;
            }
            const int64_t x0 = x_first + kx * w.dilation_w;
            const int64_t x1 = x_last + kx * w.dilation_w;
            if (x0 >= 0 && x1 < w.in_w) {
              const T* s = row + x0;
              if (w.stride_w == 1) {
                for (size_t j = 0; j < len; ++j) dst[j] = s[j];
              } else {
                for (size_t j = 0; j < len; ++j) dst[j] = s[static_cast<int64_t>(j) * w.stride_w];
              }
            } else {
              for (size_t j = 0; j < len; ++j) {
                const int64_t x = x0 + static_cast<int64_t>(j) * w.stride_w;
                dst[j] = x >= 0 && x < w.in_w ? row[x] : T{0};
              }
            }
          }
        }
      }
      j0 += len;
    }
  }
}

}  // namespace

void im2col_packed__rows(const float* image, size_t channels, const Window2d& w, size_t n_begin,
                         size_t n_end, size_t nr, float* packed) {
  im2col_rows(image, channels, w, n_begin, n_end, nr, packed);
}
void im2col_packed_i16__rows(const int16_t* image, size_t channels, const Window2d& w,
                             size_t n_begin, size_t n_end, size_t nr, int16_t* packed) {
  im2col_rows(image, channels, w, n_begin, n_end, nr, packed);
}

}  // namespace wnn::kernels
