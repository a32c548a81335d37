// Cast (attribute `to`) and CastLike (opset 15: the type of input 1) between float32, float16,
// int64, int32, uint8, int8 and bool, and from bfloat16. What each conversion does at the edges
// (NaN, out of range, float16 rounding) is in kernels/cast.h. A Cast to float16 inside a graph
// whose float16 values are kept in float32 (Node::float16_as_float32) writes float32 rounded to
// float16.
#include <cstdint>

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
  return "";
}

constexpr const char* kSupported =
    "float32, float16, int64, int32, uint8, int8, bool, and from bfloat16";

constexpr const char* kNoBFloat16 =
    ": ONNX's rounding for it changed (onnx 1.12's tests truncate, onnx 1.14+ and ONNX Runtime "
    "round to nearest even), so wasmnn casts only from bfloat16; cast to float16 or float32 "
    "instead";

std::string refusal(DType from, DType to) {
  if (to == DType::kBFloat16)
    return std::string("cannot cast from ") + dtype_name(from) + " to bfloat16" + kNoBFloat16;
  return std::string("cannot cast from ") + dtype_name(from) + " to " + dtype_name(to) +
         "; supported types: " + kSupported;
}

class CastOp final : public Op {
 public:
  // to == kUndefined: CastLike, the target type is input 1's.
  CastOp(OpContext ctx, DType to)
      : label_(ctx), to_(to), float16_as_float32_(ctx.node.float16_as_float32) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    DType to = to_;
    if (to == DType::kUndefined) {
      if (in.size() < 2 || in[1].omitted())
        return label_.error("the target_type input (input 1) is missing");
      to = in[1].dtype;
    }
    round_ = float16_as_float32_ && to == DType::kFloat16;
    if (round_) to = DType::kFloat32;
    fn_ = kernels::cast_kernel(in[0].dtype, to);
    if (!fn_) return label_.error(refusal(in[0].dtype, to));
    out = {{to, in[0].shape}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const size_t n = static_cast<size_t>(shape_elements(a.in_shape(0)));
    fn_(n, a.inputs[0], a.outputs[0]);
    if (round_) kernels::round_to_float16(n, a.out(0));
  }

 private:
  OpLabel label_;
  DType to_;
  bool float16_as_float32_;
  bool round_ = false;  // float32 out, rounded to float16
  kernels::CastFn fn_ = nullptr;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_cast(const OpContext& ctx) {
  const Attribute* to = ctx.node.attribute("to");
  if (!to || to->kind != Attribute::Kind::kInt)
    return ctx.error("the 'to' attribute (an ONNX data type) is missing");
  // A value past int32 is no type (not the type its low bits would name).
  const bool in_range = to->i >= INT32_MIN && to->i <= INT32_MAX;
  const DType dtype = in_range ? dtype_from_onnx(static_cast<int32_t>(to->i)) : DType::kUndefined;
  if (onnx_type_name(to->i).empty())
    return ctx.error("to=" + std::to_string(to->i) + " is not an ONNX data type; supported "
                     "types: " + kSupported);
  if (dtype == DType::kUndefined)
    return ctx.error("to=" + onnx_type_name(to->i) + " (" + std::to_string(to->i) +
                     ") is not supported; supported types: " + kSupported +
                     (to->i >= 17 && to->i <= 23
                          ? " (the 8-bit float types of opset 19 and 4-bit types of opset 21 "
                            "are not)"
                          : ""));
  if (dtype == DType::kBFloat16)
    return ctx.error(std::string("to=BFLOAT16 (16) is not supported") + kNoBFloat16);
  return std::unique_ptr<Op>(new CastOp(ctx, dtype));
}

Expected<std::unique_ptr<Op>> create_cast_like(const OpContext& ctx) {
  return std::unique_ptr<Op>(new CastOp(ctx, DType::kUndefined));
}

}  // namespace wnn
