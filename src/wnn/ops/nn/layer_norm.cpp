// LayerNormalization (opset 17), float32: each row of the axes from `axis` on (default -1) is
// normalized to mean 0 and variance 1 (population variance, epsilon default 1e-5), then scaled by
// Scale and shifted by B (optional), both of the normalized shape (or a single value). The
// optional outputs Mean and InvStdDev have X's shape with the normalized axes set to 1.
// stash_type=1 (statistics in float32) is the only one: float32 is the only input type.
// Rows are the tasks (kernels/row_norm.h fixes the sum order inside one row).
#include "wnn/kernels/row_norm.h"
#include "wnn/ops/shape_op_util.h"

namespace wnn {
namespace {

// Rows of 16K values or more per task: below that, a task costs more to hand out than to run.
constexpr size_t kMinTaskValues = 16 * 1024;

class LayerNormOp final : public Op {
 public:
  LayerNormOp(OpContext ctx, int64_t axis, float epsilon)
      : label_(ctx), axis_(axis), epsilon_(epsilon), norm_(ctx.kernels.row_norm.layer) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    const Shape& x = in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    if (rank == 0)
      return label_.error("input '" + label_.input_name(0) +
                          "' is a scalar; it needs rank 1 or more");
    Expected<int64_t> axis = normalize_axis(label_, axis_, rank);
    if (!axis.ok()) return axis.status();
    rows_ = n_ = 1;
    Shape stats_shape = x;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < axis.value()) {
        rows_ *= static_cast<size_t>(x[d]);
      } else {
        n_ *= static_cast<size_t>(x[d]);
        stats_shape[d] = 1;
      }
    }
    const Shape normalized(x.begin() + axis.value(), x.end());
    if (in.size() < 2 || in[1].omitted())
      return label_.error("the Scale input (input 1) is missing");
    WNN_RETURN_IF_ERROR(check_param(in[1], 1, "Scale", normalized, scale_one_));
    has_bias_ = in.size() > 2 && !in[2].omitted();
    bias_one_ = false;
    if (has_bias_) WNN_RETURN_IF_ERROR(check_param(in[2], 2, "B", normalized, bias_one_));
    // A single Scale or B value is spread over a row in the task's scratch.
    needs.scratch_bytes = sizeof(float) * n_ * ((scale_one_ ? 1 : 0) + (bias_one_ ? 1 : 0));
    needs.compute = split_units(rows_, needs.threads,
                                std::max<size_t>(1, kMinTaskValues / std::max<size_t>(1, n_)));
    needs.flops = 8.0 * static_cast<double>(rows_ * n_);
    out.assign(label_.output_count(), TensorDesc{DType::kFloat32, stats_shape});
    out[0].shape = x;
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    float* scratch = task.scratch_as<float>();
    const float* scale = a.in(1);
    if (scale_one_) {
      for (size_t i = 0; i < n_; ++i) scratch[i] = scale[0];
      scale = scratch;
      scratch += n_;
    }
    const float* bias = has_bias_ ? a.in(2) : nullptr;
    if (bias_one_) {
      for (size_t i = 0; i < n_; ++i) scratch[i] = bias[0];
      bias = scratch;
    }
    const size_t outputs = a.outputs.size();
    kernels::LayerNormArgs args{a.in(0),
                                scale,
                                bias,
                                epsilon_,
                                a.out(0),
                                outputs > 1 ? a.out(1) : nullptr,
                                outputs > 2 ? a.out(2) : nullptr};
    norm_(task.begin[1], task.end[1], n_, args);
  }

 private:
  // Scale or B: float32, of the normalized shape (leading 1s allowed) or a single value.
  Status check_param(const TensorDesc& p, size_t i, const char* what, const Shape& normalized,
                     bool& single) const {
    single = false;
    bool fits = p.dtype == DType::kFloat32 && p.shape.size() <= normalized.size();
    if (fits) {
      const size_t skip = normalized.size() - p.shape.size();
      bool exact = true, ones = true;
      for (size_t d = 0; d < p.shape.size(); ++d) {
        exact = exact && p.shape[d] == normalized[skip + d];
        ones = ones && p.shape[d] == 1;
      }
      for (size_t d = 0; d < skip; ++d) exact = exact && normalized[d] == 1;
      single = ones && !exact;
      fits = exact || ones;
    }
    if (fits) return ok_status();
    return label_.error(std::string(what) + " ('" + label_.input_name(i) + "') is " +
                        dtype_name(p.dtype) + " " + shape_string(p.shape) +
                        "; wasmnn takes float32 of the normalized shape " +
                        shape_string(normalized) + " or a single value");
  }

  OpLabel label_;
  int64_t axis_;
  float epsilon_;
  kernels::LayerNormFn norm_;
  size_t rows_ = 1, n_ = 1;
  bool has_bias_ = false, scale_one_ = false, bias_one_ = false;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_layer_normalization(const OpContext& ctx) {
  const Node& n = ctx.node;
  const int64_t stash_type = n.attr_int("stash_type", 1);
  if (stash_type != 1)
    return ctx.error("stash_type=" + std::to_string(stash_type) +
                     " is not supported; wasmnn computes the statistics in float32 "
                     "(stash_type=1)");
  return std::unique_ptr<Op>(
      new LayerNormOp(ctx, n.attr_int("axis", -1), n.attr_float("epsilon", 1e-5f)));
}

}  // namespace wnn
