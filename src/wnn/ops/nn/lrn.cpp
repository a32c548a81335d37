// LRN (local response normalization across channels, AlexNet / GoogLeNet), float32
// N x C x D1 x ...: size (required, odd or even), alpha (1e-4), beta (0.75), bias (1.0), as in
// kernels/lrn.h. Planes (n, c) are the tasks.
#include "wnn/kernels/lrn.h"

#include "wnn/ops/op.h"

namespace wnn {
namespace {

class LrnOp final : public Op {
 public:
  LrnOp(OpContext ctx, kernels::LrnParams p) : label_(ctx), params_(p) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    if (x.size() < 2)
      return label_.error("input '" + label_.input_name(0) + "' has shape " + shape_string(x) +
                          "; expected N x C x D1 x ... (rank 2 or more)");
    channels_ = static_cast<size_t>(x[1]);
    plane_ = 1;
    for (size_t d = 2; d < x.size(); ++d) plane_ *= static_cast<size_t>(x[d]);
    const size_t planes = static_cast<size_t>(x[0]) * channels_;
    needs.compute = split_planes(planes, plane_, needs.threads);
    needs.flops = 2.0 * static_cast<double>(planes * plane_ * params_.size);
    out = {{DType::kFloat32, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    kernels::f32_lrn__scalar(task.begin[1], task.end[1], channels_, plane_, params_, a.in(0),
                             a.out(0));
  }

 private:
  OpLabel label_;
  kernels::LrnParams params_;
  size_t channels_ = 1, plane_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_lrn(const OpContext& ctx) {
  const Node& n = ctx.node;
  const int64_t size = n.attr_int("size", 0);
  if (size < 1)
    return ctx.error(n.attributes.count("size")
                         ? "size must be 1 or more; it is " + std::to_string(size)
                         : "the size attribute (channels summed over) is missing");
  return std::unique_ptr<Op>(
      new LrnOp(ctx, kernels::LrnParams{static_cast<size_t>(size), n.attr_float("alpha", 1e-4f),
                                        n.attr_float("beta", 0.75f), n.attr_float("bias", 1.0f)}));
}

}  // namespace wnn
