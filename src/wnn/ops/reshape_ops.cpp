// Ops that change only the shape: Flatten and Reshape. Data is copied unchanged.
#include <cstring>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

class ShapeOnlyOp : public Op {
 public:
  explicit ShapeOnlyOp(OpContext ctx) : ctx_(ctx) {}
  void run(const RunArgs& a) override {
    const size_t n = static_cast<size_t>(shape_elements((*a.input_shapes)[0]));
    if (a.outputs[0] != a.inputs[0]) std::memcpy(a.outputs[0], a.inputs[0], n * sizeof(float));
  }

 protected:
  OpContext ctx_;
};

class FlattenOp final : public ShapeOnlyOp {
 public:
  FlattenOp(OpContext ctx, int64_t axis) : ShapeOnlyOp(ctx), axis_(axis) {}
  Status reshape(const std::vector<Shape>& in, std::vector<Shape>& out, size_t&) override {
    const Shape& x = in[0];
    const int64_t rank = static_cast<int64_t>(x.size());
    const int64_t axis = axis_ < 0 ? axis_ + rank : axis_;
    if (axis < 0 || axis > rank)
      return ctx_.error("axis " + std::to_string(axis_) + " is out of range for input of rank " +
                        std::to_string(rank));
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= x[i];
    out = {{outer, inner}};
    return ok_status();
  }

 private:
  int64_t axis_;
};

class ReshapeOp final : public ShapeOnlyOp {
 public:
  ReshapeOp(OpContext ctx, std::vector<int64_t> target, bool allow_zero)
      : ShapeOnlyOp(ctx), target_(std::move(target)), allow_zero_(allow_zero) {}
  Status reshape(const std::vector<Shape>& in, std::vector<Shape>& out, size_t&) override {
    const Shape& x = in[0];
    Shape y = target_;
    int64_t infer_at = -1, known = 1;
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] == 0 && !allow_zero_) {
        if (i >= x.size())
          return ctx_.error("shape " + shape_string(target_) + " copies dimension " +
                            std::to_string(i) + " (a 0), but the input " + shape_string(x) +
                            " has no such dimension");
        y[i] = x[i];
      }
      if (y[i] == -1) {
        if (infer_at >= 0)
          return ctx_.error("shape " + shape_string(target_) + " has more than one -1");
        infer_at = static_cast<int64_t>(i);
      } else {
        known *= y[i];
      }
    }
    const int64_t total = shape_elements(x);
    if (infer_at >= 0) {
      if (known == 0 || total % known != 0)
        return ctx_.error("cannot reshape " + shape_string(x) + " to " + shape_string(target_));
      y[infer_at] = total / known;
    }
    if (shape_elements(y) != total)
      return ctx_.error("cannot reshape " + shape_string(x) + " (" + std::to_string(total) +
                        " elements) to " + shape_string(y));
    out = {y};
    return ok_status();
  }

 private:
  std::vector<int64_t> target_;
  bool allow_zero_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_flatten(const OpContext& ctx) {
  return std::unique_ptr<Op>(new FlattenOp(ctx, ctx.node.attr_int("axis", 1)));
}

Expected<std::unique_ptr<Op>> create_reshape(const OpContext& ctx) {
  const Tensor* shape = ctx.constant_input(1);
  if (!shape)
    return ctx.error("the target shape (input 1) must be an initializer; a computed shape is "
                     "not supported yet");
  if (shape->dtype != DType::kInt64 || shape->shape.size() != 1)
    return ctx.error("the target shape must be a 1-D int64 tensor; it is " +
                     std::string(dtype_name(shape->dtype)) + " " + shape_string(shape->shape));
  std::vector<int64_t> target(shape->i64(), shape->i64() + shape->elements());
  return std::unique_ptr<Op>(
      new ReshapeOp(ctx, std::move(target), ctx.node.attr_int("allowzero", 0) != 0));
}

}  // namespace wnn
