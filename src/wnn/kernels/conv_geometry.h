// The geometry of one 2-D window op (conv or pool) over one NCHW image, resolved at plan time.
#pragma once
#include <cstddef>
#include <cstdint>

namespace wnn::kernels {

struct Window2d {
  int64_t in_h = 0, in_w = 0;
  int64_t out_h = 0, out_w = 0;
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0;  // bottom/right padding only shows in out_h/out_w
};

}  // namespace wnn::kernels
