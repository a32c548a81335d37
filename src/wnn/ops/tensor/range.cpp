// Range (opset 11): start, start + delta, ... up to limit (excluded), for float32, int64 and
// int32 scalars. Its length depends on the input values, so they must be known when planning
// (initializers, or computed from shapes, as Range usually is); the values are then computed at
// plan time too, and the planner emits no step. Element i is start + i * delta (ONNX's formula,
// not a running sum), so long float ranges do not drift.
#include <cmath>
#include <cstring>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

class RangeOp final : public Op {
 public:
  explicit RangeOp(OpContext ctx) : label_(ctx) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    static const char* const kNames[] = {"start", "limit", "delta"};
    if (in.size() != 3) return label_.error("Range takes 3 inputs: start, limit, delta");
    const DType t = in[0].dtype;
    for (size_t i = 0; i < 3; ++i) {
      if (in[i].omitted()) return label_.error(std::string(kNames[i]) + " is missing");
      if (in[i].dtype != t || in[i].elements() != 1 || in[i].shape.size() > 1)
        return label_.error(std::string(kNames[i]) + " ('" + label_.input_name(i) + "') is " +
                            dtype_name(in[i].dtype) + " " + shape_string(in[i].shape) +
                            "; start, limit and delta must be scalars of one type");
      if (!in[i].data)
        return label_.error(std::string(kNames[i]) + " ('" + label_.input_name(i) +
                            "') depends on input values, not only on shapes, and the output "
                            "length depends on it; wasmnn plans memory ahead and needs it known "
                            "when planning (an initializer, or computed from shapes)");
    }
    switch (t) {
      case DType::kFloat32: WNN_RETURN_IF_ERROR(compute<float>(in, needs)); break;
      case DType::kInt64: WNN_RETURN_IF_ERROR(compute<int64_t>(in, needs)); break;
      case DType::kInt32: WNN_RETURN_IF_ERROR(compute<int32_t>(in, needs)); break;
      default:
        return label_.error(std::string("type ") + dtype_name(t) +
                            " is not supported (float32, int64, int32 are)");
    }
    out = {{t, {count_}, values_.data()}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    if (!values_.empty()) std::memcpy(a.outputs[0], values_.data(), values_.size());
  }

 private:
  template <typename T>
  Status compute(const std::vector<TensorDesc>& in, const StepNeeds& needs) {
    const T start = *static_cast<const T*>(in[0].data);
    const T limit = *static_cast<const T*>(in[1].data);
    const T delta = *static_cast<const T*>(in[2].data);
    if (delta == T(0)) return label_.error("delta is 0: the range would never reach its limit");
    const double n = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) /
                               static_cast<double>(delta));
    if (!(n < 1e18)) return label_.error("the range has too many elements");
    // The values are made here, while planning: their size is checked before they are.
    WNN_RETURN_IF_ERROR(label_.check_output_size(0, {n > 0 ? static_cast<int64_t>(n) : 0},
                                                 in[0].dtype, needs.memory_limit));
    count_ = n > 0 ? static_cast<int64_t>(n) : 0;
    values_.resize(static_cast<size_t>(count_) * sizeof(T));
    T* v = reinterpret_cast<T*>(values_.data());
    for (int64_t i = 0; i < count_; ++i) v[i] = static_cast<T>(start + static_cast<T>(i) * delta);
    return ok_status();
  }

  OpLabel label_;
  int64_t count_ = 0;
  std::vector<uint8_t> values_;  // alignas is not needed: vector storage is malloc-aligned
};

}  // namespace

Expected<std::unique_ptr<Op>> create_range(const OpContext& ctx) {
  return std::unique_ptr<Op>(new RangeOp(ctx));
}

}  // namespace wnn
