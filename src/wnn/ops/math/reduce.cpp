// The ReduceX family: ReduceSum, ReduceSumSquare, ReduceL1, ReduceL2, ReduceLogSum,
// ReduceLogSumExp, ReduceMean, ReduceProd, ReduceMax, ReduceMin, opsets 1-18+.
//   axes: an attribute before the opset that made it an input (13 for ReduceSum, 18 for the
//   others), an input from then on, which must be known at plan time (the output shape depends on
//   it). No axes (or an empty list) reduces every axis, unless noop_with_empty_axes=1 (from the
//   same opset), which reduces no axis (each output is its one input
//   through the fold: |x| for ReduceL1, as ONNX Runtime computes it). keepdims (default 1).
// Each output folds its inputs in memory order (kernels/reduce.h); the L2, log, mean and
// log-sum-exp finishing steps run per output afterwards. Log-sum-exp is max + log(sum(exp(x -
// max))) (the max taken as 0 when it is infinite), as ONNX Runtime computes it.
// dtypes: float32 for every op; int64 and int32 for Sum, SumSquare, L1, Prod, Max, Min; int8 and
// uint8 for Max and Min.
#include "wnn/kernels/reduce.h"

#include <cmath>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

enum class ReduceKind { kSum, kSumSquare, kL1, kL2, kLogSum, kLogSumExp, kMean, kProd, kMax, kMin };

// What each kind folds with, and which dtypes it takes.
kernels::ReduceFold fold_of(ReduceKind k) {
  switch (k) {
    case ReduceKind::kSumSquare:
    case ReduceKind::kL2: return kernels::ReduceFold::kSumSquare;
    case ReduceKind::kL1: return kernels::ReduceFold::kSumAbs;
    case ReduceKind::kProd: return kernels::ReduceFold::kProd;
    case ReduceKind::kMax:
    case ReduceKind::kLogSumExp: return kernels::ReduceFold::kMax;
    case ReduceKind::kMin: return kernels::ReduceFold::kMin;
    default: return kernels::ReduceFold::kSum;
  }
}

bool float_only(ReduceKind k) {
  return k == ReduceKind::kL2 || k == ReduceKind::kLogSum || k == ReduceKind::kLogSumExp ||
         k == ReduceKind::kMean;
}

bool takes_bytes(ReduceKind k) { return k == ReduceKind::kMax || k == ReduceKind::kMin; }

