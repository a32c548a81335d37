// Shape (opsets 1-21, with 15's start/end), Size and ConstantOfShape. Shape's output is known at
// plan time, so reshape gives its values and the planner evaluates what depends only on them (Shape
// -> Gather -> Concat -> Reshape) once per plan instead of emitting steps.
#include <algorithm>
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class ShapeOp final : public Op {
 public:
  ShapeOp(OpContext ctx, int64_t start, const Attribute* end)
      : label_(ctx), start_(start), has_end_(end != nullptr), end_(end ? end->i : 0) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    auto clamp_axis = [rank](int64_t a) {
      return std::clamp<int64_t>(a < 0 ? a + rank : a, 0, rank);
    };
    const int64_t start = clamp_axis(start_);
    const int64_t end = has_end_ ? clamp_axis(end_) : rank;
    values_.assign(x.begin() + start, x.begin() + std::max(start, end));
    out = {{DType::kInt64, {static_cast<int64_t>(values_.size())}, values_.data()}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    if (!values_.empty()) std::memcpy(a.outputs[0], values_.data(), values_.size() * 8);
  }

 private:
  OpLabel label_;
  int64_t start_;
  bool has_end_;
  int64_t end_;
  std::vector<int64_t> values_;
};

// Size: the element count of input 0 as an int64 scalar, known at plan time as Shape's values.
class SizeOp final : public Op {
 public:
  explicit SizeOp(OpContext ctx) : label_(ctx) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    size_ = in[0].elements();
    out = {{DType::kInt64, {}, &size_}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override { std::memcpy(a.outputs[0], &size_, 8); }

 private:
  OpLabel label_;
  int64_t size_ = 0;
};

class ConstantOfShapeOp final : public Op {
 public:
  ConstantOfShapeOp(OpContext ctx, DType dtype, std::vector<uint8_t> value)
      : label_(ctx), dtype_(dtype), value_(std::move(value)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in[0].dtype != DType::kInt64)
      return label_.error(std::string("the shape input must be int64; it is ") +
                          dtype_name(in[0].dtype));
    Expected<std::vector<int64_t>> shape = plan_time_ints(label_, in, 0, "the shape input");
    if (!shape.ok()) return shape.status();
    for (int64_t d : shape.value())
      if (d < 0)
        return label_.error("shape " + shape_string(shape.value()) + " has a negative size");
    out = {{dtype_, shape.take()}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const size_t n = static_cast<size_t>(shape_elements(a.out_shape(0)));
    const size_t size = value_.size();
    uint8_t* y = static_cast<uint8_t*>(a.outputs[0]);
    for (size_t i = 0; i < n; ++i) std::memcpy(y + i * size, value_.data(), size);
  }

 private:
  OpLabel label_;
  DType dtype_;
  std::vector<uint8_t> value_;  // one element
};

}  // namespace

Expected<std::unique_ptr<Op>> create_shape(const OpContext& ctx) {
  return std::unique_ptr<Op>(
      new ShapeOp(ctx, ctx.node.attr_int("start", 0), ctx.node.attribute("end")));
}

Expected<std::unique_ptr<Op>> create_size(const OpContext& ctx) {
  return std::unique_ptr<Op>(new SizeOp(ctx));
}

Expected<std::unique_ptr<Op>> create_constant_of_shape(const OpContext& ctx) {
  const Attribute* a = ctx.node.attribute("value");
  if (!a) return std::unique_ptr<Op>(new ConstantOfShapeOp(ctx, DType::kFloat32, {0, 0, 0, 0}));
  if (a->kind != Attribute::Kind::kTensor || a->t.elements() != 1)
    return ctx.error("the value attribute must be a tensor of one element");
  if (dtype_size(a->t.dtype) == 0 || a->t.bytes.size() != dtype_size(a->t.dtype))
    return ctx.error(
        "the value attribute has a type wasmnn does not support (supported: "
        "float32, int64, int32, uint8, int8, bool)");
  return std::unique_ptr<Op>(new ConstantOfShapeOp(ctx, a->t.dtype, a->t.bytes));
}

}  // namespace wnn
