// Elementwise activations on float32: Relu, LeakyRelu, Sigmoid, Tanh, Exp, Softplus, Softsign,
// Mish, HardSigmoid, HardSwish, Elu, Selu, Celu, ThresholdedRelu, Shrink, Gelu
// (kernels/activation.h, scalar + SIMD128), and
// Clip (float32 with SIMD128; int64, int32, uint8, int8 scalar).
// A Relu or Clip after Conv or Gemm is usually folded into that op (graph/passes/fuse_activation).
#include <limits>

#include "wnn/kernels/activation.h"
#include "wnn/ops/math/unary_op.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

// Elementwise work splits into element ranges (dimension 1 of the task) when threads share it.
ComputeRange element_tasks(const TensorDesc& x, const StepNeeds& needs) {
  return split_elements(static_cast<size_t>(x.elements()), needs.threads);
}
size_t count(const Task& t) { return t.end[1] - t.begin[1]; }

class LeakyReluOp final : public Op {
 public:
  LeakyReluOp(OpContext ctx, float alpha)
      : label_(ctx), alpha_(alpha), fn_(ctx.kernels.unary.leaky_relu) {}
  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(label_.require_float32_input(in));
    out = {{DType::kFloat32, in[0].shape}};
    needs.compute = element_tasks(in[0], needs);
    return ok_status();
  }
  void run(const RunArgs& a, const Task& t) override {
    fn_(count(t), a.in(0) + t.begin[1], a.out(0) + t.begin[1], alpha_);
  }

 private:
  OpLabel label_;
  float alpha_;
  kernels::LeakyReluFn fn_;
};

// Clip: bounds from the attributes min/max (opset 6-10) or from the optional inputs 1 and 2
// (opset 11+), which are read when the step runs, so they may be initializers, computed while
// planning, or graph inputs. Omitted bounds are the type's lowest() / max(), as in the spec.
template <typename T>
void clip_scalar(size_t n, const T* x, T* y, T lo, T hi) {
  for (size_t i = 0; i < n; ++i) {
    T v = x[i];
    v = v < lo ? lo : v;
    y[i] = v > hi ? hi : v;
  }
}

class ClipOp final : public Op {
 public:
  ClipOp(OpContext ctx, bool bounds_are_inputs, float attr_min, float attr_max)
      : label_(ctx),
        bounds_are_inputs_(bounds_are_inputs),
        attr_min_(attr_min),
        attr_max_(attr_max),
        f32_(ctx.kernels.unary.clip) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.empty() || in[0].omitted()) return label_.error("the input is missing");
    dtype_ = in[0].dtype;
    const bool supported =
        bounds_are_inputs_
            ? (dtype_ == DType::kFloat32 || dtype_ == DType::kInt64 || dtype_ == DType::kInt32 ||
               dtype_ == DType::kUInt8 || dtype_ == DType::kInt8)
            : dtype_ == DType::kFloat32;
    if (!supported)
      return label_.error(std::string("input of type ") + dtype_name(dtype_) +
                          " is not supported; supported: " +
                          (bounds_are_inputs_ ? "float32, int64, int32, uint8, int8" : "float32"));
    if (bounds_are_inputs_) {
      for (size_t i = 1; i < in.size() && i < 3; ++i) {
        if (in[i].omitted()) continue;
        const char* which = i == 1 ? "min" : "max";
        if (in[i].dtype != dtype_)
          return label_.error(std::string(which) + " (input " + std::to_string(i) + ", '" +
                              label_.input_name(i) + "') is " + dtype_name(in[i].dtype) +
                              "; it must have the input's type, " + dtype_name(dtype_));
        if (in[i].elements() != 1)
          return label_.error(std::string(which) + " (input " + std::to_string(i) + ", '" +
                              label_.input_name(i) + "') has shape " + shape_string(in[i].shape) +
                              "; it must be a scalar");
      }
    }
    out = {{dtype_, in[0].shape}};
    needs.compute = element_tasks(in[0], needs);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    const size_t i0 = t.begin[1];
    if (dtype_ == DType::kFloat32) {
      float lo = attr_min_, hi = attr_max_;
      if (bounds_are_inputs_) {
        lo = bound<float>(a, 1, std::numeric_limits<float>::lowest());
        hi = bound<float>(a, 2, std::numeric_limits<float>::max());
      }
      return f32_(count(t), a.in(0) + i0, a.out(0) + i0, lo, hi);
    }
    visit_dtype(dtype_, [&](auto tag) {  // the integer types (opset 12+), scalar
      using T = decltype(tag);
      clip_scalar<T>(count(t), a.in<T>(0) + i0, a.out<T>(0) + i0,
                     bound<T>(a, 1, std::numeric_limits<T>::lowest()),
                     bound<T>(a, 2, std::numeric_limits<T>::max()));
    });
  }

 private:
  template <typename T>
  static T bound(const RunArgs& a, size_t i, T fallback) {
    return i < a.inputs.size() && a.inputs[i] ? *a.in<T>(i) : fallback;
  }

  OpLabel label_;
  bool bounds_are_inputs_;
  float attr_min_, attr_max_;
  kernels::ClipFn f32_;
  DType dtype_ = DType::kUndefined;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_relu(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::relu);
}
Expected<std::unique_ptr<Op>> create_sigmoid(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::sigmoid);
}
Expected<std::unique_ptr<Op>> create_tanh(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::tanh);
}
Expected<std::unique_ptr<Op>> create_exp(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::exp);
}

