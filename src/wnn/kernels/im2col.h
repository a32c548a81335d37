// im2col fused with GEMM packing: writes the convolution's column matrix
//   B[k, n],  k = (c*KH + i)*KW + j,  n = oy*OW + ox,
//   B[k, n] = x[c, oy*SH - PT + i*DH, ox*SW - PL + j*DW]  (0 outside the image)
// straight into the panel layout of gemm.h (panels of nr columns), so the GEMM microkernel
// reads it linearly. Only columns [n_begin, n_end) are packed (n_begin a multiple of nr), so a
// convolution can be split over output pixels, each task packing its own columns.
#pragma once
#include <cstddef>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

// `image` is [channels][in_h][in_w]; `packed` receives gemm_packed_b_floats(channels*KH*KW,
// n_end - n_begin, nr) floats; `scratch` holds im2col_scratch_values(channels, w, n_end -
// n_begin) values (nullptr when that is 0).
using Im2ColFn = void (*)(const float* image, size_t channels, const Window2d& w, size_t n_begin,
                          size_t n_end, size_t nr, float* packed, float* scratch);

// The scratch of im2col_packed__rows for column ranges of at most `columns` columns: a window
// that is not pointwise first copies the input rows its columns read into a zero-padded block
// (channels x rows x padded width, each row split by x mod stride_w), then every tap of a run of
// pixels is one contiguous copy from it, with no bounds to check. A pointwise one needs none (0).
size_t im2col_scratch_values(size_t channels, const Window2d& w, size_t columns);

// The definition, one element at a time (tests compare against it).
void im2col_packed__scalar(const float* image, size_t channels, const Window2d& w, size_t n_begin,
                           size_t n_end, size_t nr, float* packed);
// The same values by runs of pixels in one output row: a copy per run and tap.
void im2col_packed__rows(const float* image, size_t channels, const Window2d& w, size_t n_begin,
                         size_t n_end, size_t nr, float* packed, float* scratch);

}  // namespace wnn::kernels
