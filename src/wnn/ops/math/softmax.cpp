// Softmax (float32). Opset 11-12: the input is seen as 2-D, [prod(dims before axis),
// prod(dims from axis)], and each row is normalized (axis default 1). Opset 13+: normalized
// along `axis` only (default -1). Both map to the kernels of kernels/softmax.h.
#include "wnn/kernels/softmax.h"

#include "wnn/ops/op.h"

namespace wnn {
namespace {

class SoftmaxOp final : public Op {
 public:
  SoftmaxOp(OpContext ctx, int64_t axis, bool coerce_2d)
      : label_(ctx),
        axis_(axis),
        coerce_2d_(coerce_2d),
        rows_fn_(ctx.kernels.softmax.rows),
        strided_fn_(ctx.kernels.softmax.strided) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    const int64_t axis = axis_ < 0 ? axis_ + rank : axis_;
    // Opset 11-12 accepts axis == rank (every row is one element); a scalar input is one value.
    const bool in_range = coerce_2d_ ? axis >= 0 && axis <= rank : axis >= 0 && axis < rank;
    if (!in_range && rank > 0)
      return label_.error("axis " + std::to_string(axis_) + " is out of range for input '" +
                          label_.input_name(0) + "' of shape " + shape_string(x));
    outer_ = n_ = inner_ = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < axis)
        outer_ *= x[d];
      else if (d == axis || coerce_2d_)
        n_ *= x[d];
      else
        inner_ *= x[d];
    }
    out = {{DType::kFloat32, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    if (inner_ == 1)
      rows_fn_(static_cast<size_t>(outer_), static_cast<size_t>(n_), a.in(0), a.out(0));
    else
      strided_fn_(static_cast<size_t>(outer_), static_cast<size_t>(n_), static_cast<size_t>(inner_),
                  a.in(0), a.out(0));
  }

 private:
  OpLabel label_;
  int64_t axis_;
  bool coerce_2d_;
  kernels::SoftmaxRowsFn rows_fn_;
  kernels::SoftmaxStridedFn strided_fn_;
  int64_t outer_ = 1, n_ = 1, inner_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_softmax(const OpContext& ctx) {
  const bool coerce_2d = ctx.graph.opset < 13;
  const int64_t axis = ctx.node.attr_int("axis", coerce_2d ? 1 : -1);
  return std::unique_ptr<Op>(new SoftmaxOp(ctx, axis, coerce_2d));
}

}  // namespace wnn
