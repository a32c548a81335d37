#include "wnn/kernels/dwconv.h"

namespace wnn::kernels {

int64_t padded_plane_width(const Window2d& w) {
  const int64_t vector_columns = (w.out_w + 3) / 4 * 4;
  const int64_t reach = w.stride_w == 1 ? 4 : 8;  // floats one 4-column load reads
  return (vector_columns - 4) * w.stride_w + (w.kernel_w - 1) * w.dilation_w + reach;
}

int64_t padded_plane_rows(const Window2d& w) {
  return (w.out_h - 1) * w.stride_h + (w.kernel_h - 1) * w.dilation_h + 1;
}

size_t dwconv_scratch_floats(const Window2d& w) {
  // The plane, then one more row: where a horizontal stride 2 row is built before it is split.
  return static_cast<size_t>((padded_plane_rows(w) + 1) * padded_plane_width(w));
}

void f32_dwconv__scalar(const float* in, size_t channels, const Window2d& w, const float* weights,
                        const float* bias, const Activation& act, float* out, float*) {
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
