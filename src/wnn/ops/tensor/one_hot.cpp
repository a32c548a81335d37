// OneHot (opsets 9-11): indices (any numeric type; float ones are truncated) -> a tensor one axis
// longer, `depth` long on `axis`, holding values[1] where the position equals the index and
// values[0] elsewhere (values: [off, on], of any type, which the output takes). Negative indices
// count from the end (opset 11); an index outside [-depth, depth) gives an all-off row. depth
// sets the output shape, so it must be known at plan time.
#include <cmath>
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

double scalar_value(const void* p, DType t, int64_t i) {
  double v = 0;
  visit_dtype(
      t, [&](auto zero) { v = static_cast<double>(static_cast<const decltype(zero)*>(p)[i]); });
  return v;
}

class OneHotOp final : public Op {
 public:
  OneHotOp(OpContext ctx, int64_t axis) : label_(ctx), axis_attr_(axis) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 3 || in[1].omitted() || in[2].omitted())
      return label_.error("OneHot takes 3 inputs: indices, depth, values");
    for (size_t i : {size_t{0}, size_t{1}})
      if (in[i].dtype == DType::kBool || dtype_size(in[i].dtype) == 0)
        return label_.error("input " + std::to_string(i) + " ('" + label_.input_name(i) +
                            "') must be numeric (float32, int64, int32, uint8, int8); it is " +
                            dtype_name(in[i].dtype));
    WNN_RETURN_IF_ERROR(check_storable(label_, in[2], 2));
    if (in[1].elements() != 1 || in[1].shape.size() > 1)
      return label_.error("depth must hold one value; it is " + shape_string(in[1].shape));
    if (!in[1].data)
      return label_.error("depth ('" + label_.input_name(1) +
                          "') depends on input values, not only on shapes, and sets the output "
                          "shape; wasmnn plans memory ahead and needs it known when planning");
    if (in[2].elements() != 2 || in[2].shape.size() != 1)
      return label_.error("values must be a 1-D tensor [off, on]; it is " +
                          shape_string(in[2].shape));
    depth_ = static_cast<int64_t>(scalar_value(in[1].data, in[1].dtype, 0));
    if (depth_ < 1) return label_.error("depth " + std::to_string(depth_) + " must be positive");
    const Shape& x = in[0].shape;
    if (x.empty()) return label_.error("indices must have rank 1 or more; they are a scalar");
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()) + 1);
    if (!axis.ok()) return axis.status();
    Shape y = x;
    y.insert(y.begin() + axis.value(), depth_);
    inner_ = 1;
    for (size_t d = static_cast<size_t>(axis.value()); d < x.size(); ++d) inner_ *= x[d];
    out = {{in[2].dtype, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const size_t elem = dtype_size((*a.input_descs)[2].dtype);
    const char* off = static_cast<const char*>(a.inputs[2]);
    const char* on = off + elem;
    char* y = static_cast<char*>(a.outputs[0]);
    const int64_t n = xd.elements();
    const int64_t outer = inner_ ? n / inner_ : 0;
    // y[o, d, i] for index x[o, i]: fill with off, then set the one hot position per index.
    const int64_t total = outer * depth_ * inner_;
    for (int64_t e = 0; e < total; ++e) std::memcpy(y + e * elem, off, elem);
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < inner_; ++i) {
        const double v = std::trunc(scalar_value(a.inputs[0], xd.dtype, o * inner_ + i));
        const double d = v < 0 ? v + static_cast<double>(depth_) : v;
        if (!(d >= 0 && d < static_cast<double>(depth_))) continue;
        std::memcpy(y + ((o * depth_ + static_cast<int64_t>(d)) * inner_ + i) * elem, on, elem);
      }
  }

 private:
  OpLabel label_;
  int64_t axis_attr_;
  int64_t depth_ = 1;
  int64_t inner_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_one_hot(const OpContext& ctx) {
  return std::unique_ptr<Op>(new OneHotOp(ctx, ctx.node.attr_int("axis", -1)));
}

}  // namespace wnn
