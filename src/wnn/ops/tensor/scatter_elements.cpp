// ScatterElements (opsets 11-18) and the deprecated Scatter (opsets 9-10, the same without
// reduction): a copy of data in which each element of `updates` lands where GatherElements would
// read it, data[i_0, ..., indices[i_0, ..., i_k], ..., i_k], replacing the element or combined
// with it (reduction add and mul from opset 16, max and min from opset 18). Any dtype, int64 or
// int32 indices of the rank of data. Elements are applied in order, so repeated indices give
// the same result every run (ONNX leaves that undefined with reduction none). Indices known at
// plan time are range-checked there; an element out of range at run time is skipped (run()
// cannot fail), as ScatterND does.
#include <cstring>

#include "wnn/ops/shape_op_util.h"
#include "wnn/ops/tensor/scatter_reduction.h"

namespace wnn {
namespace {

class ScatterElementsOp final : public Op {
 public:
  ScatterElementsOp(OpContext ctx, int64_t axis, ScatterReduction r)
      : label_(ctx), axis_attr_(axis), reduction_(r) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    if (in.size() != 3 || in[1].omitted() || in[2].omitted())
      return label_.error("it takes 3 inputs: data, indices, updates");
    WNN_RETURN_IF_ERROR(check_scatter_dtypes(label_, in, reduction_));
    const Shape& x = in[0].shape;
    const Shape& idx = in[1].shape;
    if (!is_index_dtype(in[1].dtype))
      return label_.error(std::string("indices must be int64 or int32; they are ") +
                          dtype_name(in[1].dtype));
    if (x.empty()) return label_.error("cannot scatter into a scalar (rank 0 data)");
    if (x.size() > kMaxRank)
      return label_.error("data " + shape_string(x) + " has rank above " +
                          std::to_string(kMaxRank));
    if (idx.size() != x.size() || in[2].shape != idx)
      return label_.error("indices " + shape_string(idx) + " and updates " +
                          shape_string(in[2].shape) + " must have one shape, of the rank of data " +
                          shape_string(x));
    Expected<int64_t> axis = normalize_axis(label_, axis_attr_, static_cast<int64_t>(x.size()));
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    for (size_t d = 0; d < x.size(); ++d)
      if (static_cast<int64_t>(d) != axis_ && idx[d] > x[d])
        return label_.error("indices " + shape_string(idx) + " are larger than data " +
                            shape_string(x) + " on axis " + std::to_string(d));
    WNN_RETURN_IF_ERROR(check_known_indices(label_, in[1], axis_, x[axis_]));
    out = {{in[0].dtype, x}};
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
    char* y = static_cast<char*>(a.outputs[0]);
    if (xd.elements() > 0 && a.outputs[0] != a.inputs[0]) std::memcpy(y, a.inputs[0], xd.bytes());
    const char* upd = static_cast<const char*>(a.inputs[2]);
    // Walk indices in order, keeping their coordinate and the data offset of the coordinate
    // without the axis term (as GatherElements does).
    int64_t coord[kMaxRank] = {};
    int64_t base = 0;
    int64_t stride[kMaxRank];
    for (size_t d = rank; d-- > 0;) stride[d] = d + 1 == rank ? 1 : stride[d + 1] * x[d + 1];
    for (int64_t i = 0; i < n; ++i, upd += elem) {
      int64_t v = index_at(a.inputs[1], id.dtype, i);
      if (v < 0) v += dim;
      if (v >= 0 && v < dim)
        scatter_combine(reduction_, xd.dtype, y + (base + v * stride[axis_]) * elem, upd, 1);
      for (size_t d = rank; d-- > 0;) {  // next coordinate
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
  ScatterReduction reduction_;
  int64_t axis_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_scatter_elements(const OpContext& ctx) {
  Expected<ScatterReduction> r = parse_scatter_reduction(ctx);
  if (!r.ok()) return r.status();
  return std::unique_ptr<Op>(new ScatterElementsOp(ctx, ctx.node.attr_int("axis", 0), r.value()));
}

}  // namespace wnn
