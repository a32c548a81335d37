// im2col fused with GEMM packing: writes the convolution's column matrix
//   B[k, n],  k = (c*KH + i)*KW + j,  n = oy*OW + ox,
//   B[k, n] = x[c, oy*SH - PT + i*DH, ox*SW - PL + j*DW]  (0 outside the image)
// straight into the panel layout of gemm.h, so the GEMM microkernel reads it linearly.
#pragma once
#include <cstddef>

#include "wnn/kernels/conv_geometry.h"

namespace wnn::kernels {

// `image` is [channels][in_h][in_w]; `packed` has gemm_packed_b_floats(channels*KH*KW, OH*OW).
void im2col_packed(const float* image, size_t channels, const Window2d& w, float* packed);

}  // namespace wnn::kernels
