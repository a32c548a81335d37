// GatherND (opsets 11-13; batch_dims from 12), any dtype, int64 or int32 indices: each row of
// `indices` ([..., k]) is a coordinate of data's first k axes after the batch_dims leading ones,
// and picks the slice of data there. Negative indices count from the end. Indices known at plan
// time are range-checked there; run() cannot fail, so a row out of range that only shows at run
// time gives a slice of zeros rather than reading outside the tensor (as Gather does).
#include <algorithm>
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class GatherNdOp final : public Op {
 public:
  GatherNdOp(OpContext ctx, int64_t batch_dims) : label_(ctx), batch_dims_(batch_dims) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_gather_inputs(label_, in));
    const Shape& x = in[0].shape;
    const Shape& idx = in[1].shape;
    const size_t b = static_cast<size_t>(batch_dims_);
    if (idx.size() < b + 1 || idx.back() < 1 || b + static_cast<size_t>(idx.back()) > x.size())
      return label_.error("indices " + shape_string(idx) + " must have rank above batch_dims " +
                          std::to_string(b) + " and end in an axis of length 1 to " +
                          std::to_string(static_cast<int64_t>(x.size()) - batch_dims_) +
                          " for data " + shape_string(x));
    if (!std::equal(x.begin(), x.begin() + b, idx.begin()))
      return label_.error("the first batch_dims = " + std::to_string(b) + " axes of data " +
                          shape_string(x) + " and indices " + shape_string(idx) + " must agree");
    k_ = static_cast<size_t>(idx.back());
    if (in[1].data)
      for (int64_t i = 0; i < in[1].elements(); ++i) {
        const size_t axis = b + static_cast<size_t>(i) % k_;
        const int64_t v = index_at(in[1].data, in[1].dtype, i);
        if (v < -x[axis] || v >= x[axis])
          return label_.error("index " + std::to_string(v) + " is out of range for axis " +
                              std::to_string(axis) + " of size " + std::to_string(x[axis]));
      }
    Shape y(idx.begin(), idx.end() - 1);
    y.insert(y.end(), x.begin() + b + k_, x.end());
    strides_ = row_major_strides(x);
    out = {{in[0].dtype, y}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const TensorDesc& id = (*a.input_descs)[1];
    const Shape& x = xd.shape;
    const size_t b = static_cast<size_t>(batch_dims_);
    const size_t elem = dtype_size(xd.dtype);
    // A batch is data's block under the batch axes; a slice what one index row picks.
    const int64_t batches = shape_elements(Shape(x.begin(), x.begin() + b));
    const int64_t batch_size = b == 0 ? xd.elements() : strides_[b - 1];
    const int64_t slice = b + k_ == x.size() ? 1 : strides_[b + k_ - 1];
    const int64_t rows = batches == 0 ? 0 : id.elements() / static_cast<int64_t>(k_) / batches;
    const size_t slice_bytes = static_cast<size_t>(slice) * elem;
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    int64_t i = 0;  // position in indices
    for (int64_t n = 0; n < batches; ++n)
      for (int64_t r = 0; r < rows; ++r, dst += slice_bytes) {
        int64_t offset = n * batch_size;
        bool inside = true;
        for (size_t d = b; d < b + k_; ++d, ++i) {
          int64_t v = index_at(a.inputs[1], id.dtype, i);
          if (v < 0) v += x[d];
          inside = inside && v >= 0 && v < x[d];
          offset += v * strides_[d];
        }
        if (inside)
          std::memcpy(dst, src + static_cast<size_t>(offset) * elem, slice_bytes);
        else
          std::memset(dst, 0, slice_bytes);
      }
  }

 private:
  OpLabel label_;
  int64_t batch_dims_;
  size_t k_ = 1;
  std::vector<int64_t> strides_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gather_nd(const OpContext& ctx) {
  const int64_t batch_dims = ctx.node.attr_int("batch_dims", 0);
  if (batch_dims != 0 && ctx.opset() < 12) return ctx.error("batch_dims is defined from opset 12");
  if (batch_dims < 0)
    return ctx.error("batch_dims " + std::to_string(batch_dims) + " must not be negative");
  return std::unique_ptr<Op>(new GatherNdOp(ctx, batch_dims));
}

}  // namespace wnn
