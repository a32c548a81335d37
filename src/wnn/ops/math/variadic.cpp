// Variadic elementwise ops with numpy broadcasting over 1..N inputs: Min, Max (float32, int64,
// int32, uint8, int8; NaN propagates, as in onnxruntime), Sum and Mean (float32). The output is
// the first input broadcast to the common shape, then folded with each next input in order
// ((x0 + x1) + x2 ...), with the binary kernels of kernels/binary.h; Mean divides by N last.
#include <cstring>

#include "wnn/kernels/binary.h"
#include "wnn/ops/broadcast.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

// Runs that copy operand b into y (a is ignored): input 0 broadcast into the output.
template <typename T>
struct CopyRuns {
  static void vv(size_t n, const T*, const T* b, T* y) { std::memcpy(y, b, n * sizeof(T)); }
  static void vs(size_t n, const T*, const T* b, T* y) {
    const T s = b[0];
    for (size_t i = 0; i < n; ++i) y[i] = s;
  }
  static void sv(size_t n, const T*, const T* b, T* y) { std::memcpy(y, b, n * sizeof(T)); }
};

class VariadicOp final : public Op {
 public:
  VariadicOp(const OpContext& ctx, kernels::BinaryOpKind kind, bool mean, bool float_only)
      : label_(ctx),
        kind_(kind),
        mean_(mean),
        float_only_(float_only),
        f32_(ctx.kernels.binary(kind)),
        f32_div_(ctx.kernels.binary(kernels::BinaryOpKind::kDiv)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.empty()) return label_.error("needs at least one input");
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i].omitted()) return label_.error("input " + std::to_string(i) + " is missing");
    dtype_ = in[0].dtype;
    const bool ok = dtype_ == DType::kFloat32 ||
                    (!float_only_ && (dtype_ == DType::kInt64 || dtype_ == DType::kInt32 ||
                                      dtype_ == DType::kUInt8 || dtype_ == DType::kInt8));
    if (!ok)
      return label_.error(std::string("inputs of type ") + dtype_name(dtype_) +
                          " are not supported; supported: " +
                          (float_only_ ? "float32" : "float32, int64, int32, uint8, int8"));
    Shape shape = in[0].shape;
    for (size_t i = 1; i < in.size(); ++i) {
      if (in[i].dtype != dtype_)
        return label_.error("input " + std::to_string(i) + " ('" + label_.input_name(i) + "') is " +
                            dtype_name(in[i].dtype) + ", input 0 is " + dtype_name(dtype_) +
                            "; ONNX requires one type for all");
      Expected<BroadcastLoops> p = plan_broadcast(shape, in[i].shape);
      if (!p.ok())
        return label_.error("input " + std::to_string(i) + " ('" + label_.input_name(i) +
                            "'): " + p.status().message());
      shape = p.value().out;
    }
    loops_.clear();
    split_ = true;
    for (size_t i = 0; i < in.size(); ++i) {
      Expected<BroadcastLoops> p = plan_broadcast(shape, in[i].shape);
      if (!p.ok()) return label_.error(p.status().message());
      loops_.push_back(p.take());
      split_ = split_ && loops_.back().outer.empty() && !loops_.back().empty;
    }
    count_ = static_cast<float>(in.size());
    out = {{dtype_, shape}};
    if (split_)
      needs.compute = split_elements(static_cast<size_t>(shape_elements(shape)), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    if (loops_[0].empty) return;
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      T* y = a.out<T>(0);
      auto apply = [&](const BroadcastLoops& loops, const auto& k, const T* b) {
        if (split_)
          run_broadcast_range(loops, k, y, b, y, t.begin[1], t.end[1]);
        else
          run_broadcast(loops, k, y, b, y);
      };
      apply(loops_[0], CopyRuns<T>{}, a.in<T>(0));
      for (size_t i = 1; i < loops_.size(); ++i) {
        if constexpr (std::is_same_v<T, float>)
          apply(loops_[i], f32_, a.in<T>(i));
        else
          apply(loops_[i], kernels::int_binary<T>(kind_), a.in<T>(i));
      }
      if constexpr (std::is_same_v<T, float>) {
        if (mean_) {
          const size_t i0 = split_ ? t.begin[1] : 0;
          const size_t i1 = split_ ? t.end[1] : static_cast<size_t>(shape_elements(loops_[0].out));
          f32_div_.vs(i1 - i0, y + i0, &count_, y + i0);
        }
      }
    });
  }

 private:
  OpLabel label_;
  kernels::BinaryOpKind kind_;
  bool mean_, float_only_;
  kernels::BinaryKernels<float> f32_, f32_div_;
  DType dtype_ = DType::kUndefined;
  std::vector<BroadcastLoops> loops_;  // input i against the output shape
  bool split_ = false;
  float count_ = 1;
};

}  // namespace

Expected<std::unique_ptr<Op>> create_min(const OpContext& ctx) {
  return std::unique_ptr<Op>(new VariadicOp(ctx, kernels::BinaryOpKind::kMin, false, false));
}
Expected<std::unique_ptr<Op>> create_max(const OpContext& ctx) {
  return std::unique_ptr<Op>(new VariadicOp(ctx, kernels::BinaryOpKind::kMax, false, false));
}
Expected<std::unique_ptr<Op>> create_sum(const OpContext& ctx) {
  return std::unique_ptr<Op>(new VariadicOp(ctx, kernels::BinaryOpKind::kAdd, false, true));
}
Expected<std::unique_ptr<Op>> create_mean(const OpContext& ctx) {
  return std::unique_ptr<Op>(new VariadicOp(ctx, kernels::BinaryOpKind::kAdd, true, true));
}

}  // namespace wnn
