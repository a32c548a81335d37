// BatchNormalization for inference (opsets 7-15 semantics): y = (x - mean) * scale' + B with
// scale' = scale / sqrt(var + epsilon), per channel of N x C x D1 x ... float32. training_mode=1
// (batch statistics, running-mean outputs) and spatial=0 (opset < 9) are rejected. When the
// parameters are known at plan time (initializers) scale' is computed once per plan; otherwise
// at every run, into scratch. A BatchNormalization right after a Conv is usually folded into the
// Conv's weights at load (graph/passes/fold_batch_norm) and never reaches this op.
#include "wnn/kernels/batch_norm.h"

#include <cmath>

#include "wnn/ops/op.h"

namespace wnn {
namespace {

// scale' in double, rounded once: the same value on every engine.
inline float folded_scale(float gamma, float var, float epsilon) {
  return static_cast<float>(static_cast<double>(gamma) /
                            std::sqrt(static_cast<double>(var) + static_cast<double>(epsilon)));
}

class BatchNormOp final : public Op {
 public:
  BatchNormOp(OpContext ctx, float epsilon)
      : label_(ctx), epsilon_(epsilon), norm_(ctx.kernels.batch_norm) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    const Shape& x = in[0].shape;
    if (in.size() < 5) return label_.error("needs 5 inputs: X, scale, B, mean, var");
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    if (x.size() < 2)
      return label_.error("input '" + label_.input_name(0) + "' has shape " + shape_string(x) +
                          "; expected N x C x ... (rank 2 or more)");
    const int64_t channels = x[1];
    static const char* kNames[] = {"X", "scale", "B", "mean", "var"};
    known_ = true;
    for (size_t i = 1; i < 5; ++i) {
      if (in[i].dtype != DType::kFloat32 || in[i].elements() != channels || in[i].shape.size() != 1)
        return label_.error(std::string(kNames[i]) + " ('" + label_.input_name(i) + "') must be " +
                            "float32 [" + std::to_string(channels) + "] for input " +
                            shape_string(x) + "; it is " + dtype_name(in[i].dtype) + " " +
                            shape_string(in[i].shape));
      known_ = known_ && in[i].data;
    }
    needs.scratch_bytes = 0;
    if (known_) {
      const float* gamma = static_cast<const float*>(in[1].data);
      const float* var = static_cast<const float*>(in[4].data);
      scale_.resize(static_cast<size_t>(channels));
      for (int64_t c = 0; c < channels; ++c) scale_[c] = folded_scale(gamma[c], var[c], epsilon_);
    } else {
      needs.scratch_bytes = sizeof(float) * static_cast<size_t>(channels);
    }
    out = {{DType::kFloat32, x}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    const Shape& x = a.in_shape(0);
    const size_t channels = static_cast<size_t>(x[1]);
    size_t plane = 1;
    for (size_t d = 2; d < x.size(); ++d) plane *= static_cast<size_t>(x[d]);
    const float* scale = scale_.data();
    if (!known_) {
      float* s = task.scratch_as<float>();
      for (size_t c = 0; c < channels; ++c) s[c] = folded_scale(a.in(1)[c], a.in(4)[c], epsilon_);
      scale = s;
    }
    norm_(a.in(0), static_cast<size_t>(x[0]), channels, plane,
          kernels::ChannelNorm{a.in(3), scale, a.in(2)}, a.out(0));
  }

 private:
  OpLabel label_;
  float epsilon_;
  kernels::BatchNormFn norm_;
  bool known_ = false;
  std::vector<float> scale_;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_batch_normalization(const OpContext& ctx) {
  const Node& n = ctx.node;
  if (n.attr_int("training_mode", 0) != 0)
    return ctx.error(
        "training_mode=1 (normalizing with the batch's own statistics) is not "
        "supported: wasmnn runs inference; export the model in eval mode");
  if (n.attr_int("spatial", 1) != 1)
    return ctx.error("spatial=0 (per-activation statistics, opset < 9) is not supported");
  for (size_t o = 1; o < n.outputs.size(); ++o)
    if (!n.outputs[o].empty())
      return ctx.error("output " + std::to_string(o) + " ('" + n.outputs[o] +
                       "') exists only in training; wasmnn computes Y only");
  return std::unique_ptr<Op>(new BatchNormOp(ctx, n.attr_float("epsilon", 1e-5f)));
}

}  // namespace wnn
