#include "wnn/ops/tensor/constant.h"

#include <cstring>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

template <typename T>
Tensor tensor_of(DType dtype, Shape shape, const T* values, size_t count) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.bytes.resize(count * sizeof(T));
  if (count) std::memcpy(t.bytes.data(), values, t.bytes.size());
  return t;
}

// Outputs its value, known at plan time, so the planner never emits a step for it.
class ConstantOp final : public Op {
 public:
  explicit ConstantOp(Tensor value) : value_(std::move(value)) {}
  Status reshape(const std::vector<TensorDesc>&, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    out = {{value_.dtype, value_.shape, value_.bytes.data()}};
    return ok_status();
  }
  void run(const RunArgs&, const Task&) override {}

 private:
  Tensor value_;
};

}  // namespace

Expected<Tensor> constant_node_value(const Node& n, int64_t opset) {
  if (const Attribute* a = n.attribute("value"); a && a->kind == Attribute::Kind::kTensor)
    return a->t;
  if (const Attribute* a = n.attribute("value_float"))
    return tensor_of(DType::kFloat32, {}, &a->f, 1);
  if (const Attribute* a = n.attribute("value_int")) return tensor_of(DType::kInt64, {}, &a->i, 1);
  if (const Attribute* a = n.attribute("value_floats"))
    return tensor_of(DType::kFloat32, {static_cast<int64_t>(a->floats.size())}, a->floats.data(),
                     a->floats.size());
  if (const Attribute* a = n.attribute("value_ints"))
    return tensor_of(DType::kInt64, {static_cast<int64_t>(a->ints.size())}, a->ints.data(),
                     a->ints.size());
  return Status::error("Constant node '" + n.name + "' (opset " + std::to_string(opset) +
                       "): only the value, value_float(s) and value_int(s) attributes are "
                       "supported (string and sparse constants are not)");
}

Expected<std::unique_ptr<Op>> create_constant(const OpContext& ctx) {
  Expected<Tensor> value = constant_node_value(ctx.node, ctx.graph.opset);
  if (!value.ok()) return value.status();
  return std::unique_ptr<Op>(new ConstantOp(value.take()));
}

}  // namespace wnn
