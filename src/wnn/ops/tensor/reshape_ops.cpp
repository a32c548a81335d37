// Ops that change only the shape: Flatten and Reshape. The data is copied unchanged, whatever
// its type. Reshape's target shape may be an initializer or computed from shapes (Shape ->
// Gather -> Concat ...): the planner evaluates such subgraphs, so it is known here.
#include <cstring>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

class ShapeOnlyOp : public Op {
 public:
  explicit ShapeOnlyOp(OpContext ctx) : label_(ctx) {}
  void run(const RunArgs& a, const Task& task) override {
    const TensorDesc& x = (*a.input_descs)[0];
    // An empty tensor copies nothing (and its data pointer may be null, which memcpy forbids).
    if (x.bytes() != 0 && a.outputs[0] != a.inputs[0])
      std::memcpy(a.outputs[0], a.inputs[0], x.bytes());
  }

 protected:
  OpLabel label_;
};

class FlattenOp final : public ShapeOnlyOp {
 public:
  FlattenOp(OpContext ctx, int64_t axis) : ShapeOnlyOp(ctx), axis_(axis) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    const int64_t axis = axis_ < 0 ? axis_ + rank : axis_;
    if (axis < 0 || axis > rank)
      return label_.error("axis " + std::to_string(axis_) + " is out of range for input of rank " +
                          std::to_string(rank));
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= x[i];
    out = {{in[0].dtype, {outer, inner}}};
    return ok_status();
  }

 private:
  int64_t axis_;
};

class ReshapeOp final : public ShapeOnlyOp {
 public:
  ReshapeOp(OpContext ctx, bool allow_zero) : ShapeOnlyOp(ctx), allow_zero_(allow_zero) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const Shape& x = in[0].shape;
    if (in.size() < 2 || in[1].omitted())
      return label_.error("the target shape (input 1) is missing");
    if (in[1].dtype != DType::kInt64 || in[1].shape.size() != 1)
      return label_.error("the target shape must be a 1-D int64 tensor; it is " +
                          std::string(dtype_name(in[1].dtype)) + " " + shape_string(in[1].shape));
    if (!in[1].data)
      return label_.error("the target shape '" + label_.input_name(1) +
                          "' depends on input values, not only on shapes; wasmnn plans memory "
                          "ahead and needs it known when planning");
    const int64_t* t = static_cast<const int64_t*>(in[1].data);
    const Shape target(t, t + in[1].elements());
    Shape y = target;
    int64_t infer_at = -1, known = 1;
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] == 0 && !allow_zero_) {
        if (i >= x.size())
          return label_.error("shape " + shape_string(target) + " copies dimension " +
                              std::to_string(i) + " (a 0), but the input " + shape_string(x) +
                              " has no such dimension");
        y[i] = x[i];
      }
      if (y[i] == -1) {
        if (infer_at >= 0)
          return label_.error("shape " + shape_string(target) + " has more than one -1");
        infer_at = static_cast<int64_t>(i);
      } else if (y[i] < 0) {
        return label_.error("shape " + shape_string(target) + " has a negative size");
      } else {
        const std::optional<int64_t> product = checked_mul(known, y[i]);
        if (!product)
          return label_.error("shape " + shape_string(target) +
                              " has more elements than a 64-bit count holds");
        known = *product;
      }
    }
    const int64_t total = shape_elements(x);
    if (infer_at >= 0) {
      if (known == 0 || total % known != 0)
        return label_.error("cannot reshape " + shape_string(x) + " to " + shape_string(target));
      y[infer_at] = total / known;
    }
    if (checked_elements(y) != std::optional<int64_t>(total))
      return label_.error("cannot reshape " + shape_string(x) + " (" + std::to_string(total) +
                          " elements) to " + shape_string(y));
    out = {{in[0].dtype, y}};
    return ok_status();
  }

 private:
  bool allow_zero_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_flatten(const OpContext& ctx) {
  return std::unique_ptr<Op>(new FlattenOp(ctx, ctx.node.attr_int("axis", 1)));
}

Expected<std::unique_ptr<Op>> create_reshape(const OpContext& ctx) {
  return std::unique_ptr<Op>(new ReshapeOp(ctx, ctx.node.attr_int("allowzero", 0) != 0));
}

}  // namespace wnn
