// Softmax, LogSoftmax and Hardmax (float32). Opset 1-12: the input is seen as 2-D,
// [prod(dims before axis), prod(dims from axis)], and each row is normalized (axis default 1).
// Opset 13+: normalized along `axis` only (default -1). Softmax and LogSoftmax map to the kernels
// of kernels/softmax.h; Hardmax is a comparison loop here (1 at the first maximum, 0 elsewhere).
#include "wnn/kernels/softmax.h"

#include "wnn/ops/op.h"

namespace wnn {
namespace {

enum class SoftmaxKind { kSoftmax, kLogSoftmax, kHardmax };

// One axis of n values `inner` apart, in `outer` blocks: 1 at the first maximum (a NaN is never
// greater, so it does not win unless it comes first), 0 elsewhere.
void hardmax(size_t outer, size_t n, size_t inner, const float* x, float* y) {
  if (n == 0) return;
  for (size_t o = 0; o < outer; ++o, x += n * inner, y += n * inner) {
    for (size_t j = 0; j < inner; ++j) {
      size_t best = 0;
      for (size_t k = 1; k < n; ++k)
        if (x[k * inner + j] > x[best * inner + j]) best = k;
      for (size_t k = 0; k < n; ++k) y[k * inner + j] = k == best ? 1.0f : 0.0f;
    }
  }
}

class SoftmaxOp final : public Op {
 public:
  SoftmaxOp(OpContext ctx, SoftmaxKind kind, int64_t axis, bool coerce_2d)
      : label_(ctx),
        axis_(axis),
        coerce_2d_(coerce_2d),
        kind_(kind),
        rows_fn_(kind == SoftmaxKind::kLogSoftmax ? ctx.kernels.softmax.log_rows
                                                  : ctx.kernels.softmax.rows),
        strided_fn_(kind == SoftmaxKind::kLogSoftmax ? ctx.kernels.softmax.log_strided
                                                     : ctx.kernels.softmax.strided) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    const int64_t axis = axis_ < 0 ? axis_ + rank : axis_;
    // Opset 1-12 accepts axis == rank (every row is one element); a scalar input is one value.
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
    const size_t outer = static_cast<size_t>(outer_), n = static_cast<size_t>(n_),
                 inner = static_cast<size_t>(inner_);
    if (kind_ == SoftmaxKind::kHardmax)
      hardmax(outer, n, inner, a.in(0), a.out(0));
    else if (inner == 1)
      rows_fn_(outer, n, a.in(0), a.out(0));
    else
      strided_fn_(outer, n, inner, a.in(0), a.out(0));
  }

 private:
  OpLabel label_;
  int64_t axis_;
  bool coerce_2d_;
  SoftmaxKind kind_;
  kernels::SoftmaxRowsFn rows_fn_;
  kernels::SoftmaxStridedFn strided_fn_;
  int64_t outer_ = 1, n_ = 1, inner_ = 1;
};

Expected<std::unique_ptr<Op>> create(const OpContext& ctx, SoftmaxKind kind) {
  const bool coerce_2d = ctx.opset() < 13;
  const int64_t axis = ctx.node.attr_int("axis", coerce_2d ? 1 : -1);
  return std::unique_ptr<Op>(new SoftmaxOp(ctx, kind, axis, coerce_2d));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_softmax(const OpContext& ctx) {
  return create(ctx, SoftmaxKind::kSoftmax);
}
Expected<std::unique_ptr<Op>> create_log_softmax(const OpContext& ctx) {
  return create(ctx, SoftmaxKind::kLogSoftmax);
}
Expected<std::unique_ptr<Op>> create_hardmax(const OpContext& ctx) {
  return create(ctx, SoftmaxKind::kHardmax);
}

}  // namespace wnn
