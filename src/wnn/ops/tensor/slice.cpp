// Slice, any dtype. From opset 10 starts/ends/axes/steps are inputs, known at plan time; before 10
// starts/ends/axes are attributes. Negative starts/ends count from the end, out-of-range values
// are clamped, negative steps walk backwards (ONNX Slice-13 rules).
#include <algorithm>

#include "wnn/ops/shape_op_util.h"
#include "wnn/ops/tensor/strided_copy_op.h"

namespace wnn {
namespace {

class SliceOp final : public StridedCopyOp {
 public:
  // Opset 1-9 give starts/ends/axes as attributes, read here once.
  explicit SliceOp(const OpContext& ctx)
      : StridedCopyOp(ctx),
        attr_starts_(ctx.node.attr_ints("starts")),
        attr_ends_(ctx.node.attr_ints("ends")),
        attr_axes_(ctx.node.attr_ints("axes")) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    std::vector<int64_t> starts, ends, axes, steps;
    const bool from_inputs = label_.opset() >= 10 || in.size() > 1;
    if (from_inputs) {
      Expected<std::vector<int64_t>> s = plan_time_ints(label_, in, 1, "starts");
      if (!s.ok()) return s.status();
      Expected<std::vector<int64_t>> e = plan_time_ints(label_, in, 2, "ends");
      if (!e.ok()) return e.status();
      starts = s.take();
      ends = e.take();
      if (in.size() > 3 && !in[3].omitted()) {
        Expected<std::vector<int64_t>> a = plan_time_ints(label_, in, 3, "axes");
        if (!a.ok()) return a.status();
        axes = a.take();
      }
      if (in.size() > 4 && !in[4].omitted()) {
        Expected<std::vector<int64_t>> st = plan_time_ints(label_, in, 4, "steps");
        if (!st.ok()) return st.status();
        steps = st.take();
      }
    } else {
      starts = attr_starts_;
      ends = attr_ends_;
      axes = attr_axes_;
    }
    if (axes.empty() && !(from_inputs && in.size() > 3 && !in[3].omitted()))
      for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
    if (steps.empty()) steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
      return label_.error("starts " + shape_string(starts) + ", ends " + shape_string(ends) +
                          ", axes " + shape_string(axes) + " and steps " + shape_string(steps) +
                          " must have the same length");
    Expected<std::vector<int64_t>> ax = normalize_axes(label_, axes, rank);
    if (!ax.ok()) return ax.status();

    const std::vector<int64_t> strides = row_major_strides(x);
    kernels::StridedView view;
    view.dims = x;
    view.strides = strides;
    for (size_t i = 0; i < starts.size(); ++i) {
      const int64_t axis = ax.value()[i], dim = x[axis];
      if (steps[i] == 0) return label_.error("steps " + shape_string(steps) + " has a 0");
      // A step longer than the axis takes one element at most: bounded by the axis, so that no
      // sum or product below overflows for a step near INT64_MIN or INT64_MAX.
      const int64_t reach = std::max<int64_t>(dim, 1);
      const int64_t step = std::clamp<int64_t>(steps[i], -reach, reach);
      int64_t start = starts[i], end = ends[i];
      if (start < 0) start += dim;
      if (end < 0) end += dim;
      int64_t count;
      if (dim == 0) {
        count = 0;
      } else if (step > 0) {
        start = std::clamp<int64_t>(start, 0, dim);
        end = std::clamp<int64_t>(end, 0, dim);
        count = end > start ? (end - start + step - 1) / step : 0;
      } else {
        start = std::clamp<int64_t>(start, 0, dim - 1);
        end = std::clamp<int64_t>(end, -1, dim - 1);
        count = start > end ? (start - end - step - 1) / -step : 0;
      }
      view.dims[axis] = count;
      view.strides[axis] = strides[axis] * step;
      if (count > 0) view.offset += start * strides[axis];
    }
    return set_view(in[0].dtype, view, view.dims, out);
  }

 private:
  std::vector<int64_t> attr_starts_, attr_ends_, attr_axes_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_slice(const OpContext& ctx) {
  return std::unique_ptr<Op>(new SliceOp(ctx));
}

}  // namespace wnn
