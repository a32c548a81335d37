#include "wnn/ops/nn/window_attributes.h"

#include <algorithm>

namespace wnn {
namespace {

std::string list_string(const std::vector<int64_t>& v) { return shape_string(v); }

// One spatial axis: output size and padding before it.
struct Axis {
  int64_t out = 0, pad_begin = 0;
  bool overflows = false;  // kernel, dilation, stride or pads near INT64_MAX
};

// Every sum and product here is checked (core/shape.h): the attributes come from the model, and
// a dilation or pad near INT64_MAX must not wrap into a window that "fits".
Axis resolve_axis(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pad_begin, int64_t pad_end,
                  const std::string& auto_pad, bool ceil_mode) {
  Axis a;
  auto checked = [&](std::optional<int64_t> v) {
    if (!v) a.overflows = true;
    return v.value_or(0);
  };
  const int64_t span = checked(checked_add(checked(checked_mul(k - 1, d)), 1));
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    a.out = checked(checked_add(in, s - 1)) / s;
    // With a stride larger than the kernel the needed padding can be negative: it is clamped at
    // 0, so a 1x1 stride-2 conv samples rows 0, 2, 4, ... (TF.js 0.14 got this wrong).
    const int64_t total =
        std::max<int64_t>(0, checked(checked_add(checked(checked_mul(a.out - 1, s)), span - in)));
    a.pad_begin = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
    return a;
  }
  if (auto_pad == "VALID") {
    pad_begin = pad_end = 0;
  }
  const int64_t room = checked(checked_add(checked(checked_add(in, pad_begin)), pad_end)) - span;
  if (a.overflows || room < 0) return a;  // out = 0 signals "window larger than input"
  a.out = (ceil_mode ? (room + s - 1) / s : room / s) + 1;
  // ceil_mode may not start a window in the trailing padding (ONNX / PyTorch rule).
  if (ceil_mode && (a.out - 1) * s >= in + pad_begin) --a.out;
  a.pad_begin = pad_begin;
  return a;
}

}  // namespace

Expected<WindowAttributes> WindowAttributes::parse(const OpContext& ctx,
                                                   std::vector<int64_t> kernel) {
  WindowAttributes w;
  const Node& n = ctx.node;
  w.kernel = n.attribute("kernel_shape") ? n.attr_ints("kernel_shape") : std::move(kernel);
  if (w.kernel.size() != 1 && w.kernel.size() != 2)
    return ctx.error("only 1-D and 2-D windows are supported; kernel_shape is " +
                     list_string(w.kernel));
  const size_t r = w.kernel.size();
  w.spatial_rank = static_cast<int>(r);
  w.strides = n.attribute("strides") ? n.attr_ints("strides") : std::vector<int64_t>(r, 1);
  w.dilations = n.attribute("dilations") ? n.attr_ints("dilations") : std::vector<int64_t>(r, 1);
  w.pads = n.attribute("pads") ? n.attr_ints("pads") : std::vector<int64_t>(2 * r, 0);
  if (w.strides.size() != r || w.dilations.size() != r || w.pads.size() != 2 * r)
    return ctx.error("strides " + list_string(w.strides) + ", dilations " +
                     list_string(w.dilations) + " and pads " + list_string(w.pads) +
                     " do not match kernel_shape " + list_string(w.kernel));
  if (r == 1) {  // a 1-D window is a 2-D one of unit height
    w.kernel.insert(w.kernel.begin(), 1);
    w.strides.insert(w.strides.begin(), 1);
    w.dilations.insert(w.dilations.begin(), 1);
    w.pads = {0, w.pads[0], 0, w.pads[1]};
  }
  w.auto_pad = n.attr_string("auto_pad", "NOTSET");
  w.ceil_mode = n.attr_int("ceil_mode", 0) != 0;
  for (int64_t v : w.kernel)
    if (v < 1) return ctx.error("kernel_shape " + list_string(w.kernel) + " must be positive");
  for (int64_t v : w.strides)
    if (v < 1) return ctx.error("strides " + list_string(w.strides) + " must be positive");
  for (int64_t v : w.dilations)
    if (v < 1) return ctx.error("dilations " + list_string(w.dilations) + " must be positive");
  for (int64_t v : w.pads)
    if (v < 0) return ctx.error("pads " + list_string(w.pads) + " must not be negative");
  if (w.auto_pad != "NOTSET" && w.auto_pad != "SAME_UPPER" && w.auto_pad != "SAME_LOWER" &&
      w.auto_pad != "VALID")
    return ctx.error("auto_pad '" + w.auto_pad +
                     "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
  return w;
}

Expected<kernels::Window2d> WindowAttributes::resolve(const OpLabel& ctx, int64_t in_h,
                                                      int64_t in_w) const {
  const Axis y = resolve_axis(in_h, kernel[0], strides[0], dilations[0], pads[0], pads[2], auto_pad,
                              ceil_mode);
  const Axis x = resolve_axis(in_w, kernel[1], strides[1], dilations[1], pads[1], pads[3], auto_pad,
                              ceil_mode);
  if (y.overflows || x.overflows)
    return ctx.error("the window " + list_string(kernel) + " (strides " + list_string(strides) +
                     ", dilations " + list_string(dilations) + ", pads " + list_string(pads) +
                     ") over the input of " + std::to_string(in_h) + "x" + std::to_string(in_w) +
                     " overflows 64-bit arithmetic; the attributes are corrupt");
  if (y.out <= 0 || x.out <= 0)
    return ctx.error("the window " + list_string(kernel) + " (dilations " + list_string(dilations) +
                     ", pads " + list_string(pads) + ") does not fit the input of " +
                     std::to_string(in_h) + "x" + std::to_string(in_w));
  kernels::Window2d w;
  w.in_h = in_h;
  w.in_w = in_w;
  w.out_h = y.out;
  w.out_w = x.out;
  w.kernel_h = kernel[0];
  w.kernel_w = kernel[1];
  w.stride_h = strides[0];
  w.stride_w = strides[1];
  w.dilation_h = dilations[0];
  w.dilation_w = dilations[1];
  w.pad_top = y.pad_begin;
  w.pad_left = x.pad_begin;
  return w;
}

Expected<kernels::Window2d> WindowAttributes::resolve(const OpLabel& ctx, const Shape& x) const {
  if (x.size() != static_cast<size_t>(2 + spatial_rank))
    return ctx.error("input '" + ctx.input_name(0) + "' has shape " + shape_string(x) + "; a " +
                     std::to_string(spatial_rank) + "-D window needs a rank-" +
                     std::to_string(2 + spatial_rank) + " input (N, C, " +
                     (spatial_rank == 1 ? "L)" : "H, W)"));
  return spatial_rank == 1 ? resolve(ctx, 1, x[2]) : resolve(ctx, x[2], x[3]);
}

Shape WindowAttributes::output_shape(int64_t n, int64_t c, const kernels::Window2d& w) const {
  if (spatial_rank == 1) return {n, c, w.out_w};
  return {n, c, w.out_h, w.out_w};
}

}  // namespace wnn