Expected<std::unique_ptr<Op>> create_softplus(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::softplus);
}
Expected<std::unique_ptr<Op>> create_softsign(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::softsign);
}
Expected<std::unique_ptr<Op>> create_mish(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::mish);
}
Expected<std::unique_ptr<Op>> create_hard_swish(const OpContext& ctx) {
  return create_unary_float(ctx, &kernels::UnaryConfig::hard_swish);
}

Expected<std::unique_ptr<Op>> create_hard_sigmoid(const OpContext& ctx) {
  return std::unique_ptr<Op>(new UnaryFloatOp(ctx, ctx.kernels.unary.hard_sigmoid,
                                              ctx.node.attr_float("alpha", 0.2f),
                                              ctx.node.attr_float("beta", 0.5f)));
}

// Elu and Selu run one kernel: gamma (x > 0 ? x : alpha (e^x - 1)), Elu with gamma = 1.
Expected<std::unique_ptr<Op>> create_elu(const OpContext& ctx) {
  return std::unique_ptr<Op>(
      new UnaryFloatOp(ctx, ctx.kernels.unary.elu, ctx.node.attr_float("alpha", 1.0f), 1.0f));
}
Expected<std::unique_ptr<Op>> create_selu(const OpContext& ctx) {
  return std::unique_ptr<Op>(new UnaryFloatOp(
      ctx, ctx.kernels.unary.elu, ctx.node.attr_float("alpha", 1.67326319217681884765625f),
      ctx.node.attr_float("gamma", 1.05070102214813232421875f)));
}

Expected<std::unique_ptr<Op>> create_celu(const OpContext& ctx) {
  const float alpha = ctx.node.attr_float("alpha", 1.0f);
  if (alpha == 0.0f) return ctx.error("alpha = 0 divides by zero (Celu computes e^(x / alpha))");
  return std::unique_ptr<Op>(new UnaryFloatOp(ctx, ctx.kernels.unary.celu, alpha, 0.0f));
}
Expected<std::unique_ptr<Op>> create_thresholded_relu(const OpContext& ctx) {
  return std::unique_ptr<Op>(new UnaryFloatOp(ctx, ctx.kernels.unary.thresholded_relu,
                                              ctx.node.attr_float("alpha", 1.0f), 0.0f));
}
Expected<std::unique_ptr<Op>> create_shrink(const OpContext& ctx) {
  return std::unique_ptr<Op>(new UnaryFloatOp(ctx, ctx.kernels.unary.shrink,
                                              ctx.node.attr_float("lambd", 0.5f),
                                              ctx.node.attr_float("bias", 0.0f)));
}

// Gelu (opset 20): approximate "none" (erf) or "tanh".
Expected<std::unique_ptr<Op>> create_gelu(const OpContext& ctx) {
  const std::string approximate = ctx.node.attr_string("approximate", "none");
  if (approximate == "none") return create_unary_float(ctx, &kernels::UnaryConfig::gelu);
  if (approximate == "tanh") return create_unary_float(ctx, &kernels::UnaryConfig::gelu_tanh);
  return ctx.error("approximate = '" + approximate +
                   "' is not an ONNX Gelu approximation; use 'none' or 'tanh'");
}

Expected<std::unique_ptr<Op>> create_leaky_relu(const OpContext& ctx) {
  return std::unique_ptr<Op>(new LeakyReluOp(ctx, ctx.node.attr_float("alpha", 0.01f)));
}

Expected<std::unique_ptr<Op>> create_clip(const OpContext& ctx) {
  const bool bounds_are_inputs = ctx.graph.opset >= 11;
  if (bounds_are_inputs) {
    for (const char* attr : {"min", "max"})
      if (ctx.node.attribute(attr))
        return ctx.error(std::string("has a '") + attr +
                         "' attribute, which Clip only had before opset 11; from opset 11 the "
                         "bounds are inputs 1 and 2");
    return std::unique_ptr<Op>(new ClipOp(ctx, true, 0.0f, 0.0f));
  }
  return std::unique_ptr<Op>(
      new ClipOp(ctx, false, ctx.node.attr_float("min", std::numeric_limits<float>::lowest()),
                 ctx.node.attr_float("max", std::numeric_limits<float>::max())));
}

}  // namespace wnn
