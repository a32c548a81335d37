// The elementwise float32 op shared by the activations and math functions: one kernel of
// kernels/activation.h (with up to two float parameters) over the input, split into element
// ranges when threads share the step.
#pragma once
#include "wnn/kernels/activation.h"
#include "wnn/ops/op.h"

namespace wnn {

class UnaryFloatOp final : public Op {
 public:
  UnaryFloatOp(const OpLabel& label, kernels::UnaryFn fn) : label_(label), fn_(fn) {}
  UnaryFloatOp(const OpLabel& label, kernels::UnaryParamFn fn, float p0, float p1)
      : label_(label), param_fn_(fn), p0_(p0), p1_(p1) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    out = {{DType::kFloat32, in[0].shape}};
    needs.compute = split_elements(static_cast<size_t>(in[0].elements()), needs.threads);
    return ok_status();
  }
  void run(const RunArgs& a, const Task& t) override {
    const size_t n = t.end[1] - t.begin[1];
    if (fn_)
      fn_(n, a.in(0) + t.begin[1], a.out(0) + t.begin[1]);
    else
      param_fn_(n, a.in(0) + t.begin[1], a.out(0) + t.begin[1], p0_, p1_);
  }

 private:
  OpLabel label_;
  kernels::UnaryFn fn_ = nullptr;
  kernels::UnaryParamFn param_fn_ = nullptr;
  float p0_ = 0, p1_ = 0;
};

// create_<op> for an op that is one kernel of the table, e.g. &UnaryConfig::erf.
inline Expected<std::unique_ptr<Op>> create_unary_float(
    const OpContext& ctx, kernels::UnaryFn kernels::UnaryConfig::*fn) {
  return std::unique_ptr<Op>(new UnaryFloatOp(ctx, ctx.kernels.unary.*fn));
}

}  // namespace wnn
