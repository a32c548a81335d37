// ReduceMean (float32) and ReduceMax (float32, int64, int32, int8, uint8), opsets 1-17: axes as
// an attribute (all axes when absent; negative axes count from the end), keepdims. Opset 18's
// axes input is rejected. Each output sums (or maxes) its inputs in memory order; the mean then
// divides by the count.
#include "wnn/kernels/reduce.h"

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

enum class ReduceKind { kMean, kMax };

class ReduceOp final : public Op {
 public:
  ReduceOp(OpContext ctx, ReduceKind kind, std::vector<int64_t> axes, bool has_axes, bool keepdims)
      : label_(ctx),
        kind_(kind),
        axes_(std::move(axes)),
        has_axes_(has_axes),
        keepdims_(keepdims) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const DType t = in[0].dtype;
    const bool supported = kind_ == ReduceKind::kMean
                               ? t == DType::kFloat32
                               : (t == DType::kFloat32 || t == DType::kInt64 ||
                                  t == DType::kInt32 || t == DType::kInt8 || t == DType::kUInt8);
    if (!supported)
      return label_.error(
          std::string("input is ") + dtype_name(t) + "; supported: " +
          (kind_ == ReduceKind::kMean ? "float32" : "float32, int64, int32, int8, uint8"));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    std::vector<bool> reduced(x.size(), !has_axes_);
    if (has_axes_) {
      Expected<std::vector<int64_t>> ax = normalize_axes(label_, axes_, rank);
      if (!ax.ok()) return ax.status();
      for (int64_t a : ax.value()) reduced[a] = true;
    }
    Shape y, kept_dims;
    count_ = 1;
    for (size_t d = 0; d < x.size(); ++d) {
      if (reduced[d])
        count_ *= x[d];
      else
        kept_dims.push_back(x[d]);
      if (!reduced[d] || keepdims_) y.push_back(reduced[d] ? 1 : x[d]);
    }
    kernels::ReduceView view;
    view.dims = x;
    view.out_strides.assign(x.size(), 0);
    int64_t stride = 1;
    for (size_t d = x.size(); d-- > 0;) {
      if (reduced[d]) continue;
      view.out_strides[d] = stride;
      stride *= x[d];
    }
    view.out_elements = shape_elements(kept_dims);
    view_ = kernels::coalesce(view);
    out = {{t, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const DType t = (*a.input_descs)[0].dtype;
    if (kind_ == ReduceKind::kMean) {
      float* y = a.out<float>(0);
      kernels::f32_reduce_sum(a.in<float>(0), view_, y);
      const float n = static_cast<float>(count_);
      for (int64_t i = 0; i < view_.out_elements; ++i) y[i] = y[i] / n;
      return;
    }
    switch (t) {
      case DType::kFloat32: kernels::f32_reduce_max(a.in<float>(0), view_, a.out<float>(0)); break;
      case DType::kInt64:
        kernels::i64_reduce_max(a.in<int64_t>(0), view_, a.out<int64_t>(0));
        break;
      case DType::kInt32:
        kernels::i32_reduce_max(a.in<int32_t>(0), view_, a.out<int32_t>(0));
        break;
      case DType::kInt8: kernels::i8_reduce_max(a.in<int8_t>(0), view_, a.out<int8_t>(0)); break;
      default: kernels::u8_reduce_max(a.in<uint8_t>(0), view_, a.out<uint8_t>(0)); break;
    }
  }

 private:
  OpLabel label_;
  ReduceKind kind_;
  std::vector<int64_t> axes_;
  bool has_axes_;
  bool keepdims_;
  int64_t count_ = 1;
  kernels::ReduceView view_;
};

Expected<std::unique_ptr<Op>> create_reduce(const OpContext& ctx, ReduceKind kind) {
  const Node& n = ctx.node;
  if (ctx.has_input(1))
    return ctx.error(
        "axes as an input (opset 18) is not supported; wasmnn follows opsets up to "
        "17, where axes is an attribute");
  if (n.attr_int("noop_with_empty_axes", 0) != 0)
    return ctx.error("noop_with_empty_axes=1 (opset 18) is not supported");
  // An empty axes list reduces every axis, as an absent one does (ONNX Runtime does the same).
  const bool has_axes = !n.attr_ints("axes").empty();
  return std::unique_ptr<Op>(
      new ReduceOp(ctx, kind, n.attr_ints("axes"), has_axes, n.attr_int("keepdims", 1) != 0));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_reduce_mean(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kMean);
}

Expected<std::unique_ptr<Op>> create_reduce_max(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kMax);
}

}  // namespace wnn
