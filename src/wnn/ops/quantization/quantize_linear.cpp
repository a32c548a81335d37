// QuantizeLinear (opset 10: per tensor; opset 13: per axis): float32 to uint8 (the default, when
// the zero point is omitted) or int8, y = saturate(round_half_to_even(x / scale) + zero_point),
// as kernels/quantize.h says to the bit.
#include "wnn/kernels/quantize.h"
#include "wnn/ops/op.h"
#include "wnn/ops/quantization/quantization_axis.h"

namespace wnn {
namespace {

constexpr int64_t kOnnxUInt8 = 2, kOnnxInt8 = 3;

class QuantizeLinearOp final : public Op {
 public:
  QuantizeLinearOp(const OpContext& ctx, QuantizationAttributes attrs)
      : label_(ctx), attrs_(attrs) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    Expected<QuantizationLayout> q = quantization_layout(label_, in, attrs_.axis);
    if (!q.ok()) return q.status();
    if (in[0].dtype != DType::kFloat32)
      return label_.error(std::string("x (input 0) is ") + dtype_name(in[0].dtype) +
                          "; wasmnn quantizes float32 (a float16 model's values are float32 "
                          "here), not int32");
    const bool has_zero = in.size() > 2 && !in[2].omitted();
    dtype_ = has_zero                           ? in[2].dtype
             : attrs_.output_dtype == kOnnxInt8 ? DType::kInt8
                                                : DType::kUInt8;
    if (dtype_ != DType::kUInt8 && dtype_ != DType::kInt8)
      return label_.error(std::string("the zero point (input 2) is ") + dtype_name(dtype_) +
                          "; wasmnn quantizes to uint8 and int8 (not the float8, 4-bit and "
                          "16-bit types of opsets 19 and 21)");
    if (has_zero && attrs_.output_dtype != 0 &&
        attrs_.output_dtype != (dtype_ == DType::kInt8 ? kOnnxInt8 : kOnnxUInt8))
      return label_.error("output_dtype=" + std::to_string(attrs_.output_dtype) +
                          " differs from the zero point's type " + dtype_name(dtype_));
    layout_ = q.value();
    out = {{dtype_, in[0].shape}};
    needs.compute = quantization_split(layout_, needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    if (dtype_ == DType::kInt8)
      run_as<int8_t>(a, task);
    else
      run_as<uint8_t>(a, task);
  }

 private:
  template <typename Q>
  void run_as(const RunArgs& a, const Task& task) {
    const float* x = a.in(0);
    const float* scale = a.in(1);
    const Q* zero = a.inputs.size() > 2 ? a.in<Q>(2) : nullptr;
    Q* y = a.out<Q>(0);
    for_each_run(layout_, task, [&](size_t n, size_t offset, size_t c) {
      kernels::quantize_linear(n, x + offset, scale[c], zero ? zero[c] : Q{0}, y + offset);
    });
  }

  OpLabel label_;
  QuantizationAttributes attrs_;
  DType dtype_ = DType::kUndefined;
  QuantizationLayout layout_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_quantize_linear(const OpContext& ctx) {
  Expected<QuantizationAttributes> attrs = parse_quantization_attributes(ctx);
  if (!attrs.ok()) return attrs.status();
  const int64_t to = attrs.value().output_dtype;
  if (to != 0 && to != kOnnxUInt8 && to != kOnnxInt8)
    return ctx.error("output_dtype=" + std::to_string(to) +
                     " (opset 21) is not supported; wasmnn quantizes to UINT8 (2) and INT8 (3)");
  return std::unique_ptr<Op>(new QuantizeLinearOp(ctx, attrs.value()));
}

}  // namespace wnn
