// MeanVarianceNormalization (opset 9+), float32: over the `axes` (default [0, 2, 3]: per channel
// of N x C x H x W), y = (x - mean) / (sqrt(variance) + 1e-9), the population variance, as ONNX's
// function body defines it (epsilon added to the standard deviation, not to the variance). The
// variance is computed as the mean of squared deviations (two passes, float64 sums in memory
// order) rather than the body's E[x^2] - E[x]^2, which cancels and can go negative.
#include <algorithm>
#include <cmath>

#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

class MeanVarianceNormOp final : public Op {
 public:
  MeanVarianceNormOp(const OpContext& ctx, std::vector<int64_t> axes)
      : label_(ctx), axes_(std::move(axes)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    Expected<std::vector<int64_t>> axes = normalize_axes(label_, axes_, rank);
    if (!axes.ok()) return axes.status();
    std::vector<bool> reduced(x.size(), false);
    for (int64_t a : axes.value()) reduced[static_cast<size_t>(a)] = true;
    // Offsets of the kept positions (one group each) and, within a group, of its members, both
    // in memory order, built from the row-major strides.
    kept_ = {0};
    members_ = {0};
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      std::vector<size_t>& list = reduced[static_cast<size_t>(d)] ? members_ : kept_;
      const size_t before = list.size();
      std::vector<size_t> grown;
      grown.reserve(before * static_cast<size_t>(x[d]));
      for (int64_t i = 0; i < x[d]; ++i)
        for (size_t k = 0; k < before; ++k)
          grown.push_back(list[k] + static_cast<size_t>(i * stride));
      list.swap(grown);
      stride *= x[d];
    }
    // The loops above made the last dimension vary slowest; sorting restores memory order.
    std::sort(kept_.begin(), kept_.end());
    std::sort(members_.begin(), members_.end());
    out = {{DType::kFloat32, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task&) override {
    const float* x = a.in(0);
    float* y = a.out(0);
    if (members_.empty()) return;
    const double count = static_cast<double>(members_.size());
    for (size_t base : kept_) {
      double sum = 0.0;
      for (size_t m : members_) sum += x[base + m];
      const double mean = sum / count;
      double squares = 0.0;
      for (size_t m : members_) {
        const double dev = x[base + m] - mean;
        squares += dev * dev;
      }
      const double scale = 1.0 / (std::sqrt(squares / count) + 1e-9);
      for (size_t m : members_) y[base + m] = static_cast<float>((x[base + m] - mean) * scale);
    }
  }

 private:
  OpLabel label_;
  std::vector<int64_t> axes_;
  std::vector<size_t> kept_, members_;  // see reshape()
};

}  // namespace

Expected<std::unique_ptr<Op>> create_mean_variance_normalization(const OpContext& ctx) {
  std::vector<int64_t> axes = {0, 2, 3};
  if (ctx.node.attribute("axes")) axes = ctx.node.attr_ints("axes");
  return std::unique_ptr<Op>(new MeanVarianceNormOp(ctx, std::move(axes)));
}

}  // namespace wnn
