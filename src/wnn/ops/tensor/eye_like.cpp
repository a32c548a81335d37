// EyeLike (opset 9): a 2-D tensor of the input's shape (its values are not read), zeros with
// ones on the diagonal k (k > 0 above the main one, k < 0 below), of type `dtype` or else the
// input's type.
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class EyeLikeOp final : public Op {
 public:
  EyeLikeOp(OpContext ctx, DType dtype, int64_t k) : label_(ctx), dtype_(dtype), k_(k) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const DType t = dtype_ == DType::kUndefined ? in[0].dtype : dtype_;
    if (dtype_size(t) == 0 || t == DType::kFloat16 || t == DType::kBFloat16)
      return label_.error(std::string("an output of type ") + dtype_name(t) +
                          " is not supported (supported: float32, int64, int32, uint8, int8, "
                          "bool); set the dtype attribute to one of them");
    if (in[0].shape.size() != 2)
      return label_.error("input " + shape_string(in[0].shape) + " must be 2-D");
    out = {{t, in[0].shape}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& y = (*a.output_descs)[0];
    const size_t elem = dtype_size(y.dtype);
    char one[8] = {};
    visit_dtype(y.dtype, [&](auto zero) {
      const decltype(zero) v = 1;
      std::memcpy(one, &v, sizeof(v));
    });
    char* dst = static_cast<char*>(a.outputs[0]);
    std::memset(dst, 0, y.bytes());
    const int64_t rows = y.shape[0], cols = y.shape[1];
    for (int64_t r = k_ < 0 ? -k_ : 0; r < rows && r + k_ < cols; ++r)
      std::memcpy(dst + static_cast<size_t>(r * cols + r + k_) * elem, one, elem);
  }

 private:
  OpLabel label_;
  DType dtype_;  // kUndefined: the input's
  int64_t k_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_eye_like(const OpContext& ctx) {
  DType dtype = DType::kUndefined;
  if (const Attribute* a = ctx.node.attribute("dtype")) {
    dtype = dtype_from_onnx(static_cast<int32_t>(a->i));
    if (dtype_size(dtype) == 0 || dtype == DType::kFloat16 || dtype == DType::kBFloat16)
      return ctx.error("dtype " + std::to_string(a->i) +
                       " (an ONNX data type) is not supported; supported: float32 (1), uint8 "
                       "(2), int8 (3), int32 (6), int64 (7), bool (9)");
  }
  return std::unique_ptr<Op>(new EyeLikeOp(ctx, dtype, ctx.node.attr_int("k", 0)));
}

}  // namespace wnn
