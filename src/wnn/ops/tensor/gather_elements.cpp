// GatherElements (opsets 11-13), any dtype, int64 or int32 indices of the same rank as the data:
// out[i_0, ..., i_k] = data[i_0, ..., indices[i_0, ..., i_k], ..., i_k] (the index replaces the
// coordinate on `axis`; negative indices count from the end). Indices known at plan time are
// range-checked there; run() cannot fail, so an out-of-range index that only shows at run time
// gives a zero rather than reading outside the tensor.
#include <cstring>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class GatherElementsOp final : public Op {
 public:
  GatherElementsOp(OpContext ctx, int64_t axis) : label_(ctx), axis_attr_(axis) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_gather_inputs(label_, in));
    const Shape& x = in[0].shape;
    const Shape& idx = in[1].shape;
    if (x.size() > kMaxRank)
      return label_.error("data " + shape_string(x) + " has rank above " +
                          std::to_string(kMaxRank));
    if (idx.size() != x.size())
      return label_.error("indices " + shape_string(idx) + " must have the rank of data " +
                          shape_string(x));
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()));
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    for (size_t d = 0; d < x.size(); ++d)
      if (static_cast<int64_t>(d) != axis_ && idx[d] > x[d])
        return label_.error("indices " + shape_string(idx) + " are larger than data " +
                            shape_string(x) + " on axis " + std::to_string(d));
    WNN_RETURN_IF_ERROR(check_known_indices(label_, in[1], axis_, x[axis_]));
    out = {{in[0].dtype, idx}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const TensorDesc& id = (*a.input_descs)[1];
    const size_t elem = dtype_size(xd.dtype);
    const Shape& x = xd.shape;
    const Shape& idx = id.shape;
    const size_t rank = x.size();
    const int64_t n = id.elements();
    const int64_t dim = x[axis_];
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    // Walk the output in order, keeping its coordinate and the data offset of the coordinate
    // without the axis term.
    int64_t coord[kMaxRank] = {};
    int64_t base = 0;
    int64_t stride[kMaxRank];
    for (size_t d = rank; d-- > 0;) stride[d] = d + 1 == rank ? 1 : stride[d + 1] * x[d + 1];
    for (int64_t i = 0; i < n; ++i, dst += elem) {
      int64_t v = index_at(a.inputs[1], id.dtype, i);
      if (v < 0) v += dim;
      if (v < 0 || v >= dim)
        std::memset(dst, 0, elem);
      else
        std::memcpy(dst, src + (base + v * stride[axis_]) * elem, elem);
      for (size_t d = rank; d-- > 0;) {  // next output coordinate
        if (++coord[d] < idx[d]) {
          if (static_cast<int64_t>(d) != axis_) base += stride[d];
          break;
        }
        if (static_cast<int64_t>(d) != axis_) base -= (coord[d] - 1) * stride[d];
        coord[d] = 0;
      }
    }
  }

 private:
  static constexpr size_t kMaxRank = 16;
  OpLabel label_;
  int64_t axis_attr_;
  int64_t axis_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gather_elements(const OpContext& ctx) {
  return std::unique_ptr<Op>(new GatherElementsOp(ctx, ctx.node.attr_int("axis", 0)));
}

}  // namespace wnn
