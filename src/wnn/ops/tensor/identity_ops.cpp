// Ops that pass their input through at inference: Identity, and Dropout, whose optional mask
// output is all true (all ones of the input type before opset 10, when the mask had type T).
#include <cstring>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

void copy_input(const RunArgs& a) {
  const TensorDesc& x = (*a.input_descs)[0];
  if (a.outputs[0] && a.outputs[0] != a.inputs[0] && x.bytes() > 0)
    std::memcpy(a.outputs[0], a.inputs[0], x.bytes());
}

class IdentityOp final : public Op {
 public:
  explicit IdentityOp(OpContext ctx) : label_(ctx) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    out = {{in[0].dtype, in[0].shape}};
    return ok_status();
  }
  void run(const RunArgs& a, const Task& task) override { copy_input(a); }

 private:
  OpLabel label_;
};

class DropoutOp final : public Op {
 public:
  DropoutOp(OpContext ctx, bool mask_is_bool) : label_(ctx), mask_is_bool_(mask_is_bool) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    if (in.size() > 1 && !in[1].omitted() && in[1].elements() != 1)
      return label_.error("ratio (input 1) has shape " + shape_string(in[1].shape) +
                          "; it must be a scalar");
    if (in.size() > 2 && !in[2].omitted()) {
      const TensorDesc& t = in[2];
      if (t.dtype != DType::kBool || t.elements() != 1)
        return label_.error("training_mode (input 2, '" + label_.input_name(2) + "') is " +
                            dtype_name(t.dtype) + " " + shape_string(t.shape) +
                            "; it must be a bool scalar");
      if (!t.data)
        return label_.error("training_mode (input 2, '" + label_.input_name(2) +
                            "') must be known when planning (an initializer or a constant); "
                            "wasmnn runs inference only, with training_mode false");
      if (*static_cast<const uint8_t*>(t.data) != 0)
        return label_.error(
            "training_mode is true; wasmnn runs inference only (training-mode "
            "Dropout draws random masks)");
    }
    out = {{in[0].dtype, in[0].shape}, {mask_is_bool_ ? DType::kBool : in[0].dtype, in[0].shape}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    copy_input(a);
    if (a.outputs.size() < 2 || !a.outputs[1]) return;
    const size_t n = static_cast<size_t>(shape_elements(a.in_shape(0)));
    if (mask_is_bool_) {
      std::memset(a.outputs[1], 1, n);
    } else {
      float* mask = a.out<float>(1);
      for (size_t i = 0; i < n; ++i) mask[i] = 1.0f;
    }
  }

 private:
  OpLabel label_;
  bool mask_is_bool_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_identity(const OpContext& ctx) {
  return std::unique_ptr<Op>(new IdentityOp(ctx));
}

Expected<std::unique_ptr<Op>> create_dropout(const OpContext& ctx) {
  return std::unique_ptr<Op>(new DropoutOp(ctx, ctx.graph.opset >= 10));
}

}  // namespace wnn
