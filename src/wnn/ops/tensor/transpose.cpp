// Transpose (opsets 1-13), any dtype: perm defaults to reversing the axes. A strided copy whose
// innermost run is a memcpy when the last axis stays last.
#include "wnn/ops/shape_op_util.h"
#include "wnn/ops/tensor/strided_copy_op.h"

namespace wnn {
namespace {

class TransposeOp final : public StridedCopyOp {
 public:
  TransposeOp(const OpContext& ctx, std::vector<int64_t> perm)
      : StridedCopyOp(ctx),
        has_perm_(ctx.node.attribute("perm") != nullptr),
        perm_(std::move(perm)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    std::vector<int64_t> perm = perm_;
    if (!has_perm_) {
      perm.resize(x.size());
      for (int64_t d = 0; d < rank; ++d) perm[d] = rank - 1 - d;
    }
    if (static_cast<int64_t>(perm.size()) != rank)
      return label_.error("perm " + shape_string(perm) + " has " + std::to_string(perm.size()) +
                          " entries, but the input " + shape_string(x) + " has rank " +
                          std::to_string(rank));
    Expected<std::vector<int64_t>> axes = normalize_axes(label_, perm, rank, "perm");
    if (!axes.ok()) return axes.status();
    perm = axes.take();
    const std::vector<int64_t> strides = row_major_strides(x);
    kernels::StridedView view;
    Shape y(x.size());
    for (size_t d = 0; d < perm.size(); ++d) {
      y[d] = x[perm[d]];
      view.dims.push_back(y[d]);
      view.strides.push_back(strides[perm[d]]);
    }
    return set_view(in[0].dtype, view, y, out);
  }

 private:
  bool has_perm_;

  std::vector<int64_t> perm_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_transpose(const OpContext& ctx) {
  return std::unique_ptr<Op>(new TransposeOp(ctx, ctx.node.attr_ints("perm")));
}

}  // namespace wnn
