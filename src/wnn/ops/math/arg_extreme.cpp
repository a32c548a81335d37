// ArgMax and ArgMin: the int64 index of the largest (smallest) value along `axis` (default 0),
// keepdims (default 1); on ties the first index, or the last with select_last_index=1 (opset 12).
// A NaN counts as larger than any number for ArgMax and smaller for ArgMin, and the first NaN
// wins (numpy's rule). float32, int64, int32, int8, uint8.
#include <cmath>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

template <typename T>
bool is_nan(T v) {
  return v != v;
}

// Whether v replaces best (found at an earlier index) as the extreme so far.
template <typename T>
bool replaces(T v, T best, bool max, bool last) {
  if (is_nan(best)) return false;
  if (is_nan(v)) return true;
  return max ? (v > best || (last && v == best)) : (v < best || (last && v == best));
}

template <typename T>
void arg_extreme(const T* x, size_t outer, size_t n, size_t inner, bool max, bool last,
                 int64_t* y) {
  for (size_t o = 0; o < outer; ++o) {
    const T* xo = x + o * n * inner;
    for (size_t j = 0; j < inner; ++j) {
      T best = xo[j];
      int64_t at = 0;
      for (size_t k = 1; k < n; ++k) {
        const T v = xo[k * inner + j];
        if (replaces(v, best, max, last)) {
          best = v;
          at = static_cast<int64_t>(k);
        }
      }
      y[o * inner + j] = at;
    }
  }
}

class ArgExtremeOp final : public Op {
 public:
  ArgExtremeOp(OpContext ctx, bool max, int64_t axis, bool keepdims, bool last)
      : label_(ctx), max_(max), axis_(axis), keepdims_(keepdims), last_(last) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const DType t = in[0].dtype;
    if (t != DType::kFloat32 && t != DType::kInt64 && t != DType::kInt32 && t != DType::kInt8 &&
        t != DType::kUInt8)
      return label_.error(std::string("input is ") + dtype_name(t) +
                          "; supported: float32, int64, int32, int8, uint8");
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    if (rank == 0)
      return label_.error("input '" + label_.input_name(0) +
                          "' is a scalar; it needs rank 1 or more");
    Expected<int64_t> axis = normalize_axis(label_, axis_, rank);
    if (!axis.ok()) return axis.status();
    const int64_t a = axis.value();
    if (x[a] == 0)
      return label_.error("axis " + std::to_string(axis_) + " of input " + shape_string(x) +
                          " is empty: there is no index to return");
    outer_ = inner_ = 1;
    Shape y;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < a) outer_ *= static_cast<size_t>(x[d]);
      if (d > a) inner_ *= static_cast<size_t>(x[d]);
      if (d != a || keepdims_) y.push_back(d == a ? 1 : x[d]);
    }
    n_ = static_cast<size_t>(x[a]);
    out = {{DType::kInt64, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    int64_t* y = a.out<int64_t>(0);
    switch ((*a.input_descs)[0].dtype) {
      case DType::kInt64: return arg_extreme(a.in<int64_t>(0), outer_, n_, inner_, max_, last_, y);
      case DType::kInt32: return arg_extreme(a.in<int32_t>(0), outer_, n_, inner_, max_, last_, y);
      case DType::kInt8: return arg_extreme(a.in<int8_t>(0), outer_, n_, inner_, max_, last_, y);
      case DType::kUInt8: return arg_extreme(a.in<uint8_t>(0), outer_, n_, inner_, max_, last_, y);
      default: return arg_extreme(a.in<float>(0), outer_, n_, inner_, max_, last_, y);
    }
  }

 private:
  OpLabel label_;
  bool max_;
  int64_t axis_;
  bool keepdims_, last_;
  size_t outer_ = 1, n_ = 1, inner_ = 1;
};

Expected<std::unique_ptr<Op>> create_arg_extreme(const OpContext& ctx, bool max) {
  const Node& n = ctx.node;
  return std::unique_ptr<Op>(new ArgExtremeOp(ctx, max, n.attr_int("axis", 0),
                                              n.attr_int("keepdims", 1) != 0,
                                              n.attr_int("select_last_index", 0) != 0));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_arg_max(const OpContext& ctx) {
  return create_arg_extreme(ctx, true);
}
Expected<std::unique_ptr<Op>> create_arg_min(const OpContext& ctx) {
  return create_arg_extreme(ctx, false);
}

}  // namespace wnn
