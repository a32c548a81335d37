// IsNaN (opset 9+) and IsInf (opset 10+, detect_negative / detect_positive, both default 1):
// float32 in, bool out. Other float types are refused by name (float16 models compute in
// float32, see graph/passes/float16_in_float32).
#include <cmath>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

class FloatClassOp final : public Op {
 public:
  // nan: IsNaN; else IsInf with the signs it reports.
  FloatClassOp(const OpContext& ctx, bool nan, bool negative, bool positive)
      : label_(ctx), nan_(nan), negative_(negative), positive_(positive) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    if (in[0].dtype != DType::kFloat32)
      return label_.error(std::string("input of type ") + dtype_name(in[0].dtype) +
                          " is not supported; supported: float32");
    out = {{DType::kBool, in[0].shape}};
    needs.compute = split_elements(static_cast<size_t>(in[0].elements()), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    const float* x = a.in(0);
    uint8_t* y = a.out<uint8_t>(0);
    for (size_t i = t.begin[1]; i < t.end[1]; ++i) {
      const float v = x[i];
      y[i] = nan_ ? v != v : (positive_ && v == INFINITY) || (negative_ && v == -INFINITY);
    }
  }

 private:
  OpLabel label_;
  bool nan_, negative_, positive_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_is_nan(const OpContext& ctx) {
  return std::unique_ptr<Op>(new FloatClassOp(ctx, true, false, false));
}
Expected<std::unique_ptr<Op>> create_is_inf(const OpContext& ctx) {
  return std::unique_ptr<Op>(new FloatClassOp(ctx, false,
                                              ctx.node.attr_int("detect_negative", 1) != 0,
                                              ctx.node.attr_int("detect_positive", 1) != 0));
}

}  // namespace wnn
