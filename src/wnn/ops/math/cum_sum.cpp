// CumSum (opset 11/14): running sums along `axis` (input 1: a scalar or 1-element int64/int32
// tensor known at plan time). exclusive=1 leaves each element out of its own sum (the first is
// 0); reverse=1 sums from the end. Each line adds in order along the axis. float32, int64, int32.
#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

template <typename T>
void cum_sum(const T* x, size_t outer, size_t n, size_t inner, bool exclusive, bool reverse, T* y) {
  for (size_t o = 0; o < outer; ++o)
    for (size_t j = 0; j < inner; ++j) {
      const size_t base = o * n * inner + j;
      T acc = T(0);
      for (size_t s = 0; s < n; ++s) {
        const size_t at = base + (reverse ? n - 1 - s : s) * inner;
        if (exclusive) {
          const T v = x[at];
          y[at] = acc;
          acc = acc + v;
        } else {
          acc = acc + x[at];
          y[at] = acc;
        }
      }
    }
}

class CumSumOp final : public Op {
 public:
  CumSumOp(OpContext ctx, bool exclusive, bool reverse)
      : label_(ctx), exclusive_(exclusive), reverse_(reverse) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const DType t = in[0].dtype;
    if (t != DType::kFloat32 && t != DType::kInt64 && t != DType::kInt32)
      return label_.error(std::string("input is ") + dtype_name(t) +
                          "; supported: float32, int64, int32");
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    if (rank == 0)
      return label_.error("input '" + label_.input_name(0) +
                          "' is a scalar; it needs rank 1 or more");
    Expected<std::vector<int64_t>> axis_value = plan_time_ints(label_, in, 1, "axis");
    if (!axis_value.ok()) return axis_value.status();
    if (axis_value.value().size() != 1)
      return label_.error("axis ('" + label_.input_name(1) + "') must hold one value; it has " +
                          std::to_string(axis_value.value().size()));
    Expected<int64_t> axis = normalize_axis(label_, axis_value.value()[0], rank);
    if (!axis.ok()) return axis.status();
    outer_ = inner_ = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < axis.value()) outer_ *= static_cast<size_t>(x[d]);
      if (d > axis.value()) inner_ *= static_cast<size_t>(x[d]);
    }
    n_ = static_cast<size_t>(x[axis.value()]);
    out = {{t, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    switch ((*a.input_descs)[0].dtype) {
      case DType::kInt64:
        return cum_sum(a.in<int64_t>(0), outer_, n_, inner_, exclusive_, reverse_,
                       a.out<int64_t>(0));
      case DType::kInt32:
        return cum_sum(a.in<int32_t>(0), outer_, n_, inner_, exclusive_, reverse_,
                       a.out<int32_t>(0));
      default:
        return cum_sum(a.in<float>(0), outer_, n_, inner_, exclusive_, reverse_, a.out<float>(0));
    }
  }

 private:
  OpLabel label_;
  bool exclusive_, reverse_;
  size_t outer_ = 1, n_ = 1, inner_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_cum_sum(const OpContext& ctx) {
  const Node& n = ctx.node;
  if (!ctx.has_input(1)) return ctx.error("the axis input (input 1) is missing");
  return std::unique_ptr<Op>(
      new CumSumOp(ctx, n.attr_int("exclusive", 0) != 0, n.attr_int("reverse", 0) != 0));
}

}  // namespace wnn
