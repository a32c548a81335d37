// GatherElements (opsets 11-13), any dtype, int64 or int32 indices of the same rank as the data:
// out[i_0, ..., i_k] = data[i_0, ..., indices[i_0, ..., i_k], ..., i_k] (the index replaces the
// coordinate on `axis`; negative indices count from the end). Indices known at plan time are
// range-checked there; run() cannot fail, so an out-of-range index that only shows at run time
// gives a zero rather than reading outside the tensor.
#include <cstring>

#include "wnn/ops/tensor/element_indices.h"

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
    if (x.size() > kMaxElementIndexRank)
      return label_.error("data " + shape_string(x) + " has rank above " +
                          std::to_string(kMaxElementIndexRank));
    if (idx.size() != x.size())
      return label_.error("indices " + shape_string(idx) + " must have the rank of data " +
                          shape_string(x));
    Expected<int64_t> axis = element_axis(label_, axis_attr_, x, in[1]);
    if (!axis.ok()) return axis.status();
    axis_ = axis.value();
    out = {{in[0].dtype, idx}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const TensorDesc& xd = (*a.input_descs)[0];
    const TensorDesc& id = (*a.input_descs)[1];
    const size_t elem = dtype_size(xd.dtype);
    const char* src = static_cast<const char*>(a.inputs[0]);
    char* dst = static_cast<char*>(a.outputs[0]);
    for_each_element_index(xd.shape, id.shape, a.inputs[1], id.dtype, axis_,
                           [&](int64_t i, int64_t from) {
                             if (from < 0)
                               std::memset(dst + i * elem, 0, elem);
                             else
                               std::memcpy(dst + i * elem, src + from * elem, elem);
                           });
  }

 private:
  OpLabel label_;
  int64_t axis_attr_;
  int64_t axis_ = 0;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_gather_elements(const OpContext& ctx) {
  return std::unique_ptr<Op>(new GatherElementsOp(ctx, ctx.node.attr_int("axis", 0)));
}

}  // namespace wnn
