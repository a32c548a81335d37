#include "wnn/ops/control/iteration_values.h"

#include <cstring>

namespace wnn {
namespace {

size_t product(const Shape& s, size_t begin, size_t end) {
  size_t p = 1;
  for (size_t i = begin; i < end; ++i) p *= static_cast<size_t>(s[i]);
  return p;
}

class TakeSlice final : public Op {
 public:
  TakeSlice(const OpLabel& label, int64_t axis, int64_t index)
      : label_(label), axis_(axis), index_(index) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const Shape& s = in[0].shape;
    if (axis_ < 0 || axis_ >= static_cast<int64_t>(s.size()) || index_ >= s[axis_])
      return label_.error("a scan input of shape " + shape_string(s) + " has no index " +
                          std::to_string(index_) + " along axis " + std::to_string(axis_));
    Shape y = s;
    y.erase(y.begin() + axis_);
    outer_ = product(s, 0, axis_);
    length_ = static_cast<size_t>(s[axis_]);
    inner_bytes_ = product(s, axis_ + 1, s.size()) * dtype_size(in[0].dtype);
    out = {TensorDesc{in[0].dtype, y}};
    return ok_status();
  }
  void run(const RunArgs& a, const Task&) override {
    const auto* x = static_cast<const uint8_t*>(a.inputs[0]);
    auto* y = static_cast<uint8_t*>(a.outputs[0]);
    for (size_t o = 0; o < outer_; ++o)
      std::memcpy(y + o * inner_bytes_, x + (o * length_ + index_) * inner_bytes_, inner_bytes_);
  }

 private:
  OpLabel label_;
  int64_t axis_, index_;
  size_t outer_ = 0, length_ = 0, inner_bytes_ = 0;
};

class StackValues final : public Op {
 public:
  StackValues(const OpLabel& label, int64_t axis) : label_(label), axis_(axis) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    const TensorDesc& first = in[0];
    for (const TensorDesc& d : in)
      if (d.dtype != first.dtype || d.shape != first.shape)
        return label_.error("scan output slices differ between iterations (" +
                            shape_string(first.shape) + " and " + shape_string(d.shape) +
                            "); they must be stacked into one tensor");
    const int64_t rank = static_cast<int64_t>(first.shape.size()) + 1;
    const int64_t axis = axis_ < 0 ? axis_ + rank : axis_;
    if (axis < 0 || axis >= rank)
      return label_.error("scan output axis " + std::to_string(axis_) + " is out of range");
    Shape y = first.shape;
    y.insert(y.begin() + axis, static_cast<int64_t>(in.size()));
    outer_ = product(first.shape, 0, axis);
    inner_bytes_ = product(first.shape, axis, first.shape.size()) * dtype_size(first.dtype);
    out = {TensorDesc{first.dtype, y}};
    return ok_status();
  }
  void run(const RunArgs& a, const Task&) override {
    auto* y = static_cast<uint8_t*>(a.outputs[0]);
    const size_t n = a.inputs.size();
    for (size_t o = 0; o < outer_; ++o)
      for (size_t i = 0; i < n; ++i)
        std::memcpy(y + (o * n + i) * inner_bytes_,
                    static_cast<const uint8_t*>(a.inputs[i]) + o * inner_bytes_, inner_bytes_);
  }

 private:
  OpLabel label_;
  int64_t axis_;
  size_t outer_ = 0, inner_bytes_ = 0;
};

}  // namespace

std::unique_ptr<Op> make_take_slice(const OpLabel& label, int64_t axis, int64_t index) {
  return std::make_unique<TakeSlice>(label, axis, index);
}

std::unique_ptr<Op> make_stack_values(const OpLabel& label, int64_t axis) {
  return std::make_unique<StackValues>(label, axis);
}

}  // namespace wnn
