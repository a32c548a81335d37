// Squeeze and Unsqueeze, any dtype: the data is copied unchanged, only the shape changes.
// Axes come from the `axes` attribute before opset 13 and from input 1 from opset 13 on (then
// known at plan time: an initializer, or computed from shapes).
#include <algorithm>
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

// Checks the input, reads the axes (input 1 when the node has it, else the attribute), and
// leaves the new shape to the subclass; `axes` is null when neither was given.
class AxesShapeOp : public Op {
 public:
  explicit AxesShapeOp(const OpContext& ctx)
      : label_(ctx),
        has_attr_axes_(ctx.node.attribute("axes") != nullptr),
        attr_axes_(ctx.node.attr_ints("axes")) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) final {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const bool from_input = in.size() > 1 && !in[1].omitted();
    const bool present = from_input || has_attr_axes_;
    Expected<std::vector<int64_t>> axes = std::vector<int64_t>{};
    if (from_input)
      axes = plan_time_ints(label_, in, 1, "axes");
    else if (present)
      axes = attr_axes_;
    if (!axes.ok()) return axes.status();
    Expected<Shape> y = output_shape(in[0].shape, present ? &axes.value() : nullptr);
    if (!y.ok()) return y.status();
    out = {{in[0].dtype, y.value()}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const TensorDesc& x = (*a.input_descs)[0];
    if (a.outputs[0] != a.inputs[0] && x.bytes()) std::memcpy(a.outputs[0], a.inputs[0], x.bytes());
  }

 protected:
  virtual Expected<Shape> output_shape(const Shape& x, const std::vector<int64_t>* axes) const = 0;

  OpLabel label_;
  bool has_attr_axes_;
  std::vector<int64_t> attr_axes_;
};

class SqueezeOp final : public AxesShapeOp {
 public:
  using AxesShapeOp::AxesShapeOp;

 private:
  Expected<Shape> output_shape(const Shape& x, const std::vector<int64_t>* axes) const override {
    Shape y;
    if (!axes) {  // every dimension of size 1 goes
      for (int64_t d : x)
        if (d != 1) y.push_back(d);
      return y;
    }
    Expected<std::vector<int64_t>> ax =
        normalize_axes(label_, *axes, static_cast<int64_t>(x.size()));
    if (!ax.ok()) return ax.status();
    std::vector<bool> drop(x.size(), false);
    for (int64_t a : ax.value()) {
      if (x[a] != 1)
        return label_.error("cannot squeeze axis " + std::to_string(a) + " of input " +
                            shape_string(x) + ": its size is not 1");
      drop[a] = true;
    }
    for (size_t d = 0; d < x.size(); ++d)
      if (!drop[d]) y.push_back(x[d]);
    return y;
  }
};

class UnsqueezeOp final : public AxesShapeOp {
 public:
  using AxesShapeOp::AxesShapeOp;

 private:
  Expected<Shape> output_shape(const Shape& x, const std::vector<int64_t>* axes) const override {
    if (!axes)
      return label_.error(label_.opset() >= 13 ? "the axes input (input 1) is missing"
                                               : "the axes attribute is missing");
    const int64_t rank = static_cast<int64_t>(x.size() + axes->size());
    Expected<std::vector<int64_t>> ax = normalize_axes(label_, *axes, rank);
    if (!ax.ok()) return ax.status();
    std::vector<bool> inserted(static_cast<size_t>(rank), false);
    for (int64_t a : ax.value()) inserted[a] = true;
    Shape y;
    size_t next = 0;
    for (int64_t d = 0; d < rank; ++d) y.push_back(inserted[d] ? 1 : x[next++]);
    return y;
  }
};

}  // namespace

Expected<std::unique_ptr<Op>> create_squeeze(const OpContext& ctx) {
  return std::unique_ptr<Op>(new SqueezeOp(ctx));
}

Expected<std::unique_ptr<Op>> create_unsqueeze(const OpContext& ctx) {
  return std::unique_ptr<Op>(new UnsqueezeOp(ctx));
}

}  // namespace wnn
