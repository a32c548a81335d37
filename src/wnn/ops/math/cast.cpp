// Cast (attribute `to`) and CastLike (opset 15: the type of input 1) between float32, int64,
// int32, uint8, int8 and bool. What each conversion does at the edges (NaN, out of range) is in
// kernels/cast.h.
#include "wnn/kernels/cast.h"

#include "wnn/ops/op.h"

namespace wnn {
namespace {

// ONNX's names for the TensorProto data types, to name an unsupported `to` in an error.
std::string onnx_type_name(int64_t t) {
  static const char* const kNames[] = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16",
                                       "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE",
                                       "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
                                       // opset 19's 8-bit floats, opset 21's 4-bit integers
                                       "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
                                       "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1"};
  if (t >= 0 && t < static_cast<int64_t>(sizeof kNames / sizeof kNames[0])) return kNames[t];
  return "type " + std::to_string(t);
}

constexpr const char* kSupported = "float32, int64, int32, uint8, int8, bool";

class CastOp final : public Op {
 public:
  // to == kUndefined: CastLike, the target type is input 1's.
  CastOp(OpContext ctx, DType to) : label_(ctx), to_(to) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    DType to = to_;
    if (to == DType::kUndefined) {
      if (in.size() < 2 || in[1].omitted())
        return label_.error("the target_type input (input 1) is missing");
      to = in[1].dtype;
    }
    fn_ = kernels::cast_kernel(in[0].dtype, to);
    if (!fn_)
      return label_.error(std::string("cannot cast from ") + dtype_name(in[0].dtype) + " to " +
                          dtype_name(to) + "; supported types: " + kSupported);
    out = {{to, in[0].shape}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    fn_(static_cast<size_t>(shape_elements(a.in_shape(0))), a.inputs[0], a.outputs[0]);
  }

 private:
  OpLabel label_;
  DType to_;
  kernels::CastFn fn_ = nullptr;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_cast(const OpContext& ctx) {
  const Attribute* to = ctx.node.attribute("to");
  if (!to || to->kind != Attribute::Kind::kInt)
    return ctx.error("the 'to' attribute (an ONNX data type) is missing");
  const DType dtype = dtype_from_onnx(static_cast<int32_t>(to->i));
  if (dtype == DType::kUndefined)
    return ctx.error("to=" + onnx_type_name(to->i) + " (" + std::to_string(to->i) +
                     ") is not supported; supported types: " + kSupported +
                     (to->i >= 17 && to->i <= 23
                          ? " (the 8-bit float types of opset 19 and 4-bit types of opset 21 "
                            "are not)"
                          : ""));
  return std::unique_ptr<Op>(new CastOp(ctx, dtype));
}

Expected<std::unique_ptr<Op>> create_cast_like(const OpContext& ctx) {
  return std::unique_ptr<Op>(new CastOp(ctx, DType::kUndefined));
}

}  // namespace wnn
