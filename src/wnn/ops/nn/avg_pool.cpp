// AveragePool (opsets 7-21 semantics), 1-D and 2-D over N x C x [H x] W float32: pads, strides,
// ceil_mode, count_include_pad, auto_pad, and from opset 19 dilations. A 1-D pool runs as a 2-D
// one over a height of 1 (WindowAttributes holds it so).
#include "wnn/kernels/avg_pool.h"

#include <algorithm>

#include "wnn/ops/nn/window_attributes.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class AvgPoolOp final : public Op {
 public:
  AvgPoolOp(OpContext ctx, WindowAttributes attrs, bool count_include_pad)
      : label_(ctx), attrs_(std::move(attrs)), pool_(ctx.kernels.pool.average) {
    params_.count_include_pad = count_include_pad;
  }

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    Expected<kernels::Window2d> win = attrs_.resolve(label_, x);
    if (!win.ok()) return win.status();
    params_.w = win.value();
    params_.pad_bottom = pad_end(0, params_.w.in_h, params_.w.out_h, params_.w.pad_top);
    params_.pad_right = pad_end(1, params_.w.in_w, params_.w.out_w, params_.w.pad_left);
    const Shape y = attrs_.output_shape(x[0], x[1], params_.w);
    out = {{DType::kFloat32, y}};
    needs.compute =
        split_planes(static_cast<size_t>(x[0] * x[1]),
                     static_cast<size_t>(params_.w.out_h * params_.w.out_w), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {  // planes [begin[1], end[1])
    const size_t in_plane = static_cast<size_t>(params_.w.in_h * params_.w.in_w);
    const size_t out_plane = static_cast<size_t>(params_.w.out_h * params_.w.out_w);
    pool_(a.in(0) + t.begin[1] * in_plane, t.end[1] - t.begin[1], params_,
          a.out(0) + t.begin[1] * out_plane);
  }

 private:
  // The padding after axis i (0: height, 1: width), which count_include_pad counts.
  int64_t pad_end(size_t i, int64_t in, int64_t out, int64_t pad_begin) const {
    if (attrs_.auto_pad == "VALID") return 0;
    if (attrs_.auto_pad == "SAME_UPPER" || attrs_.auto_pad == "SAME_LOWER") {
      const int64_t span = (attrs_.kernel[i] - 1) * attrs_.dilations[i] + 1;
      const int64_t total = std::max<int64_t>(0, (out - 1) * attrs_.strides[i] + span - in);
      return total - pad_begin;
    }
    return attrs_.pads[i + 2];
  }

  OpLabel label_;
  WindowAttributes attrs_;
  kernels::AvgPoolFn pool_;
  kernels::AvgPool2d params_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_average_pool(const OpContext& ctx) {
  const Node& n = ctx.node;
  if (!n.attribute("kernel_shape")) return ctx.error("the kernel_shape attribute is missing");
  for (int64_t d : n.attr_ints("dilations"))
    if (d != 1 && ctx.opset() < 19)
      return ctx.error("dilations " + shape_string(n.attr_ints("dilations")) +
                       " are defined from opset 19 on (AveragePool-19); this model is opset " +
                       std::to_string(ctx.opset()));
  const std::string auto_pad = n.attr_string("auto_pad", "NOTSET");
  for (int64_t d : n.attr_ints("dilations"))
    if (d != 1 && (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER"))
      return ctx.error("auto_pad " + auto_pad + " with dilations " +
                       shape_string(n.attr_ints("dilations")) +
                       " is not supported: ONNX's output size (ceil(input / stride)) and ONNX "
                       "Runtime's differ there; give explicit pads");
  Expected<WindowAttributes> attrs = WindowAttributes::parse(ctx, {});
  if (!attrs.ok()) return attrs.status();
  return std::unique_ptr<Op>(
      new AvgPoolOp(ctx, attrs.take(), n.attr_int("count_include_pad", 0) != 0));
}

}  // namespace wnn
