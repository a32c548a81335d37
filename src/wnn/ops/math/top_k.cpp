// TopK: the k largest (largest=1, default) or smallest values along `axis` (default -1), with
// their int64 indices. k: an attribute before opset 10, input 1 (a 1-element int64 tensor known
// at plan time: it sets the output shape) from opset 10; largest and sorted from opset 11.
// Output order: by value (largest first, or smallest first), ties by lower index first, as ONNX
// Runtime orders them; sorted=0 gives the same order (ONNX leaves it unspecified). A NaN counts as
// larger than any number. float32, int64, int32.
#include <algorithm>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

constexpr size_t kMinTaskValues = 16 * 1024;

template <typename T>
bool greater(T a, T b) {
  return (a != a && b == b) || a > b;  // NaN above every number
}

// Lines [begin, end) of the outer x inner lines along the axis; `order` is n indices of scratch.
template <typename T>
void top_k(const T* x, size_t begin, size_t end, size_t n, size_t inner, size_t k, bool largest,
           int64_t* order, T* values, int64_t* indices) {
  for (size_t line = begin; line < end; ++line) {
    const size_t o = line / inner, j = line % inner;
    const T* xl = x + o * n * inner + j;
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<int64_t>(i);
    auto before = [&](int64_t a, int64_t b) {
      const T va = xl[a * inner], vb = xl[b * inner];
      if (largest ? greater(va, vb) : greater(vb, va)) return true;
      if (largest ? greater(vb, va) : greater(va, vb)) return false;
      return a < b;
    };
    std::partial_sort(order, order + k, order + n, before);
    const size_t base = o * k * inner + j;
    for (size_t i = 0; i < k; ++i) {
      if (values) values[base + i * inner] = xl[order[i] * inner];
      if (indices) indices[base + i * inner] = order[i];
    }
  }
}

class TopKOp final : public Op {
 public:
  TopKOp(OpContext ctx, bool k_input, int64_t k, int64_t axis, bool largest)
      : label_(ctx), k_input_(k_input), k_attr_(k), axis_(axis), largest_(largest) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const DType t = in[0].dtype;
    if (t != DType::kFloat32 && t != DType::kInt64 && t != DType::kInt32)
      return label_.error(std::string("input is ") + dtype_name(t) +
                          "; supported: float32, int64, int32");
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    if (rank == 0)
      return label_.error("input '" + label_.input_name(0) +
                          "' is a scalar; it needs rank 1 or more");
    Expected<int64_t> axis = normalize_axis(label_, axis_, rank);
    if (!axis.ok()) return axis.status();
    int64_t k = k_attr_;
    if (k_input_) {
      Expected<std::vector<int64_t>> given = plan_time_ints(label_, in, 1, "K");
      if (!given.ok()) return given.status();
      if (given.value().size() != 1)
        return label_.error("K ('" + label_.input_name(1) + "') must hold one value; it has " +
                            std::to_string(given.value().size()));
      k = given.value()[0];
    }
    const int64_t a = axis.value();
    if (k < 0 || k > x[a])
      return label_.error("k = " + std::to_string(k) + " is outside 0.." + std::to_string(x[a]) +
                          " (the length of axis " + std::to_string(axis_) + " of input " +
                          shape_string(x) + ")");
    k_ = static_cast<size_t>(k);
    n_ = static_cast<size_t>(x[a]);
    size_t outer = 1;
    inner_ = 1;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < a) outer *= static_cast<size_t>(x[d]);
      if (d > a) inner_ *= static_cast<size_t>(x[d]);
    }
    Shape y = x;
    y[a] = k;
    needs.scratch_bytes = sizeof(int64_t) * n_;
    needs.compute =
        k_ == 0 ? split_units(0, 1, 1)
                : split_units(outer * inner_, needs.threads,
                              std::max<size_t>(1, kMinTaskValues / std::max<size_t>(1, n_)));
    out = {{t, y}, {DType::kInt64, y}};
    out.resize(std::min<size_t>(2, label_.output_count()));
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    int64_t* order = task.scratch_as<int64_t>();
    int64_t* indices = a.out<int64_t>(1);
    const size_t b = task.begin[1], e = task.end[1];
    switch ((*a.input_descs)[0].dtype) {
      case DType::kInt64:
        return top_k(a.in<int64_t>(0), b, e, n_, inner_, k_, largest_, order, a.out<int64_t>(0),
                     indices);
      case DType::kInt32:
        return top_k(a.in<int32_t>(0), b, e, n_, inner_, k_, largest_, order, a.out<int32_t>(0),
                     indices);
      default:
        return top_k(a.in<float>(0), b, e, n_, inner_, k_, largest_, order, a.out<float>(0),
                     indices);
    }
  }

 private:
  OpLabel label_;
  bool k_input_;
  int64_t k_attr_, axis_;
  bool largest_;
  size_t k_ = 0, n_ = 0, inner_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_top_k(const OpContext& ctx) {
  const Node& n = ctx.node;
  const bool k_input = ctx.opset() >= 10;
  if (!k_input && !n.attributes.count("k"))
    return ctx.error("the k attribute is missing (before opset 10, k is an attribute)");
  if (k_input && !ctx.has_input(1)) return ctx.error("the K input (input 1) is missing");
  return std::unique_ptr<Op>(new TopKOp(ctx, k_input, n.attr_int("k", 0), n.attr_int("axis", -1),
                                        n.attr_int("largest", 1) != 0));
}

}  // namespace wnn
