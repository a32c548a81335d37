// InstanceNormalization (opset 1-6+ semantics), float32 N x C x D1 x ... : each (n, c) plane is
// normalized to mean 0 and variance 1 (population variance, epsilon default 1e-5), then scaled by
// scale[c] and shifted by B[c]. Planes are the tasks (kernels/row_norm.h fixes the sum order
// inside one plane).
#include "wnn/kernels/row_norm.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

constexpr size_t kMinTaskValues = 16 * 1024;

class InstanceNormOp final : public Op {
 public:
  InstanceNormOp(OpContext ctx, float epsilon)
      : label_(ctx), epsilon_(epsilon), norm_(ctx.kernels.row_norm.instance) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    if (x.size() < 2)
      return label_.error("input '" + label_.input_name(0) + "' has shape " + shape_string(x) +
                          "; expected N x C x D1 x ... (rank 2 or more)");
    if (in.size() < 3 || in[1].omitted() || in[2].omitted())
      return label_.error("needs 3 inputs: input, scale, B");
    channels_ = static_cast<size_t>(x[1]);
    static const char* kNames[] = {"input", "scale", "B"};
    for (size_t i = 1; i < 3; ++i)
      if (in[i].dtype != DType::kFloat32 || in[i].shape != Shape{x[1]})
        return label_.error(std::string(kNames[i]) + " ('" + label_.input_name(i) +
                            "') must be float32 [" + std::to_string(channels_) + "] for input " +
                            shape_string(x) + "; it is " + dtype_name(in[i].dtype) + " " +
                            shape_string(in[i].shape));
    plane_ = 1;
    for (size_t d = 2; d < x.size(); ++d) plane_ *= static_cast<size_t>(x[d]);
    const size_t rows = static_cast<size_t>(x[0]) * channels_;
    needs.compute = split_units(rows, needs.threads,
                                std::max<size_t>(1, kMinTaskValues / std::max<size_t>(1, plane_)));
    needs.flops = 8.0 * static_cast<double>(rows * plane_);
    out = {{DType::kFloat32, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    kernels::InstanceNormArgs args{a.in(0), a.in(1), a.in(2), channels_, epsilon_, a.out(0)};
    norm_(task.begin[1], task.end[1], plane_, args);
  }

 private:
  OpLabel label_;
  float epsilon_;
  kernels::InstanceNormFn norm_;
  size_t channels_ = 1, plane_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_instance_normalization(const OpContext& ctx) {
  return std::unique_ptr<Op>(new InstanceNormOp(ctx, ctx.node.attr_float("epsilon", 1e-5f)));
}

}  // namespace wnn
