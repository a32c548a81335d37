// DequantizeLinear (opset 10: per tensor; opset 13: per axis): y = (x - zero_point) * scale, from
// int8, uint8 or int32 to float32. With x an initializer (a QDQ model's int8 weights) load-time
// folding runs it once, and the int8 bytes are released after: the weights are float32 from then.
#include "wnn/kernels/quantize.h"
#include "wnn/ops/op.h"
#include "wnn/ops/quantization/quantization_axis.h"

namespace wnn {
namespace {

class DequantizeLinearOp final : public Op {
 public:
  DequantizeLinearOp(const OpContext& ctx, QuantizationAttributes attrs)
      : label_(ctx), attrs_(attrs) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    Expected<QuantizationLayout> q = quantization_layout(label_, in, attrs_.axis);
    if (!q.ok()) return q.status();
    dtype_ = in[0].dtype;
    if (dtype_ != DType::kUInt8 && dtype_ != DType::kInt8 && dtype_ != DType::kInt32)
      return label_.error(std::string("x (input 0) is ") + dtype_name(dtype_) +
                          "; wasmnn dequantizes uint8, int8 and int32 (not the float8, 4-bit "
                          "and 16-bit types of opsets 19 and 21)");
    if (in.size() > 2 && !in[2].omitted() && in[2].dtype != dtype_)
      return label_.error(std::string("the zero point (input 2) is ") + dtype_name(in[2].dtype) +
                          " but x is " + dtype_name(dtype_) + "; they must have one type");
    layout_ = q.value();
    out = {{DType::kFloat32, in[0].shape}};
    needs.compute = quantization_split(layout_, needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    switch (dtype_) {
      case DType::kUInt8: return run_as<uint8_t>(a, task);
      case DType::kInt8: return run_as<int8_t>(a, task);
      default: return run_as<int32_t>(a, task);
    }
  }

 private:
  template <typename T>
  void run_as(const RunArgs& a, const Task& task) {
    const T* x = a.in<T>(0);
    const float* scale = a.in(1);
    const T* zero = a.inputs.size() > 2 ? a.in<T>(2) : nullptr;
    float* y = a.out(0);
    for_each_run(layout_, task, [&](size_t n, size_t offset, size_t c) {
      kernels::dequantize_linear(n, x + offset, scale[c], zero ? zero[c] : T{0}, y + offset);
    });
  }

  OpLabel label_;
  QuantizationAttributes attrs_;
  DType dtype_ = DType::kUndefined;
  QuantizationLayout layout_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_dequantize_linear(const OpContext& ctx) {
  Expected<QuantizationAttributes> attrs = parse_quantization_attributes(ctx);
  if (!attrs.ok()) return attrs.status();
  if (attrs.value().output_dtype != 0 && attrs.value().output_dtype != 1)
    return ctx.error("output_dtype=" + std::to_string(attrs.value().output_dtype) +
                     " (opset 21) is not supported; wasmnn dequantizes to float32 (FLOAT, 1)");
  return std::unique_ptr<Op>(new DequantizeLinearOp(ctx, attrs.value()));
}

}  // namespace wnn
