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
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    const Shape& idx = in[1].shape;
    if (!is_index_dtype(in[1].dtype))
      return label_.error(std::string("indices must be int64 or int32; they are ") +
                          dtype_name(in[1].dtype));
    if (x.empty()) return label_.error("cannot gather from a scalar (rank 0 data)");
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()));
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    const int64_t dim = x[axis_];
    if (in[1].data) {
      for (int64_t i = 0; i < in[1].elements(); ++i) {
        const int64_t v = index_at(in[1].data, in[1].dtype, i);
        if (v < -dim || v >= dim)
          return label_.error("index " + std::to_string(v) + " is out of range for axis " +
                              std::to_string(axis_) + " of size " + std::to_string(dim));
      }
    }
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
  static int64_t index_at(const void* p, DType t, int64_t i) {
    return t == DType::kInt64 ? static_cast<const int64_t*>(p)[i]
                              : static_cast<const int32_t*>(p)[i];
  }

  OpLabel label_;
  int64_t axis_attr_;
  int64_t axis_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gather(const OpContext& ctx) {
  return std::unique_ptr<Op>(new GatherOp(ctx, ctx.node.attr_int("axis", 0)));
}

}  // namespace wnn
