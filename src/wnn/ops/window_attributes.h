// Attributes shared by Conv and the pooling ops (kernel_shape, strides, dilations, pads,
// auto_pad, ceil_mode), and the output geometry they give for a concrete 2-D input.
#pragma once
#include <string>
#include <vector>

#include "wnn/kernels/conv_geometry.h"
#include "wnn/ops/op.h"

namespace wnn {

struct WindowAttributes {
  std::vector<int64_t> kernel;     // [kh, kw]
  std::vector<int64_t> strides;    // [sh, sw]
  std::vector<int64_t> dilations;  // [dh, dw]
  std::vector<int64_t> pads;       // [top, left, bottom, right] (explicit pads)
  std::string auto_pad = "NOTSET";
  bool ceil_mode = false;

  // Reads and validates the attributes for a 2-D window; `kernel` comes from the weights for Conv.
  static Expected<WindowAttributes> parse(const OpContext& ctx, std::vector<int64_t> kernel);
  // Output size and leading pads for an input of in_h x in_w.
  Expected<kernels::Window2d> resolve(const OpContext& ctx, int64_t in_h, int64_t in_w) const;
};

}  // namespace wnn
