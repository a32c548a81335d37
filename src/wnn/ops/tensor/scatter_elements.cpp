// ScatterElements (opsets 11-18) and the deprecated Scatter (opsets 9-10, the same without
// reduction): a copy of data in which each element of `updates` lands where GatherElements would
// read it, data[i_0, ..., indices[i_0, ..., i_k], ..., i_k], replacing the element or combined
// with it (reduction add and mul from opset 16, max and min from opset 18). Any dtype, int64 or
// int32 indices of the rank of data. Elements are applied in order, so repeated indices give
// the same result every run (ONNX leaves that undefined with reduction none). Indices known at
// plan time are range-checked there; an element out of range at run time is skipped (run()
// cannot fail), as ScatterND does.
#include <cstring>

#include "wnn/ops/tensor/element_indices.h"
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
    if (x.size() > kMaxElementIndexRank)
      return label_.error("data " + shape_string(x) + " has rank above " +
                          std::to_string(kMaxElementIndexRank));
    if (idx.size() != x.size() || in[2].shape != idx)
      return label_.error("indices " + shape_string(idx) + " and updates " +
                          shape_string(in[2].shape) + " must have one shape, of the rank of data " +
                          shape_string(x));
    Expected<int64_t> axis = element_axis(label_, axis_attr_, x, in[1]);
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    out = {{in[0].dtype, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const TensorDesc& id = (*a.input_descs)[1];
    const size_t elem = dtype_size(xd.dtype);
    char* y = static_cast<char*>(a.outputs[0]);
    if (xd.elements() > 0 && a.outputs[0] != a.inputs[0]) std::memcpy(y, a.inputs[0], xd.bytes());
    const char* upd = static_cast<const char*>(a.inputs[2]);
    for_each_element_index(xd.shape, id.shape, a.inputs[1], id.dtype, axis_,
                           [&](int64_t i, int64_t to) {  // an index out of range is skipped
                             if (to >= 0)
                               scatter_combine(reduction_, xd.dtype, y + to * elem, upd + i * elem,
                                               1);
                           });
  }

 private:
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
