// Attributes shared by Conv and the pooling ops (kernel_shape, strides, dilations, pads,
// auto_pad, ceil_mode), and the output geometry they give for a concrete input. 1-D windows
// (over [N, C, L]) are held as 2-D ones with a unit height, so one set of kernels serves both.
#pragma once
#include <string>
#include <vector>

#include "wnn/kernels/conv_geometry.h"
#include "wnn/ops/op.h"

namespace wnn {

struct WindowAttributes {
  int spatial_rank = 2;            // 1 or 2: the rank of the window as the model gives it
  std::vector<int64_t> kernel;     // [kh, kw]
  std::vector<int64_t> strides;    // [sh, sw]
  std::vector<int64_t> dilations;  // [dh, dw]
  std::vector<int64_t> pads;       // [top, left, bottom, right] (explicit pads)
  std::string auto_pad = "NOTSET";
  bool ceil_mode = false;

  // Reads and validates the attributes for a 1-D or 2-D window; `kernel` comes from the
  // weights for Conv.
  static Expected<WindowAttributes> parse(const OpContext& ctx, std::vector<int64_t> kernel);
  // Output size and leading pads for an input of in_h x in_w.
  Expected<kernels::Window2d> resolve(const OpLabel& ctx, int64_t in_h, int64_t in_w) const;
  // The same for an input [N, C, (H,) W] of rank 2 + spatial_rank; checks the rank.
  Expected<kernels::Window2d> resolve(const OpLabel& ctx, const Shape& x) const;
  // [N, C, out...] for the resolved window, in the model's rank.
  Shape output_shape(int64_t n, int64_t c, const kernels::Window2d& w) const;
};

}  // namespace wnn
