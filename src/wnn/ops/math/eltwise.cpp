// Elementwise binary ops with numpy broadcasting: Add, Sub, Mul, Div, Pow, PRelu (float32 with
// SIMD128 kernels; int64, int32, uint8, int8 scalar, for shape arithmetic), the comparisons
// Equal, Less, Greater, LessOrEqual, GreaterOrEqual and the logical And, Or, Xor (to bool).
// Integer semantics (wrap-around, Div truncating toward zero, x / 0 = 0) are in kernels/binary.h.
// PRelu broadcasts its slope to X one way (ONNX's unidirectional broadcasting); Pow takes a
// float32 base with a float32 or integer exponent, or an integer base with an exponent of its
// own type.
#include <type_traits>

#include "wnn/kernels/binary.h"
#include "wnn/ops/broadcast.h"
#include "wnn/ops/op.h"

namespace wnn {
namespace {

bool one_of(DType t, std::initializer_list<DType> types) {
  for (DType u : types)
    if (t == u) return true;
  return false;
}

std::string type_list(std::initializer_list<DType> types) {
  std::string s;
  for (DType t : types) s += std::string(s.empty() ? "" : ", ") + dtype_name(t);
  return s;
}

// Checks that both inputs are present, of one supported type, and broadcast.
Status check_binary_inputs(const OpLabel& ctx, const std::vector<TensorDesc>& in,
                           std::initializer_list<DType> types, BroadcastLoops& loops) {
  if (in.size() != 2 || in[0].omitted() || in[1].omitted())
    return ctx.error("needs exactly two inputs");
  if (in[0].dtype != in[1].dtype)
    return ctx.error(std::string("the inputs have different types (") + dtype_name(in[0].dtype) +
                     " and " + dtype_name(in[1].dtype) + "); ONNX requires one type for both");
  if (!one_of(in[0].dtype, types))
    return ctx.error(std::string("inputs of type ") + dtype_name(in[0].dtype) +
                     " are not supported; supported: " + type_list(types));
  Expected<BroadcastLoops> p = plan_broadcast(in[0].shape, in[1].shape);
  if (!p.ok())
    return ctx.error("inputs '" + ctx.input_name(0) + "' and '" + ctx.input_name(1) +
                     "': " + p.status().message());
  loops = p.take();
  return ok_status();
}

constexpr std::initializer_list<DType> kArithTypes = {DType::kFloat32, DType::kInt64, DType::kInt32,
                                                      DType::kUInt8, DType::kInt8};

class BinaryArithOp final : public Op {
 public:
  BinaryArithOp(const OpContext& ctx, kernels::BinaryOpKind kind)
      : label_(ctx), kind_(kind), f32_(ctx.kernels.binary(kind)) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    WNN_RETURN_IF_ERROR(check_binary_inputs(label_, in, kArithTypes, loops_));
    if (kind_ == kernels::BinaryOpKind::kPRelu && loops_.out != in[0].shape)
      return label_.error("slope '" + label_.input_name(1) + "' of shape " +
                          shape_string(in[1].shape) + " does not broadcast to X's shape " +
                          shape_string(in[0].shape) +
                          " (PRelu broadcasts the slope to X, never X to the slope)");
    dtype_ = in[0].dtype;
    out = {{dtype_, loops_.out}};
    // One run (same shapes, or a scalar operand) splits into element ranges with threads.
    split_ = loops_.outer.empty() && !loops_.empty;
    if (split_) needs.compute = split_elements(static_cast<size_t>(loops_.run), needs.threads);
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      auto go = [&](const auto& k) {
        if (split_)
          run_broadcast_range(loops_, k, a.in<T>(0), a.in<T>(1), a.out<T>(0), t.begin[1], t.end[1]);
        else
          run_broadcast(loops_, k, a.in<T>(0), a.in<T>(1), a.out<T>(0));
      };
      if constexpr (std::is_same_v<T, float>)
        go(f32_);
      else
        go(kernels::int_binary<T>(kind_));
    });
  }

 private:
  OpLabel label_;
  kernels::BinaryOpKind kind_;
  kernels::BinaryKernels<float> f32_;
  DType dtype_ = DType::kUndefined;
  BroadcastLoops loops_;
  bool split_ = false;
};

// Comparisons and logic: any supported type in, bool out.
class CompareOp final : public Op {
 public:
  CompareOp(const OpContext& ctx, kernels::CompareKind kind, std::initializer_list<DType> types)
      : label_(ctx), kind_(kind), types_(types) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds&) override {
    WNN_RETURN_IF_ERROR(check_binary_inputs(label_, in, types_, loops_));
    dtype_ = in[0].dtype;
    out = {{DType::kBool, loops_.out}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& task) override {
    visit_dtype(dtype_, [&](auto tag) {
      using T = decltype(tag);
      run_broadcast(loops_, kernels::compare_kernels<T>(kind_), a.in<T>(0), a.in<T>(1),
                    a.out<uint8_t>(0));
    });
  }

 private:
  OpLabel label_;
  kernels::CompareKind kind_;
  std::initializer_list<DType> types_;
  DType dtype_ = DType::kUndefined;
  BroadcastLoops loops_;
};

