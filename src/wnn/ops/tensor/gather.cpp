// Gather (opsets 1-13) along any axis, any dtype, int64 or int32 indices; negative indices count
// from the end (opset 11). Indices known at plan time are range-checked there; run() cannot fail,
// so an out-of-range index that only shows at run time gives zeros rather than reading outside
// the tensor.
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class GatherOp final : public Op {
 public:
  GatherOp(OpContext ctx, int64_t axis) : label_(ctx), axis_attr_(axis) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_gather_inputs(label_, in));
    const Shape& x = in[0].shape;
    const Shape& idx = in[1].shape;
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()));
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    WNN_RETURN_IF_ERROR(check_known_indices(label_, in[1], axis_, x[axis_]));
    Shape y(x.begin(), x.begin() + axis_);
    y.insert(y.end(), idx.begin(), idx.end());
    y.insert(y.end(), x.begin() + axis_ + 1, x.end());
    out = {{in[0].dtype, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const TensorDesc& id = (*a.input_descs)[1];
    const Shape& x = xd.shape;
    size_t outer = 1, inner = dtype_size(xd.dtype);
    for (int64_t d = 0; d < axis_; ++d) outer *= static_cast<size_t>(x[d]);
    for (size_t d = static_cast<size_t>(axis_) + 1; d < x.size(); ++d)
      inner *= static_cast<size_t>(x[d]);
    const int64_t dim = x[axis_];
    const int64_t n = id.elements();
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    for (size_t o = 0; o < outer; ++o) {
      const char* block = src + o * static_cast<size_t>(dim) * inner;
      for (int64_t i = 0; i < n; ++i, dst += inner) {
        int64_t v = index_at(a.inputs[1], id.dtype, i);
        if (v < 0) v += dim;
        if (v < 0 || v >= dim)
          std::memset(dst, 0, inner);
        else
          std::memcpy(dst, block + static_cast<size_t>(v) * inner, inner);
      }
    }
  }

 private:
  OpLabel label_;
  int64_t axis_attr_;
  int64_t axis_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gather(const OpContext& ctx) {
  return std::unique_ptr<Op>(new GatherOp(ctx, ctx.node.attr_int("axis", 0)));
}

}  // namespace wnn
