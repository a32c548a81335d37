// Expand (numpy-style broadcast to a shape) and Tile, any dtype. The target shape and the repeats
// are inputs known at plan time. Both are one strided copy: broadcast dimensions read with stride
// 0, and Tile reads an output [r0, d0, r1, d1, ...] whose repeat dimensions have stride 0.
#include <algorithm>

#include "wnn/ops/shape_op_util.h"
#include "wnn/ops/tensor/strided_copy_op.h"

namespace wnn {
namespace {

class ExpandOp final : public StridedCopyOp {
 public:
  using StridedCopyOp::StridedCopyOp;
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    Expected<std::vector<int64_t>> target = plan_time_ints(label_, in, 1, "shape");
    if (!target.ok()) return target.status();
    const Shape& x = in[0].shape;
    const Shape& t = target.value();
    const size_t rank = std::max(x.size(), t.size());
    const std::vector<int64_t> strides = row_major_strides(x);
    kernels::StridedView view;
    Shape y(rank);
    for (size_t d = 0; d < rank; ++d) {  // right-aligned, as numpy
      const int64_t xi = static_cast<int64_t>(d) - static_cast<int64_t>(rank - x.size());
      const int64_t ti = static_cast<int64_t>(d) - static_cast<int64_t>(rank - t.size());
      const int64_t xd = xi >= 0 ? x[xi] : 1, td = ti >= 0 ? t[ti] : 1;
      if (xd != td && xd != 1 && td != 1)
        return label_.error("input " + shape_string(x) + " cannot be broadcast to shape " +
                            shape_string(t));
      y[d] = xd == 1 ? td : xd;
      view.dims.push_back(y[d]);
      view.strides.push_back(xd == 1 ? 0 : strides[xi]);
    }
    return set_view(in[0].dtype, view, y, out);
  }
};

class TileOp final : public StridedCopyOp {
 public:
  using StridedCopyOp::StridedCopyOp;
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_storable(label_, in[0], 0));
    Expected<std::vector<int64_t>> repeats = plan_time_ints(label_, in, 1, "repeats");
    if (!repeats.ok()) return repeats.status();
    const Shape& x = in[0].shape;
    const std::vector<int64_t>& r = repeats.value();
    if (r.size() != x.size())
      return label_.error("repeats " + shape_string(r) + " must have one value per axis of input " +
                          shape_string(x));
    const std::vector<int64_t> strides = row_major_strides(x);
    kernels::StridedView view;
    Shape y(x.size());
    for (size_t d = 0; d < x.size(); ++d) {
      if (r[d] < 0) return label_.error("repeats " + shape_string(r) + " has a negative value");
      const std::optional<int64_t> dim = checked_mul(x[d], r[d]);
      if (!dim)
        return label_.error("repeats " + shape_string(r) + " of input " + shape_string(x) +
                            " overflow 64-bit arithmetic on axis " + std::to_string(d));
      y[d] = *dim;
      view.dims.insert(view.dims.end(), {r[d], x[d]});
      view.strides.insert(view.strides.end(), {0, strides[d]});
    }
    return set_view(in[0].dtype, view, y, out);
  }
};

}  // namespace

Expected<std::unique_ptr<Op>> create_expand(const OpContext& ctx) {
  return std::unique_ptr<Op>(new ExpandOp(ctx));
}

Expected<std::unique_ptr<Op>> create_tile(const OpContext& ctx) {
  return std::unique_ptr<Op>(new TileOp(ctx));
}

}  // namespace wnn
