// Compress (opsets 9-11; negative axis from 11), any dtype: the slices along `axis` (or, without
// one, the elements of the flattened input) where the bool condition is true. A condition
// shorter than the axis drops the slices past its end. Its output shape depends on the
// condition's values, so wasmnn (which plans memory ahead) runs it only when the condition is
// known at plan time, as it does NonZero.
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class CompressOp final : public Op {
 public:
  CompressOp(OpContext ctx, bool has_axis, int64_t axis)
      : label_(ctx), has_axis_(has_axis), axis_attr_(axis) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 2 || in[1].omitted())
      return label_.error("it takes 2 inputs: input, condition");
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const TensorDesc& c = in[1];
    if (c.dtype != DType::kBool || c.shape.size() != 1)
      return label_.error("condition ('" + label_.input_name(1) +
                          "') must be a 1-D bool tensor; it is " + dtype_name(c.dtype) + " " +
                          shape_string(c.shape));
    if (!c.data)
      return label_.error(
          "its output shape depends on the condition's values, and the condition ('" +
          label_.input_name(1) +
          "') is only known at run time; wasmnn plans memory ahead, so it runs Compress only "
          "with a condition known when planning (an initializer, or computed from shapes)");
    const Shape& x = in[0].shape;
    Shape y;
    if (has_axis_) {
      Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()));
      if (!axis.ok()) return axis.status();
      y = x;
      axis_ = static_cast<size_t>(axis.value());
    } else {  // the flattened input: one axis
      y = {in[0].elements()};
      axis_ = 0;
    }
    if (c.shape[0] > y[axis_])
      return label_.error("condition " + shape_string(c.shape) + " is longer than axis " +
                          std::to_string(axis_) + " of size " + std::to_string(y[axis_]));
    kept_.clear();
    const uint8_t* keep = static_cast<const uint8_t*>(c.data);
    for (int64_t i = 0; i < c.shape[0]; ++i)
      if (keep[i]) kept_.push_back(i);
    y[axis_] = static_cast<int64_t>(kept_.size());
    out = {{in[0].dtype, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const Shape& x = xd.shape;
    // Outer blocks of `dim` slices of `slice` bytes each (the flattened input: one block).
    size_t outer = 1, slice = dtype_size(xd.dtype);
    int64_t dim = xd.elements();
    if (has_axis_) {
      for (size_t d = 0; d < axis_; ++d) outer *= static_cast<size_t>(x[d]);
      for (size_t d = axis_ + 1; d < x.size(); ++d) slice *= static_cast<size_t>(x[d]);
      dim = x[axis_];
    }
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    for (size_t o = 0; o < outer; ++o, src += static_cast<size_t>(dim) * slice)
      for (int64_t k : kept_) {
        std::memcpy(dst, src + static_cast<size_t>(k) * slice, slice);
        dst += slice;
      }
  }

 private:
  OpLabel label_;
  bool has_axis_;
  int64_t axis_attr_;
  size_t axis_ = 0;
  std::vector<int64_t> kept_;  // the condition's true positions
};

}  // namespace

Expected<std::unique_ptr<Op>> create_compress(const OpContext& ctx) {
  const bool has_axis = ctx.node.attribute("axis") != nullptr;
  const int64_t axis = ctx.node.attr_int("axis", 0);
  if (axis < 0 && ctx.opset() < 11) return ctx.error("a negative axis is defined from opset 11");
  return std::unique_ptr<Op>(new CompressOp(ctx, has_axis, axis));
}

}  // namespace wnn