constexpr std::initializer_list<DType> kCompareTypes = {DType::kFloat32, DType::kInt64,
                                                        DType::kInt32, DType::kUInt8, DType::kInt8};
constexpr std::initializer_list<DType> kEqualTypes = {DType::kFloat32, DType::kInt64, DType::kInt32,
                                                      DType::kUInt8,   DType::kInt8,  DType::kBool};
constexpr std::initializer_list<DType> kLogicTypes = {DType::kBool};

Expected<std::unique_ptr<Op>> create_compare(const OpContext& ctx, kernels::CompareKind kind,
                                             std::initializer_list<DType> types) {
  return std::unique_ptr<Op>(new CompareOp(ctx, kind, types));
}

// Pow: same-typed operands run as arithmetic; a float32 base with an integer exponent converts
// each exponent to float (exact below 2^24) and runs the same per-element function.
class PowOp final : public Op {
 public:
  explicit PowOp(const OpContext& ctx) : label_(ctx), same_(ctx, kernels::BinaryOpKind::kPow) {}

  Status reshape(const std::vector<TensorDesc>& in, std::vector<TensorDesc>& out,
                 StepNeeds& needs) override {
    if (in.size() != 2 || in[0].omitted() || in[1].omitted())
      return label_.error("needs exactly two inputs");
    mixed_ = in[0].dtype == DType::kFloat32 && in[1].dtype != DType::kFloat32;
    if (!mixed_) {
      if (in[0].dtype != in[1].dtype)
        return label_.error(std::string("base of type ") + dtype_name(in[0].dtype) +
                            " with an exponent of type " + dtype_name(in[1].dtype) +
                            " is not supported; supported: a float32 base with a float32, "
                            "int64, int32, int8 or uint8 exponent, or an integer base with an "
                            "exponent of its own type");
      return same_.reshape(in, out, needs);
    }
    exponent_ = in[1].dtype;
    if (!one_of(exponent_, {DType::kInt64, DType::kInt32, DType::kInt8, DType::kUInt8}))
      return label_.error(std::string("exponent of type ") + dtype_name(exponent_) +
                          " is not supported; supported: float32, int64, int32, int8, uint8");
    Expected<BroadcastLoops> p = plan_broadcast(in[0].shape, in[1].shape);
    if (!p.ok())
      return label_.error("inputs '" + label_.input_name(0) + "' and '" + label_.input_name(1) +
                          "': " + p.status().message());
    loops_ = p.take();
    out = {{DType::kFloat32, loops_.out}};
    return ok_status();
  }

  void run(const RunArgs& a, const Task& t) override {
    if (!mixed_) return same_.run(a, t);
    if (loops_.empty) return;
    visit_dtype(exponent_, [&](auto tag) {
      using E = decltype(tag);
      const float* x = a.in(0);
      const E* e = a.in<E>(1);
      float* y = a.out(0);
      const int64_t n = loops_.run;
      const bool xs = loops_.kind == BroadcastLoops::Run::kSV;
      const bool es = loops_.kind == BroadcastLoops::Run::kVS;
      for_each_run(loops_, [&](int64_t xo, int64_t eo, int64_t yo) {
        for (int64_t i = 0; i < n; ++i)
          y[yo + i] =
              kernels::f32_pow_one(x[xo + (xs ? 0 : i)], static_cast<float>(e[eo + (es ? 0 : i)]));
      });
    });
  }

 private:
  OpLabel label_;
  BinaryArithOp same_;
  bool mixed_ = false;
  DType exponent_ = DType::kUndefined;
  BroadcastLoops loops_;
};

Expected<std::unique_ptr<Op>> create_arith(const OpContext& ctx, kernels::BinaryOpKind kind) {
  return std::unique_ptr<Op>(new BinaryArithOp(ctx, kind));
}

}  // namespace

Expected<std::unique_ptr<Op>> create_add(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kAdd);
}
Expected<std::unique_ptr<Op>> create_sub(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kSub);
}
Expected<std::unique_ptr<Op>> create_mul(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kMul);
}
Expected<std::unique_ptr<Op>> create_div(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kDiv);
}
Expected<std::unique_ptr<Op>> create_pow(const OpContext& ctx) {
  return std::unique_ptr<Op>(new PowOp(ctx));
}
Expected<std::unique_ptr<Op>> create_prelu(const OpContext& ctx) {
  return create_arith(ctx, kernels::BinaryOpKind::kPRelu);
}
Expected<std::unique_ptr<Op>> create_equal(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kEqual, kEqualTypes);
}
Expected<std::unique_ptr<Op>> create_less(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kLess, kCompareTypes);
}
Expected<std::unique_ptr<Op>> create_greater(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kGreater, kCompareTypes);
}
Expected<std::unique_ptr<Op>> create_less_or_equal(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kLessOrEqual, kCompareTypes);
}
Expected<std::unique_ptr<Op>> create_greater_or_equal(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kGreaterOrEqual, kCompareTypes);
}
Expected<std::unique_ptr<Op>> create_and(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kAnd, kLogicTypes);
}
Expected<std::unique_ptr<Op>> create_or(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kOr, kLogicTypes);
}
Expected<std::unique_ptr<Op>> create_xor(const OpContext& ctx) {
  return create_compare(ctx, kernels::CompareKind::kXor, kLogicTypes);
}

}  // namespace wnn