class ReduceOp final : public Op {
 public:
  ReduceOp(OpContext ctx, ReduceKind kind, bool axes_input, std::vector<int64_t> axes,
           bool keepdims, bool noop_with_empty_axes)
      : label_(ctx),
        kind_(kind),
        axes_input_(axes_input),
        axes_(std::move(axes)),
        keepdims_(keepdims),
        noop_(noop_with_empty_axes),
        extreme_run_(ctx.kernels.extreme_run) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const DType t = in[0].dtype;
    const bool is_int = t == DType::kInt64 || t == DType::kInt32;
    const bool is_byte = t == DType::kInt8 || t == DType::kUInt8;
    const bool supported =
        t == DType::kFloat32 || (is_int && !float_only(kind_)) || (is_byte && takes_bytes(kind_));
    if (!supported)
      return label_.error(std::string("input is ") + dtype_name(t) + "; supported: " +
                          (float_only(kind_)    ? "float32"
                           : takes_bytes(kind_) ? "float32, int64, int32, int8, uint8"
                                                : "float32, int64, int32"));
    std::vector<int64_t> axes = axes_;
    // An empty axes tensor needs no values to be known (it has none).
    if (axes_input_ && in.size() > 1 && !in[1].omitted() && in[1].elements() > 0) {
      Expected<std::vector<int64_t>> given = plan_time_ints(label_, in, 1, "axes");
      if (!given.ok()) return given.status();
      axes = given.value();
    }
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    // noop_with_empty_axes with no axes reduces none: each output folds its one input, so
    // ReduceL1 still takes |x| and ReduceSumSquare x * x, as ONNX Runtime does.
    std::vector<bool> reduced(x.size(), axes.empty() && !noop_);
    Expected<std::vector<int64_t>> ax = normalize_axes(label_, axes, rank);
    if (!ax.ok()) return ax.status();
    for (int64_t a : ax.value()) reduced[a] = true;
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
    needs.scratch_bytes = kind_ == ReduceKind::kLogSumExp
                              ? sizeof(float) * static_cast<size_t>(view_.out_elements)
                              : 0;
    out = {{t, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const DType t = (*a.input_descs)[0].dtype;
    const kernels::ReduceFold fold = fold_of(kind_);
    switch (t) {
      case DType::kInt64:
        return kernels::i64_reduce(fold, a.in<int64_t>(0), view_, a.out<int64_t>(0));
      case DType::kInt32:
        return kernels::i32_reduce(fold, a.in<int32_t>(0), view_, a.out<int32_t>(0));
      case DType::kInt8: return kernels::i8_reduce(fold, a.in<int8_t>(0), view_, a.out<int8_t>(0));
      case DType::kUInt8:
        return kernels::u8_reduce(fold, a.in<uint8_t>(0), view_, a.out<uint8_t>(0));
      default: break;
    }
    float* y = a.out<float>(0);
    kernels::f32_reduce(fold, a.in<float>(0), view_, y, extreme_run_);
    const int64_t n = view_.out_elements;
    switch (kind_) {
      case ReduceKind::kMean: {
        const float c = static_cast<float>(count_);
        for (int64_t i = 0; i < n; ++i) y[i] = y[i] / c;
        break;
      }
      case ReduceKind::kL2:
        for (int64_t i = 0; i < n; ++i) y[i] = std::sqrt(y[i]);
        break;
      // log has no shared polynomial yet (kernels/vec_math.h): the one libm call of the family,
      // in a kernel with no SIMD twin.
      case ReduceKind::kLogSum:
        for (int64_t i = 0; i < n; ++i) y[i] = std::log(y[i]);
        break;
      case ReduceKind::kLogSumExp: {
        for (int64_t i = 0; i < n; ++i) y[i] = std::isinf(y[i]) ? 0.0f : y[i];
        float* sum = task.scratch_as<float>();
        kernels::f32_reduce_sum_exp(a.in<float>(0), view_, y, sum);
        for (int64_t i = 0; i < n; ++i) y[i] = std::log(sum[i]) + y[i];
        break;
      }
      default: break;
    }
  }

 private:
  OpLabel label_;
  ReduceKind kind_;
  bool axes_input_;
  std::vector<int64_t> axes_;
  bool keepdims_;
  bool noop_;
  kernels::F32ExtremeRunFn extreme_run_;
  int64_t count_ = 1;
  kernels::ReduceView view_;
};

Expected<std::unique_ptr<Op>> create_reduce(const OpContext& ctx, ReduceKind kind) {
  const Node& n = ctx.node;
  // The opset where axes became an input (and noop_with_empty_axes appeared).
  const int64_t axes_input_opset = kind == ReduceKind::kSum ? 13 : 18;
  const bool axes_input = ctx.opset() >= axes_input_opset;
  const bool has_axes_attr = n.attributes.count("axes") != 0;
  if (axes_input && has_axes_attr)
    return ctx.error("has an axes attribute, which opset " + std::to_string(axes_input_opset) +
                     " replaced with the axes input; give axes as input 1");
  if (!axes_input && ctx.has_input(1))
    return ctx.error("has a second input, but axes is an attribute before opset " +
                     std::to_string(axes_input_opset));
  const int64_t noop = n.attr_int("noop_with_empty_axes", 0);
  if (noop != 0 && !axes_input)
    return ctx.error("noop_with_empty_axes exists from opset " + std::to_string(axes_input_opset));
  // An empty axes list reduces every axis, as an absent one does (ONNX Runtime does the same).
  return std::unique_ptr<Op>(new ReduceOp(ctx, kind, axes_input, n.attr_ints("axes"),
                                          n.attr_int("keepdims", 1) != 0, noop != 0));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_reduce_l1(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kL1);
}
Expected<std::unique_ptr<Op>> create_reduce_l2(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kL2);
}
Expected<std::unique_ptr<Op>> create_reduce_log_sum(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kLogSum);
}
Expected<std::unique_ptr<Op>> create_reduce_log_sum_exp(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kLogSumExp);
}
Expected<std::unique_ptr<Op>> create_reduce_max(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kMax);
}
Expected<std::unique_ptr<Op>> create_reduce_mean(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kMean);
}
Expected<std::unique_ptr<Op>> create_reduce_min(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kMin);
}
Expected<std::unique_ptr<Op>> create_reduce_prod(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kProd);
}
Expected<std::unique_ptr<Op>> create_reduce_sum(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kSum);
}
Expected<std::unique_ptr<Op>> create_reduce_sum_square(const OpContext& ctx) {
  return create_reduce(ctx, ReduceKind::kSumSquare);
}

}  // namespace wnn
