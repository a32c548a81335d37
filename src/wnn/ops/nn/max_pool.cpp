// MaxPool (1-D and 2-D, NCHW): pads, strides, dilations, ceil_mode, auto_pad. The Indices output is
// not supported.
#include "wnn/kernels/pool.h"
#include "wnn/ops/op.h"
#include "wnn/ops/nn/window_attributes.h"

namespace wnn {
namespace {

class MaxPoolOp final : public Op {
 public:
  MaxPoolOp(OpContext ctx, WindowAttributes attrs)
      : label_(ctx), attrs_(std::move(attrs)), pool_(ctx.kernels.pool.max) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    Expected<kernels::Window2d> w = attrs_.resolve(label_, x);
    if (!w.ok()) return w.status();
    window_ = w.value();
    out = {{DType::kFloat32, attrs_.output_shape(x[0], x[1], window_)}};
    needs.compute = split_planes(static_cast<size_t>(x[0] * x[1]),
                                 static_cast<size_t>(window_.out_h * window_.out_w), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {  // planes [begin[1], end[1])
    const size_t in_plane = static_cast<size_t>(window_.in_h * window_.in_w);
    const size_t out_plane = static_cast<size_t>(window_.out_h * window_.out_w);
    pool_(a.in(0) + t.begin[1] * in_plane, t.end[1] - t.begin[1], window_,
          a.out(0) + t.begin[1] * out_plane);
  }

 private:
  OpLabel label_;
  WindowAttributes attrs_;
  kernels::MaxPoolFn pool_;
  kernels::Window2d window_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_max_pool(const OpContext& ctx) {
  if (ctx.node.outputs.size() > 1 && !ctx.node.outputs[1].empty())
    return ctx.error("the Indices output ('" + ctx.node.outputs[1] + "') is not supported");
  if (ctx.node.attr_int("storage_order", 0) != 0)
    return ctx.error("storage_order=1 is not supported");
  if (!ctx.node.attribute("kernel_shape"))
    return ctx.error("the kernel_shape attribute is missing");
  Expected<WindowAttributes> attrs = WindowAttributes::parse(ctx, {});
  if (!attrs.ok()) return attrs.status();
  return std::unique_ptr<Op>(new MaxPoolOp(ctx, attrs.take()));
}

}  // namespace wnn
