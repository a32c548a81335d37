// col2im, the adjoint of im2col (kernels/im2col.h): adds a column matrix back into an image,
//   image[c, n_y*SH - PT + i*DH, n_x*SW - PL + j*DW] += col[(c*KH + i)*KW + j, n - n_begin]
// for the columns n in [n_begin, n_end) (n = n_y * out_w + n_x; taps outside the image dropped).
// ConvTranspose runs it on the GEMM's W^T x X: the Window2d is that of the Conv whose adjoint it
// is (in_h x in_w is the ConvTranspose's output, out_h x out_w its input).
// Each image value receives its terms in a fixed order (by column block, then channel and tap,
// then column), so a caller that fixes the blocks from shapes alone gets the same bits from any
// split over channels. Scalar only: a scatter of strided adds; the GEMM before it is the work.
#pragma once
#include <cstddef>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

// `col` has channels * KH * KW rows of (n_end - n_begin) floats; `image` is [channels][in_h][in_w].
void col2im_add__scalar(const float* col, size_t channels, const Window2d& w, size_t n_begin,
                        size_t n_end, float* image);

}  // namespace wnn::kernels
