// Trilu (opset 14), any dtype: keeps the upper (upper = 1, the default) or lower triangle of each
// matrix in the last two axes, the k-th diagonal included (k, an optional int64 scalar input, read
// at run time: it changes values, not shapes), and zeroes the rest.
#include <algorithm>
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class TriluOp final : public Op {
 public:
  TriluOp(OpContext ctx, bool upper) : label_(ctx), upper_(upper) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    if (in[0].shape.size() < 2)
      return label_.error("the input must have rank 2 or more; it is " + shape_string(in[0].shape));
    if (in.size() > 1 && !in[1].omitted() &&
        (in[1].dtype != DType::kInt64 || in[1].elements() != 1))
      return label_.error("k ('" + label_.input_name(1) + "') must be an int64 scalar; it is " +
                          dtype_name(in[1].dtype) + " " + shape_string(in[1].shape));
    out = {{in[0].dtype, in[0].shape}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const Shape& x = xd.shape;
    const size_t elem = dtype_size(xd.dtype);
    const int64_t rows = x[x.size() - 2], cols = x.back();
    const int64_t matrices = rows * cols != 0 ? xd.elements() / (rows * cols) : 0;
    const int64_t k = a.inputs.size() > 1 && a.inputs[1] ? *a.in<int64_t>(1) : 0;
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    for (int64_t m = 0; m < matrices; ++m)
      for (int64_t i = 0; i < rows; ++i) {
        const size_t at = static_cast<size_t>((m * rows + i) * cols) * elem;
        // Kept columns: j >= i + k (upper) or j <= i + k (lower).
        const int64_t edge = std::min<int64_t>(std::max<int64_t>(upper_ ? i + k : i + k + 1, 0),
                                               cols);  // first column of the second part
        const size_t head = static_cast<size_t>(edge) * elem;
        const size_t tail = static_cast<size_t>(cols - edge) * elem;
        if (upper_) {
          std::memset(dst + at, 0, head);
          if (tail) std::memcpy(dst + at + head, src + at + head, tail);
        } else {
          if (head) std::memcpy(dst + at, src + at, head);
          std::memset(dst + at + head, 0, tail);
        }
      }
  }

 private:
  OpLabel label_;
  bool upper_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_trilu(const OpContext& ctx) {
  return std::unique_ptr<Op>(new TriluOp(ctx, ctx.node.attr_int("upper", 1) != 0));
}

}  // namespace wnn
