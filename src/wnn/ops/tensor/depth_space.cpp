// DepthToSpace (DCR and, from opset 11, CRD) and SpaceToDepth over N x C x H x W, any dtype: each
// is a reshape to 6-D, a transpose and a reshape back, so one strided view of the input (one copy).
#include "wnn/ops/shape_op_util.h"
#include "wnn/ops/tensor/strided_copy_op.h"

namespace wnn {
namespace {

class DepthToSpaceOp final : public StridedCopyOp {
 public:
  DepthToSpaceOp(const OpContext& ctx, int64_t block, bool crd)
      : StridedCopyOp(ctx), block_(block), crd_(crd) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    if (x.size() != 4)
      return label_.error("the input must be 4-D (N x C x H x W); it is " + shape_string(x));
    const int64_t b = block_, n = x[0], c = x[1], h = x[2], w = x[3];
    if (c % (b * b) != 0)
      return label_.error("the channels of input " + shape_string(x) +
                          " must be a multiple of blocksize^2 = " + std::to_string(b * b));
    const int64_t oc = c / (b * b), plane = h * w;
    // Input channel of (c', b1, b2): DCR reads b1 * b * C' + b2 * C' + c'; CRD c' * b * b + b1 * b
    // + b2. Output walks n, c', h, b1, w, b2.
    const int64_t s_c = crd_ ? b * b * plane : plane;
    const int64_t s_b1 = crd_ ? b * plane : b * oc * plane;
    const int64_t s_b2 = crd_ ? plane : oc * plane;
    kernels::StridedView view;
    view.dims = {n, oc, h, b, w, b};
    view.strides = {c * plane, s_c, w, s_b1, 1, s_b2};
    return set_view(in[0].dtype, view, {n, oc, h * b, w * b}, out);
  }

 private:
  int64_t block_;
  bool crd_;
};

class SpaceToDepthOp final : public StridedCopyOp {
 public:
  SpaceToDepthOp(const OpContext& ctx, int64_t block) : StridedCopyOp(ctx), block_(block) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    const Shape& x = in[0].shape;
    if (x.size() != 4)
      return label_.error("the input must be 4-D (N x C x H x W); it is " + shape_string(x));
    const int64_t b = block_, n = x[0], c = x[1], h = x[2], w = x[3];
    if (h % b != 0 || w % b != 0)
      return label_.error("the height and width of input " + shape_string(x) +
                          " must be multiples of blocksize " + std::to_string(b));
    // Output channel (b1 * b + b2) * C + c, row h', column w' reads x[n, c, h' b + b1, w' b + b2].
    kernels::StridedView view;
    view.dims = {n, b, b, c, h / b, w / b};
    view.strides = {c * h * w, w, 1, h * w, b * w, b};
    return set_view(in[0].dtype, view, {n, c * b * b, h / b, w / b}, out);
  }

 private:
  int64_t block_;
};

Expected<int64_t> block_size(const OpContext& ctx) {
  const Attribute* a = ctx.node.attribute("blocksize");
  if (!a) return ctx.error("the blocksize attribute is missing");
  if (a->i < 1) return ctx.error("blocksize " + std::to_string(a->i) + " must be at least 1");
  return a->i;
}

}  // namespace

Expected<std::unique_ptr<Op>> create_depth_to_space(const OpContext& ctx) {
  Expected<int64_t> b = block_size(ctx);
  if (!b.ok()) return b.status();
  const std::string mode = ctx.node.attr_string("mode", "DCR");
  if (mode != "DCR" && mode != "CRD")
    return ctx.error("mode '" + mode + "' is not one of DCR and CRD");
  return std::unique_ptr<Op>(new DepthToSpaceOp(ctx, b.value(), mode == "CRD"));
}

Expected<std::unique_ptr<Op>> create_space_to_depth(const OpContext& ctx) {
  Expected<int64_t> b = block_size(ctx);
  if (!b.ok()) return b.status();
  return std::unique_ptr<Op>(new SpaceToDepthOp(ctx, b.value()));
}

}  // namespace wnn
