// DynamicQuantizeLinear (opset 11): float32 to uint8 with a scale and zero point taken from the
// data, as ONNX Runtime computes them (the first half of a dynamically quantized MatMul):
//   range  [min(0, min x), max(0, max x)]  (so 0 is exact)
//   scale  (max - min) / 255, or 1 when the range is empty (all zeros)
//   zero   round_half_to_even(clamp(0 - min / scale, 0, 255))
//   y      saturate(round_half_to_even(x / scale) + zero), QuantizeLinear's kernel
// One task: the range is a reduction over the whole input.
#include <cmath>

#include "wnn/kernels/quantize.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

class DynamicQuantizeLinearOp final : public Op {
 public:
  explicit DynamicQuantizeLinearOp(const OpContext& ctx) : label_(ctx) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    out = {{DType::kUInt8, in[0].shape}, {DType::kFloat32, {}}, {DType::kUInt8, {}}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const size_t n = static_cast<size_t>(shape_elements(a.in_shape(0)));
    const float* x = a.in(0);
    float lo = 0.0f, hi = 0.0f;
    for (size_t i = 0; i < n; ++i) {
      lo = x[i] < lo ? x[i] : lo;
      hi = x[i] > hi ? x[i] : hi;
    }
    const float scale = hi == lo ? 1.0f : (hi - lo) / 255.0f;
    float zero = 0.0f - lo / scale;
    zero = std::nearbyint(zero < 0.0f ? 0.0f : zero > 255.0f ? 255.0f : zero);
    const uint8_t zero_point = static_cast<uint8_t>(zero);
    if (a.out(0)) kernels::quantize_linear(n, x, scale, zero_point, a.out<uint8_t>(0));
    if (a.out(1)) *a.out(1) = scale;
    if (a.out(2)) *a.out<uint8_t>(2) = zero_point;
  }

 private:
  OpLabel label_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_dynamic_quantize_linear(const OpContext& ctx) {
  return std::unique_ptr<Op>(new DynamicQuantizeLinearOp(ctx));
}

}  // namespace wnn
